//! What the console tells an owner for each failure, in both languages; the
//! sentences the widget says in the same words come from
//! [`pocketshop_client::messages`].
//!
//! Invariants: every `ApiError` code has a message an owner can act on (codes that
//! cannot come from the owner API get a generic one with the code to quote); invalid fields
//! are named in the owner's words; nothing repeats server internals beyond a
//! request id to quote.

use crate::i18n::pick;
use pocketshop_client::messages as common;
use pocketshop_client::FetchError;
use pocketshop_shared::{ApiError, Locale};

fn field_name(field: &str, locale: Locale) -> String {
    let (zh, en) = match field {
        "email" => ("邮箱", "the e-mail address"),
        "password" => (
            "密码（10 到 200 个字符）",
            "the password (10 to 200 characters)",
        ),
        "id" | "shop" | "slug" => (
            "店铺代号（小写字母、数字和 -）",
            "the shop's slug (lowercase letters, digits and -)",
        ),
        "name" => ("店铺名称", "the shop's name"),
        "currency" => ("币种", "the currency"),
        "locale" => ("语言", "the language"),
        "allowed_origins" | "origin" => (
            "允许的网站来源（每行一个，如 https://example.com）",
            "the allowed origins (one per line, such as https://example.com)",
        ),
        "theme" | "theme.primary_colour" | "primary_colour" => ("主色", "the primary colour"),
        "theme.radius_px" | "radius_px" => ("圆角", "the corner radius"),
        "theme.font" | "font" => ("字体", "the font"),
        "theme.logo_url" | "logo_url" => ("Logo 地址（https）", "the logo URL (https)"),
        "rules" | "markup" => ("加价规则", "the markup rules"),
        "products" | "picks" => ("每日精选", "the daily picks"),
        "categories" | "category" => ("类目", "the category"),
        "product_id" | "product" => ("商品", "the product"),
        "q" => ("搜索词", "the search"),
        _ => return field.to_owned(),
    };
    pick(locale, zh, en).to_owned()
}

/// The message for `error` in `locale`.
pub fn message(error: &ApiError, locale: Locale) -> String {
    use ApiError as E;
    let zh = locale == Locale::ZhCn;
    let say = |zh: &'static str, en: &'static str| pick(locale, zh, en).to_owned();
    match error {
        E::Unauthorized => say(
            "登录已过期，请重新登录。",
            "Your session has ended. Please sign in again.",
        ),
        E::InvalidCredentials => say(
            "邮箱或密码不正确。",
            "That e-mail address and password do not match.",
        ),
        E::EmailTaken => say(
            "这个邮箱已注册，请直接登录。",
            "That e-mail address already has an account. Please sign in.",
        ),
        E::ShopTaken => say(
            "这个店铺代号已被使用，请换一个。",
            "That shop slug is taken. Please choose another.",
        ),
        E::InvalidField { field, message } => {
            let name = field_name(field, locale);
            if zh {
                format!("请检查{name}：{message}")
            } else {
                format!("Please check {name}: {message}")
            }
        }
        E::BadRequest { .. } | E::InvalidJson { .. } | E::UnsupportedMediaType => {
            common::malformed_request(locale)
        }
        E::PayloadTooLarge { .. } | E::UriTooLong { .. } | E::HeadersTooLarge { .. } => {
            common::too_large(locale)
        }
        E::InvalidCursor => say(
            "列表已更新，请从第一页开始。",
            "The list has changed. Please start again from the first page.",
        ),
        E::UnknownShop { .. } => say(
            "找不到这家店铺，或它不属于你的账号。",
            "There is no such shop in your account.",
        ),
        E::UnknownProduct { .. } => say(
            "供应商已下架这件商品。",
            "The supplier no longer offers this product.",
        ),
        E::CurrencyMismatch { .. } => say(
            "供应商不以这个币种报价。",
            "The supplier does not price in this currency.",
        ),
        E::NotFound | E::MethodNotAllowed { .. } => say(
            "后台暂不支持这个操作，请刷新页面。",
            "The server does not offer this yet. Please reload.",
        ),
        E::RateLimited { retry_after_secs } => {
            if zh {
                format!("尝试次数过多，请 {retry_after_secs} 秒后再试。")
            } else {
                format!("Too many attempts. Please try again in {retry_after_secs} s.")
            }
        }
        E::SupplierUnavailable { retry_after_secs }
        | E::PaymentUnavailable { retry_after_secs } => {
            if zh {
                format!("供应商暂时无法访问，请 {retry_after_secs} 秒后重试。")
            } else {
                format!("The supplier is unavailable. Please retry in {retry_after_secs} s.")
            }
        }
        E::Internal { request_id } => {
            if zh {
                format!("服务器出错了，请稍后重试（编号 {request_id}）。")
            } else {
                format!("Something went wrong on our side. Please retry later (reference {request_id}).")
            }
        }
        E::UnknownCampaign { .. } => say(
            "找不到这个活动，可能已被删除。",
            "That campaign no longer exists.",
        ),
        E::MarkupOutOfRange { min_bp, max_bp } => {
            common::markup_out_of_range(*min_bp, *max_bp, locale)
        }
        E::AgentNotAllowed { .. } => say(
            "这个申请不能通过：代理最多两级。",
            "This application cannot be approved: agents go at most two levels deep.",
        ),
        other => {
            let code = other.code();
            if zh {
                format!("操作失败（{code}），请重试。")
            } else {
                format!("That did not work ({code}). Please try again.")
            }
        }
    }
}

/// The message for any failed call.
pub fn fetch_message(error: &FetchError, locale: Locale) -> String {
    match error {
        FetchError::Api(e) => message(e, locale),
        FetchError::Status(status) => {
            if locale == Locale::ZhCn {
                format!("服务器返回了意外的状态 {status}，请稍后重试。")
            } else {
                format!("The server answered with status {status}. Please try again later.")
            }
        }
        FetchError::Network => pick(
            locale,
            "网络连接失败，请检查网络后重试。",
            "The network request failed. Check your connection and try again.",
        )
        .to_owned(),
        FetchError::Decode => pick(
            locale,
            "无法读取服务器的回答，请刷新页面。",
            "The console could not read the server's answer. Please reload.",
        )
        .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_message_in_both_languages() {
        for e in ApiError::examples() {
            for locale in [Locale::ZhCn, Locale::En] {
                assert!(!message(&e, locale).is_empty(), "{e:?}");
            }
        }
    }

    #[test]
    fn owner_api_codes_and_fields_read_as_owners_expect() {
        let taken: ApiError =
            serde_json::from_str(r#"{"code":"shop_taken"}"#).expect("an ApiError");
        assert!(message(&taken, Locale::En).contains("slug is taken"));
        let bad = ApiError::InvalidField {
            field: "allowed_origins".into(),
            message: "not an origin".into(),
        };
        assert!(message(&bad, Locale::En).starts_with("Please check the allowed origins"));
        assert!(fetch_message(&FetchError::Network, Locale::ZhCn).contains("网络"));
    }
}

//! What the widget tells a shopper for each `ApiError` code, in both languages; the
//! sentences the console says in the same words come from
//! [`pocketshop_client::messages`].
//!
//! Invariants: every code has a message in zh-CN and en that a shopper can act on;
//! no message repeats server internals (request ids are shown only as a reference
//! to quote to the shop).

use pocketshop_client::messages as common;
use pocketshop_shared::{ApiError, Locale};

/// The message for `error` in `locale`.
pub fn message(error: &ApiError, locale: Locale) -> String {
    use ApiError as E;
    let zh = locale == Locale::ZhCn;
    let pick = |zh: &'static str, en: &'static str| crate::i18n::pick(locale, zh, en).to_owned();
    match error {
        E::BadRequest { .. }
        | E::InvalidJson { .. }
        | E::UnsupportedMediaType
        | E::InvalidField { .. } => common::malformed_request(locale),
        E::PayloadTooLarge { .. } | E::UriTooLong { .. } | E::HeadersTooLarge { .. } => {
            common::too_large(locale)
        }
        E::InvalidQuantity { max } => {
            if zh {
                format!("数量需为 1 到 {max} 之间的整数。")
            } else {
                format!("Quantity must be a whole number from 1 to {max}.")
            }
        }
        E::InvalidContact { field, .. } => {
            let (zh_field, en_field) = match field.as_str() {
                "name" => ("收货人姓名", "the recipient's name"),
                "phone" => ("手机号码", "the phone number"),
                "address.region" => ("省份", "the province or region"),
                "address.city" => ("城市", "the city"),
                "address.district" => ("区县", "the district"),
                "address.line" => ("详细地址", "the street address"),
                "address.postal_code" => ("邮政编码", "the postal code"),
                _ => ("收货信息", "the delivery details"),
            };
            if zh {
                format!("请检查{zh_field}。")
            } else {
                format!("Please check {en_field}.")
            }
        }
        E::EmptyCart => pick("购物车是空的。", "Your cart is empty."),
        E::TooManyLines { max } => {
            if zh {
                format!("一单最多 {max} 种商品。")
            } else {
                format!("An order can hold at most {max} different items.")
            }
        }
        E::InvalidCursor => pick(
            "列表已更新，请从头浏览。",
            "The list has changed. Please start again from the top.",
        ),
        E::UnknownShop { .. } => pick("这家店铺暂时无法访问。", "This shop is not available."),
        E::UnknownProduct { .. } => {
            pick("这件商品已下架。", "This product is no longer available.")
        }
        E::UnknownSku { .. } => pick(
            "这个款式已下架，请重新选择。",
            "That option is no longer available. Please choose another.",
        ),
        E::CurrencyMismatch { .. } => pick(
            "价格币种已变化，请刷新页面。",
            "The shop's currency has changed. Please reload.",
        ),
        E::OutOfStock { available, .. } => match (zh, available) {
            (true, 0) => "这个款式已售罄。".to_owned(),
            (true, n) => format!("这个款式只剩 {n} 件了。"),
            (false, 0) => "That option is sold out.".to_owned(),
            (false, n) => format!("Only {n} left of that option."),
        },
        E::PriceChanged { .. } => pick(
            "价格有变动，请确认新的金额。",
            "The price has changed. Please check the new total.",
        ),
        E::MissingIdempotencyKey | E::InvalidIdempotencyKey => pick(
            "下单请求不完整，请重试。",
            "The order could not be sent. Please try again.",
        ),
        E::IdempotencyConflict => pick(
            "购物车已变化，请重新确认订单。",
            "Your cart changed. Please confirm the order again.",
        ),
        E::IdempotencyInProgress => pick(
            "订单正在提交，请稍候。",
            "Your order is being placed. Please wait a moment.",
        ),
        E::OriginNotAllowed { .. } => pick(
            "此页面未获授权展示这家店铺。",
            "This page is not allowed to show this shop.",
        ),
        E::InvalidSignature { .. } | E::ReplayedRequest => {
            pick("请求未通过验证。", "The request could not be verified.")
        }
        E::OrderNotFound => pick("找不到这个订单。", "We could not find that order."),
        E::InvalidTransition { .. } => pick(
            "订单状态已更新，请刷新。",
            "The order has moved on. Please reload.",
        ),
        E::NotFound | E::MethodNotAllowed { .. } => {
            pick("页面不存在。", "That page does not exist.")
        }
        E::RateLimited { retry_after_secs } => {
            if zh {
                format!("操作太频繁，请 {retry_after_secs} 秒后再试。")
            } else {
                format!("Too many tries. Please wait {retry_after_secs} seconds.")
            }
        }
        E::PaymentMethodUnavailable { .. } => pick(
            "这种支付方式暂不可用，请选择其他方式。",
            "That way of paying is not available. Please choose another.",
        ),
        E::PaymentUnavailable { .. } => pick(
            "支付服务暂时繁忙，未产生扣款，请稍后重试。",
            "The payment service is busy and nothing was charged. Please try again shortly.",
        ),
        E::SupplierUnavailable { .. } => pick(
            "仓库暂时繁忙，请稍后重试。",
            "The warehouse is busy. Please try again shortly.",
        ),
        E::Internal { request_id } => {
            if zh {
                format!("出了点问题，请稍后重试（参考编号 {request_id}）。")
            } else {
                format!("Something went wrong. Please try again (reference {request_id}).")
            }
        }
        E::Unauthorized | E::InvalidCredentials => pick("请先登录。", "Please sign in first."),
        E::EmailTaken | E::ShopTaken => pick("这个名称已被使用。", "That name is already taken."),
        E::InvalidMemberToken => pick(
            "会员身份已过期，请重新进入店铺页面。",
            "Your member sign-in has expired. Please reopen the shop page.",
        ),
        E::UnknownCampaign { .. } => pick("这个活动已不存在。", "That offer no longer exists."),
        E::CampaignNotStarted { .. } => pick(
            "活动还没开始，请稍后再来。",
            "This sale has not started yet. Please come back soon.",
        ),
        E::CampaignEnded => pick("活动已结束。", "This offer has ended."),
        E::SoldOut => pick("已抢光了。", "Sold out."),
        E::PerShopperLimit { max } => {
            if zh {
                format!("每人限购 {max} 件。")
            } else {
                format!("Limit {max} per shopper.")
            }
        }
        E::GroupFull => pick(
            "这个团已满员，可以自己开一个新团。",
            "This group is full. You can start a new one.",
        ),
        E::CouponNotApplicable {
            reason, min_spend, ..
        } => coupon_message(*reason, min_spend.as_ref(), locale),
        E::AlreadyHelped => pick(
            "你已经帮忙砍过价了。",
            "You have already helped with this one.",
        ),
        E::AlreadyVoted => pick(
            "你已经投过这一款了。",
            "You have already voted for this style.",
        ),
        E::AgentNotAllowed { .. } => pick(
            "暂时不能申请成为这家店的代理。",
            "You cannot apply to become an agent of this shop.",
        ),
        E::MarkupOutOfRange { min_bp, max_bp } => {
            common::markup_out_of_range(*min_bp, *max_bp, locale)
        }
        E::Forbidden => pick("这个链接无效。", "This link is not valid."),
        E::Unknown => pick(
            "出了点问题，请稍后重试。",
            "Something went wrong. Please try again.",
        ),
    }
}

/// Why a coupon was refused, in words a shopper can act on.
fn coupon_message(
    reason: pocketshop_shared::api::CouponRefusal,
    min_spend: Option<&pocketshop_shared::Money>,
    locale: Locale,
) -> String {
    use pocketshop_shared::api::CouponRefusal as R;
    let zh = locale == Locale::ZhCn;
    let pick = |zh: &'static str, en: &'static str| crate::i18n::pick(locale, zh, en).to_owned();
    match reason {
        R::NotYetValid => pick("这张券还不能用。", "This coupon is not valid yet."),
        R::Expired => pick("这张券已过期。", "This coupon has expired."),
        R::MinSpend => match min_spend {
            Some(m) if zh => format!("满 {} 才能使用这张券。", crate::format::money(*m, locale)),
            Some(m) => format!(
                "This coupon needs a subtotal of at least {}.",
                crate::format::money(*m, locale)
            ),
            None => pick(
                "未达到使用门槛。",
                "The order is below this coupon's minimum.",
            ),
        },
        R::UsedUp => pick("这张券已被领完用完。", "This coupon has run out."),
        R::LimitReached => pick("你已经用过这张券了。", "You have already used this coupon."),
        R::NotYours => pick("这张券不属于你。", "This coupon belongs to someone else."),
        R::NotCombinable => pick(
            "活动价商品不能再用这张券。",
            "This coupon cannot be used with a sale price.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_message_in_both_languages() {
        let mut all = ApiError::examples();
        all.push(ApiError::Unknown);
        for e in &all {
            let zh = message(e, Locale::ZhCn);
            let en = message(e, Locale::En);
            assert!(!zh.is_empty() && !en.is_empty(), "{e:?}");
            assert!(!zh.is_ascii(), "zh message for {e:?} is not Chinese: {zh}");
            // An amount keeps its currency sign in every language.
            assert!(en.replace('¥', "").is_ascii(), "en message for {e:?}: {en}");
        }
    }

    #[test]
    fn stock_messages_say_how_many_are_left() {
        let e = ApiError::OutOfStock {
            sku: "S".into(),
            available: 2,
        };
        assert_eq!(message(&e, Locale::En), "Only 2 left of that option.");
        assert_eq!(message(&e, Locale::ZhCn), "这个款式只剩 2 件了。");
    }

    #[test]
    fn internal_errors_show_only_the_reference() {
        let e = ApiError::Internal {
            request_id: "7f3a".into(),
        };
        assert!(message(&e, Locale::En).contains("7f3a"));
    }
}

//! Creating a shop: slug, name, currency, language and the origins allowed to embed
//! it (one per line).
//!
//! Invariants: the slug is checked locally with the same rule as the server's
//! ([`ShopId::parse`]) before sending; origins are sent as typed (trimmed, blank lines
//! dropped), the server validates them; on success the new shop's Products tab opens.

use crate::components::problem::Problem;
use crate::context::Ctx;
use crate::route::{Route, Tab};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::owner::NewShop;
use pocketshop_shared::{Currency, ShopId};

/// The lines of a text area that are not blank, trimmed.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The create-shop form.
#[component]
pub fn NewShopForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let slug = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let currency = RwSignal::new("CNY".to_owned());
    let locale = RwSignal::new(match ctx.locale {
        pocketshop_shared::Locale::ZhCn => "zh-CN".to_owned(),
        pocketshop_shared::Locale::En => "en".to_owned(),
    });
    let origins = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let id = slug.get_untracked().trim().to_owned();
        if ShopId::parse(&id).is_err() {
            error.set(Some(
                ctx.t(
                    "店铺代号只能包含小写字母、数字和 -，最多 32 个字符。",
                    "The slug takes lowercase letters, digits and -, at most 32 characters.",
                )
                .to_owned(),
            ));
            return;
        }
        let body = NewShop {
            id,
            name: name.get_untracked().trim().to_owned(),
            currency: currency.get_untracked(),
            locale: locale.get_untracked(),
            allowed_origins: lines(&origins.get_untracked()),
        };
        busy.set(true);
        error.set(None);
        let client = ctx.client();
        spawn_local(async move {
            let answer = client.create_shop(&body).await;
            busy.set(false);
            match answer {
                Ok(shop) => ctx.go(Route::Shop {
                    shop: shop.id,
                    tab: Tab::Products,
                }),
                Err(e) => error.set(Some(ctx.problem(&e))),
            }
        });
    };
    view! {
        <section class="pc-card">
            <h2>{ctx.t("创建店铺", "Create a shop")}</h2>
            <form class="pc-form" data-testid="pc-new-shop-form" on:submit=submit>
                <label class="pc-field">
                    <span>{ctx.t("店铺代号（用于嵌入代码）", "Slug (used in the snippet)")}</span>
                    <input type="text" required maxlength="32" pattern="[a-z0-9][a-z0-9\\-]*" data-testid="pc-shop-slug"
                        prop:value=move || slug.get() on:input=move |ev| slug.set(event_target_value(&ev))/>
                </label>
                <label class="pc-field">
                    <span>{ctx.t("店铺名称", "Name")}</span>
                    <input type="text" required maxlength="80" data-testid="pc-shop-name"
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <label class="pc-field">
                    <span>{ctx.t("币种", "Currency")}</span>
                    <select data-testid="pc-shop-currency" on:change=move |ev| currency.set(event_target_value(&ev))>
                        {Currency::ALL.into_iter().map(|c| view! {
                            <option value=c.code() selected=move || currency.get() == c.code()>{c.code()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="pc-field">
                    <span>{ctx.t("语言", "Language")}</span>
                    <select data-testid="pc-shop-locale" on:change=move |ev| locale.set(event_target_value(&ev))>
                        <option value="zh-CN" selected=move || locale.get() == "zh-CN">"简体中文 (zh-CN)"</option>
                        <option value="en" selected=move || locale.get() == "en">"English (en)"</option>
                    </select>
                </label>
                <label class="pc-field">
                    <span>{ctx.t("允许嵌入的网站来源（每行一个）", "Allowed origins (one per line)")}</span>
                    <textarea rows="3" data-testid="pc-shop-origins" placeholder="https://blog.example.com"
                        prop:value=move || origins.get() on:input=move |ev| origins.set(event_target_value(&ev))></textarea>
                </label>
                <Problem message=error/>
                <button type="submit" class="pc-btn pc-btn-primary" data-testid="pc-create-shop"
                    disabled=move || busy.get()>{ctx.t("创建", "Create")}</button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::lines;

    #[test]
    fn origins_are_one_per_line_without_blanks() {
        assert_eq!(
            lines(" https://a.example \n\n\thttp://127.0.0.1:8790\r\n"),
            vec![
                "https://a.example".to_owned(),
                "http://127.0.0.1:8790".to_owned()
            ]
        );
    }
}

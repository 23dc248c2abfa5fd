//! The Pre-sale tab: candidate styles with their votes, a form to post one, and
//! promotion of a winner to a pre-sale with a ship date (and optionally the product
//! shoppers buy it as); its voters are told on their next visit.
//!
//! Invariants: votes are the server's count; the ship date is a calendar day (UTC)
//! the server checks is in the future.

use crate::components::problem::Problem;
use crate::context::Ctx;
use crate::format;
use leptos::prelude::*;
use pocketshop_shared::owner::OwnerShop;
use pocketshop_shared::presale::{NewStyle, PromoteStyle, Style, StyleStatus};
use pocketshop_shared::ProductId;

/// `YYYY-MM-DD` as unix seconds at 00:00 UTC.
pub fn day_to_unix(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days-from-civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400)
}

/// The Pre-sale tab.
#[component]
pub fn PresaleTab(
    /// The shop, as the server last answered it.
    shop: RwSignal<OwnerShop>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let styles = RwSignal::new(Vec::<Style>::new());
    let error = RwSignal::new(None::<String>);
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let image = RwSignal::new(String::new());
    let ship = RwSignal::new(String::new());
    let product = RwSignal::new(String::new());
    let id = shop.with_untracked(|s| s.id.clone());
    let load = {
        let id = id.clone();
        move || {
            let (client, id) = (ctx.client(), id.clone());
            ctx.run(error, async move { client.styles(&id).await }, move |s| {
                styles.set(s.styles)
            });
        }
    };
    load();
    let post = {
        let (id, load) = (id.clone(), load.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let body = NewStyle {
                title: title.get_untracked(),
                description: description.get_untracked(),
                image: Some(image.get_untracked()).filter(|i| !i.trim().is_empty()),
            };
            let (client, id, load) = (ctx.client(), id.clone(), load.clone());
            ctx.run(
                error,
                async move { client.post_style(&id, &body).await },
                move |_| {
                    error.set(None);
                    title.set(String::new());
                    description.set(String::new());
                    image.set(String::new());
                    load();
                },
            );
        }
    };
    let promote = {
        let (id, load) = (id.clone(), load.clone());
        move |style: String| {
            let Some(ship_date) = day_to_unix(&ship.get_untracked()) else {
                error.set(Some(
                    ctx.t(
                        "请填写发货日期（YYYY-MM-DD）。",
                        "Enter a ship date (YYYY-MM-DD).",
                    )
                    .to_owned(),
                ));
                return;
            };
            let body = PromoteStyle {
                ship_date,
                product: ProductId::parse(product.get_untracked().trim()).ok(),
            };
            let (client, id, load) = (ctx.client(), id.clone(), load.clone());
            ctx.run(
                error,
                async move { client.promote_style(&id, &style, &body).await },
                move |_| {
                    error.set(None);
                    load();
                },
            );
        }
    };
    view! {
        <div class="pc-panel" data-testid="pc-presale">
            <form class="pc-form" data-testid="pc-style-form" on:submit=post>
                <label>{ctx.t("款式名称", "Style")}
                    <input class="pc-input" required maxlength="80" data-testid="pc-style-title"
                        prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/></label>
                <label>{ctx.t("描述", "Description")}
                    <input class="pc-input" data-testid="pc-style-description"
                        prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))/></label>
                <label>{ctx.t("图片链接（https）", "Picture (https URL)")}
                    <input class="pc-input" data-testid="pc-style-image"
                        prop:value=move || image.get() on:input=move |ev| image.set(event_target_value(&ev))/></label>
                <button type="submit" class="pc-btn" data-testid="pc-style-post">{ctx.t("发布投票", "Post for voting")}</button>
            </form>
            <p class="pc-form">
                <label>{ctx.t("预售发货日期", "Pre-sale ship date")}
                    <input class="pc-input" type="date" data-testid="pc-style-ship"
                        prop:value=move || ship.get() on:input=move |ev| ship.set(event_target_value(&ev))/></label>
                <label>{ctx.t("关联商品编号（可选）", "Product id (optional)")}
                    <input class="pc-input" data-testid="pc-style-product"
                        prop:value=move || product.get() on:input=move |ev| product.set(event_target_value(&ev))/></label>
            </p>
            <Problem message=error/>
            <table class="pc-table" data-testid="pc-styles">
                <thead><tr>
                    <th>{ctx.t("款式", "Style")}</th>
                    <th class="pc-num">{ctx.t("票数", "Votes")}</th>
                    <th>{ctx.t("状态", "Status")}</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    {move || styles.get().into_iter().map(|s| {
                        let (sid, promote) = (s.id.clone(), promote.clone());
                        let voting = s.status == StyleStatus::Voting;
                        view! {
                            <tr data-testid="pc-style" data-style-id=s.id.clone()>
                                <td>{s.title.clone()}</td>
                                <td class="pc-num" data-testid="pc-style-votes">{s.votes.to_string()}</td>
                                <td>{match s.status {
                                    StyleStatus::Voting => ctx.t("投票中", "Voting").to_owned(),
                                    StyleStatus::Presale => format!("{} {}", ctx.t("预售，发货", "Pre-sale, ships"),
                                        s.ship_date.map(format::date_time).unwrap_or_default()),
                                    StyleStatus::Closed => ctx.t("已关闭", "Closed").to_owned(),
                                }}</td>
                                <td>{voting.then(|| view! {
                                    <button type="button" class="pc-btn" data-testid="pc-style-promote"
                                        on:click=move |_| promote(sid.clone())>{ctx.t("转为预售", "Promote to pre-sale")}</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calendar_day_is_its_midnight_utc() {
        assert_eq!(day_to_unix("1970-01-01"), Some(0));
        assert_eq!(day_to_unix("2026-11-23"), Some(1_795_392_000));
        assert_eq!(day_to_unix("2026-13-01"), None);
        assert_eq!(day_to_unix("soon"), None);
    }
}

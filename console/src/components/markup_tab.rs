//! The Markup tab: the shop's rules (shop-wide, per category, per product; percent or
//! fixed), a preview of prices and margins under the edited rules, and Save.
//!
//! Invariants: Save sends exactly the rules last previewed (it is enabled only while
//! the form still stands for them), so an owner never saves prices they have not
//! seen; an invalid row is named and nothing is sent; amounts are integers (basis
//! points, minor units) from the form to the wire.

use crate::components::problem::Problem;
use crate::context::Ctx;
use crate::format;
use crate::markup_form::{self, FormError, Kind, Row, ScopeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::owner::{MarkupPreview, MarkupRules, OwnerShop};
use pocketshop_shared::pricing::MarkupRule;
use pocketshop_shared::Category;

/// One row's fields, each its own signal so typing re-renders nothing else.
#[derive(Clone, Copy)]
struct RowState {
    key: u32,
    scope: RwSignal<ScopeKind>,
    target: RwSignal<String>,
    kind: RwSignal<Kind>,
    value: RwSignal<String>,
}

impl RowState {
    fn new(key: u32, row: Row) -> RowState {
        RowState {
            key,
            scope: RwSignal::new(row.scope),
            target: RwSignal::new(row.target),
            kind: RwSignal::new(row.kind),
            value: RwSignal::new(row.value),
        }
    }

    fn row(&self) -> Row {
        Row {
            scope: self.scope.get_untracked(),
            target: self.target.get_untracked(),
            kind: self.kind.get_untracked(),
            value: self.value.get_untracked(),
        }
    }
}

/// The Markup tab.
#[component]
pub fn MarkupTab(
    /// The shop, as the server last answered it.
    shop: RwSignal<OwnerShop>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let currency = shop.with_untracked(|s| s.currency);
    let next_key = StoredValue::new(0u32);
    let fresh = move |row: Row| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        RowState::new(key, row)
    };
    let initial: Vec<RowState> =
        markup_form::rows_of(&shop.with_untracked(|s| s.markup.clone()), currency)
            .into_iter()
            .map(fresh)
            .collect();
    let rows = RwSignal::new(initial);
    let preview = RwSignal::new(None::<(Vec<MarkupRule>, MarkupPreview)>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    // Any edit makes the last preview stale (Save needs a fresh one).
    let edits = RwSignal::new(0u32);

    let current = move || -> Result<Vec<MarkupRule>, FormError> {
        let list: Vec<Row> = rows.with_untracked(|r| r.iter().map(RowState::row).collect());
        markup_form::rules_of(&list, currency)
    };
    let form_problem = move |e: FormError| {
        let n = e.row() + 1;
        let text = match (e, ctx.locale) {
            (FormError::Value(_), pocketshop_shared::Locale::ZhCn) => {
                format!("第 {n} 条规则的数值无效。")
            }
            (FormError::Value(_), _) => format!("Rule {n}: the value is not a valid number."),
            (FormError::Target(_), pocketshop_shared::Locale::ZhCn) => {
                format!("第 {n} 条规则的类目或商品无效。")
            }
            (FormError::Target(_), _) => {
                format!("Rule {n}: choose a valid category or product id.")
            }
            (FormError::Duplicate(_), pocketshop_shared::Locale::ZhCn) => {
                format!("第 {n} 条规则与前面的规则范围重复。")
            }
            (FormError::Duplicate(_), _) => {
                format!("Rule {n} has the same scope as an earlier rule.")
            }
        };
        error.set(Some(text));
    };
    let run_preview = move |_| {
        let rules = match current() {
            Ok(r) => r,
            Err(e) => return form_problem(e),
        };
        busy.set(true);
        error.set(None);
        saved.set(false);
        let (client, id) = (ctx.client(), shop.with_untracked(|s| s.id.clone()));
        spawn_local(async move {
            let body = MarkupRules {
                rules: rules.clone(),
            };
            let answer = client.preview_markup(&id, &body).await;
            busy.set(false);
            match answer {
                Ok(p) => preview.set(Some((rules, p))),
                Err(e) => error.set(Some(ctx.problem(&e))),
            }
        });
    };
    let can_save = move || {
        edits.track();
        !busy.get()
            && preview.with(|p| match (p, current()) {
                (Some((previewed, _)), Ok(now)) => *previewed == now,
                _ => false,
            })
    };
    let save = move |_| {
        let Some((rules, _)) = preview.get_untracked() else {
            return;
        };
        busy.set(true);
        error.set(None);
        let (client, id) = (ctx.client(), shop.with_untracked(|s| s.id.clone()));
        spawn_local(async move {
            let answer = client.save_markup(&id, &MarkupRules { rules }).await;
            busy.set(false);
            match answer {
                Ok(s) => {
                    shop.set(s);
                    saved.set(true);
                }
                Err(e) => error.set(Some(ctx.problem(&e))),
            }
        });
    };
    let touched = move || {
        edits.update(|n| *n += 1);
        saved.set(false);
    };
    let add = move |_| {
        rows.update(|r| {
            r.push(fresh(Row {
                scope: if r.is_empty() {
                    ScopeKind::Shop
                } else {
                    ScopeKind::Category
                },
                target: if r.is_empty() {
                    String::new()
                } else {
                    Category::ALL[0].slug().to_owned()
                },
                kind: Kind::Percent,
                value: "30".to_owned(),
            }))
        });
        touched();
    };

    view! {
        <div class="pc-panel" data-testid="pc-markup">
            <p class="pc-muted">{ctx.t(
                "最具体的规则优先：单品 > 类目 > 全店。售价不会低于供货价和供应商底价。",
                "The most specific rule wins: product over category over shop. A price never goes below the supply price or the supplier's floor.")}</p>
            <ol class="pc-rules" data-testid="pc-rules">
                <For each=move || rows.get() key=|r| r.key let:r>
                    <li class="pc-rule" data-testid="pc-rule">
                        <select data-testid="pc-rule-scope" aria-label=ctx.t("范围", "Scope")
                            on:change=move |ev| {
                                let scope = ScopeKind::parse(&event_target_value(&ev));
                                r.scope.set(scope);
                                r.target.set(match scope {
                                    ScopeKind::Category => Category::ALL[0].slug().to_owned(),
                                    _ => String::new(),
                                });
                                touched();
                            }>
                            <option value="shop" selected=move || r.scope.get() == ScopeKind::Shop>{ctx.t("全店", "Whole shop")}</option>
                            <option value="category" selected=move || r.scope.get() == ScopeKind::Category>{ctx.t("类目", "Category")}</option>
                            <option value="product" selected=move || r.scope.get() == ScopeKind::Product>{ctx.t("单品", "Product")}</option>
                        </select>
                        {move || match r.scope.get() {
                            ScopeKind::Shop => ().into_any(),
                            ScopeKind::Category => view! {
                                <select data-testid="pc-rule-target" aria-label=ctx.t("类目", "Category")
                                    on:change=move |ev| { r.target.set(event_target_value(&ev)); touched(); }>
                                    {Category::ALL.into_iter().map(|c| view! {
                                        <option value=c.slug() selected=move || r.target.get() == c.slug()>{c.name().get(ctx.locale).to_owned()}</option>
                                    }).collect_view()}
                                </select>
                            }.into_any(),
                            ScopeKind::Product => view! {
                                <input type="text" data-testid="pc-rule-target" placeholder=ctx.t("商品编号，如 P10001", "Product id, e.g. P10001")
                                    prop:value=move || r.target.get()
                                    on:input=move |ev| { r.target.set(event_target_value(&ev)); touched(); }/>
                            }.into_any(),
                        }}
                        <select data-testid="pc-rule-kind" aria-label=ctx.t("方式", "Kind")
                            on:change=move |ev| { r.kind.set(Kind::parse(&event_target_value(&ev))); touched(); }>
                            <option value="percent" selected=move || r.kind.get() == Kind::Percent>{ctx.t("按比例 %", "Percent %")}</option>
                            <option value="fixed" selected=move || r.kind.get() == Kind::Fixed>{move || format!("{} {}", ctx.t("固定金额", "Fixed amount"), currency.code())}</option>
                        </select>
                        <input type="text" inputmode="decimal" class="pc-num-input" data-testid="pc-rule-value"
                            aria-label=ctx.t("数值", "Value")
                            prop:value=move || r.value.get()
                            on:input=move |ev| { r.value.set(event_target_value(&ev)); touched(); }/>
                        <button type="button" class="pc-btn pc-btn-quiet" data-testid="pc-rule-remove"
                            on:click=move |_| { rows.update(|list| list.retain(|x| x.key != r.key)); touched(); }>
                            {ctx.t("删除", "Remove")}</button>
                    </li>
                </For>
            </ol>
            <div class="pc-actions">
                <button type="button" class="pc-btn" data-testid="pc-rule-add" on:click=add>{ctx.t("添加规则", "Add a rule")}</button>
                <button type="button" class="pc-btn" data-testid="pc-markup-preview" disabled=move || busy.get() on:click=run_preview>
                    {ctx.t("预览价格", "Preview prices")}</button>
                <button type="button" class="pc-btn pc-btn-primary" data-testid="pc-markup-save" disabled=move || !can_save() on:click=save>
                    {ctx.t("保存", "Save")}</button>
                {move || saved.get().then(|| view! { <span class="pc-ok" data-testid="pc-saved">{ctx.t("已保存", "Saved")}</span> })}
            </div>
            <Problem message=error/>
            {move || preview.get().map(|(_, p)| view! {
                <table class="pc-table" data-testid="pc-preview">
                    <thead><tr>
                        <th>{ctx.t("商品", "Product")}</th>
                        <th class="pc-num">{ctx.t("供货价", "Supply")}</th>
                        <th class="pc-num">{ctx.t("当前售价", "Current price")}</th>
                        <th class="pc-num">{ctx.t("新售价", "New price")}</th>
                        <th class="pc-num">{ctx.t("新毛利", "New margin")}</th>
                    </tr></thead>
                    <tbody>
                        {p.items.is_empty().then(|| view! {
                            <tr><td colspan="5" class="pc-empty">{ctx.t("店里还没有商品。", "Your shop has no products yet.")}</td></tr>
                        })}
                        {p.items.into_iter().map(|l| view! {
                            <tr data-testid="pc-preview-line" data-product-id=l.product_id.as_str().to_owned()>
                                <td>{l.title.get(ctx.locale).to_owned()}</td>
                                <td class="pc-num" data-amount=l.supply_price.amount.to_string()>{format::money(l.supply_price, ctx.locale)}</td>
                                <td class="pc-num" data-amount=l.current_price.amount.to_string()>{format::money(l.current_price, ctx.locale)}</td>
                                <td class="pc-num" data-testid="pc-preview-new-price" data-amount=l.new_price.amount.to_string()>{format::money(l.new_price, ctx.locale)}</td>
                                <td class="pc-num" data-testid="pc-preview-new-margin" data-amount=l.new_margin.amount.to_string()>{format::money(l.new_margin, ctx.locale)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </div>
    }
}

//! The Theme tab: primary colour, corner radius, font and logo, with a live preview:
//! a real `<pocket-shop view="grid">` of this shop, loaded from this same edge by
//! `/embed.js` exactly as the snippet loads it, whose `--ps-primary`, `--ps-radius`
//! and `--ps-font` follow the unsaved form.
//!
//! Invariants: the preview's custom properties are set through the CSSOM (allowed by
//! the console's CSP), never as inline markup; nothing is saved until Save; an invalid
//! colour, radius or logo URL is named before anything is sent.

use crate::browser;
use crate::components::problem::Problem;
use crate::context::Ctx;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pocketshop_shared::api::Theme;
use pocketshop_shared::owner::{OwnerShop, ShopSettings};
use wasm_bindgen::JsCast;

/// Whether `value` is a `#rrggbb` colour.
pub fn is_colour(value: &str) -> bool {
    value.len() == 7 && value.starts_with('#') && value[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The theme the form stands for, or what is wrong with it (zh, en).
pub fn theme_of(
    colour: &str,
    radius: &str,
    font: &str,
    logo: &str,
) -> Result<Theme, (&'static str, &'static str)> {
    let colour = colour.trim().to_ascii_lowercase();
    if !is_colour(&colour) {
        return Err((
            "主色需为 #rrggbb 格式。",
            "The primary colour must be #rrggbb.",
        ));
    }
    let radius_px: u8 = radius.trim().parse().ok().filter(|r| *r <= 48).ok_or((
        "圆角需为 0 到 48 之间的整数。",
        "The radius must be a whole number from 0 to 48.",
    ))?;
    let font = font.trim();
    if font.is_empty() || font.len() > 200 || font.contains(['{', '}', ';', '<', '>']) {
        return Err((
            "请填写字体（CSS 字体列表）。",
            "Enter a font (a CSS font-family list).",
        ));
    }
    let logo = logo.trim();
    let logo_url = if logo.is_empty() {
        None
    } else if logo.starts_with("https://") && !logo.contains(char::is_whitespace) {
        Some(logo.to_owned())
    } else {
        return Err((
            "Logo 地址需以 https:// 开头。",
            "The logo URL must start with https://.",
        ));
    };
    Ok(Theme {
        primary_colour: colour,
        radius_px,
        font: font.to_owned(),
        logo_url,
    })
}

/// The Theme tab.
#[component]
pub fn ThemeTab(
    /// The shop, as the server last answered it.
    shop: RwSignal<OwnerShop>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let theme = shop.with_untracked(|s| s.theme.clone());
    let colour = RwSignal::new(theme.primary_colour);
    let radius = RwSignal::new(theme.radius_px.to_string());
    let font = RwSignal::new(theme.font);
    let logo = RwSignal::new(theme.logo_url.unwrap_or_default());
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let holder = NodeRef::<html::Div>::new();
    let slug = shop.with_untracked(|s| s.id.as_str().to_owned());

    browser::load_widget_loader();
    // The preview widget: created once, inside the holder.
    Effect::new(move |_| {
        let Some(div) = holder.get() else { return };
        if div.child_element_count() > 0 {
            return;
        }
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if let Ok(el) = doc.create_element("pocket-shop") {
            let _ = el.set_attribute("shop", &slug);
            let _ = el.set_attribute("view", "grid");
            let _ = el.set_attribute("data-testid", "pc-preview-widget");
            let _ = div.append_child(&el);
        }
    });
    // Its look follows the form, valid values only.
    Effect::new(move |_| {
        let (c, r, f) = (colour.get(), radius.get(), font.get());
        let Some(div) = holder.get() else { return };
        let Some(el) = div
            .first_element_child()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        let style = el.style();
        if is_colour(c.trim()) {
            let _ = style.set_property("--ps-primary", c.trim());
        }
        if let Ok(r) = r.trim().parse::<u8>() {
            let _ = style.set_property("--ps-radius", &format!("{r}px"));
        }
        if !f.trim().is_empty() {
            let _ = style.set_property("--ps-font", f.trim());
        }
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let theme = match theme_of(
            &colour.get_untracked(),
            &radius.get_untracked(),
            &font.get_untracked(),
            &logo.get_untracked(),
        ) {
            Ok(t) => t,
            Err((zh, en)) => {
                error.set(Some(ctx.t(zh, en).to_owned()));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        saved.set(false);
        let (client, id) = (ctx.client(), shop.with_untracked(|s| s.id.clone()));
        spawn_local(async move {
            let body = ShopSettings {
                theme: Some(theme),
                ..ShopSettings::default()
            };
            let answer = client.update_shop(&id, &body).await;
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
    let edited = move || saved.set(false);

    view! {
        <div class="pc-panel pc-theme" data-testid="pc-theme">
            <form class="pc-form" data-testid="pc-theme-form" on:submit=save>
                <label class="pc-field">
                    <span>{ctx.t("主色", "Primary colour")}</span>
                    <span class="pc-inline">
                        <input type="color" data-testid="pc-theme-colour-picker" aria-label=ctx.t("选择颜色", "Pick a colour")
                            prop:value=move || { let c = colour.get(); if is_colour(&c) { c } else { "#000000".to_owned() } }
                            on:input=move |ev| { colour.set(event_target_value(&ev)); edited(); }/>
                        <input type="text" data-testid="pc-theme-colour" maxlength="7"
                            prop:value=move || colour.get()
                            on:input=move |ev| { colour.set(event_target_value(&ev)); edited(); }/>
                    </span>
                </label>
                <label class="pc-field">
                    <span>{ctx.t("圆角（像素）", "Corner radius (px)")}</span>
                    <input type="number" min="0" max="48" data-testid="pc-theme-radius"
                        prop:value=move || radius.get()
                        on:input=move |ev| { radius.set(event_target_value(&ev)); edited(); }/>
                </label>
                <label class="pc-field">
                    <span>{ctx.t("字体", "Font")}</span>
                    <input type="text" data-testid="pc-theme-font" placeholder="Georgia, serif"
                        prop:value=move || font.get()
                        on:input=move |ev| { font.set(event_target_value(&ev)); edited(); }/>
                </label>
                <label class="pc-field">
                    <span>{ctx.t("Logo 地址（https，可留空）", "Logo URL (https, optional)")}</span>
                    <input type="url" data-testid="pc-theme-logo" placeholder="https://…"
                        prop:value=move || logo.get()
                        on:input=move |ev| { logo.set(event_target_value(&ev)); edited(); }/>
                </label>
                <Problem message=error/>
                <div class="pc-actions">
                    <button type="submit" class="pc-btn pc-btn-primary" data-testid="pc-theme-save"
                        disabled=move || busy.get()>{ctx.t("保存", "Save")}</button>
                    {move || saved.get().then(|| view! { <span class="pc-ok" data-testid="pc-saved">{ctx.t("已保存", "Saved")}</span> })}
                </div>
            </form>
            <section class="pc-preview-pane">
                <h2>{ctx.t("实时预览（未保存的设置）", "Live preview (unsaved settings)")}</h2>
                <div class="pc-preview-widget" data-testid="pc-theme-preview" node_ref=holder></div>
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_form_is_a_theme() {
        let t = theme_of("#0A7F55", "8", "Georgia, serif", "").expect("valid");
        assert_eq!(t.primary_colour, "#0a7f55");
        assert_eq!(t.radius_px, 8);
        assert_eq!(t.logo_url, None);
        let t = theme_of("#000000", "0", "x", "https://a.example/logo.png").expect("valid");
        assert_eq!(t.logo_url.as_deref(), Some("https://a.example/logo.png"));
    }

    #[test]
    fn bad_fields_are_refused() {
        assert!(theme_of("red", "8", "x", "").is_err());
        assert!(theme_of("#12345", "8", "x", "").is_err());
        assert!(theme_of("#123456", "99", "x", "").is_err());
        assert!(theme_of("#123456", "8", "", "").is_err());
        assert!(theme_of("#123456", "8", "a; color: red", "").is_err());
        assert!(theme_of("#123456", "8", "x", "http://a.example/l.png").is_err());
        assert!(theme_of("#123456", "8", "x", "javascript:alert(1)").is_err());
    }
}

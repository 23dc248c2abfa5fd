//! The pay pages the edge serves on its own domain: the sandbox's test-mode page
//! (and the frame other providers' pages share). Plain server-rendered HTML with no
//! script, in the shop's language.
//!
//! Invariants: every text that came from a shop, an order or a URL is escaped
//! before it enters the markup; the page says "test mode" whenever no real money
//! moves.

use pocketshop_shared::{Locale, Money, OrderId};

pub use pocketshop_shared::card::escape;

fn pick(locale: Locale, zh: &'static str, en: &'static str) -> &'static str {
    locale.pick(zh, en)
}

/// A whole page around `body`.
pub fn frame(locale: Locale, title: &str, body: &str) -> String {
    let lang = match locale {
        Locale::ZhCn => "zh-CN",
        Locale::En => "en",
    };
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><link rel=\"icon\" href=\"data:,\"><title>{title}</title><style>\
         body{{font:16px/1.5 system-ui,-apple-system,\"PingFang SC\",sans-serif;margin:0;background:#f5f5f5;color:#222}}\
         main{{max-width:420px;margin:0 auto;padding:24px 16px}}\
         .test{{background:#ffd400;color:#000;font-weight:700;text-align:center;padding:8px;letter-spacing:.04em}}\
         .card{{background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px #0002}}\
         .amount{{font-size:32px;font-weight:700;margin:8px 0}}\
         button,.button{{display:block;width:100%;box-sizing:border-box;font:inherit;font-weight:600;padding:12px;\
         margin-top:12px;border-radius:8px;border:1px solid #bbb;background:#fff;color:#222;text-align:center;\
         text-decoration:none;cursor:pointer}}\
         button.pay{{background:#1a7f37;border-color:#1a7f37;color:#fff}}\
         button:focus-visible,.button:focus-visible{{outline:3px solid #0969da;outline-offset:2px}}\
         .muted{{color:#666;font-size:14px}}\
         </style></head><body>{body}</body></html>",
        title = escape(title),
    )
}

/// What the sandbox page shows.
pub struct SandboxPage<'a> {
    /// The shop's language.
    pub locale: Locale,
    /// The shop's name.
    pub shop_name: &'a str,
    /// The order.
    pub order_id: &'a OrderId,
    /// What is charged.
    pub amount: Money,
    /// Where the form posts (the page's own path).
    pub action: &'a str,
    /// Whether it can still be paid; otherwise why not.
    pub state: SandboxState,
    /// The host page to go back to.
    pub return_url: &'a str,
}

/// Whether the sandbox payment can be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SandboxState {
    /// Waiting to be paid.
    Open,
    /// Paid already.
    Paid,
    /// Expired or closed.
    Closed,
}

/// The sandbox's pay page.
pub fn sandbox(page: &SandboxPage<'_>) -> String {
    let l = page.locale;
    let banner = pick(
        l,
        "测试模式 · 不会产生真实扣款",
        "TEST MODE · no real money moves",
    );
    let action = match page.state {
        SandboxState::Open => format!(
            "<form method=\"post\" action=\"{action}\">\
             <button class=\"pay\" type=\"submit\" name=\"action\" value=\"pay\" data-testid=\"sandbox-pay\">{pay} {amount}</button>\
             <button type=\"submit\" name=\"action\" value=\"cancel\" data-testid=\"sandbox-cancel\">{cancel}</button>\
             </form>",
            action = escape(page.action),
            pay = pick(l, "模拟支付", "Pay (test)"),
            amount = escape(&page.amount.to_string()),
            cancel = pick(l, "返回，暂不支付", "Cancel and go back"),
        ),
        SandboxState::Paid => format!(
            "<p data-testid=\"sandbox-state\">{}</p><a class=\"button\" href=\"{}\">{}</a>",
            pick(l, "此订单已支付。", "This order is paid."),
            escape(page.return_url),
            pick(l, "返回商店", "Back to the shop"),
        ),
        SandboxState::Closed => format!(
            "<p data-testid=\"sandbox-state\">{}</p><a class=\"button\" href=\"{}\">{}</a>",
            pick(
                l,
                "支付已关闭：订单已过期或已取消。",
                "This payment is closed: the order expired or was cancelled."
            ),
            escape(page.return_url),
            pick(l, "返回商店", "Back to the shop"),
        ),
    };
    let body = format!(
        "<div class=\"test\" role=\"status\" data-testid=\"sandbox-banner\">{banner}</div><main><div class=\"card\">\
         <p class=\"muted\">{shop}</p><h1>{title}</h1>\
         <p class=\"amount\" data-testid=\"sandbox-amount\">{amount}</p>\
         <p class=\"muted\">{order_label} <span data-testid=\"sandbox-order\">{order}</span></p>{action}</div></main>",
        shop = escape(page.shop_name),
        title = pick(l, "支付订单", "Pay for your order"),
        amount = escape(&page.amount.to_string()),
        order_label = pick(l, "订单号", "Order"),
        order = escape(page.order_id.as_str()),
    );
    frame(l, pick(l, "测试支付", "Test payment"), &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pocketshop_shared::Currency;

    #[test]
    fn markup_in_a_shop_name_is_shown_as_text() {
        let id = OrderId::parse("PS-1").expect("id");
        let html = sandbox(&SandboxPage {
            locale: Locale::En,
            shop_name: "<script>alert(1)</script>",
            order_id: &id,
            amount: Money::new(4200, Currency::CNY),
            action: "/v1/pay/sandbox/sbx_1",
            state: SandboxState::Open,
            return_url: "https://blog.example/p\"><script>",
        });
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("TEST MODE"));
        assert!(html.contains("¥42.00"));
    }

    #[test]
    fn a_closed_payment_offers_no_pay_button() {
        let id = OrderId::parse("PS-1").expect("id");
        let html = sandbox(&SandboxPage {
            locale: Locale::ZhCn,
            shop_name: "店",
            order_id: &id,
            amount: Money::new(1, Currency::CNY),
            action: "/x",
            state: SandboxState::Closed,
            return_url: "https://blog.example/",
        });
        assert!(!html.contains("sandbox-pay"));
        assert!(html.contains("测试模式"));
    }
}

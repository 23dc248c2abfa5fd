//! `GET /v1/pay/wechat/{order}`: the WeChat Pay page on the edge's own domain (the
//! domain registered with WeChat). Inside WeChat it gets the shopper's `openid`
//! through WeChat's web OAuth and pays with JSAPI; in another phone browser it sends
//! the shopper to WeChat's H5 payment; on a computer it asks to open the page on a
//! phone. Every way ends back on the host page at the order.
//!
//! Invariants: only an open payment of an unexpired order is offered; the prepay
//! order is keyed by the order id (`out_trade_no`), so opening the page again pays
//! the same order; values reach the page's one script as JSON with `</` escaped,
//! under a nonce-only script policy.

use crate::base::http::{HttpRequest, HttpResponse, Method};
use crate::domain::orders::lifecycle;
use crate::domain::payments::PaymentError;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::platform::OutboundRequest;
use crate::ports::platform::Platform;
use crate::ports::prelude::*;
use crate::ports::store::{PaymentStatus, Store};
use crate::web::pay_page::{self, escape};
use pocketshop_shared::{ApiError, Locale, OrderId, OrderStatus, PaymentMethod};

/// Where the shopper's browser is, as far as paying with WeChat goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browser {
    /// WeChat's own browser: JSAPI.
    Wechat,
    /// Another phone browser: H5.
    Phone,
    /// A computer.
    Desktop,
}

/// Reads the `User-Agent`.
pub fn browser(user_agent: &str) -> Browser {
    let ua = user_agent.to_ascii_lowercase();
    if ua.contains("micromessenger") {
        Browser::Wechat
    } else if ["iphone", "android", "mobile", "ipad"]
        .iter()
        .any(|m| ua.contains(m))
    {
        Browser::Phone
    } else {
        Browser::Desktop
    }
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// WeChat's web OAuth URL that comes back to `back` with a `code` (silent
/// `snsapi_base`: only the openid is asked for).
pub fn authorize_url(base: &str, app_id: &str, back: &str, state: &str) -> String {
    format!(
        "{base}/connect/oauth2/authorize?appid={}&redirect_uri={}&response_type=code&scope=snsapi_base&state={}#wechat_redirect",
        encode(app_id),
        encode(back),
        encode(state)
    )
}

/// JSON for a `<script>`: `</` cannot close the element.
fn script_json(value: &serde_json::Value) -> String {
    value.to_string().replace("</", "<\\/")
}

fn unavailable() -> Error {
    ApiError::PaymentMethodUnavailable {
        method: PaymentMethod::WechatPay.as_str().to_owned(),
    }
    .into()
}

/// The pay page.
pub async fn show_wechat_pay_page<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
    order_id: &str,
) -> Result<HttpResponse, Error> {
    let (Some(wechat), Some(oauth)) = (&app.payments.wechat, &app.config.payments.wechat_oauth)
    else {
        return Err(ApiError::NotFound.into());
    };
    let id = OrderId::parse(order_id).map_err(|_| ApiError::NotFound)?;
    let payment = match app.store.payment(&id).await? {
        Some(p) if p.method == PaymentMethod::WechatPay => p,
        _ => return Err(ApiError::NotFound.into()),
    };
    let order = app.store.order(&id).await?.ok_or(ApiError::NotFound)?;
    let shop = app
        .store
        .shop(&order.shop)
        .await?
        .ok_or(ApiError::NotFound)?;
    let l = shop.locale;
    let back_origin = crate::base::http::origin_of(&payment.return_url).unwrap_or("'none'");
    let open = payment.status == PaymentStatus::Open
        && order.status == OrderStatus::PendingPayment
        && order.pay_before.is_some_and(|due| app.now < due);
    if !open {
        return Ok(message(
            l,
            pick(
                l,
                "支付已结束：订单已支付、过期或取消。",
                "This payment is over: the order was paid, expired or cancelled.",
            ),
            &payment.return_url,
            back_origin,
        ));
    }
    let pay_order = lifecycle::payment_order(
        app,
        &shop,
        &order,
        &payment.return_url,
        req.header("cf-connecting-ip"),
    )?;
    let out_trade_no = payment.reference.clone();
    match browser(req.header("user-agent").unwrap_or_default()) {
        Browser::Phone => {
            let h5 = wechat
                .prepay_h5(&app.platform, &pay_order, &out_trade_no)
                .await?;
            let url = format!("{h5}&redirect_url={}", encode(&payment.return_url));
            Ok(HttpResponse::see_other(&url))
        }
        Browser::Desktop => Ok(message(
            l,
            pick(
                l,
                "请用手机微信打开本页完成支付（可复制本页链接发送到手机）。",
                "Open this page in WeChat on your phone to pay (send yourself this page's link).",
            ),
            &payment.return_url,
            back_origin,
        )),
        Browser::Wechat => {
            let page = format!("{}/v1/pay/wechat/{id}", app.config.payments.public_url);
            let Some(code) = req
                .query_param("code")
                .filter(|c| !c.is_empty() && c.len() < 256)
            else {
                let to = authorize_url(&oauth.authorize_base, wechat.app_id(), &page, id.as_str());
                return Ok(HttpResponse::see_other(&to));
            };
            let openid = openid(app, wechat.app_id(), oauth, &code).await?;
            let prepay_id = wechat
                .prepay_jsapi(&app.platform, &pay_order, &out_trade_no, &openid)
                .await?;
            let nonce = crate::base::random::hex(16)?;
            let params = wechat.jsapi_pay_params(&prepay_id, app.now, &nonce)?;
            let script_nonce = crate::base::random::hex(16)?;
            let body = format!(
                "<main><div class=\"card\"><h1>{title}</h1><p class=\"amount\">{amount}</p>\
                 <p class=\"muted\">{wait}</p><a class=\"button\" href=\"{back}\">{back_label}</a></div></main>\
                 <script nonce=\"{script_nonce}\">(function(){{var p={params},b={back_js};\
                 function pay(){{WeixinJSBridge.invoke('getBrandWCPayRequest',p,function(){{location.replace(b);}});}}\
                 if(typeof WeixinJSBridge==='undefined'){{document.addEventListener('WeixinJSBridgeReady',pay,false);}}else{{pay();}}}})();</script>",
                title = pick(l, "微信支付", "WeChat Pay"),
                amount = escape(&payment.amount.to_string()),
                wait = pick(l, "正在调起微信支付…", "Opening WeChat Pay…"),
                back = escape(&payment.return_url),
                back_label = pick(l, "返回商店", "Back to the shop"),
                params = script_json(&params),
                back_js = script_json(&serde_json::Value::String(payment.return_url.clone())),
            );
            let mut response = HttpResponse::html(
                200,
                pay_page::frame(l, pick(l, "微信支付", "WeChat Pay"), &body),
                &[back_origin],
            );
            let csp = response
                .header("content-security-policy")
                .unwrap_or_default()
                .replacen(
                    "default-src 'none';",
                    &format!("default-src 'none'; script-src 'nonce-{script_nonce}';"),
                    1,
                );
            response.set_header("content-security-policy", &csp);
            Ok(response)
        }
    }
}

fn pick(l: Locale, zh: &'static str, en: &'static str) -> &'static str {
    match l {
        Locale::ZhCn => zh,
        Locale::En => en,
    }
}

fn message(l: Locale, text: &str, back: &str, back_origin: &str) -> HttpResponse {
    let body = format!(
        "<main><div class=\"card\"><h1>{}</h1><p data-testid=\"wechat-state\">{}</p>\
         <a class=\"button\" href=\"{}\">{}</a></div></main>",
        pick(l, "微信支付", "WeChat Pay"),
        escape(text),
        escape(back),
        pick(l, "返回商店", "Back to the shop"),
    );
    HttpResponse::html(200, pay_page::frame(l, "WeChat Pay", &body), &[back_origin])
}

/// The shopper's openid for this official account, from an OAuth `code`.
async fn openid<P: Ports>(
    app: &Services<P>,
    app_id: &str,
    oauth: &crate::base::config::WechatOauthConfig,
    code: &str,
) -> Result<String, Error> {
    let url = format!(
        "{}/sns/oauth2/access_token?appid={}&secret={}&code={}&grant_type=authorization_code",
        oauth.api_base,
        encode(app_id),
        encode(oauth.app_secret.expose()),
        encode(code)
    );
    let answer = app
        .platform
        .send(OutboundRequest {
            method: Method::Get,
            url,
            headers: vec![("accept".into(), "application/json".into())],
            body: Vec::new(),
        })
        .await?;
    let json: serde_json::Value =
        serde_json::from_slice(&answer.body).map_err(|_| PaymentError::InvalidResponse {
            detail: "WeChat OAuth answered something other than JSON".into(),
        })?;
    match json["openid"].as_str() {
        Some(openid) if answer.status == 200 && !openid.is_empty() => Ok(openid.to_owned()),
        // An old or reused code: the shopper starts the page again.
        _ if json["errcode"] == 40163 || json["errcode"] == 40029 => Err(unavailable()),
        _ => Err(PaymentError::Refused {
            status: answer.status,
            detail: format!("oauth errcode {}", json["errcode"]),
        }
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_decides_jsapi_h5_or_a_phone() {
        let wechat = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40(0x18002831) NetType/WIFI Language/zh_CN";
        assert_eq!(browser(wechat), Browser::Wechat);
        assert_eq!(
            browser("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"),
            Browser::Phone
        );
        assert_eq!(
            browser("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"),
            Browser::Desktop
        );
    }

    #[test]
    fn the_oauth_url_asks_only_for_the_openid_and_comes_back_to_the_pay_page() {
        let url = authorize_url(
            "https://open.weixin.qq.com",
            "wx123",
            "https://edge.example/v1/pay/wechat/PS-1",
            "PS-1",
        );
        assert_eq!(
            url,
            "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx123&redirect_uri=https%3A%2F%2Fedge.example%2Fv1%2Fpay%2Fwechat%2FPS-1&response_type=code&scope=snsapi_base&state=PS-1#wechat_redirect"
        );
    }

    #[test]
    fn json_in_the_script_cannot_close_it() {
        let v = serde_json::json!({"a": "</script><script>alert(1)</script>"});
        assert!(!script_json(&v).contains("</script>"));
    }
}

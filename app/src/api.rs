//! The widget's only HTTP: the Edge API's shop routes, sent cross-origin through
//! [`pocketshop_client`].
//!
//! Invariants: only quotes and orders carry the chain store's member token; an
//! order carries its checkout's idempotency key, which the caller owns and reuses on
//! a retry (nothing here retries on its own); what an answer changes is drawn in a
//! task after the one that decoded it.

use pocketshop_client::{encode, json, Answer, FetchError, Request};
use pocketshop_shared::api::{
    AfterSalesRequest, CreateOrderRequest, OrderCreated, OrderView, ProductList, QuoteRequest,
    ShopProfile,
};
use pocketshop_shared::catalogue::ShopProduct;
use pocketshop_shared::quote::Quote;
use pocketshop_shared::supply::AfterSalesCase;
use pocketshop_shared::{Category, OrderId, ProductId, ShopId};
use serde::de::DeserializeOwned;

/// What a product list asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// `all` or `new`.
    pub collection: Option<String>,
    /// Only this category.
    pub category: Option<Category>,
    /// A search text.
    pub q: String,
    /// The page after this cursor.
    pub cursor: Option<String>,
    /// Page size.
    pub limit: u32,
}

/// A client of one edge deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    base: String,
    member_token: Option<String>,
}

impl Client {
    /// A client for the edge at `base` (its origin, such as `https://shop.example`).
    pub fn new(base: &str) -> Client {
        Client {
            base: base.trim_end_matches('/').to_owned(),
            member_token: None,
        }
    }

    /// The same client, sending a chain store's member token with quotes and orders
    /// (only there: a custom header on catalogue reads would cost each a preflight).
    pub fn with_member_token(mut self, token: Option<String>) -> Client {
        self.member_token = token;
        self
    }

    /// The edge's origin.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// `GET /v1/shops/{shop}`.
    pub async fn shop(&self, shop: &ShopId) -> Result<ShopProfile, FetchError> {
        self.get(&format!("/v1/shops/{shop}")).await
    }

    /// `GET /v1/shops/{shop}/products`, and whether the edge marked it stale (the
    /// supplier failed and this is its last good catalogue: `x-pocketshop-stale: 1`).
    pub async fn products(
        &self,
        shop: &ShopId,
        q: &ListQuery,
    ) -> Result<(ProductList, bool), FetchError> {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(c) = &q.collection {
            query.append_pair("collection", c);
        }
        if let Some(c) = q.category {
            query.append_pair("category", c.slug());
        }
        if !q.q.trim().is_empty() {
            query.append_pair("q", q.q.trim());
        }
        if let Some(c) = &q.cursor {
            query.append_pair("cursor", c);
        }
        if q.limit > 0 {
            query.append_pair("limit", &q.limit.to_string());
        }
        let query = query.finish();
        let sep = if query.is_empty() { "" } else { "?" };
        let url = format!("{}/v1/shops/{shop}/products{sep}{query}", self.base);
        let answer = pocketshop_client::send(request(&url, "GET", &[]), None).await?;
        let stale = answer
            .header("x-pocketshop-stale")
            .is_some_and(|v| v == "1");
        answer.decode().map(|list| (list, stale))
    }

    /// `GET /v1/shops/{shop}/products/{id}`.
    pub async fn product(&self, shop: &ShopId, id: &ProductId) -> Result<ShopProduct, FetchError> {
        self.get(&format!("/v1/shops/{shop}/products/{id}")).await
    }

    /// `POST /v1/shops/{shop}/quote`.
    pub async fn quote(&self, shop: &ShopId, req: &QuoteRequest) -> Result<Quote, FetchError> {
        let body = json(req)?;
        self.send_as_member("POST", &format!("/v1/shops/{shop}/quote"), Some(body), None)
            .await
    }

    /// `POST /v1/shops/{shop}/orders` with the checkout's idempotency key.
    pub async fn create_order(
        &self,
        shop: &ShopId,
        req: &CreateOrderRequest,
        idempotency_key: &str,
    ) -> Result<OrderCreated, FetchError> {
        let body = json(req)?;
        self.send_as_member(
            "POST",
            &format!("/v1/shops/{shop}/orders"),
            Some(body),
            Some(idempotency_key),
        )
        .await
    }

    /// `GET /v1/orders/{id}?token=`.
    pub async fn order(&self, id: &OrderId, token: &str) -> Result<OrderView, FetchError> {
        let token = encode(token);
        self.get(&format!("/v1/orders/{id}?token={token}")).await
    }

    /// `POST /v1/orders/{id}/after-sales?token=`: asks for a return or refund.
    pub async fn request_after_sales(
        &self,
        id: &OrderId,
        token: &str,
        req: &AfterSalesRequest,
    ) -> Result<AfterSalesCase, FetchError> {
        let token = encode(token);
        let body = json(req)?;
        self.send(
            "POST",
            &format!("/v1/orders/{id}/after-sales?token={token}"),
            Some(body),
            None,
        )
        .await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, FetchError> {
        self.send("GET", path, None, None).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
        idempotency_key: Option<&str>,
    ) -> Result<T, FetchError> {
        self.send_with(method, path, body, idempotency_key, None)
            .await
    }

    /// [`Client::send`] with the member token, when there is one.
    async fn send_as_member<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
        idempotency_key: Option<&str>,
    ) -> Result<T, FetchError> {
        let member = self.member_token.as_deref();
        self.send_with(method, path, body, idempotency_key, member)
            .await
    }

    async fn send_with<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
        idempotency_key: Option<&str>,
        member_token: Option<&str>,
    ) -> Result<T, FetchError> {
        let answer = self
            .answer(method, path, body, idempotency_key, member_token)
            .await?
            .decode();
        // What the answer changes is drawn in a task of its own: the first answer's
        // decoding and drawing in one task run past 50 ms (`browser::next_task`).
        crate::browser::next_task().await;
        answer
    }

    /// The answer to a request, before it is decoded: apart from
    /// [`Client::send_with`], so that only the decoding is compiled once per answer
    /// type.
    async fn answer(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
        idempotency_key: Option<&str>,
        member_token: Option<&str>,
    ) -> Result<Answer, FetchError> {
        let url = format!("{}{path}", self.base);
        let headers = [
            ("idempotency-key", idempotency_key),
            ("x-pocketshop-member", member_token),
        ];
        pocketshop_client::send(request(&url, method, &headers), body).await
    }
}

/// A cross-origin request: the widget runs on the host page's origin.
fn request<'a>(
    url: &'a str,
    method: &'a str,
    headers: &'a [(&'a str, Option<&'a str>)],
) -> Request<'a> {
    Request {
        method,
        url,
        mode: web_sys::RequestMode::Cors,
        headers,
    }
}

// Flash sales and groups.
impl Client {
    /// `GET /v1/shops/{shop}/campaigns?shopper=`: flash sales and group deals running
    /// or coming, with live counts, and which open groups this shopper is in.
    pub async fn campaigns(
        &self,
        shop: &ShopId,
        shopper: &pocketshop_shared::ShopperId,
    ) -> Result<pocketshop_shared::campaign::CampaignList, FetchError> {
        self.get(&format!("/v1/shops/{shop}/campaigns?shopper={shopper}"))
            .await
    }

    /// `GET /v1/shops/{shop}/groups/{group}?shopper=`: a group as anyone with its link
    /// sees it, and whether this shopper holds a place in it.
    pub async fn group(
        &self,
        shop: &ShopId,
        group: &str,
        shopper: &pocketshop_shared::ShopperId,
    ) -> Result<pocketshop_shared::campaign::GroupView, FetchError> {
        let group = encode(group);
        self.get(&format!(
            "/v1/shops/{shop}/groups/{group}?shopper={shopper}"
        ))
        .await
    }
}

// Coupons wallet and sharer earnings.
impl Client {
    /// `GET /v1/shops/{shop}/coupons?shopper=`: the shopper's coupons (issuing those
    /// due).
    pub async fn wallet(
        &self,
        shop: &ShopId,
        shopper: &pocketshop_shared::ShopperId,
    ) -> Result<pocketshop_shared::api::Wallet, FetchError> {
        self.get(&format!("/v1/shops/{shop}/coupons?shopper={shopper}"))
            .await
    }

    /// `POST /v1/shops/{shop}/sharers`: this shopper's sharer code and its token.
    pub async fn sharer(
        &self,
        shop: &ShopId,
        shopper: &pocketshop_shared::ShopperId,
    ) -> Result<pocketshop_shared::referral::SharerCreated, FetchError> {
        let body = json(&pocketshop_shared::referral::SharerRequest {
            shopper: shopper.clone(),
        })?;
        self.send(
            "POST",
            &format!("/v1/shops/{shop}/sharers"),
            Some(body),
            None,
        )
        .await
    }

    /// `GET /v1/shops/{shop}/sharers/{code}?token=`: what a sharer's links earned.
    pub async fn earnings(
        &self,
        shop: &ShopId,
        code: &pocketshop_shared::referral::SharerCode,
        token: &str,
    ) -> Result<pocketshop_shared::referral::SharerEarnings, FetchError> {
        let token = encode(token);
        self.get(&format!("/v1/shops/{shop}/sharers/{code}?token={token}"))
            .await
    }
}

// Agents, bargains, pre-sale.
impl Client {
    /// `POST /v1/shops/{shop}/agents`: apply to become an agent of the shop.
    pub async fn apply_agent(
        &self,
        shop: &ShopId,
        application: &pocketshop_shared::agent::AgentApplication,
    ) -> Result<pocketshop_shared::agent::AgentApplied, FetchError> {
        let body = json(application)?;
        self.send(
            "POST",
            &format!("/v1/shops/{shop}/agents"),
            Some(body),
            None,
        )
        .await
    }

    /// `GET /v1/agents/{id}?token=`: an application's status.
    pub async fn agent(
        &self,
        id: &str,
        token: &str,
    ) -> Result<pocketshop_shared::agent::AgentStatusView, FetchError> {
        self.get(&format!(
            "/v1/agents/{}?token={}",
            encode(id),
            encode(token)
        ))
        .await
    }

    /// `GET /v1/shops/{shop}/bargain-offers`: which products can be bargained.
    pub async fn bargain_offers(
        &self,
        shop: &ShopId,
    ) -> Result<pocketshop_shared::bargain::BargainOffers, FetchError> {
        self.get(&format!("/v1/shops/{shop}/bargain-offers")).await
    }

    /// `POST /v1/shops/{shop}/bargains`: start a bargain (or get the running one).
    pub async fn start_bargain(
        &self,
        shop: &ShopId,
        start: &pocketshop_shared::bargain::StartBargain,
    ) -> Result<pocketshop_shared::bargain::BargainView, FetchError> {
        let body = json(start)?;
        self.send(
            "POST",
            &format!("/v1/shops/{shop}/bargains"),
            Some(body),
            None,
        )
        .await
    }

    /// `GET /v1/shops/{shop}/bargains/{id}?shopper=`.
    pub async fn bargain(
        &self,
        shop: &ShopId,
        id: &str,
        shopper: &pocketshop_shared::ShopperId,
    ) -> Result<pocketshop_shared::bargain::BargainView, FetchError> {
        self.get(&format!(
            "/v1/shops/{shop}/bargains/{}?shopper={shopper}",
            encode(id)
        ))
        .await
    }

    /// `POST /v1/shops/{shop}/bargains/{id}/help`: help a friend's bargain once.
    pub async fn help_bargain(
        &self,
        shop: &ShopId,
        id: &str,
        shopper: &pocketshop_shared::ShopperId,
    ) -> Result<pocketshop_shared::bargain::Helped, FetchError> {
        let body = json(&pocketshop_shared::bargain::HelpBargain {
            shopper: shopper.clone(),
        })?;
        self.send(
            "POST",
            &format!("/v1/shops/{shop}/bargains/{}/help", encode(id)),
            Some(body),
            None,
        )
        .await
    }

    /// `GET /v1/shops/{shop}/presale?shopper=`: styles and this shopper's notices.
    pub async fn presale(
        &self,
        shop: &ShopId,
        shopper: &pocketshop_shared::ShopperId,
    ) -> Result<pocketshop_shared::presale::PresaleView, FetchError> {
        self.get(&format!("/v1/shops/{shop}/presale?shopper={shopper}"))
            .await
    }

    /// `POST /v1/shops/{shop}/presale/{style}/votes`: vote for a style once.
    pub async fn vote(
        &self,
        shop: &ShopId,
        style: &str,
        shopper: &pocketshop_shared::ShopperId,
    ) -> Result<pocketshop_shared::presale::Voted, FetchError> {
        let body = json(&pocketshop_shared::presale::Vote {
            shopper: shopper.clone(),
        })?;
        self.send(
            "POST",
            &format!("/v1/shops/{shop}/presale/{}/votes", encode(style)),
            Some(body),
            None,
        )
        .await
    }
}

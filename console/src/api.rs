//! The console's only HTTP: the owner API (`/v1/admin/*`) of the edge that serves the
//! console, same-origin, through [`pocketshop_client`].
//!
//! Invariants: every request but sign-up and sign-in carries `Authorization: Bearer`
//! with the session's token, and nothing else carries it; a lost session is told
//! apart by [`FetchError::is_unauthorized`].

use pocketshop_client::{encode, json, Answer, FetchError, Request};
use pocketshop_shared::owner::{
    CatalogueQuery, DailyPicks, FollowCategories, MarkupPreview, MarkupRules, Me, MemberSecret,
    NewShop, OwnerOrders, OwnerProductPage, OwnerShop, Session, ShopSettings, SignIn, SignUp,
};
use pocketshop_shared::{ProductId, ShopId};
use serde::de::DeserializeOwned;

/// A client of the owner API, with the session's token when signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    token: Option<String>,
}

impl Client {
    /// A client sending `token` (none: only sign-up and sign-in work).
    pub fn new(token: Option<String>) -> Client {
        Client { token }
    }

    /// `POST /v1/admin/signup`.
    pub async fn sign_up(&self, body: &SignUp) -> Result<Session, FetchError> {
        self.call("POST", "/v1/admin/signup", Some(json(body)?))
            .await
    }

    /// `POST /v1/admin/signin`.
    pub async fn sign_in(&self, body: &SignIn) -> Result<Session, FetchError> {
        self.call("POST", "/v1/admin/signin", Some(json(body)?))
            .await
    }

    /// `POST /v1/admin/signout`.
    pub async fn sign_out(&self) -> Result<(), FetchError> {
        self.call_empty("POST", "/v1/admin/signout", None).await
    }

    /// `GET /v1/admin/me`.
    pub async fn me(&self) -> Result<Me, FetchError> {
        self.call("GET", "/v1/admin/me", None).await
    }

    /// `POST /v1/admin/shops`.
    pub async fn create_shop(&self, body: &NewShop) -> Result<OwnerShop, FetchError> {
        self.call("POST", "/v1/admin/shops", Some(json(body)?))
            .await
    }

    /// `GET /v1/admin/shops/{shop}`.
    pub async fn shop(&self, shop: &ShopId) -> Result<OwnerShop, FetchError> {
        self.call("GET", &format!("/v1/admin/shops/{shop}"), None)
            .await
    }

    /// `PATCH /v1/admin/shops/{shop}`.
    pub async fn update_shop(
        &self,
        shop: &ShopId,
        body: &ShopSettings,
    ) -> Result<OwnerShop, FetchError> {
        self.call(
            "PATCH",
            &format!("/v1/admin/shops/{shop}"),
            Some(json(body)?),
        )
        .await
    }

    /// `GET /v1/admin/shops/{shop}/catalogue?…`.
    pub async fn catalogue(
        &self,
        shop: &ShopId,
        query: &CatalogueQuery,
    ) -> Result<OwnerProductPage, FetchError> {
        let qs = query.to_query_string();
        let sep = if qs.is_empty() { "" } else { "?" };
        self.call(
            "GET",
            &format!("/v1/admin/shops/{shop}/catalogue{sep}{qs}"),
            None,
        )
        .await
    }

    /// `PUT` (pick) or `DELETE` (unpick) `/v1/admin/shops/{shop}/products/{id}`.
    pub async fn set_picked(
        &self,
        shop: &ShopId,
        product: &ProductId,
        picked: bool,
    ) -> Result<(), FetchError> {
        let method = if picked { "PUT" } else { "DELETE" };
        self.call_empty(
            method,
            &format!("/v1/admin/shops/{shop}/products/{product}"),
            None,
        )
        .await
    }

    /// `PUT /v1/admin/shops/{shop}/categories`.
    pub async fn follow(&self, shop: &ShopId, body: &FollowCategories) -> Result<(), FetchError> {
        self.call_empty(
            "PUT",
            &format!("/v1/admin/shops/{shop}/categories"),
            Some(json(body)?),
        )
        .await
    }

    /// `PUT /v1/admin/shops/{shop}/markup`.
    pub async fn save_markup(
        &self,
        shop: &ShopId,
        body: &MarkupRules,
    ) -> Result<OwnerShop, FetchError> {
        self.call(
            "PUT",
            &format!("/v1/admin/shops/{shop}/markup"),
            Some(json(body)?),
        )
        .await
    }

    /// `POST /v1/admin/shops/{shop}/markup/preview`.
    pub async fn preview_markup(
        &self,
        shop: &ShopId,
        body: &MarkupRules,
    ) -> Result<MarkupPreview, FetchError> {
        self.call(
            "POST",
            &format!("/v1/admin/shops/{shop}/markup/preview"),
            Some(json(body)?),
        )
        .await
    }

    /// `PUT /v1/admin/shops/{shop}/picks`.
    pub async fn save_picks(&self, shop: &ShopId, body: &DailyPicks) -> Result<(), FetchError> {
        self.call_empty(
            "PUT",
            &format!("/v1/admin/shops/{shop}/picks"),
            Some(json(body)?),
        )
        .await
    }

    /// `GET /v1/admin/shops/{shop}/orders?cursor=`.
    pub async fn orders(
        &self,
        shop: &ShopId,
        cursor: Option<&str>,
    ) -> Result<OwnerOrders, FetchError> {
        let query = cursor.map_or_else(String::new, |c| {
            let c = encode(c);
            format!("?cursor={c}")
        });
        self.call(
            "GET",
            &format!("/v1/admin/shops/{shop}/orders{query}"),
            None,
        )
        .await
    }

    /// `POST /v1/admin/member-secret`: a new brand-wide secret for chain-store member
    /// tokens (the old one stops verifying).
    pub async fn rotate_member_secret(&self) -> Result<MemberSecret, FetchError> {
        self.call("POST", "/v1/admin/member-secret", None).await
    }

    /// `GET /v1/admin/shops/{shop}/orders.csv`: the CSV text.
    pub async fn orders_csv(&self, shop: &ShopId) -> Result<String, FetchError> {
        self.raw("GET", &format!("/v1/admin/shops/{shop}/orders.csv"), None)
            .await?
            .text()
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
    ) -> Result<T, FetchError> {
        self.raw(method, path, body).await?.decode()
    }

    async fn call_empty(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
    ) -> Result<(), FetchError> {
        self.raw(method, path, body).await?.text().map(drop)
    }

    async fn raw(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
    ) -> Result<Answer, FetchError> {
        let bearer = self.token.as_deref().map(|token| format!("Bearer {token}"));
        let request = Request {
            method,
            url: path,
            mode: web_sys::RequestMode::SameOrigin,
            headers: &[("authorization", bearer.as_deref())],
        };
        pocketshop_client::send(request, body).await
    }
}

// Coupons and their issue rules.
impl Client {
    /// `GET /v1/admin/shops/{shop}/coupons`.
    pub async fn coupons(
        &self,
        shop: &ShopId,
    ) -> Result<Vec<pocketshop_shared::api::OwnerCoupon>, FetchError> {
        self.call("GET", &format!("/v1/admin/shops/{shop}/coupons"), None)
            .await
    }

    /// `POST /v1/admin/shops/{shop}/coupons`.
    pub async fn create_coupon(
        &self,
        shop: &ShopId,
        body: &pocketshop_shared::coupon::Coupon,
    ) -> Result<pocketshop_shared::api::OwnerCoupon, FetchError> {
        self.call(
            "POST",
            &format!("/v1/admin/shops/{shop}/coupons"),
            Some(json(body)?),
        )
        .await
    }

    /// `GET /v1/admin/shops/{shop}/coupon-rules`.
    pub async fn coupon_rules(
        &self,
        shop: &ShopId,
    ) -> Result<pocketshop_shared::coupon::IssueRules, FetchError> {
        self.call("GET", &format!("/v1/admin/shops/{shop}/coupon-rules"), None)
            .await
    }

    /// `PUT /v1/admin/shops/{shop}/coupon-rules`.
    pub async fn save_coupon_rules(
        &self,
        shop: &ShopId,
        body: &pocketshop_shared::coupon::IssueRules,
    ) -> Result<pocketshop_shared::coupon::IssueRules, FetchError> {
        self.call(
            "PUT",
            &format!("/v1/admin/shops/{shop}/coupon-rules"),
            Some(json(body)?),
        )
        .await
    }
}

// Agents, bargains, pre-sale.
impl Client {
    /// `GET /v1/admin/shops/{shop}/agents`: the policy and every agent, with sales.
    pub async fn agents(
        &self,
        shop: &ShopId,
    ) -> Result<pocketshop_shared::agent::OwnerAgents, FetchError> {
        self.call("GET", &format!("/v1/admin/shops/{shop}/agents"), None)
            .await
    }

    /// `PUT /v1/admin/shops/{shop}/agents/policy`.
    pub async fn save_agent_policy(
        &self,
        shop: &ShopId,
        body: &pocketshop_shared::agent::AgentPolicy,
    ) -> Result<pocketshop_shared::agent::AgentPolicy, FetchError> {
        self.call(
            "PUT",
            &format!("/v1/admin/shops/{shop}/agents/policy"),
            Some(json(body)?),
        )
        .await
    }

    /// `GET /v1/admin/shops/{shop}/commission`: what agents and sharers earn.
    pub async fn commission_shares(
        &self,
        shop: &ShopId,
    ) -> Result<pocketshop_shared::commission::CommissionShares, FetchError> {
        self.call("GET", &format!("/v1/admin/shops/{shop}/commission"), None)
            .await
    }

    /// `PUT /v1/admin/shops/{shop}/commission`.
    pub async fn save_commission_shares(
        &self,
        shop: &ShopId,
        body: &pocketshop_shared::commission::CommissionShares,
    ) -> Result<pocketshop_shared::commission::CommissionShares, FetchError> {
        self.call(
            "PUT",
            &format!("/v1/admin/shops/{shop}/commission"),
            Some(json(body)?),
        )
        .await
    }

    /// `POST /v1/admin/shops/{shop}/agents/{id}/approve` or `/reject`.
    pub async fn decide_agent(
        &self,
        shop: &ShopId,
        id: &str,
        approve: bool,
    ) -> Result<pocketshop_shared::agent::AgentStatusView, FetchError> {
        let verb = if approve { "approve" } else { "reject" };
        let id = encode(id);
        self.call(
            "POST",
            &format!("/v1/admin/shops/{shop}/agents/{id}/{verb}"),
            None,
        )
        .await
    }

    /// `GET /v1/admin/shops/{shop}/bargains`: the settings and the newest bargains.
    pub async fn bargains(
        &self,
        shop: &ShopId,
    ) -> Result<pocketshop_shared::bargain::OwnerBargains, FetchError> {
        self.call("GET", &format!("/v1/admin/shops/{shop}/bargains"), None)
            .await
    }

    /// `PUT /v1/admin/shops/{shop}/bargain-offers/{product}`.
    pub async fn save_bargain_offer(
        &self,
        shop: &ShopId,
        product: &pocketshop_shared::ProductId,
        body: &pocketshop_shared::bargain::BargainSettings,
    ) -> Result<pocketshop_shared::bargain::BargainOffer, FetchError> {
        self.call(
            "PUT",
            &format!("/v1/admin/shops/{shop}/bargain-offers/{product}"),
            Some(json(body)?),
        )
        .await
    }

    /// `DELETE /v1/admin/shops/{shop}/bargain-offers/{product}`.
    pub async fn delete_bargain_offer(
        &self,
        shop: &ShopId,
        product: &pocketshop_shared::ProductId,
    ) -> Result<(), FetchError> {
        self.call_empty(
            "DELETE",
            &format!("/v1/admin/shops/{shop}/bargain-offers/{product}"),
            None,
        )
        .await
    }

    /// `GET /v1/admin/shops/{shop}/styles`.
    pub async fn styles(
        &self,
        shop: &ShopId,
    ) -> Result<pocketshop_shared::presale::OwnerStyles, FetchError> {
        self.call("GET", &format!("/v1/admin/shops/{shop}/styles"), None)
            .await
    }

    /// `POST /v1/admin/shops/{shop}/styles`.
    pub async fn post_style(
        &self,
        shop: &ShopId,
        body: &pocketshop_shared::presale::NewStyle,
    ) -> Result<pocketshop_shared::presale::Style, FetchError> {
        self.call(
            "POST",
            &format!("/v1/admin/shops/{shop}/styles"),
            Some(json(body)?),
        )
        .await
    }

    /// `POST /v1/admin/shops/{shop}/styles/{id}/promote`.
    pub async fn promote_style(
        &self,
        shop: &ShopId,
        id: &str,
        body: &pocketshop_shared::presale::PromoteStyle,
    ) -> Result<pocketshop_shared::presale::Style, FetchError> {
        let id = encode(id);
        self.call(
            "POST",
            &format!("/v1/admin/shops/{shop}/styles/{id}/promote"),
            Some(json(body)?),
        )
        .await
    }
}

// Flash sales and group deals.
impl Client {
    /// `GET /v1/admin/shops/{shop}/flash-sales`: running, coming and recent sales,
    /// with their live counts.
    pub async fn flash_sales(
        &self,
        shop: &ShopId,
    ) -> Result<Vec<pocketshop_shared::campaign::FlashSaleView>, FetchError> {
        self.call("GET", &format!("/v1/admin/shops/{shop}/flash-sales"), None)
            .await
    }

    /// `POST /v1/admin/shops/{shop}/flash-sales`.
    pub async fn create_flash_sale(
        &self,
        shop: &ShopId,
        body: &pocketshop_shared::campaign::NewFlashSale,
    ) -> Result<pocketshop_shared::campaign::FlashSale, FetchError> {
        self.call(
            "POST",
            &format!("/v1/admin/shops/{shop}/flash-sales"),
            Some(json(body)?),
        )
        .await
    }

    /// `POST /v1/admin/shops/{shop}/flash-sales/{id}/end`.
    pub async fn end_flash_sale(&self, shop: &ShopId, id: &str) -> Result<(), FetchError> {
        let id = encode(id);
        self.call_empty(
            "POST",
            &format!("/v1/admin/shops/{shop}/flash-sales/{id}/end"),
            None,
        )
        .await
    }

    /// `GET /v1/admin/shops/{shop}/group-deals`: running, coming and recent deals,
    /// with their open groups.
    pub async fn group_deals(
        &self,
        shop: &ShopId,
    ) -> Result<Vec<pocketshop_shared::campaign::GroupDealView>, FetchError> {
        self.call("GET", &format!("/v1/admin/shops/{shop}/group-deals"), None)
            .await
    }

    /// `POST /v1/admin/shops/{shop}/group-deals`.
    pub async fn create_group_deal(
        &self,
        shop: &ShopId,
        body: &pocketshop_shared::campaign::NewGroupDeal,
    ) -> Result<pocketshop_shared::campaign::GroupDeal, FetchError> {
        self.call(
            "POST",
            &format!("/v1/admin/shops/{shop}/group-deals"),
            Some(json(body)?),
        )
        .await
    }

    /// `POST /v1/admin/shops/{shop}/group-deals/{id}/end`.
    pub async fn end_group_deal(&self, shop: &ShopId, id: &str) -> Result<(), FetchError> {
        let id = encode(id);
        self.call_empty(
            "POST",
            &format!("/v1/admin/shops/{shop}/group-deals/{id}/end"),
            None,
        )
        .await
    }
}

//! What the edge keeps of owners: accounts, sessions, failed sign-ins, and the
//! settings and order lists of their shops.
//!
//! Invariants: a session is found only by the hash of its token, never the token.

use super::{OrderSummary, OwnerRecord, ShopRecord, StoreError};
use pocketshop_shared::catalogue::Category;
use pocketshop_shared::pricing::MarkupRule;
use pocketshop_shared::{ProductId, ShopId};

#[allow(async_fn_in_trait)] // Workers run one thread: futures need not be Send.
pub trait OwnerStore {
    /// Stores a new owner; `false` when the e-mail already has an account.
    async fn insert_owner(&self, owner: &OwnerRecord) -> Result<bool, StoreError>;

    /// The owner with this (lowercased) e-mail.
    async fn owner_by_email(&self, email: &str) -> Result<Option<OwnerRecord>, StoreError>;

    /// The owner with this id.
    async fn owner(&self, id: &str) -> Result<Option<OwnerRecord>, StoreError>;

    /// Stores a session by the SHA-256 of its token.
    async fn insert_session(
        &self,
        token_hash: &str,
        owner: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<(), StoreError>;

    /// The owner of an unexpired session.
    async fn session_owner(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<OwnerRecord>, StoreError>;

    /// Revokes a session.
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;

    /// How many sign-in failures `subject` had since `since`, and the oldest of them.
    async fn sign_in_failures(
        &self,
        subject: &str,
        since: i64,
    ) -> Result<(u32, Option<i64>), StoreError>;

    /// Records one sign-in failure for each subject (`email:…`, `ip:…`).
    async fn record_sign_in_failure(&self, subjects: &[String], now: i64)
        -> Result<(), StoreError>;

    /// Forgets a subject's failures (after a successful sign-in).
    async fn clear_sign_in_failures(&self, subject: &str) -> Result<(), StoreError>;

    /// Stores a new shop owned by `shop.owner_id`; `false` when the slug is taken.
    async fn insert_shop(&self, shop: &ShopRecord, now: i64) -> Result<bool, StoreError>;

    /// The ids of an owner's shops, oldest first.
    async fn owner_shops(&self, owner: &str) -> Result<Vec<ShopId>, StoreError>;

    /// Saves a shop's name, locale, theme, allowed origins and payment methods.
    async fn update_shop(&self, shop: &ShopRecord) -> Result<(), StoreError>;

    /// Replaces a shop's markup rules.
    async fn set_markup(&self, shop: &ShopId, rules: &[MarkupRule]) -> Result<(), StoreError>;

    /// Picks (or unpicks) one product.
    async fn set_picked(
        &self,
        shop: &ShopId,
        product: &ProductId,
        picked: bool,
        now: i64,
    ) -> Result<(), StoreError>;

    /// Replaces the categories a shop follows.
    async fn set_followed(&self, shop: &ShopId, categories: &[Category]) -> Result<(), StoreError>;

    /// Replaces a shop's daily picks, in order.
    async fn set_daily_picks(
        &self,
        shop: &ShopId,
        products: &[ProductId],
    ) -> Result<(), StoreError>;

    /// Sets an owner's member-token secret.
    async fn set_member_secret(&self, owner: &str, secret: &str) -> Result<(), StoreError>;

    /// Every order of a shop, newest first.
    async fn shop_orders(&self, shop: &ShopId) -> Result<Vec<OrderSummary>, StoreError>;
}

//! The [`OwnerStore`] on D1: owners, sessions, failed sign-ins and shop settings.

use super::{
    corrupt, db, int, json_text, locale_tag, rule_values, text, D1Store, OwnerRow, OWNER_COLUMNS,
};
use crate::ports::store::owners::OwnerStore;
use crate::ports::store::{OrderSummary, OwnerRecord, ShopRecord, StoreError};
use pocketshop_shared::catalogue::Category;
use pocketshop_shared::pricing::MarkupRule;
use pocketshop_shared::{Currency, Money, OrderId, OrderStatus, PaymentMethod, ProductId, ShopId};
use serde::Deserialize;
use wasm_bindgen::JsValue;

impl OwnerStore for D1Store {
    async fn insert_owner(&self, owner: &OwnerRecord) -> Result<bool, StoreError> {
        let inserted = self
            .run(
                "INSERT INTO owners (id, email, password_hash, member_secret, created_at) \
                 VALUES (?1, ?2, ?3, NULL, ?4) ON CONFLICT (email) DO NOTHING",
                &[
                    text(&owner.id),
                    text(&owner.email),
                    text(&owner.password_hash),
                    int(owner.created_at),
                ],
            )
            .await?;
        Ok(inserted == 1)
    }

    async fn owner_by_email(&self, email: &str) -> Result<Option<OwnerRecord>, StoreError> {
        Ok(self
            .first::<OwnerRow>(
                &format!("{OWNER_COLUMNS} WHERE owners.email = ?1"),
                &[text(email)],
            )
            .await?
            .map(OwnerRecord::from))
    }

    async fn owner(&self, id: &str) -> Result<Option<OwnerRecord>, StoreError> {
        Ok(self
            .first::<OwnerRow>(
                &format!("{OWNER_COLUMNS} WHERE owners.id = ?1"),
                &[text(id)],
            )
            .await?
            .map(OwnerRecord::from))
    }

    async fn insert_session(
        &self,
        token_hash: &str,
        owner: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        // Sessions expired for a day are forgotten on the way (a bounded number).
        self.db()?
            .batch(vec![
                self.stmt(
                    "DELETE FROM sessions WHERE token_hash IN \
                     (SELECT token_hash FROM sessions WHERE expires_at < ?1 LIMIT 100)",
                    &[int(now - 86_400)],
                )?,
                self.stmt(
                    "INSERT INTO sessions (token_hash, owner_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
                    &[text(token_hash), text(owner), int(now), int(expires_at)],
                )?,
            ])
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn session_owner(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<OwnerRecord>, StoreError> {
        Ok(self
            .first::<OwnerRow>(
                &format!(
                    "{OWNER_COLUMNS} JOIN sessions ON sessions.owner_id = owners.id \
                     WHERE sessions.token_hash = ?1 AND sessions.expires_at > ?2"
                ),
                &[text(token_hash), int(now)],
            )
            .await?
            .map(OwnerRecord::from))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.run(
            "DELETE FROM sessions WHERE token_hash = ?1",
            &[text(token_hash)],
        )
        .await?;
        Ok(())
    }

    async fn sign_in_failures(
        &self,
        subject: &str,
        since: i64,
    ) -> Result<(u32, Option<i64>), StoreError> {
        #[derive(Deserialize)]
        struct Row {
            n: i64,
            oldest: Option<i64>,
        }
        let row = self
            .first::<Row>(
                "SELECT COUNT(*) AS n, MIN(failed_at) AS oldest FROM sign_in_failures \
                 WHERE subject = ?1 AND failed_at > ?2",
                &[text(subject), int(since)],
            )
            .await?;
        Ok(row.map_or((0, None), |r| {
            (u32::try_from(r.n).unwrap_or(u32::MAX), r.oldest)
        }))
    }

    async fn record_sign_in_failure(
        &self,
        subjects: &[String],
        now: i64,
    ) -> Result<(), StoreError> {
        // Failures older than a day count for nothing: forget a bounded number of them.
        let mut batch = vec![self.stmt(
            "DELETE FROM sign_in_failures WHERE rowid IN \
             (SELECT rowid FROM sign_in_failures WHERE failed_at < ?1 LIMIT 100)",
            &[int(now - 86_400)],
        )?];
        for subject in subjects {
            batch.push(self.stmt(
                "INSERT INTO sign_in_failures (subject, failed_at) VALUES (?1, ?2)",
                &[text(subject), int(now)],
            )?);
        }
        self.db()?.batch(batch).await.map_err(db)?;
        Ok(())
    }

    async fn clear_sign_in_failures(&self, subject: &str) -> Result<(), StoreError> {
        self.run(
            "DELETE FROM sign_in_failures WHERE subject = ?1",
            &[text(subject)],
        )
        .await?;
        Ok(())
    }

    async fn insert_shop(&self, shop: &ShopRecord, now: i64) -> Result<bool, StoreError> {
        let methods: Vec<&str> = shop.payment_methods.iter().map(|m| m.as_str()).collect();
        let inserted = self
            .run(
                "INSERT INTO shops (id, name, currency, locale, theme, allowed_origins, features, shipping_fee, \
                 free_shipping_over, created_at, payment_methods, payment_window_secs, owner_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT (id) DO NOTHING",
                &[
                    text(shop.id.as_str()),
                    text(&shop.name),
                    text(shop.pricing.currency.code()),
                    text(locale_tag(shop.locale)),
                    json_text("theme", &shop.theme)?,
                    json_text("allowed origins", &shop.allowed_origins)?,
                    json_text("features", &shop.features)?,
                    int(shop.shipping.flat_fee.amount),
                    shop.shipping.free_over.map_or(JsValue::NULL, |m| int(m.amount)),
                    int(now),
                    json_text("payment methods", &methods)?,
                    int(shop.payment_window_secs),
                    shop.owner_id.as_deref().map_or(JsValue::NULL, text),
                ],
            )
            .await?;
        if inserted != 1 {
            return Ok(false);
        }
        self.set_markup(&shop.id, &shop.pricing.rules).await?;
        Ok(true)
    }

    async fn owner_shops(&self, owner: &str) -> Result<Vec<ShopId>, StoreError> {
        #[derive(Deserialize)]
        struct Row {
            id: String,
        }
        self.all::<Row>(
            "SELECT id FROM shops WHERE owner_id = ?1 ORDER BY created_at, id",
            &[text(owner)],
        )
        .await?
        .into_iter()
        .map(|r| ShopId::parse(&r.id).map_err(|e| corrupt("shop")(e.to_string())))
        .collect()
    }

    async fn update_shop(&self, shop: &ShopRecord) -> Result<(), StoreError> {
        let methods: Vec<&str> = shop.payment_methods.iter().map(|m| m.as_str()).collect();
        self.run(
            "UPDATE shops SET name = ?2, locale = ?3, theme = ?4, allowed_origins = ?5, payment_methods = ?6 \
             WHERE id = ?1",
            &[
                text(shop.id.as_str()),
                text(&shop.name),
                text(locale_tag(shop.locale)),
                json_text("theme", &shop.theme)?,
                json_text("allowed origins", &shop.allowed_origins)?,
                json_text("payment methods", &methods)?,
            ],
        )
        .await?;
        Ok(())
    }

    async fn set_markup(&self, shop: &ShopId, rules: &[MarkupRule]) -> Result<(), StoreError> {
        let mut batch = vec![self.stmt(
            "DELETE FROM markup_rules WHERE shop_id = ?1",
            &[text(shop.as_str())],
        )?];
        for r in rules {
            let (scope, target, kind, value) = rule_values(r);
            batch.push(self.stmt(
                "INSERT INTO markup_rules (shop_id, scope, target, kind, value) VALUES (?1, ?2, ?3, ?4, ?5)",
                &[text(shop.as_str()), text(scope), text(&target), text(kind), int(value)],
            )?);
        }
        self.db()?.batch(batch).await.map_err(db)?;
        Ok(())
    }

    async fn set_picked(
        &self,
        shop: &ShopId,
        product: &ProductId,
        picked: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        let args = [text(shop.as_str()), text(product.as_str()), int(now)];
        if picked {
            self.run(
                "INSERT INTO shop_products (shop_id, product_id, picked_at) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (shop_id, product_id) DO NOTHING",
                &args,
            )
            .await?;
        } else {
            self.run(
                "DELETE FROM shop_products WHERE shop_id = ?1 AND product_id = ?2",
                &args[..2],
            )
            .await?;
        }
        Ok(())
    }

    async fn set_followed(&self, shop: &ShopId, categories: &[Category]) -> Result<(), StoreError> {
        let mut batch = vec![self.stmt(
            "DELETE FROM shop_categories WHERE shop_id = ?1",
            &[text(shop.as_str())],
        )?];
        for c in categories {
            batch.push(self.stmt(
                "INSERT INTO shop_categories (shop_id, category) VALUES (?1, ?2) \
                 ON CONFLICT (shop_id, category) DO NOTHING",
                &[text(shop.as_str()), text(c.slug())],
            )?);
        }
        self.db()?.batch(batch).await.map_err(db)?;
        Ok(())
    }

    async fn set_daily_picks(
        &self,
        shop: &ShopId,
        products: &[ProductId],
    ) -> Result<(), StoreError> {
        let mut batch = vec![self.stmt(
            "DELETE FROM daily_picks WHERE shop_id = ?1",
            &[text(shop.as_str())],
        )?];
        for (position, p) in products.iter().enumerate() {
            batch.push(self.stmt(
                "INSERT INTO daily_picks (shop_id, position, product_id) VALUES (?1, ?2, ?3)",
                &[text(shop.as_str()), int(position as i64), text(p.as_str())],
            )?);
        }
        self.db()?.batch(batch).await.map_err(db)?;
        Ok(())
    }

    async fn set_member_secret(&self, owner: &str, secret: &str) -> Result<(), StoreError> {
        self.run(
            "UPDATE owners SET member_secret = ?2 WHERE id = ?1",
            &[text(owner), text(secret)],
        )
        .await?;
        Ok(())
    }

    async fn shop_orders(&self, shop: &ShopId) -> Result<Vec<OrderSummary>, StoreError> {
        #[derive(Deserialize)]
        struct Row {
            id: String,
            status: String,
            payment_method: String,
            currency: String,
            subtotal: i64,
            total: i64,
            supply_cost: i64,
            member_id: Option<String>,
            created_at: i64,
        }
        let c = corrupt("order");
        self.all::<Row>(
            // The goods as charged: a coupon's discount is not the owner's to earn on.
            "SELECT id, status, payment_method, currency, subtotal - discount AS subtotal, total, supply_cost, \
             member_id, created_at FROM orders WHERE shop_id = ?1 ORDER BY created_at DESC, id DESC",
            &[text(shop.as_str())],
        )
        .await?
        .into_iter()
        .map(|r| {
            let currency = Currency::parse(&r.currency).map_err(|e| c(e.to_string()))?;
            Ok(OrderSummary {
                id: OrderId::parse(&r.id).map_err(|e| c(e.to_string()))?,
                status: OrderStatus::parse(&r.status).map_err(|e| c(e.to_string()))?,
                payment_method: PaymentMethod::parse(&r.payment_method)
                    .ok_or_else(|| c(r.payment_method.clone()))?,
                subtotal: Money::new(r.subtotal, currency),
                total: Money::new(r.total, currency),
                supply_cost: Money::new(r.supply_cost, currency),
                member_id: r.member_id,
                created_at: r.created_at,
            })
        })
        .collect()
    }
}

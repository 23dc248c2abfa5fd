//! The [`CommunityStore`] on D1: agents and sub-shops, bargains and their helps,
//! pre-sale styles and votes.

use crate::adapters::d1::{
    changes, corrupt, db, int, json_text, locale_tag, opt_text, text, D1Store,
};
use crate::ports::store::community::{
    AgentRecord, BargainRecord, CommunityStore, HelpRecord, StyleRecord,
};
use crate::ports::store::{ShopRecord, StoreError};
use pocketshop_shared::agent::{AgentPolicy, AgentStatus};
use pocketshop_shared::bargain::BargainOffer;
use pocketshop_shared::presale::StyleStatus;
use pocketshop_shared::{Currency, Money, OrderId, ProductId, ShopId, ShopperId, Sku};
use serde::Deserialize;

#[derive(Deserialize)]
struct PolicyRow {
    open: i64,
    min_bp: i64,
    max_bp: i64,
}

#[derive(Deserialize)]
struct AgentRow {
    id: String,
    token_hash: String,
    parent_shop: String,
    root_shop: String,
    level: i64,
    upstream_agent_id: Option<String>,
    shopper: String,
    name: String,
    slug: Option<String>,
    origins: String,
    message: String,
    status: String,
    sub_shop: Option<String>,
    markup_bp: i64,
    created_at: i64,
}

const AGENT_COLUMNS: &str = "SELECT id, token_hash, parent_shop, root_shop, level, \
     upstream_agent_id, shopper, name, slug, origins, message, status, sub_shop, markup_bp, \
     created_at FROM agents";

impl AgentRow {
    fn record(self) -> Result<AgentRecord, StoreError> {
        let c = corrupt("agent");
        let shop = |s: &str| ShopId::parse(s).map_err(|e| c(e.to_string()));
        Ok(AgentRecord {
            parent_shop: shop(&self.parent_shop)?,
            root_shop: shop(&self.root_shop)?,
            level: u8::try_from(self.level).map_err(|e| c(e.to_string()))?,
            shopper: ShopperId::parse(&self.shopper).map_err(|e| c(e.to_string()))?,
            slug: self.slug.as_deref().map(shop).transpose()?,
            origins: serde_json::from_str(&self.origins).map_err(|e| c(e.to_string()))?,
            status: AgentStatus::parse(&self.status).ok_or_else(|| c(self.status.clone()))?,
            sub_shop: self.sub_shop.as_deref().map(shop).transpose()?,
            markup_bp: u32::try_from(self.markup_bp).map_err(|e| c(e.to_string()))?,
            id: self.id,
            token_hash: self.token_hash,
            upstream_agent_id: self.upstream_agent_id,
            name: self.name,
            message: self.message,
            created_at: self.created_at,
        })
    }
}

#[derive(Deserialize)]
struct OfferRow {
    product_id: String,
    currency: String,
    floor: i64,
    helps: i64,
    duration_secs: i64,
}

#[derive(Deserialize)]
struct BargainRow {
    id: String,
    shop_id: String,
    product_id: String,
    sku: String,
    starter: String,
    currency: String,
    start_price: i64,
    floor: i64,
    helps_needed: i64,
    seed: String,
    created_at: i64,
    expires_at: i64,
    order_id: Option<String>,
}

const BARGAIN_COLUMNS: &str = "SELECT id, shop_id, product_id, sku, starter, currency, \
     start_price, floor, helps_needed, seed, created_at, expires_at, order_id FROM bargains";

/// A bargain's helps (`?1`), position 0 first.
const HELPS: &str =
    "SELECT shopper, cut, at FROM bargain_helps WHERE bargain_id = ?1 ORDER BY position";

#[derive(Deserialize)]
struct HelpRow {
    shopper: String,
    cut: i64,
    at: i64,
}

impl BargainRow {
    fn record(self, helps: Vec<HelpRow>) -> Result<BargainRecord, StoreError> {
        let c = corrupt("bargain");
        let currency = Currency::parse(&self.currency).map_err(|e| c(e.to_string()))?;
        Ok(BargainRecord {
            shop: ShopId::parse(&self.shop_id).map_err(|e| c(e.to_string()))?,
            product: ProductId::parse(&self.product_id).map_err(|e| c(e.to_string()))?,
            sku: Sku::parse(&self.sku).map_err(|e| c(e.to_string()))?,
            starter: ShopperId::parse(&self.starter).map_err(|e| c(e.to_string()))?,
            start_price: Money::new(self.start_price, currency),
            floor: Money::new(self.floor, currency),
            helps_needed: u32::try_from(self.helps_needed).map_err(|e| c(e.to_string()))?,
            seed: u64::from_str_radix(&self.seed, 16).map_err(|e| c(e.to_string()))?,
            order_id: self
                .order_id
                .as_deref()
                .map(|o| OrderId::parse(o).map_err(|e| c(e.to_string())))
                .transpose()?,
            helps: helps
                .into_iter()
                .map(|h| HelpRecord {
                    shopper: h.shopper,
                    cut: h.cut,
                    at: h.at,
                })
                .collect(),
            id: self.id,
            created_at: self.created_at,
            expires_at: self.expires_at,
        })
    }
}

#[derive(Deserialize)]
struct StyleRow {
    id: String,
    shop_id: String,
    title: String,
    description: String,
    image: Option<String>,
    status: String,
    ship_date: Option<i64>,
    product_id: Option<String>,
    votes: i64,
    created_at: i64,
}

impl StyleRow {
    fn record(self) -> Result<StyleRecord, StoreError> {
        let c = corrupt("style");
        Ok(StyleRecord {
            shop: ShopId::parse(&self.shop_id).map_err(|e| c(e.to_string()))?,
            status: StyleStatus::parse(&self.status).ok_or_else(|| c(self.status.clone()))?,
            product: self
                .product_id
                .as_deref()
                .map(|p| ProductId::parse(p).map_err(|e| c(e.to_string())))
                .transpose()?,
            votes: u32::try_from(self.votes).unwrap_or(0),
            id: self.id,
            title: self.title,
            description: self.description,
            image: self.image,
            ship_date: self.ship_date,
            created_at: self.created_at,
        })
    }
}

#[derive(Deserialize)]
struct IdRow {
    id: String,
}

impl CommunityStore for D1Store {
    async fn agent_policy(&self, shop: &ShopId) -> Result<Option<AgentPolicy>, StoreError> {
        let row = self
            .first::<PolicyRow>(
                "SELECT open, min_bp, max_bp FROM agent_policies WHERE shop_id = ?1",
                &[text(shop.as_str())],
            )
            .await?;
        let bp = |v: i64| u32::try_from(v).map_err(|e| corrupt("policy")(e.to_string()));
        row.map(|r| {
            Ok(AgentPolicy {
                open: r.open != 0,
                min_bp: bp(r.min_bp)?,
                max_bp: bp(r.max_bp)?,
            })
        })
        .transpose()
    }

    async fn set_agent_policy(
        &self,
        shop: &ShopId,
        policy: &AgentPolicy,
    ) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO agent_policies (shop_id, open, min_bp, max_bp) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (shop_id) DO UPDATE SET open = ?2, min_bp = ?3, max_bp = ?4",
            &[
                text(shop.as_str()),
                int(i64::from(policy.open)),
                int(i64::from(policy.min_bp)),
                int(i64::from(policy.max_bp)),
            ],
        )
        .await?;
        Ok(())
    }

    async fn insert_agent(&self, a: &AgentRecord) -> Result<bool, StoreError> {
        let changed = self
            .run(
                "INSERT OR IGNORE INTO agents (id, token_hash, parent_shop, root_shop, level, \
                 upstream_agent_id, shopper, name, slug, origins, message, status, sub_shop, \
                 markup_bp, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, NULL, ?13, ?14)",
                &[
                    text(&a.id),
                    text(&a.token_hash),
                    text(a.parent_shop.as_str()),
                    text(a.root_shop.as_str()),
                    int(i64::from(a.level)),
                    opt_text(a.upstream_agent_id.as_deref()),
                    text(a.shopper.as_str()),
                    text(&a.name),
                    opt_text(a.slug.as_ref().map(ShopId::as_str)),
                    json_text("agent", &a.origins)?,
                    text(&a.message),
                    text(a.status.as_str()),
                    int(i64::from(a.markup_bp)),
                    int(a.created_at),
                ],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn agent(&self, id: &str) -> Result<Option<AgentRecord>, StoreError> {
        self.first::<AgentRow>(&format!("{AGENT_COLUMNS} WHERE id = ?1"), &[text(id)])
            .await?
            .map(AgentRow::record)
            .transpose()
    }

    async fn agents_of_root(&self, root: &ShopId) -> Result<Vec<AgentRecord>, StoreError> {
        self.all::<AgentRow>(
            &format!("{AGENT_COLUMNS} WHERE root_shop = ?1 ORDER BY created_at DESC, id"),
            &[text(root.as_str())],
        )
        .await?
        .into_iter()
        .map(AgentRow::record)
        .collect()
    }

    async fn approve_agent(
        &self,
        id: &str,
        sub_shop: &ShopRecord,
        now: i64,
    ) -> Result<bool, StoreError> {
        // The sub-shop's own row carries only what is its own (name, origins) and what
        // the shops table requires; the rest is inherited from the root when loaded.
        let methods: Vec<&str> = sub_shop
            .payment_methods
            .iter()
            .map(|m| m.as_str())
            .collect();
        // Both statements are conditional on the application still being pending, and
        // the shop insert is ignored on a taken slug; D1 runs a batch as a transaction.
        let results = self
            .db()?
            .batch(vec![
                self.stmt(
                    "INSERT OR IGNORE INTO shops (id, name, currency, locale, theme, \
                     allowed_origins, features, shipping_fee, free_shipping_over, \
                     payment_methods, payment_window_secs, created_at, agent_id) \
                     SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, NULL, ?8, ?9, ?10, ?11 \
                     WHERE EXISTS (SELECT 1 FROM agents WHERE id = ?11 AND status = 'pending')",
                    &[
                        text(sub_shop.id.as_str()),
                        text(&sub_shop.name),
                        text(sub_shop.pricing.currency.code()),
                        text(locale_tag(sub_shop.locale)),
                        json_text("shop", &sub_shop.theme)?,
                        json_text("shop", &sub_shop.allowed_origins)?,
                        json_text("shop", &sub_shop.features)?,
                        json_text("shop", &methods)?,
                        int(sub_shop.payment_window_secs),
                        int(now),
                        text(id),
                    ],
                )?,
                self.stmt(
                    "UPDATE agents SET status = 'approved', sub_shop = ?2, decided_at = ?3 \
                     WHERE id = ?1 AND status = 'pending' \
                     AND EXISTS (SELECT 1 FROM shops WHERE id = ?2 AND agent_id = ?1)",
                    &[text(id), text(sub_shop.id.as_str()), int(now)],
                )?,
            ])
            .await
            .map_err(db)?;
        Ok(results.get(1).map(changes).transpose()?.unwrap_or(0) == 1)
    }

    async fn reject_agent(&self, id: &str, now: i64) -> Result<bool, StoreError> {
        Ok(self
            .run(
                "UPDATE agents SET status = 'rejected', decided_at = ?2 \
                 WHERE id = ?1 AND status = 'pending'",
                &[text(id), int(now)],
            )
            .await?
            == 1)
    }

    async fn set_agent_markup(&self, id: &str, markup_bp: u32) -> Result<(), StoreError> {
        self.run(
            "UPDATE agents SET markup_bp = ?2 WHERE id = ?1",
            &[text(id), int(i64::from(markup_bp))],
        )
        .await?;
        Ok(())
    }

    async fn bargain_offers(&self, shop: &ShopId) -> Result<Vec<BargainOffer>, StoreError> {
        let rows = self
            .all::<OfferRow>(
                "SELECT o.product_id, s.currency, o.floor, o.helps, o.duration_secs \
                 FROM bargain_offers o JOIN shops s ON s.id = o.shop_id \
                 WHERE o.shop_id = ?1 ORDER BY o.product_id",
                &[text(shop.as_str())],
            )
            .await?;
        let c = corrupt("bargain offer");
        rows.into_iter()
            .map(|r| {
                let currency = Currency::parse(&r.currency).map_err(|e| c(e.to_string()))?;
                Ok(BargainOffer {
                    product: ProductId::parse(&r.product_id).map_err(|e| c(e.to_string()))?,
                    floor: Money::new(r.floor, currency),
                    helps: u32::try_from(r.helps).map_err(|e| c(e.to_string()))?,
                    duration_secs: r.duration_secs,
                })
            })
            .collect()
    }

    async fn set_bargain_offer(
        &self,
        shop: &ShopId,
        offer: &BargainOffer,
    ) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO bargain_offers (shop_id, product_id, floor, helps, duration_secs) \
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (shop_id, product_id) \
             DO UPDATE SET floor = ?3, helps = ?4, duration_secs = ?5",
            &[
                text(shop.as_str()),
                text(offer.product.as_str()),
                int(offer.floor.amount),
                int(i64::from(offer.helps)),
                int(offer.duration_secs),
            ],
        )
        .await?;
        Ok(())
    }

    async fn delete_bargain_offer(
        &self,
        shop: &ShopId,
        product: &ProductId,
    ) -> Result<(), StoreError> {
        self.run(
            "DELETE FROM bargain_offers WHERE shop_id = ?1 AND product_id = ?2",
            &[text(shop.as_str()), text(product.as_str())],
        )
        .await?;
        Ok(())
    }

    async fn insert_bargain(&self, b: &BargainRecord) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO bargains (id, shop_id, product_id, sku, starter, currency, start_price, \
             floor, helps_needed, seed, created_at, expires_at, order_id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, NULL)",
            &[
                text(&b.id),
                text(b.shop.as_str()),
                text(b.product.as_str()),
                text(b.sku.as_str()),
                text(b.starter.as_str()),
                text(b.start_price.currency.code()),
                int(b.start_price.amount),
                int(b.floor.amount),
                int(i64::from(b.helps_needed)),
                text(&format!("{:016x}", b.seed)),
                int(b.created_at),
                int(b.expires_at),
            ],
        )
        .await?;
        Ok(())
    }

    async fn bargain(&self, id: &str) -> Result<Option<BargainRecord>, StoreError> {
        let results = self
            .db()?
            .batch(vec![
                self.stmt(&format!("{BARGAIN_COLUMNS} WHERE id = ?1"), &[text(id)])?,
                self.stmt(HELPS, &[text(id)])?,
            ])
            .await
            .map_err(db)?;
        let [row, helps] = results.as_slice() else {
            return Err(StoreError::Database {
                detail: "the bargain batch returned the wrong number of results".into(),
            });
        };
        let row = row.results::<BargainRow>().map_err(db)?.into_iter().next();
        let helps = helps.results::<HelpRow>().map_err(db)?;
        row.map(|r| r.record(helps)).transpose()
    }

    async fn running_bargain(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
        product: &ProductId,
        now: i64,
    ) -> Result<Option<String>, StoreError> {
        Ok(self
            .first::<IdRow>(
                "SELECT id FROM bargains WHERE shop_id = ?1 AND starter = ?2 AND product_id = ?3 \
                 AND expires_at > ?4 AND order_id IS NULL ORDER BY created_at DESC LIMIT 1",
                &[
                    text(shop.as_str()),
                    text(shopper.as_str()),
                    text(product.as_str()),
                    int(now),
                ],
            )
            .await?
            .map(|r| r.id))
    }

    async fn add_help(
        &self,
        id: &str,
        position: u32,
        helps_needed: u32,
        help: &HelpRecord,
    ) -> Result<bool, StoreError> {
        // One statement: SQLite runs it atomically, so the count it checks is the count
        // it inserts after; OR IGNORE turns a taken position or a second help of the
        // same friend into "nothing changed".
        let changed = self
            .run(
                "INSERT OR IGNORE INTO bargain_helps (bargain_id, position, shopper, cut, at) \
                 SELECT ?1, ?2, ?3, ?4, ?5 \
                 WHERE ?2 < ?6 \
                 AND (SELECT COUNT(*) FROM bargain_helps WHERE bargain_id = ?1) = ?2",
                &[
                    text(id),
                    int(i64::from(position)),
                    text(&help.shopper),
                    int(help.cut),
                    int(help.at),
                    int(i64::from(helps_needed)),
                ],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn reserve_bargain(&self, id: &str, order: &OrderId) -> Result<bool, StoreError> {
        let changed = self
            .run(
                "UPDATE bargains SET order_id = ?2 WHERE id = ?1 \
                 AND (order_id IS NULL OR order_id = ?2)",
                &[text(id), text(order.as_str())],
            )
            .await?;
        Ok(changed == 1)
    }

    async fn release_bargain(&self, id: &str, order: &OrderId) -> Result<(), StoreError> {
        self.run(
            "UPDATE bargains SET order_id = NULL WHERE id = ?1 AND order_id = ?2",
            &[text(id), text(order.as_str())],
        )
        .await?;
        Ok(())
    }

    async fn shop_bargains(
        &self,
        shop: &ShopId,
        limit: u32,
    ) -> Result<Vec<BargainRecord>, StoreError> {
        let rows = self
            .all::<BargainRow>(
                &format!("{BARGAIN_COLUMNS} WHERE shop_id = ?1 ORDER BY created_at DESC LIMIT ?2"),
                &[text(shop.as_str()), int(i64::from(limit))],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let helps = self.all::<HelpRow>(HELPS, &[text(&r.id)]).await?;
            out.push(r.record(helps)?);
        }
        Ok(out)
    }

    async fn insert_style(&self, s: &StyleRecord) -> Result<(), StoreError> {
        self.run(
            "INSERT INTO styles (id, shop_id, title, description, image, status, ship_date, \
             product_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, NULL, ?7)",
            &[
                text(&s.id),
                text(s.shop.as_str()),
                text(&s.title),
                text(&s.description),
                opt_text(s.image.as_deref()),
                text(s.status.as_str()),
                int(s.created_at),
            ],
        )
        .await?;
        Ok(())
    }

    async fn styles(&self, shop: &ShopId) -> Result<Vec<StyleRecord>, StoreError> {
        self.all::<StyleRow>(
            "SELECT s.id, s.shop_id, s.title, s.description, s.image, s.status, s.ship_date, \
             s.product_id, s.created_at, \
             (SELECT COUNT(*) FROM style_votes v WHERE v.style_id = s.id) AS votes \
             FROM styles s WHERE s.shop_id = ?1 ORDER BY s.created_at DESC, s.id",
            &[text(shop.as_str())],
        )
        .await?
        .into_iter()
        .map(StyleRow::record)
        .collect()
    }

    async fn add_vote(
        &self,
        style: &str,
        shopper: &ShopperId,
        now: i64,
    ) -> Result<bool, StoreError> {
        Ok(self
            .run(
                "INSERT OR IGNORE INTO style_votes (style_id, shopper, voted_at) \
                 VALUES (?1, ?2, ?3)",
                &[text(style), text(shopper.as_str()), int(now)],
            )
            .await?
            == 1)
    }

    async fn promote_style(
        &self,
        style: &str,
        ship_date: i64,
        product: Option<&ProductId>,
        now: i64,
    ) -> Result<bool, StoreError> {
        Ok(self
            .run(
                "UPDATE styles SET status = 'presale', ship_date = ?2, product_id = ?3, \
                 promoted_at = ?4 WHERE id = ?1 AND status = 'voting'",
                &[
                    text(style),
                    int(ship_date),
                    opt_text(product.map(ProductId::as_str)),
                    int(now),
                ],
            )
            .await?
            == 1)
    }

    async fn voted_styles(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
    ) -> Result<Vec<String>, StoreError> {
        Ok(self
            .all::<IdRow>(
                "SELECT v.style_id AS id FROM style_votes v JOIN styles s ON s.id = v.style_id \
                 WHERE s.shop_id = ?1 AND v.shopper = ?2",
                &[text(shop.as_str()), text(shopper.as_str())],
            )
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect())
    }

    async fn take_notices(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
        now: i64,
    ) -> Result<Vec<String>, StoreError> {
        // RETURNING gives exactly the rows this statement marked, so two visits at
        // once cannot both be told.
        Ok(self
            .all::<IdRow>(
                "UPDATE style_votes SET notified_at = ?3 \
                 WHERE shopper = ?2 AND notified_at IS NULL AND style_id IN \
                 (SELECT id FROM styles WHERE shop_id = ?1 AND status = 'presale') \
                 RETURNING style_id AS id",
                &[text(shop.as_str()), text(shopper.as_str()), int(now)],
            )
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect())
    }
}

impl D1Store {
    /// A sub-shop (`own`, its own row) filled in from its root shop by its agent;
    /// `None` when the agent or the root is gone (the sub-shop is then unknown).
    pub(crate) async fn sub_shop(
        &self,
        own: ShopRecord,
        agent_id: &str,
    ) -> Result<Option<ShopRecord>, StoreError> {
        let Some(agent) = self.agent(agent_id).await? else {
            return Ok(None);
        };
        if agent.status != AgentStatus::Approved {
            return Ok(None);
        }
        Ok(self
            .own_shop(&agent.root_shop)
            .await?
            .map(|(root, _)| crate::ports::store::community::inherit(root, own, &agent)))
    }
}

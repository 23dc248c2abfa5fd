//! The in-memory [`OwnerStore`]: the same rules as the D1 one.

use super::MemStore;
use crate::ports::store::owners::OwnerStore;
use crate::ports::store::{OrderSummary, OwnerRecord, ShopRecord, StoreError};
use pocketshop_shared::catalogue::Category;
use pocketshop_shared::pricing::MarkupRule;
use pocketshop_shared::{Money, ProductId, ShopId};

impl OwnerStore for MemStore {
    async fn insert_owner(&self, owner: &OwnerRecord) -> Result<bool, StoreError> {
        let mut owners = self.owners.borrow_mut();
        if owners.iter().any(|o| o.email == owner.email) {
            return Ok(false);
        }
        owners.push(owner.clone());
        Ok(true)
    }

    async fn owner_by_email(&self, email: &str) -> Result<Option<OwnerRecord>, StoreError> {
        Ok(self
            .owners
            .borrow()
            .iter()
            .find(|o| o.email == email)
            .cloned())
    }

    async fn owner(&self, id: &str) -> Result<Option<OwnerRecord>, StoreError> {
        Ok(self.owners.borrow().iter().find(|o| o.id == id).cloned())
    }

    async fn insert_session(
        &self,
        token_hash: &str,
        owner: &str,
        expires_at: i64,
        _now: i64,
    ) -> Result<(), StoreError> {
        self.sessions
            .borrow_mut()
            .insert(token_hash.to_owned(), (owner.to_owned(), expires_at));
        Ok(())
    }

    async fn session_owner(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<OwnerRecord>, StoreError> {
        let owner = match self.sessions.borrow().get(token_hash) {
            Some((owner, expires_at)) if *expires_at > now => owner.clone(),
            _ => return Ok(None),
        };
        self.owner(&owner).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.sessions.borrow_mut().remove(token_hash);
        Ok(())
    }

    async fn sign_in_failures(
        &self,
        subject: &str,
        since: i64,
    ) -> Result<(u32, Option<i64>), StoreError> {
        let failures = self.failures.borrow();
        let times: Vec<i64> = failures
            .iter()
            .filter(|(s, at)| s == subject && *at > since)
            .map(|(_, at)| *at)
            .collect();
        Ok((times.len() as u32, times.iter().copied().min()))
    }

    async fn record_sign_in_failure(
        &self,
        subjects: &[String],
        now: i64,
    ) -> Result<(), StoreError> {
        let mut failures = self.failures.borrow_mut();
        failures.extend(subjects.iter().map(|s| (s.clone(), now)));
        Ok(())
    }

    async fn clear_sign_in_failures(&self, subject: &str) -> Result<(), StoreError> {
        self.failures.borrow_mut().retain(|(s, _)| s != subject);
        Ok(())
    }

    async fn insert_shop(&self, shop: &ShopRecord, now: i64) -> Result<bool, StoreError> {
        let mut shops = self.shops.borrow_mut();
        if shops.contains_key(&shop.id) {
            return Ok(false);
        }
        shops.insert(shop.id.clone(), shop.clone());
        self.shop_created.borrow_mut().insert(shop.id.clone(), now);
        Ok(true)
    }

    async fn owner_shops(&self, owner: &str) -> Result<Vec<ShopId>, StoreError> {
        let created = self.shop_created.borrow();
        let mut ids: Vec<(i64, ShopId)> = self
            .shops
            .borrow()
            .values()
            .filter(|s| s.owner_id.as_deref() == Some(owner))
            .map(|s| (created.get(&s.id).copied().unwrap_or(0), s.id.clone()))
            .collect();
        ids.sort();
        Ok(ids.into_iter().map(|(_, id)| id).collect())
    }

    async fn update_shop(&self, shop: &ShopRecord) -> Result<(), StoreError> {
        if let Some(s) = self.shops.borrow_mut().get_mut(&shop.id) {
            s.name = shop.name.clone();
            s.locale = shop.locale;
            s.theme = shop.theme.clone();
            s.allowed_origins = shop.allowed_origins.clone();
            s.payment_methods = shop.payment_methods.clone();
        }
        Ok(())
    }

    async fn set_markup(&self, shop: &ShopId, rules: &[MarkupRule]) -> Result<(), StoreError> {
        if let Some(s) = self.shops.borrow_mut().get_mut(shop) {
            s.pricing.rules = rules.to_vec();
        }
        Ok(())
    }

    async fn set_picked(
        &self,
        shop: &ShopId,
        product: &ProductId,
        picked: bool,
        _now: i64,
    ) -> Result<(), StoreError> {
        if let Some(s) = self.shops.borrow_mut().get_mut(shop) {
            let list = &mut s.selection.picked;
            if picked && !list.contains(product) {
                list.push(product.clone());
            } else if !picked {
                list.retain(|p| p != product);
            }
        }
        Ok(())
    }

    async fn set_followed(&self, shop: &ShopId, categories: &[Category]) -> Result<(), StoreError> {
        if let Some(s) = self.shops.borrow_mut().get_mut(shop) {
            s.selection.categories = Category::ALL
                .into_iter()
                .filter(|c| categories.contains(c))
                .collect();
        }
        Ok(())
    }

    async fn set_daily_picks(
        &self,
        shop: &ShopId,
        products: &[ProductId],
    ) -> Result<(), StoreError> {
        if let Some(s) = self.shops.borrow_mut().get_mut(shop) {
            s.selection.daily_picks = products.to_vec();
        }
        Ok(())
    }

    async fn set_member_secret(&self, owner: &str, secret: &str) -> Result<(), StoreError> {
        if let Some(o) = self.owners.borrow_mut().iter_mut().find(|o| o.id == owner) {
            o.member_secret = Some(secret.to_owned());
        }
        Ok(())
    }

    async fn shop_orders(&self, shop: &ShopId) -> Result<Vec<OrderSummary>, StoreError> {
        let members = self.member_ids.borrow();
        let mut orders: Vec<OrderSummary> = self
            .orders
            .borrow()
            .values()
            .filter(|o| &o.shop == shop)
            .map(|o| OrderSummary {
                id: o.id.clone(),
                status: o.status,
                payment_method: o.payment_method,
                subtotal: o.terms.discount.map_or(o.subtotal, |d| {
                    Money::new(o.subtotal.amount - d.amount, d.currency)
                }),
                total: o.total,
                supply_cost: o.supply_cost,
                member_id: members.get(&o.id).cloned(),
                created_at: o.created_at,
            })
            .collect();
        orders.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        Ok(orders)
    }
}

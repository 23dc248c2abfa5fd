//! The in-memory [`CommunityStore`] for native tests, with the same compare-and-set
//! rules as the D1 one.

use super::MemStore;
use crate::ports::store::community::{
    AgentRecord, BargainRecord, CommunityStore, HelpRecord, StyleRecord,
};
use crate::ports::store::{ShopRecord, StoreError};
use pocketshop_shared::agent::{AgentPolicy, AgentStatus};
use pocketshop_shared::bargain::BargainOffer;
use pocketshop_shared::presale::StyleStatus;
use pocketshop_shared::{OrderId, ProductId, ShopId, ShopperId};
use std::collections::HashMap;

/// What [`MemStore`] keeps of agents and sub-shops, bargains and pre-sale styles and votes.
#[derive(Default)]
pub struct MemCommunity {
    /// Agent policies by shop.
    pub policies: HashMap<ShopId, AgentPolicy>,
    /// Applications and agents, in insertion order.
    pub agents: Vec<AgentRecord>,
    /// Sub-shops' own rows and their agent.
    pub sub_shops: HashMap<ShopId, (ShopRecord, String)>,
    /// Bargain settings by shop.
    pub offers: HashMap<ShopId, Vec<BargainOffer>>,
    /// Bargains by id.
    pub bargains: HashMap<String, BargainRecord>,
    /// Styles, in insertion order.
    pub styles: Vec<StyleRecord>,
    /// Votes: (style, shopper) → notified.
    pub votes: HashMap<(String, String), bool>,
}

impl MemStore {
    /// A sub-shop filled in from its root, as the D1 store does; `None` for a shop
    /// that is not a sub-shop.
    pub fn sub_shop(&self, id: &ShopId) -> Option<Option<ShopRecord>> {
        let community = self.community.borrow();
        let (own, agent_id) = community.sub_shops.get(id)?;
        let agent = community
            .agents
            .iter()
            .find(|a| &a.id == agent_id && a.status == AgentStatus::Approved)?;
        let root = self.shops.borrow().get(&agent.root_shop).cloned();
        Some(root.map(|r| crate::ports::store::community::inherit(r, own.clone(), agent)))
    }
}

impl CommunityStore for MemStore {
    async fn agent_policy(&self, shop: &ShopId) -> Result<Option<AgentPolicy>, StoreError> {
        Ok(self.community.borrow().policies.get(shop).copied())
    }

    async fn set_agent_policy(
        &self,
        shop: &ShopId,
        policy: &AgentPolicy,
    ) -> Result<(), StoreError> {
        self.community
            .borrow_mut()
            .policies
            .insert(shop.clone(), *policy);
        Ok(())
    }

    async fn insert_agent(&self, agent: &AgentRecord) -> Result<bool, StoreError> {
        let mut c = self.community.borrow_mut();
        if c.agents
            .iter()
            .any(|a| a.parent_shop == agent.parent_shop && a.shopper == agent.shopper)
        {
            return Ok(false);
        }
        c.agents.push(agent.clone());
        Ok(true)
    }

    async fn agent(&self, id: &str) -> Result<Option<AgentRecord>, StoreError> {
        Ok(self
            .community
            .borrow()
            .agents
            .iter()
            .find(|a| a.id == id)
            .cloned())
    }

    async fn agents_of_root(&self, root: &ShopId) -> Result<Vec<AgentRecord>, StoreError> {
        let mut out: Vec<AgentRecord> = self
            .community
            .borrow()
            .agents
            .iter()
            .filter(|a| &a.root_shop == root)
            .cloned()
            .collect();
        out.reverse();
        Ok(out)
    }

    async fn approve_agent(
        &self,
        id: &str,
        sub_shop: &ShopRecord,
        _now: i64,
    ) -> Result<bool, StoreError> {
        let taken = self.shops.borrow().contains_key(&sub_shop.id)
            || self.community.borrow().sub_shops.contains_key(&sub_shop.id);
        if taken {
            return Ok(false);
        }
        let mut c = self.community.borrow_mut();
        let Some(a) = c
            .agents
            .iter_mut()
            .find(|a| a.id == id && a.status == AgentStatus::Pending)
        else {
            return Ok(false);
        };
        a.status = AgentStatus::Approved;
        a.sub_shop = Some(sub_shop.id.clone());
        c.sub_shops
            .insert(sub_shop.id.clone(), (sub_shop.clone(), id.to_owned()));
        Ok(true)
    }

    async fn reject_agent(&self, id: &str, _now: i64) -> Result<bool, StoreError> {
        let mut c = self.community.borrow_mut();
        match c
            .agents
            .iter_mut()
            .find(|a| a.id == id && a.status == AgentStatus::Pending)
        {
            Some(a) => {
                a.status = AgentStatus::Rejected;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    async fn set_agent_markup(&self, id: &str, markup_bp: u32) -> Result<(), StoreError> {
        if let Some(a) = self
            .community
            .borrow_mut()
            .agents
            .iter_mut()
            .find(|a| a.id == id)
        {
            a.markup_bp = markup_bp;
        }
        Ok(())
    }

    async fn bargain_offers(&self, shop: &ShopId) -> Result<Vec<BargainOffer>, StoreError> {
        let mut out = self
            .community
            .borrow()
            .offers
            .get(shop)
            .cloned()
            .unwrap_or_default();
        out.sort_by(|a, b| a.product.cmp(&b.product));
        Ok(out)
    }

    async fn set_bargain_offer(
        &self,
        shop: &ShopId,
        offer: &BargainOffer,
    ) -> Result<(), StoreError> {
        let mut c = self.community.borrow_mut();
        let list = c.offers.entry(shop.clone()).or_default();
        list.retain(|o| o.product != offer.product);
        list.push(offer.clone());
        Ok(())
    }

    async fn delete_bargain_offer(
        &self,
        shop: &ShopId,
        product: &ProductId,
    ) -> Result<(), StoreError> {
        if let Some(list) = self.community.borrow_mut().offers.get_mut(shop) {
            list.retain(|o| &o.product != product);
        }
        Ok(())
    }

    async fn insert_bargain(&self, bargain: &BargainRecord) -> Result<(), StoreError> {
        self.community
            .borrow_mut()
            .bargains
            .insert(bargain.id.clone(), bargain.clone());
        Ok(())
    }

    async fn bargain(&self, id: &str) -> Result<Option<BargainRecord>, StoreError> {
        Ok(self.community.borrow().bargains.get(id).cloned())
    }

    async fn running_bargain(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
        product: &ProductId,
        now: i64,
    ) -> Result<Option<String>, StoreError> {
        Ok(self
            .community
            .borrow()
            .bargains
            .values()
            .filter(|b| {
                &b.shop == shop
                    && &b.starter == shopper
                    && &b.product == product
                    && b.expires_at > now
                    && b.order_id.is_none()
            })
            .max_by_key(|b| b.created_at)
            .map(|b| b.id.clone()))
    }

    async fn add_help(
        &self,
        id: &str,
        position: u32,
        helps_needed: u32,
        help: &HelpRecord,
    ) -> Result<bool, StoreError> {
        let mut c = self.community.borrow_mut();
        let Some(b) = c.bargains.get_mut(id) else {
            return Ok(false);
        };
        let ok = position < helps_needed
            && b.helps.len() == position as usize
            && !b.helps.iter().any(|h| h.shopper == help.shopper);
        if ok {
            b.helps.push(help.clone());
        }
        Ok(ok)
    }

    async fn reserve_bargain(&self, id: &str, order: &OrderId) -> Result<bool, StoreError> {
        let mut c = self.community.borrow_mut();
        match c.bargains.get_mut(id) {
            Some(b) if b.order_id.is_none() || b.order_id.as_ref() == Some(order) => {
                b.order_id = Some(order.clone());
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn release_bargain(&self, id: &str, order: &OrderId) -> Result<(), StoreError> {
        if let Some(b) = self.community.borrow_mut().bargains.get_mut(id) {
            if b.order_id.as_ref() == Some(order) {
                b.order_id = None;
            }
        }
        Ok(())
    }

    async fn shop_bargains(
        &self,
        shop: &ShopId,
        limit: u32,
    ) -> Result<Vec<BargainRecord>, StoreError> {
        let mut out: Vec<BargainRecord> = self
            .community
            .borrow()
            .bargains
            .values()
            .filter(|b| &b.shop == shop)
            .cloned()
            .collect();
        out.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        out.truncate(limit as usize);
        Ok(out)
    }

    async fn insert_style(&self, style: &StyleRecord) -> Result<(), StoreError> {
        self.community.borrow_mut().styles.push(style.clone());
        Ok(())
    }

    async fn styles(&self, shop: &ShopId) -> Result<Vec<StyleRecord>, StoreError> {
        let c = self.community.borrow();
        let mut out: Vec<StyleRecord> = c
            .styles
            .iter()
            .filter(|s| &s.shop == shop)
            .map(|s| {
                let mut s = s.clone();
                s.votes = c.votes.keys().filter(|(id, _)| *id == s.id).count() as u32;
                s
            })
            .collect();
        out.reverse();
        Ok(out)
    }

    async fn add_vote(
        &self,
        style: &str,
        shopper: &ShopperId,
        _now: i64,
    ) -> Result<bool, StoreError> {
        let key = (style.to_owned(), shopper.as_str().to_owned());
        let mut c = self.community.borrow_mut();
        if c.votes.contains_key(&key) {
            return Ok(false);
        }
        c.votes.insert(key, false);
        Ok(true)
    }

    async fn promote_style(
        &self,
        style: &str,
        ship_date: i64,
        product: Option<&ProductId>,
        _now: i64,
    ) -> Result<bool, StoreError> {
        let mut c = self.community.borrow_mut();
        match c
            .styles
            .iter_mut()
            .find(|s| s.id == style && s.status == StyleStatus::Voting)
        {
            Some(s) => {
                s.status = StyleStatus::Presale;
                s.ship_date = Some(ship_date);
                s.product = product.cloned();
                Ok(true)
            }
            None => Ok(false),
        }
    }

    async fn voted_styles(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
    ) -> Result<Vec<String>, StoreError> {
        let c = self.community.borrow();
        Ok(c.styles
            .iter()
            .filter(|s| &s.shop == shop)
            .filter(|s| {
                c.votes
                    .contains_key(&(s.id.clone(), shopper.as_str().to_owned()))
            })
            .map(|s| s.id.clone())
            .collect())
    }

    async fn take_notices(
        &self,
        shop: &ShopId,
        shopper: &ShopperId,
        _now: i64,
    ) -> Result<Vec<String>, StoreError> {
        let mut c = self.community.borrow_mut();
        let promoted: Vec<String> = c
            .styles
            .iter()
            .filter(|s| &s.shop == shop && s.status == StyleStatus::Presale)
            .map(|s| s.id.clone())
            .collect();
        let mut out = Vec::new();
        for id in promoted {
            if let Some(told) = c.votes.get_mut(&(id.clone(), shopper.as_str().to_owned())) {
                if !*told {
                    *told = true;
                    out.push(id);
                }
            }
        }
        Ok(out)
    }
}

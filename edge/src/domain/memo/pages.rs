//! This isolate's rendered catalogue pages (the profile, a page of products, a
//! product, a first view), so a repeated read skips pricing, encoding and hashing,
//! which on the demo catalogue are most of what a cached read would cost.
//!
//! A page is a pure function of the request's path and query, the shop record and
//! the catalogue snapshot it was rendered from (and of this deployment's payment
//! settings, which an isolate never sees change). So a kept page is served only to
//! a request that holds the very same record and snapshot (the same `Rc`s, which
//! are immutable): it is never staler than rendering again would be, and it follows
//! the shop records' own rules (`shops.rs`) and the snapshot's (`catalogue/memo.rs`).
//!
//! Invariants: pages rendered from the last good catalogue (served while the
//! supplier fails) are never kept, so recovery shows at the next read; at most
//! [`MAX_PAGES`] pages and [`MAX_BYTES`] of bodies are kept, past which the memo
//! starts over; a page kept from an older snapshot, or from an older record of its
//! shop, is dropped when a newer one is kept, so old snapshots are not kept alive.

use crate::base::http::HttpResponse;
use crate::ports::store::ShopRecord;
use pocketshop_shared::catalogue::SupplyProduct;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The most pages one isolate keeps.
pub const MAX_PAGES: usize = 512;
/// The most body bytes one isolate keeps (Workers isolates have 128 MB).
pub const MAX_BYTES: usize = 8 << 20;

/// The pages one isolate keeps (Workers run one thread, hence `RefCell`).
#[derive(Debug, Default)]
pub struct PageMemo {
    held: RefCell<HashMap<String, Page>>,
}

#[derive(Debug)]
struct Page {
    shop: Rc<ShopRecord>,
    products: Rc<Vec<SupplyProduct>>,
    /// Tagged (`HttpResponse::tagged`), not yet answered for any request.
    response: HttpResponse,
}

impl PageMemo {
    /// The page kept under `key`, if it was rendered from `shop` and `products`.
    pub fn get(
        &self,
        key: &str,
        shop: &Rc<ShopRecord>,
        products: &Rc<Vec<SupplyProduct>>,
    ) -> Option<HttpResponse> {
        self.held
            .borrow()
            .get(key)
            .filter(|p| Rc::ptr_eq(&p.shop, shop) && Rc::ptr_eq(&p.products, products))
            .map(|p| p.response.clone())
    }

    /// Keeps `response` under `key`, rendered from `shop` and `products`.
    pub fn hold(
        &self,
        key: String,
        shop: &Rc<ShopRecord>,
        products: &Rc<Vec<SupplyProduct>>,
        response: HttpResponse,
    ) {
        let mut held = self.held.borrow_mut();
        if response.body.len() > MAX_BYTES {
            return;
        }
        // Pages of another snapshot, or of another record of this shop, can never
        // be served again; nor can the page this one replaces.
        held.retain(|k, p| {
            *k != key
                && Rc::ptr_eq(&p.products, products)
                && (p.shop.id != shop.id || Rc::ptr_eq(&p.shop, shop))
        });
        if held.len() >= MAX_PAGES || bytes(&held) + response.body.len() > MAX_BYTES {
            held.clear();
        }
        held.insert(
            key,
            Page {
                shop: Rc::clone(shop),
                products: Rc::clone(products),
                response,
            },
        );
    }

    /// Drops every kept page.
    pub fn clear(&self) {
        self.held.borrow_mut().clear();
    }

    /// The keys of the pages kept, in no order.
    pub fn keys(&self) -> Vec<String> {
        self.held.borrow().keys().cloned().collect()
    }

    /// How many pages and body bytes are kept.
    pub fn size(&self) -> (usize, usize) {
        let held = self.held.borrow();
        (held.len(), bytes(&held))
    }
}

/// The body bytes of `pages` (at most [`MAX_PAGES`]: counted when a page is kept,
/// not on the way to serving one).
fn bytes(pages: &HashMap<String, Page>) -> usize {
    pages.values().map(|p| p.response.body.len()).sum()
}

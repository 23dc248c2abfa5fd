//! This isolate's rendered catalogue pages (the profile, a page of products, a
//! product, a first view), so a repeated read skips pricing, encoding and hashing:
//! on the demo catalogue those, with reading the configuration on every request,
//! were about half of a cached read's time.
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

use crate::app::App;
use crate::cache::Cache;
use crate::catalogue::Snapshot;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::{ShopRecord, Store};
use crate::supplier::Supplier;
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

/// Answers `req` with the page `render` makes from `snapshot` for `shop`: the kept
/// copy when there is one, else rendered now and kept (unless the snapshot is the
/// stale last good copy). Revalidated by ETag, and marked when stale.
pub fn page<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    shop: &Rc<ShopRecord>,
    req: &HttpRequest,
    snapshot: &Snapshot,
    render: impl FnOnce(&Snapshot) -> Result<HttpResponse, Error>,
) -> Result<HttpResponse, Error> {
    if snapshot.stale {
        return Ok(snapshot.mark(render(snapshot)?.revalidated(req)));
    }
    let key = req.path_and_query();
    if let Some(kept) = app.pages.get(&key, shop, &snapshot.products) {
        return Ok(kept.answer(req));
    }
    let response = render(snapshot)?.tagged();
    if response.status == 200 {
        app.pages
            .hold(key, shop, &snapshot.products, response.clone());
    }
    Ok(response.answer(req))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{demo_shop, sample_catalogue};

    fn body(n: usize) -> HttpResponse {
        HttpResponse {
            status: 200,
            headers: Vec::new(),
            body: vec![b'x'; n],
        }
    }

    #[test]
    fn a_kept_page_is_served_only_for_the_same_record_and_snapshot() {
        let memo = PageMemo::default();
        let shop = Rc::new(demo_shop());
        let products = Rc::new(sample_catalogue(3));
        memo.hold("/a".into(), &shop, &products, body(10));
        assert_eq!(
            memo.get("/a", &shop, &products).map(|r| r.body.len()),
            Some(10)
        );
        assert!(memo.get("/b", &shop, &products).is_none());
        // Equal content read again is another record: the page is not trusted.
        let reread = Rc::new(demo_shop());
        assert!(memo.get("/a", &reread, &products).is_none());
        let refetched = Rc::new(sample_catalogue(3));
        assert!(memo.get("/a", &shop, &refetched).is_none());
    }

    #[test]
    fn keeping_a_page_of_a_newer_snapshot_or_record_drops_the_older_ones() {
        let memo = PageMemo::default();
        let shop = Rc::new(demo_shop());
        let old = Rc::new(sample_catalogue(3));
        memo.hold("/a".into(), &shop, &old, body(10));
        memo.hold("/b".into(), &shop, &old, body(20));
        assert_eq!(memo.size(), (2, 30));
        let new = Rc::new(sample_catalogue(3));
        memo.hold("/a".into(), &shop, &new, body(5));
        assert_eq!(memo.size(), (1, 5));
        let reread = Rc::new(demo_shop());
        memo.hold("/c".into(), &reread, &new, body(7));
        assert_eq!(memo.size(), (1, 7));
        assert_eq!(Rc::strong_count(&old), 1, "the old snapshot is let go");
    }

    #[test]
    fn the_memo_starts_over_past_its_bounds_instead_of_growing() {
        let memo = PageMemo::default();
        let shop = Rc::new(demo_shop());
        let products = Rc::new(sample_catalogue(1));
        for i in 0..=MAX_PAGES {
            memo.hold(format!("/{i}"), &shop, &products, body(1));
        }
        assert_eq!(memo.size(), (1, 1));
        memo.hold("/big".into(), &shop, &products, body(MAX_BYTES - 1));
        memo.hold("/more".into(), &shop, &products, body(2));
        assert_eq!(memo.size(), (1, 2));
        memo.hold("/huge".into(), &shop, &products, body(MAX_BYTES + 1));
        assert_eq!(
            memo.size(),
            (1, 2),
            "a page over the whole bound is not kept"
        );
        memo.clear();
        assert_eq!(memo.size(), (0, 0));
    }
}

//! A catalogue answer through this isolate's rendered pages: served from
//! [`PageMemo`] while it holds the page for the same shop, snapshot and key,
//! rendered and kept otherwise.
//!
//! Invariants: a page's key is made from the request's parameters as its route
//! parsed them, never from the raw query, so parameters a route does not read (or
//! the order they come in) neither make new pages nor push kept ones out.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::catalogue::Snapshot;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use crate::ports::store::ShopRecord;
use std::rc::Rc;

/// Answers `req` with the page `render` makes from `snapshot` for `shop`: the kept
/// copy under `key` when there is one, else rendered now and kept (unless the
/// snapshot is the stale last good copy, or `key` is `None`: a page not worth
/// keeping, such as a search). Revalidated by ETag, and marked when stale.
pub fn page<P: Ports>(
    app: &Services<P>,
    shop: &Rc<ShopRecord>,
    req: &HttpRequest,
    key: Option<String>,
    snapshot: &Snapshot,
    render: impl FnOnce(&Snapshot) -> Result<HttpResponse, Error>,
) -> Result<HttpResponse, Error> {
    let Some(key) = key.filter(|_| !snapshot.stale) else {
        return Ok(snapshot.mark(render(snapshot)?.revalidated(req)));
    };
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
    use crate::domain::memo::pages::{PageMemo, MAX_BYTES, MAX_PAGES};
    use crate::fakes::{demo_shop, sample_catalogue};

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

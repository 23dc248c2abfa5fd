//! The catalogue as the isolate keeps it, and as it degrades when the supplier fails.

mod memo {
    use crate::common::app;
    use crate::common::{answer, get, get_request};
    use pocketshop_edge::domain::catalogue::*;
    use pocketshop_edge::domain::memo::catalogue as memo;
    use pocketshop_shared::api::ProductList;

    fn first_title(app: &crate::common::TestApp) -> String {
        let r = get(app, "/v1/shops/demo/products");
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let list: ProductList = serde_json::from_slice(&r.body).expect("list");
        list.items[0].title.en.clone()
    }

    fn rename_first(app: &crate::common::TestApp, title: &str) {
        app.supplier.catalogue.borrow_mut()[0].title.en = title.to_owned();
    }

    #[test]
    fn reads_within_a_snapshots_lifetime_come_from_the_isolates_copy_not_the_cache() {
        let app = app(3);
        let before = first_title(&app);
        // Another location dropped the cache entry and the supplier changed: this
        // isolate still serves what it decoded, as KV's other locations would.
        app.cache.entries.borrow_mut().clear();
        rename_first(&app, "Renamed");
        assert_eq!(first_title(&app), before);
        assert!(
            app.cache.entries.borrow().is_empty(),
            "the cache was not read"
        );
    }

    #[test]
    fn an_invalidation_in_this_isolate_shows_the_change_at_the_next_read() {
        let app = app(3);
        first_title(&app);
        rename_first(&app, "Renamed");
        pollster::block_on(invalidate(&app)).expect("dropped");
        assert_eq!(first_title(&app), "Renamed");
    }

    #[test]
    fn an_expired_copy_is_served_while_it_is_refreshed_after_the_answer() {
        let mut app = app(3);
        let before = first_title(&app);
        app.cache.entries.borrow_mut().clear();
        rename_first(&app, "Renamed");
        app.now += SNAPSHOT_TTL_SECS as i64 - 1;
        assert_eq!(first_title(&app), before, "still within its lifetime");
        app.now += 1;
        let r = answer(&app, get_request("/v1/shops/demo/products"));
        assert_eq!(r.status, 200);
        assert!(
            String::from_utf8_lossy(&r.body).contains(&before),
            "the shopper did not wait for the supplier"
        );
        assert!(app.memo.due(), "a refresh is due after the answer");
        pollster::block_on(refresh(&app));
        assert_eq!(first_title(&app), "Renamed");
        assert!(app.cache.entries.borrow().get(SNAPSHOT_KEY).is_some());
    }

    #[test]
    fn past_its_grace_a_read_waits_for_a_fresh_copy() {
        let mut app = app(3);
        first_title(&app);
        app.cache.entries.borrow_mut().clear();
        rename_first(&app, "Renamed");
        app.now += SNAPSHOT_TTL_SECS as i64 + memo::GRACE_SECS;
        assert_eq!(first_title(&app), "Renamed");
    }

    #[test]
    fn a_failed_refresh_keeps_the_copy_served_through_its_grace_then_the_last_good_one_marked_stale(
    ) {
        let mut app = app(3);
        let before = first_title(&app);
        app.supplier.down.set(true);
        app.cache.entries.borrow_mut().remove(SNAPSHOT_KEY);
        app.now += SNAPSHOT_TTL_SECS as i64;
        let r = get(&app, "/v1/shops/demo/products");
        assert_eq!((r.status, r.header(STALE_HEADER)), (200, None));
        assert!(!app.memo.due(), "the failed refresh finished");
        app.now += memo::GRACE_SECS;
        let r = get(&app, "/v1/shops/demo/products");
        assert_eq!((r.status, r.header(STALE_HEADER)), (200, Some("1")));
        assert!(String::from_utf8_lossy(&r.body).contains(&before));
    }

    #[test]
    fn a_refresh_that_began_before_an_invalidation_does_not_hold_what_it_read() {
        let mut app = app(3);
        first_title(&app);
        app.cache.entries.borrow_mut().clear();
        app.now += SNAPSHOT_TTL_SECS as i64;
        answer(&app, get_request("/v1/shops/demo/products"));
        let generation = app.memo.take_due().expect("due");
        // The refresh has read the supplier; a webhook invalidates before it holds.
        pollster::block_on(invalidate(&app)).expect("dropped");
        assert!(!app
            .memo
            .hold(generation, std::rc::Rc::new(Vec::new()), app.now + 60));
        app.memo.finish();
        rename_first(&app, "Renamed");
        assert_eq!(first_title(&app), "Renamed");
    }

    #[test]
    fn a_copy_decoded_from_the_cache_expires_when_the_cache_entry_does() {
        let mut app = app(3);
        let before = first_title(&app);
        // A second isolate: its own empty copy, the same cache entry, 50 s later.
        app.memo = std::rc::Rc::default();
        app.now += 50;
        rename_first(&app, "Renamed");
        assert_eq!(first_title(&app), before, "decoded from the cache entry");
        app.now += 10;
        assert!(
            app.memo.get(app.now).is_none(),
            "held until the entry's own end, 60 s after the fetch, not after the decode"
        );
    }

    #[test]
    fn a_cache_entry_past_its_minute_is_not_taken_for_fresh() {
        let mut app = app(3);
        first_title(&app);
        // A second isolate, after the minute, from a location whose KV still
        // answers with the old entry.
        app.memo = std::rc::Rc::default();
        app.now += SNAPSHOT_TTL_SECS as i64;
        rename_first(&app, "Renamed");
        assert_eq!(first_title(&app), "Renamed");
    }

    #[test]
    fn a_cache_that_refuses_writes_does_not_fail_a_read_of_fresh_products() {
        let app = app(3);
        app.cache.refuse_writes.set(true);
        let r = get(&app, "/v1/shops/demo/products");
        assert_eq!((r.status, r.header(STALE_HEADER)), (200, None));
        assert!(app.cache.entries.borrow().is_empty());
    }
}

mod degraded {
    use crate::common::*;
    use pocketshop_edge::domain::catalogue::*;

    use crate::common::app;
    use crate::common::{code, get, place};
    use pocketshop_shared::api::ProductList;

    fn timeout() -> SupplierError {
        SupplierError::Timeout { after_ms: 2_000 }
    }
    fn html_page() -> SupplierError {
        SupplierError::InvalidBody {
            detail: "expected value at line 1 column 1".into(),
        }
    }
    fn breaker_open() -> SupplierError {
        SupplierError::CircuitOpen {
            retry_after_secs: 12,
        }
    }

    #[test]
    fn the_last_good_catalogue_is_served_marked_stale_when_the_supplier_fails() {
        let app = app(5);
        let fresh = get(&app, "/v1/shops/demo/products");
        assert_eq!(fresh.status, 200);
        assert_eq!(fresh.header(STALE_HEADER), None);
        let fresh: ProductList = serde_json::from_slice(&fresh.body).expect("list");
        for fault in [timeout as fn() -> SupplierError, html_page, breaker_open] {
            // A webhook dropped the fresh snapshot; the supplier then fails.
            pollster::block_on(invalidate(&app)).expect("dropped");
            app.supplier.fault.set(Some(fault));
            let r = get(&app, "/v1/shops/demo/products");
            assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            assert_eq!(r.header(STALE_HEADER), Some("1"));
            let stale: ProductList = serde_json::from_slice(&r.body).expect("list");
            assert_eq!(stale, fresh, "the same products and prices as last time");
            let one = get(&app, "/v1/shops/demo/products/P1");
            assert_eq!((one.status, one.header(STALE_HEADER)), (200, Some("1")));
        }
        // The supplier is back: the next read is fresh and unmarked.
        app.supplier.fault.set(None);
        let r = get(&app, "/v1/shops/demo/products");
        assert_eq!((r.status, r.header(STALE_HEADER)), (200, None));
    }

    #[test]
    fn a_stale_catalogue_is_not_stored_as_fresh_so_recovery_shows_at_once() {
        let app = app(3);
        assert_eq!(get(&app, "/v1/shops/demo/products").status, 200);
        pollster::block_on(invalidate(&app)).expect("dropped");
        app.supplier.down.set(true);
        assert_eq!(
            get(&app, "/v1/shops/demo/products").header(STALE_HEADER),
            Some("1")
        );
        assert!(app.cache.entries.borrow().get(SNAPSHOT_KEY).is_none());
        app.supplier.down.set(false);
        assert_eq!(
            get(&app, "/v1/shops/demo/products").header(STALE_HEADER),
            None
        );
    }

    #[test]
    fn with_no_good_copy_a_read_is_supplier_unavailable_with_retry_after() {
        let app = app(3);
        app.supplier.fault.set(Some(breaker_open));
        let r = get(&app, "/v1/shops/demo/products");
        assert_eq!(r.status, 503);
        assert_eq!(code(&r), "supplier_unavailable");
        assert_eq!(r.header("retry-after"), Some("12"));
        assert!(!String::from_utf8_lossy(&r.body).contains("expected value"));
    }

    #[test]
    fn checkout_while_the_breaker_is_open_stores_nothing_and_frees_the_key() {
        let app = app(3);
        for fault in [breaker_open as fn() -> SupplierError, html_page, timeout] {
            app.supplier.fault.set(Some(fault));
            let r = place(&app, 2_100, 1, "key-breaker-1");
            assert_eq!(r.status, 503, "{}", String::from_utf8_lossy(&r.body));
            assert_eq!(code(&r), "supplier_unavailable");
            assert!(r.header("retry-after").is_some());
            assert!(app.store.orders.borrow().is_empty(), "no partial order");
            assert!(app.supplier.orders.borrow().is_empty());
        }
        assert_eq!(
            place(&app, 2_100, 1, "key-breaker-1").header("retry-after"),
            Some("5")
        );
        // Once the supplier is back, the same key places the order.
        app.supplier.fault.set(None);
        let r = place(&app, 2_100, 1, "key-breaker-1");
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
        assert_eq!(app.supplier.orders.borrow().len(), 1);
    }
}

//! The edge's migrations as a production database runs them, and the local seed:
//! the migrations create the schema and no shop; `edge/seed/demo_shops.sql`, which
//! `cargo xtask` applies to local databases only, adds `demo` and `lumen`, and adds
//! nothing the second time. Runs on an in-memory SQLite, D1's own engine.

use rusqlite::Connection;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the repository")
        .to_path_buf()
}

/// A database with every edge migration applied, in order.
fn migrated() -> Connection {
    let db = Connection::open_in_memory().expect("sqlite");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("edge/migrations"))
        .expect("migrations")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for f in files {
        let sql = std::fs::read_to_string(&f).expect("read");
        db.execute_batch(&sql)
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    }
    db
}

fn count(db: &Connection, sql: &str) -> i64 {
    db.query_row(sql, [], |r| r.get(0)).expect("count")
}

fn seed(db: &Connection) {
    let sql = std::fs::read_to_string(root().join("edge/seed/demo_shops.sql")).expect("seed");
    db.execute_batch(&sql).expect("the seed applies");
}

#[test]
fn the_migrations_a_production_database_runs_create_no_shop() {
    let db = migrated();
    assert_eq!(count(&db, "SELECT count(*) FROM shops"), 0);
    assert_eq!(count(&db, "SELECT count(*) FROM markup_rules"), 0);
}

#[test]
fn the_local_seed_adds_demo_and_lumen_once_and_keeps_an_owners_changes() {
    let db = migrated();
    seed(&db);
    let shops: Vec<(String, String, i64)> = db
        .prepare("SELECT id, payment_methods, payment_window_secs FROM shops ORDER BY id")
        .expect("query")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(
        shops,
        vec![
            (
                "demo".to_owned(),
                r#"["sandbox","cash_on_delivery"]"#.to_owned(),
                900
            ),
            (
                "lumen".to_owned(),
                r#"["stripe","wechat_pay","sandbox","cash_on_delivery"]"#.to_owned(),
                1800
            ),
        ]
    );
    let font: String = db
        .query_row(
            "SELECT json_extract(theme, '$.font') FROM shops WHERE id = 'demo'",
            [],
            |r| r.get(0),
        )
        .expect("font");
    assert!(font.starts_with("\"Noto Sans CJK SC\""), "{font}");
    // Both sell the whole catalogue.
    assert_eq!(count(&db, "SELECT count(*) FROM shop_categories"), 12);
    // An owner renames the shop; a later local run seeds again.
    db.execute("UPDATE shops SET name = 'Renamed' WHERE id = 'demo'", [])
        .expect("rename");
    seed(&db);
    assert_eq!(count(&db, "SELECT count(*) FROM shops"), 2);
    assert_eq!(count(&db, "SELECT count(*) FROM markup_rules"), 2);
    assert_eq!(count(&db, "SELECT count(*) FROM shop_categories"), 12);
    assert_eq!(
        count(&db, "SELECT count(*) FROM shops WHERE name = 'Renamed'"),
        1
    );
}

//! A shop's selection: picks, followed categories and daily picks.

use pocketshop_edge::fakes::sample_catalogue;
use pocketshop_edge::ports::store::selection::*;
use pocketshop_shared::ProductId;

#[test]
fn the_selection_is_picks_plus_followed_categories() {
    let products = sample_catalogue(12);
    let p1 = &products[0];
    let p2 = &products[1];
    let s = Selection {
        categories: vec![p2.category],
        picked: vec![p1.id.clone()],
        daily_picks: Vec::new(),
    };
    assert!(s.contains(p1));
    assert!(s.contains(p2));
    let outside = products
        .iter()
        .find(|p| p.category != p2.category && p.id != p1.id)
        .expect("another product");
    assert!(!s.contains(outside));
    assert!(!Selection::default().contains(p1));
    assert!(products.iter().all(|p| Selection::everything().contains(p)));
}

#[test]
fn daily_picks_outside_the_selection_are_not_shown() {
    let products = sample_catalogue(3);
    let s = Selection {
        categories: Vec::new(),
        picked: vec![products[2].id.clone(), products[0].id.clone()],
        daily_picks: vec![
            products[2].id.clone(),
            products[1].id.clone(),
            products[0].id.clone(),
        ],
    };
    let ids: Vec<&ProductId> = s.daily(&products).iter().map(|p| &p.id).collect();
    assert_eq!(ids, vec![&products[2].id, &products[0].id]);
}

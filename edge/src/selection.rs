//! A shop's selection: which of the supplier's products it sells.
//!
//! Invariants: the selection is the products picked one by one ∪ the products of the
//! followed categories (so new arrivals in a followed category join by themselves);
//! daily picks are shown only while they are in the selection; a product outside the
//! selection does not exist for the shop's shoppers (`unknown_product`).

use pocketshop_shared::catalogue::{Category, SupplyProduct};
use pocketshop_shared::ProductId;

/// What a shop sells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    /// Followed categories, in display order.
    pub categories: Vec<Category>,
    /// Products picked one by one, oldest pick first.
    pub picked: Vec<ProductId>,
    /// The daily picks, in display order.
    pub daily_picks: Vec<ProductId>,
}

impl Selection {
    /// A selection of the whole catalogue (every category followed).
    pub fn everything() -> Selection {
        Selection {
            categories: Category::ALL.to_vec(),
            picked: Vec::new(),
            daily_picks: Vec::new(),
        }
    }

    /// Whether the category is followed.
    pub fn follows(&self, category: Category) -> bool {
        self.categories.contains(&category)
    }

    /// Whether the product was picked one by one.
    pub fn picks(&self, product: &ProductId) -> bool {
        self.picked.contains(product)
    }

    /// Whether the shop sells the product.
    pub fn contains(&self, product: &SupplyProduct) -> bool {
        self.follows(product.category) || self.picks(&product.id)
    }

    /// The daily picks still in the selection, in order.
    pub fn daily<'a>(&self, products: &'a [SupplyProduct]) -> Vec<&'a SupplyProduct> {
        self.daily_picks
            .iter()
            .filter_map(|id| products.iter().find(|p| &p.id == id))
            .filter(|p| self.contains(p))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_catalogue;

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
}

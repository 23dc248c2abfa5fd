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

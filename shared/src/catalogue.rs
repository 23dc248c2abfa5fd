//! The catalogue as the supplier describes it and as a shop shows it.
//!
//! Invariants: a product has at least one SKU; option values are plain text (never
//! HTML); stock is shown to shoppers only coarsely ([`StockLevel`]).

use crate::id::{ProductId, Sku};
use crate::locale::Locale;
use crate::money::Money;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What can be wrong with catalogue data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    /// A category slug that does not exist.
    #[error("unknown category {0:?}")]
    UnknownCategory(String),
}

/// The supplier's top-level categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Clothing.
    Apparel,
    /// Skin care and make-up.
    Beauty,
    /// Home and kitchen.
    Home,
    /// Mother and baby.
    MotherBaby,
    /// Food and drink.
    Snacks,
    /// Bags, jewellery, small accessories.
    Accessories,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 6] = [
        Category::Apparel,
        Category::Beauty,
        Category::Home,
        Category::MotherBaby,
        Category::Snacks,
        Category::Accessories,
    ];

    /// The slug used in URLs and storage.
    pub fn slug(self) -> &'static str {
        match self {
            Category::Apparel => "apparel",
            Category::Beauty => "beauty",
            Category::Home => "home",
            Category::MotherBaby => "mother_baby",
            Category::Snacks => "snacks",
            Category::Accessories => "accessories",
        }
    }

    /// Parses a slug.
    pub fn parse(slug: &str) -> Result<Category, CatalogueError> {
        Category::ALL
            .into_iter()
            .find(|c| c.slug() == slug)
            .ok_or_else(|| CatalogueError::UnknownCategory(slug.chars().take(32).collect()))
    }

    /// The category's name for shoppers.
    pub fn name(self) -> Localized {
        let (zh, en) = match self {
            Category::Apparel => ("服饰", "Apparel"),
            Category::Beauty => ("美妆", "Beauty"),
            Category::Home => ("家居", "Home"),
            Category::MotherBaby => ("母婴", "Mother & baby"),
            Category::Snacks => ("零食", "Snacks"),
            Category::Accessories => ("配饰", "Accessories"),
        };
        Localized::new(zh, en)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// Text in both languages the catalogue carries.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Localized {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Localized {
    /// Text in both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Localized {
        Localized {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text for `locale`, falling back to the other language when it is empty.
    pub fn get(&self, locale: Locale) -> &str {
        let (first, second) = match locale {
            Locale::ZhCn => (&self.zh, &self.en),
            Locale::En => (&self.en, &self.zh),
        };
        if first.is_empty() {
            second
        } else {
            first
        }
    }

    /// Whether either language contains `needle`, ignoring ASCII case.
    pub fn contains_ignore_case(&self, needle: &str) -> bool {
        let needle = needle.to_lowercase();
        self.zh.to_lowercase().contains(&needle) || self.en.to_lowercase().contains(&needle)
    }
}

/// One option of a SKU, such as colour = red or size = M.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OptionValue {
    /// The option's axis: `colour`, `size`, `volume`, `flavour`, …
    pub axis: String,
    /// The value in Chinese.
    pub zh: String,
    /// The value in English.
    pub en: String,
}

impl OptionValue {
    /// The value in `locale` (`红色` / `Red`).
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn => &self.zh,
            Locale::En => &self.en,
        }
    }
}

/// How much of a SKU is left, as shoppers see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StockLevel {
    /// Plenty.
    InStock,
    /// Only a few left ([`StockLevel::LOW_THRESHOLD`] or fewer).
    Low,
    /// None left.
    OutOfStock,
}

impl StockLevel {
    /// At or below this many units a SKU shows as low.
    pub const LOW_THRESHOLD: u32 = 5;

    /// The coarse level of an exact count.
    pub fn of(stock: u32) -> StockLevel {
        match stock {
            0 => StockLevel::OutOfStock,
            n if n <= Self::LOW_THRESHOLD => StockLevel::Low,
            _ => StockLevel::InStock,
        }
    }
}

/// A product as the supplier describes it (Supply API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplyProduct {
    /// The supplier's product id.
    pub id: ProductId,
    /// Its category.
    pub category: Category,
    /// Its title.
    pub title: Localized,
    /// A short description.
    pub description: Localized,
    /// Image URLs, first one the cover.
    pub images: Vec<String>,
    /// The purchasable variants; never empty.
    pub skus: Vec<SupplySku>,
    /// When the supplier last changed it (unix seconds).
    pub updated_at: i64,
}

impl SupplyProduct {
    /// The SKU with this code, if the product has it.
    pub fn sku(&self, sku: &Sku) -> Option<&SupplySku> {
        self.skus.iter().find(|s| &s.sku == sku)
    }
}

/// One variant as the supplier sells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplySku {
    /// Its code.
    pub sku: Sku,
    /// Its options (colour, size, …); empty for a product with one variant.
    pub options: Vec<OptionValue>,
    /// What the shop pays the supplier.
    pub supply_price: Money,
    /// The supplier's suggested retail price.
    pub suggested_price: Money,
    /// The lowest retail price the supplier allows.
    pub floor_price: Money,
    /// Units in stock.
    pub stock: u32,
}

/// A product priced for one shop, with coarse stock: what the Edge API returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopProduct {
    /// The product id.
    pub id: ProductId,
    /// Its category.
    pub category: Category,
    /// Its title.
    pub title: Localized,
    /// A short description.
    pub description: Localized,
    /// Image URLs, first one the cover.
    pub images: Vec<String>,
    /// Variants with the shop's price.
    pub skus: Vec<ShopSku>,
    /// The lowest price of any variant, for "from ¥59.00".
    pub price_from: Money,
    /// Whether any variant can be bought.
    pub in_stock: bool,
}

/// A variant priced for one shop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopSku {
    /// Its code.
    pub sku: Sku,
    /// Its options.
    pub options: Vec<OptionValue>,
    /// The shop's retail price.
    pub price: Money,
    /// The supplier's suggested price, shown struck through when higher.
    pub list_price: Money,
    /// Coarse stock.
    pub stock: StockLevel,
}

/// A product in a list (grid): just what a card shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductSummary {
    /// The product id.
    pub id: ProductId,
    /// Its category.
    pub category: Category,
    /// Its title.
    pub title: Localized,
    /// The cover image URL.
    pub image: Option<String>,
    /// The lowest price of any variant.
    pub price_from: Money,
    /// The supplier's suggested price of that variant.
    pub list_price: Money,
    /// Whether any variant can be bought.
    pub in_stock: bool,
}

impl From<&ShopProduct> for ProductSummary {
    fn from(p: &ShopProduct) -> ProductSummary {
        let cheapest = p.skus.iter().min_by_key(|s| s.price.amount);
        ProductSummary {
            id: p.id.clone(),
            category: p.category,
            title: p.title.clone(),
            image: p.images.first().cloned(),
            price_from: p.price_from,
            list_price: cheapest.map_or(p.price_from, |s| s.list_price),
            in_stock: p.in_stock,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stock_is_shown_coarsely() {
        assert_eq!(StockLevel::of(0), StockLevel::OutOfStock);
        assert_eq!(StockLevel::of(3), StockLevel::Low);
        assert_eq!(StockLevel::of(500), StockLevel::InStock);
    }

    #[test]
    fn localized_text_falls_back_to_the_other_language() {
        let t = Localized::new("", "Tee");
        assert_eq!(t.get(Locale::ZhCn), "Tee");
        assert!(Localized::new("纯棉T恤", "Cotton Tee").contains_ignore_case("cotton"));
        assert!(Localized::new("纯棉T恤", "Cotton Tee").contains_ignore_case("纯棉"));
    }

    #[test]
    fn categories_parse_from_their_slugs() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.slug()), Ok(c));
        }
        assert!(Category::parse("weapons").is_err());
    }
}

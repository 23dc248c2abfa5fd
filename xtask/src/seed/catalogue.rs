//! Deals the vocabulary out into the demo catalogue's products and SKUs: titles,
//! descriptions, option combinations, prices and stock.
//!
//! Invariants: the same catalogue on every run, from a fixed-seed splitmix64
//! generator and a fixed instant, never the clock; each category gets exactly
//! [`PER_CATEGORY`] products, with distinct titles; product ids count up from
//! `P10001`; every price satisfies the supplier schema's CHECK constraints.

use super::vocabulary::{Item, Opt, CATEGORIES};

/// Products per category: the six categories are exactly balanced.
const PER_CATEGORY: usize = 54;
/// How many products the demo catalogue has (the integration tests page through at
/// least 300, and the brief asks for at least 320).
pub const DEMO_PRODUCT_COUNT: usize = PER_CATEGORY * 6;
const _: () = assert!(DEMO_PRODUCT_COUNT >= 320);
/// The newest `updated_at` in the catalogue (unix seconds): a fixed instant, not
/// the clock, so the output never changes.
pub(super) const NEWEST: i64 = 1_790_000_000;
/// How far back `updated_at` spreads: 30 days, so `updated_since` paging has
/// something to page through.
pub(super) const SPREAD_SECONDS: i64 = 30 * 86_400;
/// The most SKUs one product has, as the Supply API's clients expect.
const MAX_SKUS: usize = 12;
/// The generator's seed: changing it reshuffles the whole catalogue.
const SEED: u64 = 0x5EED_CAFE_2026;

/// splitmix64: tiny, well mixed and dependency-free, which is all demo data needs.
struct Rng(u64);

impl Rng {
    /// The next 64 random bits.
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi` (the modulo bias is irrelevant at these sizes).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }

    /// An index in `0..len` (`0` for an empty range, which callers never ask for).
    fn index(&mut self, len: usize) -> usize {
        if len == 0 {
            return 0;
        }
        (self.next() % len as u64) as usize
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// Fisher–Yates, so picks without repetition stay deterministic.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
    }
}

/// One generated product row and its SKUs.
pub(super) struct Product {
    /// `P10001`, …
    pub(super) id: String,
    /// The category slug.
    pub(super) category: &'static str,
    /// Chinese title.
    pub(super) title_zh: String,
    /// English title.
    pub(super) title_en: String,
    /// Chinese description.
    pub(super) description_zh: String,
    /// English description.
    pub(super) description_en: String,
    /// How many generated images the supplier serves for it.
    pub(super) image_count: i64,
    /// Unix seconds.
    pub(super) updated_at: i64,
    /// Its SKUs in display order.
    pub(super) skus: Vec<SkuRow>,
}

/// One generated SKU row.
pub(super) struct SkuRow {
    /// The SKU code, `P10001-RED-M`.
    pub(super) sku: String,
    /// The option values, outermost axis first; rendered as the `options` JSON.
    pub(super) values: Vec<&'static Opt>,
    /// What the shop pays the supplier, fen.
    pub(super) supply: i64,
    /// The supplier's suggested retail price, fen.
    pub(super) suggested: i64,
    /// The lowest retail price the supplier allows, fen.
    pub(super) floor: i64,
    /// Units in stock.
    pub(super) stock: i64,
}

/// Rounds fen up to a whole 10 fen, as supplier price lists do.
fn ceil10(fen: i64) -> i64 {
    (fen + 9) / 10 * 10
}

/// A retail price ending in ¥…9.00 (fen ≡ 900 mod 1000), nearest to `pct` percent
/// of `supply` within 1.6–2.6 × supply, as shops price things; never below supply.
fn retail(supply: i64, pct: i64) -> i64 {
    let target = supply * pct / 100;
    let lo = (supply * 16 + 9) / 10;
    let hi = supply * 26 / 10;
    let down = (target - 900).div_euclid(1_000) * 1_000 + 900;
    let up = down + 1_000;
    let (near, far) = if target - down <= up - target {
        (down, up)
    } else {
        (up, down)
    };
    let fits = |p: i64| (lo..=hi).contains(&p);
    if fits(near) {
        near
    } else if fits(far) {
        far
    } else {
        // A supply price too small for any …900 to fall inside the band: take the
        // first one above it, which still keeps the price above supply.
        (lo - 900 + 999).div_euclid(1_000) * 1_000 + 900
    }
}

/// Picks `k` values of an axis: a contiguous run for ordered axes (a listing sells
/// S–L or 250g–500g, not S and XXL), any `k` in catalogue order otherwise.
fn pick(rng: &mut Rng, axis: &'static [Opt], k: usize) -> Vec<&'static Opt> {
    let k = k.min(axis.len());
    let ordered = axis
        .first()
        .is_some_and(|v| matches!(v.axis, "size" | "volume" | "weight" | "spec"));
    if ordered {
        let start = rng.index(axis.len() - k + 1);
        axis[start..start + k].iter().collect()
    } else {
        let mut idx: Vec<usize> = (0..axis.len()).collect();
        rng.shuffle(&mut idx);
        let mut chosen = idx[..k].to_vec();
        chosen.sort_unstable();
        chosen.into_iter().map(|i| &axis[i]).collect()
    }
}

/// The SKUs of one product: colour × size (or one axis, or none), priced and stocked.
fn skus(rng: &mut Rng, id: &str, item: &Item) -> Vec<SkuRow> {
    // Which of the item's axes this listing uses: mostly all of them, sometimes one
    // (a single-colour listing), now and then none (one plain SKU).
    let roll = rng.range(0, 99);
    let used: Vec<&'static [Opt]> = match item.axes {
        [a, b] if roll < 72 => vec![*a, *b],
        [a, b] if roll < 92 => vec![if rng.chance(50) { *a } else { *b }],
        [a] if roll < 90 => vec![*a],
        _ => vec![],
    };
    let mut combos: Vec<Vec<&'static Opt>> = vec![vec![]];
    let mut room = MAX_SKUS;
    for axis in &used {
        // Leave room for at least two values of every later axis.
        let later = used.len() - 1 - combos[0].len();
        let cap = (room / 2usize.pow(later as u32)).min(axis.len()).max(2);
        let k = rng.range(2, cap as i64) as usize;
        room /= k;
        let values = pick(rng, axis, k);
        combos = combos
            .into_iter()
            .flat_map(|c| {
                values.iter().map(move |v| {
                    let mut next = c.clone();
                    next.push(*v);
                    next
                })
            })
            .collect();
    }
    // About one in eight two-axis listings lacks one combination entirely: that
    // colour simply is not made in that size.
    if used.len() == 2 && rng.range(0, 7) == 0 {
        let gone = rng.index(combos.len());
        combos.remove(gone);
    }
    let base = ceil10(rng.range(item.price.0, item.price.1));
    let markup = rng.range(160, 260);
    let floor_pct = rng.range(105, 125);
    combos
        .into_iter()
        .map(|values| {
            let sku = if values.is_empty() {
                format!("{id}-STD")
            } else {
                let codes: Vec<&str> = values.iter().map(|v| v.code).collect();
                format!("{id}-{}", codes.join("-"))
            };
            let supply = ceil10(values.iter().fold(base, |p, v| p * v.pct / 100));
            let suggested = retail(supply, markup);
            let floor = ceil10(supply * floor_pct / 100).min(suggested);
            // Mostly plentiful; about 7 % sold out and 8 % nearly gone, so the
            // widget's stock states all show up in the demo.
            let stock = match rng.range(0, 99) {
                0..=6 => 0,
                7..=14 => rng.range(1, 5),
                _ => rng.range(20, 500),
            };
            SkuRow {
                sku,
                values,
                supply,
                suggested,
                floor,
                stock,
            }
        })
        .collect()
}

/// The whole demo catalogue, in id order.
pub(super) fn catalogue() -> Vec<Product> {
    let mut rng = Rng(SEED);
    // Categories interleave in a shuffled but exactly balanced order, so the first
    // page of the catalogue shows a mix, as a real supplier's would.
    let mut slots: Vec<usize> = (0..DEMO_PRODUCT_COUNT)
        .map(|i| i % CATEGORIES.len())
        .collect();
    rng.shuffle(&mut slots);
    // Each category deals out distinct (adjective, item) pairs, so titles never repeat.
    let mut decks: Vec<Vec<(usize, usize)>> = CATEGORIES
        .iter()
        .map(|c| {
            let mut deck: Vec<(usize, usize)> = (0..c.adjectives.len())
                .flat_map(|a| (0..c.items.len()).map(move |i| (a, i)))
                .collect();
            rng.shuffle(&mut deck);
            deck.truncate(PER_CATEGORY);
            deck.reverse();
            deck
        })
        .collect();
    let mut products = Vec::with_capacity(DEMO_PRODUCT_COUNT);
    for (n, slot) in slots.into_iter().enumerate() {
        let category = &CATEGORIES[slot];
        let Some((a, i)) = decks[slot].pop() else {
            // Unreachable: each deck holds PER_CATEGORY pairs and each category has
            // PER_CATEGORY slots (the tests check the count).
            continue;
        };
        let (adj_zh, adj_en) = category.adjectives[a];
        let item = &category.items[i];
        let id = format!("P{}", 10_001 + n);
        let (tail_zh, tail_en) = category.tails[rng.index(category.tails.len())];
        let (description_zh, description_en) = if rng.chance(75) {
            (
                format!("{}{tail_zh}", item.desc_zh),
                format!("{} {tail_en}", item.desc_en),
            )
        } else {
            (item.desc_zh.to_owned(), item.desc_en.to_owned())
        };
        let image_count = rng.range(1, 4);
        let updated_at = NEWEST - rng.range(0, SPREAD_SECONDS - 1);
        let skus = skus(&mut rng, &id, item);
        products.push(Product {
            title_zh: format!("{adj_zh}{}", item.zh),
            title_en: format!("{adj_en} {}", item.en),
            id,
            category: category.slug,
            description_zh,
            description_en,
            image_count,
            updated_at,
            skus,
        });
    }
    products
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    /// Every SKU of the catalogue, with its product.
    fn all_skus(products: &[Product]) -> Vec<(&Product, &SkuRow)> {
        products
            .iter()
            .flat_map(|p| p.skus.iter().map(move |s| (p, s)))
            .collect()
    }

    #[test]
    fn generates_at_least_320_products_over_six_categories() {
        let products = catalogue();
        assert_eq!(products.len(), DEMO_PRODUCT_COUNT);
        assert!(products.len() >= 320);
        let mut per: HashMap<&str, usize> = HashMap::new();
        for p in &products {
            *per.entry(p.category).or_default() += 1;
        }
        let expected: HashSet<&str> = [
            "apparel",
            "beauty",
            "home",
            "mother_baby",
            "snacks",
            "accessories",
        ]
        .into();
        assert_eq!(per.keys().copied().collect::<HashSet<_>>(), expected);
        assert!(per.values().all(|&n| n == PER_CATEGORY), "{per:?}");
    }

    #[test]
    fn product_ids_count_up_from_p10001() {
        for (n, p) in catalogue().iter().enumerate() {
            assert_eq!(p.id, format!("P{}", 10_001 + n));
        }
    }

    #[test]
    fn titles_are_distinct_plain_and_short() {
        let products = catalogue();
        let mut en = HashSet::new();
        let mut zh = HashSet::new();
        for p in &products {
            assert!(en.insert(p.title_en.as_str()), "{}", p.title_en);
            assert!(zh.insert(p.title_zh.as_str()), "{}", p.title_zh);
            for t in [&p.title_en, &p.title_zh] {
                assert!(!t.is_empty() && t.chars().count() < 60, "{t}");
                assert!(!t.contains(['<', '>', '&']), "{t}");
            }
            assert!(p.title_en.is_ascii(), "{}", p.title_en);
            assert!(!p.title_zh.is_ascii(), "{}", p.title_zh);
            assert!(!p.description_en.is_empty() && !p.description_zh.is_empty());
        }
    }

    #[test]
    fn every_product_has_between_one_and_twelve_skus() {
        for p in catalogue() {
            assert!((1..=MAX_SKUS).contains(&p.skus.len()), "{}", p.id);
            for s in &p.skus {
                assert!(s.values.len() <= 2, "{}", s.sku);
            }
            if p.skus.len() == 1 && p.skus[0].values.is_empty() {
                assert_eq!(p.skus[0].sku, format!("{}-STD", p.id));
            }
        }
    }

    #[test]
    fn every_sku_code_is_unique_and_well_formed() {
        let products = catalogue();
        let mut seen = HashSet::new();
        for (p, s) in all_skus(&products) {
            let b = s.sku.as_bytes();
            assert!(!b.is_empty() && b.len() <= 64, "{}", s.sku);
            assert!(
                b[0].is_ascii_uppercase() || b[0].is_ascii_digit(),
                "{}",
                s.sku
            );
            assert!(
                b.iter()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'-'),
                "{}",
                s.sku
            );
            assert!(s.sku.starts_with(&format!("{}-", p.id)), "{}", s.sku);
            assert!(seen.insert(s.sku.as_str()), "duplicate {}", s.sku);
        }
    }

    #[test]
    fn prices_satisfy_the_schema_checks() {
        let products = catalogue();
        for (_, s) in all_skus(&products) {
            assert!(s.supply > 0, "{}", s.sku);
            assert!(s.suggested >= s.supply, "{}", s.sku);
            assert!(s.floor >= s.supply && s.floor <= s.suggested, "{}", s.sku);
            // Shop-style prices ending in ¥…9, 1.6–2.6 × supply; a floor of at
            // least 5 % over supply.
            assert_eq!(s.suggested % 1_000, 900, "{}", s.sku);
            assert!(s.suggested * 10 >= s.supply * 16, "{}", s.sku);
            assert!(s.suggested * 10 <= s.supply * 26, "{}", s.sku);
            assert!(s.floor * 100 >= s.supply * 105, "{}", s.sku);
            assert!(s.supply % 10 == 0, "{}", s.sku);
        }
    }

    #[test]
    fn retail_prices_end_in_nine_yuan_and_stay_above_supply() {
        for supply in (100..20_000).step_by(7) {
            for pct in [160, 200, 260] {
                let p = retail(supply, pct);
                assert!(p >= supply && p % 1_000 == 900, "{supply} {pct} {p}");
            }
        }
    }

    #[test]
    fn stock_is_mostly_plentiful_with_some_sold_out_and_some_low() {
        let products = catalogue();
        let skus = all_skus(&products);
        let n = skus.len() as f64;
        let zero = skus.iter().filter(|(_, s)| s.stock == 0).count() as f64 / n;
        let low = skus
            .iter()
            .filter(|(_, s)| (1..=5).contains(&s.stock))
            .count() as f64
            / n;
        assert!((0.04..0.10).contains(&zero), "{zero}");
        assert!((0.05..0.11).contains(&low), "{low}");
        for (_, s) in &skus {
            assert!(s.stock == 0 || (1..=5).contains(&s.stock) || (20..=500).contains(&s.stock));
        }
    }

    #[test]
    fn about_one_in_eight_two_axis_products_misses_a_combination() {
        let products = catalogue();
        let (mut two_axis, mut missing) = (0, 0);
        for p in &products {
            if p.skus[0].values.len() != 2 {
                continue;
            }
            two_axis += 1;
            let outer: HashSet<&str> = p.skus.iter().map(|s| s.values[0].code).collect();
            let inner: HashSet<&str> = p.skus.iter().map(|s| s.values[1].code).collect();
            assert!(p.skus.len() + 1 >= outer.len() * inner.len(), "{}", p.id);
            if p.skus.len() < outer.len() * inner.len() {
                missing += 1;
            }
        }
        let share = f64::from(missing) / f64::from(two_axis);
        assert!((0.07..0.20).contains(&share), "{missing} of {two_axis}");
    }

    #[test]
    fn updated_at_falls_in_the_30_days_before_the_fixed_instant() {
        let products = catalogue();
        for p in &products {
            assert!(p.updated_at <= NEWEST && p.updated_at > NEWEST - SPREAD_SECONDS);
            assert!((1..=4).contains(&p.image_count));
        }
        let days: HashSet<i64> = products.iter().map(|p| p.updated_at / 86_400).collect();
        assert!(days.len() >= 28, "{}", days.len());
    }
}

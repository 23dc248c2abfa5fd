//! The SKU picker's logic: a product's option axes (colour × size, …), which values
//! can be picked given the others, and which SKU a complete pick names.
//!
//! Invariants: a value is `Available` only if some SKU with it and every other
//! picked value exists and is in stock; `Missing` means no such SKU exists at all;
//! [`Picker::sku`] is `Some` only for a complete pick of an existing SKU (in stock or
//! not: the view says why it cannot be bought). Pure, so it also runs on the server.

use crate::catalogue::{OptionValue, ShopSku, StockLevel};
use crate::locale::Locale;

/// One axis (`colour`, `size`, …) and its values in the order the supplier lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    /// The axis name as the supplier sends it.
    pub name: String,
    /// Its values.
    pub values: Vec<OptionValue>,
}

/// Whether one option value can be picked now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    /// Some in-stock SKU has it together with the other picks.
    Available,
    /// Such SKUs exist but none is in stock.
    SoldOut,
    /// No SKU combines it with the other picks.
    Missing,
}

/// The picker's state: the product's axes and the value picked on each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    skus: Vec<ShopSku>,
    /// The axes, in the order of the first SKU's options.
    pub axes: Vec<Axis>,
    /// The value picked on each axis, by index into `axes`.
    pub picked: Vec<Option<usize>>,
}

fn same(a: &OptionValue, b: &OptionValue) -> bool {
    a.axis == b.axis && a.en == b.en && a.zh == b.zh
}

impl Picker {
    /// A picker for `skus`. When only one SKU is in stock for an axis value, or the
    /// product has a single SKU, nothing is pre-picked except axes with one value:
    /// the shopper chooses.
    pub fn new(skus: Vec<ShopSku>) -> Picker {
        let mut axes: Vec<Axis> = Vec::new();
        for sku in &skus {
            for option in &sku.options {
                match axes.iter_mut().find(|a| a.name == option.axis) {
                    Some(axis) => {
                        if !axis.values.iter().any(|v| same(v, option)) {
                            axis.values.push(option.clone());
                        }
                    }
                    None => axes.push(Axis {
                        name: option.axis.clone(),
                        values: vec![option.clone()],
                    }),
                }
            }
        }
        let picked = axes
            .iter()
            .map(|a| (a.values.len() == 1).then_some(0))
            .collect();
        Picker { skus, axes, picked }
    }

    /// SKUs that carry every picked value except, if given, the one on `skip`.
    fn matching(&self, skip: Option<usize>) -> impl Iterator<Item = &ShopSku> {
        self.skus.iter().filter(move |sku| {
            self.picked.iter().enumerate().all(|(i, pick)| {
                if Some(i) == skip {
                    return true;
                }
                match pick {
                    None => true,
                    Some(v) => sku
                        .options
                        .iter()
                        .any(|o| same(o, &self.axes[i].values[*v])),
                }
            })
        })
    }

    /// Whether value `value` of axis `axis` can be picked with the other picks.
    pub fn availability(&self, axis: usize, value: usize) -> Availability {
        let Some(wanted) = self.axes.get(axis).and_then(|a| a.values.get(value)) else {
            return Availability::Missing;
        };
        let mut exists = false;
        for sku in self.matching(Some(axis)) {
            if sku.options.iter().any(|o| same(o, wanted)) {
                exists = true;
                if sku.stock != StockLevel::OutOfStock {
                    return Availability::Available;
                }
            }
        }
        if exists {
            Availability::SoldOut
        } else {
            Availability::Missing
        }
    }

    /// Picks `value` on `axis` (or un-picks it when it is already picked). A pick
    /// that no SKU combines with the others clears those others, so the shopper is
    /// never stuck with an impossible combination.
    pub fn toggle(&mut self, axis: usize, value: usize) {
        let Some(slot) = self.picked.get_mut(axis) else {
            return;
        };
        if *slot == Some(value) {
            if self.axes[axis].values.len() > 1 {
                *slot = None;
            }
            return;
        }
        *slot = Some(value);
        if self.availability(axis, value) == Availability::Missing {
            for (i, pick) in self.picked.iter_mut().enumerate() {
                if i != axis && self.axes[i].values.len() > 1 {
                    *pick = None;
                }
            }
        }
    }

    /// The indices of the value named `value` (its English name, which the markup
    /// carries as `data-value`) on the axis named `axis`.
    pub fn find(&self, axis: &str, value: &str) -> Option<(usize, usize)> {
        let a = self.axes.iter().position(|x| x.name == axis)?;
        let v = self.axes[a].values.iter().position(|x| x.en == value)?;
        Some((a, v))
    }

    /// Picks `value` on `axis`, leaving it picked if it already is.
    pub fn pick(&mut self, axis: usize, value: usize) {
        if self.picked.get(axis) != Some(&Some(value)) {
            self.toggle(axis, value);
        }
    }

    /// Whether every axis has a pick.
    pub fn complete(&self) -> bool {
        self.picked.iter().all(Option::is_some)
    }

    /// The SKU a complete pick names.
    pub fn sku(&self) -> Option<&ShopSku> {
        if !self.complete() {
            return None;
        }
        self.matching(None)
            .find(|sku| sku.options.len() == self.axes.len())
    }

    /// The axes without a pick yet.
    pub fn unpicked(&self) -> impl Iterator<Item = &Axis> {
        self.axes
            .iter()
            .zip(&self.picked)
            .filter(|(_, p)| p.is_none())
            .map(|(a, _)| a)
    }
}

/// The name of an option axis as shoppers read it (`size` → `尺码` / `Size`); a
/// name we have no words for is shown as the supplier sent it.
pub fn axis_label(name: &str, locale: Locale) -> String {
    let (zh, en) = match name {
        "colour" | "color" => ("颜色", "Colour"),
        "size" => ("尺码", "Size"),
        "volume" => ("容量", "Volume"),
        "shade" => ("色号", "Shade"),
        "spec" => ("规格", "Spec"),
        "flavour" | "flavor" => ("口味", "Flavour"),
        "weight" => ("重量", "Weight"),
        other => return other.to_owned(),
    };
    match locale {
        Locale::ZhCn => zh,
        Locale::En => en,
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Currency, Money, Sku};

    fn opt(axis: &str, en: &str) -> OptionValue {
        OptionValue {
            axis: axis.into(),
            zh: format!("{en}-zh"),
            en: en.into(),
        }
    }

    fn sku(code: &str, colour: &str, size: &str, stock: StockLevel) -> ShopSku {
        let price = Money {
            amount: 1000,
            currency: Currency::CNY,
        };
        ShopSku {
            sku: Sku::parse(code).expect("sku"),
            options: vec![opt("colour", colour), opt("size", size)],
            price,
            list_price: price,
            stock,
        }
    }

    /// Red in S and M (M sold out), blue in M only.
    fn picker() -> Picker {
        Picker::new(vec![
            sku("R-S", "red", "S", StockLevel::InStock),
            sku("R-M", "red", "M", StockLevel::OutOfStock),
            sku("B-M", "blue", "M", StockLevel::Low),
        ])
    }

    #[test]
    fn a_value_is_found_by_its_axis_and_english_name_and_picking_it_twice_keeps_it() {
        let mut p = picker();
        assert_eq!(p.find("size", "M"), Some((1, 1)));
        assert_eq!(p.find("size", "XL"), None);
        assert_eq!(p.find("fabric", "M"), None);
        p.pick(1, 1);
        p.pick(1, 1);
        assert_eq!(p.picked[1], Some(1));
    }

    #[test]
    fn axes_and_values_come_in_the_suppliers_order() {
        let p = picker();
        let names: Vec<_> = p.axes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["colour", "size"]);
        let sizes: Vec<_> = p.axes[1].values.iter().map(|v| v.en.as_str()).collect();
        assert_eq!(sizes, ["S", "M"]);
        assert!(!p.complete());
        assert_eq!(p.sku(), None);
    }

    #[test]
    fn a_combination_that_does_not_exist_or_is_sold_out_is_not_available() {
        let mut p = picker();
        p.toggle(0, 1); // blue
        assert_eq!(p.availability(1, 0), Availability::Missing, "blue S");
        assert_eq!(p.availability(1, 1), Availability::Available, "blue M");
        p.toggle(0, 0); // red
        assert_eq!(p.availability(1, 1), Availability::SoldOut, "red M");
        assert_eq!(p.availability(1, 0), Availability::Available, "red S");
    }

    #[test]
    fn a_complete_pick_names_its_sku_even_when_it_is_sold_out() {
        let mut p = picker();
        p.toggle(0, 0);
        p.toggle(1, 1);
        assert_eq!(p.sku().map(|s| s.sku.as_str()), Some("R-M"));
        assert_eq!(p.sku().map(|s| s.stock), Some(StockLevel::OutOfStock));
    }

    #[test]
    fn picking_an_impossible_value_clears_the_other_picks() {
        let mut p = picker();
        p.toggle(0, 1); // blue
        p.toggle(1, 0); // S: no blue S
        assert_eq!(p.picked, vec![None, Some(0)]);
        assert_eq!(p.unpicked().count(), 1);
    }

    #[test]
    fn picking_the_same_value_again_unpicks_it() {
        let mut p = picker();
        p.toggle(0, 0);
        p.toggle(0, 0);
        assert_eq!(p.picked, vec![None, None]);
    }

    #[test]
    fn a_product_with_one_sku_and_no_options_is_picked_from_the_start() {
        let price = Money {
            amount: 500,
            currency: Currency::CNY,
        };
        let p = Picker::new(vec![ShopSku {
            sku: Sku::parse("ONE").expect("sku"),
            options: vec![],
            price,
            list_price: price,
            stock: StockLevel::InStock,
        }]);
        assert!(p.complete());
        assert_eq!(p.sku().map(|s| s.sku.as_str()), Some("ONE"));
    }

    #[test]
    fn an_axis_with_one_value_is_picked_from_the_start() {
        let p = Picker::new(vec![
            sku("R-S", "red", "S", StockLevel::InStock),
            sku("R-M", "red", "M", StockLevel::InStock),
        ]);
        assert_eq!(p.picked, vec![Some(0), None]);
    }
}

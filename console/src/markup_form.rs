//! The markup editor's form: rows an owner edits as text, and the shop's
//! [`MarkupRule`]s they stand for.
//!
//! Invariants: [`rows_of`] and [`rules_of`] are inverse for every valid rule set;
//! [`rules_of`] refuses (naming the row) a value that is not a plain number, a
//! category or product target that does not parse, and two rules for one scope,
//! so what is previewed and saved is exactly what the owner sees.

use crate::format;
use pocketshop_shared::pricing::{Markup, MarkupRule, MarkupScope};
use pocketshop_shared::{Category, Currency, ProductId};

/// What a row applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// The whole shop.
    Shop,
    /// One category.
    Category,
    /// One product.
    Product,
}

impl ScopeKind {
    /// The form value.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Shop => "shop",
            ScopeKind::Category => "category",
            ScopeKind::Product => "product",
        }
    }

    /// Reads a form value (unknown: shop-wide).
    pub fn parse(value: &str) -> ScopeKind {
        match value {
            "category" => ScopeKind::Category,
            "product" => ScopeKind::Product,
            _ => ScopeKind::Shop,
        }
    }
}

/// How a row marks up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A percentage of the supply price.
    Percent,
    /// A fixed amount.
    Fixed,
}

impl Kind {
    /// The form value.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Percent => "percent",
            Kind::Fixed => "fixed",
        }
    }

    /// Reads a form value (unknown: percent).
    pub fn parse(value: &str) -> Kind {
        if value == "fixed" {
            Kind::Fixed
        } else {
            Kind::Percent
        }
    }
}

/// One rule as the owner edits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What it applies to.
    pub scope: ScopeKind,
    /// The category slug or product id (empty for the shop).
    pub target: String,
    /// Percent or fixed.
    pub kind: Kind,
    /// The number typed: percent (`50`) or an amount (`3.50`).
    pub value: String,
}

/// Why a form is not a valid rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormError {
    /// The row's value is not a number of its kind.
    Value(usize),
    /// The row's category or product does not exist or is malformed.
    Target(usize),
    /// The row repeats an earlier row's scope.
    Duplicate(usize),
}

impl FormError {
    /// The row at fault (0-based).
    pub fn row(&self) -> usize {
        match self {
            FormError::Value(i) | FormError::Target(i) | FormError::Duplicate(i) => *i,
        }
    }
}

/// The rows showing `rules`.
pub fn rows_of(rules: &[MarkupRule], currency: Currency) -> Vec<Row> {
    rules
        .iter()
        .map(|r| {
            let (scope, target) = match &r.scope {
                MarkupScope::Shop => (ScopeKind::Shop, String::new()),
                MarkupScope::Category(c) => (ScopeKind::Category, c.slug().to_owned()),
                MarkupScope::Product(p) => (ScopeKind::Product, p.as_str().to_owned()),
            };
            let (kind, value) = match r.markup {
                Markup::Percent { basis_points } => {
                    (Kind::Percent, format::percent_text(basis_points))
                }
                Markup::Fixed { amount } => (Kind::Fixed, format::amount_text(amount, currency)),
            };
            Row {
                scope,
                target,
                kind,
                value,
            }
        })
        .collect()
}

/// The rules the rows stand for, or the first row at fault.
pub fn rules_of(rows: &[Row], currency: Currency) -> Result<Vec<MarkupRule>, FormError> {
    let mut rules: Vec<MarkupRule> = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let scope = match row.scope {
            ScopeKind::Shop => MarkupScope::Shop,
            ScopeKind::Category => MarkupScope::Category(
                Category::parse(row.target.trim()).map_err(|_| FormError::Target(i))?,
            ),
            ScopeKind::Product => MarkupScope::Product(
                ProductId::parse(row.target.trim()).map_err(|_| FormError::Target(i))?,
            ),
        };
        let markup = match row.kind {
            Kind::Percent => Markup::Percent {
                basis_points: format::parse_percent(&row.value).ok_or(FormError::Value(i))?,
            },
            Kind::Fixed => Markup::Fixed {
                amount: format::parse_amount(&row.value, currency).ok_or(FormError::Value(i))?,
            },
        };
        if rules.iter().any(|r| r.scope == scope) {
            return Err(FormError::Duplicate(i));
        }
        rules.push(MarkupRule { scope, markup });
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(scope: ScopeKind, target: &str, kind: Kind, value: &str) -> Row {
        Row {
            scope,
            target: target.into(),
            kind,
            value: value.into(),
        }
    }

    #[test]
    fn rows_become_rules_and_back() {
        let rows = vec![
            row(ScopeKind::Shop, "", Kind::Percent, "50"),
            row(ScopeKind::Category, "snacks", Kind::Fixed, "3.50"),
            row(ScopeKind::Product, "P10001", Kind::Percent, "12.5"),
        ];
        let rules = rules_of(&rows, Currency::CNY).expect("valid");
        assert_eq!(
            rules[0],
            MarkupRule {
                scope: MarkupScope::Shop,
                markup: Markup::Percent {
                    basis_points: 5_000
                }
            }
        );
        assert_eq!(rules[1].markup, Markup::Fixed { amount: 350 });
        assert_eq!(rows_of(&rules, Currency::CNY), rows);
    }

    #[test]
    fn a_bad_row_is_named() {
        let ok = row(ScopeKind::Shop, "", Kind::Percent, "10");
        assert_eq!(
            rules_of(
                &[ok.clone(), row(ScopeKind::Shop, "", Kind::Percent, "20")],
                Currency::CNY
            ),
            Err(FormError::Duplicate(1))
        );
        assert_eq!(
            rules_of(
                &[
                    ok.clone(),
                    row(ScopeKind::Category, "cars", Kind::Percent, "20")
                ],
                Currency::CNY
            ),
            Err(FormError::Target(1))
        );
        assert_eq!(
            rules_of(
                &[row(ScopeKind::Shop, "", Kind::Fixed, "-1")],
                Currency::CNY
            ),
            Err(FormError::Value(0))
        );
        assert_eq!(FormError::Target(3).row(), 3);
    }
}

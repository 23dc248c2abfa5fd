//! Sample records for tests: the demo shop, a sample catalogue, amounts in yuan
//! and the edge's configuration with the sandbox provider.

use crate::base::config::{Config, PaymentsConfig, SandboxConfig, Secret};
use crate::ports::store::selection::Selection;
use crate::ports::store::ShopRecord;
use pocketshop_shared::api::Theme;
use pocketshop_shared::catalogue::{Category, Localized, SupplyProduct, SupplySku};
use pocketshop_shared::pricing::{Markup, MarkupRule, MarkupScope, ShopPricing};
use pocketshop_shared::quote::ShippingRule;
use pocketshop_shared::{Currency, Locale, Money, PaymentMethod, ProductId, ShopId, Sku};

pub const ORIGIN: &str = "http://127.0.0.1:8790";

pub fn cny(a: i64) -> Money {
    Money::new(a, Currency::CNY)
}

/// The seeded demo shop: CNY, 30 % markup, ¥8 shipping, free from ¥99.
pub fn demo_shop() -> ShopRecord {
    ShopRecord {
        id: ShopId::parse("demo").expect("valid"),
        name: "小口袋好物".into(),
        locale: Locale::ZhCn,
        theme: Theme {
            primary_colour: "#e4393c".into(),
            radius_px: 10,
            font: "system-ui".into(),
            logo_url: None,
        },
        allowed_origins: vec![ORIGIN.into()],
        features: vec!["cart".into(), "share".into()],
        shipping: ShippingRule {
            flat_fee: cny(800),
            free_over: Some(cny(9_900)),
        },
        pricing: ShopPricing {
            currency: Currency::CNY,
            rules: vec![MarkupRule {
                scope: MarkupScope::Shop,
                markup: Markup::Percent {
                    basis_points: 3_000,
                },
            }],
        },
        payment_methods: vec![PaymentMethod::Sandbox, PaymentMethod::CashOnDelivery],
        payment_window_secs: 900,
        owner_id: None,
        selection: Selection::everything(),
        agent: None,
    }
}

/// `n` products `P1…Pn`, cycling through the categories, each with two SKUs
/// (`Pi-A` with 50 in stock at ¥10.00 supply, `Pi-B` out of stock).
pub fn sample_catalogue(n: usize) -> Vec<SupplyProduct> {
    (1..=n)
        .map(|i| SupplyProduct {
            id: ProductId::parse(&format!("P{i}")).expect("valid"),
            category: Category::ALL[i % Category::ALL.len()],
            title: Localized::new(format!("商品 {i}"), format!("Product {i}")),
            description: Localized::new("描述", "Description"),
            images: vec![format!("http://supply.test/images/P{i}/1.svg")],
            skus: ["A", "B"]
                .iter()
                .map(|v| SupplySku {
                    sku: Sku::parse(&format!("P{i}-{v}")).expect("valid"),
                    options: vec![],
                    supply_price: cny(1_000),
                    suggested_price: cny(1_990),
                    floor_price: cny(1_050),
                    stock: if *v == "A" { 50 } else { 0 },
                })
                .collect(),
            updated_at: 1_000 + i as i64,
        })
        .collect()
}

/// The edge's public URL in tests.
pub const PUBLIC_URL: &str = "http://edge.test";

/// The sandbox's secret in tests.
pub const SANDBOX_SECRET: &str = "sandbox-secret-for-tests";

pub fn config() -> Config {
    Config::from_values(
        "http://supply.test",
        "edge-local",
        "supply-secret",
        "supply-local",
        "webhook-secret",
        "order-token-secret-for-tests",
    )
    .expect("valid config")
    .with_payments(PaymentsConfig {
        public_url: PUBLIC_URL.into(),
        stripe: None,
        wechat: None,
        wechat_oauth: None,
        sandbox: Some(SandboxConfig {
            secret: Secret::new(SANDBOX_SECRET),
        }),
        retry_base_secs: 10,
    })
}

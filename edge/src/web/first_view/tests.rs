use crate::web::first_view::*;
use pocketshop_shared::catalogue::{ShopSku, StockLevel};
use pocketshop_shared::Money;
use pocketshop_shared::{Currency, Localized, OptionValue, ProductId, Sku};

fn cny(amount: i64) -> Money {
    Money {
        amount,
        currency: Currency::CNY,
    }
}

fn theme() -> Theme {
    Theme {
        primary_colour: "#e4393c".into(),
        radius_px: 10,
        font: "system-ui".into(),
        logo_url: None,
    }
}

fn frame(theme: &Theme, locale: Locale) -> Frame<'_> {
    Frame {
        locale,
        theme,
        stale: false,
    }
}

fn summary(id: &str, title: &str, in_stock: bool) -> ProductSummary {
    ProductSummary {
        id: ProductId::parse(id).expect("id"),
        category: Category::ALL[0],
        title: Localized::new(title, title),
        image: Some(format!("https://img.test/{id}.jpg")),
        price_from: cny(1_290),
        list_price: cny(1_990),
        in_stock,
    }
}

fn option(axis: &str, zh: &str, en: &str) -> OptionValue {
    OptionValue {
        axis: axis.into(),
        zh: zh.into(),
        en: en.into(),
    }
}

fn sku(code: &str, colour: (&str, &str), size: &str, stock: StockLevel) -> ShopSku {
    ShopSku {
        sku: Sku::parse(code).expect("sku"),
        options: vec![
            option("colour", colour.0, colour.1),
            option("size", size, size),
        ],
        price: cny(5_900),
        list_price: cny(7_900),
        stock,
    }
}

fn shirt() -> ShopProduct {
    ShopProduct {
        id: ProductId::parse("P7").expect("id"),
        category: Category::ALL[0],
        title: Localized::new("纯棉T恤", "Cotton tee"),
        description: Localized::new("柔软", "Soft <b>cotton</b>"),
        images: vec![
            "https://img.test/a.jpg".into(),
            "https://img.test/b.jpg".into(),
        ],
        skus: vec![
            sku("P7-RS", ("红色", "Red"), "S", StockLevel::InStock),
            sku("P7-RM", ("红色", "Red"), "M", StockLevel::OutOfStock),
            sku("P7-BS", ("蓝色", "Blue"), "S", StockLevel::InStock),
        ],
        price_from: cny(5_900),
        in_stock: true,
    }
}

/// The English grid of a page of two products, the second sold out, with a next
/// page, under the chips of two categories.
fn mug_and_cup_grid() -> String {
    let page = ProductList {
        items: vec![summary("P1", "Mug", true), summary("P2", "Cup", false)],
        next_cursor: Some("o12".into()),
    };
    grid(
        frame(&theme(), Locale::En),
        &Category::ALL[..2],
        None,
        &page,
    )
}

#[test]
fn a_grid_shows_each_tile_with_its_image_title_and_price_in_the_widgets_markup() {
    let html = mug_and_cup_grid();
    assert!(html.starts_with("<div class=\"ps-app\" lang=\"en\" inert data-ps-first-view"));
    assert_eq!(html.matches("<li class=\"ps-tile\">").count(), 2);
    assert!(html.contains("data-product-id=\"P1\""));
    assert!(html
        .contains("<img src=\"https://img.test/P1.jpg\" alt=\"Mug\" width=\"300\" height=\"300\""));
    assert!(html.contains("<span class=\"ps-tile-title\">Mug</span>"));
    assert!(html.contains("from <span class=\"ps-price-now\">"));
    assert!(html.contains("<s class=\"ps-price-list\">"));
    // Only the sold-out product says so.
    assert_eq!(html.matches("ps-badge-out").count(), 1);
    // All, then the shop's categories; none chosen means All is on.
    assert_eq!(
        html.matches("<button type=\"button\" class=\"ps-chip")
            .count(),
        3
    );
    assert!(
        html.contains("class=\"ps-chip ps-on\" data-category=\"all\" aria-pressed=\"true\">All<")
    );
    assert!(html.contains("ps-more"), "there is a next page");
    assert!(!html.contains("data-testid"), "tests find only the widget");
    assert!(!html.contains("style=") && !html.contains(" on"));
    // Its one script is the products' data block, after the root.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("</div><script type=\"application/ld+json\">"));
    assert!(html.ends_with("</script>"));
}

#[test]
fn an_empty_shop_says_it_has_nothing_yet_not_that_nothing_matches() {
    let theme = theme();
    let page = ProductList {
        items: vec![],
        next_cursor: None,
    };
    let frame = |locale| Frame {
        locale,
        theme: &theme,
        stale: false,
    };
    let en = grid(frame(Locale::En), &[], None, &page);
    assert!(en.contains("No products here yet.") && !en.contains("No products match."));
    let zh = grid(frame(Locale::ZhCn), &[], None, &page);
    assert!(zh.contains("这里还没有商品。") && !zh.contains("没有找到相关商品。"));
}

#[test]
fn the_grid_speaks_chinese_for_a_chinese_shop_and_says_when_nothing_matches() {
    let theme = theme();
    let page = ProductList {
        items: vec![],
        next_cursor: None,
    };
    let chosen = Some(Category::ALL[1]);
    let html = grid(
        Frame {
            locale: Locale::ZhCn,
            theme: &theme,
            stale: true,
        },
        &Category::ALL[..2],
        chosen,
        &page,
    );
    assert!(html.contains("lang=\"zh-CN\""));
    assert!(html.contains("没有找到相关商品。"));
    assert!(
        html.contains("价格和库存可能不是最新的。"),
        "the stale notice"
    );
    assert!(!html.contains("ps-more"), "no next page");
    let on = format!(
        "class=\"ps-chip ps-on\" data-category=\"{}\"",
        Category::ALL[1].slug()
    );
    assert!(html.contains(&on), "{html}");
}

#[test]
fn catalogue_text_and_the_theme_are_escaped() {
    let theme = Theme {
        font: "x\"><script>".into(),
        ..theme()
    };
    let mut p = summary("P1", "<img src=x onerror=alert(1)>\"&", true);
    p.image = Some("https://img.test/a.jpg\" onload=\"x".into());
    let page = ProductList {
        items: vec![p],
        next_cursor: None,
    };
    let html = grid(frame(&theme, Locale::En), &[], None, &page);
    assert!(!html.contains("<img src=x"));
    assert_eq!(html.matches("<script").count(), 1, "only the data block");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&amp;"));
    assert!(html.contains("a.jpg&quot; onload=&quot;x"));
    // The font could inject a rule, so the theme leaves it out.
    assert!(html.contains("data-ps-theme=\":host{--ps-primary:#e4393c;--ps-radius:10px;}\""));
}

#[test]
fn a_product_card_shows_its_gallery_price_range_and_options_with_nothing_picked() {
    let theme = theme();
    let html = product(frame(&theme, Locale::En), &shirt());
    assert!(html.contains("<img class=\"ps-gallery-main\" src=\"https://img.test/a.jpg\" alt=\"Cotton tee\" width=\"480\" height=\"480\""));
    assert_eq!(
        html.matches("<button type=\"button\" class=\"ps-thumb")
            .count(),
        2
    );
    assert!(html.contains("<h3 class=\"ps-title\">Cotton tee</h3>"));
    assert!(html.contains("from <span class=\"ps-price-now\">"));
    assert_eq!(html.matches("<fieldset class=\"ps-axis\">").count(), 2);
    assert!(html.contains(">Colour<span class=\"ps-axis-picked\"></span>"));
    // M exists only in red, which is sold out: still pickable until a colour is.
    assert_eq!(html.matches("class=\"ps-option\"").count(), 4);
    assert!(html.contains("<p class=\"ps-hint\" aria-live=\"polite\">Choose a colour</p>"));
    assert!(html.contains("class=\"ps-btn ps-btn-primary ps-add\" disabled>Add to cart<"));
    assert!(html.contains("<p class=\"ps-desc\">Soft &lt;b&gt;cotton&lt;/b&gt;</p>"));
}

#[test]
fn a_product_with_one_sku_shows_its_own_price_and_stock_note() {
    let theme = theme();
    let mut p = shirt();
    p.skus = vec![ShopSku {
        options: vec![],
        stock: StockLevel::Low,
        ..p.skus[0].clone()
    }];
    p.images.truncate(1);
    let html = product(frame(&theme, Locale::ZhCn), &p);
    assert!(!html.contains("ps-thumbs"));
    assert!(!html.contains("<fieldset"));
    assert!(html.contains("库存紧张"));
    assert!(!html.contains("起"), "not a range: {html}");
    assert!(html.contains("<p class=\"ps-hint\" aria-live=\"polite\"></p>"));
}

#[test]
fn a_product_card_carries_its_variants_and_from_price_for_the_first_view_layer() {
    let theme = theme();
    let mut p = shirt();
    // Merchant text that would end the attribute early if it were not escaped.
    p.skus[0].options[0].zh = "红\"色'<".into();
    let html = product(frame(&theme, Locale::En), &p);
    let start = html.find("data-ps-card=\"").expect("card data") + "data-ps-card=\"".len();
    let end = start + html[start..].find('"').expect("closing quote");
    let text = html[start..end]
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let data: CardData = serde_json::from_str(&text).expect("the card data is JSON");
    assert_eq!(data.skus, p.skus);
    assert_eq!(data.price_from, p.price_from);
    // The quantity's buttons say which way they step.
    assert!(html.contains("data-step=\"-1\""));
    assert!(html.contains("data-step=\"1\""));
}

/// The JSON-LD data block at the end of `html`, read back.
fn json_ld(html: &str) -> serde_json::Value {
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).expect("a data block") + open.len();
    let end = start + html[start..].find("</script>").expect("its end");
    serde_json::from_str(&html[start..end]).expect("the data block is JSON")
}

#[test]
fn a_grid_describes_its_products_to_search_engines_in_the_order_it_shows_them() {
    let html = mug_and_cup_grid();
    let data = json_ld(&html);
    assert_eq!(data["@context"], "https://schema.org");
    assert_eq!(data["@type"], "ItemList");
    assert_eq!(data["numberOfItems"], 2);
    let first = &data["itemListElement"][0];
    assert_eq!(first["position"], 1);
    assert_eq!(first["item"]["@type"], "Product");
    assert_eq!(first["item"]["productID"], "P1");
    assert_eq!(first["item"]["name"], "Mug");
    assert_eq!(first["item"]["image"], "https://img.test/P1.jpg");
    assert_eq!(first["item"]["offers"]["lowPrice"], "12.90");
    assert_eq!(first["item"]["offers"]["priceCurrency"], "CNY");
    assert_eq!(
        first["item"]["offers"]["availability"],
        "https://schema.org/InStock"
    );
    let second = &data["itemListElement"][1]["item"];
    assert_eq!(second["name"], "Cup");
    assert_eq!(
        second["offers"]["availability"],
        "https://schema.org/OutOfStock"
    );
}

#[test]
fn a_product_card_describes_its_price_range_variants_and_stock_in_the_cards_language() {
    let theme = theme();
    let mut p = shirt();
    p.skus[2].price = cny(6_900);
    let data = json_ld(&product(frame(&theme, Locale::ZhCn), &p));
    assert_eq!(data["@type"], "Product");
    assert_eq!(data["productID"], "P7");
    assert_eq!(data["name"], "纯棉T恤");
    assert_eq!(data["description"], "柔软");
    assert_eq!(data["image"].as_array().map(Vec::len), Some(2));
    let offers = &data["offers"];
    assert_eq!(offers["@type"], "AggregateOffer");
    assert_eq!(offers["lowPrice"], "59.00");
    assert_eq!(offers["highPrice"], "69.00");
    assert_eq!(offers["offerCount"], 3);
    assert_eq!(offers["availability"], "https://schema.org/InStock");
}

#[test]
fn catalogue_text_cannot_end_the_data_block_and_reads_back_as_written() {
    let theme = theme();
    let title = "</script><script>alert(1)</script><!-- & >";
    let page = ProductList {
        items: vec![summary("P1", title, true)],
        next_cursor: None,
    };
    let html = grid(frame(&theme, Locale::En), &[], None, &page);
    assert_eq!(html.matches("</script").count(), 1, "{html}");
    assert!(!html.contains("<!--"));
    assert_eq!(json_ld(&html)["itemListElement"][0]["item"]["name"], title);
}

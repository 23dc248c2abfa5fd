//! Product images the supplier serves itself: small SVGs drawn from the product's
//! category, id and title, so the demo catalogue needs no outside URLs.
//!
//! Invariants: the title is XML-escaped, so no product text can inject markup.

/// The image number in a file name `{n}.svg`: 1 or more, written canonically (no
/// sign, no leading zero), so each image has exactly one URL to cache.
pub fn number(file: &str) -> Option<u32> {
    let digits = file.strip_suffix(".svg")?;
    if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Escapes text for XML content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn base_hue(category: &str) -> u32 {
    match category {
        "apparel" => 210,
        "beauty" => 330,
        "home" => 35,
        "mother_baby" => 190,
        "snacks" => 15,
        _ => 270,
    }
}

/// A 600×600 SVG for image `n` of a product.
pub fn svg(id: &str, category: &str, title: &str, n: u32) -> String {
    // FNV-1a over the id: the same product always gets the same colours.
    let hash = id.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let hue = (base_hue(category) + hash % 40 + n * 25) % 360;
    let shape = match (hash + n) % 3 {
        0 => r##"<circle cx="300" cy="260" r="150" fill="#fff" fill-opacity=".35"/>"##.to_owned(),
        1 => r##"<rect x="150" y="110" width="300" height="300" rx="40" fill="#fff" fill-opacity=".35"/>"##.to_owned(),
        _ => r##"<path d="M300 100 L480 420 L120 420 Z" fill="#fff" fill-opacity=".35"/>"##.to_owned(),
    };
    let label: String = title.chars().take(28).collect();
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 600" width="600" height="600"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl({hue},70%,62%)"/><stop offset="1" stop-color="hsl({hue2},70%,45%)"/></linearGradient></defs><rect width="600" height="600" fill="url(#g)"/>{shape}<text x="300" y="520" font-family="system-ui,sans-serif" font-size="34" fill="#fff" text-anchor="middle">{}</text><text x="560" y="60" font-family="system-ui,sans-serif" font-size="28" fill="#fff" fill-opacity=".8" text-anchor="end">{n}</text></svg>"##,
        escape(&label),
        hue2 = (hue + 30) % 360,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_canonical_svg_file_names_have_a_number() {
        assert_eq!(number("1.svg"), Some(1));
        assert_eq!(number("6.svg"), Some(6));
        for bad in [
            "0.svg",
            "01.svg",
            "+1.svg",
            "1.png",
            ".svg",
            "1",
            "x.svg",
            "99999999999.svg",
        ] {
            assert_eq!(number(bad), None, "{bad}");
        }
    }

    #[test]
    fn all_five_xml_specials_are_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape("a&b<c>d\"e'f\u{1}g"),
            "a&amp;b&lt;c&gt;d&quot;e&apos;fg"
        );
    }

    #[test]
    fn the_image_holds_no_outside_urls_and_no_script() {
        let s = svg("P10001", "beauty", "Rose water", 3);
        assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        // The namespace is a name, not a fetch; nothing else may point outside.
        assert_eq!(s.matches("http").count(), 1);
        assert!(!s.contains("<script") && !s.contains("href"));
    }

    #[test]
    fn categories_and_image_numbers_change_the_colour() {
        let hue = |s: &str| {
            s.split("hsl(")
                .nth(1)
                .map(|h| h.split(',').next().unwrap_or("").to_owned())
        };
        assert_ne!(
            hue(&svg("P1", "home", "x", 1)),
            hue(&svg("P1", "snacks", "x", 1))
        );
        assert_ne!(
            hue(&svg("P1", "home", "x", 1)),
            hue(&svg("P1", "home", "x", 2))
        );
    }

    #[test]
    fn titles_cannot_inject_markup() {
        let s = svg("P1", "home", "<script>alert('x')</script> & co", 1);
        assert!(!s.contains("<script>"));
        assert!(s.contains("&lt;script&gt;"));
    }

    #[test]
    fn the_same_product_draws_the_same_image_and_it_is_small() {
        assert_eq!(
            svg("P10001", "snacks", "Coffee", 1),
            svg("P10001", "snacks", "Coffee", 1)
        );
        assert_ne!(
            svg("P10001", "snacks", "Coffee", 1),
            svg("P10001", "snacks", "Coffee", 2)
        );
        assert!(svg("P10001", "snacks", &"长".repeat(100), 1).len() < 2_048);
    }
}

//! The JSON the layer reads and writes, without serde: a card's data from the edge,
//! and the cart and the prices seen in storage, in exactly the shapes serde gives
//! the shared types, so the widget reads what this writes and the other way round.
//!
//! Why not serde_json: with the derives it links float parsing and formatting and
//! its error machinery, which would nearly double the module's gzipped WASM, for
//! documents that only ever hold strings, integers, arrays and objects. The tests
//! check each shape against serde_json, so the two cannot drift apart unnoticed.
//!
//! Invariants: the reader takes any valid JSON except fractions and exponents,
//! which no stored shape has (money is in integer minor units), and refuses them
//! rather than rounding; it nests at most [`MAX_DEPTH`] deep; every value built
//! from it goes through the shared types' own `parse`, so what it accepts is what
//! serde would have accepted.

use pocketshop_shared::card::CardData;
use pocketshop_shared::catalogue::{ShopSku, StockLevel};
use pocketshop_shared::{Cart, CartLine, Currency, Money, OptionValue, ProductId, Quantity, Sku};
use std::fmt::Write;

/// How deep arrays and objects may nest.
pub const MAX_DEPTH: usize = 16;

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, its members in order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// Member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    fn int(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }

    fn items(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }
}

/// Parses `text`, which must hold one value and nothing after it but whitespace.
pub fn parse(text: &str) -> Option<Value> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = p.value(0)?;
    p.space();
    (p.at == p.bytes.len()).then_some(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn space(&mut self) {
        while matches!(self.bytes.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at.checked_add(word.len())?;
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.space();
        match *self.bytes.get(self.at)? {
            b'n' => self.eat(b"null").map(|()| Value::Null),
            b't' => self.eat(b"true").map(|()| Value::Bool(true)),
            b'f' => self.eat(b"false").map(|()| Value::Bool(false)),
            b'"' => self.string().map(Value::Str),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                self.space();
                if self.eat(b"]").is_some() {
                    return Some(Value::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.space();
                    if self.eat(b",").is_none() {
                        self.eat(b"]")?;
                        return Some(Value::Array(items));
                    }
                }
            }
            b'{' => {
                self.at += 1;
                let mut members = Vec::new();
                self.space();
                if self.eat(b"}").is_some() {
                    return Some(Value::Object(members));
                }
                loop {
                    self.space();
                    let key = self.string()?;
                    self.space();
                    self.eat(b":")?;
                    members.push((key, self.value(depth + 1)?));
                    self.space();
                    if self.eat(b",").is_none() {
                        self.eat(b"}")?;
                        return Some(Value::Object(members));
                    }
                }
            }
            _ => self.int().map(Value::Int),
        }
    }

    fn int(&mut self) -> Option<i64> {
        let start = self.at;
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        let digits = self.at;
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        let text = std::str::from_utf8(self.bytes.get(start..self.at)?).ok()?;
        // JSON has no leading zeros; a fraction or an exponent is refused here.
        let leading_zero = self.at - digits > 1 && self.bytes.get(digits) == Some(&b'0');
        if self.at == digits
            || leading_zero
            || matches!(self.bytes.get(self.at), Some(b'.' | b'e' | b'E'))
        {
            return None;
        }
        text.parse().ok()
    }

    fn hex4(&mut self) -> Option<u32> {
        let end = self.at.checked_add(4)?;
        let digits = std::str::from_utf8(self.bytes.get(self.at..end)?).ok()?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at = end;
        u32::from_str_radix(digits, 16).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.eat(b"\"")?;
        let mut out = String::new();
        loop {
            let start = self.at;
            while !matches!(
                self.bytes.get(self.at),
                None | Some(b'"' | b'\\' | 0..=0x1f)
            ) {
                self.at += 1;
            }
            out.push_str(std::str::from_utf8(self.bytes.get(start..self.at)?).ok()?);
            match *self.bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.at += 1;
                    let escape = *self.bytes.get(self.at)?;
                    self.at += 1;
                    out.push(match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let high = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&high) {
                                self.eat(b"\\u")?;
                                let low = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&low) {
                                    return None;
                                }
                                0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00)
                            } else {
                                high
                            };
                            char::from_u32(code)?
                        }
                        _ => return None,
                    });
                }
                // A raw control character is not allowed inside a JSON string.
                _ => return None,
            }
        }
    }
}

/// `text` as a JSON string.
pub fn quote(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn money(v: &Value) -> Option<Money> {
    Some(Money {
        amount: v.get("amount")?.int()?,
        currency: Currency::parse(v.get("currency")?.str()?).ok()?,
    })
}

fn stock(v: &Value) -> Option<StockLevel> {
    match v.str()? {
        "in_stock" => Some(StockLevel::InStock),
        "low" => Some(StockLevel::Low),
        "out_of_stock" => Some(StockLevel::OutOfStock),
        _ => None,
    }
}

fn option(v: &Value) -> Option<OptionValue> {
    Some(OptionValue {
        axis: v.get("axis")?.str()?.to_owned(),
        zh: v.get("zh")?.str()?.to_owned(),
        en: v.get("en")?.str()?.to_owned(),
    })
}

fn shop_sku(v: &Value) -> Option<ShopSku> {
    Some(ShopSku {
        sku: Sku::parse(v.get("sku")?.str()?).ok()?,
        options: v
            .get("options")?
            .items()?
            .iter()
            .map(option)
            .collect::<Option<_>>()?,
        price: money(v.get("price")?)?,
        list_price: money(v.get("list_price")?)?,
        stock: stock(v.get("stock")?)?,
    })
}

/// A card's data (`data-ps-card`).
pub fn card_data(text: &str) -> Option<CardData> {
    let v = parse(text)?;
    Some(CardData {
        skus: v
            .get("skus")?
            .items()?
            .iter()
            .map(shop_sku)
            .collect::<Option<_>>()?,
        price_from: money(v.get("price_from")?)?,
    })
}

/// A stored cart; `None` when it is not one, which the widget also treats as empty.
pub fn cart(text: &str) -> Option<Cart> {
    let v = parse(text)?;
    let lines = v
        .get("lines")?
        .items()?
        .iter()
        .map(|line| {
            Some(CartLine {
                product_id: ProductId::parse(line.get("product_id")?.str()?).ok()?,
                sku: Sku::parse(line.get("sku")?.str()?).ok()?,
                quantity: Quantity::new(u64::try_from(line.get("quantity")?.int()?).ok()?).ok()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Cart { lines })
}

fn write_money(out: &mut String, m: Money) {
    let _ = write!(out, "{{\"amount\":{},\"currency\":", m.amount);
    quote(out, m.currency.code());
    out.push('}');
}

/// A cart as stored.
pub fn write_cart(cart: &Cart) -> String {
    let mut out = String::from("{\"lines\":[");
    for (i, line) in cart.lines.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"product_id\":");
        quote(&mut out, line.product_id.as_str());
        out.push_str(",\"sku\":");
        quote(&mut out, line.sku.as_str());
        let _ = write!(out, ",\"quantity\":{}}}", line.quantity.get());
    }
    out.push_str("]}");
    out
}

/// The stored prices seen (`[[sku, money], …]`); `None` when it is not that.
pub fn seen(text: &str) -> Option<Vec<(Sku, Money)>> {
    parse(text)?
        .items()?
        .iter()
        .map(|pair| match pair.items()? {
            [sku, price] => Some((Sku::parse(sku.str()?).ok()?, money(price)?)),
            _ => None,
        })
        .collect()
}

/// The prices seen, as stored.
pub fn write_seen(seen: &[(Sku, Money)]) -> String {
    let mut out = String::from("[");
    for (i, (sku, price)) in seen.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        quote(&mut out, sku.as_str());
        out.push(',');
        write_money(&mut out, *price);
        out.push(']');
    }
    out.push(']');
    out
}

/// The detail of `pocketshop:add_to_cart`, as the widget sends it.
pub fn added_detail(
    product: &ProductId,
    sku: &Sku,
    quantity: Quantity,
    price: Money,
    shop: &str,
) -> String {
    let mut out = String::from("{\"product_id\":");
    quote(&mut out, product.as_str());
    out.push_str(",\"sku\":");
    quote(&mut out, sku.as_str());
    let _ = write!(out, ",\"quantity\":{},\"price\":", quantity.get());
    write_money(&mut out, price);
    out.push_str(",\"shop\":");
    quote(&mut out, shop);
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pocketshop_shared::CartAction;

    fn cny(amount: i64) -> Money {
        Money::new(amount, Currency::CNY)
    }

    fn data() -> CardData {
        let opt = |axis: &str, zh: &str, en: &str| OptionValue {
            axis: axis.into(),
            zh: zh.into(),
            en: en.into(),
        };
        CardData {
            skus: vec![
                ShopSku {
                    sku: Sku::parse("P1-RED-M").expect("sku"),
                    options: vec![
                        opt("colour", "红\"色\\", "Red \u{1F600}"),
                        opt("size", "M码\n", "M"),
                    ],
                    price: cny(5_900),
                    list_price: cny(7_900),
                    stock: StockLevel::InStock,
                },
                ShopSku {
                    sku: Sku::parse("P1-RED-L").expect("sku"),
                    options: vec![opt("colour", "红色", "Red"), opt("size", "L", "L")],
                    price: Money {
                        amount: -3,
                        currency: Currency::JPY,
                    },
                    list_price: cny(0),
                    stock: StockLevel::OutOfStock,
                },
                ShopSku {
                    sku: Sku::parse("P1-X").expect("sku"),
                    options: vec![],
                    price: cny(1),
                    list_price: cny(1),
                    stock: StockLevel::Low,
                },
            ],
            price_from: cny(1),
        }
    }

    fn cart_of(n: usize) -> Cart {
        let mut cart = Cart::default();
        for i in 0..n {
            cart = cart
                .apply(CartAction::Add {
                    product_id: ProductId::parse(&format!("P{i}")).expect("id"),
                    sku: Sku::parse(&format!("P{i}-M")).expect("sku"),
                    quantity: Quantity::new(1 + i as u64 % 99).expect("quantity"),
                })
                .expect("room");
        }
        cart
    }

    #[test]
    fn a_card_serde_wrote_reads_back_the_same() {
        let text = serde_json::to_string(&data()).expect("json");
        assert_eq!(card_data(&text), Some(data()));
        let pretty = serde_json::to_string_pretty(&data()).expect("json");
        assert_eq!(card_data(&pretty), Some(data()));
    }

    #[test]
    fn a_cart_goes_both_ways_between_this_and_serde() {
        for n in [0, 1, 7, Cart::MAX_LINES] {
            let cart = cart_of(n);
            let ours = write_cart(&cart);
            assert_eq!(
                serde_json::from_str::<Cart>(&ours).expect("serde reads ours"),
                cart
            );
            let theirs = serde_json::to_string(&cart).expect("json");
            assert_eq!(ours, theirs, "the same bytes as the widget writes");
            assert_eq!(self::cart(&theirs), Some(cart));
        }
    }

    #[test]
    fn the_prices_seen_go_both_ways_between_this_and_serde() {
        let seen = vec![
            (Sku::parse("A-1").expect("sku"), cny(100)),
            (Sku::parse("B-2").expect("sku"), cny(-5)),
        ];
        let ours = write_seen(&seen);
        assert_eq!(
            serde_json::from_str::<Vec<(Sku, Money)>>(&ours).expect("serde reads ours"),
            seen
        );
        assert_eq!(
            self::seen(&serde_json::to_string(&seen).expect("json")),
            Some(seen)
        );
    }

    #[test]
    fn the_added_event_detail_is_json_with_every_field() {
        let text = added_detail(
            &ProductId::parse("P1").expect("id"),
            &Sku::parse("P1-M").expect("sku"),
            Quantity::new(2).expect("q"),
            cny(5_900),
            "alice",
        );
        let v: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(
            v,
            serde_json::json!({"product_id": "P1", "sku": "P1-M", "quantity": 2,
                "price": {"amount": 5900, "currency": "CNY"}, "shop": "alice"})
        );
    }

    #[test]
    fn strings_with_escapes_and_surrogate_pairs_read_as_serde_reads_them() {
        for s in [
            "plain",
            "tab\there",
            "quote\" back\\ slash/",
            "\u{1}\u{1f}",
            "中文 \u{1F600}",
            "",
        ] {
            let mut ours = String::new();
            quote(&mut ours, s);
            assert_eq!(
                serde_json::from_str::<String>(&ours).expect("serde reads ours"),
                s
            );
            let theirs = serde_json::to_string(s).expect("json");
            assert_eq!(parse(&theirs), Some(Value::Str(s.to_owned())));
        }
        assert_eq!(
            parse(r#""\ud83d\ude00\u00e9""#),
            Some(Value::Str("\u{1F600}é".into()))
        );
    }

    #[test]
    fn malformed_or_unsupported_json_is_refused() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.5",
            "1e3",
            "-",
            "\"open",
            "tru",
            "nul",
            "[1] x",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\ud83d\\u0041\"",
            "\"raw\ncontrol\"",
            "99999999999999999999",
            "{1:2}",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 2), "]".repeat(MAX_DEPTH + 2));
        assert_eq!(parse(&deep), None);
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&fine).is_some());
    }

    #[test]
    fn stored_data_of_the_wrong_shape_is_not_a_cart() {
        assert_eq!(
            cart("{\"lines\":[{\"product_id\":\"P1\",\"sku\":\"P1-M\",\"quantity\":0}]}"),
            None
        );
        assert_eq!(
            cart("{\"lines\":[{\"product_id\":\"../x\",\"sku\":\"P1-M\",\"quantity\":1}]}"),
            None
        );
        assert_eq!(cart("{\"items\":[]}"), None);
        assert_eq!(cart("[]"), None);
        assert_eq!(
            // A currency no shop sells in.
            card_data("{\"skus\":[],\"price_from\":{\"amount\":1,\"currency\":\"BTC\"}}"),
            None
        );
        assert_eq!(seen("[[\"A-1\"]]"), None);
    }
}

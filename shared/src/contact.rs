//! The shopper's delivery contact: name, phone and address, validated field by field.
//!
//! Invariants: a validated [`Contact`] has trimmed fields within their lengths, no
//! control characters, and a phone number of digits with an optional leading `+`.

use serde::{Deserialize, Serialize};

/// Why a contact is refused: the field and the reason, for a message next to the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct ContactError {
    /// The field's name on the wire (`name`, `phone`, `address.city`, …).
    pub field: &'static str,
    /// What is wrong.
    pub problem: ContactProblem,
}

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ContactProblem {
    /// Nothing was entered.
    #[error("is required")]
    Missing,
    /// Longer than allowed.
    #[error("is too long")]
    TooLong,
    /// Has control characters.
    #[error("has characters that are not allowed")]
    InvalidCharacters,
    /// Not a phone number.
    #[error("is not a valid phone number")]
    InvalidPhone,
}

/// A delivery address (China-style fields, which also fit most other places).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// Province, state or region.
    pub region: String,
    /// City.
    pub city: String,
    /// District (optional where there is none).
    #[serde(default)]
    pub district: String,
    /// Street, building and room.
    pub line: String,
    /// Postal code (optional).
    #[serde(default)]
    pub postal_code: String,
}

/// Who receives the parcel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// The recipient's name.
    pub name: String,
    /// A phone number the carrier can call.
    pub phone: String,
    /// Where to deliver.
    pub address: Address,
}

fn text(
    field: &'static str,
    value: &str,
    max_chars: usize,
    required: bool,
) -> Result<String, ContactError> {
    let v = value.trim();
    let err = |problem| ContactError { field, problem };
    if v.is_empty() && required {
        return Err(err(ContactProblem::Missing));
    }
    if v.chars().count() > max_chars {
        return Err(err(ContactProblem::TooLong));
    }
    if v.chars().any(char::is_control) {
        return Err(err(ContactProblem::InvalidCharacters));
    }
    Ok(v.to_owned())
}

/// Normalises a phone number: spaces, dashes and brackets dropped; digits with an
/// optional leading `+`; 11 digits starting with 1 for a mainland mobile without `+`,
/// otherwise 6 to 15 digits.
fn phone(value: &str) -> Result<String, ContactError> {
    let err = |problem| ContactError {
        field: "phone",
        problem,
    };
    let compact: String = value
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    if compact.is_empty() {
        return Err(err(ContactProblem::Missing));
    }
    let (plus, digits) = match compact.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, compact.as_str()),
    };
    let ok = digits.bytes().all(|b| b.is_ascii_digit())
        && if plus {
            (6..=15).contains(&digits.len())
        } else if digits.starts_with('1') && digits.len() == 11 {
            true
        } else {
            (6..=15).contains(&digits.len()) && digits.starts_with('0')
        };
    if ok {
        Ok(compact)
    } else {
        Err(err(ContactProblem::InvalidPhone))
    }
}

impl Contact {
    /// Every field's problem at once, in form order, so a form can mark them all
    /// instead of one per attempt. Empty exactly when [`Contact::validate`] succeeds.
    pub fn problems(&self) -> Vec<ContactError> {
        let a = &self.address;
        [
            text("name", &self.name, 40, true).err(),
            phone(&self.phone).err(),
            text("address.region", &a.region, 40, true).err(),
            text("address.city", &a.city, 40, true).err(),
            text("address.district", &a.district, 40, false).err(),
            text("address.line", &a.line, 120, true).err(),
            text("address.postal_code", &a.postal_code, 12, false).err(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The contact with every field checked and trimmed.
    pub fn validate(&self) -> Result<Contact, ContactError> {
        let a = &self.address;
        Ok(Contact {
            name: text("name", &self.name, 40, true)?,
            phone: phone(&self.phone)?,
            address: Address {
                region: text("address.region", &a.region, 40, true)?,
                city: text("address.city", &a.city, 40, true)?,
                district: text("address.district", &a.district, 40, false)?,
                line: text("address.line", &a.line, 120, true)?,
                postal_code: text("address.postal_code", &a.postal_code, 12, false)?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> Contact {
        Contact {
            name: " 王小明 ".into(),
            phone: "138-0013-8000".into(),
            address: Address {
                region: "浙江省".into(),
                city: "杭州市".into(),
                district: "西湖区".into(),
                line: "文三路 90 号 2 幢 301".into(),
                postal_code: "310012".into(),
            },
        }
    }

    #[test]
    fn a_valid_contact_is_trimmed_and_its_phone_compacted() {
        let c = sample().validate().expect("valid");
        assert_eq!(c.name, "王小明");
        assert_eq!(c.phone, "13800138000");
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut c = sample();
        c.name = "  ".into();
        assert_eq!(c.validate().map_err(|e| e.field), Err("name"));
        let mut c = sample();
        c.phone = "12345".into();
        assert_eq!(
            c.validate().map_err(|e| e.problem),
            Err(ContactProblem::InvalidPhone)
        );
        let mut c = sample();
        c.address.line = "x".repeat(121);
        assert_eq!(c.validate().map_err(|e| e.field), Err("address.line"));
        let mut c = sample();
        c.address.city = "杭州\u{0}".into();
        assert_eq!(
            c.validate().map_err(|e| e.problem),
            Err(ContactProblem::InvalidCharacters)
        );
    }

    #[test]
    fn every_bad_field_is_reported_at_once_in_form_order() {
        let mut c = sample();
        c.name = String::new();
        c.phone = "12".into();
        c.address.line = " ".into();
        let fields: Vec<_> = c.problems().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "phone", "address.line"]);
        assert_eq!(c.validate().map_err(|e| e.field), Err("name"));
        assert!(sample().problems().is_empty());
    }

    #[test]
    fn international_numbers_need_a_plus() {
        let mut c = sample();
        c.phone = "+44 20 7946 0958".into();
        assert!(c.validate().is_ok());
        c.phone = "+1".into();
        assert!(c.validate().is_err());
    }
}

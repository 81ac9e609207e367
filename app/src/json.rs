//! Decoding the API's JSON into the shared domain types, cheaply.
//!
//! The text is parsed into a `serde_json::Value`, and the typed value is read from that through
//! the small deserializer below. Its error type does not format the messages the types hand
//! it: with serde_json's own error type, every timestamp field would pull the whole of jiff's
//! error reporting (tens of kilobytes, every time-zone message included) into the bundle, for
//! answers the app never expects to be malformed. A failure still names the field or value.

use std::fmt;

use serde::{
    de::{
        self, DeserializeOwned, IntoDeserializer, Visitor,
        value::{MapAccessDeserializer, MapDeserializer, SeqDeserializer},
    },
    forward_to_deserialize_any,
};
use serde_json::Value;

/// Why a JSON answer did not fit the type the app expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(String);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DecodeError {}

impl de::Error for DecodeError {
    fn custom<T: fmt::Display>(_message: T) -> Self {
        // Deliberately not formatted: see the module documentation.
        DecodeError("a value is not in the expected form".into())
    }

    fn missing_field(field: &'static str) -> Self {
        DecodeError(format!("the field `{field}` is missing"))
    }

    fn unknown_variant(variant: &str, _expected: &'static [&'static str]) -> Self {
        DecodeError(format!("`{variant}` is not a known value"))
    }

    fn invalid_type(_unexpected: de::Unexpected<'_>, _expected: &dyn de::Expected) -> Self {
        DecodeError("a value has the wrong type".into())
    }

    fn invalid_value(_unexpected: de::Unexpected<'_>, _expected: &dyn de::Expected) -> Self {
        DecodeError("a value is not valid".into())
    }

    fn invalid_length(len: usize, _expected: &dyn de::Expected) -> Self {
        DecodeError(format!("a list has the wrong length ({len})"))
    }
}

/// Parses JSON text into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, DecodeError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| DecodeError(format!("not JSON: {e}")))?;
    from_value(value)
}

/// Reads `T` from an already parsed JSON value.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, DecodeError> {
    T::deserialize(Json(value))
}

/// A JSON value as a serde deserializer with [`DecodeError`] as its error type.
struct Json(Value);

impl<'de> IntoDeserializer<'de, DecodeError> for Json {
    type Deserializer = Json;

    fn into_deserializer(self) -> Json {
        self
    }
}

impl<'de> de::Deserializer<'de> for Json {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => visitor.visit_string(s),
            Value::Array(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter().map(Json));
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Value::Object(map) => {
                let mut map = MapDeserializer::new(map.into_iter().map(|(k, v)| (k, Json(v))));
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(Json(other)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        match self.0 {
            // A unit variant is written as its name…
            Value::String(s) => visitor.visit_enum(s.into_deserializer()),
            // …and a variant with a value as `{"Name": value}`.
            Value::Object(map) if map.len() == 1 => {
                let entries = MapDeserializer::new(map.into_iter().map(|(k, v)| (k, Json(v))));
                visitor.visit_enum(MapAccessDeserializer::new(entries))
            }
            _ => Err(DecodeError("a choice is not in the expected form".into())),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use worklane_domain::{ContactKind, ContactView, ErrorBody};

    use super::*;

    #[test]
    fn reads_a_contact_with_its_timestamps_and_enums() {
        let text = r#"{"id":"c1","name":"Cathy Slater","kind":"Customer",
            "emails":["cathy@example.com"],"phones":[],"owner_id":"u1","new_lead":true,
            "created_at":"2026-03-04T09:15:00Z","updated_at":"2026-03-04T10:00:00Z","version":3}"#;
        let contact: ContactView = from_str(text).unwrap();
        assert_eq!(contact.kind, ContactKind::Customer);
        assert_eq!(contact.version, 3);
        assert_eq!(contact.created_at.as_second(), 1_772_615_700);
    }

    #[test]
    fn reads_an_error_body_with_its_current_record() {
        let text = r#"{"code":"conflict","message":"changed","request_id":"r1",
            "current":{"a":[1,2.5,null]}}"#;
        let body: ErrorBody = from_str(text).unwrap();
        assert_eq!(body.current.unwrap()["a"][1], 2.5);
        assert!(body.fields.is_empty());
    }

    #[test]
    fn reads_a_workflow_whose_rules_are_variants_with_values() {
        let workflow = worklane_domain::service_ticket();
        let text = serde_json::to_string(&workflow).unwrap();
        assert!(text.contains(r#"{"Set":"NotApplicable"}"#));
        let read: worklane_domain::Workflow = from_str(&text).unwrap();
        assert_eq!(read, workflow);
    }

    #[test]
    fn names_what_is_missing_and_refuses_bad_values() {
        let missing = from_str::<ErrorBody>(r#"{"code":"x","message":"y"}"#).unwrap_err();
        assert!(missing.to_string().contains("request_id"));
        let bad = from_str::<ContactView>(r#"{"id":"c1","name":"","kind":"Customer"}"#);
        assert!(bad.is_err());
    }
}

//! Inline literal rendering, escaped per dialect.

use super::{Capabilities, StringEscapes};
use crate::error::CompileError;
use crate::value::Value;

/// Writes `s` as a SQL string literal: quotes doubled, and with
/// `backslashes` (MySQL) backslashes doubled too.
pub(crate) fn quote_string(s: &str, backslashes: bool, out: &mut String) {
    out.reserve(s.len() + 2);
    out.push('\'');
    for ch in s.chars() {
        match ch {
            '\'' => out.push_str("''"),
            '\\' if backslashes => out.push_str("\\\\"),
            '\0' if backslashes => out.push_str("\\0"),
            c => out.push(c),
        }
    }
    out.push('\'');
}

/// Writes `s` as a string literal the way `escapes` says.
fn string_literal(s: &str, escapes: StringEscapes, out: &mut String) {
    match escapes {
        StringEscapes::Standard => quote_string(s, false, out),
        StringEscapes::Backslash => quote_string(s, true, out),
        StringEscapes::EscapeString if s.contains('\\') => {
            out.push('E');
            quote_string(s, true, out);
        }
        StringEscapes::EscapeString => quote_string(s, false, out),
    }
}

/// Renders a value as a literal of the named dialect.
pub(crate) fn render(
    dialect: &str,
    caps: &Capabilities,
    v: &Value,
    out: &mut String,
) -> Result<(), CompileError> {
    let native_boolean = caps.native_boolean;
    use std::fmt::Write;
    let err = || CompileError::Literal {
        kind: v.kind().to_owned(),
        dialect: dialect.to_owned(),
    };
    match v {
        Value::Null => out.push_str("NULL"),
        Value::Bool(b) => out.push_str(match (native_boolean, b) {
            (true, true) => "true",
            (true, false) => "false",
            (false, true) => "1",
            (false, false) => "0",
        }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => {
            if !f.is_finite() {
                return Err(err());
            }
            let _ = write!(out, "{f:?}");
        }
        Value::Text(s) => {
            if s.contains('\0') && caps.string_escapes != StringEscapes::Backslash {
                return Err(err());
            }
            string_literal(s, caps.string_escapes, out)
        }
        Value::Bytes(b) => {
            if caps.bytea_hex_literals {
                // `\x` is a backslash: in an escape string where the
                // dialect writes them (so standard_conforming_strings does
                // not change the bytes).
                out.push_str(if caps.string_escapes == StringEscapes::EscapeString {
                    "E'\\\\x"
                } else {
                    "'\\x"
                });
            } else {
                out.push_str("X'");
            }
            for byte in b.iter() {
                let _ = write!(out, "{byte:02x}");
            }
            out.push('\'');
        }
        #[cfg(feature = "decimal")]
        Value::Decimal(d) => {
            let _ = write!(out, "{d}");
        }
        #[cfg(feature = "chrono")]
        Value::Date(d) => quote_string(&d.format("%Y-%m-%d").to_string(), false, out),
        #[cfg(feature = "chrono")]
        Value::Time(t) => quote_string(&t.format("%H:%M:%S%.f").to_string(), false, out),
        #[cfg(feature = "chrono")]
        Value::DateTime(t) => {
            quote_string(&t.format("%Y-%m-%d %H:%M:%S%.f").to_string(), false, out)
        }
        #[cfg(feature = "chrono")]
        Value::DateTimeTz(t) => {
            quote_string(&t.format("%Y-%m-%d %H:%M:%S%.f%:z").to_string(), false, out)
        }
        #[cfg(feature = "json")]
        Value::Json(j) => string_literal(&j.to_string(), caps.string_escapes, out),
        #[cfg(feature = "uuid")]
        Value::Uuid(u) => {
            if caps.hyphenated_uuid_literals {
                quote_string(&u.hyphenated().to_string(), false, out)
            } else {
                quote_string(&u.simple().to_string(), false, out)
            }
        }
    }
    Ok(())
}

//! Serialized values of any serde type: the Rust counterpart of
//! SQLAlchemy's `PickleType`, for columns of type
//! [`Type::Serialized`](aludel_compiler::Type::Serialized).

use std::sync::Arc;

use aludel_compiler::Value;
use aludel_compiler::types::SerializedFormat;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::decode::FromValue;
use crate::errors::{Error, Result};

/// A value stored serialized: as JSON text in a `Serialized(Text)` column,
/// or as the JSON's bytes in a `Serialized(Binary)` column. Reading accepts both.
///
/// ```
/// use aludel::prelude::*;
/// use aludel::{create_engine, MetaDataExt, Serialized};
/// use aludel::types::SerializedFormat;
/// #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
/// struct Settings { theme: String, sizes: Vec<u32> }
///
/// let meta = MetaData::new();
/// let prefs = meta.table("prefs")
///     .column(Column::new("id", Type::Integer).primary_key())
///     .column(Column::new("settings", Type::Serialized(SerializedFormat::Binary)))
///     .build()?;
/// let engine = create_engine("sqlite:///:memory:")?;
/// meta.create_all(&engine)?;
/// let mut conn = engine.connect()?;
/// let s = Settings { theme: "dark".into(), sizes: vec![1, 2] };
/// conn.execute(insert(&prefs).values([("id", Expr::from(1)),
///     ("settings", Expr::from(Serialized(&s).to_value(SerializedFormat::Binary)?))]))?;
/// let back: Serialized<Settings> = conn.execute(select(prefs.c("settings")))?.scalar_one()?;
/// assert_eq!(back.0, s);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Serialized<T>(pub T);

impl<T: Serialize> Serialized<T> {
    /// The value to bind for a column of the given format.
    ///
    /// See [`Serialized`].
    pub fn to_value(&self, format: SerializedFormat) -> Result<Value> {
        let json = serde_json::to_string(&self.0)
            .map_err(|e| Error::Argument(format!("cannot serialize the value: {e}")))?;
        Ok(match format {
            SerializedFormat::Text => Value::from(json),
            SerializedFormat::Binary => Value::Bytes(Arc::from(json.into_bytes())),
        })
    }
}

impl<T: DeserializeOwned> FromValue for Serialized<T> {
    const NAME: &'static str = "Serialized";
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        let parsed = match v {
            Value::Text(s) => serde_json::from_str(s),
            Value::Bytes(b) => serde_json::from_slice(b),
            Value::Json(j) => serde_json::from_value((**j).clone()),
            other => return Err(format!("a {} value", other.kind())),
        };
        parsed
            .map(Serialized)
            .map_err(|e| format!("a value that does not deserialize ({e})"))
    }
}

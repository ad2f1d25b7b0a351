//! Raw SQL fragments with `:name` bind parameters: [`text`].

use crate::shared::Shared;
use crate::stmt::id::Stamp;
use std::fmt;
use std::sync::Arc;

use super::{Expr, Node};
use crate::ident::Ident;
use crate::stmt::Alias;
use crate::types::Type;
use crate::value::Value;

/// SQL text with `:name` parameters, usable as a whole statement, as a
/// WHERE/ORDER BY fragment, or (with declared columns) as a subquery.
///
/// `:name` is a parameter unless preceded by a word character, a colon or a
/// backslash, or followed by a colon (so PostgreSQL's `::` casts pass
/// through); `\:` is a literal colon. Parameters become placeholders of the
/// target dialect; their values are bound, never spliced.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::{Postgres, Sqlite}};
/// let t = text("SELECT * FROM cars WHERE price > :min AND name = :name AND x = '10\\:30'")
///     .bind("min", 10000)
///     .bind("name", "Audi");
/// let c = t.compile(&Postgres).unwrap();
/// assert_eq!(c.sql, "SELECT * FROM cars WHERE price > $1 AND name = $2 AND x = '10:30'");
/// assert_eq!(c.params, vec![Value::from(10000), Value::from("Audi")]);
/// assert_eq!(c.named_params, vec![(0, "min".into()), (1, "name".into())]);
/// ```
#[derive(Clone)]
pub struct TextClause(pub(crate) Shared<TextInner>);

pub(crate) struct TextInner {
    /// The statement's identity (see [`Stamp`]).
    pub(crate) stamp: Stamp,
    pub(crate) source: Arc<str>,
    pub(crate) parts: Vec<TextPart>,
    pub(crate) binds: Vec<(Arc<str>, Value)>,
    pub(crate) columns: Vec<(Ident, Option<Type>)>,
}

pub(crate) enum TextPart {
    Sql(Box<str>),
    Bind(Arc<str>),
}

/// Parses SQL text with `:name` parameters.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// let c = text("SELECT 5").compile(&Sqlite).unwrap();
/// assert_eq!(c.sql, "SELECT 5");
/// ```
pub fn text(sql: &str) -> TextClause {
    TextClause(Shared::new(TextInner {
        stamp: Stamp::new(),
        source: Arc::from(sql),
        parts: parse(sql),
        binds: Vec::new(),
        columns: Vec::new(),
    }))
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn parse(sql: &str) -> Vec<TextPart> {
    let bytes = sql.as_bytes();
    let mut parts = Vec::new();
    let mut buf = String::new();
    let mut i = 0;
    let mut seg_start = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' && bytes.get(i + 1) == Some(&b':') {
            buf.push_str(&sql[seg_start..i]);
            buf.push(':');
            i += 2;
            seg_start = i;
            continue;
        }
        if b == b':' {
            if bytes.get(i + 1) == Some(&b':') {
                // `::` (a PostgreSQL cast): never a parameter.
                i += 2;
                continue;
            }
            let prev_ok = i == 0 || !(is_word(bytes[i - 1]) || bytes[i - 1] == b':');
            let mut j = i + 1;
            while j < bytes.len() && is_word(bytes[j]) {
                j += 1;
            }
            if prev_ok && j > i + 1 && bytes.get(j) != Some(&b':') {
                buf.push_str(&sql[seg_start..i]);
                if !buf.is_empty() {
                    parts.push(TextPart::Sql(std::mem::take(&mut buf).into_boxed_str()));
                }
                parts.push(TextPart::Bind(Arc::from(&sql[i + 1..j])));
                i = j;
                seg_start = j;
                continue;
            }
        }
        i += 1;
    }
    buf.push_str(&sql[seg_start..]);
    if !buf.is_empty() {
        parts.push(TextPart::Sql(buf.into_boxed_str()));
    }
    parts
}

impl TextClause {
    fn edit(self) -> TextInner {
        match Shared::try_unwrap(self.0) {
            Ok(inner) => TextInner {
                stamp: Stamp::new(),
                ..inner
            },
            Err(shared) => TextInner {
                stamp: Stamp::new(),
                source: shared.source.clone(),
                parts: parse(&shared.source),
                binds: shared.binds.clone(),
                columns: shared.columns.clone(),
            },
        }
    }

    /// Gives the parameter `name` a value.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = text("id > :lo").bind("lo", 1);
    /// ```
    pub fn bind(self, name: &str, value: impl Into<Value>) -> TextClause {
        let mut inner = self.edit();
        let value = value.into();
        match inner.binds.iter_mut().find(|(n, _)| &**n == name) {
            Some(slot) => slot.1 = value,
            None => inner.binds.push((Arc::from(name), value)),
        }
        TextClause(Shared::new(inner))
    }

    /// Gives several parameters values (SQLAlchemy's `bindparams`).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// let t = text("id > :lo AND id < :hi").bindparams([("lo", 1), ("hi", 9)]);
    /// assert_eq!(t.compile(&Sqlite).unwrap().params, vec![Value::from(1), Value::from(9)]);
    /// ```
    pub fn bindparams<I, K, V>(self, params: I) -> TextClause
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<Value>,
    {
        params
            .into_iter()
            .fold(self, |t, (k, v)| t.bind(k.as_ref(), v))
    }

    /// Declares the result columns from existing column expressions (their
    /// names and types), so the text can be used as a subquery.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let users = MetaData::new().table("users").column(Column::new("id", Type::Integer)).column(Column::new("name", Type::Text)).build().unwrap();
    /// let sq = text("SELECT id, name FROM users").columns([users.c("id"), users.c("name")]).subquery("t");
    /// let c = select(sq.c("name")).filter(sq.c("id").gt(3)).compile(&Sqlite).unwrap();
    /// assert_eq!(c.sql, "SELECT t.name FROM (SELECT id, name FROM users) AS t WHERE t.id > ?");
    /// ```
    pub fn columns<I>(self, cols: I) -> TextClause
    where
        I: IntoIterator,
        I::Item: Into<Expr>,
    {
        let mut inner = self.edit();
        for e in cols {
            let e: Expr = e.into();
            let name = e
                .key()
                .map(Ident::from_arc)
                .unwrap_or_else(|| Ident::new("anon"));
            inner.columns.push((name, e.sql_type()));
        }
        TextClause(Shared::new(inner))
    }

    /// Declares result columns by name and type.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let t = text("SELECT 1 AS one").typed_columns([("one", Type::Integer)]);
    /// ```
    pub fn typed_columns<'a, I>(self, cols: I) -> TextClause
    where
        I: IntoIterator<Item = (&'a str, Type)>,
    {
        let mut inner = self.edit();
        for (name, ty) in cols {
            inner.columns.push((Ident::new(name), Some(ty)));
        }
        TextClause(Shared::new(inner))
    }

    /// Uses the text as a named subquery in FROM (needs declared columns to
    /// refer to its columns).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let sq = text("SELECT 1 AS one").typed_columns([("one", Type::Integer)]).subquery("t");
    /// let one = sq.c("one");
    /// ```
    pub fn subquery(self, name: &str) -> Alias {
        Alias::of_text(self, Some(name))
    }

    /// The SQL text as written.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// assert_eq!(text("SELECT :x").source(), "SELECT :x");
    /// ```
    pub fn source(&self) -> &str {
        &self.0.source
    }

    /// The parameter names, in order of first appearance.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// assert_eq!(text("a = :a AND b = :b OR a = :a").param_names(), ["a", "b"]);
    /// ```
    pub fn param_names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for p in &self.0.parts {
            if let TextPart::Bind(n) = p {
                if !out.contains(&&**n) {
                    out.push(n);
                }
            }
        }
        out
    }

    pub(crate) fn bound_value(&self, name: &str) -> Option<&Value> {
        self.0
            .binds
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| v)
    }
}

impl From<TextClause> for Expr {
    fn from(t: TextClause) -> Expr {
        Expr(Node::Text(t))
    }
}

impl fmt::Debug for TextClause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "text({:?})", self.0.source)
    }
}

//! Joins, and ON conditions inferred from foreign keys.

use std::fmt;

use crate::shared::Shared;

use crate::error::CompileError;
use crate::expr::{Expr, and_};
use crate::ident::Ident;
use crate::stmt::FromItem;
use crate::stmt::from::FromNode;

/// The kind of join.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::{Postgres, Mysql}};
/// # let meta = MetaData::new();
/// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
/// # let addresses = meta.table("addresses").column(Column::new("user_id", Type::Integer).foreign_key("users.id")).build().unwrap();
/// let sql = |j: Join| select(users.c("name")).select_from(j).compile(&Postgres).unwrap().sql;
/// // JoinKind::Inner, JoinKind::Left, JoinKind::Full:
/// assert_eq!(sql(users.join(&addresses)),
///     "SELECT users.name FROM users JOIN addresses ON users.id = addresses.user_id");
/// assert_eq!(sql(users.outerjoin(&addresses)),
///     "SELECT users.name FROM users LEFT OUTER JOIN addresses ON users.id = addresses.user_id");
/// assert_eq!(sql(users.full_outerjoin(&addresses)),
///     "SELECT users.name FROM users FULL OUTER JOIN addresses ON users.id = addresses.user_id");
/// // MySQL has no FULL OUTER JOIN.
/// assert!(select(users.c("name")).select_from(users.full_outerjoin(&addresses)).compile(&Mysql).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JoinKind {
    /// `JOIN` (`INNER JOIN` on MySQL).
    Inner,
    /// `LEFT OUTER JOIN`.
    Left,
    /// `FULL OUTER JOIN`.
    Full,
}

/// A join of two FROM items. Joins nest: `a.join(b).join(c)`.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// let meta = MetaData::new();
/// let posts = meta.table("posts").column(Column::new("id", Type::Integer).primary_key()).build()?;
/// let keywords = meta.table("keywords").column(Column::new("id", Type::Integer).primary_key()).build()?;
/// let pk = meta.table("post_keywords")
///     .column(Column::new("post_id", Type::Integer).foreign_key("posts.id"))
///     .column(Column::new("keyword_id", Type::Integer).foreign_key("keywords.id"))
///     .build()?;
/// let j = posts.join(&pk).join(&keywords);
/// let c = select(posts.c("id")).select_from(j).compile(&Sqlite).unwrap();
/// assert_eq!(c.sql, "SELECT posts.id FROM posts JOIN post_keywords ON posts.id = post_keywords.post_id \
///     JOIN keywords ON keywords.id = post_keywords.keyword_id");
/// # Ok::<(), aludel_compiler::SchemaError>(())
/// ```
#[derive(Clone)]
pub struct Join(pub(crate) Shared<JoinInner>);

pub(crate) struct JoinInner {
    pub(crate) left: FromItem,
    pub(crate) right: FromItem,
    pub(crate) on: Expr,
    pub(crate) kind: JoinKind,
}

impl Join {
    pub(crate) fn new(left: FromItem, right: FromItem, on: Expr, kind: JoinKind) -> Join {
        Join(Shared::new(JoinInner {
            left,
            right,
            on,
            kind,
        }))
    }

    /// A join whose ON is inferred now; a failure is kept and reported when
    /// the statement is compiled (or at once by [`Join::check`]).
    pub(crate) fn inferred(left: FromItem, right: FromItem, kind: JoinKind) -> Join {
        let on = infer_condition(&left, &right).unwrap_or_else(Expr::invalid);
        Join::new(left, right, on, kind)
    }

    /// Reports whether the ON condition could be inferred.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let meta = MetaData::new();
    /// # let a = meta.table("a").column(Column::new("id", Type::Integer)).build().unwrap();
    /// # let b = meta.table("b").column(Column::new("id", Type::Integer)).build().unwrap();
    /// let err = a.join(&b).check().unwrap_err();
    /// assert!(err.to_string().contains("no foreign key"));
    /// ```
    pub fn check(&self) -> Result<&Join, CompileError> {
        match &self.0.on.0 {
            crate::expr::Node::Invalid(e) => Err((**e).clone()),
            _ => Ok(self),
        }
    }

    /// `self JOIN right`, ON inferred from foreign keys.
    ///
    /// See [`Table::join`](crate::schema::Table::join).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let meta = MetaData::new();
    /// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
    /// # let addresses = meta.table("addresses").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("user_id", Type::Integer).foreign_key("users.id")).build().unwrap();
    /// # let emails = meta.table("emails").column(Column::new("address_id", Type::Integer).foreign_key("addresses.id")).build().unwrap();
    /// let j = users.join(&addresses).join(&emails);
    /// assert_eq!(select(users.c("name")).select_from(j).compile(&Sqlite).unwrap().sql,
    ///     "SELECT users.name FROM users JOIN addresses ON users.id = addresses.user_id \
    ///      JOIN emails ON addresses.id = emails.address_id");
    /// ```
    pub fn join(&self, right: impl Into<FromItem>) -> Join {
        Join::inferred(self.into(), right.into(), JoinKind::Inner)
    }

    /// `self JOIN right ON on`.
    ///
    /// See [`Table::join_on`](crate::schema::Table::join_on).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let meta = MetaData::new();
    /// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
    /// # let addresses = meta.table("addresses").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("user_id", Type::Integer).foreign_key("users.id")).build().unwrap();
    /// let billing = addresses.alias("billing");
    /// let j = users.join(&addresses).join_on(&billing, billing.c("user_id").eq(users.c("id")));
    /// assert_eq!(select(users.c("name")).select_from(j).compile(&Sqlite).unwrap().sql,
    ///     "SELECT users.name FROM users JOIN addresses ON users.id = addresses.user_id \
    ///      JOIN addresses AS billing ON billing.user_id = users.id");
    /// ```
    pub fn join_on(&self, right: impl Into<FromItem>, on: impl Into<Expr>) -> Join {
        Join::new(self.into(), right.into(), on.into(), JoinKind::Inner)
    }

    /// `self LEFT OUTER JOIN right`, ON inferred from foreign keys.
    ///
    /// See [`Table::outerjoin`](crate::schema::Table::outerjoin).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let meta = MetaData::new();
    /// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
    /// # let addresses = meta.table("addresses").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("user_id", Type::Integer).foreign_key("users.id")).build().unwrap();
    /// # let emails = meta.table("emails").column(Column::new("address_id", Type::Integer).foreign_key("addresses.id")).build().unwrap();
    /// let j = users.join(&addresses).outerjoin(&emails);
    /// assert_eq!(select(users.c("name")).select_from(j).compile(&Sqlite).unwrap().sql,
    ///     "SELECT users.name FROM users JOIN addresses ON users.id = addresses.user_id \
    ///      LEFT OUTER JOIN emails ON addresses.id = emails.address_id");
    /// ```
    pub fn outerjoin(&self, right: impl Into<FromItem>) -> Join {
        Join::inferred(self.into(), right.into(), JoinKind::Left)
    }

    /// `self LEFT OUTER JOIN right ON on`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let (x, y) = (t.alias("x"), t.alias("y"));
    /// let j = t.join_on(&x, t.c("a").eq(x.c("a"))).outerjoin_on(&y, t.c("a").eq(y.c("a")));
    /// ```
    pub fn outerjoin_on(&self, right: impl Into<FromItem>, on: impl Into<Expr>) -> Join {
        Join::new(self.into(), right.into(), on.into(), JoinKind::Left)
    }
}

impl fmt::Debug for Join {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&FromItem::from(self).describe())
    }
}

/// The ON condition between `left` and `right` from foreign keys: the
/// referenced column equals the referencing column, for each column of the
/// single foreign key constraint found. The left side's tables are tried in
/// order; the first that has a foreign key relationship with the right side
/// decides, and it must have exactly one.
pub(crate) fn infer_condition(left: &FromItem, right: &FromItem) -> Result<Expr, CompileError> {
    let fail = |reason: String| CompileError::JoinCondition {
        left: left.describe(),
        right: right.describe(),
        reason,
    };
    let is_leaf = |f: &FromItem| matches!(f.0, FromNode::Table(_) | FromNode::Alias(_));
    let outcome = if is_leaf(left) && is_leaf(right) {
        // the commonest join, of two tables: one pair to try
        pair_condition(left, right)
    } else {
        let mut outcome = None;
        right.each_leaf(&mut |r| {
            left.each_leaf(&mut |l| {
                outcome = pair_condition(l, r);
                outcome.is_none()
            })
        });
        outcome
    };
    match outcome {
        Some(Ok(on)) => Ok(on),
        Some(Err(reason)) => Err(fail(reason)),
        None => Err(fail("there is no foreign key between them".into())),
    }
}

/// The condition between a leaf of the left side and one of the right
/// (right references left, then left references right): `None` when no
/// foreign key relates them, an error's reason when several do.
fn pair_condition(l: &FromItem, r: &FromItem) -> Option<Result<Expr, String>> {
    let mut found = fk_conditions(r, l).chain(fk_conditions(l, r));
    match (found.next(), found.count()) {
        (None, _) => None,
        (Some(on), 0) => Some(Ok(on)),
        (Some(_), more) => Some(Err(format!(
            "there are {} foreign key constraints between {} and {}",
            more + 1,
            l.describe(),
            r.describe()
        ))),
    }
}

/// Conditions for each foreign key of `child` that references `parent`.
fn fk_conditions<'a>(child: &'a FromItem, parent: &'a FromItem) -> impl Iterator<Item = Expr> + 'a {
    let tables = base_table(child).zip(base_table(parent));
    let col = |item: &FromItem, name: &str| -> Expr {
        match &item.0 {
            FromNode::Table(t) => t.c(name),
            FromNode::Alias(a) => a.c(name),
            _ => Expr::from(true),
        }
    };
    tables
        .into_iter()
        .flat_map(|(child_table, parent_table)| {
            child_table.foreign_keys().filter(move |fk| {
                parent_table.matches_target(fk.referred_schema(), fk.referred_table())
            })
        })
        .map(move |fk| {
            let pair =
                |(c, p): (&Ident, &Ident)| col(parent, p.as_str()).eq(col(child, c.as_str()));
            match (fk.columns(), fk.referred_columns()) {
                // the commonest key, of one column: its comparison as it is
                ([c], [p]) => pair((c, p)),
                (cs, ps) => and_(cs.iter().zip(ps).map(pair)),
            }
        })
}

fn base_table(item: &FromItem) -> Option<&crate::schema::Table> {
    match &item.0 {
        FromNode::Table(t) => Some(t),
        FromNode::Alias(a) => a.aliased_table(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Sqlite;
    use crate::prelude::*;
    use crate::schema::ForeignKeyConstraint;

    fn on_sql(j: Join) -> String {
        let sql = select(func::count_star())
            .select_from(j)
            .compile(&Sqlite)
            .expect("compiles")
            .sql;
        sql.split_once(" ON ")
            .map(|(_, on)| on.to_owned())
            .expect("an ON clause")
    }

    // The ON condition of two tables (tried as one pair) and of a join and
    // a table (each pair of leaves tried): single and composite keys, in
    // either direction, through an alias.
    #[test]
    fn conditions_come_from_the_one_foreign_key_between_the_sides() {
        let meta = MetaData::new();
        let parent = meta
            .table("p")
            .column(Column::new("a", Type::Integer))
            .column(Column::new("b", Type::Integer))
            .column(Column::new("id", Type::Integer).primary_key())
            .build()
            .expect("p");
        let child = meta
            .table("c")
            .column(Column::new("pid", Type::Integer).foreign_key("p.id"))
            .build()
            .expect("c");
        let pair = meta
            .table("k")
            .column(Column::new("pa", Type::Integer))
            .column(Column::new("pb", Type::Integer))
            .constraint(ForeignKeyConstraint::new(["pa", "pb"], "p", ["a", "b"]))
            .build()
            .expect("k");
        assert_eq!(on_sql(parent.join(&child)), "p.id = c.pid");
        assert_eq!(on_sql(child.join(&parent)), "p.id = c.pid");
        assert_eq!(on_sql(parent.join(&pair)), "p.a = k.pa AND p.b = k.pb");
        assert_eq!(on_sql(parent.alias("q").join(&child)), "q.id = c.pid");
        let three = on_sql(parent.join(&child).join(&pair));
        assert!(
            three.ends_with(" JOIN k ON p.a = k.pa AND p.b = k.pb"),
            "{three}"
        );
    }

    #[test]
    fn several_foreign_keys_or_none_make_the_join_fail_with_the_reason() {
        let meta = MetaData::new();
        let users = meta
            .table("users")
            .column(Column::new("id", Type::Integer).primary_key())
            .build()
            .expect("users");
        let msgs = meta
            .table("msgs")
            .column(Column::new("sender", Type::Integer).foreign_key("users.id"))
            .column(Column::new("receiver", Type::Integer).foreign_key("users.id"))
            .build()
            .expect("msgs");
        let other = crate::schema::int_table(&meta, "other", &["x"]);
        let err = users.join(&msgs).check().expect_err("two keys").to_string();
        assert!(
            err.contains("there are 2 foreign key constraints between users and msgs"),
            "{err}"
        );
        let err = users.join(&other).check().expect_err("no key").to_string();
        assert!(
            err.contains("there is no foreign key between them"),
            "{err}"
        );
        let err = users
            .join(&msgs)
            .join(&other)
            .check()
            .expect_err("no key")
            .to_string();
        assert!(err.contains("no foreign key"), "{err}");
    }
}

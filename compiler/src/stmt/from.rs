//! FROM items: tables, aliases (of tables, subqueries, CTEs, lateral
//! subqueries, text) and joins.

use std::fmt;
use std::sync::Arc;

use crate::shared::Shared;

use crate::error::CompileError;
use crate::expr::{ColumnRef, Expr, Source, TextClause};
use crate::ident::{Ident, IdentRef, Name, position_folded, same_name};
use crate::schema::{Table, TableRef};
use crate::stmt::{CompoundSelect, Join, JoinKind, Select, SetOp, labels};
use crate::types::Type;

/// Anything that can be listed in FROM.
///
/// Tables, aliases and joins convert into it, so builder methods take
/// `impl Into<FromItem>`.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let meta = MetaData::new();
/// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).build().unwrap();
/// # let addresses = meta.table("addresses").column(Column::new("user_id", Type::Integer).foreign_key("users.id")).build().unwrap();
/// let froms: Vec<FromItem> = vec![users.alias("u2").into(), users.join(&addresses).into()];
/// let q = froms.into_iter().fold(select(func::count_star()), |q, f| q.select_from(f));
/// assert_eq!(q.compile(&Sqlite).unwrap().sql,
///     "SELECT count(*) AS count_1 FROM users AS u2, users JOIN addresses ON users.id = addresses.user_id");
/// ```
#[derive(Clone)]
pub struct FromItem(pub(crate) FromNode);

#[derive(Clone)]
pub(crate) enum FromNode {
    Table(TableRef),
    Alias(Alias),
    Join(Join),
    Invalid(Arc<CompileError>),
}

impl FromItem {
    #[allow(non_snake_case)]
    pub(crate) fn Join(j: Join) -> FromItem {
        FromItem(FromNode::Join(j))
    }

    pub(crate) fn invalid_join(target: &FromItem) -> FromItem {
        FromItem(FromNode::Invalid(Arc::new(CompileError::JoinCondition {
            left: "(nothing)".into(),
            right: target.describe(),
            reason: "the select has no FROM item or column to join from".into(),
        })))
    }

    /// A description for messages.
    pub(crate) fn describe(&self) -> String {
        match &self.0 {
            FromNode::Table(t) => t.fullname(),
            FromNode::Alias(a) => a.describe(),
            FromNode::Join(j) => format!("({} JOIN {})", j.0.left.describe(), j.0.right.describe()),
            FromNode::Invalid(e) => format!("<{e}>"),
        }
    }

    /// The address that tells this item apart: its table's, alias's or
    /// join's (the same for every clone of it).
    pub(crate) fn addr(&self) -> usize {
        match &self.0 {
            FromNode::Table(t) => t.addr(),
            FromNode::Alias(a) => a.addr(),
            FromNode::Join(j) => Shared::as_ptr(&j.0).cast::<()>() as usize,
            FromNode::Invalid(e) => Arc::as_ptr(e).cast::<()>() as usize,
        }
    }

    /// Whether two items are the same object.
    pub(crate) fn is(&self, other: &FromItem) -> bool {
        match (&self.0, &other.0) {
            (FromNode::Table(a), FromNode::Table(b)) => a.is(b),
            (FromNode::Alias(a), FromNode::Alias(b)) => a.is(b),
            (FromNode::Join(a), FromNode::Join(b)) => Shared::ptr_eq(&a.0, &b.0),
            _ => false,
        }
    }

    /// The address of a table or an alias ([`Source::addr`] of the same
    /// object); `None` for a join.
    pub(crate) fn leaf_addr(&self) -> Option<usize> {
        match &self.0 {
            FromNode::Table(t) => Some(t.addr()),
            FromNode::Alias(a) => Some(a.addr()),
            FromNode::Join(_) | FromNode::Invalid(_) => None,
        }
    }

    /// Whether `leaf` is this item or one of the tables and aliases of this join.
    pub(crate) fn has_leaf(&self, leaf: &FromItem) -> bool {
        match &self.0 {
            FromNode::Join(j) => j.0.left.has_leaf(leaf) || j.0.right.has_leaf(leaf),
            FromNode::Invalid(_) => false,
            _ => self.is(leaf),
        }
    }

    /// Calls `f` on each table and alias this item is made of, left to
    /// right, while it returns `true`; `false` when `f` stopped the walk.
    pub(crate) fn each_leaf(&self, f: &mut dyn FnMut(&FromItem) -> bool) -> bool {
        match &self.0 {
            FromNode::Join(j) => j.0.left.each_leaf(f) && j.0.right.each_leaf(f),
            FromNode::Invalid(_) => true,
            _ => f(self),
        }
    }

    /// Whether the two items share a table or alias.
    pub(crate) fn overlaps(&self, other: &FromItem) -> bool {
        !self.each_leaf(&mut |x| !other.has_leaf(x))
    }

    /// Every column of every leaf, in order.
    pub(crate) fn collect_columns(&self, out: &mut Vec<Expr>) {
        match &self.0 {
            FromNode::Table(t) => out.extend(t.all_columns()),
            FromNode::Alias(a) => out.extend(a.all_columns()),
            FromNode::Join(j) => {
                j.0.left.collect_columns(out);
                j.0.right.collect_columns(out);
            }
            FromNode::Invalid(_) => {}
        }
    }

    /// `self JOIN right`, ON inferred from the foreign key between them.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, stmt::FromItem};
    /// # let meta = MetaData::new();
    /// # let a = meta.table("a").column(Column::new("id", Type::Integer).primary_key()).build().unwrap();
    /// # let b = meta.table("b").column(Column::new("a_id", Type::Integer).foreign_key("a.id")).build().unwrap();
    /// let j = FromItem::from(&a).join(&b);
    /// ```
    pub fn join(self, right: impl Into<FromItem>) -> Join {
        Join::inferred(self, right.into(), JoinKind::Inner)
    }
}

impl From<&Table> for FromItem {
    fn from(t: &Table) -> Self {
        FromItem(FromNode::Table(TableRef::of(t)))
    }
}
impl From<Table> for FromItem {
    fn from(t: Table) -> Self {
        FromItem(FromNode::Table(TableRef::of_owned(t)))
    }
}
impl From<&Alias> for FromItem {
    fn from(a: &Alias) -> Self {
        FromItem(FromNode::Alias(a.clone()))
    }
}
impl From<Alias> for FromItem {
    fn from(a: Alias) -> Self {
        FromItem(FromNode::Alias(a))
    }
}
impl From<Join> for FromItem {
    fn from(j: Join) -> Self {
        FromItem(FromNode::Join(j))
    }
}
impl From<&Join> for FromItem {
    fn from(j: &Join) -> Self {
        FromItem(FromNode::Join(j.clone()))
    }
}
impl From<&FromItem> for FromItem {
    fn from(f: &FromItem) -> Self {
        f.clone()
    }
}

impl fmt::Debug for FromItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// What an alias names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum AliasKind {
    /// `(SELECT ...) AS name` or `table AS name`.
    Subquery,
    /// `WITH name AS (...)`.
    Cte { recursive: bool },
    /// `LATERAL (SELECT ...) AS name`.
    Lateral,
}

#[derive(Clone)]
pub(crate) enum AliasElement {
    Table(TableRef),
    Select(Select),
    Compound(CompoundSelect),
    Text(TextClause),
    /// Another name for a CTE (`cte AS other`).
    Cte(Alias),
}

/// A named (or anonymous) alias: of a table (`users AS u`), a subquery, a
/// CTE, a lateral subquery or a text query. Ask it for columns with
/// [`Alias::c`].
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let t = MetaData::new().table("users").column(Column::new("id", Type::Integer)).column(Column::new("name", Type::Text)).build().unwrap();
/// let u = t.alias("select");
/// let c = select(u.c("id")).filter(u.c("name").eq("x")).compile(&Sqlite).unwrap();
/// assert_eq!(c.sql, r#"SELECT "select".id FROM users AS "select" WHERE "select".name = ?"#);
/// ```
#[derive(Clone)]
pub struct Alias(pub(crate) Shared<AliasInner>);

pub(crate) struct AliasInner {
    pub(crate) name: Option<Ident>,
    /// A hash of the name (0 for an anonymous alias), written into
    /// structural cache keys as one word.
    pub(crate) name_hash: u64,
    pub(crate) base: Name,
    pub(crate) kind: AliasKind,
    pub(crate) element: AliasElement,
    /// The names of the columns it exports (their types are the alias's
    /// to tell: see [`Alias::column_type`]).
    pub(crate) exported: Vec<IdentRef>,
    /// `alias.column` for each exported column, built on first use
    /// (result-column origins).
    pub(crate) qualified: std::sync::OnceLock<Vec<Arc<str>>>,
    /// The types of a subquery's or compound's columns, worked out from
    /// its expressions when first asked for (most statements never ask).
    pub(crate) types: std::sync::OnceLock<Box<[Option<Type>]>>,
}

impl Alias {
    fn make(
        element: AliasElement,
        name: Option<&str>,
        base: Name,
        kind: AliasKind,
        exported: Vec<IdentRef>,
    ) -> Alias {
        let name_hash = name.map_or(0, crate::cache::name_hash);
        Alias(Shared::new(AliasInner {
            // shared with the last alias of that name (one per statement built)
            name: name.map(|n| crate::ident::recent::ident(n, name_hash)),
            name_hash,
            base,
            kind,
            element,
            exported,
            qualified: std::sync::OnceLock::new(),
            types: std::sync::OnceLock::new(),
        }))
    }

    /// The SQL type of exported column `idx`, where known: a table's
    /// column's, a text query's as declared, a subquery's as its
    /// expression's (worked out once, when first asked for).
    pub(crate) fn column_type(&self, idx: usize) -> Option<&Type> {
        let columns = match &self.0.element {
            AliasElement::Table(t) => return Some(&t.column_at(idx).ty),
            AliasElement::Text(t) => return t.0.columns.get(idx)?.1.as_ref(),
            AliasElement::Cte(a) => return a.column_type(idx),
            AliasElement::Select(s) => s.0.columns(),
            AliasElement::Compound(c) => c.first_select().map_or(&[][..], |s| s.0.columns()),
        };
        self.0
            .types
            .get_or_init(|| columns.iter().map(Expr::sql_type).collect())
            .get(idx)?
            .as_ref()
    }

    /// `name.column` of the exported column `idx`; `None` for an anonymous alias.
    pub(crate) fn qualified_column(&self, idx: usize) -> Option<Arc<str>> {
        let name = self.0.name.as_ref()?;
        let all = self.0.qualified.get_or_init(|| {
            self.0
                .exported
                .iter()
                .map(|e| Arc::from(format!("{name}.{}", **e)))
                .collect()
        });
        all.get(idx).cloned()
    }

    pub(crate) fn of_table(t: &Table, name: Option<&str>) -> Alias {
        let pinned = t.pinned_table();
        let exported = t
            .columns()
            .enumerate()
            .map(|(i, c)| match pinned {
                // a pinned table's names are referred to
                Some(p) => IdentRef::Static(p.column_at(i).name()),
                None => IdentRef::Held(c.name().clone()),
            })
            .collect();
        Alias::make(
            AliasElement::Table(TableRef::of(t)),
            name,
            match t.pinned_table() {
                // a pinned table's name lives as long as the program
                Some(p) => Name::Static(p.name().as_str()),
                None => Name::Held(t.name().as_arc().clone()),
            },
            AliasKind::Subquery,
            exported,
        )
    }

    pub(crate) fn of_select(s: Select, name: Option<&str>, kind: AliasKind) -> Alias {
        let exported = exported_of(s.0.columns());
        Alias::make(
            AliasElement::Select(s),
            name,
            labels::ANON.clone(),
            kind,
            exported,
        )
    }

    pub(crate) fn of_compound(c: CompoundSelect, name: Option<&str>, kind: AliasKind) -> Alias {
        let exported = c
            .first_select()
            .map(|s| exported_of(s.0.columns()))
            .unwrap_or_default();
        Alias::make(
            AliasElement::Compound(c),
            name,
            labels::ANON.clone(),
            kind,
            exported,
        )
    }

    pub(crate) fn of_text(t: TextClause, name: Option<&str>) -> Alias {
        let exported =
            t.0.columns
                .iter()
                .map(|(n, _)| IdentRef::Held(n.clone()))
                .collect();
        Alias::make(
            AliasElement::Text(t),
            name,
            labels::ANON.clone(),
            AliasKind::Subquery,
            exported,
        )
    }

    /// The alias name, `None` when anonymous (named at compile time).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(t.alias("x").name().map(|n| n.as_str()), Some("x"));
    /// assert!(t.anon_alias().name().is_none());
    /// ```
    pub fn name(&self) -> Option<&Ident> {
        self.0.name.as_ref()
    }

    /// A column of the alias, or an error listing the columns it has.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert!(t.alias("x").try_c("a").is_ok());
    /// assert!(t.alias("x").try_c("b").is_err());
    /// ```
    pub fn try_c(&self, name: &str) -> Result<Expr, CompileError> {
        match self.column_index(name) {
            Some(i) => Ok(self.column_at(i)),
            None => Err(self.unknown_column(name)),
        }
    }

    /// The position of an exported column: an exact match, else the one
    /// column whose name matches ignoring case.
    fn column_index(&self, name: &str) -> Option<usize> {
        let names = self.0.exported.iter().map(|e| e.as_str());
        let exact = names.clone().position(|n| same_name(n, name));
        exact.or_else(|| position_folded(names, name))
    }

    /// The expression of exported column `i`.
    fn column_at(&self, i: usize) -> Expr {
        Expr::column(ColumnRef::new(Source::Alias(self.clone()), i))
    }

    /// The error for a column the alias does not have, listing those it has.
    #[cold]
    #[inline(never)]
    fn unknown_column(&self, name: &str) -> CompileError {
        CompileError::UnknownColumn {
            source_name: self.describe(),
            column: name.to_owned(),
            known: self
                .0
                .exported
                .iter()
                .map(|e| e.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// A column of the alias; an unknown name makes compilation fail
    /// (see [`Table::c`](crate::schema::Table::c)).
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let a = t.alias("x").c("a");
    /// ```
    pub fn c(&self, name: &str) -> Expr {
        // found by position, without a `Result` carrying the (large) error
        match self.column_index(name) {
            Some(i) => self.column_at(i),
            None => Expr::invalid(self.unknown_column(name)),
        }
    }

    /// Every exported column.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// assert_eq!(t.alias("x").all_columns().len(), 1);
    /// ```
    pub fn all_columns(&self) -> Vec<Expr> {
        (0..self.0.exported.len())
            .map(|i| Expr::column(ColumnRef::new(Source::Alias(self.clone()), i)))
            .collect()
    }

    /// Another name for this alias; for a CTE, a second reference to it
    /// (`FROM cte JOIN cte AS other`).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let c = select(t.c("a")).cte("c");
    /// let c2 = c.alias("c2");
    /// let q = select(c.c("a")).join_on(&c2, c.c("a").eq(c2.c("a")));
    /// assert_eq!(q.compile(&Sqlite).unwrap().sql,
    ///     "WITH c AS (SELECT t.a AS a FROM t) SELECT c.a FROM c JOIN c AS c2 ON c.a = c2.a");
    /// ```
    pub fn alias(&self, name: &str) -> Alias {
        let element = match (&self.0.kind, &self.0.element) {
            (AliasKind::Cte { .. }, _) => AliasElement::Cte(self.clone()),
            (_, AliasElement::Table(t)) => AliasElement::Table(t.clone()),
            (_, AliasElement::Select(s)) => AliasElement::Select(s.clone()),
            (_, AliasElement::Compound(c)) => AliasElement::Compound(c.clone()),
            (_, AliasElement::Text(t)) => AliasElement::Text(t.clone()),
            (_, AliasElement::Cte(c)) => AliasElement::Cte(c.clone()),
        };
        let kind = match self.0.kind {
            AliasKind::Cte { .. } => AliasKind::Subquery,
            k => k,
        };
        Alias::make(
            element,
            Some(name),
            self.0.base.clone(),
            kind,
            self.0.exported.clone(),
        )
    }

    /// `self JOIN right`, ON inferred from foreign keys.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let meta = MetaData::new();
    /// # let a = meta.table("a").column(Column::new("id", Type::Integer).primary_key()).build().unwrap();
    /// # let b = meta.table("b").column(Column::new("a_id", Type::Integer).foreign_key("a.id")).build().unwrap();
    /// let j = a.alias("x").join(&b);
    /// ```
    pub fn join(&self, right: impl Into<FromItem>) -> Join {
        Join::inferred(self.into(), right.into(), JoinKind::Inner)
    }

    /// `self JOIN right ON on`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let (x, y) = (t.alias("x"), t.alias("y"));
    /// let j = x.join_on(&y, x.c("a").eq(y.c("a")));
    /// ```
    pub fn join_on(&self, right: impl Into<FromItem>, on: impl Into<Expr>) -> Join {
        Join::new(self.into(), right.into(), on.into(), JoinKind::Inner)
    }

    /// Completes a recursive CTE: `WITH RECURSIVE name AS (base UNION ALL step)`.
    /// `step` refers to this alias's columns.
    ///
    /// See [`Select::cte_recursive`].
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let emp = MetaData::new().table("emp").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("boss", Type::Integer)).build().unwrap();
    /// // everyone below employee 1
    /// let base = select(emp.c("id")).filter(emp.c("boss").eq(1)).cte_recursive("team");
    /// let step = select(emp.c("id")).join_on(&base, emp.c("boss").eq(base.c("id")));
    /// let team = base.union_all(step);
    /// assert_eq!(select(team.c("id")).compile(&Sqlite).unwrap().sql,
    ///     "WITH RECURSIVE team(id) AS (SELECT emp.id AS id FROM emp WHERE emp.boss = ? \
    ///      UNION ALL SELECT emp.id AS id FROM emp JOIN team ON emp.boss = team.id) SELECT team.id FROM team");
    /// ```
    pub fn union_all(&self, step: impl Into<CompoundSelect>) -> Alias {
        self.recursive_union(SetOp::UnionAll, step.into())
    }

    /// Completes a recursive CTE with `UNION` (duplicates removed).
    ///
    /// See [`Select::cte_recursive`].
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Postgres};
    /// # let emp = MetaData::new().table("emp").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("boss", Type::Integer)).build().unwrap();
    /// let base = select(emp.c("id")).filter(emp.c("boss").eq(1)).cte_recursive("team");
    /// let step = select(emp.c("id")).join_on(&base, emp.c("boss").eq(base.c("id")));
    /// let team = base.union(step);
    /// assert_eq!(select(team.c("id")).compile(&Postgres).unwrap().sql,
    ///     "WITH RECURSIVE team(id) AS (SELECT emp.id AS id FROM emp WHERE emp.boss = $1 \
    ///      UNION SELECT emp.id AS id FROM emp JOIN team ON emp.boss = team.id) SELECT team.id FROM team");
    /// ```
    pub fn union(&self, step: impl Into<CompoundSelect>) -> Alias {
        self.recursive_union(SetOp::Union, step.into())
    }

    fn recursive_union(&self, op: SetOp, step: CompoundSelect) -> Alias {
        let base: CompoundSelect = match &self.0.element {
            AliasElement::Select(s) => s.clone().into(),
            AliasElement::Compound(c) => c.clone(),
            _ => {
                return Alias::make(
                    self.0.element.clone(),
                    self.0.name.as_ref().map(Ident::as_str),
                    self.0.base.clone(),
                    self.0.kind,
                    self.0.exported.clone(),
                );
            }
        };
        let compound = CompoundSelect::combine(op, base, step);
        Alias::make(
            AliasElement::Compound(compound),
            self.0.name.as_ref().map(Ident::as_str),
            self.0.base.clone(),
            AliasKind::Cte { recursive: true },
            self.0.exported.clone(),
        )
    }

    /// Whether two handles are the same alias.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let a = t.alias("x");
    /// assert!(a.is(&a.clone()));
    /// assert!(!a.is(&t.alias("x")));
    /// ```
    pub fn is(&self, other: &Alias) -> bool {
        Shared::ptr_eq(&self.0, &other.0)
    }

    /// The address that tells this alias apart (see [`is`](Self::is)).
    pub(crate) fn addr(&self) -> usize {
        Shared::as_ptr(&self.0).cast::<()>() as usize
    }

    pub(crate) fn exported(&self) -> &[IdentRef] {
        &self.0.exported
    }

    pub(crate) fn is_cte(&self) -> bool {
        matches!(self.0.kind, AliasKind::Cte { .. })
    }

    /// The table behind a table alias.
    pub(crate) fn aliased_table(&self) -> Option<&Table> {
        match &self.0.element {
            AliasElement::Table(t) => Some(t),
            _ => None,
        }
    }

    pub(crate) fn describe(&self) -> String {
        let what = match (&self.0.kind, &self.0.element) {
            (AliasKind::Cte { .. }, _) => "CTE",
            (_, AliasElement::Table(_)) => "alias",
            (_, AliasElement::Cte(_)) => "CTE alias",
            (AliasKind::Lateral, _) => "lateral subquery",
            _ => "subquery",
        };
        match &self.0.name {
            Some(n) => format!("{what} {n}"),
            None => format!("anonymous {what} of {}", self.0.base),
        }
    }
}

/// The names a SELECT list exports as a subquery's (or a compound
/// member's) columns: each item's own when they are plain and distinct,
/// else the labeler's.
pub(crate) fn exported_of(columns: &[Expr]) -> Vec<IdentRef> {
    match labels::plain_exported_names(columns) {
        Some(names) => names.collect(),
        None => labels::exported_names(columns).collect(),
    }
}

impl fmt::Debug for Alias {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

impl Table {
    /// `table AS name`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let x = t.alias("x");
    /// ```
    pub fn alias(&self, name: &str) -> Alias {
        Alias::of_table(self, Some(name))
    }

    /// An anonymous alias, named `<table>_1`, `<table>_2`, ... at compile time.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let (a1, a2) = (t.anon_alias(), t.anon_alias());
    /// let q = select(a1.c("a")).join_on(&a2, a1.c("a").eq(a2.c("a")));
    /// assert_eq!(q.compile(&Sqlite).unwrap().sql,
    ///     "SELECT t_1.a FROM t AS t_1 JOIN t AS t_2 ON t_1.a = t_2.a");
    /// ```
    pub fn anon_alias(&self) -> Alias {
        Alias::of_table(self, None)
    }

    /// `self JOIN right`, ON inferred from the one foreign key between them.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Mysql};
    /// # let meta = MetaData::new();
    /// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).build().unwrap();
    /// # let addresses = meta.table("addresses").column(Column::new("user_id", Type::Integer).foreign_key("users.id")).build().unwrap();
    /// let q = select(func::count(addresses.c("user_id"))).select_from(users.join(&addresses));
    /// assert_eq!(q.compile(&Mysql).unwrap().sql,
    ///     "SELECT count(addresses.user_id) AS count_1 FROM users INNER JOIN addresses ON users.id = addresses.user_id");
    /// ```
    pub fn join(&self, right: impl Into<FromItem>) -> Join {
        Join::inferred(self.into(), right.into(), JoinKind::Inner)
    }

    /// `self JOIN right ON on`.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let x = t.alias("x");
    /// let j = t.join_on(&x, t.c("a").eq(x.c("a")));
    /// ```
    pub fn join_on(&self, right: impl Into<FromItem>, on: impl Into<Expr>) -> Join {
        Join::new(self.into(), right.into(), on.into(), JoinKind::Inner)
    }

    /// `self LEFT OUTER JOIN right`, ON inferred from foreign keys.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let meta = MetaData::new();
    /// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).build().unwrap();
    /// # let addresses = meta.table("addresses").column(Column::new("user_id", Type::Integer).foreign_key("users.id")).build().unwrap();
    /// let j = users.outerjoin(&addresses);
    /// ```
    pub fn outerjoin(&self, right: impl Into<FromItem>) -> Join {
        Join::inferred(self.into(), right.into(), JoinKind::Left)
    }

    /// `self FULL OUTER JOIN right`, ON inferred from foreign keys.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// # let meta = MetaData::new();
    /// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).build().unwrap();
    /// # let addresses = meta.table("addresses").column(Column::new("user_id", Type::Integer).foreign_key("users.id")).build().unwrap();
    /// let j = users.full_outerjoin(&addresses);
    /// ```
    pub fn full_outerjoin(&self, right: impl Into<FromItem>) -> Join {
        Join::inferred(self.into(), right.into(), JoinKind::Full)
    }
}

#[cfg(test)]
mod tests {
    use crate::CompileError;
    use crate::dialect::Postgres;
    use crate::prelude::*;

    /// An alias's column types: a table's as declared, a text query's as
    /// given, a subquery's, a compound's (its first member's) and a CTE's
    /// as their expressions', an alias of a CTE's as the CTE's.
    #[test]
    fn alias_columns_have_their_sources_types() {
        let t = MetaData::new()
            .table("t")
            .column(Column::new("a", Type::Integer))
            .column(Column::new("b", Type::Text))
            .build()
            .expect("table");
        let ty = |e: Expr| e.as_column().and_then(|c| c.ty()).cloned();
        let body = || {
            select((
                t.c("a"),
                t.c("b").cast(Type::Float).label("f"),
                literal_column("1").label("x"),
            ))
        };
        let cte = body().cte("c");
        let sources: Vec<(&str, Alias)> = vec![
            ("subquery", body().subquery("s")),
            ("compound", body().union(body()).subquery("u")),
            ("CTE", cte.clone()),
            ("alias of a CTE", cte.alias("c2")),
        ];
        for (what, a) in &sources {
            assert_eq!(ty(a.c("a")), Some(Type::Integer), "{what}");
            assert_eq!(ty(a.c("f")), Some(Type::Float), "{what}");
            assert_eq!(ty(a.c("x")), None, "{what}");
            // asked again: the same, worked out once
            assert_eq!(ty(a.c("f")), Some(Type::Float), "{what}");
        }
        assert_eq!(ty(t.alias("x").c("b")), Some(Type::Text));
        let typed = text("SELECT 1 AS a, 'x' AS b")
            .columns([t.c("a"), t.c("b")])
            .subquery("q");
        assert_eq!(ty(typed.c("a")), Some(Type::Integer));
        assert_eq!(ty(typed.c("b")), Some(Type::Text));
    }

    /// An alias's columns are found by exact name (names that share a
    /// prefix, a length or all but their last byte told apart), else by the
    /// one name that matches ignoring case; two such names, or none, are an
    /// error that lists the alias's columns, from `try_c` and from `c`'s
    /// compilation alike.
    #[test]
    fn alias_columns_are_found_by_exact_then_folded_name() -> Result<(), CompileError> {
        let names = ["id", "name", "name1", "name2", "nickname_long", "N", "n"];
        let labelled: Vec<Expr> = names
            .iter()
            .zip(1i64..)
            .map(|(n, v)| Expr::from(v).label(n))
            .collect();
        let sub = select(labelled).subquery("s");
        for n in names {
            let sql = select(sub.try_c(n)?).compile(&Postgres)?.sql;
            assert!(
                sql.starts_with(&format!("SELECT s.\"{n}\""))
                    || sql.starts_with(&format!("SELECT s.{n} ")),
                "{n}: {sql}"
            );
        }
        let folded = select(sub.try_c("NICKNAME_LONG")?).compile(&Postgres)?.sql;
        assert!(
            folded.starts_with("SELECT s.nickname_long FROM"),
            "{folded}"
        );
        for bad in ["ID2", "nam", "name3", ""] {
            let err = sub
                .try_c(bad)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(
                err.contains("id, name, name1, name2, nickname_long, N, n"),
                "{bad}: {err}"
            );
            let compiled = select(sub.c(bad))
                .compile(&Postgres)
                .err()
                .map(|e| e.to_string());
            assert_eq!(compiled.as_deref(), Some(err.as_str()), "{bad}");
        }
        // names that differ only in case are each found by their exact
        // name; a name two columns match only ignoring case is refused
        assert!(sub.try_c("N").is_ok() && sub.try_c("n").is_ok());
        let two = select((Expr::from(1).label("Ab"), Expr::from(2).label("aB"))).subquery("t");
        assert!(two.try_c("ab").is_err(), "two columns match ignoring case");
        Ok(())
    }
}

//! Rendering of INSERT, UPDATE and DELETE.

use smallvec::SmallVec;

use super::compiler::{BindName, Compiler};
use super::select::Nesting;
use super::{DeleteUsing, ReturningStyle, UpdateFrom, UpsertStyle};
use crate::error::{CompileError, Fallible};
use crate::expr::precedence::ATOM;
use crate::expr::{Expr, Node};
use crate::schema::{ColumnDefault, Table};
use crate::stmt::froms::{FromList, add_owned_froms};
use crate::stmt::insert::{ConflictTarget, OnConflict};
use crate::stmt::{ConflictAction, Delete, Insert, InsertSource, Update};
use crate::types::Type;
use crate::value::Value;

impl Compiler<'_> {
    fn column_name(&mut self, t: &Table, idx: usize) {
        self.push_identifier(t.column_at(idx).name());
    }

    /// Renders a bound value for a column of type `ty`: as `CAST(? AS ty)`
    /// where the dialect casts binds (Firebird).
    fn column_bind(&mut self, ty: &Type, bind: impl FnOnce(&mut Self) -> Fallible) -> Fallible {
        if !self.caps.cast_binds || self.literal_binds {
            return bind(self);
        }
        self.push_cast(ty, bind)
    }

    /// A value in INSERT VALUES or UPDATE SET for a column of type `ty`,
    /// its bind named `name`.
    fn set_value(&mut self, e: &Expr, ty: &Type, name: BindName<'_>) -> Fallible {
        match &e.0 {
            Node::Value(v) => self.column_bind(ty, |c| c.push_bind_ref(v, name)),
            // `None` given as a value is bound, like any other value.
            Node::Null => self.column_bind(ty, |c| c.push_bind(Value::Null, name)),
            _ => self.visit_operand(e, ATOM - 1, None),
        }
    }

    fn client_default(&mut self, d: &ColumnDefault, ty: &Type, name: BindName<'_>) -> Fallible {
        match d {
            ColumnDefault::Value(v) => self.column_bind(ty, |c| c.push_bind(v.clone(), name)),
            ColumnDefault::Fn(f) => self.column_bind(ty, |c| c.push_bind(f(), name)),
            ColumnDefault::Expr(e) => self.visit_operand(e, ATOM - 1, None),
        }
    }

    pub(crate) fn insert(&mut self, ins: &Insert) -> Fallible {
        let i = &ins.0;
        if let Some(e) = &i.error {
            return Err(e.clone().into());
        }
        let table: &Table = &i.table;
        self.push_sql("INSERT INTO ");
        self.push_table_name(table);
        match &i.source {
            InsertSource::AllColumns => {
                self.push_sql(" (");
                for idx in 0..table.columns().len() {
                    if idx > 0 {
                        self.push_sql(", ");
                    }
                    self.column_name(table, idx);
                }
                self.push_char(')');
                self.output_clause(&i.returning, self.caps.returning.insert, "inserted")?;
                self.push_sql(" VALUES (");
                for (idx, col) in table.columns().enumerate() {
                    if idx > 0 {
                        self.push_sql(", ");
                    }
                    let name = col.name().as_arc();
                    self.column_bind(col.ty(), |c| {
                        c.push_bind(Value::Null, BindName::Unbound(name))
                    })?;
                }
                self.push_char(')');
            }
            InsertSource::DefaultValues => {
                self.output_clause(&i.returning, self.caps.returning.insert, "inserted")?;
                if self.caps.default_values {
                    self.push_sql(" DEFAULT VALUES");
                } else if self.caps.empty_values_list {
                    self.push_sql(" () VALUES ()");
                } else {
                    // `(first_column) VALUES (DEFAULT)` (Oracle).
                    let Some(first) = table.columns().next() else {
                        return Err(CompileError::Invalid("a table without columns".into()).into());
                    };
                    self.push_sql(" (");
                    self.push_identifier(first.name());
                    self.push_sql(") VALUES (DEFAULT)");
                }
            }
            InsertSource::Rows { columns, rows } => {
                if rows.is_empty() {
                    return Err(CompileError::Invalid("an INSERT with no rows".into()).into());
                }
                if rows.len() > 1 && !self.caps.multirow_insert {
                    return Err(CompileError::unsupported_with(
                        "multi-row INSERT ... VALUES",
                        self.dialect.name(),
                        "insert the rows one statement at a time (execute_many)",
                    )
                    .into());
                }
                // a table's columns: held inline for most tables
                let mut defaults: SmallVec<[usize; 8]> = SmallVec::new();
                if table.0.any_default {
                    defaults.extend(
                        table
                            .columns()
                            .enumerate()
                            .filter(|(idx, c)| {
                                c.client_default().is_some() && !columns.contains(idx)
                            })
                            .map(|(idx, _)| idx),
                    );
                }
                let mut order: SmallVec<[(usize, Option<usize>); 8]> = columns
                    .iter()
                    .enumerate()
                    .map(|(pos, &idx)| (idx, Some(pos)))
                    .chain(defaults.iter().map(|&idx| (idx, None)))
                    .collect();
                if !defaults.is_empty() {
                    order.sort_by_key(|(idx, _)| *idx);
                }
                if order.is_empty() {
                    // `INSERT INTO t () VALUES ()` is not SQL any dialect takes
                    return Err(CompileError::Invalid(
                        "an INSERT row gives no columns: give values, or use insert(table) \
                         alone for DEFAULT VALUES"
                            .into(),
                    )
                    .into());
                }
                self.push_sql(" (");
                for (n, (idx, _)) in order.iter().enumerate() {
                    if n > 0 {
                        self.push_sql(", ");
                    }
                    self.column_name(table, *idx);
                }
                self.push_char(')');
                self.output_clause(&i.returning, self.caps.returning.insert, "inserted")?;
                self.push_sql(" VALUES ");
                let multi = rows.len() > 1;
                for (r, row) in rows.iter().enumerate() {
                    if r > 0 {
                        self.push_sql(", ");
                    }
                    self.push_char('(');
                    for (n, (idx, pos)) in order.iter().enumerate() {
                        if n > 0 {
                            self.push_sql(", ");
                        }
                        let col = table.column_at(*idx);
                        let name = if multi {
                            BindName::Row(col.name().as_str(), r)
                        } else {
                            BindName::Fixed(col.name().as_str())
                        };
                        match pos {
                            Some(p) => self.set_value(&row[*p], col.ty(), name)?,
                            None => {
                                if let Some(d) = col.client_default() {
                                    self.client_default(d, col.ty(), name)?;
                                }
                            }
                        }
                    }
                    self.push_char(')');
                }
            }
            InsertSource::Select { columns, select } => {
                self.push_sql(" (");
                for (n, idx) in columns.iter().enumerate() {
                    if n > 0 {
                        self.push_sql(", ");
                    }
                    self.column_name(table, *idx);
                }
                self.push_char(')');
                self.output_clause(&i.returning, self.caps.returning.insert, "inserted")?;
                self.push_char(' ');
                if self.caps.cte_after_insert {
                    self.render_with()?;
                }
                self.depth += 1;
                let r = match select.0.parts.as_slice() {
                    [crate::stmt::CompoundPart::Select(s)] if select.0.order_by.is_empty() => {
                        self.select_body(s, Nesting::InsertSource, None)
                    }
                    _ => self.compound_body(select, false),
                };
                self.depth -= 1;
                r?;
            }
        }
        if let Some(oc) = &i.on_conflict {
            self.on_conflict(table, oc)?;
        }
        if let Some(set) = &i.on_duplicate {
            if self.caps.upsert != UpsertStyle::OnDuplicateKey {
                return Err(self.unsupported("ON DUPLICATE KEY UPDATE").into());
            }
            self.push_sql(" ON DUPLICATE KEY UPDATE ");
            self.assignments(table, set.iter().map(|(i, e)| (*i, e)), " = ", false)?;
        }
        self.returning_tail(&i.returning, self.caps.returning.insert, "INSERT")?;
        Ok(())
    }

    fn returning_error(&self, what: &str) -> CompileError {
        CompileError::unsupported_with(
            format!("RETURNING on {what}"),
            self.dialect.name(),
            "select the rows in a separate statement (or use the last insert id for INSERT)",
        )
    }

    fn on_conflict(&mut self, table: &Table, oc: &OnConflict) -> Fallible {
        if self.caps.upsert != UpsertStyle::OnConflict {
            return Err(self.unsupported("ON CONFLICT").into());
        }
        self.push_sql(" ON CONFLICT");
        match &oc.target {
            ConflictTarget::Any => {}
            ConflictTarget::Columns(cols) => {
                self.push_sql(" (");
                for (n, c) in cols.iter().enumerate() {
                    if n > 0 {
                        self.push_sql(", ");
                    }
                    self.push_identifier(c);
                }
                self.push_char(')');
                if let Some(w) = &oc.target_where {
                    self.push_sql(" WHERE ");
                    self.visit_criterion(w)?;
                }
            }
            ConflictTarget::Constraint(name) => {
                if !self.caps.on_conflict_on_constraint {
                    return Err(CompileError::unsupported_with(
                        "ON CONFLICT ON CONSTRAINT",
                        self.dialect.name(),
                        "name the unique index's columns with ConflictTarget::columns",
                    )
                    .into());
                }
                self.push_sql(" ON CONSTRAINT ");
                self.push_identifier(name);
            }
        }
        match &oc.action {
            ConflictAction::Nothing => self.push_sql(" DO NOTHING"),
            ConflictAction::Update { set, filter } => {
                if matches!(oc.target, ConflictTarget::Any)
                    && self.caps.on_conflict_update_needs_target
                {
                    return Err(CompileError::Invalid(format!(
                        "ON CONFLICT DO UPDATE needs a conflict target on {}",
                        self.dialect.name()
                    ))
                    .into());
                }
                self.push_sql(" DO UPDATE SET ");
                self.assignments(table, set.iter().map(|(i, e)| (*i, e)), " = ", false)?;
                if let Some(f) = filter {
                    self.push_sql(" WHERE ");
                    self.visit_criterion(f)?;
                }
            }
        }
        Ok(())
    }

    /// `col<eq>value, ...`.
    fn assignments<'e>(
        &mut self,
        table: &Table,
        set: impl IntoIterator<Item = (usize, &'e Expr)>,
        eq: &str,
        qualified: bool,
    ) -> Fallible {
        for (n, (idx, value)) in set.into_iter().enumerate() {
            if n > 0 {
                self.push_sql(", ");
            }
            if qualified {
                self.push_table_name(table);
                self.push_char('.');
            }
            self.column_name(table, idx);
            self.push_sql(eq);
            let col = table.column_at(idx);
            self.set_value(value, col.ty(), BindName::Fixed(col.name().as_str()))?;
        }
        Ok(())
    }

    /// SQL Server's `OUTPUT inserted.a, ...` where the dialect writes
    /// RETURNING that way (and `allowed`); nothing otherwise.
    fn output_clause(
        &mut self,
        cols: &[Expr],
        allowed: bool,
        pseudo_table: &'static str,
    ) -> Fallible {
        if cols.is_empty() || !allowed || self.caps.returning_style != ReturningStyle::Output {
            return Ok(());
        }
        self.push_sql(" OUTPUT ");
        let saved = self.qualifier.replace(pseudo_table);
        let r = self.comma_list(cols);
        self.qualifier = saved;
        r?;
        self.record_returning(cols);
        Ok(())
    }

    /// The RETURNING clause at the end of a statement (checked against the
    /// dialect's capabilities; already written for OUTPUT).
    fn returning_tail(&mut self, cols: &[Expr], allowed: bool, what: &str) -> Fallible {
        if cols.is_empty() {
            return Ok(());
        }
        if !allowed {
            return Err(self.returning_error(what).into());
        }
        match self.caps.returning_style {
            ReturningStyle::Output => Ok(()),
            ReturningStyle::Returning => self.returning(cols),
            ReturningStyle::ReturningInto => {
                self.returning(cols)?;
                self.push_sql(" INTO ");
                for n in 0..cols.len() {
                    if n > 0 {
                        self.push_sql(", ");
                    }
                    let name: std::sync::Arc<str> = format!("ret_{n}").into();
                    self.push_bind(Value::Null, BindName::Unbound(&name))?;
                }
                Ok(())
            }
        }
    }

    fn returning(&mut self, cols: &[Expr]) -> Fallible {
        self.push_sql(" RETURNING ");
        let saved = self.unqualified;
        self.unqualified = !self.caps.returning.qualified;
        let r = self.comma_list(cols);
        self.unqualified = saved;
        r?;
        self.record_returning(cols);
        Ok(())
    }

    fn record_returning(&mut self, cols: &[Expr]) {
        let columns: Vec<_> = cols
            .iter()
            .map(|e| crate::compiled::ResultColumn {
                name: e.key().unwrap_or_else(|| std::sync::Arc::from("?column?")),
                ty: e.sql_type(),
                origin: None,
            })
            .collect();
        self.result_columns = Some(columns.into());
    }

    /// An UPDATE; `scope` holds its target, then the other tables its
    /// criteria and SET values refer to ([`Update::scope_and_ctes`]).
    pub(crate) fn update(&mut self, up: &Update, scope: &mut FromList<'_>) -> Fallible {
        let u = &up.0;
        if let Some(e) = &u.error {
            return Err(CompileError::clone(e).into());
        }
        let table: &Table = &u.table;
        // the ON UPDATE defaults of the columns the statement does not set
        let mut defaults: SmallVec<[(usize, Expr); 2]> = SmallVec::new();
        if table.0.any_onupdate {
            defaults.extend(table.columns().enumerate().filter_map(|(idx, col)| {
                let d = col.onupdate_spec()?;
                if u.set.iter().any(|(i, _)| *i == idx) {
                    return None;
                }
                Some((
                    idx,
                    match d {
                        ColumnDefault::Value(v) => Expr::from(v.clone()),
                        ColumnDefault::Fn(f) => Expr::from(f()),
                        ColumnDefault::Expr(e) => e.clone(),
                    },
                ))
            }));
        }
        // the statement's own values by reference (a cache template finds
        // its parameters by their address in the statement: a copy would
        // be taken for a constant), then the defaults
        let mut set: SmallVec<[(usize, &Expr); 4]> = SmallVec::new();
        for (i, e) in u.set.iter().chain(defaults.iter()) {
            set.push((*i, e));
        }
        if set.is_empty() {
            return Err(
                CompileError::Invalid("an UPDATE needs at least one column to set".into()).into(),
            );
        }
        if !u.ordered && !set.windows(2).all(|w| w[0].0 <= w[1].0) {
            set.sort_by_key(|(i, _)| *i);
        }
        // the scope subqueries correlate against: the target, then the
        // other tables the expressions refer to (from 1), the defaults'
        // last
        if !defaults.is_empty() {
            add_owned_froms(defaults.iter().map(|(_, e)| e), scope);
        }
        let others = scope.len() > 1;
        let multi = others && self.caps.update_from == UpdateFrom::MultiTable;
        if others && self.caps.update_from == UpdateFrom::Unsupported {
            return Err(self.unsupported("UPDATE with other tables in WHERE").into());
        }
        self.push_sql("UPDATE ");
        self.push_table_name(table);
        if multi {
            // `UPDATE a, b, c`: the other tables after the target
            self.push_sql(", ");
            self.render_from_refs(scope.iter().skip(1))?;
        }
        self.push_sql(" SET ");
        // the scope subqueries correlate against, when there are any
        let scoped = self.top_scoped;
        let mark = self.scopes.mark();
        if scoped {
            self.scopes.enter(scope);
        }
        let r = self.update_rest(up, &set, scope, multi);
        if scoped {
            self.scopes.leave(mark);
        }
        r
    }

    /// The rest of an UPDATE; `scope` is its target, then the other
    /// tables its expressions refer to.
    fn update_rest(
        &mut self,
        up: &Update,
        set: &[(usize, &Expr)],
        scope: &FromList<'_>,
        multi: bool,
    ) -> Fallible {
        let u = &up.0;
        self.assignments(&u.table, set.iter().copied(), "=", multi)?;
        self.output_clause(&u.returning, self.caps.returning.update, "inserted")?;
        if scope.len() > 1 && !multi {
            self.push_sql(" FROM ");
            // the other tables (the scope's first item is the target)
            self.render_from_refs(scope.iter().skip(1))?;
        }
        if !u.criteria.is_empty() {
            self.push_sql(" WHERE ");
            self.visit_criteria(&u.criteria)?;
        }
        self.returning_tail(&u.returning, self.caps.returning.update, "UPDATE")?;
        Ok(())
    }

    /// A DELETE; `scope` holds its target, then the other tables its
    /// criteria refer to ([`Delete::scope_and_ctes`]).
    pub(crate) fn delete(&mut self, del: &Delete, scope: &FromList<'_>) -> Fallible {
        let d = &del.0;
        let table: &Table = &d.table;
        self.push_sql("DELETE FROM ");
        self.push_table_name(table);
        // the scope subqueries correlate against, when there are any
        let scoped = self.top_scoped;
        let mark = self.scopes.mark();
        if scoped {
            self.scopes.enter(scope);
        }
        let r = self.delete_rest(del, scope);
        if scoped {
            self.scopes.leave(mark);
        }
        r
    }

    /// The rest of a DELETE; `scope` is its target, then the other tables
    /// its criteria refer to.
    fn delete_rest(&mut self, del: &Delete, scope: &FromList<'_>) -> Fallible {
        let d = &del.0;
        self.output_clause(&d.returning, self.caps.returning.delete, "deleted")?;
        let others = scope.len() > 1;
        let exists = others && self.caps.delete_using == DeleteUsing::Exists;
        if others && !exists {
            self.push_sql(" USING ");
            if self.caps.delete_using == DeleteUsing::MultiTable {
                self.push_table_name(&d.table);
                self.push_sql(", ");
            }
            self.render_from_refs(scope.iter().skip(1))?;
        }
        if !d.criteria.is_empty() {
            self.push_sql(" WHERE ");
            if exists {
                self.push_sql("EXISTS (SELECT 1 FROM ");
                self.render_from_refs(scope.iter().skip(1))?;
                self.push_sql(" WHERE ");
                self.visit_criteria(&d.criteria)?;
                self.push_char(')');
            } else {
                self.visit_criteria(&d.criteria)?;
            }
        }
        self.returning_tail(&d.returning, self.caps.returning.delete, "DELETE")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Sqlite;
    use crate::prelude::*;

    /// SQLite writes RETURNING's columns bare; a subquery there still
    /// qualifies its own (bare, `id = id` would compare a column with
    /// itself).
    #[test]
    fn a_subquery_in_a_bare_returning_qualifies_its_columns() {
        let meta = MetaData::new();
        let t = crate::schema::int_table(&meta, "t", &["id", "v"]);
        let u = crate::schema::int_table(&meta, "u", &["id", "w"]);
        let sub = select(u.c("w"))
            .filter(u.c("id").eq(t.c("id")))
            .scalar_subquery();
        let q = update(&t).set([("v", 1)]).returning([t.c("v"), sub]);
        assert_eq!(
            q.compile(&Sqlite).map(|c| c.sql).ok().as_deref(),
            Some("UPDATE t SET v=? RETURNING v, (SELECT u.w FROM u WHERE u.id = t.id)")
        );
    }
}

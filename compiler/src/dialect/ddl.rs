//! Rendering of CREATE/DROP TABLE, CREATE/DROP INDEX and comments.

use super::compiler::Compiler;
use super::{Capabilities, FkActions, TypeContext};
use crate::error::{CompileError, Fallible};
use crate::expr::{Expr, Node};
use crate::ident::Ident;
use crate::schema::{Column, Constraint, FkAction, ServerDefault, Table};
use crate::stmt::{CreateIndex, CreateTable, DropIndex, DropTable, SetComment};
use crate::types::Type;
use crate::value::Value;

impl Compiler<'_> {
    fn ident_list(&mut self, ids: &[Ident]) {
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                self.push_sql(", ");
            }
            self.push_identifier(id);
        }
    }

    /// `CONSTRAINT name ` before a table constraint (standard SQL).
    fn constraint_name(&mut self, name: Option<&Ident>) {
        if let (Some(n), false) = (name, self.caps.constraint_name_after) {
            self.push_sql("CONSTRAINT ");
            self.push_identifier(n);
            self.push_char(' ');
        }
    }

    /// ` CONSTRAINT name` after a table constraint (Informix).
    fn constraint_name_after(&mut self, name: Option<&Ident>) {
        if let (Some(n), true) = (name, self.caps.constraint_name_after) {
            self.push_sql(" CONSTRAINT ");
            self.push_identifier(n);
        }
    }

    /// An ON DELETE / ON UPDATE action as the dialect can write it; `None`
    /// leaves the clause out where that means the same (the server's
    /// default, NO ACTION).
    fn fk_action(&self, action: FkAction, on: &str) -> Result<Option<&'static str>, CompileError> {
        Ok(match (self.caps.fk_actions, action) {
            (FkActions::Standard, a) => Some(a.as_sql()),
            (FkActions::NoRestrict, FkAction::Restrict) => Some(FkAction::NoAction.as_sql()),
            (FkActions::NoRestrict, a) => Some(a.as_sql()),
            (FkActions::DeleteOnly, FkAction::Restrict | FkAction::NoAction) => None,
            (FkActions::DeleteOnly, a @ (FkAction::Cascade | FkAction::SetNull))
                if on == "DELETE" =>
            {
                Some(a.as_sql())
            }
            (FkActions::DeleteOnly, a) => {
                return Err(CompileError::unsupported_with(
                    format!("ON {on} {}", a.as_sql()),
                    self.dialect.name(),
                    "the database has only ON DELETE CASCADE and ON DELETE SET NULL; \
                     enforce the rest with a trigger",
                ));
            }
        })
    }

    pub(crate) fn create_table(&mut self, c: &CreateTable) -> Fallible {
        let t = &c.table;
        self.push_sql("CREATE TABLE ");
        if c.if_not_exists {
            self.push_sql("IF NOT EXISTS ");
        }
        self.push_table_name(t);
        self.push_sql(" (");
        let auto = t.autoincrement_column().map(|c| c.name().clone());
        let mut first = true;
        let mut enum_checks: Vec<(Ident, Vec<std::sync::Arc<str>>)> = Vec::new();
        for col in t.columns() {
            self.push_sql(if first { "\n\t" } else { ", \n\t" });
            first = false;
            let is_auto = auto.as_ref() == Some(col.name());
            self.column_definition(col, is_auto)?;
            if let Type::Enum(e) = col.ty() {
                if self.caps.enum_check {
                    enum_checks.push((col.name().clone(), e.variants.clone()));
                }
            }
        }
        let pk = t.primary_key();
        if !pk.columns().is_empty() {
            self.push_sql(", \n\t");
            self.constraint_name(pk.constraint_name());
            self.push_sql("PRIMARY KEY (");
            self.ident_list(pk.columns());
            self.push_char(')');
            self.constraint_name_after(pk.constraint_name());
        }
        for con in t.constraints() {
            self.push_sql(", \n\t");
            match con {
                Constraint::ForeignKey(fk) => {
                    self.constraint_name(fk.constraint_name());
                    self.push_sql("FOREIGN KEY(");
                    self.ident_list(fk.columns());
                    self.push_sql(") REFERENCES ");
                    if self.caps.schema_qualified_fk_target {
                        if let Some(s) = fk.referred_schema() {
                            self.push_identifier(s);
                            self.push_char('.');
                        }
                    }
                    self.push_identifier(fk.referred_table());
                    self.push_sql(" (");
                    self.ident_list(fk.referred_columns());
                    self.push_char(')');
                    if let Some(a) = fk.on_delete_action() {
                        if let Some(sql) = self.fk_action(a, "DELETE")? {
                            self.push_sql(" ON DELETE ");
                            self.push_sql(sql);
                        }
                    }
                    if let Some(a) = fk.on_update_action() {
                        if let Some(sql) = self.fk_action(a, "UPDATE")? {
                            self.push_sql(" ON UPDATE ");
                            self.push_sql(sql);
                        }
                    }
                    self.constraint_name_after(fk.constraint_name());
                }
                Constraint::Unique(u) => {
                    self.constraint_name(u.constraint_name());
                    self.push_sql("UNIQUE (");
                    self.ident_list(u.columns());
                    self.push_char(')');
                    self.constraint_name_after(u.constraint_name());
                }
                Constraint::Check(ck) => {
                    self.constraint_name(ck.constraint_name());
                    self.push_sql("CHECK (");
                    self.push_sql(ck.sql());
                    self.push_char(')');
                    self.constraint_name_after(ck.constraint_name());
                }
            }
        }
        for (col, variants) in enum_checks {
            self.push_sql(", \n\tCHECK (");
            self.push_identifier(&col);
            self.push_sql(" IN (");
            for (i, v) in variants.iter().enumerate() {
                if i > 0 {
                    self.push_sql(", ");
                }
                self.push_literal(&Value::from(v.clone()))?;
            }
            self.push_sql("))");
        }
        self.push_sql("\n)");
        if let Some(comment) = t.comment() {
            if self.caps.inline_comments {
                self.push_sql(" COMMENT=");
                self.push_literal(&Value::Text(comment.into()))?;
            }
        }
        Ok(())
    }

    fn column_definition(&mut self, col: &Column, is_auto: bool) -> Fallible {
        self.push_identifier(col.name());
        self.push_char(' ');
        let d = self.dialect;
        let identity = col.identity_spec().copied();
        let typed =
            is_auto && identity.is_none() && d.render_autoincrement_column(self, col.ty())?;
        if !typed {
            self.push_type(col.ty(), TypeContext::Ddl)?;
        }
        let not_null = !col.is_nullable() && (!typed || self.caps.identity_not_null);
        let explicit_null = !not_null && self.caps.explicit_null && col.is_nullable();
        if self.caps.default_after_not_null {
            if not_null {
                self.push_sql(" NOT NULL");
            } else if explicit_null {
                self.push_sql(" NULL");
            }
            self.server_default(col)?;
            if let Some(comment) = col.comment_text() {
                if self.caps.inline_comments {
                    self.push_sql(" COMMENT ");
                    self.push_literal(&Value::Text(comment.into()))?;
                }
            }
            if is_auto || identity.is_some() {
                if let Some(k) = self.caps.autoincrement_keyword {
                    if !col.is_primary_key() && k.trim() == "AUTO_INCREMENT" {
                        return Err(CompileError::unsupported_with(
                            format!(
                                "an identity column ({}) that is not the primary key",
                                col.name()
                            ),
                            self.dialect.name(),
                            "AUTO_INCREMENT needs a key: make it the primary key",
                        )
                        .into());
                    }
                    self.push_sql(k);
                }
            }
        } else {
            self.server_default(col)?;
            if let Some(id) = identity {
                if self.caps.identity_columns {
                    self.identity_clause(&id);
                }
            }
            if not_null {
                self.push_sql(" NOT NULL");
            } else if explicit_null {
                self.push_sql(" NULL");
            }
        }
        Ok(())
    }

    fn identity_clause(&mut self, id: &crate::schema::Identity) {
        self.push_sql(if id.always {
            " GENERATED ALWAYS AS IDENTITY"
        } else {
            " GENERATED BY DEFAULT AS IDENTITY"
        });
        let mut opts = Vec::new();
        if let Some(s) = id.start {
            opts.push(format!("START WITH {s}"));
        }
        if let Some(i) = id.increment {
            opts.push(format!("INCREMENT BY {i}"));
        }
        if !opts.is_empty() {
            self.push_sql(" (");
            self.push_sql(&opts.join(" "));
            self.push_char(')');
        }
    }

    fn server_default(&mut self, col: &Column) -> Fallible {
        let Some(d) = col.server_default_spec() else {
            return Ok(());
        };
        self.push_sql(" DEFAULT ");
        let wrap_raw = self.caps.parenthesized_defaults;
        match d {
            ServerDefault::Text(s) => self.push_literal(&Value::from(s.clone()))?,
            ServerDefault::Value(v) => self.push_literal(v)?,
            ServerDefault::Raw(s) => {
                if wrap_raw {
                    self.push_char('(');
                    self.push_sql(s);
                    self.push_char(')');
                } else {
                    self.push_sql(s);
                }
            }
            ServerDefault::Expr(e) => {
                let saved = (self.literal_binds, self.unqualified);
                self.literal_binds = true;
                self.unqualified = true;
                let keyword = is_keyword_default(e, self.caps);
                let constant = matches!(
                    e.0,
                    Node::True | Node::False | Node::Null | Node::Value(_) | Node::Literal(_)
                );
                let wrap = !keyword && !constant && (wrap_raw || !matches!(e.0, Node::Func(_)));
                if wrap {
                    self.push_char('(');
                }
                let r = self.visit(e);
                if wrap {
                    self.push_char(')');
                }
                (self.literal_binds, self.unqualified) = saved;
                r?;
            }
        }
        Ok(())
    }

    pub(crate) fn drop_table(&mut self, d: &DropTable) -> Fallible {
        self.push_sql("DROP TABLE ");
        if d.if_exists {
            self.push_sql("IF EXISTS ");
        }
        self.push_table_name(&d.table);
        Ok(())
    }

    pub(crate) fn create_index(&mut self, c: &CreateIndex) -> Fallible {
        let ix = &c.index;
        self.push_sql("CREATE ");
        if ix.is_unique() {
            self.push_sql("UNIQUE ");
        }
        self.push_sql("INDEX ");
        if c.if_not_exists {
            if !self.caps.create_index_if_not_exists {
                return Err(self.unsupported("CREATE INDEX IF NOT EXISTS").into());
            }
            self.push_sql("IF NOT EXISTS ");
        }
        let schema_on_name = self.caps.index_schema_on_name;
        if let (true, Some(s)) = (schema_on_name, ix.table().schema()) {
            // SQLite: CREATE INDEX schema.ix ON table (the index lives in the table's schema).
            self.push_identifier(s);
            self.push_char('.');
            self.push_identifier(ix.name());
            self.push_sql(" ON ");
            self.push_identifier(ix.table().name());
        } else {
            self.push_identifier(ix.name());
            self.push_sql(" ON ");
            self.push_table_name(ix.table());
        }
        self.push_sql(" (");
        let saved = (self.literal_binds, self.unqualified);
        self.literal_binds = true;
        self.unqualified = true;
        let r = self.index_items(ix.items());
        (self.literal_binds, self.unqualified) = saved;
        r?;
        self.push_char(')');
        Ok(())
    }

    fn index_items(&mut self, items: &[Expr]) -> Fallible {
        let wrap_exprs = self.caps.parenthesized_index_expressions;
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.push_sql(", ");
            }
            let (inner, ordering) = match &item.0 {
                Node::Ordering(o) => (&o.expr, Some(o)),
                _ => (item, None),
            };
            let is_col = matches!(inner.0, Node::Column(_));
            if !is_col && !self.caps.expression_indexes {
                return Err(CompileError::unsupported_with(
                    "an index on an expression",
                    self.dialect.name(),
                    "index a (generated) column instead",
                )
                .into());
            }
            if wrap_exprs && !is_col {
                self.push_char('(');
                self.visit(inner)?;
                self.push_char(')');
            } else {
                self.visit(inner)?;
            }
            if let Some(o) = ordering {
                match o.direction {
                    Some(crate::expr::Direction::Desc) => self.push_sql(" DESC"),
                    Some(crate::expr::Direction::Asc) => self.push_sql(" ASC"),
                    None => {}
                }
            }
        }
        Ok(())
    }

    pub(crate) fn drop_index(&mut self, d: &DropIndex) -> Fallible {
        let on_table = self.caps.drop_index_on_table;
        self.push_sql("DROP INDEX ");
        if d.if_exists {
            if !self.caps.drop_index_if_exists {
                return Err(self.unsupported("DROP INDEX IF EXISTS").into());
            }
            self.push_sql("IF EXISTS ");
        }
        if !on_table {
            if let Some(s) = d.index.table().schema() {
                self.push_identifier(s);
                self.push_char('.');
            }
        }
        self.push_identifier(d.index.name());
        if on_table {
            self.push_sql(" ON ");
            let t: Table = d.index.table().clone();
            self.push_table_name(&t);
        }
        Ok(())
    }

    /// `COMMENT ON TABLE|COLUMN ... IS '...'`; on MySQL, where comments are
    /// part of the definitions, `ALTER TABLE ... COMMENT` or `MODIFY` of the
    /// column's whole definition.
    pub(crate) fn set_comment(&mut self, c: &SetComment) -> Fallible {
        let t = &c.table;
        let col = c.column.map(|i| t.column_at(i));
        if self.caps.inline_comments {
            self.push_sql("ALTER TABLE ");
            self.push_table_name(t);
            match col {
                None => {
                    // an empty comment is no comment
                    self.push_sql(" COMMENT ");
                    self.push_literal(&Value::Text(t.comment().unwrap_or_default().into()))?;
                }
                Some(col) => {
                    self.push_sql(" MODIFY ");
                    let is_auto = t
                        .autoincrement_column()
                        .is_some_and(|a| a.name() == col.name());
                    self.column_definition(col, is_auto)?;
                }
            }
            return Ok(());
        }
        let Some(removed) = self.caps.comment_on else {
            return Err(CompileError::unsupported_with(
                "COMMENT ON (a table or column comment)",
                self.dialect.name(),
                "it has no statement that sets table or column comments",
            )
            .into());
        };
        self.push_sql("COMMENT ON ");
        let text = match col {
            None => {
                self.push_sql("TABLE ");
                self.push_table_name(t);
                t.comment()
            }
            Some(col) => {
                self.push_sql("COLUMN ");
                self.push_table_name(t);
                self.push_char('.');
                self.push_identifier(col.name());
                col.comment_text()
            }
        };
        self.push_sql(" IS ");
        match text {
            Some(s) => self.push_literal(&Value::Text(s.into())),
            None => {
                self.push_sql(removed);
                Ok(())
            }
        }
    }
}

/// Defaults written as bare keywords (`CURRENT_TIMESTAMP`), which no dialect parenthesizes.
fn is_keyword_default(e: &Expr, caps: &Capabilities) -> bool {
    match &e.0 {
        Node::Func(f) => match f.known {
            // MySQL takes only CURRENT_TIMESTAMP bare; other defaults need parentheses.
            Some(crate::expr::Known::CurrentTimestamp | crate::expr::Known::LocalTimestamp)
                if f.args.is_empty() =>
            {
                true
            }
            Some(k) if k.is_ansi_keyword() && f.args.is_empty() => caps.bare_keyword_defaults,
            // Where defaults are parenthesized but keywords are not (SQLite),
            // `now()` is written CURRENT_TIMESTAMP; elsewhere a function
            // default is not parenthesized anyway.
            Some(crate::expr::Known::Now) => {
                caps.parenthesized_defaults && caps.bare_keyword_defaults
            }
            _ => false,
        },
        _ => false,
    }
}

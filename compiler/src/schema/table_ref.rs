//! [`TableRef`]: how a statement holds a table it names.

use crate::expr::Source;
use crate::shared::Held;

use super::Table;

/// A table as a statement holds it (an UPDATE's target, a FROM item, a
/// side of a join): a counted handle, or, for a pinned table
/// ([`Table::leak`]), a reference to it that holds no count.
///
/// A counted handle is an atomic update of the table's one shared count
/// when the statement is built and another when it is dropped. Threads
/// that build statements from the same table at once then take turns
/// owning that count's cache line, and with it the table's name and
/// columns next to it: on two threads, building and compiling the
/// benchmark's join (S2) on pinned tables took 1.6 times as long as on
/// one while only its column expressions were pinned. A pinned table is
/// never freed, so a reference to it is copied and dropped without a write.
///
/// It reads as the [`Table`] it refers to.
pub(crate) type TableRef = Held<Table>;

impl TableRef {
    /// The table as a statement holds it: pinned when it is (by any handle).
    #[inline]
    pub(crate) fn of(t: &Table) -> TableRef {
        match t.pinned_table() {
            Some(p) => TableRef::Static(p),
            None => TableRef::Held(t.clone()),
        }
    }

    /// [`TableRef::of`] for a handle given away (a pinned table's handle is
    /// dropped: the pinned reference keeps the table).
    #[inline]
    pub(crate) fn of_owned(t: Table) -> TableRef {
        match t.pinned_table() {
            Some(p) => TableRef::Static(p),
            None => TableRef::Held(t),
        }
    }
}

impl Table {
    /// The pinned handle of this table (see [`Table::leak`]), if it is
    /// pinned: it lives for the rest of the program.
    #[inline]
    pub(crate) fn pinned_table(&self) -> Option<&'static Table> {
        match self.0.pinned.get() {
            Some(Source::Table(t)) => Some(t),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::TableRef;
    use crate::dialect::Postgres;
    use crate::prelude::*;
    use crate::schema::int_table;

    // A statement names a pinned table without a count, and a counted one
    // with its handle; either reads as the table itself.
    #[test]
    fn pinned_tables_are_held_without_a_count() {
        let meta = MetaData::new();
        let counted = int_table(&meta, "c", &["a"]);
        let pinned = int_table(&meta, "p", &["a"]).leak();
        let before = Arc::strong_count(&pinned.0);

        let c = TableRef::of(&counted);
        assert!(matches!(c, TableRef::Held(_)));
        assert!(c.is(&counted));

        let p = TableRef::of(&pinned);
        let copies = [p.clone(), p.clone(), TableRef::of_owned(pinned.clone())];
        assert!(matches!(p, TableRef::Static(_)));
        assert!(
            copies
                .iter()
                .all(|t| t.is(&pinned) && t.name().as_str() == "p")
        );
        assert_eq!(Arc::strong_count(&pinned.0), before);
    }

    // Statements built from pinned tables (targets, FROM items, joins,
    // aliases, CTEs of their columns) take no count on them or on their
    // columns' names, and compile as from counted ones.
    #[test]
    fn statements_on_pinned_tables_take_no_count() {
        let build = |pin: bool| {
            // a MetaData each: the two builds use the same names
            let meta = MetaData::new();
            let t = |name: &str, cols: &[&str]| {
                let t = int_table(&meta, name, cols);
                if pin { t.leak() } else { t }
            };
            let users = t("users", &["id", "n"]);
            let addresses = meta
                .table("addresses")
                .column(Column::new("id", Type::Integer))
                .column(Column::new("user_id", Type::Integer).foreign_key("users.id"))
                .build()
                .expect("a valid table");
            let addresses = if pin { addresses.leak() } else { addresses };
            (users, addresses)
        };
        let statements = |users: &Table, addresses: &Table| -> Vec<Statement> {
            let u = users.alias("u");
            let cte = select((users.c("n"), func::count_star()))
                .group_by([users.c("n")])
                .cte("c");
            vec![
                select(users.c("n"))
                    .select_from(users.join(addresses))
                    .into(),
                select(u.c("n")).select_from(&u).into(),
                select((cte.c("n"), cte.c("count_1"))).into(),
                update(users)
                    .set([("n", 1)])
                    .filter(users.c("id").eq(2))
                    .into(),
                insert(users).values([("id", 1)]).into(),
                delete(addresses).filter(addresses.c("id").eq(3)).into(),
            ]
        };
        let sql = |stmts: &[Statement]| -> Vec<String> {
            stmts
                .iter()
                .map(|s| s.compile(&Postgres).expect("compiles").sql)
                .collect()
        };

        let (users, addresses) = build(true);
        // the tables' counts, and those of the names of users' columns
        let counts = || {
            let names = users
                .columns()
                .map(|c| Arc::strong_count(c.name().as_arc()));
            let tables = [Arc::strong_count(&users.0), Arc::strong_count(&addresses.0)];
            tables.into_iter().chain(names).collect::<Vec<_>>()
        };
        let before = counts();
        let pinned = statements(&users, &addresses);
        assert_eq!(counts(), before);

        let (cu, ca) = build(false);
        let counted = statements(&cu, &ca);
        assert!(
            Arc::strong_count(&cu.0) > 1,
            "a counted table is held by its statements"
        );
        assert_eq!(sql(&pinned), sql(&counted));
        drop((pinned, counted));
        assert_eq!(counts(), before);
    }
}

//! [`Rows`]: the rows of a multi-row INSERT, held in one list.

use crate::expr::{Expr, IntoExprs};

/// How many rows the first allocation of a list of rows has room for...
const FIRST_ROWS: usize = 16;
/// ...within this many values (a wide table's rows get fewer).
const FIRST_VALUES: usize = 128;

/// The rows of an INSERT's `VALUES` list over `width` columns, held row
/// after row in one list, so that adding a row makes no allocation of its
/// own (the list has room for up to sixteen rows at first, then doubles).
#[derive(Clone, Default)]
pub(crate) struct Rows {
    width: usize,
    count: usize,
    values: Vec<Expr>,
}

impl Rows {
    /// No rows yet, over `width` columns.
    pub(crate) fn new(width: usize) -> Rows {
        Rows {
            width,
            count: 0,
            values: Vec::new(),
        }
    }

    /// One row, as wide as it is.
    pub(crate) fn one(row: Vec<Expr>) -> Rows {
        Rows {
            width: row.len(),
            count: 1,
            values: row,
        }
    }

    /// How many rows there are.
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// Whether there are no rows.
    pub(crate) fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The values of row `i` (of [`Rows::len`]), in column order.
    pub(crate) fn row(&self, i: usize) -> &[Expr] {
        &self.values[i * self.width..(i + 1) * self.width]
    }

    /// Each row's values, in order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = &[Expr]> {
        (0..self.count).map(|i| self.row(i))
    }

    /// Every value of every row, row after row.
    pub(crate) fn values(&self) -> &[Expr] {
        &self.values
    }

    /// Appends a row; one of another width is not added, and the number of
    /// values it had is returned instead.
    ///
    /// The first row sizes the list for [`FIRST_ROWS`] rows, or as many as
    /// fit in [`FIRST_VALUES`] values (at least one row).
    #[inline]
    pub(crate) fn push(&mut self, row: impl IntoExprs) -> Result<(), usize> {
        let start = self.values.len();
        let width = self.width.max(row.len_hint());
        if self.values.capacity() == 0 && width > 0 {
            // rows added one by one are usually many (a multi-row VALUES
            // list): the first allocation has room for several, so that a
            // list of ten rows is not copied twice as it grows
            let rows = (FIRST_VALUES / width).clamp(1, FIRST_ROWS);
            self.values.reserve_exact(width * rows);
        }
        row.append_to(&mut self.values);
        let given = self.values.len() - start;
        if given != self.width {
            self.values.truncate(start);
            return Err(given);
        }
        self.count += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Rows;
    use crate::expr::Expr;

    fn ints(row: &[Expr]) -> Vec<String> {
        row.iter().map(|e| format!("{e:?}")).collect()
    }

    #[test]
    fn rows_keep_their_values_in_order_and_refuse_other_widths() {
        let mut rows = Rows::new(2);
        assert!(rows.is_empty());
        assert_eq!(rows.push([Expr::from(1), Expr::from(2)]), Ok(()));
        assert_eq!(rows.push([Expr::from(3)]), Err(1));
        assert_eq!(
            rows.push([Expr::from(4), Expr::from(5), Expr::from(6)]),
            Err(3)
        );
        assert_eq!(rows.push(vec![Expr::from(7), Expr::from(8)]), Ok(()));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows.values().len(), 4);
        let seen: Vec<Vec<String>> = rows.iter().map(ints).collect();
        assert_eq!(
            seen,
            vec![
                ints(&[Expr::from(1), Expr::from(2)]),
                ints(&[Expr::from(7), Expr::from(8)])
            ]
        );
        let one = Rows::one(vec![Expr::from(9)]);
        assert_eq!((one.len(), ints(one.row(0))), (1, ints(&[Expr::from(9)])));
    }

    /// Rows that give no column are refused at compile time (no dialect
    /// takes `INSERT INTO t () VALUES ()`), and a column named twice in a
    /// row of `values_many` takes its last value, as in `values`.
    #[test]
    fn inserts_of_empty_rows_fail_and_repeated_names_take_the_last_value() {
        use crate::dialect::{Postgres, Sqlite};
        use crate::prelude::*;
        let t = crate::schema::int_table(&MetaData::new(), "t", &["a"]);
        let none: [(&str, i64); 0] = [];
        for stmt in [
            insert(&t).values_many([none, none]),
            insert(&t)
                .columns(none.map(|(n, _)| n))
                .row(Vec::<Expr>::new()),
        ] {
            let e = stmt.compile(&Sqlite).expect_err("no columns");
            assert!(e.to_string().contains("gives no columns"), "{e}");
        }
        let c = insert(&t)
            .values_many([[("a", 1), ("a", 2)], [("a", 3), ("a", 4)]])
            .compile(&Postgres)
            .expect("compiles");
        assert_eq!(c.sql, "INSERT INTO t (a) VALUES ($1), ($2)");
        assert_eq!(c.params, vec![Value::from(2), Value::from(4)]);
    }

    #[test]
    fn rows_of_no_columns_are_counted() {
        let mut rows = Rows::new(0);
        assert_eq!(rows.push(Vec::<Expr>::new()), Ok(()));
        assert_eq!(rows.push(Vec::<Expr>::new()), Ok(()));
        assert_eq!(rows.len(), 2);
        assert!(rows.row(1).is_empty());
    }

    /// The first row sizes the list for sixteen rows (ten rows are added
    /// without the list moving), or for as many as fit in 128 values, and
    /// for one row at least however wide.
    #[test]
    fn the_first_row_makes_room_for_more() {
        let row = |w: i64| (0..w).map(Expr::from).collect::<Vec<_>>();
        let mut rows = Rows::new(4);
        assert_eq!(rows.push(row(4)), Ok(()));
        let first = rows.values().as_ptr();
        for _ in 1..10 {
            assert_eq!(rows.push(row(4)), Ok(()));
        }
        assert_eq!(rows.values().as_ptr(), first, "ten rows fit the first list");
        assert_eq!(rows.values.capacity(), 64);
        for (width, capacity) in [(40, 120), (200, 200), (1, 16)] {
            let mut rows = Rows::new(width);
            assert_eq!(rows.push(row(width as i64)), Ok(()));
            assert_eq!(rows.values.capacity(), capacity, "width {width}");
        }
    }
}

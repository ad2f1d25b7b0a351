//! One value of a row read in place: [`RowCell`].

use super::decode::ValueRef;
use super::driver::Cells;

/// One value of a row read in place (a row of
/// [`Connection::query_map`](crate::Connection::query_map) or
/// [`for_each_row`](crate::Connection::for_each_row)), handed to
/// [`FromValue::from_cell`](crate::FromValue::from_cell). An integer or a
/// text is read straight from the driver's buffer with [`int`](Self::int)
/// or [`text`](Self::text); anything else with
/// [`value_ref`](Self::value_ref).
///
/// ```
/// use aludel::{create_engine, text, FromValue, RowCell};
///
/// /// A user id, read as an integer.
/// #[derive(Debug, PartialEq)]
/// struct UserId(i64);
///
/// impl FromValue for UserId {
///     const NAME: &'static str = "UserId";
///     fn from_value(v: &aludel::Value) -> Result<Self, String> {
///         i64::from_value(v).map(UserId)
///     }
///     fn from_cell(cell: RowCell<'_>) -> Result<Self, String> {
///         match cell.int() {
///             Some(id) => Ok(UserId(id)),
///             None => Self::from_value_ref(cell.value_ref()),
///         }
///     }
/// }
///
/// let mut conn = create_engine("sqlite:///:memory:")?.connect()?;
/// let ids = conn.query_map(text("SELECT 7, 'x'"), (), |row| {
///     assert!(row.get::<UserId>(1).is_err());
///     row.get::<UserId>(0)
/// })?;
/// assert_eq!(ids, [UserId(7)]);
/// # Ok::<(), aludel::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct RowCell<'a> {
    cells: &'a dyn Cells,
    i: usize,
}

impl<'a> RowCell<'a> {
    /// The value at `i` of `cells` (below its length).
    pub(crate) fn new(cells: &'a dyn Cells, i: usize) -> RowCell<'a> {
        RowCell { cells, i }
    }

    /// The value, text and bytes borrowed from the driver's buffer.
    ///
    /// See [`RowCell`].
    #[inline]
    pub fn value_ref(self) -> ValueRef<'a> {
        self.cells.cell(self.i)
    }

    /// The value when it is an integer (`None` for any other kind, NULL
    /// included).
    ///
    /// See [`RowCell`].
    #[inline]
    pub fn int(self) -> Option<i64> {
        self.cells.int(self.i)
    }

    /// The value when it is text (`None` for any other kind, NULL
    /// included), borrowed from the driver's buffer.
    ///
    /// ```
    /// # let mut conn = aludel::create_engine("sqlite:///:memory:")?.connect()?;
    /// use aludel::{FromValue, RowCell};
    /// struct Upper(String);
    /// impl FromValue for Upper {
    ///     const NAME: &'static str = "Upper";
    ///     fn from_value(v: &aludel::Value) -> Result<Self, String> {
    ///         String::from_value(v).map(|s| Upper(s.to_uppercase()))
    ///     }
    ///     fn from_cell(cell: RowCell<'_>) -> Result<Self, String> {
    ///         match cell.text() {
    ///             Some(s) => Ok(Upper(s.to_uppercase())),
    ///             None => Self::from_value_ref(cell.value_ref()),
    ///         }
    ///     }
    /// }
    /// let v = conn.query_map(aludel::text("SELECT 'ab'"), (), |row| row.get::<Upper>(0))?;
    /// assert_eq!(v[0].0, "AB");
    /// # Ok::<(), aludel::Error>(())
    /// ```
    #[inline]
    pub fn text(self) -> Option<&'a str> {
        self.cells.text(self.i)
    }
}

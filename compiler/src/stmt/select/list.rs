//! The SELECT list: [`SelectItem`] (one item), [`IntoSelectList`] (one
//! item, a tuple, a `Vec` or an array) and the [`SelectParts`] they add to.

use crate::expr::Expr;
use crate::schema::Table;
use crate::stmt::{Alias, FromItem, Join};

/// Something that can appear in a SELECT list: an expression, a table or
/// alias (all its columns), or a join (all columns of both sides, selected
/// FROM the join).
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Sqlite};
/// # let meta = MetaData::new();
/// # let users = meta.table("users").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("name", Type::Text)).build().unwrap();
/// # let addresses = meta.table("addresses").column(Column::new("id", Type::Integer).primary_key()).column(Column::new("user_id", Type::Integer).foreign_key("users.id")).build().unwrap();
/// let sql = |q: Select| q.compile(&Sqlite).unwrap().sql;
/// // an expression
/// assert_eq!(sql(select(users.c("name"))), "SELECT users.name FROM users");
/// // a table or an alias: all its columns
/// assert_eq!(sql(select(&users.alias("u"))), "SELECT u.id, u.name FROM users AS u");
/// // a join: the columns of both sides, FROM the join
/// assert_eq!(sql(select(users.join(&addresses))),
///     "SELECT users.id, users.name, addresses.id AS id_1, addresses.user_id \
///      FROM users JOIN addresses ON users.id = addresses.user_id");
/// ```
pub trait SelectItem {
    /// Adds the item to a select under construction.
    #[doc(hidden)]
    fn add_to(self, sel: &mut SelectParts);
}

/// The parts of a select that [`SelectItem`]s add to.
#[doc(hidden)]
pub struct SelectParts {
    pub(crate) columns: Vec<Expr>,
    pub(crate) from: super::FromSlots,
}

impl<T: Into<Expr>> SelectItem for T {
    #[inline]
    fn add_to(self, sel: &mut SelectParts) {
        sel.columns.push(self.into());
    }
}
impl SelectItem for &Table {
    fn add_to(self, sel: &mut SelectParts) {
        sel.columns.extend(self.all_columns());
    }
}
impl SelectItem for Table {
    fn add_to(self, sel: &mut SelectParts) {
        (&self).add_to(sel)
    }
}
impl SelectItem for &Alias {
    fn add_to(self, sel: &mut SelectParts) {
        sel.columns.extend(self.all_columns());
    }
}
impl SelectItem for Alias {
    fn add_to(self, sel: &mut SelectParts) {
        (&self).add_to(sel)
    }
}
impl SelectItem for Join {
    fn add_to(self, sel: &mut SelectParts) {
        FromItem::Join(self.clone()).collect_columns(&mut sel.columns);
        sel.from.push(FromItem::Join(self));
    }
}
impl SelectItem for &Join {
    fn add_to(self, sel: &mut SelectParts) {
        self.clone().add_to(sel)
    }
}

/// A SELECT list: one item, a tuple of items, or a `Vec`/array of items.
///
/// ```
/// use aludel_compiler::{prelude::*, stmt::IntoSelectList, dialect::Sqlite};
/// # let t = MetaData::new().table("users").column(Column::new("id", Type::Integer)).column(Column::new("name", Type::Text)).build().unwrap();
/// fn first_ten(columns: impl IntoSelectList) -> Select {
///     select(columns).limit(10)
/// }
/// let sql = |q: Select| q.compile(&Sqlite).unwrap().sql;
/// // a tuple may mix kinds of items
/// assert_eq!(sql(first_ten((t.c("name"), func::count_star())).group_by([t.c("name")])),
///     "SELECT users.name, count(*) AS count_1 FROM users GROUP BY users.name LIMIT ? OFFSET ?");
/// // a Vec or an array holds items of one kind
/// assert_eq!(sql(first_ten(vec![t.c("id"), t.c("name")])), "SELECT users.id, users.name FROM users LIMIT ? OFFSET ?");
/// assert_eq!(sql(first_ten([t.c("name")])), "SELECT users.name FROM users LIMIT ? OFFSET ?");
/// ```
pub trait IntoSelectList {
    /// Adds every item.
    #[doc(hidden)]
    fn add_all(self, sel: &mut SelectParts);

    /// How many items there are at least (the SELECT list is sized for
    /// them at once).
    #[doc(hidden)]
    fn len_hint(&self) -> usize {
        1
    }
}

impl<T: SelectItem> IntoSelectList for T {
    fn add_all(self, sel: &mut SelectParts) {
        self.add_to(sel)
    }
}
impl<T: SelectItem> IntoSelectList for Vec<T> {
    fn add_all(self, sel: &mut SelectParts) {
        for i in self {
            i.add_to(sel)
        }
    }
    fn len_hint(&self) -> usize {
        self.len()
    }
}
impl<T: SelectItem, const N: usize> IntoSelectList for [T; N] {
    fn add_all(self, sel: &mut SelectParts) {
        for i in self {
            i.add_to(sel)
        }
    }
    fn len_hint(&self) -> usize {
        N
    }
}
macro_rules! tuple_list {
    ($($n:ident),+) => {
        impl<$($n: SelectItem),+> IntoSelectList for ($($n,)+) {
            #[allow(non_snake_case)]
            #[inline]
            fn add_all(self, sel: &mut SelectParts) {
                let ($($n,)+) = self;
                $($n.add_to(sel);)+
            }
            fn len_hint(&self) -> usize {
                [$(stringify!($n)),+].len()
            }
        }
    };
}
tuple_list!(A, B);
tuple_list!(A, B, C);
tuple_list!(A, B, C, D);
tuple_list!(A, B, C, D, E);
tuple_list!(A, B, C, D, E, F);
tuple_list!(A, B, C, D, E, F, G);
tuple_list!(A, B, C, D, E, F, G, H);
tuple_list!(A, B, C, D, E, F, G, H, I);
tuple_list!(A, B, C, D, E, F, G, H, I, J);
tuple_list!(A, B, C, D, E, F, G, H, I, J, K);
tuple_list!(A, B, C, D, E, F, G, H, I, J, K, L);

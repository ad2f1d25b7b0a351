//! `count(*)` and the known functions called without arguments (`now()`,
//! `row_number()`, ...), made once per thread and shared by every
//! statement that thread builds.
//!
//! Such a call is the same node every time: one kept per thread and
//! handed out with a count taken saves the allocation, the writing of the
//! node and, when the statement is dropped, the free. The node is not
//! changed once made (a `FILTER` or a type makes a new one), so sharing
//! it changes nothing a statement holds. Each thread keeps its own: no
//! count that threads take turns updating.

use std::cell::RefCell;

use super::{Args, Function, KNOWN, known_index, known_node};
use crate::expr::{Expr, Node};
use crate::shared::Shared;

/// A slot for each known function called without arguments (its position
/// in [`KNOWN`]), then one for `count(*)`.
const SLOTS: usize = KNOWN.len() + 1;

/// The slot of `count(*)`.
pub(crate) const COUNT_STAR: usize = KNOWN.len();

/// `count`'s position in [`KNOWN`] (a name missing there fails the build).
const COUNT: usize = match known_index("count") {
    Some(i) => i,
    None => panic!("`count` is a known function"),
};

thread_local! {
    /// The nodes themselves, not `Expr`s: a handle is one word, passed back
    /// in a register through the layers below, where an `Expr` (four) was
    /// copied through memory at each.
    static KEPT: RefCell<[Option<Shared<Function>>; SLOTS]> =
        const { RefCell::new([const { None }; SLOTS]) };
}

/// The call kept in `slot`: [`make_known`](super::make_known)`(slot)` without arguments, or
/// `count(*)` for [`COUNT_STAR`]; made the first time a thread asks.
pub(crate) fn call(slot: usize) -> Expr {
    // the thread's slots are gone only while it exits, and taken only
    // here (making a call comes back to nothing here): a new call will do
    let kept = KEPT
        .try_with(|kept| {
            let mut kept = kept.try_borrow_mut().ok()?;
            let kept = kept.get_mut(slot)?;
            Some(kept.get_or_insert_with(|| node(slot)).clone())
        })
        .ok()
        .flatten();
    Expr(Node::Func(kept.unwrap_or_else(|| node(slot))))
}

/// A new node for `slot`'s call.
#[cold]
fn node(slot: usize) -> Shared<Function> {
    if slot == COUNT_STAR {
        known_node(COUNT, smallvec::smallvec![Expr(Node::Star)])
    } else {
        known_node(slot, Args::new())
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::Postgres;
    use crate::expr::{Expr, Node};
    use crate::prelude::*;

    /// The function node an expression holds.
    fn node(e: &Expr) -> &crate::shared::Shared<super::super::Function> {
        match &e.0 {
            Node::Func(f) => f,
            _ => panic!("a function call"),
        }
    }

    #[test]
    fn a_thread_shares_one_node_for_each_call() {
        let (a, b) = (func::count_star(), func::count_star());
        assert!(crate::shared::Shared::ptr_eq(node(&a), node(&b)));
        let (n, r) = (func::now(), func::row_number());
        assert!(crate::shared::Shared::ptr_eq(node(&n), node(&func::now())));
        assert!(!crate::shared::Shared::ptr_eq(node(&n), node(&r)));
        // another thread has its own
        let there = std::thread::spawn(|| {
            let c = func::count_star();
            crate::shared::Shared::as_ptr(node(&c)) as usize
        })
        .join()
        .expect("thread");
        assert_ne!(there, crate::shared::Shared::as_ptr(node(&a)) as usize);
    }

    #[test]
    fn shared_calls_compile_as_made_ones_and_are_not_changed_by_later_calls() {
        let t = crate::schema::int_table(&MetaData::new(), "t", &["a"]);
        let sql = |e: Expr| select(e).compile(&Postgres).expect("compiles").sql;
        let filtered = func::count_star().filter(t.c("a").gt(1));
        assert_eq!(
            sql(filtered),
            "SELECT count(*) FILTER (WHERE t.a > $1) AS anon_1 FROM t"
        );
        // the kept `count(*)` has no FILTER
        assert_eq!(sql(func::count_star()), "SELECT count(*) AS count_1");
        assert_eq!(
            sql(func::count_star()),
            sql(func::call("count", [Expr(Node::Star)]))
        );
        for (kept, made) in [
            (func::now(), "now"),
            (func::row_number(), "row_number"),
            (func::current_date(), "current_date"),
            (func::random(), "random"),
        ] {
            assert_eq!(
                sql(kept),
                sql(func::call(made, Vec::<Expr>::new())),
                "{made}"
            );
        }
        // two of them in one SELECT are two columns, labeled apart
        assert_eq!(sql(func::now().label("a")), "SELECT now() AS a");
        let two = select((func::now(), func::now()))
            .compile(&Postgres)
            .expect("compiles");
        assert_eq!(two.sql, "SELECT now() AS now_1, now() AS now_2");
    }
}

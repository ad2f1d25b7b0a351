//! [`StatementId`]: a statement's identity, held without keeping it alive.

use std::sync::{Arc, Weak};

use super::Statement;

/// Names one statement (and its clones, which share it) without keeping the
/// statement or its values alive: a cache can remember which statement it
/// saw last and recognise it when it comes again, without holding on to
/// its values after the caller drops it. Statements never change once
/// built, so whatever was derived from one holds for every clone of it.
///
/// ```
/// use aludel_compiler::{prelude::*, stmt::Statement};
/// let a: Statement = text("SELECT 1").into();
/// let id = a.id().unwrap();
/// assert!(id.is(&a.clone()));
/// assert!(!id.is(&text("SELECT 1").into())); // equal, but another statement
/// drop(a);
/// assert!(!id.is_alive());
/// ```
#[derive(Clone, Debug)]
pub struct StatementId(Id);

#[derive(Clone, Debug)]
enum Id {
    Select(Weak<super::SelectInner>),
    Compound(Weak<super::setop::CompoundInner>),
    Insert(Weak<super::insert::InsertInner>),
    Update(Weak<super::update::UpdateInner>),
    Delete(Weak<super::update::DeleteInner>),
    Text(Weak<crate::expr::text::TextInner>),
}

/// Whether `weak` points at `strong`'s allocation (a weak handle keeps the
/// allocation, so no other statement can take its address meanwhile).
#[inline]
fn same<T>(weak: &Weak<T>, strong: &Arc<T>) -> bool {
    std::ptr::eq(weak.as_ptr(), Arc::as_ptr(strong))
}

impl Statement {
    /// This statement's identity; `None` for DDL statements, which are
    /// built fresh each time.
    ///
    /// See [`StatementId`].
    pub fn id(&self) -> Option<StatementId> {
        Some(StatementId(match self {
            Statement::Select(s) => Id::Select(Arc::downgrade(&s.0)),
            Statement::Compound(c) => Id::Compound(Arc::downgrade(&c.0)),
            Statement::Insert(i) => Id::Insert(Arc::downgrade(&i.0)),
            Statement::Update(u) => Id::Update(Arc::downgrade(&u.0)),
            Statement::Delete(d) => Id::Delete(Arc::downgrade(&d.0)),
            Statement::Text(t) => Id::Text(Arc::downgrade(&t.0)),
            Statement::CreateTable(_)
            | Statement::DropTable(_)
            | Statement::CreateIndex(_)
            | Statement::DropIndex(_)
            | Statement::SetComment(_) => return None,
        }))
    }
}

impl StatementId {
    /// Whether `stmt` is the statement this names (or a clone of it).
    ///
    /// See [`StatementId`].
    #[inline]
    pub fn is(&self, stmt: &Statement) -> bool {
        match (&self.0, stmt) {
            (Id::Select(w), Statement::Select(s)) => same(w, &s.0),
            (Id::Compound(w), Statement::Compound(c)) => same(w, &c.0),
            (Id::Insert(w), Statement::Insert(i)) => same(w, &i.0),
            (Id::Update(w), Statement::Update(u)) => same(w, &u.0),
            (Id::Delete(w), Statement::Delete(d)) => same(w, &d.0),
            (Id::Text(w), Statement::Text(t)) => same(w, &t.0),
            _ => false,
        }
    }

    /// Whether the statement still exists (some clone of it is held).
    ///
    /// See [`StatementId`].
    pub fn is_alive(&self) -> bool {
        match &self.0 {
            Id::Select(w) => w.strong_count() > 0,
            Id::Compound(w) => w.strong_count() > 0,
            Id::Insert(w) => w.strong_count() > 0,
            Id::Update(w) => w.strong_count() > 0,
            Id::Delete(w) => w.strong_count() > 0,
            Id::Text(w) => w.strong_count() > 0,
        }
    }
}

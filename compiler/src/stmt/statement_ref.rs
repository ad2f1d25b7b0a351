//! A statement borrowed for one compile: what [`Statement`] holds, by
//! reference, so that compiling a `Select` (or any other statement type)
//! does not first clone it into a `Statement` (two atomic operations on
//! its count, taken and given back).

use super::{
    CompoundSelect, CreateIndex, CreateTable, Delete, DropIndex, DropTable, Insert, Select,
    SetComment, Statement, Update,
};
// (each statement type's `From<&T>` is in `statement_impls!`, stmt/mod.rs)
use crate::expr::TextClause;

/// A [`Statement`] by reference (see the module documentation).
#[derive(Clone, Copy)]
pub(crate) enum StatementRef<'s> {
    Select(&'s Select),
    Compound(&'s CompoundSelect),
    Insert(&'s Insert),
    Update(&'s Update),
    Delete(&'s Delete),
    CreateTable(&'s CreateTable),
    DropTable(&'s DropTable),
    CreateIndex(&'s CreateIndex),
    DropIndex(&'s DropIndex),
    SetComment(&'s SetComment),
    Text(&'s TextClause),
}

impl<'s> From<&'s Statement> for StatementRef<'s> {
    fn from(s: &'s Statement) -> Self {
        match s {
            Statement::Select(x) => StatementRef::Select(x),
            Statement::Compound(x) => StatementRef::Compound(x),
            Statement::Insert(x) => StatementRef::Insert(x),
            Statement::Update(x) => StatementRef::Update(x),
            Statement::Delete(x) => StatementRef::Delete(x),
            Statement::CreateTable(x) => StatementRef::CreateTable(x),
            Statement::DropTable(x) => StatementRef::DropTable(x),
            Statement::CreateIndex(x) => StatementRef::CreateIndex(x),
            Statement::DropIndex(x) => StatementRef::DropIndex(x),
            Statement::SetComment(x) => StatementRef::SetComment(x),
            Statement::Text(x) => StatementRef::Text(x),
        }
    }
}

impl<'s> From<&'s CompoundSelect> for StatementRef<'s> {
    fn from(s: &'s CompoundSelect) -> Self {
        StatementRef::Compound(s)
    }
}

impl<'s> From<&'s TextClause> for StatementRef<'s> {
    fn from(s: &'s TextClause) -> Self {
        StatementRef::Text(s)
    }
}

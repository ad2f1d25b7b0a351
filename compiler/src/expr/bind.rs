//! Named bind parameters.

use crate::shared::Shared;
use std::sync::Arc;

use super::{Expr, Node};
use crate::types::Type;
use crate::value::Value;

/// A named bind parameter: `bindparam("uname")`.
///
/// Its value can be given now ([`BindParamBuilder::value`]), later with
/// [`Select::params`](crate::stmt::Select::params), or at execution time by
/// name (the compiled statement lists parameter names in
/// [`Compiled::param_names`](crate::Compiled::param_names)). A name used
/// twice is one parameter: numbered placeholders reuse its number.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::Postgres, ParamStyle, CompileOptions};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let q = select(t.c("a")).filter(t.c("a").gt(bindparam("lo")) & t.c("a").lt(bindparam("lo") + 10));
/// let c = q.compile(&Postgres).unwrap();
/// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a > $1 AND t.a < $1 + CAST($2 AS BIGINT)");
/// let named = q.compile_with(&Postgres, &CompileOptions::new().paramstyle(ParamStyle::Named)).unwrap();
/// assert_eq!(named.sql, "SELECT t.a FROM t WHERE t.a > :lo AND t.a < :lo + CAST(:param_1 AS BIGINT)");
/// ```
#[derive(Clone, Debug)]
pub struct BindParam {
    pub(crate) name: Arc<str>,
    pub(crate) value: Option<Value>,
    pub(crate) ty: Option<Type>,
}

/// A named bind parameter with no value yet.
///
/// ```
/// # use aludel_compiler::prelude::*;
/// let p = bindparam("uname");
/// ```
pub fn bindparam(name: &str) -> BindParamBuilder {
    BindParamBuilder(BindParam {
        name: Arc::from(name),
        value: None,
        ty: None,
    })
}

/// Builder returned by [`bindparam`]; converts into an [`Expr`].
///
/// ```
/// use aludel_compiler::{prelude::*, expr::BindParamBuilder, dialect::Postgres};
/// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
/// let limit: BindParamBuilder = bindparam("limit").value(5).ty(Type::Integer);
/// let q = select(t.c("a")).filter(t.c("a").lt(limit * 2));
/// let c = q.compile(&Postgres).unwrap();
/// assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a < $1 * $2");
/// assert_eq!(c.params, vec![Value::from(5), Value::from(2)]);
/// assert_eq!(c.named_params, vec![(0, "limit".into())]);
/// ```
#[derive(Clone, Debug)]
pub struct BindParamBuilder(BindParam);

impl BindParamBuilder {
    /// Gives the parameter a value.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let p: Expr = bindparam("n").value(5).into();
    /// ```
    pub fn value(mut self, v: impl Into<Value>) -> Self {
        self.0.value = Some(v.into());
        self
    }

    /// Declares the parameter's SQL type.
    ///
    /// ```
    /// # use aludel_compiler::prelude::*;
    /// let p: Expr = bindparam("uid").ty(Type::Integer).into();
    /// ```
    pub fn ty(mut self, ty: Type) -> Self {
        self.0.ty = Some(ty);
        self
    }
}

impl BindParam {
    /// The parameter's name.
    ///
    /// ```
    /// let p = aludel_compiler::expr::bindparam("x");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl From<BindParamBuilder> for Expr {
    fn from(b: BindParamBuilder) -> Expr {
        Expr(Node::Bind(Shared::new(b.0)))
    }
}

macro_rules! forward_ops {
    ($($tr:ident $m:ident),*) => {$(
        impl<T: Into<Expr>> std::ops::$tr<T> for BindParamBuilder {
            type Output = Expr;
            fn $m(self, rhs: T) -> Expr {
                std::ops::$tr::$m(Expr::from(self), rhs)
            }
        }
    )*};
}
forward_ops!(Add add, Sub sub, Mul mul, Div div, Rem rem);

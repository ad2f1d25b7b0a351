//! Parameters supplied by name at execution time.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use aludel_compiler::Value;
use smallvec::SmallVec;

/// Named parameter values for a statement: `:name` placeholders of
/// [`text`](crate::text), [`bindparam`](crate::expr::bindparam)s, or the
/// columns of an `insert(&table)` without values.
///
/// ```
/// use aludel::{params, Params, Value};
/// let p: Params = params! {"Id" => 1, "Name" => "Audi", "Price" => 52642};
/// assert_eq!(p.get("Name"), Some(&Value::from("Audi")));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params(pub(crate) SmallVec<[(Name, Value); Params::INLINE]>);

/// A parameter's name: a string literal, or a shared copy of any other
/// string (a literal costs no allocation, and is compared by address first).
#[derive(Clone)]
pub(crate) enum Name {
    Static(&'static str),
    Shared(Arc<str>),
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Name::Static(s) => s,
            Name::Shared(s) => s,
        }
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        let (a, b): (&str, &str) = (self, other);
        std::ptr::eq(a, b) || a == b
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl Params {
    /// How many values a parameter set holds without allocating.
    const INLINE: usize = 4;

    /// No parameters.
    ///
    /// ```
    /// assert!(aludel::Params::new().is_empty());
    /// ```
    #[inline]
    pub fn new() -> Params {
        Params(SmallVec::new())
    }

    /// Adds (or replaces) a parameter.
    ///
    /// ```
    /// let p = aludel::Params::new().with("a", 1).with("a", 2);
    /// assert_eq!(p.get("a"), Some(&aludel::Value::from(2)));
    /// ```
    pub fn with(mut self, name: &str, value: impl Into<Value>) -> Params {
        self.set(name, value);
        self
    }

    /// Sets (adds or replaces) a parameter in place: [`with`](Self::with)
    /// for a set held in a variable.
    ///
    /// ```
    /// let mut p = aludel::Params::new();
    /// for (i, name) in ["a", "b", "a"].into_iter().enumerate() {
    ///     p.set(name, i as i64);
    /// }
    /// assert_eq!(p, aludel::params! {"a" => 2, "b" => 1});
    /// ```
    pub fn set(&mut self, name: &str, value: impl Into<Value>) {
        let value = value.into();
        match self.slot(name) {
            Some(slot) => *slot = value,
            None => self.0.push((Name::Shared(Arc::from(name)), value)),
        }
    }

    /// [`with`](Self::with) for a name that is a string literal (or any
    /// `&'static str`): the name is not copied.
    ///
    /// ```
    /// let p = aludel::Params::new().with_static("a", 1).with("b", 2);
    /// assert_eq!(p, aludel::params! {"a" => 1, "b" => 2});
    /// ```
    #[inline]
    pub fn with_static(mut self, name: &'static str, value: impl Into<Value>) -> Params {
        self.set_static(name, value);
        self
    }

    /// [`set`](Self::set) for a name that is a string literal (or any
    /// `&'static str`): the name is not copied. [`params!`](crate::params)
    /// builds its set with it, in place.
    ///
    /// ```
    /// let mut p = aludel::Params::new();
    /// p.set_static("a", 1);
    /// p.set_static("a", 3);
    /// assert_eq!(p, aludel::params! {"a" => 3});
    /// ```
    #[inline]
    pub fn set_static(&mut self, name: &'static str, value: impl Into<Value>) {
        let value = value.into();
        match self.slot(name) {
            Some(slot) => *slot = value,
            None => self.0.push((Name::Static(name), value)),
        }
    }

    #[inline]
    fn slot(&mut self, name: &str) -> Option<&mut Value> {
        self.0
            .iter_mut()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| v)
    }

    /// The value of a parameter.
    ///
    /// See [`Params::with`].
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(n, _)| &**n == name).map(|(_, v)| v)
    }

    /// The parameter names, in order.
    ///
    /// ```
    /// let p = aludel::params! {"b" => 1, "a" => 2};
    /// assert_eq!(p.names().collect::<Vec<_>>(), ["b", "a"]);
    /// ```
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| &**n)
    }

    /// Whether there are none.
    ///
    /// See [`Params::new`].
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many there are.
    ///
    /// ```
    /// assert_eq!(aludel::params! {"a" => 1}.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// A set from `(name, value)` pairs; a later value of a name replaces an
/// earlier one.
///
/// ```
/// use aludel::{params, Params};
/// let p: Params = [("a", 1), ("b", 2), ("a", 3)].into_iter().collect();
/// assert_eq!(p, params! {"a" => 3, "b" => 2});
/// ```
impl<K: AsRef<str>, V: Into<Value>> FromIterator<(K, V)> for Params {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Params {
        let mut p = Params::new();
        for (k, v) in pairs {
            p.set(k.as_ref(), v);
        }
        p
    }
}

/// Anything that can serve as named parameters: [`Params`], `()` (none),
/// arrays and vectors of `(name, value)` pairs, and maps.
///
/// ```
/// use aludel::{IntoParams, Value};
/// let p = [("a", 1), ("b", 2)].into_params();
/// assert_eq!(p.get("b"), Some(&Value::from(2)));
/// assert!(().into_params().is_empty());
/// ```
pub trait IntoParams {
    /// Converts into [`Params`].
    fn into_params(self) -> Params;

    /// The parameters, lent without a copy, when they are a [`Params`]
    /// already (owned or borrowed); `None` for the other forms, which the
    /// engine converts with [`into_params`](Self::into_params). A set of
    /// a few values is some two hundred bytes, so the engine binds it where
    /// the caller put it instead of moving it.
    ///
    /// ```
    /// use aludel::{params, IntoParams};
    /// let p = params! {"a" => 1};
    /// assert_eq!(p.as_params().map(|q| q.len()), Some(1));
    /// assert!([("a", 1)].as_params().is_none());
    /// ```
    fn as_params(&self) -> Option<&Params> {
        None
    }

    /// Converts many sets (the parameter sets of
    /// [`execute_many`](crate::Connection::execute_many)). A `Vec` of
    /// [`Params`] is taken as it is, without moving each set.
    ///
    /// ```
    /// use aludel::{params, IntoParams, Params};
    /// let sets = Params::collect_sets(vec![params! {"a" => 1}, params! {"a" => 2}]);
    /// assert_eq!(sets[1], params! {"a" => 2});
    /// let pairs = <[(&str, i64); 1]>::collect_sets([[("a", 3)]]);
    /// assert_eq!(pairs, [params! {"a" => 3}]);
    /// ```
    fn collect_sets<I>(sets: I) -> Vec<Params>
    where
        I: IntoIterator<Item = Self>,
        Self: Sized,
    {
        sets.into_iter().map(IntoParams::into_params).collect()
    }
}

impl IntoParams for Params {
    #[inline]
    fn into_params(self) -> Params {
        self
    }

    #[inline]
    fn as_params(&self) -> Option<&Params> {
        Some(self)
    }

    fn collect_sets<I>(sets: I) -> Vec<Params>
    where
        I: IntoIterator<Item = Params>,
    {
        // A `Vec`'s own iterator collects back into its buffer untouched.
        sets.into_iter().collect()
    }
}
impl IntoParams for &Params {
    fn into_params(self) -> Params {
        self.clone()
    }

    #[inline]
    fn as_params(&self) -> Option<&Params> {
        Some(self)
    }
}
impl IntoParams for () {
    fn into_params(self) -> Params {
        Params::new()
    }
}
impl<K: AsRef<str>, V: Into<Value>, const N: usize> IntoParams for [(K, V); N] {
    fn into_params(self) -> Params {
        self.into_iter().collect()
    }
}
impl<K: AsRef<str>, V: Into<Value>> IntoParams for Vec<(K, V)> {
    fn into_params(self) -> Params {
        self.into_iter().collect()
    }
}
impl<K: AsRef<str>, V: Into<Value>, S> IntoParams for HashMap<K, V, S> {
    fn into_params(self) -> Params {
        self.into_iter().collect()
    }
}
impl<K: AsRef<str>, V: Into<Value>> IntoParams for BTreeMap<K, V> {
    fn into_params(self) -> Params {
        self.into_iter().collect()
    }
}

/// Builds [`Params`]: `params! {"Id" => 1, "Name" => "Audi"}`.
///
/// See [`Params`].
#[macro_export]
macro_rules! params {
    () => { $crate::Params::new() };
    ($($name:literal => $value:expr),+ $(,)?) => {{
        let mut p = $crate::Params::new();
        $(p.set_static($name, $value);)+
        p
    }};
    ($($name:expr => $value:expr),+ $(,)?) => {{
        let mut p = $crate::Params::new();
        $(p.set($name, $value);)+
        p
    }};
}

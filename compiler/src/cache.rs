//! Structural cache keys and compiled-statement templates.
//!
//! Compile once, run many: a statement's *shape* — everything that decides
//! its SQL, but not the values it binds — is hashed into a [`CacheKey`].
//! A statement of the same shape compiles to the same SQL, so a cache can
//! keep the first compilation as a [`Template`] and, for every later
//! statement of that shape, only collect its values in order.
//!
//! ```
//! use aludel_compiler::{prelude::*, dialect::Postgres, cache::{Shape, Template}, CompileOptions};
//! # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
//! let q = |n: i32| -> Statement { select(t.c("a")).filter(t.c("a").eq(n)).into() };
//! let first = Shape::of(&q(1));
//! let template = Template::compile(&q(1), &first, &Postgres, &CompileOptions::new()).unwrap().unwrap();
//! let second = Shape::of(&q(2));
//! assert_eq!(first.key(), second.key());
//! let c = template.instantiate(&second);
//! assert_eq!(c.sql, "SELECT t.a FROM t WHERE t.a = $1");
//! assert_eq!(c.params, vec![Value::from(2)]);
//! ```

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::compiled::{CompileOptions, Compiled, ResultColumn};
use crate::dialect::{Compiler, Dialect};
use crate::error::CompileError;
use crate::expr::text::TextPart;
use crate::expr::{Expr, InItems, Node, Source, TextClause};
use crate::stmt::{
    AliasElement, CompoundPart, CompoundSelect, ConflictAction, Correlate, Distinct, FromItem,
    FromNode, InsertSource, Select, Statement,
};
use crate::value::Value;

/// A 128-bit structural hash of a statement (its shape, not its values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CacheKey(u64, u64);

/// A [`BuildHasher`](std::hash::BuildHasher) for maps keyed by
/// [`CacheKey`]: the key is already a well-mixed hash, so hashing it again
/// with SipHash (the standard map's default) would only cost time.
///
/// ```
/// use std::collections::HashMap;
/// use aludel_compiler::{prelude::*, cache::{CacheKeyHasher, Shape}};
/// let mut templates = HashMap::with_hasher(CacheKeyHasher::default());
/// templates.insert(Shape::of(&text("SELECT 1").into()).key(), "first");
/// assert_eq!(templates.get(&Shape::of(&text("SELECT 1").into()).key()), Some(&"first"));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct CacheKeyHasher;

impl std::hash::BuildHasher for CacheKeyHasher {
    type Hasher = FoldHasher;

    fn build_hasher(&self) -> FoldHasher {
        FoldHasher(0)
    }
}

/// The hasher of [`CacheKeyHasher`]: folds the words it is given (fit for
/// keys that are hashes already, like [`CacheKey`]).
///
/// ```
/// use std::hash::{BuildHasher, Hasher};
/// let mut h = aludel_compiler::cache::CacheKeyHasher.build_hasher();
/// h.write_u64(42);
/// assert_ne!(h.finish(), 0);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct FoldHasher(u64);

impl Hasher for FoldHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(23) ^ i).wrapping_mul(KeyHasher::K2);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A statement's shape: its [`CacheKey`], and its bound values in a fixed
/// order.
#[derive(Debug)]
pub struct Shape {
    key: CacheKey,
    values: Vec<Value>,
    cacheable: bool,
}

impl Shape {
    /// Walks a statement once: hashes its structure and collects its values.
    ///
    /// See the [module documentation](self).
    pub fn of(stmt: &Statement) -> Shape {
        Self::walk(stmt, None)
    }

    /// [`Shape::of`], also recording the address of each value in the tree
    /// (to map a compilation's parameters to the values they came from).
    fn walk(stmt: &Statement, addrs: Option<&mut Vec<usize>>) -> Shape {
        let mut w = Walker {
            k: KeyHasher::new(),
            // most statements bind a handful of values: one allocation
            values: Vec::with_capacity(8),
            addrs,
            cacheable: true,
        };
        w.statement(stmt);
        let (a, b) = w.k.finish128();
        Shape {
            key: CacheKey(a, b),
            values: w.values,
            cacheable: w.cacheable,
        }
    }

    /// The statement's values, in shape order (consumes the shape).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, cache::Shape};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q: Statement = select(t.c("a")).filter(t.c("a").eq(7)).into();
    /// assert_eq!(Shape::of(&q).into_values(), vec![Value::from(7)]);
    /// ```
    pub fn into_values(self) -> Vec<Value> {
        self.values
    }

    /// The structural key (combine it with the dialect when caching).
    ///
    /// See the [module documentation](self).
    pub fn key(&self) -> CacheKey {
        self.key
    }

    /// Whether a compilation of this statement can be reused (not when it
    /// holds custom constructs or client-side default functions).
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, cache::Shape};
    /// assert!(Shape::of(&text("SELECT 1").into()).is_cacheable());
    /// ```
    pub fn is_cacheable(&self) -> bool {
        self.cacheable
    }
}

/// Where a compiled parameter's value comes from.
#[derive(Clone, Debug)]
enum Slot {
    /// The statement's n-th value (in [`Shape`] order).
    Value(usize),
    /// A value the compiler made up (e.g. SQLite's `OFFSET 0`, a column default).
    Const(Value),
}

/// How a template's parameters are made from a shape's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reuse {
    /// The parameters are the values, in order.
    Identity,
    /// The parameters are the values reordered (MySQL's `LIMIT offset,
    /// count`), each used once: reordered in place.
    Permutation,
    /// Constants, or values used twice: copied.
    Copy,
}

impl Reuse {
    fn of(slots: &[Slot], values: usize) -> Reuse {
        let mut seen = vec![false; values];
        let mut in_order = slots.len() == values;
        for (n, slot) in slots.iter().enumerate() {
            match slot {
                Slot::Value(i) if seen.get(*i) == Some(&false) => {
                    seen[*i] = true;
                    in_order &= *i == n;
                }
                _ => return Reuse::Copy,
            }
        }
        if slots.len() != values {
            Reuse::Copy
        } else if in_order {
            Reuse::Identity
        } else if values <= 64 {
            Reuse::Permutation
        } else {
            Reuse::Copy
        }
    }
}

/// Reorders `values` so that `values[k]` becomes the old `values[i]` of
/// `slots[k] == Slot::Value(i)`; `slots` is a permutation of at most 64
/// places (see [`Reuse::of`]).
fn permute(values: &mut [Value], slots: &[Slot]) {
    let source = |k: usize| match slots.get(k) {
        Some(Slot::Value(i)) => *i,
        _ => k,
    };
    let mut done = 0u64;
    for start in 0..values.len().min(64) {
        if done & (1 << start) != 0 {
            continue;
        }
        // follow the cycle: each place takes the value from its source
        let first = std::mem::replace(&mut values[start], Value::Null);
        let mut k = start;
        loop {
            done |= 1 << k;
            let from = source(k);
            if from == start || from >= values.len() {
                values[k] = first;
                break;
            }
            values[k] = std::mem::replace(&mut values[from], Value::Null);
            k = from;
        }
    }
}

/// A compiled statement whose parameters are filled from a [`Shape`].
#[derive(Clone, Debug)]
pub struct Template {
    sql: Arc<str>,
    slots: Vec<Slot>,
    /// How the shape's values become the parameters without copying them.
    reuse: Reuse,
    named_params: Vec<(usize, Arc<str>)>,
    unbound: Vec<usize>,
    param_names: Option<Vec<Arc<str>>>,
    result_columns: Arc<[ResultColumn]>,
}

impl Template {
    /// Compiles `stmt` (whose shape is `shape`) into a reusable template;
    /// `Ok(None)` when the statement cannot be cached (see
    /// [`Shape::is_cacheable`]) or is compiled with literal binds.
    ///
    /// See the [module documentation](self).
    pub fn compile(
        stmt: &Statement,
        shape: &Shape,
        dialect: &dyn Dialect,
        options: &CompileOptions,
    ) -> Result<Option<Template>, CompileError> {
        if !shape.cacheable || options.literal_binds {
            return Ok(None);
        }
        let mut c = Compiler::new(dialect, options);
        c.param_sources = Some(Vec::new());
        c.statement(stmt)?;
        if c.uncacheable {
            return Ok(None);
        }
        let sources = c.param_sources.take().unwrap_or_default();
        let compiled = c.finish();
        let mut addrs = Vec::with_capacity(shape.values.len());
        let again = Shape::walk(stmt, Some(&mut addrs));
        if again.key != shape.key {
            return Err(CompileError::Invalid(
                "Template::compile was given the shape of another statement".into(),
            ));
        }
        let index: HashMap<usize, usize> = addrs
            .iter()
            .enumerate()
            .rev()
            .map(|(i, a)| (*a, i))
            .collect();
        let slots = sources
            .iter()
            .zip(&compiled.params)
            .map(|(src, v)| match src.and_then(|a| index.get(&a)) {
                Some(&i) => Slot::Value(i),
                None => Slot::Const(v.clone()),
            })
            .collect::<Vec<_>>();
        let reuse = Reuse::of(&slots, shape.values.len());
        Ok(Some(Template {
            sql: Arc::from(compiled.sql),
            slots,
            reuse,
            named_params: compiled.named_params,
            unbound: compiled.unbound,
            param_names: compiled.param_names,
            result_columns: Arc::from(compiled.result_columns),
        }))
    }

    /// The SQL text.
    ///
    /// See the [module documentation](self).
    pub fn sql(&self) -> &Arc<str> {
        &self.sql
    }

    /// The compiled statement for a statement of the same shape.
    ///
    /// See the [module documentation](self).
    pub fn instantiate(&self, shape: &Shape) -> Compiled {
        Compiled {
            sql: self.sql.to_string(),
            params: self.params(shape),
            named_params: self.named_params.clone(),
            unbound: self.unbound.clone(),
            param_names: self.param_names.clone(),
            result_columns: self.result_columns.to_vec(),
        }
    }

    /// Only the parameters for a statement of the same shape, in placeholder order.
    ///
    /// See the [module documentation](self).
    pub fn params(&self, shape: &Shape) -> Vec<Value> {
        self.slots
            .iter()
            .map(|s| match s {
                Slot::Value(i) => shape.values.get(*i).cloned().unwrap_or(Value::Null),
                Slot::Const(v) => v.clone(),
            })
            .collect()
    }

    /// [`params`](Self::params), consuming the shape: when the parameters
    /// are the shape's values in order (the common case) they are moved,
    /// not copied.
    ///
    /// ```
    /// use aludel_compiler::{prelude::*, dialect::Sqlite, cache::{Shape, Template}, CompileOptions};
    /// # let t = MetaData::new().table("t").column(Column::new("a", Type::Integer)).build().unwrap();
    /// let q = |n: i32| -> Statement { select(t.c("a")).filter(t.c("a").eq(n)).limit(3).into() };
    /// let shape = Shape::of(&q(1));
    /// let template = Template::compile(&q(1), &shape, &Sqlite, &CompileOptions::new())?.unwrap();
    /// assert_eq!(template.sql().as_ref(), "SELECT t.a FROM t WHERE t.a = ? LIMIT ? OFFSET ?");
    /// // the values 2 and 3, then the OFFSET 0 the compiler added
    /// let params = template.take_params(Shape::of(&q(2)));
    /// assert_eq!(params, vec![Value::from(2), Value::from(3), Value::from(0)]);
    /// # Ok::<(), aludel_compiler::CompileError>(())
    /// ```
    pub fn take_params(&self, shape: Shape) -> Vec<Value> {
        if shape.values.len() != self.slots.len() {
            return self.params(&shape);
        }
        match self.reuse {
            Reuse::Identity => shape.values,
            Reuse::Permutation => {
                let mut values = shape.values;
                permute(&mut values, &self.slots);
                values
            }
            Reuse::Copy => self.params(&shape),
        }
    }

    /// Positions and names of the named parameters.
    ///
    /// See [`Compiled::named_params`].
    pub fn named_params(&self) -> &[(usize, Arc<str>)] {
        &self.named_params
    }

    /// Positions of named parameters that had no value.
    ///
    /// See [`Compiled::unbound`].
    pub fn unbound(&self) -> &[usize] {
        &self.unbound
    }

    /// The result columns.
    ///
    /// See [`Compiled::result_columns`].
    pub fn result_columns(&self) -> &Arc<[ResultColumn]> {
        &self.result_columns
    }
}

/// The structural hash: the words of the statement's shape (never its
/// values) go into a small buffer that is folded, four words at a time,
/// into four independent 64-bit multiply-rotate lanes (so the CPU works on
/// four lanes at once instead of waiting on one long chain), and the lanes
/// are finished with the splitmix64 avalanche into a 128-bit key. SipHash
/// did the same job at several times the cost (70% of a cached compile).
#[derive(Clone)]
struct KeyHasher {
    buf: [u64; Self::BUF],
    n: usize,
    words: u64,
    lanes: [u64; 4],
}

impl KeyHasher {
    const K1: u64 = 0x517c_c1b7_2722_0a95;
    const K2: u64 = 0x9e37_79b9_7f4a_7c15;
    const K: [u64; 4] = [
        Self::K1,
        Self::K2,
        0xc2b2_ae3d_27d4_eb4f,
        0x1656_67b1_9e37_79f9,
    ];
    const BUF: usize = 16;

    fn new() -> KeyHasher {
        KeyHasher {
            buf: [0; Self::BUF],
            n: 0,
            words: 0,
            lanes: [
                0x243f_6a88_85a3_08d3,
                0x1319_8a2e_0370_7344,
                0xa409_3822_299f_31d0,
                0x082e_fa98_ec4e_6c89,
            ],
        }
    }

    #[inline]
    fn mix(&mut self, w: u64) {
        if self.n == Self::BUF {
            self.fold();
        }
        if let Some(slot) = self.buf.get_mut(self.n) {
            *slot = w;
        }
        self.n += 1;
    }

    /// Folds the buffered words into the lanes (out of line, so `mix`
    /// stays small enough to inline).
    #[inline(never)]
    fn fold(&mut self) {
        let n = self.n.min(Self::BUF);
        self.words += n as u64;
        for chunk in self.buf[..n].chunks(4) {
            for (i, w) in chunk.iter().enumerate() {
                self.lanes[i] = (self.lanes[i].rotate_left(5) ^ w).wrapping_mul(Self::K[i]);
            }
        }
        self.n = 0;
    }

    fn finish128(mut self) -> (u64, u64) {
        fn avalanche(mut z: u64) -> u64 {
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }
        self.fold();
        let h = self;
        // The word count keeps [x] and [x, 0] apart. The lanes are finished
        // side by side, then each half of the key mixes all four.
        let [l0, l1, l2, l3] = h.lanes;
        let (x, y, z, w) = (
            avalanche(l0 ^ h.words),
            avalanche(l1),
            avalanche(l2),
            avalanche(l3),
        );
        (
            avalanche(x ^ y.rotate_left(21) ^ z.rotate_left(42) ^ w.rotate_left(11)),
            avalanche(x.rotate_left(32) ^ y ^ z.rotate_left(13) ^ w.rotate_left(53)),
        )
    }
}

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.mix(u64::from_le_bytes(w.try_into().unwrap_or([0; 8])));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            // the length in the top byte keeps "a" and "a\0" apart
            self.mix(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 56));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.mix(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.mix(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.mix(i as u64);
    }

    fn finish(&self) -> u64 {
        self.clone().finish128().0
    }
}

struct Walker<'a> {
    k: KeyHasher,
    values: Vec<Value>,
    addrs: Option<&'a mut Vec<usize>>,
    cacheable: bool,
}

impl Walker<'_> {
    fn tag(&mut self, t: u8) {
        self.k.write_u8(t);
    }

    /// A tag and a small number in one word.
    fn tag_n(&mut self, t: u8, n: u64) {
        self.k.mix(u64::from(t) | (n << 8));
    }

    fn h<T: Hash + ?Sized>(&mut self, v: &T) {
        v.hash(&mut self.k);
    }

    fn value(&mut self, v: &Value) {
        self.tag(1);
        self.h(&std::mem::discriminant(v));
        self.values.push(v.clone());
        if let Some(addrs) = self.addrs.as_deref_mut() {
            addrs.push(v as *const Value as usize);
        }
    }

    fn exprs(&mut self, es: &[Expr]) {
        self.h(&es.len());
        self.items(es);
    }

    /// The expressions of a list whose length is already hashed.
    fn items(&mut self, es: &[Expr]) {
        for e in es {
            self.expr(e);
        }
    }

    fn opt(&mut self, e: Option<&Expr>) {
        match e {
            Some(e) => {
                self.tag(2);
                self.expr(e)
            }
            None => self.tag(3),
        }
    }

    fn alias_ref(&mut self, a: &crate::stmt::Alias) {
        match a.name() {
            Some(n) => self.h(n.as_str()),
            None => {
                self.tag(6);
                self.h(&*a.0.base);
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.0 {
            Node::Column(c) => match &c.source {
                Source::Table(t) => {
                    self.tag_n(10, u64::from(c.idx));
                    self.h(&t.0.fingerprint);
                }
                Source::Alias(a) => {
                    self.tag_n(9, u64::from(c.idx));
                    self.alias_ref(a);
                }
            },
            Node::Value(v) => self.value(v),
            Node::Bind(b) => {
                self.tag(11);
                self.h(&*b.name);
                self.h(&b.ty);
                match &b.value {
                    Some(v) => self.value(v),
                    None => self.tag(3),
                }
            }
            Node::Null => self.tag(12),
            Node::True => self.tag(13),
            Node::False => self.tag(14),
            Node::Literal(s) => {
                self.tag(15);
                self.h(&**s);
            }
            Node::Star => self.tag(16),
            Node::Unary(u) => {
                self.tag_n(17, u.op as u64);
                self.expr(&u.operand);
            }
            Node::Binary(b) => {
                self.tag_n(18, b.op as u64);
                self.expr(&b.left);
                self.expr(&b.right);
            }
            Node::Bool(b) => {
                self.tag_n(19, ((b.items.len() as u64) << 8) | b.op as u64);
                self.items(&b.items);
            }
            Node::Func(f) => {
                self.tag(20);
                self.h(&*f.name);
                self.h(&f.ty);
                self.exprs(&f.args);
                self.opt(f.filter.as_ref());
            }
            Node::Cast(c) => {
                self.tag(21);
                self.h(&c.ty);
                self.expr(&c.expr);
            }
            Node::Case(c) => {
                self.tag(22);
                self.opt(c.value.as_ref());
                self.h(&c.whens.len());
                for (w, t) in &c.whens {
                    self.expr(w);
                    self.expr(t);
                }
                self.opt(c.else_.as_ref());
            }
            Node::Label(l) => {
                self.tag(23);
                self.h(l.name.as_str());
                self.expr(&l.expr);
            }
            Node::Over(o) => {
                self.tag(24);
                self.expr(&o.func);
                self.exprs(&o.window.partition_by);
                self.exprs(&o.window.order_by);
                self.h(&o.window.frame);
            }
            Node::Like(l) => {
                self.tag(25);
                self.h(&(l.escape, l.negated, l.case_insensitive));
                self.expr(&l.expr);
                self.expr(&l.pattern);
            }
            Node::In(i) => {
                self.tag(26);
                self.h(&i.negated);
                self.expr(&i.expr);
                match &i.items {
                    InItems::List(v) => self.exprs(v),
                    InItems::Select(s) => {
                        self.tag(27);
                        self.select(s)
                    }
                }
            }
            Node::Between(b) => {
                self.tag(28);
                self.h(&(b.negated, b.symmetric));
                self.expr(&b.expr);
                self.expr(&b.low);
                self.expr(&b.high);
            }
            Node::ScalarSelect(s) => {
                self.tag(29);
                self.select(s);
            }
            Node::Exists(x) => {
                self.tag(30);
                self.select(&x.select);
            }
            Node::Text(t) => self.text(t),
            Node::Tuple(items) => {
                self.tag(31);
                self.exprs(items);
            }
            Node::Collate(c) => {
                self.tag(32);
                self.h(c.collation.as_str());
                self.expr(&c.expr);
            }
            Node::Grouping(g) => {
                self.tag(33);
                self.expr(g);
            }
            Node::Ordering(o) => {
                self.tag(34);
                self.h(&(o.direction, o.nulls));
                self.expr(&o.expr);
            }
            Node::Distinct(d) => {
                self.tag(35);
                self.expr(d);
            }
            Node::Excluded(x) => {
                self.tag(36);
                self.h(x.column.as_str());
            }
            Node::Custom(_) | Node::Invalid(_) => {
                self.tag(37);
                self.cacheable = false;
            }
        }
    }

    fn text(&mut self, t: &TextClause) {
        self.tag(40);
        self.h(&*t.0.source);
        for part in &t.0.parts {
            if let TextPart::Bind(name) = part {
                match t.0.binds.iter().find(|(n, _)| n == name) {
                    Some((_, v)) => self.value(v),
                    None => self.tag(3),
                }
            }
        }
        self.h(&t.0.columns.len());
    }

    fn walk_from(&mut self, f: &FromItem) {
        match &f.0 {
            FromNode::Table(t) => {
                self.tag(50);
                self.h(&t.0.fingerprint);
            }
            FromNode::Alias(a) => {
                self.tag(51);
                self.alias_ref(a);
                self.h(&a.0.kind);
                match &a.0.element {
                    AliasElement::Table(t) => self.h(&t.0.fingerprint),
                    AliasElement::Select(s) => self.select(s),
                    AliasElement::Compound(c) => self.compound(c),
                    AliasElement::Text(t) => self.text(t),
                    AliasElement::Cte(c) => {
                        self.tag(52);
                        self.alias_ref(c);
                    }
                }
            }
            FromNode::Join(j) => {
                self.tag(53);
                self.h(&j.0.kind);
                self.walk_from(&j.0.left);
                self.walk_from(&j.0.right);
                self.expr(&j.0.on);
            }
            FromNode::Invalid(_) => {
                self.tag(54);
                self.cacheable = false;
            }
        }
    }

    fn select(&mut self, s: &Select) {
        let s = &s.0;
        // The clause lengths, 12 bits each, and which optional parts are
        // present, in two words (lengths that do not fit are hashed whole).
        let lens = [
            s.columns.len(),
            s.from.len(),
            s.criteria.len(),
            s.group_by.len(),
            s.having.len(),
            s.order_by.len(),
        ];
        let (mut packed, mut big) = (0u64, false);
        for (i, n) in lens.iter().enumerate() {
            big |= *n >= 1 << 12;
            packed |= ((*n as u64) & 0xfff) << (12 * i);
        }
        let distinct = match &s.distinct {
            Distinct::None => 0,
            Distinct::All => 1,
            Distinct::On(_) => 2,
        };
        let correlate = match &s.correlate {
            Correlate::Auto => 0,
            Correlate::None => 1,
            Correlate::Only(v) => 2 + v.len() as u64,
        };
        let flags = distinct
            | u64::from(s.limit.is_some()) << 2
            | u64::from(s.offset.is_some()) << 3
            | u64::from(s.fetch.is_some()) << 4
            | u64::from(s.for_update.is_some()) << 5
            | (s.params.len() as u64) << 6
            | correlate << 32;
        self.tag_n(60, flags);
        self.k.mix(packed);
        if big {
            for n in lens {
                self.h(&n);
            }
        }
        self.items(&s.columns);
        if let Distinct::On(v) = &s.distinct {
            self.exprs(v);
        }
        for f in &s.from {
            self.walk_from(f);
        }
        self.items(&s.criteria);
        self.items(&s.group_by);
        self.items(&s.having);
        self.items(&s.order_by);
        if let Some(e) = &s.limit {
            self.expr(e);
        }
        if let Some(e) = &s.offset {
            self.expr(e);
        }
        if let Some(f) = &s.fetch {
            self.h(&(f.with_ties, f.percent));
            self.expr(&f.count);
        }
        if let Some(f) = &s.for_update {
            self.h(&(f.read, f.nowait, f.skip_locked, f.key_share));
            self.h(&f.of.len());
            for o in &f.of {
                self.walk_from(o);
            }
        }
        if let Correlate::Only(v) = &s.correlate {
            for f in v {
                self.walk_from(f);
            }
        }
        for (name, v) in &s.params {
            self.h(&**name);
            self.value(v);
        }
    }

    fn compound(&mut self, c: &CompoundSelect) {
        let c = &c.0;
        self.tag(70);
        self.h(&c.op);
        for p in &c.parts {
            match p {
                CompoundPart::Select(s) => self.select(s),
                CompoundPart::Compound(c) => self.compound(c),
            }
        }
        self.exprs(&c.order_by);
        self.opt(c.limit.as_ref());
        self.opt(c.offset.as_ref());
    }

    fn conflict_target(&mut self, t: &crate::stmt::ConflictTarget) {
        use crate::stmt::ConflictTarget;
        match t {
            ConflictTarget::Any => self.tag(71),
            ConflictTarget::Columns(c) => {
                self.tag(72);
                self.h(&c.len());
                for i in c {
                    self.h(i.as_str());
                }
            }
            ConflictTarget::Constraint(c) => {
                self.tag(73);
                self.h(c.as_str());
            }
        }
    }

    fn set_list(&mut self, set: &[(usize, Expr)]) {
        self.h(&set.len());
        for (i, e) in set {
            self.h(i);
            self.expr(e);
        }
    }

    fn statement(&mut self, st: &Statement) {
        match st {
            Statement::Select(s) => self.select(s),
            Statement::Compound(c) => self.compound(c),
            Statement::Text(t) => self.text(t),
            Statement::Insert(i) => {
                let i = &i.0;
                self.tag(80);
                self.h(&i.table.0.fingerprint);
                if i.error.is_some() {
                    self.cacheable = false;
                }
                if i.table
                    .columns()
                    .any(|c| matches!(c.default, Some(crate::schema::ColumnDefault::Fn(_))))
                {
                    self.cacheable = false;
                }
                match &i.source {
                    InsertSource::AllColumns => self.tag(81),
                    InsertSource::DefaultValues => self.tag(82),
                    InsertSource::Rows { columns, rows } => {
                        self.values.reserve_exact(rows.len() * columns.len());
                        self.tag(83);
                        self.h(columns);
                        self.h(&rows.len());
                        for r in rows {
                            self.exprs(r);
                        }
                    }
                    InsertSource::Select { columns, select } => {
                        self.tag(84);
                        self.h(columns);
                        self.compound(select);
                    }
                }
                self.exprs(&i.returning);
                match &i.on_conflict {
                    Some(oc) => {
                        self.tag(85);
                        self.conflict_target(&oc.target);
                        self.opt(oc.target_where.as_ref());
                        match &oc.action {
                            ConflictAction::Nothing => self.tag(86),
                            ConflictAction::Update { set, filter } => {
                                self.tag(87);
                                self.set_list(set);
                                self.opt(filter.as_ref());
                            }
                        }
                    }
                    None => self.tag(3),
                }
                match &i.on_duplicate {
                    Some(set) => {
                        self.tag(88);
                        self.set_list(set);
                    }
                    None => self.tag(3),
                }
            }
            Statement::Update(u) => {
                let u = &u.0;
                self.tag(90);
                self.h(&u.table.0.fingerprint);
                if u.error.is_some()
                    || u.table
                        .columns()
                        .any(|c| matches!(c.onupdate, Some(crate::schema::ColumnDefault::Fn(_))))
                {
                    self.cacheable = false;
                }
                self.h(&u.ordered);
                self.set_list(&u.set);
                self.exprs(&u.criteria);
                self.exprs(&u.returning);
            }
            Statement::Delete(d) => {
                let d = &d.0;
                self.tag(95);
                self.h(&d.table.0.fingerprint);
                self.exprs(&d.criteria);
                self.exprs(&d.returning);
            }
            // DDL is compiled rarely; never cached.
            _ => self.cacheable = false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Reuse, Shape, Slot, Template, permute};
    use crate::dialect::{Mysql, Postgres};
    use crate::prelude::*;
    use crate::{CompileOptions, Dialect};

    #[test]
    fn permute_follows_every_cycle() {
        let mut values: Vec<Value> = (0..6i64).map(Value::from).collect();
        // two cycles (0 2 4) and (1 5), 3 stays
        let order: [usize; 6] = [2, 5, 4, 3, 0, 1];
        let slots: Vec<Slot> = order.iter().map(|i| Slot::Value(*i)).collect();
        assert_eq!(Reuse::of(&slots, 6), Reuse::Permutation);
        permute(&mut values, &slots);
        let expected: Vec<Value> = order.iter().map(|i| Value::from(*i as i64)).collect();
        assert_eq!(values, expected);
        let twice = [Slot::Value(0), Slot::Value(0)];
        assert_eq!(Reuse::of(&twice, 2), Reuse::Copy);
        let constant = [Slot::Value(0), Slot::Const(Value::Null)];
        assert_eq!(Reuse::of(&constant, 1), Reuse::Copy);
        assert_eq!(
            Reuse::of(&[Slot::Value(0), Slot::Value(1)], 2),
            Reuse::Identity
        );
    }

    #[test]
    fn taken_parameters_equal_a_fresh_compilation() {
        let t = MetaData::new()
            .table("t")
            .column(Column::new("a", Type::Integer))
            .build()
            .expect("table");
        let q = |n: u64| -> Statement {
            select(t.c("a"))
                .filter(t.c("a").gt(n as i64))
                .limit(n + 10)
                .offset(n + 20)
                .into()
        };
        let dialects: [&dyn Dialect; 2] = [&Mysql, &Postgres];
        for d in dialects {
            let first = Shape::of(&q(1));
            let template = Template::compile(&q(1), &first, d, &CompileOptions::new())
                .expect("compiles")
                .expect("cacheable");
            // MySQL writes LIMIT offset, count: the values are reordered in place
            let expected = if d.name() == "mysql" {
                Reuse::Permutation
            } else {
                Reuse::Identity
            };
            assert_eq!(template.reuse, expected, "{}", d.name());
            let again = q(5);
            let fresh = again.compile(d).expect("compiles");
            assert_eq!(
                template.take_params(Shape::of(&again)),
                fresh.params,
                "{}",
                d.name()
            );
        }
    }
}

//! The walk over a statement that hashes its shape and collects its values.

use crate::shared::Shared;
use std::hash::{Hash, Hasher};

use super::hash::KeyHasher;
use crate::expr::text::TextPart;
use crate::expr::{Binary, Expr, InItems, Node, Source, TextClause};
use crate::stmt::select::SelectRare;
use crate::stmt::{
    Alias, AliasElement, AliasKind, CompoundPart, CompoundSelect, ConflictAction, Correlate,
    Distinct, FromItem, FromNode, InsertSource, Select, Statement,
};
use crate::value::Value;

/// Hashes the shape of a statement into `k` and collects its values.
pub(super) struct Walker<'a> {
    pub(super) k: KeyHasher,
    pub(super) values: super::Values,
    /// Where each value lives in the tree, when a template is being compiled.
    pub(super) addrs: Option<&'a mut Vec<usize>>,
    pub(super) cacheable: bool,
    /// The aliases met so far (by address), in the order they were met.
    pub(super) aliases: smallvec::SmallVec<[usize; 4]>,
}

impl Walker<'_> {
    // `tag` and `tag_n` are a store and an add (`mix`): inlined always, as
    // the call cost more than the work (S5's cached compile -2.5%).
    #[inline(always)]
    fn tag(&mut self, t: u8) {
        self.k.write_u8(t);
    }

    /// A tag and a small number in one word.
    #[inline(always)]
    fn tag_n(&mut self, t: u8, n: u64) {
        self.k.mix(u64::from(t) | (n << 8));
    }

    fn h<T: Hash + ?Sized>(&mut self, v: &T) {
        v.hash(&mut self.k);
    }

    // inlined always (it is met in several places, and LLVM kept it out of
    // line even when asked): S2's cached compile 1,889 instructions to
    // 1,809, S4's 923 to 875, S3's 5,642 to 5,002
    #[inline(always)]
    fn value(&mut self, v: &Value) {
        // The tag and the value's kind in one word.
        self.tag_n(1, value_kind(v));
        // up to four are held inline
        crate::value::copy_into(&mut self.values, v);
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

    /// An alias, wherever it is met (a column of it, a FROM item): the
    /// first time, all of it — its kind, its name and what it stands for;
    /// after that, which of the aliases met so far it is. A column of an
    /// alias brings the alias into the statement even when no FROM lists
    /// it (the FROM is inferred), so its body is part of the shape.
    fn alias(&mut self, a: &Alias) {
        let at = Shared::as_ptr(&a.0) as usize;
        if let Some(i) = self.aliases.iter().position(|p| *p == at) {
            self.tag_n(7, i as u64);
            return;
        }
        // before the body: a recursive CTE refers to itself
        self.aliases.push(at);
        let kind = match a.0.kind {
            AliasKind::Subquery => 0,
            AliasKind::Cte { recursive } => 1 + u64::from(recursive),
            AliasKind::Lateral => 3,
        };
        match a.name() {
            Some(_) => {
                self.tag_n(8, kind);
                self.k.mix(a.0.name_hash);
            }
            None => {
                self.tag_n(6, kind);
                self.h(&*a.0.base);
            }
        }
        match &a.0.element {
            AliasElement::Table(t) => self.k.mix(t.0.fingerprint ^ 50),
            AliasElement::Select(s) => self.select(s),
            AliasElement::Compound(c) => self.compound(c),
            AliasElement::Text(t) => self.text(t),
            AliasElement::Cte(c) => {
                self.tag(52);
                self.alias(c);
            }
        }
    }

    /// An expression: a table's column, the most common leaf, is hashed
    /// here (inlined where an expression is met, without a call); anything
    /// else by [`node`](Self::node).
    #[inline]
    fn expr(&mut self, e: &Expr) {
        if let Node::Column(c) = &e.0
            && let Source::Table(t) = c.source()
        {
            // The table's fingerprint (a finished hash) with the tag and
            // the column's index in its low bits: one word.
            self.k.mix(t.0.fingerprint ^ (u64::from(c.idx) << 8 | 10));
        } else {
            self.node(e);
        }
    }

    /// An expression where a value is the most common (an INSERT's rows,
    /// an UPDATE's SET, a comparison's right operand, a LIKE pattern,
    /// LIMIT and OFFSET): a value is taken here, without the call to
    /// [`node`](Self::node) (S3's cached compile: 5,002 instructions to
    /// 4,122; S2's 1,809 to 1,754). Not in [`expr`](Self::expr) itself:
    /// inlined at every expression, the larger code cost S1, S2 and S5
    /// 100 instructions.
    #[inline(always)]
    fn value_or_expr(&mut self, e: &Expr) {
        match &e.0 {
            Node::Value(v) => self.value(v),
            _ => self.expr(e),
        }
    }

    /// A binary operator's node.
    #[inline(always)]
    fn binary(&mut self, b: &Binary) {
        self.tag_n(18, b.op as u64);
        self.expr(&b.left);
        // most often the value a column is compared with
        self.value_or_expr(&b.right);
    }

    /// The criteria of a WHERE (their count is hashed already): a
    /// comparison, the commonest, is walked here without the call to
    /// [`node`](Self::node) (the same words as through it).
    #[inline(always)]
    fn criteria(&mut self, es: &[Expr]) {
        for e in es {
            match &e.0 {
                Node::Binary(b) => self.binary(b),
                _ => self.expr(e),
            }
        }
    }

    /// Any expression but a table's column (see [`expr`](Self::expr)).
    fn node(&mut self, e: &Expr) {
        match &e.0 {
            Node::Column(c) => match c.source() {
                Source::Table(_) => self.expr(e),
                Source::Alias(a) => {
                    self.tag_n(9, u64::from(c.idx));
                    self.alias(a);
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
            Node::Binary(b) => self.binary(b),
            Node::Bool(b) => {
                self.tag_n(19, ((b.items.len() as u64) << 8) | b.op as u64);
                self.items(&b.items);
            }
            Node::Func(f) => {
                // The argument count, whether a filter and a type follow,
                // and a known name's number, in the tag's word; any other
                // name as text.
                let known = f.known_name_index();
                let small = (f.args.len() as u64 & 0xffff)
                    | u64::from(f.filter.is_some()) << 16
                    | u64::from(f.ty.is_some()) << 17
                    | known.map_or(0, |i| i as u64 + 1) << 18;
                self.tag_n(20, small);
                if f.args.len() > 0xffff {
                    self.h(&f.args.len());
                }
                if known.is_none() {
                    self.h(&*f.name);
                }
                if let Some(ty) = &f.ty {
                    self.h(ty);
                }
                self.items(&f.args);
                if let Some(filter) = &f.filter {
                    self.expr(filter);
                }
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
                // the name's hash (computed when the label was made) with
                // the tag in its low bits: one word
                self.k.mix(l.name_hash ^ 23);
                self.expr(&l.expr);
            }
            Node::Over(o) => {
                // both lengths (20 bits each) and whether a frame follows
                // in the tag's word; lengths that do not fit are hashed whole
                let w = &o.window;
                let (p, n) = (w.partition_by.len() as u64, w.order_by.len() as u64);
                let big = p >= 1 << 20 || n >= 1 << 20;
                let frame = u64::from(w.frame.is_some()) | u64::from(big) << 1;
                self.tag_n(24, (p & 0xf_ffff) | (n & 0xf_ffff) << 20 | frame << 40);
                if big {
                    self.h(&(p, n));
                }
                if let Some(f) = &w.frame {
                    self.h(f);
                }
                self.expr(&o.func);
                self.items(&w.partition_by);
                self.items(&w.order_by);
            }
            Node::Like(l) => {
                // The escape character (or none) and the flags in one word.
                let escape = l.escape.map_or(0, |c| u64::from(c) + 1);
                let flags = u64::from(l.negated) | (u64::from(l.case_insensitive) << 1);
                self.tag_n(25, escape | (flags << 22));
                self.expr(&l.expr);
                self.value_or_expr(&l.pattern);
            }
            Node::In(i) => {
                // NOT and whether a list (with its length) or a subquery
                // follows, in the tag's word
                let negated = u64::from(i.negated);
                match &i.items {
                    InItems::List(v) => {
                        self.tag_n(26, negated | (v.len() as u64) << 2);
                        self.expr(&i.expr);
                        self.items(v);
                    }
                    InItems::Select(s) => {
                        self.tag_n(26, negated | 2);
                        self.expr(&i.expr);
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
                // direction and NULLs order (each absent, first or second
                // choice) in the tag's word
                let direction = o.direction.map_or(0, |d| d as u64 + 1);
                let nulls = o.nulls.map_or(0, |n| n as u64 + 1);
                self.tag_n(34, direction | nulls << 2);
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
        // the columns it declares name and type an alias of it
        self.h(&t.0.columns.len());
        for (name, ty) in &t.0.columns {
            self.h(name.as_str());
            self.h(ty);
        }
    }

    fn walk_from(&mut self, f: &FromItem) {
        match &f.0 {
            // the table's fingerprint with the tag in its low bits: one word
            FromNode::Table(t) => self.k.mix(t.0.fingerprint ^ 50),
            FromNode::Alias(a) => {
                self.tag(51);
                self.alias(a);
            }
            FromNode::Join(j) => {
                self.tag_n(53, j.0.kind as u64);
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
        let (level, group_by) = s.items.split_at(s.n_level);
        let (columns, criteria) = level.split_at(s.n_columns);
        // The clause lengths, 12 bits each, and which optional parts are
        // present, in two words (lengths that do not fit are hashed whole).
        let lens = [
            columns.len(),
            s.from.len(),
            criteria.len(),
            group_by.len(),
            s.having.len(),
            s.order_by.len(),
        ];
        let (mut packed, mut big) = (0u64, false);
        for (i, n) in lens.iter().enumerate() {
            big |= *n >= 1 << 12;
            packed |= ((*n as u64) & 0xfff) << (12 * i);
        }
        // the rare clauses, looked at once when there are none (the commonest)
        let rare = s.rare.as_deref();
        let rare_flags = rare.map_or(0, |r| {
            let distinct = match &r.distinct {
                Distinct::None => 0,
                Distinct::All => 1,
                Distinct::On(_) => 2,
            };
            let correlate = match &r.correlate {
                Correlate::Auto => 0,
                Correlate::None => 1,
                Correlate::Only(v) => 2 + v.len() as u64,
            };
            distinct
                | u64::from(r.fetch.is_some()) << 4
                | u64::from(r.for_update.is_some()) << 5
                | (r.params.len() as u64) << 6
                | correlate << 32
        });
        let flags =
            rare_flags | u64::from(s.limit.is_some()) << 2 | u64::from(s.offset.is_some()) << 3;
        self.tag_n(60, flags);
        self.k.mix(packed);
        if big {
            for n in lens {
                self.h(&n);
            }
        }
        self.items(columns);
        if let Some(SelectRare {
            distinct: Distinct::On(v),
            ..
        }) = rare
        {
            self.exprs(v);
        }
        for f in &s.from {
            self.walk_from(f);
        }
        self.criteria(criteria);
        self.items(group_by);
        self.items(&s.having);
        self.items(&s.order_by);
        if let Some(e) = &s.limit {
            self.value_or_expr(e);
        }
        if let Some(e) = &s.offset {
            self.value_or_expr(e);
        }
        if let Some(r) = rare {
            self.rare_clauses(r);
        }
    }

    /// A SELECT's FETCH, FOR UPDATE, correlation and `.params()` values.
    fn rare_clauses(&mut self, r: &SelectRare) {
        if let Some(f) = &r.fetch {
            self.h(&(f.with_ties, f.percent));
            self.expr(&f.count);
        }
        if let Some(f) = &r.for_update {
            self.h(&(f.read, f.nowait, f.skip_locked, f.key_share));
            self.h(&f.of.len());
            for o in &f.of {
                self.walk_from(o);
            }
        }
        if let Correlate::Only(v) = &r.correlate {
            for f in v {
                self.walk_from(f);
            }
        }
        for (name, v) in &r.params {
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
            self.value_or_expr(e);
        }
    }

    pub(super) fn statement(&mut self, st: &Statement) {
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
                        // every row is as wide as the columns: the count
                        // and the values, row after row, say it all
                        self.h(&rows.len());
                        for e in rows.values() {
                            self.value_or_expr(e);
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
                self.h(&u.criteria.len());
                self.criteria(&u.criteria);
                self.exprs(&u.returning);
            }
            Statement::Delete(d) => {
                let d = &d.0;
                self.tag(95);
                self.h(&d.table.0.fingerprint);
                self.h(&d.criteria.len());
                self.criteria(&d.criteria);
                self.exprs(&d.returning);
            }
            // DDL is compiled rarely; never cached.
            _ => self.cacheable = false,
        }
    }
}

/// A number for each kind of [`Value`] (the cache key tells kinds apart:
/// a template may render them differently).
fn value_kind(v: &Value) -> u64 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Int(_) => 2,
        Value::Float(_) => 3,
        Value::Text(_) => 4,
        Value::Bytes(_) => 5,
        #[cfg(feature = "decimal")]
        Value::Decimal(_) => 6,
        #[cfg(feature = "chrono")]
        Value::Date(_) => 7,
        #[cfg(feature = "chrono")]
        Value::Time(_) => 8,
        #[cfg(feature = "chrono")]
        Value::DateTime(_) => 9,
        #[cfg(feature = "chrono")]
        Value::DateTimeTz(_) => 10,
        #[cfg(feature = "json")]
        Value::Json(_) => 11,
        #[cfg(feature = "uuid")]
        Value::Uuid(_) => 12,
    }
}

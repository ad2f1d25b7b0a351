//! Walks over the tree: which FROM items a SELECT needs, and which CTEs a
//! statement refers to.

use crate::expr::{Expr, InItems, Node};
use crate::stack::InlineStack;
use crate::stmt::from::{AliasElement, FromNode};
use crate::stmt::{Alias, CompoundSelect, FromItem, Select, SelectInner, Statement};

/// A query level's FROM items: most levels have a few, held inline.
pub(crate) type FromList = smallvec::SmallVec<[FromItem; 4]>;

/// Calls `f` on each direct sub-expression of `e` that belongs to the same
/// query level (not into subqueries).
pub(crate) fn for_each_child(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    match &e.0 {
        Node::Unary(u) => f(&u.operand),
        Node::Binary(b) => {
            f(&b.left);
            f(&b.right);
        }
        Node::Bool(b) => b.items.iter().for_each(f),
        Node::Func(func) => {
            func.args.iter().for_each(&mut *f);
            if let Some(flt) = &func.filter {
                f(flt);
            }
        }
        Node::Cast(c) => f(&c.expr),
        Node::Case(c) => {
            if let Some(v) = &c.value {
                f(v);
            }
            for (w, t) in &c.whens {
                f(w);
                f(t);
            }
            if let Some(e) = &c.else_ {
                f(e);
            }
        }
        Node::Label(l) => f(&l.expr),
        Node::Over(o) => {
            f(&o.func);
            o.window.partition_by.iter().for_each(&mut *f);
            o.window.order_by.iter().for_each(f);
        }
        Node::Like(l) => {
            f(&l.expr);
            f(&l.pattern);
        }
        Node::In(i) => {
            f(&i.expr);
            if let InItems::List(v) = &i.items {
                v.iter().for_each(f);
            }
        }
        Node::Between(b) => {
            f(&b.expr);
            f(&b.low);
            f(&b.high);
        }
        Node::Tuple(t) => t.iter().for_each(f),
        Node::Collate(c) => f(&c.expr),
        Node::Grouping(g) | Node::Distinct(g) => f(g),
        Node::Ordering(o) => f(&o.expr),
        Node::Column(_)
        | Node::Value(_)
        | Node::Bind(_)
        | Node::Null
        | Node::True
        | Node::False
        | Node::Literal(_)
        | Node::Star
        | Node::ScalarSelect(_)
        | Node::Exists(_)
        | Node::Text(_)
        | Node::Excluded(_)
        | Node::Invalid(_) => {}
        Node::Custom(c) => c.for_each_child(f),
    }
}

fn push_unique(out: &mut FromList, item: FromItem) {
    if !out.iter().any(|f| f.is(&item)) {
        out.push(item);
    }
}

/// The FROM items an expression's columns belong to (same query level).
pub(crate) fn collect_expr_froms(e: &Expr, out: &mut FromList) {
    match &e.0 {
        Node::Column(c) => {
            if !out.iter().any(|f| f.is_source(&c.source)) {
                out.push(FromItem::from_source(&c.source));
            }
        }
        // the commonest nodes, without the closure of `for_each_child`
        Node::Value(_) | Node::Bind(_) => {}
        Node::Binary(b) => {
            collect_expr_froms(&b.left, out);
            collect_expr_froms(&b.right, out);
        }
        _ => for_each_child(e, &mut |child| collect_expr_froms(child, out)),
    }
}

/// A SELECT's FROM list before correlation, as SQLAlchemy computes it: the
/// tables of the columns, then of the WHERE criteria, then the explicit
/// FROM items; duplicates dropped, and tables that are part of a listed
/// join hidden.
pub(crate) fn select_froms(s: &SelectInner) -> FromList {
    let mut froms = FromList::new();
    for e in s.columns.iter().chain(&s.criteria) {
        collect_expr_froms(e, &mut froms);
    }
    for f in &s.from {
        push_unique(&mut froms, f.clone());
    }
    // tables that are part of a listed join are not listed again
    let is_join = |f: &FromItem| matches!(f.0, FromNode::Join(_));
    if froms.iter().any(is_join) {
        let mut i = froms.len();
        while i > 0 {
            i -= 1;
            let hidden =
                !is_join(&froms[i]) && froms.iter().any(|j| is_join(j) && j.has_leaf(&froms[i]));
            if hidden {
                froms.remove(i);
            }
        }
    }
    froms
}

/// The CTEs of a statement: most have none or a few, held inline.
pub(crate) type CteList = smallvec::SmallVec<[Alias; 2]>;

/// Collects the CTEs a statement refers to, dependencies first.
pub(crate) struct CteCollector {
    pub(crate) ctes: CteList,
    /// The CTEs whose bodies are being walked (a recursive CTE refers to itself).
    visiting: InlineStack<Alias, 2>,
}

impl CteCollector {
    pub(crate) fn new() -> Self {
        CteCollector {
            ctes: CteList::new(),
            visiting: InlineStack::default(),
        }
    }

    fn same_cte(a: &Alias, b: &Alias) -> bool {
        a.is(b) || (a.name().is_some() && a.name() == b.name())
    }

    fn cte(&mut self, a: &Alias) {
        if self
            .ctes
            .iter()
            .chain(self.visiting.iter())
            .any(|c| Self::same_cte(c, a))
        {
            return;
        }
        self.visiting.push(a.clone());
        self.element(&a.0.element);
        self.visiting.pop();
        self.ctes.push(a.clone());
    }

    fn element(&mut self, el: &AliasElement) {
        match el {
            AliasElement::Table(_) | AliasElement::Text(_) => {}
            AliasElement::Select(s) => self.select(s),
            AliasElement::Compound(c) => self.compound(c),
            AliasElement::Cte(a) => self.cte(a),
        }
    }

    pub(crate) fn visit_from_item(&mut self, f: &FromItem) {
        match &f.0 {
            FromNode::Table(_) | FromNode::Invalid(_) => {}
            FromNode::Alias(a) => {
                if a.is_cte() {
                    self.cte(a)
                } else {
                    self.element(&a.0.element)
                }
            }
            FromNode::Join(j) => {
                self.visit_from_item(&j.0.left);
                self.visit_from_item(&j.0.right);
                self.expr(&j.0.on);
            }
        }
    }

    pub(crate) fn expr(&mut self, e: &Expr) {
        match &e.0 {
            Node::Column(c) => match &c.source {
                // a table column names no CTE: nothing to visit
                crate::expr::Source::Table(_) => {}
                crate::expr::Source::Alias(a) => {
                    if a.is_cte() {
                        self.cte(a)
                    } else {
                        self.element(&a.0.element)
                    }
                }
            },
            // the commonest nodes, without the closure of `for_each_child`
            Node::Value(_) | Node::Bind(_) => {}
            Node::Binary(b) => {
                self.expr(&b.left);
                self.expr(&b.right);
            }
            Node::ScalarSelect(s) => self.select(s),
            Node::Exists(x) => self.select(&x.select),
            Node::In(i) => {
                self.expr(&i.expr);
                match &i.items {
                    InItems::List(v) => v.iter().for_each(|e| self.expr(e)),
                    InItems::Select(s) => self.select(s),
                }
            }
            _ => for_each_child(e, &mut |c| self.expr(c)),
        }
    }

    pub(crate) fn select(&mut self, s: &Select) {
        let s = &s.0;
        for e in s
            .columns
            .iter()
            .chain(&s.criteria)
            .chain(&s.group_by)
            .chain(&s.having)
            .chain(&s.order_by)
        {
            self.expr(e);
        }
        for f in &s.from {
            self.visit_from_item(f);
        }
    }

    pub(crate) fn compound(&mut self, c: &CompoundSelect) {
        c.for_each_select(&mut |s| self.select(s));
        for e in &c.0.order_by {
            self.expr(e);
        }
    }

    pub(crate) fn statement(&mut self, st: &Statement) {
        match st {
            Statement::Select(s) => self.select(s),
            Statement::Compound(c) => self.compound(c),
            Statement::Insert(i) => i.walk_ctes(self),
            Statement::Update(u) => u.walk_ctes(self),
            Statement::Delete(d) => d.walk_ctes(self),
            _ => {}
        }
    }
}

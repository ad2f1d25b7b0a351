//! Strategies: random trees of a given shape, and the proptest config.

use std::fmt;

use proptest::prelude::*;
use proptest::strategy::Union;
use proptest::test_runner::Config;

use crate::fixture::Col;
use crate::tree::{AnyExpr, ArithOp, BoolExpr, CmpOp, IntExpr, LogicOp, LogicStyle, TextExpr};

/// Which constructs the generated trees use.
#[derive(Clone, Copy)]
pub(crate) struct Shape {
    /// Text expressions (`concat`, text comparisons).
    text: bool,
    /// Nesting levels above the leaves.
    depth: u32,
}

/// The strategies for each sort at one nesting level.
#[derive(Clone)]
struct Sorts {
    int: BoxedStrategy<IntExpr>,
    boolean: BoxedStrategy<BoolExpr>,
    text: BoxedStrategy<TextExpr>,
}

fn weighted<T: fmt::Debug + 'static>(arms: Vec<(u32, BoxedStrategy<T>)>) -> BoxedStrategy<T> {
    Union::new_weighted(arms).boxed()
}

fn int_leaf() -> BoxedStrategy<IntExpr> {
    weighted(vec![
        (4, (-20i64..=20).prop_map(IntExpr::Lit).boxed()),
        (1, Just(IntExpr::Null).boxed()),
        (
            3,
            prop::sample::select(&Col::ALL[..])
                .prop_map(IntExpr::Col)
                .boxed(),
        ),
    ])
}

fn cmp_op() -> impl Strategy<Value = CmpOp> {
    prop::sample::select(&CmpOp::ALL[..])
}

fn bool_leaf() -> BoxedStrategy<BoolExpr> {
    weighted(vec![
        (2, any::<bool>().prop_map(BoolExpr::Const).boxed()),
        (1, Just(BoolExpr::Null).boxed()),
        (
            3,
            (cmp_op(), prop::sample::select(&Col::ALL[..]), -8i64..=8)
                .prop_map(|(op, c, v)| {
                    BoolExpr::Cmp(op, Box::new(IntExpr::Col(c)), Box::new(IntExpr::Lit(v)))
                })
                .boxed(),
        ),
    ])
}

fn text_leaf() -> BoxedStrategy<TextExpr> {
    weighted(vec![
        (4, "[ab1-]{0,3}".prop_map(TextExpr::Lit).boxed()),
        (1, Just(TextExpr::Null).boxed()),
    ])
}

/// Divisors of `/`: mostly powers of two (and zero, NULL), so quotients stay
/// exact REALs and the model can follow them.
fn divisor(int: &BoxedStrategy<IntExpr>) -> BoxedStrategy<IntExpr> {
    weighted(vec![
        (
            2,
            prop::sample::select(&[-4i64, -2, -1, 0, 1, 2, 4, 8][..])
                .prop_map(IntExpr::Lit)
                .boxed(),
        ),
        (1, Just(IntExpr::Col(Col::B)).boxed()),
        (2, int.clone()),
    ])
}

pub(crate) fn boxed<T>(v: T) -> Box<T> {
    Box::new(v)
}

/// The WHEN branches and the optional ELSE of a searched `CASE`.
type CaseParts<R> = (Vec<(BoolExpr, R)>, Option<Box<R>>);

/// `CASE WHEN cond THEN result ... [ELSE result] END` parts.
fn case_parts<R: Clone + fmt::Debug + 'static>(
    cond: &BoxedStrategy<BoolExpr>,
    result: &BoxedStrategy<R>,
) -> BoxedStrategy<CaseParts<R>> {
    (
        prop::collection::vec((cond.clone(), result.clone()), 1..=2),
        prop::option::of(result.clone().prop_map(Box::new)),
    )
        .boxed()
}

fn next_level(prev: &Sorts, shape: Shape) -> Sorts {
    let p = prev.clone();
    let arith = weighted(vec![
        (
            6,
            (
                prop::sample::select(&[ArithOp::Add, ArithOp::Sub, ArithOp::Mul][..]),
                p.int.clone(),
                p.int.clone(),
            )
                .prop_map(|(op, l, r)| IntExpr::Arith(op, boxed(l), boxed(r)))
                .boxed(),
        ),
        (
            2,
            (
                prop::sample::select(&[ArithOp::Mod, ArithOp::FloorDiv][..]),
                p.int.clone(),
                p.int.clone(),
            )
                .prop_map(|(op, l, r)| IntExpr::Arith(op, boxed(l), boxed(r)))
                .boxed(),
        ),
        (
            2,
            (p.int.clone(), divisor(&p.int))
                .prop_map(|(l, r)| IntExpr::Arith(ArithOp::Div, boxed(l), boxed(r)))
                .boxed(),
        ),
    ]);
    let int_node = weighted(vec![
        (5, arith),
        (
            1,
            p.int.clone().prop_map(|x| IntExpr::Neg(boxed(x))).boxed(),
        ),
        (
            1,
            p.int.clone().prop_map(|x| IntExpr::Cast(boxed(x))).boxed(),
        ),
        (
            1,
            case_parts(&p.boolean, &p.int)
                .prop_map(|(w, e)| IntExpr::Case(w, e))
                .boxed(),
        ),
        (
            1,
            (
                p.int.clone(),
                prop::collection::vec((p.int.clone(), p.int.clone()), 1..=2),
                prop::option::of(p.int.clone().prop_map(Box::new)),
            )
                .prop_map(|(s, w, e)| IntExpr::SimpleCase(boxed(s), w, e))
                .boxed(),
        ),
        (
            2,
            p.boolean
                .clone()
                .prop_map(|b| IntExpr::FromBool(boxed(b)))
                .boxed(),
        ),
    ]);

    let any_operand = if shape.text {
        weighted(vec![
            (2, p.int.clone().prop_map(AnyExpr::Int).boxed()),
            (1, p.boolean.clone().prop_map(AnyExpr::Bool).boxed()),
            (1, p.text.clone().prop_map(AnyExpr::Text).boxed()),
        ])
    } else {
        weighted(vec![
            (2, p.int.clone().prop_map(AnyExpr::Int).boxed()),
            (1, p.boolean.clone().prop_map(AnyExpr::Bool).boxed()),
        ])
    };
    let mut bool_arms = vec![
        (
            4,
            (cmp_op(), p.int.clone(), p.int.clone())
                .prop_map(|(op, l, r)| BoolExpr::Cmp(op, boxed(l), boxed(r)))
                .boxed(),
        ),
        (
            1,
            (any::<bool>(), p.boolean.clone(), p.boolean.clone())
                .prop_map(|(n, l, r)| BoolExpr::BoolEq(n, boxed(l), boxed(r)))
                .boxed(),
        ),
        (
            4,
            (
                prop_oneof![Just(LogicOp::And), Just(LogicOp::Or)],
                prop_oneof![Just(LogicStyle::Function), Just(LogicStyle::Operator)],
                prop::collection::vec(p.boolean.clone(), 2..=3),
            )
                .prop_map(|(op, style, items)| BoolExpr::Logic(op, style, items))
                .boxed(),
        ),
        (
            2,
            p.boolean
                .clone()
                .prop_map(|x| BoolExpr::Not(boxed(x)))
                .boxed(),
        ),
        (
            1,
            (any::<bool>(), p.int.clone(), p.int.clone(), p.int.clone())
                .prop_map(|(n, x, lo, hi)| BoolExpr::Between(n, boxed(x), boxed(lo), boxed(hi)))
                .boxed(),
        ),
        (
            1,
            (
                any::<bool>(),
                p.int.clone(),
                prop::collection::vec(p.int.clone(), 0..=3),
            )
                .prop_map(|(n, x, items)| BoolExpr::In(n, boxed(x), items))
                .boxed(),
        ),
        (
            1,
            (any::<bool>(), any_operand.clone())
                .prop_map(|(n, x)| BoolExpr::IsNull(n, boxed(x)))
                .boxed(),
        ),
        (
            1,
            case_parts(&p.boolean, &p.boolean)
                .prop_map(|(w, e)| BoolExpr::Case(w, e))
                .boxed(),
        ),
    ];
    if shape.text {
        bool_arms.push((
            1,
            (cmp_op(), p.text.clone(), p.text.clone())
                .prop_map(|(op, l, r)| BoolExpr::TextCmp(op, boxed(l), boxed(r)))
                .boxed(),
        ));
    }
    let bool_node = weighted(bool_arms);

    let text_node = weighted(vec![
        (
            3,
            (any_operand.clone(), any_operand)
                .prop_map(|(l, r)| TextExpr::Concat(boxed(l), boxed(r)))
                .boxed(),
        ),
        (
            1,
            case_parts(&p.boolean, &p.text)
                .prop_map(|(w, e)| TextExpr::Case(w, e))
                .boxed(),
        ),
    ]);

    // Leaves first, so that shrinking goes towards them.
    Sorts {
        int: weighted(vec![(1, int_leaf()), (3, int_node)]),
        boolean: weighted(vec![(1, bool_leaf()), (3, bool_node)]),
        text: weighted(vec![(1, text_leaf()), (3, text_node)]),
    }
}

/// Random trees of the given shape, of any sort at the root.
pub(crate) fn trees(shape: Shape) -> BoxedStrategy<AnyExpr> {
    let mut sorts = Sorts {
        int: int_leaf(),
        boolean: bool_leaf(),
        text: text_leaf(),
    };
    for _ in 0..shape.depth {
        sorts = next_level(&sorts, shape);
    }
    let mut roots = vec![
        (2, sorts.int.prop_map(AnyExpr::Int).boxed()),
        (2, sorts.boolean.prop_map(AnyExpr::Bool).boxed()),
    ];
    if shape.text {
        roots.push((2, sorts.text.prop_map(AnyExpr::Text).boxed()));
    }
    weighted(roots)
}

pub(crate) const NUMERIC: Shape = Shape {
    text: false,
    depth: 7,
};
pub(crate) const WITH_TEXT: Shape = Shape {
    text: true,
    depth: 7,
};

pub(crate) fn config() -> Config {
    Config {
        cases: 512,
        max_global_rejects: 4096,
        // The trees are deep: give shrinking room to reach a small case.
        max_shrink_iters: 20_000,
        // Only this test file may be written: no regression files.
        failure_persistence: None,
        ..Config::default()
    }
}

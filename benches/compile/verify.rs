//! Verification against the spec: the spec's SQL and values, the allowed
//! deviations, normalisation and the placeholder check.

use aludel::Value;
use sea_query as sq;

use crate::aludel_stmt::{aludel_build, aludel_compile};
use crate::fixture::{
    D, DIALECTS, Fix, S1_ID, S2_EMAIL, S2_ID, S2_LIMIT, S2_NAME, S2_OFFSET, S3_ROWS, S4_FULLNAME,
    S4_ID, S4_NAME, S5_PATTERN, St,
};
use crate::floor::floor;
use crate::sea_stmt::sea_build;

// ---------------------------------------------------------------------------
// Verification against the spec
// ---------------------------------------------------------------------------

/// A parameter value in a form both libraries' values convert to.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum P {
    Int(i64),
    Text(String),
    Other(String),
}

fn p_aludel(v: &Value) -> P {
    match v {
        Value::Int(i) => P::Int(*i),
        Value::Text(s) => P::Text(s.to_string()),
        other => P::Other(format!("{other:?}")),
    }
}

fn p_sea(v: &sq::Value) -> P {
    match v {
        sq::Value::BigInt(Some(i)) => P::Int(*i),
        sq::Value::Int(Some(i)) => P::Int(i64::from(*i)),
        sq::Value::BigUnsigned(Some(u)) => match i64::try_from(*u) {
            Ok(i) => P::Int(i),
            Err(_) => P::Other(format!("{v:?}")),
        },
        sq::Value::Unsigned(Some(u)) => P::Int(i64::from(*u)),
        sq::Value::String(Some(s)) => P::Text(s.clone()),
        other => P::Other(format!("{other:?}")),
    }
}

/// The spec's SQL, `?` placeholders, no identifier quotes.
fn spec_sql(fx: &Fix, st: St) -> String {
    match st {
        St::S1 => {
            "SELECT users.id, users.name, users.fullname FROM users WHERE users.id = ?".into()
        }
        St::S2 => "SELECT users.name, addresses.email_address FROM users JOIN addresses \
                   ON users.id = addresses.user_id WHERE users.name LIKE ? AND \
                   addresses.email_address <> ? AND users.id > ? ORDER BY users.name \
                   LIMIT 10 OFFSET 20"
            .into(),
        St::S3 => {
            let rows = ["(?, ?, ?, ?)"; S3_ROWS].join(", ");
            format!("INSERT INTO users (id, name, fullname, nickname) VALUES {rows}")
        }
        St::S4 => "UPDATE users SET name = ?, fullname = ? WHERE users.id = ?".into(),
        St::S5 => "WITH cte AS (SELECT user_id, count(*) AS n FROM addresses GROUP BY user_id) \
                   SELECT users.name, cte.n, row_number() OVER (PARTITION BY users.nickname \
                   ORDER BY cte.n DESC) FROM users JOIN cte ON cte.user_id = users.id \
                   WHERE users.id IN (SELECT user_id FROM addresses WHERE email_address LIKE ?)"
            .into(),
        // The spec's "SELECT c1..cN FROM t WHERE c1 = ? AND ..." with columns
        // qualified as in S1-S4 (all three implementations write t.cK).
        St::S6(i) => {
            let names = &fx.s6[i].names;
            let cols: Vec<String> = names.iter().map(|n| format!("t.{n}")).collect();
            let conds: Vec<String> = names.iter().map(|n| format!("t.{n} = ?")).collect();
            format!(
                "SELECT {} FROM t WHERE {}",
                cols.join(", "),
                conds.join(" AND ")
            )
        }
    }
}

/// The values in placeholder order, LIMIT and OFFSET bound last for S2.
pub(crate) fn spec_values(fx: &Fix, st: St) -> Vec<P> {
    let t = |s: &str| P::Text(s.to_owned());
    match st {
        St::S1 => vec![P::Int(S1_ID)],
        St::S2 => vec![
            t(S2_NAME),
            t(S2_EMAIL),
            P::Int(S2_ID),
            P::Int(S2_LIMIT as i64),
            P::Int(S2_OFFSET as i64),
        ],
        St::S3 => fx
            .s3_rows
            .iter()
            .flat_map(|(id, a, b, c)| [P::Int(*id), t(a), t(b), t(c)])
            .collect(),
        St::S4 => vec![t(S4_NAME), t(S4_FULLNAME), P::Int(S4_ID)],
        St::S5 => vec![t(S5_PATTERN)],
        St::S6(i) => (1..=fx.s6[i].n as i64).map(P::Int).collect(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lib {
    Aludel,
    Sea,
    Floor,
}

impl Lib {
    fn name(self) -> &'static str {
        match self {
            Lib::Aludel => "aludel",
            Lib::Sea => "sea-query",
            Lib::Floor => "floor",
        }
    }
}

/// A semantically equivalent spelling that differs from the spec's text.
struct Deviation {
    from: &'static str,
    to: &'static str,
    why: &'static str,
}

const fn dev(from: &'static str, to: &'static str, why: &'static str) -> Deviation {
    Deviation { from, to, why }
}

/// Where an implementation's SQL is allowed to differ from the spec's text.
fn deviations(lib: Lib, st: St, d: D) -> Vec<Deviation> {
    const BOUND: &str = "LIMIT and OFFSET are bound parameters (values 10, 20)";
    let mut v = Vec::new();
    match (lib, st) {
        (Lib::Floor, St::S2) => v.push(dev("LIMIT 10 OFFSET 20", "LIMIT ? OFFSET ?", BOUND)),
        (Lib::Sea, St::S2) => {
            v.push(dev("LIMIT 10 OFFSET 20", "LIMIT ? OFFSET ?", BOUND));
            v.push(dev(
                "ORDER BY users.name",
                "ORDER BY users.name ASC",
                "sea-query always writes the sort direction",
            ));
        }
        (Lib::Aludel, St::S2) => {
            v.push(dev("<>", "!=", "aludel writes not-equal as !="));
            if d == D::My {
                v.push(dev(
                    "LIMIT 10 OFFSET 20",
                    "LIMIT ?, ?",
                    "LIMIT/OFFSET bound, in MySQL's LIMIT offset, count form (values 20, 10)",
                ));
                v.push(dev(
                    "FROM users JOIN",
                    "FROM users INNER JOIN",
                    "aludel's MySQL writes INNER JOIN",
                ));
            } else {
                v.push(dev("LIMIT 10 OFFSET 20", "LIMIT ? OFFSET ?", BOUND));
            }
        }
        (Lib::Aludel, St::S5) => {
            v.push(dev(
                "SELECT user_id, count(*) AS n FROM addresses GROUP BY user_id",
                "SELECT addresses.user_id AS user_id, count(*) AS n FROM addresses \
                 GROUP BY addresses.user_id",
                "aludel qualifies columns and labels every column of a CTE body",
            ));
            v.push(dev(
                "ORDER BY cte.n DESC)",
                "ORDER BY cte.n DESC) AS anon_1",
                "aludel labels an unnamed SELECT-list expression anon_N (as SQLAlchemy does)",
            ));
            v.push(dev(
                "SELECT user_id FROM addresses WHERE email_address LIKE ?",
                "SELECT addresses.user_id FROM addresses WHERE addresses.email_address LIKE ?",
                "aludel qualifies columns",
            ));
            if d == D::My {
                v.push(dev(
                    "FROM users JOIN",
                    "FROM users INNER JOIN",
                    "aludel's MySQL writes INNER JOIN",
                ));
            }
        }
        _ => {}
    }
    v
}

fn expected_values(fx: &Fix, lib: Lib, st: St, d: D) -> Vec<P> {
    let mut v = spec_values(fx, st);
    if (lib, st, d) == (Lib::Aludel, St::S2, D::My) {
        let n = v.len();
        v.swap(n - 2, n - 1);
    }
    v
}

/// Identifier quotes removed, `$n` written `?`, keywords lower-cased, one
/// space between tokens.
fn normalize(sql: &str) -> String {
    let s: Vec<char> = sql.chars().filter(|c| *c != '"' && *c != '`').collect();
    let mut toks: Vec<String> = Vec::new();
    let mut i = 0;
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    while i < s.len() {
        let c = s[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '$' && s.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
            while i < s.len() && s[i].is_ascii_digit() {
                i += 1;
            }
            toks.push("?".into());
        } else if word(c) {
            let start = i;
            while i < s.len() && word(s[i]) {
                i += 1;
            }
            toks.push(s[start..i].iter().collect::<String>().to_ascii_lowercase());
        } else if "<>!=".contains(c) {
            let start = i;
            while i < s.len() && "<>!=".contains(s[i]) {
                i += 1;
            }
            toks.push(s[start..i].iter().collect());
        } else {
            toks.push(c.to_string());
            i += 1;
        }
    }
    toks.join(" ")
}

/// Checks the placeholders are the dialect's: `$1..$n` in order for
/// PostgreSQL, `?` elsewhere; returns a complaint if not.
fn check_placeholders(sql: &str, d: D, n_values: usize) -> Option<String> {
    let (dollars, qmarks) = placeholders(sql);
    let (wrong_quote, right) = match d {
        D::My => ('"', '`'),
        D::Pg | D::Lite => ('`', '"'),
    };
    if sql.contains(wrong_quote) {
        return Some(format!(
            "quotes identifiers with {wrong_quote} instead of {right}"
        ));
    }
    match d {
        D::Pg => {
            if qmarks > 0 {
                return Some("has ? placeholders".into());
            }
            let want: Vec<usize> = (1..=n_values).collect();
            (dollars != want).then(|| format!("$n placeholders {dollars:?}, want 1..={n_values}"))
        }
        D::My | D::Lite => {
            if !dollars.is_empty() {
                return Some("has $n placeholders".into());
            }
            (qmarks != n_values).then(|| format!("{qmarks} ? placeholders for {n_values} values"))
        }
    }
}

fn placeholders(sql: &str) -> (Vec<usize>, usize) {
    let b = sql.as_bytes();
    let (mut dollars, mut qmarks) = (Vec::new(), 0);
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'?' {
            qmarks += 1;
        } else if b[i] == b'$' {
            let mut n = 0usize;
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_digit() {
                n = n * 10 + usize::from(b[j] - b'0');
                j += 1;
            }
            if j > i + 1 {
                dollars.push(n);
            }
            i = j;
            continue;
        }
        i += 1;
    }
    (dollars, qmarks)
}

fn render(fx: &Fix, lib: Lib, st: St, d: D) -> (String, Vec<P>) {
    match lib {
        Lib::Aludel => {
            let c = aludel_compile(&aludel_build(fx, st), d);
            (c.sql, c.params.iter().map(p_aludel).collect())
        }
        Lib::Sea => {
            let (sql, values) = sea_build(fx, st).render(d);
            (sql, values.iter().map(p_sea).collect())
        }
        Lib::Floor => {
            let (sql, params) = floor(fx, st, d);
            (sql, params.iter().map(p_aludel).collect())
        }
    }
}

/// Checks every statement of every implementation; prints the deviations
/// from the spec's text and, on a mismatch, both sides, then stops.
pub(crate) fn verify(fx: &Fix) {
    let show = std::env::var("ALUDEL_BENCH_SHOW_SQL").is_ok_and(|v| v == "1");
    let mut failures = 0;
    // (implementation, statement, from, to, why) -> dialects
    let mut notes: Vec<(String, Vec<&str>)> = Vec::new();
    let mut checked = 0;
    for st in St::all() {
        let spec = normalize(&spec_sql(fx, st));
        for d in DIALECTS {
            for lib in [Lib::Aludel, Lib::Sea, Lib::Floor] {
                checked += 1;
                let mut expected = spec.clone();
                for dv in deviations(lib, st, d) {
                    let (from, to) = (normalize(dv.from), normalize(dv.to));
                    assert!(
                        expected.contains(&from),
                        "deviation {:?} of {} {} does not occur in the spec",
                        dv.from,
                        lib.name(),
                        st.label()
                    );
                    expected = expected.replacen(&from, &to, 1);
                    let note = format!(
                        "{:<9} {:<3} `{}` -> `{}`: {}",
                        lib.name(),
                        st.label(),
                        dv.from,
                        dv.to,
                        dv.why
                    );
                    match notes.iter_mut().find(|(n, _)| *n == note) {
                        Some((_, ds)) => ds.push(d.short()),
                        None => notes.push((note, vec![d.short()])),
                    }
                }
                let (sql, values) = render(fx, lib, st, d);
                let want_values = expected_values(fx, lib, st, d);
                let mut problems = Vec::new();
                if normalize(&sql) != expected {
                    problems.push(format!(
                        "SQL differs\n    got (normalized):  {}\n    want (normalized): {}",
                        normalize(&sql),
                        expected
                    ));
                }
                if let Some(p) = check_placeholders(&sql, d, values.len()) {
                    problems.push(p);
                }
                if values != want_values {
                    problems.push(format!("values {values:?}\n    want {want_values:?}"));
                }
                if show {
                    println!("{:<9} {:<8} {:<6} {sql}", lib.name(), st.label(), d.short());
                }
                if !problems.is_empty() {
                    failures += 1;
                    println!(
                        "MISMATCH {} {} {}:\n  raw SQL: {sql}\n  {}",
                        lib.name(),
                        st.label(),
                        d.short(),
                        problems.join("\n  ")
                    );
                }
            }
        }
    }
    println!(
        "verified {checked} statements (S1-S6 x 3 dialects x aludel/sea-query/floor) \
         against the spec, modulo quoting, placeholder style and whitespace."
    );
    if !notes.is_empty() {
        println!("spelling differences from the spec's text (equivalent SQL):");
        for (note, ds) in &notes {
            println!("  {note} [{}]", ds.join(", "));
        }
    }
    assert!(
        failures == 0,
        "{failures} statements differ from the spec; see above"
    );
}

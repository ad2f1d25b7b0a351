//! The hand-written floor: the spec's SQL pushed piece by piece into a
//! `String`, values cloned into a `Vec`.

use aludel::Value;

use crate::fixture::{D, Fix, S3_ROWS, St};

// ---------------------------------------------------------------------------
// The hand-written floor
// ---------------------------------------------------------------------------

/// SQL text and values written by hand: literal pieces pushed into a
/// `String` with capacity, values cloned into a `Vec` with capacity.
struct Floor<'v> {
    sql: String,
    params: Vec<Value>,
    values: &'v [Value],
    numbered: bool,
}

impl<'v> Floor<'v> {
    #[inline]
    fn new(d: D, capacity: usize, values: &'v [Value]) -> Self {
        Floor {
            sql: String::with_capacity(capacity),
            params: Vec::with_capacity(values.len()),
            values,
            numbered: d == D::Pg,
        }
    }
    #[inline]
    fn s(&mut self, piece: &str) {
        self.sql.push_str(piece);
    }
    /// The next value's placeholder.
    #[inline]
    fn p(&mut self) {
        let i = self.params.len();
        self.params.push(self.values[i].clone());
        if self.numbered {
            self.sql.push('$');
            push_number(&mut self.sql, i + 1);
        } else {
            self.sql.push('?');
        }
    }
    #[inline]
    fn done(self) -> (String, Vec<Value>) {
        (self.sql, self.params)
    }
}

#[inline]
fn push_number(s: &mut String, mut n: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        s.push(char::from(b));
    }
}

/// The spec's SQL written by hand (LIMIT/OFFSET bound, as both libraries bind them).
pub(crate) fn floor(fx: &Fix, st: St, d: D) -> (String, Vec<Value>) {
    let values = fx.floor_values(st);
    match st {
        St::S1 => {
            let mut f = Floor::new(d, 96, values);
            f.s("SELECT users.id, users.name, users.fullname FROM users WHERE users.id = ");
            f.p();
            f.done()
        }
        St::S2 => {
            let mut f = Floor::new(d, 256, values);
            f.s("SELECT users.name, addresses.email_address FROM users \
                 JOIN addresses ON users.id = addresses.user_id WHERE users.name LIKE ");
            f.p();
            f.s(" AND addresses.email_address <> ");
            f.p();
            f.s(" AND users.id > ");
            f.p();
            f.s(" ORDER BY users.name LIMIT ");
            f.p();
            f.s(" OFFSET ");
            f.p();
            f.done()
        }
        St::S3 => {
            let mut f = Floor::new(d, 64 + S3_ROWS * 24, values);
            f.s("INSERT INTO users (id, name, fullname, nickname) VALUES ");
            for r in 0..S3_ROWS {
                f.s(if r == 0 { "(" } else { ", (" });
                f.p();
                f.s(", ");
                f.p();
                f.s(", ");
                f.p();
                f.s(", ");
                f.p();
                f.s(")");
            }
            f.done()
        }
        St::S4 => {
            let mut f = Floor::new(d, 96, values);
            f.s("UPDATE users SET name = ");
            f.p();
            f.s(", fullname = ");
            f.p();
            f.s(" WHERE users.id = ");
            f.p();
            f.done()
        }
        St::S5 => {
            let mut f = Floor::new(d, 320, values);
            f.s(
                "WITH cte AS (SELECT user_id, count(*) AS n FROM addresses GROUP BY user_id) \
                 SELECT users.name, cte.n, row_number() OVER (PARTITION BY users.nickname \
                 ORDER BY cte.n DESC) FROM users JOIN cte ON cte.user_id = users.id \
                 WHERE users.id IN (SELECT user_id FROM addresses WHERE email_address LIKE ",
            );
            f.p();
            f.s(")");
            f.done()
        }
        St::S6(i) => {
            let s6 = &fx.s6[i];
            let mut f = Floor::new(d, 32 + s6.n * 28, values);
            f.s("SELECT ");
            for (k, name) in s6.names.iter().enumerate() {
                if k > 0 {
                    f.s(", ");
                }
                f.s("t.");
                f.s(name);
            }
            f.s(" FROM t WHERE ");
            for (k, name) in s6.names.iter().enumerate() {
                if k > 0 {
                    f.s(" AND ");
                }
                f.s("t.");
                f.s(name);
                f.s(" = ");
                f.p();
            }
            f.done()
        }
    }
}

//! Whether a PostgreSQL session is inside a transaction block, followed
//! from the statements it runs: the server reports its status after every
//! statement, but the client does not expose it.
//!
//! PostgreSQL has no implicit commits and no server-side autocommit
//! switch: a block opens with `BEGIN` / `START TRANSACTION` and closes with
//! `COMMIT` / `END` / `ROLLBACK` / `ABORT` / `PREPARE TRANSACTION`, except
//! `... AND CHAIN`, which opens the next one at once, `ROLLBACK TO
//! SAVEPOINT`, which stays inside, and `COMMIT PREPARED` / `ROLLBACK
//! PREPARED`, which end another (prepared) transaction. A closing
//! statement that fails may or may not have closed the block (a refused
//! `COMMIT` rolls back; one that does not parse aborts the block and
//! leaves it open): after it the block is not known. An error inside a block leaves it open (aborted) until it
//! is rolled back. A text holding a `;` before its end may be a script of
//! several statements (or hold the `;` in a literal or a function's body):
//! after it the block is not known.

use crate::engine::driver::{after_comments, is_script};

/// What a statement does to the session's transaction block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Effect {
    /// Opens one (when it succeeds).
    Opens,
    /// Closes the open one (when it succeeds; when it fails, the block is
    /// not known).
    Closes,
    /// Leaves the session as it was.
    Keeps,
    /// May do anything (a script of several statements).
    Unknown,
}

/// The effect of `sql` on the transaction block, from its words.
pub(super) fn effect(sql: &str) -> Effect {
    if is_script(sql) {
        return Effect::Unknown;
    }
    let is =
        |word: Option<&str>, keyword: &str| word.is_some_and(|w| w.eq_ignore_ascii_case(keyword));
    let mut words = words(sql);
    let first = words.next();
    if is(first, "BEGIN") || is(first, "START") {
        return Effect::Opens;
    }
    if is(first, "PREPARE") {
        return if is(words.next(), "TRANSACTION") {
            Effect::Closes
        } else {
            Effect::Keeps
        };
    }
    if !["COMMIT", "END", "ROLLBACK", "ABORT"]
        .iter()
        .any(|k| is(first, k))
    {
        return Effect::Keeps;
    }
    let next = words.next();
    if (is(first, "ROLLBACK") && is(next, "TO")) || is(next, "PREPARED") {
        return Effect::Keeps;
    }
    // `AND CHAIN` opens the next block at once (`AND NO CHAIN` closes)
    let mut before = next;
    for word in words {
        if is(before, "AND") && is(Some(word), "CHAIN") {
            return Effect::Keeps;
        }
        before = Some(word);
    }
    Effect::Closes
}

/// The words of a statement (runs of ASCII letters) from its first on.
fn words(sql: &str) -> impl Iterator<Item = &str> {
    after_comments(sql)
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::{Effect, effect};

    /// Every way of opening, closing or staying in a block is told apart,
    /// whatever the case, spacing and leading comments.
    #[test]
    fn statements_open_close_or_keep_the_block() {
        use Effect::{Closes, Keeps, Opens, Unknown};
        for (sql, expected) in [
            ("BEGIN", Opens),
            ("begin isolation level serializable", Opens),
            ("START TRANSACTION READ ONLY", Opens),
            ("-- note\nBEGIN", Opens),
            ("COMMIT", Closes),
            ("commit work", Closes),
            ("END", Closes),
            ("ROLLBACK", Closes),
            ("ABORT", Closes),
            ("COMMIT AND NO CHAIN", Closes),
            ("PREPARE TRANSACTION 'tx1'", Closes),
            ("ROLLBACK PREPARED 'tx1'", Keeps),
            ("commit prepared 'tx1'", Keeps),
            ("COMMIT AND CHAIN", Keeps),
            ("rollback and  chain", Keeps),
            ("ROLLBACK TO SAVEPOINT a", Keeps),
            ("rollback to a", Keeps),
            ("SAVEPOINT a", Keeps),
            ("RELEASE SAVEPOINT a", Keeps),
            ("PREPARE q AS SELECT 1", Keeps),
            ("SELECT 'BEGIN'", Keeps),
            ("SET search_path = public", Keeps),
            ("", Keeps),
            ("BEGIN;", Opens),
            ("COMMIT ; ", Closes),
            ("BEGIN; INSERT INTO t VALUES (1); COMMIT", Unknown),
            ("INSERT INTO t VALUES (1); BEGIN", Unknown),
            ("DO $$ BEGIN PERFORM 1; END $$", Unknown),
        ] {
            assert_eq!(effect(sql), expected, "{sql}");
        }
    }
}

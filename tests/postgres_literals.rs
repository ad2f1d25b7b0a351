//! Values rendered inline on PostgreSQL (literal binds, and so DDL
//! defaults and comments) read back unchanged whatever the server's
//! `standard_conforming_strings`: strings and bytes holding a backslash
//! are written as escape strings, `E'...'`.
//!
//! Runs when `ALUDEL_TEST_POSTGRES_URL` is set; skipped with a message
//! otherwise.

#![cfg(feature = "postgres")]

mod support;

use aludel::dialect::Postgres;
use aludel::prelude::*;
use aludel::{CompileOptions, create_engine, text};

#[test]
fn inline_values_mean_the_same_under_either_setting() -> aludel::Result<()> {
    let Some(url) = support::url_of("postgresql") else {
        println!("skipped: set ALUDEL_TEST_POSTGRES_URL to run the PostgreSQL literal tests");
        return Ok(());
    };
    let engine = create_engine(&url)?;
    let mut conn = engine.connect()?;
    let inline = CompileOptions::new().literal_binds(true);
    let texts = [
        r"a \ b",
        r"it\'s",
        r"x\'; SELECT 1; --",
        r"\\",
        "plain 'quoted'",
    ];
    let bytes: [&[u8]; 3] = [&[0, 1, 0x5c, 0x27, 0xff], b"\\x41", &[]];
    // "off" first: a statement is prepared (parsed) once per connection.
    for setting in ["off", "on"] {
        conn.execute(text(&format!(
            "SET standard_conforming_strings = {setting}"
        )))?;
        for s in texts {
            let sql = select(literal(s)).compile_with(&Postgres, &inline)?.sql;
            let got: Option<String> = conn.execute(text(&sql))?.scalar()?;
            assert_eq!(got.as_deref(), Some(s), "{setting}: {sql}");
        }
        for b in bytes {
            // Cast: an untyped literal in a SELECT list is text.
            let value = literal(b.to_vec()).cast(Type::LargeBinary);
            let sql = select(value).compile_with(&Postgres, &inline)?.sql;
            let got: Option<Vec<u8>> = conn.execute(text(&sql))?.scalar()?;
            assert_eq!(got.as_deref(), Some(b), "{setting}: {sql}");
        }
    }
    conn.execute(text("SET standard_conforming_strings = on"))?;
    Ok(())
}

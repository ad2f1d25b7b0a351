//! Shared helpers for the live-database tests.
//!
//! SQLite always runs; PostgreSQL and MariaDB/MySQL run when
//! `ALUDEL_TEST_POSTGRES_URL` / `ALUDEL_TEST_MYSQL_URL` are set (`.ci/run`
//! sets them), and are reported as skipped otherwise.

#![allow(dead_code)]

use aludel::{Engine, create_engine};

/// The URL of each live database to test, SQLite first.
pub(crate) fn urls() -> Vec<(&'static str, String)> {
    let mut out = vec![("sqlite", "sqlite:///:memory:".to_owned())];
    for (name, var, feature_on) in [
        (
            "postgresql",
            "ALUDEL_TEST_POSTGRES_URL",
            cfg!(feature = "postgres"),
        ),
        ("mysql", "ALUDEL_TEST_MYSQL_URL", cfg!(feature = "mysql")),
    ] {
        match std::env::var(var) {
            Ok(url) if feature_on => out.push((name, url)),
            Ok(_) => println!("{name}: skipped (aludel's feature for it is not enabled)"),
            Err(_) => println!("{name}: skipped ({var} is not set)"),
        }
    }
    out
}

/// An engine per live database.
pub(crate) fn engines() -> Vec<(&'static str, Engine)> {
    urls()
        .into_iter()
        .map(|(name, url)| {
            let engine = create_engine(&url).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, engine)
        })
        .collect()
}

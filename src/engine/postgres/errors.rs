//! Errors: bind and decode failures, and the classification of PostgreSQL errors.

use std::error::Error as StdError;
use std::fmt;
use std::fmt::Write as _;

use postgres::error::{Severity, SqlState};

use crate::engine::driver::DriverError;
use crate::errors::ErrorKind;

// --- errors -------------------------------------------------------------

/// A value that cannot be bound to its parameter.
#[derive(Debug)]
pub(super) struct BindError(pub(super) String);

impl fmt::Display for BindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for BindError {}

/// A result value that could not be decoded.
#[derive(Debug)]
pub(super) struct DecodeError(pub(super) String);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for DecodeError {}

/// The DB-API category of a SQLSTATE, by its class (first two characters).
fn kind_of_sqlstate(code: &str) -> ErrorKind {
    match code.get(..2).unwrap_or("") {
        "23" => ErrorKind::Integrity,
        "22" => ErrorKind::Data,
        "42" | "2B" | "3D" | "3F" | "26" | "34" => ErrorKind::Programming,
        "08" | "53" | "57" | "58" | "40" | "55" => ErrorKind::Operational,
        "0A" => ErrorKind::NotSupported,
        "XX" => ErrorKind::Internal,
        _ => ErrorKind::Interface,
    }
}

pub(crate) fn classify(e: postgres::Error) -> DriverError {
    if let Some(db) = e.as_db_error() {
        let mut message = db.message().to_owned();
        if let Some(detail) = db.detail() {
            let _ = write!(message, "\nDETAIL: {detail}");
        }
        if let Some(hint) = db.hint() {
            let _ = write!(message, "\nHINT: {hint}");
        }
        return DriverError {
            kind: kind_of_sqlstate(db.code().code()),
            message,
            source: Box::new(e),
        };
    }
    if let Some(cause) = e.source() {
        if let Some(b) = cause.downcast_ref::<BindError>() {
            return DriverError {
                kind: ErrorKind::Data,
                message: b.0.clone(),
                source: Box::new(e),
            };
        }
        if let Some(d) = cause.downcast_ref::<DecodeError>() {
            return DriverError {
                kind: ErrorKind::Data,
                message: d.0.clone(),
                source: Box::new(e),
            };
        }
    }
    let mut message = e.to_string();
    let mut cause = e.source();
    let mut io = false;
    while let Some(c) = cause {
        io |= c.is::<std::io::Error>();
        let _ = write!(message, ": {c}");
        cause = c.source();
    }
    let kind = if io || e.is_closed() || message.starts_with("timeout") {
        ErrorKind::Operational
    } else {
        ErrorKind::Interface
    };
    DriverError {
        kind,
        message,
        source: Box::new(e),
    }
}

/// The server's SQLSTATE, if the driver error came from the server.
pub(super) fn sqlstate(e: &DriverError) -> Option<&SqlState> {
    e.source
        .downcast_ref::<postgres::Error>()
        .and_then(postgres::Error::code)
}

/// Whether the error ended the session: the socket failed or closed, or the
/// server reported a FATAL error (terminated backend, shutdown).
pub(super) fn ends_session(e: &DriverError) -> bool {
    let Some(pg) = e.source.downcast_ref::<postgres::Error>() else {
        return false;
    };
    pg.is_closed()
        || pg.source().is_some_and(|c| c.is::<std::io::Error>())
        || pg.as_db_error().is_some_and(|db| {
            matches!(
                db.parsed_severity(),
                Some(Severity::Fatal | Severity::Panic)
            )
        })
}

/// A prepared statement whose result columns changed under it (a table it
/// reads was altered): it must be prepared again.
pub(super) fn is_stale_plan(e: &DriverError) -> bool {
    sqlstate(e) == Some(&SqlState::FEATURE_NOT_SUPPORTED)
        && e.message
            .starts_with("cached plan must not change result type")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlstate_classes() {
        assert_eq!(kind_of_sqlstate("23505"), ErrorKind::Integrity);
        assert_eq!(kind_of_sqlstate("22012"), ErrorKind::Data);
        assert_eq!(kind_of_sqlstate("42601"), ErrorKind::Programming);
        assert_eq!(kind_of_sqlstate("3D000"), ErrorKind::Programming);
        assert_eq!(kind_of_sqlstate("40001"), ErrorKind::Operational);
        assert_eq!(kind_of_sqlstate("0A000"), ErrorKind::NotSupported);
        assert_eq!(kind_of_sqlstate("XX000"), ErrorKind::Internal);
        assert_eq!(kind_of_sqlstate("P0001"), ErrorKind::Interface);
    }
}

//! The connection pool: r2d2 over the drivers.

use std::time::Duration;

use super::driver::{Driver, DriverError};
use super::recent::Recent;
use super::url::{Backend, Url};
use crate::errors::{Error, Result};

/// Opens connections for the pool.
#[derive(Clone, Debug)]
pub(crate) struct Manager {
    pub(crate) url: Url,
    pub(crate) connect_timeout: Duration,
}

/// A driver error as the pool's error type.
#[derive(Debug)]
pub(crate) struct ConnectError(pub(crate) DriverError);

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for ConnectError {}

/// Fails when the URL's driver is not compiled in.
pub(crate) fn check_driver(backend: Backend) -> Result<()> {
    let (enabled, driver, feature) = match backend {
        Backend::Sqlite => (cfg!(feature = "sqlite"), "SQLite", "sqlite"),
        Backend::Postgres => (cfg!(feature = "postgres"), "PostgreSQL", "postgres"),
        Backend::Mysql | Backend::Mariadb => (cfg!(feature = "mysql"), "MySQL/MariaDB", "mysql"),
    };
    if enabled {
        Ok(())
    } else {
        Err(Error::DriverNotEnabled { driver, feature })
    }
}

/// A pooled database connection: its driver, and the statements it ran
/// last (kept from one checkout to the next, so a program that checks a
/// connection out per request still finds its statements without a lock).
pub(crate) struct Pooled {
    pub(crate) driver: Box<dyn Driver>,
    pub(crate) recent: Recent,
    /// Set when the connection could not be reset on its return (see
    /// [`Connection`](super::connection::Connection)'s drop): the pool then
    /// discards it.
    pub(crate) broken: bool,
}

impl Pooled {
    #[cfg_attr(
        not(any(feature = "sqlite", feature = "postgres", feature = "mysql")),
        allow(dead_code)
    )]
    fn new(driver: Box<dyn Driver>) -> Box<Pooled> {
        Box::new(Pooled {
            driver,
            recent: Recent::default(),
            broken: false,
        })
    }
}

impl r2d2::ManageConnection for Manager {
    /// Boxed: the pool moves its connections in and out of its idle list
    /// on every checkout and return, a pointer instead of the whole state.
    type Connection = Box<Pooled>;
    type Error = ConnectError;

    fn connect(&self) -> std::result::Result<Self::Connection, Self::Error> {
        match self.url.backend {
            #[cfg(feature = "sqlite")]
            Backend::Sqlite => {
                let d = super::sqlite::connect(&self.url, self.connect_timeout);
                return Ok(Pooled::new(Box::new(d.map_err(ConnectError)?)));
            }
            #[cfg(feature = "postgres")]
            Backend::Postgres => {
                let d = super::postgres::connect(&self.url, self.connect_timeout);
                return Ok(Pooled::new(Box::new(d.map_err(ConnectError)?)));
            }
            #[cfg(feature = "mysql")]
            Backend::Mysql | Backend::Mariadb => {
                let d = super::mysql::connect(&self.url, self.connect_timeout);
                return Ok(Pooled::new(Box::new(d.map_err(ConnectError)?)));
            }
            #[allow(unreachable_patterns)]
            _ => {}
        }
        // `check_driver` refuses such URLs when the engine is built.
        let _ = self.connect_timeout;
        Err(ConnectError(DriverError {
            kind: crate::errors::ErrorKind::Interface,
            message: format!("no driver compiled in for {:?}", self.url.backend),
            source: format!("no driver for {:?}", self.url.backend).into(),
        }))
    }

    fn is_valid(&self, conn: &mut Self::Connection) -> std::result::Result<(), Self::Error> {
        if conn.driver.ping() {
            Ok(())
        } else {
            Err(ConnectError(DriverError {
                kind: crate::errors::ErrorKind::Operational,
                message: "the connection no longer answers".into(),
                source: "ping failed".into(),
            }))
        }
    }

    fn has_broken(&self, conn: &mut Self::Connection) -> bool {
        conn.broken || conn.driver.is_broken()
    }
}

//! The Engine: connections to a real database, pooled, and the statements
//! the compiler builds run on them.
//!
//! ```
//! use aludel::{create_engine, text};
//! let engine = create_engine("sqlite:///:memory:")?;
//! let mut conn = engine.connect()?;
//! let five: Option<i64> = conn.execute(text("SELECT 5"))?.scalar()?;
//! assert_eq!(five, Some(5));
//! # Ok::<(), aludel::Error>(())
//! ```

mod cache;
mod connection;
mod decode;
mod driver;
#[cfg(feature = "mysql")]
mod mysql;
mod params;
mod pool;
#[cfg(feature = "postgres")]
mod postgres;
mod prepared;
mod recent;
mod result;
mod row_cell;
#[cfg(feature = "serde")]
mod serialized;
#[cfg(feature = "sqlite")]
mod sqlite;
mod stats;
mod stream;
mod transaction;
mod url;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use aludel_compiler::Dialect;
use aludel_compiler::dialect::{Mariadb, Mysql, Postgres, Sqlite};

pub use connection::Connection;
pub use decode::{FromValue, ValueRef};
pub use params::{IntoParams, Params};
pub use result::{Columns, FromRow, ResultSet, Row, RowIndex};
pub use row_cell::RowCell;
#[cfg(feature = "serde")]
pub use serialized::Serialized;
pub use stats::CacheStats;
pub use stream::RowRef;
pub use transaction::{IsolationLevel, Transaction};
pub use url::{Backend, Url};

use crate::errors::{Error, Result};

/// Engine settings; build with [`EngineBuilder`].
#[derive(Clone, Debug)]
pub(crate) struct EngineOptions {
    pub(crate) echo: bool,
    pub(crate) pool_size: u32,
    pub(crate) connect_timeout: Duration,
    pub(crate) checkout_timeout: Duration,
    pub(crate) cache_size: usize,
    pub(crate) isolation_level: Option<IsolationLevel>,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            echo: false,
            pool_size: 5,
            connect_timeout: Duration::from_secs(10),
            checkout_timeout: Duration::from_secs(30),
            cache_size: 500,
            isolation_level: None,
        }
    }
}

/// The starting point: a database, a pool of connections to it, the
/// dialect to compile for, and a cache of compiled statements.
///
/// Cheap to clone and shareable between threads. Lazy: no connection is
/// opened until the first [`Engine::connect`].
///
/// ```
/// let engine = aludel::create_engine("sqlite:///:memory:")?;
/// let e2 = engine.clone();
/// std::thread::spawn(move || e2.connect().map(|_| ())).join().unwrap()?;
/// assert_eq!(engine.dialect().name(), "sqlite");
/// # Ok::<(), aludel::Error>(())
/// ```
#[derive(Clone)]
pub struct Engine(pub(crate) Arc<EngineInner>);

pub(crate) struct EngineInner {
    pub(crate) url: Url,
    pub(crate) dialect: &'static dyn Dialect,
    pub(crate) pool: r2d2::Pool<pool::Manager>,
    pub(crate) manager: pool::Manager,
    pub(crate) options: EngineOptions,
    pub(crate) cache: cache::StatementCache,
}

/// Creates an [`Engine`] for a URL with default settings.
///
/// URLs: `sqlite:///:memory:`, `sqlite:///relative.db`,
/// `sqlite:////absolute.db`, `postgresql://user:pass@host:port/db`,
/// `mysql://...`, `mariadb://...`.
///
/// ```
/// assert!(aludel::create_engine("sqlite:///:memory:").is_ok());
/// assert!(aludel::create_engine("oracle://x").is_err());
/// assert!(aludel::create_engine("no url").is_err());
/// ```
pub fn create_engine(url: &str) -> Result<Engine> {
    EngineBuilder::new(url).build()
}

/// Builds an [`Engine`] with settings.
///
/// ```
/// use std::time::Duration;
/// let engine = aludel::EngineBuilder::new("sqlite:///:memory:")
///     .echo(true)
///     .pool_size(4)
///     .connect_timeout(Duration::from_secs(5))
///     .checkout_timeout(Duration::from_secs(5))
///     .build()?;
/// # Ok::<(), aludel::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct EngineBuilder {
    url: String,
    options: EngineOptions,
}

impl EngineBuilder {
    /// Settings for the database at `url`.
    ///
    /// See [`EngineBuilder`].
    pub fn new(url: &str) -> Self {
        EngineBuilder {
            url: url.to_owned(),
            options: EngineOptions::default(),
        }
    }

    /// Logs every statement and its parameters through `tracing` (target
    /// `aludel::engine`, level INFO).
    ///
    /// See [`EngineBuilder`].
    pub fn echo(mut self, on: bool) -> Self {
        self.options.echo = on;
        self
    }

    /// The most connections the pool opens (an in-memory SQLite database
    /// always uses one, since each connection would see its own database).
    ///
    /// See [`EngineBuilder`].
    pub fn pool_size(mut self, n: u32) -> Self {
        self.options.pool_size = n.max(1);
        self
    }

    /// How long opening a connection may take (SQLite: how long to wait for a lock).
    ///
    /// See [`EngineBuilder`].
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.options.connect_timeout = d;
        self
    }

    /// How long [`Engine::connect`] waits for a free pooled connection.
    ///
    /// See [`EngineBuilder`].
    pub fn checkout_timeout(mut self, d: Duration) -> Self {
        self.options.checkout_timeout = d;
        self
    }

    /// How many compiled statements the engine keeps (0 disables the cache).
    ///
    /// ```
    /// let engine = aludel::EngineBuilder::new("sqlite:///:memory:").statement_cache_size(0).build()?;
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn statement_cache_size(mut self, n: usize) -> Self {
        self.options.cache_size = n;
        self
    }

    /// The isolation level every transaction starts with.
    ///
    /// ```
    /// use aludel::{EngineBuilder, IsolationLevel};
    /// let engine = EngineBuilder::new("sqlite:///:memory:").isolation_level(IsolationLevel::Serializable).build()?;
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn isolation_level(mut self, level: IsolationLevel) -> Self {
        self.options.isolation_level = Some(level);
        self
    }

    /// Checks the URL and the driver, and creates the engine (without connecting).
    ///
    /// See [`EngineBuilder`].
    pub fn build(self) -> Result<Engine> {
        let url = Url::parse(&self.url)?;
        let dialect: &'static dyn Dialect = match url.backend {
            Backend::Sqlite => &Sqlite,
            Backend::Postgres => &Postgres,
            Backend::Mysql => &Mysql,
            Backend::Mariadb => &Mariadb,
        };
        pool::check_driver(url.backend)?;
        if let (Backend::Sqlite, Some(level)) = (url.backend, self.options.isolation_level) {
            if !matches!(
                level,
                IsolationLevel::Serializable | IsolationLevel::ReadUncommitted
            ) {
                return Err(Error::Argument(format!(
                    "SQLite offers SERIALIZABLE and READ UNCOMMITTED isolation, not {}",
                    level.as_sql()
                )));
            }
        }
        let mut options = self.options;
        if url.backend == Backend::Sqlite && url.database == ":memory:" {
            options.pool_size = 1;
        }
        let manager = pool::Manager {
            url: url.clone(),
            connect_timeout: options.connect_timeout,
        };
        let memory = url.backend == Backend::Sqlite && url.database == ":memory:";
        let pool = r2d2::Pool::builder()
            // An in-memory database lives as long as its one connection: never retire it.
            .idle_timeout(if memory {
                None
            } else {
                Some(Duration::from_secs(600))
            })
            .max_lifetime(if memory {
                None
            } else {
                Some(Duration::from_secs(1800))
            })
            .max_size(options.pool_size)
            .min_idle(Some(0))
            .connection_timeout(options.checkout_timeout)
            .test_on_check_out(false)
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .build_unchecked(manager.clone());
        Ok(Engine(Arc::new(EngineInner {
            cache: cache::StatementCache::new(options.cache_size),
            url,
            dialect,
            pool,
            manager,
            options,
        })))
    }
}

impl Engine {
    /// A connection from the pool (opened if none is free).
    ///
    /// See [`Engine`].
    pub fn connect(&self) -> Result<Connection> {
        // An idle connection is taken at once: one lock, and none of the
        // clock reads `get`'s timeout takes (a program that checks a
        // connection out per request mostly finds one idle).
        if let Some(conn) = self.0.pool.try_get() {
            return Ok(Connection::new(self.clone(), conn));
        }
        // The pool retries failed connects until its checkout timeout; when
        // it holds no connection yet, try one first so a wrong URL or a
        // stopped server is reported at once.
        if self.0.pool.state().connections == 0 {
            use r2d2::ManageConnection;
            let probe = self.0.manager.connect();
            probe.map_err(|e| connection::database_error(e.0, "", &[]))?;
        }
        let conn = self.0.pool.get().map_err(|e| {
            let state = self.0.pool.state();
            Error::Pool(format!(
                "{e} ({} of {} pooled connections are in use{}; return one by dropping it, \
                 or raise pool_size)",
                state.connections - state.idle_connections,
                self.0.options.pool_size,
                if self.0.url.database == ":memory:" {
                    ", and an in-memory SQLite database has exactly one"
                } else {
                    ""
                }
            ))
        })?;
        Ok(Connection::new(self.clone(), conn))
    }

    /// The dialect statements are compiled for.
    ///
    /// See [`Engine`].
    pub fn dialect(&self) -> &'static dyn Dialect {
        self.0.dialect
    }

    /// The database URL (its password masked when displayed).
    ///
    /// ```
    /// let e = aludel::create_engine("sqlite:///:memory:")?;
    /// assert_eq!(e.url().to_string(), "sqlite:///:memory:");
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn url(&self) -> &Url {
        &self.0.url
    }

    /// Which database this is.
    ///
    /// ```
    /// let e = aludel::create_engine("sqlite:///:memory:")?;
    /// assert_eq!(e.backend(), aludel::Backend::Sqlite);
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn backend(&self) -> Backend {
        self.0.url.backend
    }

    /// Statement-cache hits and misses so far, and the templates held.
    ///
    /// Each connection counts its own hits and misses (no counter shared by
    /// threads is written per execution); these are the sums over every
    /// connection, open or closed.
    ///
    /// ```
    /// use aludel::prelude::*;
    /// let engine = aludel::create_engine("sqlite:///:memory:")?;
    /// let mut conn = engine.connect()?;
    /// for i in 0..3 {
    ///     conn.execute(select(literal(i)))?;
    /// }
    /// let stats = engine.cache_stats();
    /// assert_eq!((stats.hits, stats.misses), (2, 1));
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn cache_stats(&self) -> CacheStats {
        self.0.cache.stats()
    }
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Engine({})", self.0.url)
    }
}

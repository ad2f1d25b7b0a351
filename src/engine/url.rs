//! Database URLs: `sqlite:///file.db`, `postgresql://user:pass@host:5432/db`, ...

use std::fmt;

use crate::errors::{Error, Result};

/// Which database a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    /// SQLite (embedded).
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// MySQL.
    Mysql,
    /// MariaDB.
    Mariadb,
}

/// A parsed database URL.
///
/// ```
/// use aludel::{Url, Backend};
/// let u = Url::parse("postgresql://scott:tiger@localhost:5433/test?sslmode=disable")?;
/// assert_eq!(u.backend, Backend::Postgres);
/// assert_eq!(u.username.as_deref(), Some("scott"));
/// assert_eq!(u.port, Some(5433));
/// assert_eq!(u.database, "test");
/// assert_eq!(Url::parse("sqlite:///:memory:")?.database, ":memory:");
/// assert_eq!(Url::parse("sqlite:////var/db/app.db")?.database, "/var/db/app.db");
/// assert_eq!(Url::parse("sqlite:///app.db")?.database, "app.db");
/// assert!(Url::parse("postgresql://host:notaport/db").is_err());
/// # Ok::<(), aludel::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Url {
    /// The database kind.
    pub backend: Backend,
    /// User name, if given.
    pub username: Option<String>,
    /// Password, if given.
    pub password: Option<String>,
    /// Host (empty for SQLite).
    pub host: String,
    /// Port, if given.
    pub port: Option<u16>,
    /// Database name, or for SQLite the file path (`:memory:` for an in-memory database).
    pub database: String,
    /// Query-string options, in order.
    pub query: Vec<(String, String)>,
}

fn bad(url: &str, reason: impl Into<String>) -> Error {
    Error::Url {
        url: mask(url),
        reason: reason.into(),
    }
}

/// The URL with its password replaced by `***`, for messages.
fn mask(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        if let Some((auth, host)) = rest.rsplit_once('@') {
            if let Some((user, _)) = auth.split_once(':') {
                return format!("{scheme}://{user}:***@{host}");
            }
        }
    }
    url.to_owned()
}

fn percent_decode(s: &str, url: &str) -> Result<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| bad(url, "a '%' must be followed by two hex digits"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| bad(url, "percent-encoded text is not UTF-8"))
}

impl Url {
    /// Parses a URL. The scheme may carry a driver suffix, which is ignored
    /// (`postgresql+psycopg2://` works like `postgresql://`).
    ///
    /// See [`Url`] for examples.
    pub fn parse(url: &str) -> Result<Url> {
        let (scheme, rest) = url.split_once("://").ok_or_else(|| {
            bad(
                url,
                "expected scheme://..., e.g. sqlite:///app.db or postgresql://user@host/db",
            )
        })?;
        let base = scheme
            .split('+')
            .next()
            .unwrap_or(scheme)
            .to_ascii_lowercase();
        let backend = match base.as_str() {
            "sqlite" => Backend::Sqlite,
            "postgresql" | "postgres" => Backend::Postgres,
            "mysql" => Backend::Mysql,
            "mariadb" => Backend::Mariadb,
            other => {
                return Err(bad(
                    url,
                    format!(
                        "unknown database scheme {other:?}; use sqlite, postgresql, mysql or mariadb"
                    ),
                ));
            }
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, parse_query(q, url)?),
            None => (rest, Vec::new()),
        };
        if backend == Backend::Sqlite {
            // sqlite:///relative.db, sqlite:////absolute.db, sqlite:// (memory)
            let path = rest.strip_prefix('/').unwrap_or(rest);
            let database = if path.is_empty() {
                ":memory:".to_owned()
            } else {
                percent_decode(path, url)?
            };
            return Ok(Url {
                backend,
                username: None,
                password: None,
                host: String::new(),
                port: None,
                database,
                query,
            });
        }
        let (netloc, database) = match rest.split_once('/') {
            Some((n, d)) => (n, percent_decode(d, url)?),
            None => (rest, String::new()),
        };
        let (auth, hostport) = match netloc.rsplit_once('@') {
            Some((a, h)) => (Some(a), h),
            None => (None, netloc),
        };
        let (username, password) = match auth {
            None => (None, None),
            Some(a) => match a.split_once(':') {
                Some((u, p)) => (Some(percent_decode(u, url)?), Some(percent_decode(p, url)?)),
                None => (Some(percent_decode(a, url)?), None),
            },
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || hostport.starts_with('[') => {
                let port = p
                    .parse::<u16>()
                    .map_err(|_| bad(url, format!("port {p:?} is not a number from 0 to 65535")))?;
                (h.trim_matches(['[', ']']).to_owned(), Some(port))
            }
            _ => (hostport.trim_matches(['[', ']']).to_owned(), None),
        };
        let host = if host.is_empty() {
            "localhost".to_owned()
        } else {
            host
        };
        Ok(Url {
            backend,
            username,
            password,
            host,
            port,
            database,
            query,
        })
    }

    /// A query-string option.
    ///
    /// ```
    /// let u = aludel::Url::parse("mysql://root@localhost/test?charset=utf8mb4")?;
    /// assert_eq!(u.option("charset"), Some("utf8mb4"));
    /// # Ok::<(), aludel::Error>(())
    /// ```
    pub fn option(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn parse_query(q: &str, url: &str) -> Result<Vec<(String, String)>> {
    q.split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            Ok((percent_decode(k, url)?, percent_decode(v, url)?))
        })
        .collect()
}

impl fmt::Debug for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Url({self})")
    }
}

impl fmt::Display for Url {
    /// The URL with the password masked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = match self.backend {
            Backend::Sqlite => return write!(f, "sqlite:///{}", self.database),
            Backend::Postgres => "postgresql",
            Backend::Mysql => "mysql",
            Backend::Mariadb => "mariadb",
        };
        write!(f, "{scheme}://")?;
        if let Some(u) = &self.username {
            f.write_str(u)?;
            if self.password.is_some() {
                f.write_str(":***")?;
            }
            f.write_str("@")?;
        }
        f.write_str(&self.host)?;
        if let Some(p) = self.port {
            write!(f, ":{p}")?;
        }
        write!(f, "/{}", self.database)
    }
}

//! TLS on PostgreSQL connections: the URL's `sslmode` and `sslrootcert`,
//! read as libpq reads them. The handshake itself needs the `postgres-tls`
//! feature (the system's TLS library, through `native-tls`); without it,
//! a mode that needs TLS is refused with a message saying so.

use postgres::config::SslMode;
use postgres::{Client, Config, NoTls};

use super::super::driver::DriverError;
use super::super::url::Url;
use super::interface;

/// What the URL asks of TLS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Ssl {
    mode: Mode,
    /// The authorities that sign the server's certificate, where the mode
    /// checks it.
    roots: Roots,
}

/// libpq's `sslmode` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// `disable`, `allow` (which tries without TLS first), and any mode
    /// over a Unix socket (as libpq, which uses no TLS there).
    Disable,
    /// TLS when the server offers it, the certificate not checked (libpq's
    /// default; without the `postgres-tls` feature, no TLS).
    Prefer,
    /// TLS or no connection; the certificate is checked when there are
    /// root certificates to check it against (`sslrootcert`, or
    /// `~/.postgresql/root.crt`), as libpq does, not otherwise.
    Require,
    /// TLS with a certificate signed by an authority of the root file.
    VerifyCa,
    /// As `VerifyCa`, and the certificate names the host connected to.
    VerifyFull,
}

/// Where the trusted authorities come from.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Roots {
    /// None given, and no `~/.postgresql/root.crt`.
    None,
    /// A PEM file: `sslrootcert=/path`, or (`default`) `~/.postgresql/root.crt`.
    File { path: String, default: bool },
    /// The system's (`sslrootcert=system`; only with `verify-full`).
    System,
}

impl Ssl {
    /// Reads `sslmode` and `sslrootcert` from the URL.
    pub(super) fn from_url(url: &Url) -> Result<Ssl, DriverError> {
        let system = url.option("sslrootcert") == Some("system");
        // With the system's authorities the host must be checked: libpq
        // makes verify-full the default then, and refuses weaker modes.
        let asked = url.option("sslmode").or(system.then_some("verify-full"));
        if system && asked != Some("verify-full") {
            return Err(interface(format!(
                "sslrootcert=system needs sslmode=verify-full (not {}): the system's \
                 authorities sign certificates for any host, so the host name must be checked",
                asked.unwrap_or_default()
            )));
        }
        let mut mode = match asked {
            None if cfg!(feature = "postgres-tls") => Mode::Prefer,
            None | Some("disable" | "allow") => Mode::Disable,
            Some("prefer") => Mode::Prefer,
            Some("require") => Mode::Require,
            Some("verify-ca") => Mode::VerifyCa,
            Some("verify-full") => Mode::VerifyFull,
            Some(other) => {
                return Err(interface(format!(
                    "unknown sslmode={other:?}; PostgreSQL's modes are disable, allow, prefer, \
                     require, verify-ca and verify-full"
                )));
            }
        };
        if url.option("host").is_some_and(|h| h.starts_with('/')) {
            // A Unix socket: no TLS, whatever the mode (as libpq).
            mode = Mode::Disable;
        }
        if !cfg!(feature = "postgres-tls") {
            if matches!(mode, Mode::Require | Mode::VerifyCa | Mode::VerifyFull) {
                return Err(interface(format!(
                    "sslmode={} needs TLS: build aludel with the postgres-tls feature, \
                     or connect with sslmode=disable",
                    asked.unwrap_or_default()
                )));
            }
            // No TLS: the roots are not read (libpq ignores them too).
            return Ok(Ssl {
                mode: Mode::Disable,
                roots: Roots::None,
            });
        }
        let roots = match url.option("sslrootcert") {
            Some("system") => Roots::System,
            Some(path) => Roots::File {
                path: path.to_owned(),
                default: false,
            },
            None => default_root_file().map_or(Roots::None, |path| Roots::File {
                path,
                default: true,
            }),
        };
        let mode_name = asked.unwrap_or("prefer");
        match (mode, &roots) {
            (Mode::VerifyCa | Mode::VerifyFull, Roots::None) => Err(interface(format!(
                "sslmode={mode_name} checks the server's certificate, but there is nothing to \
                 check it against: give sslrootcert=/path/to/root.pem{}, or put the \
                 certificates in ~/.postgresql/root.crt",
                if mode == Mode::VerifyFull {
                    " (or sslrootcert=system for the system's authorities)"
                } else {
                    ""
                }
            ))),
            _ => Ok(Ssl { mode, roots }),
        }
    }

    /// Connects as the URL asked: without TLS, or through a TLS connector
    /// that checks what the mode says.
    pub(super) fn connect(&self, config: &mut Config) -> Result<Client, DriverError> {
        if self.mode == Mode::Disable {
            config.ssl_mode(SslMode::Disable);
            return config.connect(NoTls).map_err(connect_error);
        }
        self.connect_tls(config)
    }

    #[cfg(feature = "postgres-tls")]
    fn connect_tls(&self, config: &mut Config) -> Result<Client, DriverError> {
        use native_tls::{Certificate, TlsConnector};
        let mut builder = TlsConnector::builder();
        let check_chain = match self.mode {
            Mode::VerifyCa | Mode::VerifyFull => true,
            Mode::Require => self.roots != Roots::None,
            Mode::Prefer | Mode::Disable => false,
        };
        if let (true, Roots::File { path, default }) = (check_chain, &self.roots) {
            let what = if *default {
                "the root certificate file"
            } else {
                "sslrootcert"
            };
            let pem = std::fs::read(path)
                .map_err(|e| interface(format!("cannot read {what} {path:?}: {e}")))?;
            let certs = Certificate::stack_from_pem(&pem).map_err(|e| {
                interface(format!(
                    "{what} {path:?} holds no PEM certificate that can be read: {e}"
                ))
            })?;
            if certs.is_empty() {
                return Err(interface(format!(
                    "{what} {path:?} holds no PEM certificate"
                )));
            }
            // Only these: not the system's authorities as well.
            builder.disable_built_in_roots(true);
            for cert in certs {
                builder.add_root_certificate(cert);
            }
        }
        builder.danger_accept_invalid_certs(!check_chain);
        builder.danger_accept_invalid_hostnames(self.mode != Mode::VerifyFull);
        let connector = builder
            .build()
            .map_err(|e| interface(format!("cannot set up TLS: {e}")))?;
        config.ssl_mode(if self.mode == Mode::Prefer {
            SslMode::Prefer
        } else {
            SslMode::Require
        });
        config
            .connect(postgres_native_tls::MakeTlsConnector::new(connector))
            .map_err(connect_error)
    }

    #[cfg(not(feature = "postgres-tls"))]
    fn connect_tls(&self, config: &mut Config) -> Result<Client, DriverError> {
        // Never reached: without the feature, from_url leaves only Disable.
        config.ssl_mode(SslMode::Disable);
        config.connect(NoTls).map_err(connect_error)
    }
}

/// libpq's default root file, `~/.postgresql/root.crt`, when it exists.
fn default_root_file() -> Option<String> {
    let home = std::env::var_os("HOME")?;
    let path = std::path::Path::new(&home).join(".postgresql/root.crt");
    path.is_file().then(|| path.to_string_lossy().into_owned())
}

/// A failure to connect (refused, authentication, TLS handshake) is operational.
fn connect_error(e: postgres::Error) -> DriverError {
    let mut err = super::classify(e);
    err.kind = crate::errors::ErrorKind::Operational;
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ssl(url: &str) -> Result<Ssl, DriverError> {
        Ssl::from_url(&Url::parse(url).expect("url"))
    }

    fn mode(query: &str) -> Result<Mode, DriverError> {
        ssl(&format!("postgresql://u@h/db{query}")).map(|s| s.mode)
    }

    #[test]
    fn modes_are_read_as_libpq_reads_them() {
        assert_eq!(mode("?sslmode=disable").ok(), Some(Mode::Disable));
        assert_eq!(mode("?sslmode=allow").ok(), Some(Mode::Disable));
        let (default, prefer) = if cfg!(feature = "postgres-tls") {
            (Mode::Prefer, Mode::Prefer)
        } else {
            (Mode::Disable, Mode::Disable)
        };
        assert_eq!(mode("").ok(), Some(default));
        assert_eq!(mode("?sslmode=prefer").ok(), Some(prefer));
        // A Unix socket has no TLS, whatever the mode.
        assert_eq!(
            mode("?host=/run/postgresql&sslmode=verify-full").ok(),
            Some(Mode::Disable)
        );
        // A root file is no reason to refuse a connection without TLS.
        assert_eq!(
            mode("?sslmode=disable&sslrootcert=/nonexistent").ok(),
            Some(Mode::Disable)
        );
        // The system's authorities only with the host checked: verify-full
        // by default, every weaker mode refused (with or without the feature).
        for m in ["disable", "prefer", "require", "verify-ca"] {
            let err = mode(&format!("?sslmode={m}&sslrootcert=system")).expect_err(m);
            assert!(err.message.contains("verify-full"), "{}", err.message);
        }
        let system = mode("?sslrootcert=system");
        if cfg!(feature = "postgres-tls") {
            assert_eq!(system.ok(), Some(Mode::VerifyFull));
        } else {
            let err = system.expect_err("no TLS");
            assert!(err.message.contains("postgres-tls"), "{}", err.message);
        }
        let err = mode("?sslmode=yes").expect_err("unknown mode");
        assert!(err.message.contains("verify-full"), "{}", err.message);
        for m in ["require", "verify-ca", "verify-full"] {
            let got = mode(&format!("?sslmode={m}&sslrootcert=/etc/root.pem"));
            if cfg!(feature = "postgres-tls") {
                assert!(got.is_ok(), "{m}");
            } else {
                let err = got.expect_err(m);
                assert!(err.message.contains("postgres-tls"), "{}", err.message);
                assert!(err.message.contains(m), "{}", err.message);
            }
        }
    }

    #[cfg(feature = "postgres-tls")]
    #[test]
    fn checking_modes_need_roots_and_system_roots_need_the_host_checked() {
        assert_eq!(
            mode("?sslmode=verify-full&sslrootcert=system").ok(),
            Some(Mode::VerifyFull)
        );
        if default_root_file().is_none() {
            for m in ["verify-ca", "verify-full"] {
                let err = mode(&format!("?sslmode={m}")).expect_err(m);
                assert!(err.message.contains("sslrootcert"), "{}", err.message);
            }
            // require without roots encrypts without checking, as libpq.
            assert_eq!(mode("?sslmode=require").ok(), Some(Mode::Require));
        }
    }
}

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
    /// `sslrootcert`: a PEM file of the certificates to trust instead of
    /// the system's (`system`: the system's).
    root_cert: Option<String>,
}

/// libpq's `sslmode` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// `disable`, and `allow` (which tries without TLS first).
    Disable,
    /// TLS when the server offers it, the certificate not checked (libpq's
    /// default; without the `postgres-tls` feature, no TLS).
    Prefer,
    /// TLS or no connection; the certificate is checked against
    /// `sslrootcert` when one is given (as libpq does), not otherwise.
    Require,
    /// TLS with a certificate signed by a trusted authority.
    VerifyCa,
    /// As `VerifyCa`, and the certificate names the host connected to.
    VerifyFull,
}

impl Ssl {
    /// Reads `sslmode` and `sslrootcert` from the URL.
    pub(super) fn from_url(url: &Url) -> Result<Ssl, DriverError> {
        let mode = match url.option("sslmode") {
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
        let ssl = Ssl {
            mode,
            root_cert: url.option("sslrootcert").map(str::to_owned),
        };
        if !cfg!(feature = "postgres-tls") {
            let needs_tls = matches!(mode, Mode::Require | Mode::VerifyCa | Mode::VerifyFull);
            if needs_tls || ssl.root_cert.is_some() {
                let what = match url.option("sslmode") {
                    Some(m) if needs_tls => format!("sslmode={m}"),
                    _ => "sslrootcert".to_owned(),
                };
                return Err(interface(format!(
                    "{what} needs TLS: build aludel with the postgres-tls feature, \
                     or connect with sslmode=disable"
                )));
            }
        }
        Ok(ssl)
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
        let own_roots = self.root_cert.as_deref().filter(|p| *p != "system");
        if let Some(path) = own_roots {
            let pem = std::fs::read(path)
                .map_err(|e| interface(format!("cannot read sslrootcert {path:?}: {e}")))?;
            let certs = Certificate::stack_from_pem(&pem).map_err(|e| {
                interface(format!(
                    "sslrootcert {path:?} holds no PEM certificate that can be read: {e}"
                ))
            })?;
            if certs.is_empty() {
                return Err(interface(format!(
                    "sslrootcert {path:?} holds no PEM certificate"
                )));
            }
            builder.disable_built_in_roots(true);
            for cert in certs {
                builder.add_root_certificate(cert);
            }
        }
        let check_chain = match self.mode {
            Mode::VerifyCa | Mode::VerifyFull => true,
            Mode::Require => self.root_cert.is_some(),
            Mode::Prefer | Mode::Disable => false,
        };
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
        // Only `prefer` gets here (from_url refuses the rest): no TLS.
        config.ssl_mode(SslMode::Disable);
        config.connect(NoTls).map_err(connect_error)
    }
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

    #[test]
    fn modes_are_read_as_libpq_reads_them() {
        let base = "postgresql://u@h/db";
        let mode = |q: &str| ssl(&format!("{base}{q}")).map(|s| s.mode);
        assert_eq!(mode("?sslmode=disable").ok(), Some(Mode::Disable));
        assert_eq!(mode("?sslmode=allow").ok(), Some(Mode::Disable));
        assert_eq!(mode("?sslmode=prefer").ok(), Some(Mode::Prefer));
        let default = if cfg!(feature = "postgres-tls") {
            Mode::Prefer
        } else {
            Mode::Disable
        };
        assert_eq!(mode("").ok(), Some(default));
        let err = mode("?sslmode=yes").expect_err("unknown mode");
        assert!(err.message.contains("verify-full"), "{}", err.message);
        for m in ["require", "verify-ca", "verify-full"] {
            let got = mode(&format!("?sslmode={m}"));
            if cfg!(feature = "postgres-tls") {
                assert!(got.is_ok(), "{m}");
            } else {
                let err = got.expect_err(m);
                assert!(err.message.contains("postgres-tls"), "{}", err.message);
                assert!(err.message.contains(m), "{}", err.message);
            }
        }
    }
}

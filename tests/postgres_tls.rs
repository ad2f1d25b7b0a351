//! TLS to a live PostgreSQL server (feature `postgres-tls`): each `sslmode`
//! connects as libpq's would, or fails with the reason.
//!
//! Runs when `ALUDEL_TEST_POSTGRES_URL` is set and the server has TLS on
//! (Debian's PostgreSQL has, with its self-signed "snakeoil" certificate
//! for `localhost`); skipped with a message otherwise.

#![cfg(feature = "postgres-tls")]

mod support;

use aludel::{Engine, ErrorKind, create_engine, text};

/// The server's URL, or `None` (with a message) when the tests are skipped.
fn url() -> Option<String> {
    let url = support::url_of("postgresql");
    if url.is_none() {
        println!("skipped: set ALUDEL_TEST_POSTGRES_URL to run the PostgreSQL TLS tests");
    }
    url
}

/// The URL with more query options.
fn with(url: &str, options: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{options}")
}

/// Whether the connection's session is encrypted.
fn encrypted(engine: &Engine) -> aludel::Result<bool> {
    let mut conn = engine.connect()?;
    let ssl: Option<bool> = conn
        .execute(text(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        ))?
        .scalar()?;
    Ok(ssl == Some(true))
}

/// The server's certificate file, when it has TLS on and the file can be read here.
fn server_certificate(url: &str) -> aludel::Result<Option<String>> {
    let engine = create_engine(&with(url, "sslmode=disable"))?;
    let mut conn = engine.connect()?;
    let on: Option<String> = conn.execute(text("SHOW ssl"))?.scalar()?;
    if on.as_deref() != Some("on") {
        return Ok(None);
    }
    let file: Option<String> = conn.execute(text("SHOW ssl_cert_file"))?.scalar()?;
    Ok(file.filter(|f| std::fs::metadata(f).is_ok()))
}

#[test]
fn every_sslmode_connects_as_libpq_would() -> aludel::Result<()> {
    let Some(url) = url() else { return Ok(()) };
    let Some(cert) = server_certificate(&url)? else {
        println!("skipped: the server has no TLS, or its certificate cannot be read here");
        return Ok(());
    };
    let engine = |options: &str| create_engine(&with(&url, options));

    // No TLS asked: none. Asked (or the default, prefer): encrypted, the
    // self-signed certificate not checked.
    assert!(!encrypted(&engine("sslmode=disable")?)?);
    assert!(encrypted(&create_engine(&url)?)?);
    assert!(encrypted(&engine("sslmode=prefer")?)?);
    assert!(encrypted(&engine("sslmode=require")?)?);

    // Checked against authorities that did not sign the server's
    // certificate (the public ones), the connection fails, in every mode
    // that checks it (require does, given roots).
    let public = "/etc/ssl/certs/ca-certificates.crt";
    if std::fs::metadata(public).is_err() {
        println!("skipped the untrusted-roots checks: no {public}");
    } else {
        for m in ["verify-ca", "require"] {
            let options = format!("sslmode={m}&sslrootcert={public}");
            let err = encrypted(&engine(&options)?).expect_err("untrusted certificate");
            assert!(
                matches!(&err, aludel::Error::Database(e) if e.kind == ErrorKind::Operational),
                "{m}: {err:?}"
            );
            assert!(
                err.to_string().to_lowercase().contains("certificate"),
                "{m}: {err}"
            );
        }
    }
    // Trusted through sslrootcert: verify-ca passes (require checks it too).
    let root = format!("sslrootcert={cert}");
    assert!(encrypted(&engine(&format!("sslmode=verify-ca&{root}"))?)?);
    assert!(encrypted(&engine(&format!("sslmode=require&{root}"))?)?);

    // verify-full also wants the host in the certificate (snakeoil names
    // `localhost`): with the certificate trusted, 127.0.0.1 is refused and
    // localhost accepted.
    if !url.contains("@127.0.0.1") {
        println!("skipped the host-name checks: the URL's host is not 127.0.0.1");
    } else {
        let full = format!("sslmode=verify-full&{root}");
        let err = encrypted(&engine(&full)?).expect_err("host not in the certificate");
        assert!(
            matches!(&err, aludel::Error::Database(e) if e.kind == ErrorKind::Operational),
            "{err:?}"
        );
        // The system's authorities imply verify-full: refused as well (for
        // the host, or because the system does not trust the certificate).
        assert!(encrypted(&engine("sslrootcert=system")?).is_err());
        let by_name = create_engine(&with(&url.replace("@127.0.0.1", "@localhost"), &full))?;
        assert!(encrypted(&by_name)?);
    }

    // Nothing to check against, or the system's authorities without the
    // host check: refused before connecting, saying what to give.
    let err = encrypted(&engine("sslmode=require&sslrootcert=system")?).expect_err("system");
    assert!(
        matches!(&err, aludel::Error::Database(e) if e.kind == ErrorKind::Interface),
        "{err:?}"
    );
    assert!(err.to_string().contains("verify-full"), "{err}");
    let home_roots = std::env::var("HOME").map(|h| format!("{h}/.postgresql/root.crt"));
    if home_roots.is_ok_and(|f| std::fs::metadata(f).is_err()) {
        let err = encrypted(&engine("sslmode=verify-ca")?).expect_err("no roots");
        assert!(err.to_string().contains("sslrootcert"), "{err}");
    }

    // A root file that cannot be read is an interface error naming it.
    let err = encrypted(&engine(
        "sslmode=verify-ca&sslrootcert=/nonexistent/root.pem",
    )?)
    .expect_err("missing file");
    assert!(err.to_string().contains("/nonexistent/root.pem"), "{err}");

    // Over a Unix socket there is no TLS, whatever the mode (as libpq).
    let socket = "/var/run/postgresql";
    if std::fs::metadata(format!("{socket}/.s.PGSQL.5432")).is_err() {
        println!("skipped the Unix-socket check: no socket in {socket}");
    } else {
        let over_socket = engine(&format!("host={socket}&sslmode=require"))?;
        assert!(!encrypted(&over_socket)?);
    }
    Ok(())
}

//! The TLS stack of the transport, chosen by cargo feature: `native-tls`, else
//! `rustls-aws-lc`, else `rustls-ring` (the default), else none (plain `http://` only).

/// Sets the TLS stack on `builder`: the platform's library.
#[cfg(feature = "native-tls")]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    builder.tls_backend_native()
}

/// Sets the TLS stack on `builder`: reqwest's rustls with the aws-lc-rs provider (or the
/// process-wide rustls provider, if the application installed one).
#[cfg(all(feature = "rustls-aws-lc", not(feature = "native-tls")))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    builder.tls_backend_rustls()
}

/// Sets the TLS stack on `builder`: reqwest's rustls (the platform's certificate verifier,
/// custom roots, client certificates) with the ring provider.
///
/// reqwest reads the provider from rustls's process-wide default, so ring is installed as
/// that default when the process has none; an application that installed its own provider
/// first keeps it (and that provider is used).
#[cfg(all(
    feature = "rustls-ring",
    not(any(feature = "rustls-aws-lc", feature = "native-tls"))
))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may install one between the check and here: theirs stays.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    builder.tls_backend_rustls()
}

/// No TLS feature: plain `http://` only (or a caller's own `reqwest::Client`).
#[cfg(not(any(
    feature = "rustls-ring",
    feature = "rustls-aws-lc",
    feature = "native-tls"
)))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    builder
}

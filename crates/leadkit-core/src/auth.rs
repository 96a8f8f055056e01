//! How a client proves who it is: HTTP Basic, query-parameter credentials, a static bearer
//! token, or an OAuth2 client-credentials [`TokenSource`](crate::TokenSource).
//!
//! Every secret is held in a [`SecretString`] or a header value marked sensitive; `Debug`
//! never shows one.

use std::borrow::Cow;
use std::fmt;

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::oauth::TokenSource;
use crate::sent::SentValues;

/// The credentials a client sends with every request.
#[derive(Clone, Default)]
pub enum Auth {
    /// No credentials.
    #[default]
    None,
    /// `Authorization: Basic …`.
    Basic(BasicAuth),
    /// Credentials appended to the query string (a vendor's fallback where headers are not
    /// possible). URLs holding them are never logged nor put in errors.
    Query(QueryCredentials),
    /// `Authorization: Bearer <static token>`.
    Bearer(BearerToken),
    /// `Authorization: Bearer <token>` from an OAuth2 client-credentials token source.
    OAuth2(TokenSource),
}

impl Auth {
    /// HTTP Basic from a user name and a password.
    pub fn basic(username: impl Into<String>, password: SecretString) -> Result<Self> {
        BasicAuth::new(username, password).map(Self::Basic)
    }

    /// A static bearer token.
    pub fn bearer(token: SecretString) -> Result<Self> {
        BearerToken::new(token).map(Self::Bearer)
    }

    /// The credentials' secret parts, to be masked wherever a vendor
    /// echoes them, whatever their length.
    pub(crate) fn secrets(&self) -> SentValues {
        let mut secrets = SentValues::default();
        match self {
            Self::None => {}
            Self::Basic(basic) => {
                secrets.add_secret(basic.password.expose_secret());
                // The header itself, as an echo of the request's headers would show it.
                if let Ok(header) = basic.header.to_str() {
                    secrets.add_secret(header.trim_start_matches("Basic "));
                }
            }
            Self::Query(query) => {
                for (_, value) in query.params() {
                    secrets.add_secret(value);
                }
            }
            Self::Bearer(bearer) => secrets.add_secret(bearer.token.expose_secret()),
            Self::OAuth2(source) => source.add_secrets(&mut secrets),
        }
        secrets
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("Auth::None"),
            Self::Basic(basic) => write!(f, "Auth::Basic({basic:?})"),
            Self::Query(query) => write!(f, "Auth::Query({query:?})"),
            Self::Bearer(_) => f.write_str("Auth::Bearer([REDACTED])"),
            Self::OAuth2(source) => write!(f, "Auth::OAuth2({source:?})"),
        }
    }
}

/// A prepared HTTP Basic header. Built once, so no call re-encodes the password.
#[derive(Clone)]
pub struct BasicAuth {
    username: String,
    password: SecretString,
    header: HeaderValue,
}

impl BasicAuth {
    /// Encodes `username:password`; the user name may not contain `:`.
    pub fn new(username: impl Into<String>, password: SecretString) -> Result<Self> {
        let username = username.into();
        if username.is_empty() {
            return Err(Error::invalid_input("username", "must not be empty"));
        }
        if username.contains(':') {
            return Err(Error::invalid_input("username", "must not contain `:`"));
        }
        // Temporary copies of the secret are wiped when dropped.
        let pair = Zeroizing::new(format!("{username}:{}", password.expose_secret()));
        let mut value = Zeroizing::new(String::with_capacity(6 + pair.len().div_ceil(3) * 4));
        value.push_str("Basic ");
        base64_into(pair.as_bytes(), &mut value);
        let header = sensitive_header(&value, "password")?;
        Ok(Self {
            username,
            password,
            header,
        })
    }

    /// The user name.
    pub fn username(&self) -> &str {
        &self.username
    }

    pub(crate) fn header(&self) -> &HeaderValue {
        &self.header
    }
}

impl fmt::Debug for BasicAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicAuth")
            .field("username", &self.username)
            .field("password", &"[REDACTED]")
            .finish()
    }
}

/// A prepared static bearer header.
#[derive(Clone)]
pub struct BearerToken {
    token: SecretString,
    header: HeaderValue,
}

impl BearerToken {
    /// Checks the token has no whitespace or control characters and prepares the header.
    pub fn new(token: SecretString) -> Result<Self> {
        let text = token.expose_secret();
        if text.is_empty() || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Error::invalid_input(
                "token",
                "must be non-empty, without spaces or control characters",
            ));
        }
        let header = sensitive_header(&Zeroizing::new(format!("Bearer {text}")), "token")?;
        Ok(Self { token, header })
    }

    pub(crate) fn header(&self) -> &HeaderValue {
        &self.header
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken([REDACTED])")
    }
}

/// Credentials sent as query parameters, in order.
#[derive(Clone, Default)]
pub struct QueryCredentials {
    params: Vec<(Cow<'static, str>, SecretString)>,
}

impl QueryCredentials {
    /// No parameters yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a parameter.
    pub fn param(mut self, name: impl Into<Cow<'static, str>>, value: SecretString) -> Self {
        self.params.push((name.into(), value));
        self
    }

    pub(crate) fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params
            .iter()
            .map(|(name, value)| (name.as_ref(), value.expose_secret()))
    }
}

impl fmt::Debug for QueryCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_map();
        for (name, _) in &self.params {
            list.entry(name, &"[REDACTED]");
        }
        list.finish()
    }
}

/// Builds a header value marked sensitive, so that hyper never logs it.
/// Appends `bytes` in standard padded base64 (RFC 4648 §4), the encoding of the Basic pair.
/// Written here, into the caller's wiped buffer, rather than pulled from a crate: it is a
/// dozen lines, and every user of a vendor crate would compile that crate.
fn base64_into(bytes: &[u8], out: &mut String) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in bytes.chunks(3) {
        let group = u32::from(chunk[0]) << 16
            | u32::from(*chunk.get(1).unwrap_or(&0)) << 8
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for (index, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[(group >> shift) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
}

pub(crate) fn sensitive_header(value: &str, field: &'static str) -> Result<HeaderValue> {
    let mut header = HeaderValue::from_str(value)
        .map_err(|_| Error::invalid_input(field, "contains characters not allowed in a header"))?;
    header.set_sensitive(true);
    Ok(header)
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc_4648_and_the_base64_crate() {
        use base64::Engine as _;
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            let mut out = String::new();
            base64_into(plain.as_bytes(), &mut out);
            assert_eq!(out, encoded, "{plain}");
        }
        let every_byte: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for end in 0..every_byte.len() {
            let mut out = String::new();
            base64_into(&every_byte[..end], &mut out);
            assert_eq!(
                out,
                base64::engine::general_purpose::STANDARD.encode(&every_byte[..end])
            );
        }
    }

    use super::*;

    #[test]
    fn debug_never_shows_secrets() {
        let basic = Auth::basic("partner", SecretString::from("hunter2-pass")).unwrap();
        let bearer = Auth::bearer(SecretString::from("tok-123456")).unwrap();
        let query = Auth::Query(
            QueryCredentials::new()
                .param("username", SecretString::from("partner"))
                .param("password", SecretString::from("hunter2-pass")),
        );
        for auth in [basic, bearer, query] {
            let debug = format!("{auth:?}");
            assert!(!debug.contains("hunter2"), "{debug}");
            assert!(!debug.contains("tok-123456"), "{debug}");
        }
    }

    #[test]
    fn basic_header_is_standard_and_sensitive() {
        let basic = BasicAuth::new("Aladdin", SecretString::from("open sesame")).unwrap();
        assert_eq!(
            basic.header().to_str().unwrap(),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert!(basic.header().is_sensitive());
    }

    #[test]
    fn rejects_bad_user_names_and_tokens() {
        assert_eq!(
            BasicAuth::new("a:b", SecretString::from("x"))
                .unwrap_err()
                .field(),
            Some("username")
        );
        assert_eq!(
            BearerToken::new(SecretString::from("has space"))
                .unwrap_err()
                .field(),
            Some("token")
        );
    }
}

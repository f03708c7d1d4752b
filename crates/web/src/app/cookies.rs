//! Cookies and the secrets behind them: the names of the session and CSRF
//! cookies, how a `Set-Cookie` is written, and the key that signs anonymous
//! CSRF tokens.

use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, header};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use time::Duration;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "southdesk_session";
/// Name of the anonymous (double-submit) CSRF cookie.
pub const CSRF_COOKIE: &str = "southdesk_csrf";
/// Form field carrying the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";
/// Header carrying the CSRF token (for scripts).
pub const CSRF_HEADER: &str = "x-csrf-token";
/// A session unused for this long is gone.
pub const SESSION_IDLE: Duration = Duration::hours(4);
pub use southdesk_store::credentials::random_hex;

/// Equal, in time independent of where they differ.
pub(super) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Secrets and settings of authentication, made once per process.
#[derive(Clone)]
pub struct AuthConfig {
    /// Signs the anonymous CSRF cookie. Random per process: a restart only
    /// makes open anonymous forms ask to be sent again.
    key: Arc<[u8; 32]>,
    /// Cookies get `Secure`: when the public address is `https://`
    /// (`SOUTHDESK_PUBLIC_URL`), or `SOUTHDESK_COOKIE_SECURE=1`;
    /// `SOUTHDESK_COOKIE_SECURE=0` turns it off.
    pub cookie_secure: bool,
    /// Reverse proxies whose `X-Forwarded-For` names the client
    /// (`SOUTHDESK_TRUSTED_PROXIES`, comma-separated addresses). From any
    /// other peer the header is ignored: the peer is the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl AuthConfig {
    /// The client's address: the peer's, or — when the peer is a trusted
    /// proxy — the last address of `X-Forwarded-For` that is not itself a
    /// trusted proxy (what the outermost trusted proxy saw).
    pub fn client_ip(
        &self,
        peer: Option<std::net::IpAddr>,
        headers: &axum::http::HeaderMap,
    ) -> Option<std::net::IpAddr> {
        let peer = peer?;
        if !self.trusted_proxies.contains(&peer) {
            return Some(peer);
        }
        let chain: Vec<std::net::IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse().ok())
            .collect();
        Some(
            chain
                .into_iter()
                .rev()
                .find(|a| !self.trusted_proxies.contains(a))
                .unwrap_or(peer),
        )
    }
}

/// The addresses of `SOUTHDESK_TRUSTED_PROXIES`; what is not an address is
/// left out with a warning.
fn trusted_proxies(setting: Option<&str>) -> Vec<std::net::IpAddr> {
    setting
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .filter_map(|a| match a.parse() {
            Ok(ip) => Some(ip),
            Err(_) => {
                tracing::warn!(
                    value = a,
                    "SOUTHDESK_TRUSTED_PROXIES: not an IP address; ignored"
                );
                None
            }
        })
        .collect()
}

/// Whether cookies are `Secure`: as `SOUTHDESK_COOKIE_SECURE` says (`1` or
/// `0`), else as the public address's scheme says (`https://` → yes).
pub fn secure_cookies(setting: Option<&str>, public_url: Option<&str>) -> bool {
    match setting.map(str::trim) {
        Some("1") => true,
        Some("0") => false,
        _ => public_url.is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://")),
    }
}

impl AuthConfig {
    pub fn from_env() -> AuthConfig {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        AuthConfig {
            key: Arc::new(key),
            cookie_secure: secure_cookies(
                std::env::var("SOUTHDESK_COOKIE_SECURE").ok().as_deref(),
                std::env::var("SOUTHDESK_PUBLIC_URL").ok().as_deref(),
            ),
            trusted_proxies: trusted_proxies(
                std::env::var("SOUTHDESK_TRUSTED_PROXIES").ok().as_deref(),
            ),
        }
    }

    fn sign(&self, nonce: &str) -> String {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&*self.key).expect("HMAC takes any key length");
        mac.update(nonce.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// A new anonymous CSRF token `nonce.signature`.
    pub(super) fn new_anonymous_token(&self) -> String {
        let nonce = random_hex();
        let sig = self.sign(&nonce);
        format!("{nonce}.{sig}")
    }

    pub(super) fn valid_anonymous_token(&self, token: &str) -> bool {
        token
            .split_once('.')
            .is_some_and(|(nonce, sig)| same(self.sign(nonce).as_bytes(), sig.as_bytes()))
    }

    /// A `Set-Cookie` value.
    pub fn cookie(&self, name: &str, value: &str, max_age: Option<Duration>) -> HeaderValue {
        let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
        if let Some(age) = max_age {
            c.push_str(&format!("; Max-Age={}", age.whole_seconds()));
        }
        if self.cookie_secure {
            c.push_str("; Secure");
        }
        HeaderValue::from_str(&c).expect("cookie values are ASCII")
    }
}

/// The value of cookie `name`.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymous_tokens_are_signed() {
        let c = AuthConfig::from_env();
        let t = c.new_anonymous_token();
        assert!(c.valid_anonymous_token(&t));
        let (nonce, _) = t.split_once('.').unwrap();
        assert!(!c.valid_anonymous_token(&format!("{nonce}.{}", "0".repeat(64))));
        assert!(!c.valid_anonymous_token(nonce));
        assert!(
            !AuthConfig::from_env().valid_anonymous_token(&t),
            "other key"
        );
    }

    #[test]
    fn cookies_are_read_by_name() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("lang=fr; southdesk_session=abc"),
        );
        h.append(
            header::COOKIE,
            HeaderValue::from_static("southdesk_csrf=x.y"),
        );
        assert_eq!(cookie_value(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie_value(&h, CSRF_COOKIE), Some("x.y"));
        assert_eq!(cookie_value(&h, "other"), None);
    }
}

#[cfg(test)]
mod secure_tests {
    use super::secure_cookies;

    #[test]
    fn cookies_follow_the_public_addresss_scheme_unless_told() {
        assert!(secure_cookies(None, Some("https://desk.southcentre.int")));
        assert!(secure_cookies(None, Some(" HTTPS://desk.example/ ")));
        assert!(!secure_cookies(None, Some("http://127.0.0.1:8480")));
        assert!(!secure_cookies(None, None));
        assert!(secure_cookies(Some("1"), None));
        assert!(!secure_cookies(Some("0"), Some("https://desk.example")));
        assert!(secure_cookies(Some(""), Some("https://desk.example")));
    }
}

#[cfg(test)]
mod proxy_tests {
    use super::*;

    #[test]
    fn the_client_is_the_peer_unless_the_peer_is_a_trusted_proxy() {
        let mut c = AuthConfig::from_env();
        c.trusted_proxies = trusted_proxies(Some("10.0.0.1, ::1, nonsense"));
        assert_eq!(c.trusted_proxies.len(), 2);
        let mut h = axum::http::HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7".parse().unwrap(),
        );
        let ip = |s: &str| Some(s.parse().unwrap());
        // From an untrusted peer the header is a claim, not a fact.
        assert_eq!(c.client_ip(ip("192.0.2.5"), &h), ip("192.0.2.5"));
        // From the proxy: the last address it was handed.
        assert_eq!(c.client_ip(ip("10.0.0.1"), &h), ip("198.51.100.7"));
        h.insert("x-forwarded-for", "198.51.100.7, 10.0.0.1".parse().unwrap());
        assert_eq!(c.client_ip(ip("10.0.0.1"), &h), ip("198.51.100.7"));
        h.remove("x-forwarded-for");
        assert_eq!(c.client_ip(ip("10.0.0.1"), &h), ip("10.0.0.1"));
        assert_eq!(c.client_ip(None, &h), None);
    }
}

//! Small pieces that more than one southdesk crate needs, written once:
//! the four languages ([`Lang`]), content hashes ([`sha256_hex`]), URL
//! encoding ([`url_encode`]), escaping for XML and HTML ([`escape_xml`]) and
//! the rule of one e-mail address ([`is_one_address`]).
//!
//! **Invariant:** this crate depends on no other crate of the workspace and
//! does no I/O; every other crate may depend on it.

mod escape;
mod lang;

pub use escape::escape_xml;
pub use lang::Lang;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::{Digest, Sha256};

/// Lower-case hex SHA-256 of `bytes`: the identity of a stored file, and how
/// session ids and API tokens are kept.
pub fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
    hex::encode(Sha256::digest(bytes.as_ref()))
}

/// What [`url_encode`] leaves as it is: RFC 3986's unreserved characters.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes `s` as one URL component (a query value, a path
/// segment): everything but RFC 3986's unreserved characters is encoded,
/// `/` included, so the value can never become part of the path.
pub fn url_encode(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

/// Whether `email` is one plain address (`local@domain`): one `@`, both
/// parts there, at most 254 characters, and none of what would make it
/// several addresses or a mail header (spaces, line breaks and other
/// control characters, `,;<>()[]\"`).
pub fn is_one_address(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.chars().count() <= 254
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || ",;<>()[]\\\"".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(sha256_hex(b""), sha256_hex(String::new()));
    }

    #[test]
    fn url_encode_keeps_unreserved_and_encodes_the_rest() {
        assert_eq!(url_encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(url_encode("/outputs?q=a b&x"), "%2Foutputs%3Fq%3Da%20b%26x");
        assert_eq!(url_encode("气候"), "%E6%B0%94%E5%80%99");
    }
}

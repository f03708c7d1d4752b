//! Credentials, made and checked the same way by every caller (the web
//! app, the `southdesk` command): passwords hashed with argon2id into PHC
//! strings, the rule a new password must pass, and personal API tokens,
//! minted here and stored as their SHA-256 only.
//!
//! The [`AccountStore`] keeps what these functions produce and nothing
//! more: a copy of the database gives no one a password or a token.

use argon2::password_hash::SaltString;
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use rand::RngCore;
use southdesk_common::sha256_hex;

use super::{AccountStore, ApiToken, NewApiToken};
use crate::StoreError;

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Prefix of every API token.
pub const TOKEN_PREFIX: &str = "sdk_";

/// Characters of a token's secret kept in clear after [`TOKEN_PREFIX`], to
/// recognise the token in lists.
const SHOWN_CHARS: usize = 8;

/// Hashes a password with argon2id (default parameters, a random 16-byte
/// salt) into a PHC string.
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashes any password with default parameters")
        .to_string()
}

/// Whether `password` matches the PHC string `phc` (false if `phc` is not
/// one).
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Checks a new password: at least [`MIN_PASSWORD_CHARS`] characters, not
/// counting spaces around it. The error is a message id of the UI
/// (`password-too-short`).
pub fn check_new_password(password: &str) -> Result<(), &'static str> {
    if password.trim().chars().count() < MIN_PASSWORD_CHARS {
        Err("password-too-short")
    } else {
        Ok(())
    }
}

/// 32 random bytes as 64 lowercase hex digits: the secret of a token, a
/// session id.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the store keeps of an API token, and looks it up by
/// ([`AccountStore::api_token_by_hash`]): its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    sha256_hex(token)
}

/// Creates an API token named `name` (trimmed) for the account: the stored
/// record and the token itself (`sdk_` and 64 hex digits), to be shown
/// once. [`StoreError::NotFound`] if there is no such account.
pub async fn create_api_token(
    store: &dyn AccountStore,
    account_id: i64,
    name: &str,
) -> Result<(ApiToken, String), StoreError> {
    let secret = format!("{TOKEN_PREFIX}{}", random_hex());
    let token = store
        .create_api_token(NewApiToken {
            account_id,
            name: name.trim().to_string(),
            prefix: secret[..TOKEN_PREFIX.len() + SHOWN_CHARS].to_string(),
            hash: token_hash(&secret),
        })
        .await?;
    Ok((token, secret))
}

#[cfg(test)]
mod tests {
    use southdesk_plan::Role;

    use super::*;
    use crate::NewAccount;

    #[test]
    fn passwords_hash_and_verify() {
        let phc = hash_password("correct horse battery");
        assert!(phc.starts_with("$argon2id$v=19$"), "{phc}");
        assert!(verify_password("correct horse battery", &phc));
        assert!(!verify_password("correct horse batterY", &phc));
        assert!(!verify_password("x", "not a hash"));
        assert_ne!(hash_password("same"), hash_password("same"), "salted");
        assert_eq!(check_new_password("short"), Err("password-too-short"));
        assert_eq!(
            check_new_password("            "),
            Err("password-too-short")
        );
        assert_eq!(check_new_password("twelve chars"), Ok(()));
    }

    #[test]
    fn secrets_are_random_hex() {
        let a = random_hex();
        assert_eq!(a.len(), 64);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "{a}"
        );
        assert_ne!(a, random_hex());
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[tokio::test]
    async fn tokens_are_stored_as_their_hash_and_shown_once() {
        let store = crate::open("sqlite::memory:").await.unwrap();
        let account = store
            .create_account(NewAccount {
                email: "staff@example.org".into(),
                name: "Staff".into(),
                role: Role::Staff,
                programme: None,
                member: None,
                group: None,
                password_hash: None,
            })
            .await
            .unwrap();

        let (token, secret) = create_api_token(store.as_ref(), account.id, "  laptop ")
            .await
            .unwrap();
        assert!(secret.starts_with(TOKEN_PREFIX), "{secret}");
        assert_eq!(secret.len(), TOKEN_PREFIX.len() + 64);
        assert_eq!(token.name, "laptop");
        assert_eq!(token.prefix, secret[..12]);

        let (found, owner) = store
            .api_token_by_hash(&token_hash(&secret))
            .await
            .unwrap()
            .expect("the token is found by its hash");
        assert_eq!((found.id, owner.id), (token.id, account.id));
        assert!(store.api_token_by_hash(&secret).await.unwrap().is_none());

        let err = create_api_token(store.as_ref(), account.id + 1, "x")
            .await
            .unwrap_err();
        assert_eq!(err.code(), "not_found");
        store.close().await;
    }
}

//! Stories of the [`AccountStore`] aggregate: accounts, passwords,
//! sessions, API tokens, failed logins.

use southdesk_plan::Role;
use southdesk_store::{NewAccount, NewApiToken, Session, Store, StoreError};
use time::{Duration, OffsetDateTime};

pub fn new_account(email: &str, role: Role) -> NewAccount {
    NewAccount {
        email: email.to_string(),
        name: format!("Name of {email}"),
        role,
        programme: (role == Role::Coordinator).then(|| "ggdp".to_string()),
        member: (role == Role::Delegate).then(|| "BRA".to_string()),
        group: None,
        password_hash: None,
    }
}

/// Whole microseconds, as both backends keep them.
fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.microsecond() * 1000).unwrap()
}

fn session(id_hash: &str, account_id: i64, at: OffsetDateTime, ttl: Duration) -> Session {
    Session {
        id_hash: id_hash.to_string(),
        account_id,
        csrf_token: format!("csrf-{id_hash}"),
        created_at: at,
        last_seen: at,
        expires_at: at + ttl,
    }
}

pub async fn accounts_have_unique_emails_whatever_their_case(store: &dyn Store) {
    assert!(store.accounts().await.unwrap().is_empty());
    let a = store
        .create_account(new_account("  Ada@Example.ORG ", Role::Admin))
        .await
        .unwrap();
    assert_eq!(a.email, "ada@example.org");
    assert_eq!(a.role, Role::Admin);
    assert!(!a.disabled);

    let e = store
        .create_account(new_account("ADA@example.org", Role::Staff))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "conflict", "{e}");
    assert_eq!(
        e.to_string(),
        "an account with email ada@example.org already exists"
    );

    let found = store
        .account_by_email("ada@EXAMPLE.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found, a);
    assert_eq!(store.account(a.id).await.unwrap(), Some(a.clone()));
    assert_eq!(store.account(a.id + 100).await.unwrap(), None);
    assert_eq!(
        store.account_by_email("nobody@example.org").await.unwrap(),
        None
    );

    let c = store
        .create_account(new_account("coord@example.org", Role::Coordinator))
        .await
        .unwrap();
    assert_eq!(c.programme.as_deref(), Some("ggdp"));
    let mut g = new_account("g77@example.org", Role::Delegate);
    g.member = None;
    g.group = Some("g77".into());
    let g = store.create_account(g).await.unwrap();
    assert_eq!((g.member, g.group.as_deref()), (None, Some("g77")));

    let emails: Vec<String> = store
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.email)
        .collect();
    assert_eq!(
        emails,
        ["ada@example.org", "coord@example.org", "g77@example.org"]
    );
}

pub async fn bad_bindings_and_emails_are_refused(store: &dyn Store) {
    let mut no_programme = new_account("c@example.org", Role::Coordinator);
    no_programme.programme = None;
    let mut both = new_account("d@example.org", Role::Delegate);
    both.group = Some("g77".into());
    let mut staff_bound = new_account("s@example.org", Role::Staff);
    staff_bound.member = Some("BRA".into());
    for bad in [
        no_programme,
        both,
        staff_bound,
        new_account("p@example.org", Role::Public),
        new_account("not-an-email", Role::Staff),
    ] {
        let e = store.create_account(bad.clone()).await.unwrap_err();
        assert!(matches!(e, StoreError::Invalid(_)), "{bad:?}: {e}");
        assert_eq!(e.code(), "invalid");
    }
    assert!(store.accounts().await.unwrap().is_empty());
}

pub async fn passwords_are_kept_and_disabling_ends_sessions(store: &dyn Store) {
    let mut new = new_account("staff@example.org", Role::Staff);
    new.password_hash = Some("$argon2id$v=19$first".into());
    let a = store.create_account(new).await.unwrap();
    assert_eq!(
        store.password_hash(a.id).await.unwrap().as_deref(),
        Some("$argon2id$v=19$first")
    );
    let t = now();
    store
        .create_session(session("s1", a.id, t, Duration::hours(1)))
        .await
        .unwrap();
    assert!(store.session("s1", t).await.unwrap().is_some());

    // A new password ends the sessions.
    store
        .set_password_hash(a.id, "$argon2id$v=19$second")
        .await
        .unwrap();
    assert_eq!(
        store.password_hash(a.id).await.unwrap().as_deref(),
        Some("$argon2id$v=19$second")
    );
    assert!(store.session("s1", t).await.unwrap().is_none());
    let e = store.set_password_hash(9999, "x").await.unwrap_err();
    assert_eq!(e.code(), "not_found");

    // Disabling ends them too, and shows on the account.
    store
        .create_session(session("s2", a.id, t, Duration::hours(1)))
        .await
        .unwrap();
    store.set_account_disabled(a.id, true).await.unwrap();
    assert!(store.account(a.id).await.unwrap().unwrap().disabled);
    assert!(store.session("s2", t).await.unwrap().is_none());
    store.set_account_disabled(a.id, true).await.unwrap();
    store.set_account_disabled(a.id, false).await.unwrap();
    assert!(!store.account(a.id).await.unwrap().unwrap().disabled);
    let e = store.set_account_disabled(9999, true).await.unwrap_err();
    assert_eq!(e.code(), "not_found");

    let other = store
        .create_account(new_account("nopass@example.org", Role::Board))
        .await
        .unwrap();
    assert_eq!(store.password_hash(other.id).await.unwrap(), None);
}

pub async fn sessions_expire_and_are_touched(store: &dyn Store) {
    let a = store
        .create_account(new_account("d@example.org", Role::Delegate))
        .await
        .unwrap();
    let t0 = now();
    store
        .create_session(session("h1", a.id, t0, Duration::minutes(30)))
        .await
        .unwrap();
    let (s, who) = store.session("h1", t0).await.unwrap().unwrap();
    assert_eq!(who, a);
    assert_eq!(s.csrf_token, "csrf-h1");
    assert_eq!(s.created_at, t0);
    assert_eq!(s.expires_at, t0 + Duration::minutes(30));
    assert!(store.session("nope", t0).await.unwrap().is_none());

    // Idle past the expiry: gone.
    let later = t0 + Duration::minutes(31);
    assert!(store.session("h1", later).await.unwrap().is_none());

    // Used in time: the expiry moves on.
    let t1 = t0 + Duration::minutes(20);
    store
        .touch_session("h1", t1, t1 + Duration::minutes(30))
        .await
        .unwrap();
    let (s, _) = store.session("h1", later).await.unwrap().unwrap();
    assert_eq!(s.last_seen, t1);

    store.delete_session("h1").await.unwrap();
    assert!(store.session("h1", t1).await.unwrap().is_none());

    for h in ["x1", "x2"] {
        store
            .create_session(session(h, a.id, t0, Duration::hours(1)))
            .await
            .unwrap();
    }
    assert_eq!(store.delete_sessions_of(a.id).await.unwrap(), 2);
    assert!(store.session("x1", t0).await.unwrap().is_none());
}

pub async fn api_tokens_are_found_by_hash_until_revoked(store: &dyn Store) {
    let a = store
        .create_account(new_account("m@example.org", Role::Management))
        .await
        .unwrap();
    let b = store
        .create_account(new_account("b@example.org", Role::Board))
        .await
        .unwrap();
    let token = |account_id, name: &str, hash: &str| NewApiToken {
        account_id,
        name: name.into(),
        prefix: format!("sdk_{}", &hash[..4]),
        hash: hash.into(),
    };
    let t1 = store
        .create_api_token(token(a.id, "laptop", "aaaa1111"))
        .await
        .unwrap();
    let t2 = store
        .create_api_token(token(a.id, "script", "bbbb2222"))
        .await
        .unwrap();
    assert_eq!(t1.name, "laptop");
    assert_eq!(t1.prefix, "sdk_aaaa");
    assert_eq!(t1.last_used_at, None);

    let (found, who) = store.api_token_by_hash("aaaa1111").await.unwrap().unwrap();
    assert_eq!(found, t1);
    assert_eq!(who, a);
    assert!(store.api_token_by_hash("cccc").await.unwrap().is_none());

    let at = now();
    store.touch_api_token(t1.id, at).await.unwrap();
    let list = store.api_tokens(a.id).await.unwrap();
    assert_eq!(
        list.iter().map(|t| t.id).collect::<Vec<_>>(),
        [t2.id, t1.id],
        "newest first"
    );
    assert_eq!(list[1].last_used_at, Some(at));

    // Someone else cannot revoke it; its owner can, twice.
    let e = store.revoke_api_token(b.id, t1.id).await.unwrap_err();
    assert_eq!(e.code(), "not_found");
    store.revoke_api_token(a.id, t1.id).await.unwrap();
    store.revoke_api_token(a.id, t1.id).await.unwrap();
    assert!(store.api_token_by_hash("aaaa1111").await.unwrap().is_none());
    assert!(store.api_token_by_hash("bbbb2222").await.unwrap().is_some());
    let list = store.api_tokens(a.id).await.unwrap();
    assert!(list[1].revoked_at.is_some());
    assert!(list[0].revoked_at.is_none());

    // The same hash twice is refused; unknown accounts too.
    assert!(
        store
            .create_api_token(token(b.id, "dup", "bbbb2222"))
            .await
            .is_err()
    );
    let e = store
        .create_api_token(token(9999, "x", "dddd4444"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "not_found", "{e}");
}

pub async fn login_failures_are_counted_in_a_window(store: &dyn Store) {
    let t = now();
    let at = |mins: i64| t + Duration::minutes(mins);
    store
        .record_login_failure("Ada@example.org", "10.0.0.1", at(-20))
        .await
        .unwrap();
    for m in [-10, -5, -1] {
        store
            .record_login_failure("ada@example.org", "10.0.0.1", at(m))
            .await
            .unwrap();
    }
    store
        .record_login_failure("bob@example.org", "10.0.0.1", at(-2))
        .await
        .unwrap();
    store
        .record_login_failure("ada@example.org", "10.0.0.2", at(-2))
        .await
        .unwrap();

    let c = store
        .login_failures_since("ADA@example.org", "10.0.0.1", at(-15))
        .await
        .unwrap();
    assert_eq!((c.by_email, c.by_ip), (4, 4));
    let c = store
        .login_failures_since("ada@example.org", "10.0.0.9", at(-30))
        .await
        .unwrap();
    assert_eq!((c.by_email, c.by_ip), (5, 0));

    store.clear_login_failures("ADA@example.org").await.unwrap();
    let c = store
        .login_failures_since("ada@example.org", "10.0.0.1", at(-30))
        .await
        .unwrap();
    assert_eq!(
        (c.by_email, c.by_ip),
        (0, 1),
        "bob's failure still counts for the IP"
    );

    // Failures older than a day are forgotten when the next one is recorded.
    store
        .record_login_failure("old@example.org", "10.0.0.3", t - Duration::days(2))
        .await
        .unwrap();
    store
        .record_login_failure("new@example.org", "10.0.0.3", t)
        .await
        .unwrap();
    let c = store
        .login_failures_since("old@example.org", "10.0.0.3", t - Duration::days(3))
        .await
        .unwrap();
    assert_eq!((c.by_email, c.by_ip), (0, 1));
}

//! Stories of the [`AccountStore`] aggregate: accounts, passwords,
//! sessions, API tokens, failed logins.

use southdesk_plan::Role;
use southdesk_store::accounts::{NewPasswordReset, OutgoingMail, ResetRequested};
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
        // Several addresses, or a mail header, in one field.
        new_account("a@example.org\r\nBcc: all@example.org", Role::Staff),
        new_account("a@example.org\nx", Role::Staff),
        new_account("a@example.org, b@example.org", Role::Staff),
        new_account("a@example.org;b@example.org", Role::Staff),
        new_account("Ada <a@example.org>", Role::Staff),
        new_account("a@b@example.org", Role::Staff),
        new_account("@example.org", Role::Staff),
        new_account("a@", Role::Staff),
        new_account("a\0@example.org", Role::Staff),
        NewAccount {
            name: "Ada\r\nBcc: all@example.org".into(),
            ..new_account("named@example.org", Role::Staff)
        },
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

    // Disabling an account revokes its tokens for good: enabled again, its
    // old token stays dead (a new one works).
    store.set_account_disabled(a.id, true).await.unwrap();
    assert!(store.api_token_by_hash("bbbb2222").await.unwrap().is_none());
    store.set_account_disabled(a.id, false).await.unwrap();
    assert!(store.api_token_by_hash("bbbb2222").await.unwrap().is_none());
    assert!(
        store
            .api_tokens(a.id)
            .await
            .unwrap()
            .iter()
            .all(|t| t.revoked_at.is_some())
    );
    store
        .create_api_token(token(a.id, "new", "eeee5555"))
        .await
        .unwrap();
    assert!(store.api_token_by_hash("eeee5555").await.unwrap().is_some());
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

fn reset(account_id: i64, token_hash: &str, at: OffsetDateTime) -> NewPasswordReset {
    NewPasswordReset {
        account_id,
        token_hash: token_hash.to_string(),
        at,
        mail: OutgoingMail {
            email: "ada@example.org".into(),
            subject: "Set a new password".into(),
            body: format!("https://desk.example/password-reset/{token_hash}"),
        },
    }
}

pub async fn password_reset_links_are_single_use_expire_and_unlock(store: &dyn Store) {
    let t = now();
    let at = |mins: i64| t + Duration::minutes(mins);
    let ada = store
        .create_account(new_account("ada@example.org", Role::Staff))
        .await
        .unwrap();
    store.set_password_hash(ada.id, "$old").await.unwrap();
    store
        .create_session(session("s-ada", ada.id, t, Duration::hours(1)))
        .await
        .unwrap();
    for m in [-3, -2, -1] {
        store
            .record_login_failure("ada@example.org", "10.0.0.1", at(m))
            .await
            .unwrap();
    }
    assert_eq!(
        store.login_failures_by_email(at(-15)).await.unwrap(),
        vec![("ada@example.org".to_string(), 3)]
    );

    // The link is stored with its email in the outbox, not tied to a request.
    let r = store.request_password_reset(reset(ada.id, "h1", t)).await;
    assert_eq!(r.unwrap(), ResetRequested::Queued);
    let due = store.due_notifications(at(1), 10).await.unwrap();
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(due[0].email, "ada@example.org");
    assert!(due[0].body.ends_with("/password-reset/h1"));

    // One a minute, at most three open.
    let r = store
        .request_password_reset(reset(ada.id, "h2", at(0)))
        .await;
    assert_eq!(r.unwrap(), ResetRequested::RateLimited);
    for (i, m) in [2, 4].into_iter().enumerate() {
        let r = store
            .request_password_reset(reset(ada.id, &format!("h{}", i + 2), at(m)))
            .await;
        assert_eq!(r.unwrap(), ResetRequested::Queued);
    }
    let r = store
        .request_password_reset(reset(ada.id, "h9", at(6)))
        .await;
    assert_eq!(r.unwrap(), ResetRequested::RateLimited, "three are open");
    assert_eq!(store.due_notifications(at(10), 10).await.unwrap().len(), 3);
    let e = store
        .request_password_reset(reset(ada.id + 100, "hx", t))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "not_found");

    // Found while open; expired after an hour.
    let found = store.password_reset_account("h1", at(59)).await.unwrap();
    assert_eq!(found.map(|a| a.id), Some(ada.id));
    assert!(
        store
            .password_reset_account("h1", at(61))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .password_reset_account("nope", t)
            .await
            .unwrap()
            .is_none()
    );
    let e = store
        .complete_password_reset("h1", "$expired", at(61))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
    assert_eq!(
        store.password_hash(ada.id).await.unwrap().as_deref(),
        Some("$old")
    );

    // Used: new password, sessions ended, failed logins forgotten.
    let done = store
        .complete_password_reset("h2", "$new", at(5))
        .await
        .unwrap();
    assert_eq!(done.id, ada.id);
    assert_eq!(
        store.password_hash(ada.id).await.unwrap().as_deref(),
        Some("$new")
    );
    assert!(store.session("s-ada", at(5)).await.unwrap().is_none());
    let c = store
        .login_failures_since("ada@example.org", "10.0.0.1", at(-15))
        .await
        .unwrap();
    assert_eq!(c.by_email, 0, "the reset lifts the login delay");
    // Single use, and the account's other open links end with it.
    for h in ["h2", "h1", "h3"] {
        let e = store
            .complete_password_reset(h, "$again", at(6))
            .await
            .unwrap_err();
        assert_eq!(e.code(), "not_found", "{h}");
    }
    assert_eq!(
        store.password_hash(ada.id).await.unwrap().as_deref(),
        Some("$new")
    );

    // Disabled accounts get no link and cannot use one.
    let r = store
        .request_password_reset(reset(ada.id, "h5", at(20)))
        .await;
    assert_eq!(r.unwrap(), ResetRequested::Queued);
    store.set_account_disabled(ada.id, true).await.unwrap();
    assert!(
        store
            .password_reset_account("h5", at(21))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .complete_password_reset("h5", "$x", at(21))
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    let r = store
        .request_password_reset(reset(ada.id, "h6", at(30)))
        .await;
    assert_eq!(r.unwrap(), ResetRequested::Disabled);
}

pub async fn admins_unlock_accounts(store: &dyn Store) {
    let t = now();
    let ada = store
        .create_account(new_account("ada@example.org", Role::Staff))
        .await
        .unwrap();
    for _ in 0..5 {
        store
            .record_login_failure("ADA@example.org", "10.0.0.1", t)
            .await
            .unwrap();
    }
    store
        .record_login_failure("bob@example.org", "10.0.0.1", t)
        .await
        .unwrap();
    assert_eq!(store.unlock_account(ada.id).await.unwrap(), 5);
    assert_eq!(
        store
            .login_failures_by_email(t - Duration::minutes(1))
            .await
            .unwrap(),
        vec![("bob@example.org".to_string(), 1)]
    );
    assert_eq!(store.unlock_account(ada.id).await.unwrap(), 0);
    let e = store.unlock_account(ada.id + 100).await.unwrap_err();
    assert_eq!(e.code(), "not_found");
}

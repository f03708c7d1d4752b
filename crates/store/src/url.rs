//! Database URLs: which backend, and how to show them without secrets.

use crate::StoreError;

pub(crate) enum Kind {
    Sqlite,
    Postgres,
}

pub(crate) fn classify(url: &str) -> Result<Kind, StoreError> {
    let lower = url.trim_start().to_ascii_lowercase();
    if lower.starts_with("sqlite:") {
        Ok(Kind::Sqlite)
    } else if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        Ok(Kind::Postgres)
    } else {
        Err(invalid(url, "expected sqlite:… or postgres://…"))
    }
}

pub(crate) fn invalid(url: &str, reason: impl Into<String>) -> StoreError {
    StoreError::InvalidUrl {
        url: redact(url),
        reason: reason.into(),
    }
}

/// `url` with its password (in the user info or a `password=` parameter)
/// replaced by `***`, for logs and messages.
///
/// ```
/// assert_eq!(
///     southdesk_store::redact("postgres://desk:s3cret@db:5432/desk?password=x&sslmode=require"),
///     "postgres://desk:***@db:5432/desk?password=***&sslmode=require",
/// );
/// assert_eq!(southdesk_store::redact("sqlite:///var/lib/desk.db"), "sqlite:///var/lib/desk.db");
/// ```
pub fn redact(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let mut rest = url;

    if let Some(scheme_end) = rest.find("://") {
        out.push_str(&rest[..scheme_end + 3]);
        rest = &rest[scheme_end + 3..];
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        if let Some(at) = authority.rfind('@') {
            let userinfo = &authority[..at];
            match userinfo.find(':') {
                Some(colon) => {
                    out.push_str(&userinfo[..colon]);
                    out.push_str(":***");
                }
                None => out.push_str(userinfo),
            }
            out.push_str(&authority[at..]);
        } else {
            out.push_str(authority);
        }
        rest = &rest[authority_end..];
    }

    match rest.find('?') {
        None => out.push_str(rest),
        Some(q) => {
            out.push_str(&rest[..=q]);
            let (query, fragment) = match rest[q + 1..].find('#') {
                Some(h) => rest[q + 1..].split_at(h),
                None => (&rest[q + 1..], ""),
            };
            let params: Vec<String> = query
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => p.to_string(),
                })
                .collect();
            out.push_str(&params.join("&"));
            out.push_str(fragment);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redacts_passwords_only() {
        let cases = [
            ("postgres://u:p@h/db", "postgres://u:***@h/db"),
            ("postgresql://u:p@ss@h:1/db", "postgresql://u:***@h:1/db"),
            ("postgres://u@h/db", "postgres://u@h/db"),
            ("postgres://h/db?password=p", "postgres://h/db?password=***"),
            (
                "postgres://h/db?sslmode=disable&PASSWORD=p#frag",
                "postgres://h/db?sslmode=disable&PASSWORD=***#frag",
            ),
            ("postgres://u:@h", "postgres://u:***@h"),
            ("sqlite::memory:", "sqlite::memory:"),
            ("sqlite://rel.db", "sqlite://rel.db"),
            ("mysql://root:hunter2@x", "mysql://root:***@x"),
            ("", ""),
        ];
        for (url, want) in cases {
            assert_eq!(redact(url), want, "{url}");
        }
    }
}

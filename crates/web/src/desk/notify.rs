//! Notifications: the outbox written with each event is sent over SMTP
//! by a background task, with retries; the same task writes the daily
//! overdue notices. The in-app inbox is written with the event itself.
//!
//! Configuration: `--smtp-url` / `SOUTHDESK_SMTP_URL`, e.g.
//! `smtp://127.0.0.1:2525?from=desk@southcentre.example` or
//! `smtp://user:password@mail.example:587?from=…` (plain SMTP, no TLS: for
//! a relay on the same host or network). Without it no email is sent; the
//! inbox works all the same.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use southdesk_store::{Store, StoreError};
use time::OffsetDateTime;

/// Where and how emails are sent.
#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub from: Mailbox,
    credentials: Option<(String, String)>,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "smtp://{}:{} from {}", self.host, self.port, self.from)
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl SmtpConfig {
    /// Reads `smtp://[user:password@]host[:port][?from=address]` (port 25
    /// by default; sender `southdesk@localhost` by default). Errors never
    /// repeat the password.
    pub fn from_url(url: &str) -> Result<SmtpConfig, String> {
        let rest = url
            .strip_prefix("smtp://")
            .ok_or_else(|| "the SMTP URL starts with smtp://".to_string())?;
        let (authority, query) = rest.split_once('?').unwrap_or((rest, ""));
        let authority = authority.trim_end_matches('/');
        let (credentials, hostport) = match authority.rsplit_once('@') {
            Some((cred, hp)) => {
                let (u, p) = cred.split_once(':').unwrap_or((cred, ""));
                (Some((percent_decode(u), percent_decode(p))), hp)
            }
            None => (None, authority),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse::<u16>()
                    .map_err(|_| format!("the SMTP port {p:?} is not a number"))?,
            ),
            None => (hostport, 25),
        };
        if host.is_empty() {
            return Err("the SMTP URL has no host".into());
        }
        let mut from = "southdesk <southdesk@localhost>".to_string();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("from", v)) => from = percent_decode(v),
                _ => return Err(format!("unknown SMTP URL parameter {pair:?}")),
            }
        }
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("the sender {from:?} is not an email address ({e})"))?;
        Ok(SmtpConfig {
            host: host.trim_matches(['[', ']']).to_string(),
            port,
            from,
            credentials,
        })
    }

    fn transport(&self) -> AsyncSmtpTransport<Tokio1Executor> {
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host)
            .port(self.port)
            .timeout(Some(Duration::from_secs(20)));
        if let Some((u, p)) = &self.credentials {
            b = b.credentials(Credentials::new(u.clone(), p.clone()));
        }
        b.build()
    }
}

/// What one pass of the sender did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub failed: usize,
}

/// Delay before attempt `attempts + 1`: 1, 2, 4, … minutes, at most an hour.
pub fn backoff(attempts: i64) -> time::Duration {
    let minutes = 1i64 << attempts.clamp(0, 6);
    time::Duration::minutes(minutes.min(60))
}

/// Sends the emails due now; each failure is recorded with its next
/// attempt.
pub async fn deliver_due(store: &dyn Store, smtp: &SmtpConfig) -> Result<Pass, StoreError> {
    deliver_due_at(store, smtp, OffsetDateTime::now_utc()).await
}

/// [`deliver_due`] as if it were `now`.
pub async fn deliver_due_at(
    store: &dyn Store,
    smtp: &SmtpConfig,
    now: OffsetDateTime,
) -> Result<Pass, StoreError> {
    let due = store.due_notifications(now, 100).await?;
    let mut pass = Pass::default();
    if due.is_empty() {
        return Ok(pass);
    }
    let transport = smtp.transport();
    for m in due {
        let built = m
            .email
            .parse::<Mailbox>()
            .map_err(|e| e.to_string())
            .and_then(|to| {
                Message::builder()
                    .from(smtp.from.clone())
                    .to(to)
                    .subject(m.subject.clone())
                    .body(m.body.clone())
                    .map_err(|e| e.to_string())
            });
        let outcome = match built {
            Ok(msg) => transport
                .send(msg)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        match outcome {
            Ok(()) => {
                store
                    .notification_sent(m.id, OffsetDateTime::now_utc())
                    .await?;
                pass.sent += 1;
            }
            Err(e) => {
                tracing::warn!(id = m.id, error = %e, "cannot send a notification; will retry");
                store
                    .notification_failed(m.id, &e, now + backoff(m.attempts))
                    .await?;
                pass.failed += 1;
            }
        }
    }
    Ok(pass)
}

/// Runs forever: every `every`, writes the day's overdue notices and (with
/// `smtp`) sends the emails due.
pub fn spawn(
    store: Arc<dyn Store>,
    smtp: Option<SmtpConfig>,
    settings: Arc<crate::app::state::MailSettings>,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    crate::app::mailer::set_delivering(smtp.is_some());
    tokio::spawn(async move {
        loop {
            let today = OffsetDateTime::now_utc().date();
            if let Err(e) = super::workflow::notify_overdue(store.as_ref(), today, &settings).await
            {
                tracing::warn!(error = %e, "cannot write overdue notices");
            }
            if let Some(smtp) = &smtp
                && let Err(e) = deliver_due(store.as_ref(), smtp).await
            {
                tracing::warn!(error = %e, "cannot read the outbox");
            }
            tokio::time::sleep(every).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls_are_read() {
        let c =
            SmtpConfig::from_url("smtp://127.0.0.1:2525?from=desk@southcentre.example").unwrap();
        assert_eq!((c.host.as_str(), c.port), ("127.0.0.1", 2525));
        assert_eq!(c.from.email.to_string(), "desk@southcentre.example");
        let c = SmtpConfig::from_url("smtp://me:p%40ss@mail.example").unwrap();
        assert_eq!(c.port, 25);
        assert_eq!(c.credentials, Some(("me".into(), "p@ss".into())));
        let e = SmtpConfig::from_url("smtp://me:hunter2@mail:x").unwrap_err();
        assert!(!e.contains("hunter2"), "{e}");
        assert!(SmtpConfig::from_url("http://x").is_err());
        assert!(SmtpConfig::from_url("smtp://x?from=nope").is_err());
        assert_eq!(backoff(0), time::Duration::minutes(1));
        assert_eq!(backoff(3), time::Duration::minutes(8));
        assert_eq!(backoff(30), time::Duration::minutes(60));
    }
}

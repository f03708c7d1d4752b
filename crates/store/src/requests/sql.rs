//! Requests in SQL, for both backends: how the columns of a row are decoded
//! (and what a row that does not decode is reported as), and the
//! [`backend!`] macro, the [`RequestStore`](super::RequestStore) impl
//! written once with numbered `$N` parameters (which SQLite reads too).

use southdesk_plan::requests::{Channel, Mode, Requester, Status};

use crate::StoreError;

/// The columns of `requests` the backend's `request_row` reads, as a
/// literal for `concat!`.
macro_rules! request_columns {
    () => {
        "id, submitted_by, requester_kind, requester_id, contact, title, body, lang, \
         mode, forum, meeting, deadline, confidential, channel, status, received_at, ack_due, \
         acknowledged_at, delivered_at, updated_at, themes, programme, supporting, \
         out_of_plan, sdgs, tags_json, decline_reason, decline_note"
    };
}
pub(crate) use request_columns;

pub(crate) fn not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        what: "request",
        id: id.to_string(),
    }
}

pub(crate) fn corrupt(id: i64, reason: impl std::fmt::Display) -> StoreError {
    StoreError::CorruptData {
        what: "request",
        id: id.to_string(),
        reason: reason.to_string(),
    }
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain data serialises")
}

fn parse_field<T>(id: i64, what: &str, v: Option<T>) -> Result<T, StoreError> {
    v.ok_or_else(|| corrupt(id, format!("bad {what}")))
}

pub(crate) fn decode_requester(id: i64, kind: &str, rid: &str) -> Result<Requester, StoreError> {
    parse_field(id, "requester", Requester::from_parts(kind, rid))
}

pub(crate) fn decode_status(id: i64, s: &str) -> Result<Status, StoreError> {
    parse_field(id, "status", Status::parse(s))
}

pub(crate) fn decode_mode(id: i64, s: &str) -> Result<Mode, StoreError> {
    parse_field(id, "mode", Mode::parse(s))
}

pub(crate) fn decode_channel(id: i64, s: &str) -> Result<Channel, StoreError> {
    parse_field(id, "channel", Channel::parse(s))
}

pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    id: i64,
    s: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(s).map_err(|e| corrupt(id, e))
}

/// [`RequestStore`](super::RequestStore) for the backend store type `$store` (whose `db: Db` field
/// holds the pool): the trait impl with its SQL, and the row decoding and
/// writes (events, notifications, routing) its methods share. The module
/// invoking it provides the backend's codec (`Db`, `DbKind`, `Row`, `enc_t`,
/// `enc_d`, `get_t`, `get_ot`, `get_d`, `get_od` and `begin(db)`, a writing
/// transaction); `$lock` is appended to the select that reads a request
/// before changing it.
macro_rules! backend {
    ($store:ty, lock = $lock:literal) => {
        use sqlx::Row as _;

        use southdesk_plan::requests::{DeclineReason, LinkKind, Routing, Status};
        use $crate::StoreError;
        use $crate::plan_versions::now;
        use $crate::requests::queue::{
            FacetKind, Param, assignees_query, count_query, facet_query, list_query, search_text,
        };
        use $crate::requests::rules::{check_new, next_status};
        use $crate::requests::sql::{
            corrupt, decode_channel, decode_json, decode_mode, decode_requester, decode_status,
            json, not_found, request_columns,
        };
        use $crate::requests::{
            AttachmentMeta, Change, Comment, InboxItem, Link, NewRequest, Notice, OutboxMessage,
            Request, RequestEvent, RequestFacets, RequestQuery, SavedView, Submitted,
        };

        #[async_trait::async_trait]
        impl $crate::requests::RequestStore for $store {
            async fn submit_request(&self, new: NewRequest) -> Result<Submitted, StoreError> {
                const DOING: &str = "storing a request";
                let db = &self.db;
                check_new(&new)?;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                if let Some(k) = &new.idempotency {
                    let claimed: Option<i64> = sqlx::query_scalar(
                        "INSERT INTO request_idempotency (account_id, key, fingerprint, created_at) \
                         VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, key) DO NOTHING RETURNING account_id",
                    )
                    .bind(new.submitted_by)
                    .bind(&k.key)
                    .bind(&k.fingerprint)
                    .bind(enc_t(new.received_at))
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                    if claimed.is_none() {
                        let (fingerprint, request_id): (String, Option<i64>) = sqlx::query_as(
                            "SELECT fingerprint, request_id FROM request_idempotency \
                             WHERE account_id = $1 AND key = $2",
                        )
                        .bind(new.submitted_by)
                        .bind(&k.key)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                        tx.rollback().await.map_err(db.err(DOING))?;
                        if fingerprint != k.fingerprint {
                            return Err(StoreError::Conflict(format!(
                                "the idempotency key {:?} was used for another request",
                                k.key
                            )));
                        }
                        let id = request_id.ok_or_else(|| corrupt(0, "idempotency key without request"))?;
                        let request = read_request(db, id).await?.ok_or_else(|| not_found(id))?;
                        return Ok(Submitted { request, created: false });
                    }
                }
                let at = new.received_at;
                let row = sqlx::query("INSERT INTO requests (submitted_by, requester_kind, requester_id, contact, title, \
                     body, lang, mode, forum, meeting, deadline, confidential, channel, status, \
                     received_at, ack_due, updated_at, themes, programme, supporting, out_of_plan, \
                     sdgs, tags_json, search_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
                     'received', $14, $15, $14, $16, $17, $18, $19, $20, $21, $22) RETURNING id")
                .bind(new.submitted_by)
                .bind(new.requester.kind())
                .bind(new.requester.id())
                .bind(&new.contact)
                .bind(new.title.trim())
                .bind(&new.text)
                .bind(&new.lang)
                .bind(new.mode.as_str())
                .bind(&new.forum)
                .bind(&new.meeting)
                .bind(new.deadline.map(enc_d))
                .bind(new.confidential)
                .bind(new.channel.as_str())
                .bind(enc_t(at))
                .bind(enc_d(new.ack_due))
                .bind(json(&new.routing.themes))
                .bind(&new.routing.lead)
                .bind(json(&new.routing.supporting))
                .bind(new.routing.out_of_plan)
                .bind(json(&new.sdgs))
                .bind(&new.tags_json)
                .bind(search_text(new.title.trim(), &new.text, &new.contact, new.requester.id()))
                .fetch_one(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                let id: i64 = row.try_get(0).map_err(db.err(DOING))?;
                write_programmes(db, &mut tx, id, &new.routing).await?;
                write_themes(db, &mut tx, id, &new.routing).await?;
                for a in &new.attachments {
                    sqlx::query(
                        "INSERT INTO attachment_blobs (sha256, size, bytes) VALUES ($1, $2, $3) \
                         ON CONFLICT (sha256) DO NOTHING",
                    )
                    .bind(&a.sha256)
                    .bind(a.bytes.len() as i64)
                    .bind(&a.bytes)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                    sqlx::query(
                        "INSERT INTO request_attachments (request_id, sha256, filename, content_type, size) \
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id)
                    .bind(&a.sha256)
                    .bind(&a.filename)
                    .bind(&a.content_type)
                    .bind(a.bytes.len() as i64)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                }
                if let Some(k) = &new.idempotency {
                    sqlx::query(
                        "UPDATE request_idempotency SET request_id = $1 WHERE account_id = $2 AND key = $3",
                    )
                    .bind(id)
                    .bind(new.submitted_by)
                    .bind(&k.key)
                    .execute(&mut *tx)
                    .await
                    .map_err(db.err(DOING))?;
                }
                let detail = serde_json::json!({
                    "channel": new.channel.as_str(),
                    "attachments": new.attachments.len(),
                });
                write_event(
                    db, &mut tx, id, at, new.submitted_by, "received", None,
                    Some(Status::Received), detail.to_string(), false,
                )
                .await?;
                write_notices(db, &mut tx, id, at, &new.notify).await?;
                tx.commit().await.map_err(db.err(DOING))?;
                let request = read_request(db, id).await?.ok_or_else(|| not_found(id))?;
                Ok(Submitted { request, created: true })
            }

            async fn request(&self, id: i64) -> Result<Option<Request>, StoreError> {
                read_request(&self.db, id).await
            }

            async fn requests(&self, q: &RequestQuery) -> Result<Vec<Request>, StoreError> {
                const DOING: &str = "listing requests";
                let db = &self.db;
                let (sql, params) = list_query(q);
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                for p in params {
                    query = match p {
                        Param::Text(s) => query.bind(s),
                        Param::Int(i) => query.bind(i),
                        Param::Date(d) => query.bind(enc_d(d)),
                    };
                }
                let rows = query
                    .fetch_all(&db.pool)
                    .await
                    .map_err(db.err(DOING))?;
                let mut out = rows.iter().map(request_row).collect::<Result<Vec<_>, _>>()?;
                // The assignees of all of them in one query.
                if !out.is_empty() {
                    let mut query = sqlx::query_as::<_, (i64, i64)>(sqlx::AssertSqlSafe(
                        assignees_query(out.len()),
                    ));
                    for r in &out {
                        query = query.bind(r.id);
                    }
                    let pairs = query.fetch_all(&db.pool).await.map_err(db.err(DOING))?;
                    let mut by_request: std::collections::HashMap<i64, Vec<i64>> =
                        std::collections::HashMap::new();
                    for (request, account) in pairs {
                        by_request.entry(request).or_default().push(account);
                    }
                    for r in &mut out {
                        r.assignees = by_request.remove(&r.id).unwrap_or_default();
                    }
                }
                Ok(out)
            }

            async fn count_requests(&self, q: &RequestQuery) -> Result<u64, StoreError> {
                let db = &self.db;
                let (sql, params) = count_query(q);
                let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
                for p in params {
                    query = match p {
                        Param::Text(s) => query.bind(s),
                        Param::Int(i) => query.bind(i),
                        Param::Date(d) => query.bind(enc_d(d)),
                    };
                }
                let n = query.fetch_one(&db.pool).await.map_err(db.err("counting requests"))?;
                Ok(u64::try_from(n).unwrap_or(0))
            }

            async fn request_facets(
                &self,
                q: &RequestQuery,
                day: time::Date,
            ) -> Result<RequestFacets, StoreError> {
                const DOING: &str = "counting requests by facet";
                let db = &self.db;
                let mut out = RequestFacets::default();
                for f in FacetKind::ALL {
                    let (sql, params) = facet_query(q, f);
                    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for p in params {
                        query = match p {
                            Param::Text(s) => query.bind(s),
                            Param::Int(i) => query.bind(i),
                            Param::Date(d) => query.bind(enc_d(d)),
                        };
                    }
                    let rows = query.fetch_all(&db.pool).await.map_err(db.err(DOING))?;
                    for r in &rows {
                        let c = |e: sqlx::Error| corrupt(0, e);
                        let n: i64 = r.try_get("n").map_err(c)?;
                        let n = u64::try_from(n).unwrap_or(0);
                        match f {
                            FacetKind::Status => {
                                let s: String = r.try_get(0).map_err(c)?;
                                out.statuses.push((decode_status(0, &s)?, n));
                            }
                            FacetKind::Theme => out.themes.push((r.try_get(0).map_err(c)?, n)),
                            FacetKind::Programme => {
                                out.programmes.push((r.try_get(0).map_err(c)?, n))
                            }
                            FacetKind::Requester => {
                                let k: String = r.try_get(0).map_err(c)?;
                                let i: String = r.try_get(1).map_err(c)?;
                                out.requesters.push((decode_requester(0, &k, &i)?, n));
                            }
                            FacetKind::Assignee => out.assignees.push((r.try_get(0).map_err(c)?, n)),
                        }
                    }
                }
                out.statuses.sort_by_key(|(s, _)| Status::ALL.iter().position(|x| x == s));
                out.themes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                out.programmes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                out.requesters.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.key().cmp(&b.0.key())));
                out.assignees.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                let overdue = RequestQuery { overdue_on: Some(day), ..q.clone() };
                out.overdue = self.count_requests(&overdue).await?;
                Ok(out)
            }

            async fn save_view(
                &self,
                account_id: i64,
                name: &str,
                query: &str,
            ) -> Result<SavedView, StoreError> {
                const DOING: &str = "saving a view";
                let db = &self.db;
                let name = name.trim();
                if name.is_empty() {
                    return Err(StoreError::Invalid("a saved view needs a name".into()));
                }
                if name.chars().count() > 80 || query.len() > 2000 {
                    return Err(StoreError::Invalid("a saved view's name or query is too long".into()));
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO saved_views (account_id, name, query, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (account_id, name) DO UPDATE SET query = excluded.query RETURNING id",
                )
                .bind(account_id)
                .bind(name)
                .bind(query)
                .bind(enc_t(now()))
                .fetch_one(&db.pool)
                .await
                .map_err(|e| match &e {
                    sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
                        StoreError::Invalid(format!("there is no account {account_id}"))
                    }
                    _ => db.err(DOING)(e),
                })?;
                Ok(SavedView { id, name: name.to_string(), query: query.to_string() })
            }

            async fn saved_views(&self, account_id: i64) -> Result<Vec<SavedView>, StoreError> {
                let db = &self.db;
                let rows: Vec<(i64, String, String)> = sqlx::query_as(
                    "SELECT id, name, query FROM saved_views WHERE account_id = $1 ORDER BY name, id",
                )
                .bind(account_id)
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("reading saved views"))?;
                Ok(rows
                    .into_iter()
                    .map(|(id, name, query)| SavedView { id, name, query })
                    .collect())
            }

            async fn delete_saved_view(&self, account_id: i64, id: i64) -> Result<(), StoreError> {
                let db = &self.db;
                let done = sqlx::query("DELETE FROM saved_views WHERE account_id = $1 AND id = $2")
                    .bind(account_id)
                    .bind(id)
                    .execute(&db.pool)
                    .await
                    .map_err(db.err("deleting a saved view"))?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound { what: "saved view", id: id.to_string() });
                }
                Ok(())
            }

            async fn unread_count(&self, account_id: i64) -> Result<u64, StoreError> {
                let db = &self.db;
                let n: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM inbox WHERE account_id = $1 AND read_at IS NULL",
                )
                .bind(account_id)
                .fetch_one(&db.pool)
                .await
                .map_err(db.err("counting unread notices"))?;
                Ok(u64::try_from(n).unwrap_or(0))
            }

            async fn change_request(
                &self,
                id: i64,
                actor: i64,
                change: Change,
                notify: Vec<Notice>,
            ) -> Result<Request, StoreError> {
                const DOING: &str = "changing a request";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let status: Option<String> =
                    sqlx::query_scalar(concat!("SELECT status FROM requests WHERE id = $1", $lock))
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                let from = decode_status(id, &status.ok_or_else(|| not_found(id))?)?;
                let to = next_status(id, from, &change)?;
                let at = now();
                let changed = to != from;
                let mut internal = false;
                let detail = match &change {
                    Change::Triage { routing, sdgs } => {
                        sqlx::query(
                            "UPDATE requests SET themes = $1, programme = $2, supporting = $3, \
                             out_of_plan = $4, sdgs = $5 WHERE id = $6",
                        )
                        .bind(json(&routing.themes))
                        .bind(&routing.lead)
                        .bind(json(&routing.supporting))
                        .bind(routing.out_of_plan)
                        .bind(json(sdgs))
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                        write_programmes(db, &mut tx, id, routing).await?;
                        write_themes(db, &mut tx, id, routing).await?;
                        serde_json::json!({ "routing": routing, "sdgs": sdgs })
                    }
                    Change::Assign { assignees } => {
                        sqlx::query("DELETE FROM request_assignments WHERE request_id = $1")
                            .bind(id)
                            .execute(&mut *tx)
                            .await
                            .map_err(db.err(DOING))?;
                        for a in assignees {
                            sqlx::query(
                                "INSERT INTO request_assignments (request_id, account_id, assigned_at, \
                                 assigned_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                            )
                            .bind(id)
                            .bind(*a)
                            .bind(enc_t(at))
                            .bind(actor)
                            .execute(&mut *tx)
                            .await
                            .map_err(|e| match &e {
                                sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
                                    StoreError::Invalid(format!("there is no account {a}"))
                                }
                                _ => db.err(DOING)(e),
                            })?;
                        }
                        serde_json::json!({ "assignees": assignees })
                    }
                    Change::Status { decline, .. } => {
                        if let Some((reason, note)) = decline {
                            sqlx::query(
                                "UPDATE requests SET decline_reason = $1, decline_note = $2, status = 'declined' \
                                 WHERE id = $3",
                            )
                            .bind(reason.as_str())
                            .bind(note)
                            .bind(id)
                            .execute(&mut *tx)
                            .await
                            .map_err(db.err(DOING))?;
                        }
                        match decline {
                            Some((reason, note)) => {
                                serde_json::json!({ "reason": reason.as_str(), "note": note })
                            }
                            None => serde_json::json!({}),
                        }
                    }
                    Change::Comment { text, internal: i } => {
                        internal = *i;
                        sqlx::query(
                            "INSERT INTO request_comments (request_id, at, author_id, internal, text) \
                             VALUES ($1, $2, $3, $4, $5)",
                        )
                        .bind(id)
                        .bind(enc_t(at))
                        .bind(actor)
                        .bind(*i)
                        .bind(text)
                        .execute(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                        serde_json::json!({ "internal": i })
                    }
                    Change::Link { kind, target } => {
                        sqlx::query(
                            "INSERT INTO request_links (request_id, kind, target_id, linked_at, linked_by) \
                             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                        )
                        .bind(id)
                        .bind(kind.as_str())
                        .bind(*target)
                        .bind(enc_t(at))
                        .bind(actor)
                        .execute(&mut *tx)
                        .await
                        .map_err(db.err(DOING))?;
                        serde_json::json!({ "kind": kind.as_str(), "target": target })
                    }
                };
                let acknowledges = changed && from == Status::Received;
                let delivers = changed && to == Status::Delivered;
                sqlx::query(
                    "UPDATE requests SET status = $1, updated_at = $2, \
                     acknowledged_at = CASE WHEN $3 = 1 AND acknowledged_at IS NULL THEN $2 ELSE acknowledged_at END, \
                     delivered_at = CASE WHEN $4 = 1 THEN $2 ELSE delivered_at END WHERE id = $5",
                )
                .bind(to.as_str())
                .bind(enc_t(at))
                .bind(i64::from(acknowledges))
                .bind(i64::from(delivers))
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db.err(DOING))?;
                write_event(
                    db, &mut tx, id, at, actor, change.kind(), Some(from),
                    changed.then_some(to), detail.to_string(), internal,
                )
                .await?;
                write_notices(db, &mut tx, id, at, &notify).await?;
                tx.commit().await.map_err(db.err(DOING))?;
                read_request(db, id).await?.ok_or_else(|| not_found(id))
            }

            async fn request_events(&self, id: i64) -> Result<Vec<RequestEvent>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(
                    "SELECT id, at, actor_id, kind, from_status, to_status, detail, internal \
                     FROM request_events WHERE request_id = $1 ORDER BY at, id",
                )
                .bind(id)
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("reading the history of a request"))?;
                rows.iter()
                    .map(|r| {
                        let c = |e: sqlx::Error| corrupt(id, e);
                        let st = |col: &str| -> Result<Option<Status>, StoreError> {
                            let s: Option<String> = r.try_get(col).map_err(c)?;
                            s.map(|s| decode_status(id, &s)).transpose()
                        };
                        Ok(RequestEvent {
                            id: r.try_get("id").map_err(c)?,
                            at: get_t(r, "at").map_err(|e| corrupt(id, e))?,
                            actor: r.try_get("actor_id").map_err(c)?,
                            kind: r.try_get("kind").map_err(c)?,
                            from_status: st("from_status")?,
                            to_status: st("to_status")?,
                            detail: r.try_get("detail").map_err(c)?,
                            internal: r.try_get("internal").map_err(c)?,
                        })
                    })
                    .collect()
            }

            async fn request_comments(&self, id: i64) -> Result<Vec<Comment>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(
                    "SELECT id, at, author_id, internal, text FROM request_comments \
                     WHERE request_id = $1 ORDER BY at, id",
                )
                .bind(id)
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("reading comments"))?;
                rows.iter()
                    .map(|r| {
                        let c = |e: sqlx::Error| corrupt(id, e);
                        Ok(Comment {
                            id: r.try_get("id").map_err(c)?,
                            at: get_t(r, "at").map_err(|e| corrupt(id, e))?,
                            author: r.try_get("author_id").map_err(c)?,
                            internal: r.try_get("internal").map_err(c)?,
                            text: r.try_get("text").map_err(c)?,
                        })
                    })
                    .collect()
            }

            async fn request_links(&self, id: i64) -> Result<Vec<Link>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(
                    "SELECT kind, target_id, linked_at, linked_by FROM request_links \
                     WHERE request_id = $1 ORDER BY linked_at, kind, target_id",
                )
                .bind(id)
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("reading links"))?;
                rows.iter()
                    .map(|r| {
                        let c = |e: sqlx::Error| corrupt(id, e);
                        let kind: String = r.try_get("kind").map_err(c)?;
                        Ok(Link {
                            kind: LinkKind::parse(&kind).ok_or_else(|| corrupt(id, "bad link kind"))?,
                            target: r.try_get("target_id").map_err(c)?,
                            at: get_t(r, "linked_at").map_err(|e| corrupt(id, e))?,
                            by: r.try_get("linked_by").map_err(c)?,
                        })
                    })
                    .collect()
            }

            async fn attachment(
                &self,
                request_id: i64,
                attachment_id: i64,
            ) -> Result<Option<(AttachmentMeta, Vec<u8>)>, StoreError> {
                let db = &self.db;
                let row = sqlx::query(
                    "SELECT a.id, a.filename, a.content_type, a.sha256, a.size, b.bytes \
                     FROM request_attachments a JOIN attachment_blobs b ON b.sha256 = a.sha256 \
                     WHERE a.request_id = $1 AND a.id = $2",
                )
                .bind(request_id)
                .bind(attachment_id)
                .fetch_optional(&db.pool)
                .await
                .map_err(db.err("reading an attachment"))?;
                let Some(r) = row else { return Ok(None) };
                let c = |e: sqlx::Error| corrupt(request_id, e);
                Ok(Some((
                    AttachmentMeta {
                        id: r.try_get("id").map_err(c)?,
                        filename: r.try_get("filename").map_err(c)?,
                        content_type: r.try_get("content_type").map_err(c)?,
                        sha256: r.try_get("sha256").map_err(c)?,
                        size: r.try_get("size").map_err(c)?,
                    },
                    r.try_get("bytes").map_err(c)?,
                )))
            }

            async fn due_notifications(
                &self,
                now: time::OffsetDateTime,
                limit: u32,
            ) -> Result<Vec<OutboxMessage>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(
                    "SELECT id, email, subject, body, attempts FROM notification_outbox \
                     WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
                )
                .bind(enc_t(now))
                .bind(i64::from(limit))
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("reading the outbox"))?;
                rows.iter()
                    .map(|r| {
                        let c = |e: sqlx::Error| corrupt(0, e);
                        Ok(OutboxMessage {
                            id: r.try_get("id").map_err(c)?,
                            email: r.try_get("email").map_err(c)?,
                            subject: r.try_get("subject").map_err(c)?,
                            body: r.try_get("body").map_err(c)?,
                            attempts: r.try_get("attempts").map_err(c)?,
                        })
                    })
                    .collect()
            }

            async fn notification_sent(&self, id: i64, at: time::OffsetDateTime) -> Result<(), StoreError> {
                let db = &self.db;
                sqlx::query(
                    "UPDATE notification_outbox SET sent_at = $1, attempts = attempts + 1 WHERE id = $2",
                )
                .bind(enc_t(at))
                .bind(id)
                .execute(&db.pool)
                .await
                .map(drop)
                .map_err(db.err("updating the outbox"))
            }

            async fn notification_failed(
                &self,
                id: i64,
                error: &str,
                retry_at: time::OffsetDateTime,
            ) -> Result<(), StoreError> {
                let db = &self.db;
                sqlx::query(
                    "UPDATE notification_outbox SET attempts = attempts + 1, last_error = $1, \
                     next_attempt_at = $2 WHERE id = $3",
                )
                .bind(error)
                .bind(enc_t(retry_at))
                .bind(id)
                .execute(&db.pool)
                .await
                .map(drop)
                .map_err(db.err("updating the outbox"))
            }

            async fn inbox(&self, account_id: i64, limit: u32) -> Result<Vec<InboxItem>, StoreError> {
                let db = &self.db;
                let rows = sqlx::query(
                    "SELECT id, request_id, kind, subject, detail, created_at, read_at, href FROM inbox \
                     WHERE account_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
                )
                .bind(account_id)
                .bind(i64::from(if limit == 0 { 200 } else { limit }))
                .fetch_all(&db.pool)
                .await
                .map_err(db.err("reading an inbox"))?;
                rows.iter()
                    .map(|r| {
                        let c = |e: sqlx::Error| corrupt(0, e);
                        let request_id: Option<i64> = r.try_get("request_id").map_err(c)?;
                        let href: Option<String> = r.try_get("href").map_err(c)?;
                        Ok(InboxItem {
                            id: r.try_get("id").map_err(c)?,
                            href: match (href, request_id) {
                                (Some(h), _) if !h.is_empty() => h,
                                (_, Some(id)) => format!("/requests/{id}"),
                                _ => "/inbox".to_string(),
                            },
                            request_id,
                            kind: r.try_get("kind").map_err(c)?,
                            subject: r.try_get("subject").map_err(c)?,
                            detail: r.try_get("detail").map_err(c)?,
                            at: get_t(r, "created_at").map_err(|e| corrupt(0, e))?,
                            read: get_ot(r, "read_at").map_err(|e| corrupt(0, e))?.is_some(),
                        })
                    })
                    .collect()
            }

            async fn mark_inbox_read(&self, account_id: i64, id: i64) -> Result<(), StoreError> {
                let db = &self.db;
                let done = sqlx::query(
                    "UPDATE inbox SET read_at = $1 WHERE account_id = $2 AND id = $3",
                )
                .bind(enc_t(now()))
                .bind(account_id)
                .bind(id)
                .execute(&db.pool)
                .await
                .map_err(db.err("updating an inbox"))?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound { what: "inbox item", id: id.to_string() });
                }
                Ok(())
            }

            async fn notify_overdue(
                &self,
                request_id: i64,
                day: time::Date,
                notify: Vec<Notice>,
            ) -> Result<bool, StoreError> {
                const DOING: &str = "recording an overdue notice";
                let db = &self.db;
                let mut tx = begin(db).await.map_err(db.err(DOING))?;
                let fresh: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO request_overdue_notices (request_id, on_day) VALUES ($1, $2) \
                     ON CONFLICT DO NOTHING RETURNING request_id",
                )
                .bind(request_id)
                .bind(enc_d(day))
                .fetch_optional(&mut *tx)
                .await
                .map_err(|e| match &e {
                    sqlx::Error::Database(d) if d.is_foreign_key_violation() => not_found(request_id),
                    _ => db.err(DOING)(e),
                })?;
                if fresh.is_none() {
                    return Ok(false);
                }
                write_notices(db, &mut tx, request_id, now(), &notify).await?;
                tx.commit().await.map_err(db.err(DOING))?;
                Ok(true)
            }
        }

        fn request_row(r: &Row) -> Result<Request, StoreError> {
            let id: i64 = r.try_get("id").map_err(|e| corrupt(0, e))?;
            let c = |e: sqlx::Error| corrupt(id, e);
            let s = |col: &str| -> Result<String, StoreError> { r.try_get(col).map_err(c) };
            let os = |col: &str| -> Result<Option<String>, StoreError> { r.try_get(col).map_err(c) };
            Ok(Request {
                id,
                submitted_by: r.try_get("submitted_by").map_err(c)?,
                requester: decode_requester(id, &s("requester_kind")?, &s("requester_id")?)?,
                contact: s("contact")?,
                title: s("title")?,
                text: s("body")?,
                lang: s("lang")?,
                mode: decode_mode(id, &s("mode")?)?,
                forum: os("forum")?,
                meeting: os("meeting")?,
                deadline: get_od(r, "deadline").map_err(|e| corrupt(id, e))?,
                confidential: r.try_get("confidential").map_err(c)?,
                channel: decode_channel(id, &s("channel")?)?,
                status: decode_status(id, &s("status")?)?,
                received_at: get_t(r, "received_at").map_err(|e| corrupt(id, e))?,
                ack_due: get_d(r, "ack_due").map_err(|e| corrupt(id, e))?,
                acknowledged_at: get_ot(r, "acknowledged_at").map_err(|e| corrupt(id, e))?,
                delivered_at: get_ot(r, "delivered_at").map_err(|e| corrupt(id, e))?,
                updated_at: get_t(r, "updated_at").map_err(|e| corrupt(id, e))?,
                routing: Routing {
                    themes: decode_json(id, &s("themes")?)?,
                    lead: os("programme")?,
                    supporting: decode_json(id, &s("supporting")?)?,
                    out_of_plan: r.try_get("out_of_plan").map_err(c)?,
                },
                sdgs: decode_json(id, &s("sdgs")?)?,
                tags_json: s("tags_json")?,
                decline_reason: match os("decline_reason")? {
                    Some(d) => Some(parse_reason(id, &d)?),
                    None => None,
                },
                decline_note: os("decline_note")?,
                assignees: Vec::new(),
                attachments: Vec::new(),
            })
        }

        fn parse_reason(id: i64, s: &str) -> Result<DeclineReason, StoreError> {
            DeclineReason::parse(s).ok_or_else(|| corrupt(id, "bad decline reason"))
        }

        async fn assignees_of<'e, E>(db: &Db, e: E, id: i64) -> Result<Vec<i64>, StoreError>
        where
            E: sqlx::Executor<'e, Database = DbKind>,
        {
            sqlx::query_scalar(
                "SELECT account_id FROM request_assignments WHERE request_id = $1 ORDER BY account_id",
            )
            .bind(id)
            .fetch_all(e)
            .await
            .map_err(db.err("reading the assignees of a request"))
        }

        async fn write_notices(
            db: &Db,
            tx: &mut Tx,
            request_id: i64,
            at: time::OffsetDateTime,
            notify: &[Notice],
        ) -> Result<(), StoreError> {
            const DOING: &str = "writing notifications";
            for n in notify.iter().filter(|n| n.send_email) {
                sqlx::query(
                    "INSERT INTO notification_outbox (request_id, account_id, email, subject, body, \
                     created_at, attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $6)",
                )
                .bind(request_id)
                .bind(n.account_id)
                .bind(&n.email)
                .bind(&n.subject)
                .bind(&n.body)
                .bind(enc_t(at))
                .execute(&mut **tx)
                .await
                .map_err(db.err(DOING))?;
            }
            for n in notify {
                sqlx::query(
                    "INSERT INTO inbox (account_id, request_id, kind, subject, created_at, detail) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(n.account_id)
                .bind(request_id)
                .bind(&n.kind)
                .bind(&n.subject)
                .bind(enc_t(at))
                .bind(&n.detail)
                .execute(&mut **tx)
                .await
                .map_err(db.err(DOING))?;
            }
            Ok(())
        }

        #[allow(clippy::too_many_arguments)]
        async fn write_event(
            db: &Db,
            tx: &mut Tx,
            request_id: i64,
            at: time::OffsetDateTime,
            actor: i64,
            kind: &str,
            from: Option<Status>,
            to: Option<Status>,
            detail: String,
            internal: bool,
        ) -> Result<(), StoreError> {
            sqlx::query(
                "INSERT INTO request_events (request_id, at, actor_id, kind, from_status, \
                 to_status, detail, internal) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(request_id)
            .bind(enc_t(at))
            .bind(actor)
            .bind(kind)
            .bind(from.map(Status::as_str))
            .bind(to.map(Status::as_str))
            .bind(detail)
            .bind(internal)
            .execute(&mut **tx)
            .await
            .map(drop)
            .map_err(db.err("writing the history of a request"))
        }

        /// Replaces the programmes request `id` is routed to (the lead and
        /// the supporting ones), which a programme's queue reads.
        async fn write_programmes(
            db: &Db,
            tx: &mut Tx,
            id: i64,
            routing: &Routing,
        ) -> Result<(), StoreError> {
            const DOING: &str = "routing a request";
            sqlx::query("DELETE FROM request_programmes WHERE request_id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await
                .map_err(db.err(DOING))?;
            let lead = routing.lead.iter().map(|p| (p, true));
            let supporting = routing.supporting.iter().map(|p| (p, false));
            for (programme, is_lead) in lead.chain(supporting) {
                sqlx::query(
                    "INSERT INTO request_programmes (programme, request_id, lead) VALUES ($1, $2, $3) \
                     ON CONFLICT (programme, request_id) DO NOTHING",
                )
                .bind(programme)
                .bind(id)
                .bind(is_lead)
                .execute(&mut **tx)
                .await
                .map_err(db.err(DOING))?;
            }
            Ok(())
        }

        /// Replaces the themes request `id` is routed to, which the theme
        /// filter reads.
        async fn write_themes(
            db: &Db,
            tx: &mut Tx,
            id: i64,
            routing: &Routing,
        ) -> Result<(), StoreError> {
            const DOING: &str = "routing a request";
            sqlx::query("DELETE FROM request_themes WHERE request_id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await
                .map_err(db.err(DOING))?;
            for theme in &routing.themes {
                sqlx::query(
                    "INSERT INTO request_themes (theme, request_id) VALUES ($1, $2) \
                     ON CONFLICT (theme, request_id) DO NOTHING",
                )
                .bind(theme)
                .bind(id)
                .execute(&mut **tx)
                .await
                .map_err(db.err(DOING))?;
            }
            Ok(())
        }

        /// The request with its assignees and attachments.
        async fn read_request(db: &Db, id: i64) -> Result<Option<Request>, StoreError> {
            const DOING: &str = "reading a request";
            let row = sqlx::query(concat!(
                "SELECT ",
                request_columns!(),
                " FROM requests WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(&db.pool)
            .await
            .map_err(db.err(DOING))?;
            let Some(row) = row else { return Ok(None) };
            let mut r = request_row(&row)?;
            r.assignees = assignees_of(db, &db.pool, id).await?;
            let rows = sqlx::query(
                "SELECT id, filename, content_type, sha256, size FROM request_attachments \
                 WHERE request_id = $1 ORDER BY id",
            )
            .bind(id)
            .fetch_all(&db.pool)
            .await
            .map_err(db.err(DOING))?;
            for a in rows {
                let c = |e: sqlx::Error| corrupt(id, e);
                r.attachments.push(AttachmentMeta {
                    id: a.try_get("id").map_err(c)?,
                    filename: a.try_get("filename").map_err(c)?,
                    content_type: a.try_get("content_type").map_err(c)?,
                    sha256: a.try_get("sha256").map_err(c)?,
                    size: a.try_get("size").map_err(c)?,
                });
            }
            Ok(Some(r))
        }
    };
}
pub(crate) use backend;

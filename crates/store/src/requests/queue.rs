//! The lists a desk works from: which requests
//! [`RequestStore::requests`](super::RequestStore::requests) returns for a
//! [`RequestQuery`] — a party's own requests, a programme's queue (lead or
//! supporting), someone's assignments, the open or overdue ones — as SQL
//! with numbered parameters, which both backends run.

use time::Date;

use super::RequestQuery;
use super::sql::request_columns;

/// Requests listed when a query sets no limit.
const DEFAULT_LIMIT: i64 = 500;

/// The statuses of a request still being worked on, as an SQL list.
const OPEN: &str = "('received', 'triaged', 'assigned', 'in-progress')";

/// A value bound to a parameter of a list query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Param {
    Text(String),
    Int(i64),
    /// Bound with the backend's date encoding.
    Date(Date),
}

/// The SQL listing the requests of `q`, newest first, with the values of
/// its parameters `$1`, `$2`, … in order.
///
/// Only the filters asked for go into the SQL, each a condition an index
/// answers: a generic `$1 = '' OR …` form keeps SQLite from using any of
/// them.
pub(crate) fn list_query(q: &RequestQuery) -> (String, Vec<Param>) {
    let mut sql = String::from(concat!(
        "SELECT ",
        request_columns!(),
        " FROM requests r WHERE TRUE"
    ));
    let mut params = Vec::new();
    let mut param = |p: Param| {
        params.push(p);
        format!("${}", params.len())
    };
    if let Some(r) = &q.requester {
        let k = param(Param::Text(r.kind().to_string()));
        let i = param(Param::Text(r.id().to_string()));
        sql += &format!(" AND requester_kind = {k} AND requester_id = {i}");
    }
    if let Some(p) = &q.programme {
        sql += &format!(
            " AND id IN (SELECT request_id FROM request_programmes WHERE programme = {})",
            param(Param::Text(p.clone()))
        );
    }
    if let Some(a) = q.assignee {
        sql += &format!(
            " AND id IN (SELECT request_id FROM request_assignments WHERE account_id = {})",
            param(Param::Int(a))
        );
    }
    if q.open_only {
        sql += &format!(" AND status IN {OPEN}");
    }
    if let Some(day) = q.overdue_on {
        let d = param(Param::Date(day));
        sql += &format!(
            " AND ((status = 'received' AND ack_due < {d}) \
             OR (status IN {OPEN} AND deadline < {d}))"
        );
    }
    let limit = if q.limit == 0 {
        DEFAULT_LIMIT
    } else {
        i64::from(q.limit)
    };
    sql += &format!(
        " ORDER BY received_at DESC, id DESC LIMIT {}",
        param(Param::Int(limit))
    );
    (sql, params)
}

/// The SQL reading the assignees of `n` requests, whose ids are bound as
/// `$1`…`$n`: `(request_id, account_id)` pairs, by account.
pub(crate) fn assignees_query(n: usize) -> String {
    let list = (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT request_id, account_id FROM request_assignments \
         WHERE request_id IN ({list}) ORDER BY account_id"
    )
}

#[cfg(test)]
mod tests {
    use southdesk_plan::requests::Requester;

    use super::*;

    #[test]
    fn only_the_filters_asked_for_become_sql() {
        let (sql, params) = list_query(&RequestQuery::default());
        assert!(
            sql.ends_with(
                " FROM requests r WHERE TRUE ORDER BY received_at DESC, id DESC LIMIT $1"
            ),
            "{sql}"
        );
        assert_eq!(params, [Param::Int(DEFAULT_LIMIT)]);
    }

    #[test]
    fn parameters_are_numbered_in_the_order_they_are_bound() {
        let day = time::macros::date!(2026 - 03 - 02);
        let q = RequestQuery {
            requester: Some(Requester::from_parts("member", "ZAF").expect("a member state")),
            programme: Some("ggdp".into()),
            assignee: Some(7),
            open_only: true,
            overdue_on: Some(day),
            limit: 20,
        };
        let (sql, params) = list_query(&q);
        assert!(
            sql.contains("requester_kind = $1 AND requester_id = $2"),
            "{sql}"
        );
        assert!(sql.contains("WHERE programme = $3)"), "{sql}");
        assert!(sql.contains("WHERE account_id = $4)"), "{sql}");
        assert!(sql.contains("ack_due < $5) OR"), "{sql}");
        assert!(sql.contains("AND deadline < $5))"), "{sql}");
        assert!(sql.ends_with("LIMIT $6"), "{sql}");
        assert_eq!(
            params,
            [
                Param::Text("member".into()),
                Param::Text("ZAF".into()),
                Param::Text("ggdp".into()),
                Param::Int(7),
                Param::Date(day),
                Param::Int(20),
            ]
        );
    }

    #[test]
    fn assignees_are_read_for_every_request_at_once() {
        assert_eq!(
            assignees_query(3),
            "SELECT request_id, account_id FROM request_assignments \
             WHERE request_id IN ($1, $2, $3) ORDER BY account_id"
        );
    }
}

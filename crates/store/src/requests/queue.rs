//! The lists a desk works from: which requests
//! [`RequestStore::requests`](super::RequestStore::requests) returns for a
//! [`RequestQuery`] — a party's own requests, a programme's queue (lead or
//! supporting), someone's assignments, the open or overdue ones — as SQL
//! with numbered parameters, which both backends run.

use time::Date;

use southdesk_plan::requests::Requester;

use super::sql::request_columns;
use super::{Reach, RequestQuery, SortKey};

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

/// Parameters of one query, numbered `$1`, `$2`, … in the order bound.
#[derive(Debug, Default)]
pub(crate) struct Params(pub(crate) Vec<Param>);

impl Params {
    fn bind(&mut self, p: Param) -> String {
        self.0.push(p);
        format!("${}", self.0.len())
    }
}

/// The SQL of the statuses still open, as the workflow orders them.
const STATUS_ORDER: &str = "CASE status WHEN 'received' THEN 0 WHEN 'triaged' THEN 1 \
     WHEN 'assigned' THEN 2 WHEN 'in-progress' THEN 3 WHEN 'delivered' THEN 4 \
     WHEN 'closed' THEN 5 ELSE 6 END";

/// The condition on a requester (member state or group).
fn requester_is(r: &Requester, p: &mut Params) -> String {
    let k = p.bind(Param::Text(r.kind().to_string()));
    let i = p.bind(Param::Text(r.id().to_string()));
    format!("(requester_kind = {k} AND requester_id = {i})")
}

fn assigned_to(a: i64, p: &mut Params) -> String {
    format!(
        "id IN (SELECT request_id FROM request_assignments WHERE account_id = {})",
        p.bind(Param::Int(a))
    )
}

fn routed_to(programme: &str, p: &mut Params) -> String {
    format!(
        "id IN (SELECT request_id FROM request_programmes WHERE programme = {})",
        p.bind(Param::Text(programme.to_string()))
    )
}

/// `LIKE` pattern for text containing `s` (its `%`, `_` and `\` taken
/// literally, with `ESCAPE '\'`).
fn contains_pattern(s: &str) -> String {
    let mut out = String::from("%");
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// How the search column is filled: the words a free-text search looks
/// in, case folded (the same in Rust for both backends).
pub(crate) fn search_text(title: &str, text: &str, contact: &str, requester_id: &str) -> String {
    format!("{title}\n{text}\n{contact}\n{requester_id}").to_lowercase()
}

/// The conditions of `q` (each ` AND …`), binding their values to `p`.
///
/// Only the filters asked for go into the SQL, each a condition an index
/// answers: a generic `$1 = '' OR …` form keeps SQLite from using any of
/// them.
pub(crate) fn conditions(q: &RequestQuery, p: &mut Params) -> String {
    let mut sql = String::new();
    if let Some(scope) = q.scope.as_ref().filter(|s| !s.all) {
        let mut ors = Vec::new();
        if let Some(m) = &scope.member {
            ors.push(requester_is(&Requester::Member(m.to_ascii_uppercase()), p));
        }
        if let Some(g) = &scope.group {
            ors.push(requester_is(&Requester::Group(g.to_ascii_lowercase()), p));
        }
        if let Some(l) = &scope.lead_programme {
            ors.push(format!("programme = {}", p.bind(Param::Text(l.clone()))));
        }
        if let Some(a) = scope.assignee {
            ors.push(assigned_to(a, p));
        }
        if ors.is_empty() {
            sql += " AND FALSE";
        } else {
            sql += &format!(" AND ({})", ors.join(" OR "));
        }
    }
    if !q.any_of.is_empty() {
        let ors: Vec<String> = q
            .any_of
            .iter()
            .map(|r| match r {
                Reach::Party(r) => requester_is(r, p),
                Reach::Programme(g) => routed_to(g, p),
                Reach::Assignee(a) => assigned_to(*a, p),
            })
            .collect();
        sql += &format!(" AND ({})", ors.join(" OR "));
    }
    if let Some(r) = &q.requester {
        sql += &format!(" AND {}", requester_is(r, p));
    }
    if let Some(g) = &q.programme {
        sql += &format!(" AND {}", routed_to(g, p));
    }
    if let Some(a) = q.assignee {
        sql += &format!(" AND {}", assigned_to(a, p));
    }
    if let Some(t) = &q.theme {
        sql += &format!(
            " AND id IN (SELECT request_id FROM request_themes WHERE theme = {})",
            p.bind(Param::Text(t.clone()))
        );
    }
    if q.open_only {
        sql += &format!(" AND status IN {OPEN}");
    }
    if !q.statuses.is_empty() {
        let list: Vec<String> = q
            .statuses
            .iter()
            .map(|s| p.bind(Param::Text(s.as_str().to_string())))
            .collect();
        sql += &format!(" AND status IN ({})", list.join(", "));
    }
    if let Some(day) = q.overdue_on {
        let d = p.bind(Param::Date(day));
        sql += &format!(
            " AND ((status = 'received' AND ack_due < {d}) \
             OR (status IN {OPEN} AND deadline < {d}))"
        );
    }
    if let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let pat = p.bind(Param::Text(contains_pattern(&text.to_lowercase())));
        let mut ors = vec![format!("search_text LIKE {pat} ESCAPE '\\'")];
        for r in &q.text_requesters {
            ors.push(requester_is(r, p));
        }
        sql += &format!(" AND ({})", ors.join(" OR "));
    }
    sql
}

/// The `ORDER BY` of `q` (the id last, so that pages never overlap).
fn order_by(q: &RequestQuery) -> String {
    let dir = if q.order.descending { "DESC" } else { "ASC" };
    match q.order.key {
        SortKey::Received => format!(" ORDER BY received_at {dir}, id {dir}"),
        SortKey::Updated => format!(" ORDER BY updated_at {dir}, id {dir}"),
        SortKey::Due => format!(" ORDER BY (deadline IS NULL), deadline {dir}, id {dir}"),
        SortKey::Status => {
            format!(" ORDER BY {STATUS_ORDER} {dir}, received_at DESC, id DESC")
        }
    }
}

/// The SQL listing the requests of `q` in its order, with the values of
/// its parameters `$1`, `$2`, … in order.
pub(crate) fn list_query(q: &RequestQuery) -> (String, Vec<Param>) {
    let mut p = Params::default();
    let mut sql = String::from(concat!(
        "SELECT ",
        request_columns!(),
        " FROM requests r WHERE TRUE"
    ));
    sql += &conditions(q, &mut p);
    sql += &order_by(q);
    let limit = if q.limit == 0 {
        DEFAULT_LIMIT
    } else {
        i64::from(q.limit)
    };
    let l = p.bind(Param::Int(limit));
    sql += &format!(" LIMIT {l}");
    if q.offset > 0 {
        let o = p.bind(Param::Int(i64::from(q.offset)));
        sql += &format!(" OFFSET {o}");
    }
    (sql, p.0)
}

/// The SQL counting the requests of `q`.
pub(crate) fn count_query(q: &RequestQuery) -> (String, Vec<Param>) {
    let mut p = Params::default();
    let sql = format!(
        "SELECT COUNT(*) FROM requests r WHERE TRUE{}",
        conditions(q, &mut p)
    );
    (sql, p.0)
}

/// A facet of [`RequestFacets`](super::RequestFacets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FacetKind {
    Status,
    Theme,
    Programme,
    Requester,
    Assignee,
}

impl FacetKind {
    pub(crate) const ALL: [FacetKind; 5] = [
        FacetKind::Status,
        FacetKind::Theme,
        FacetKind::Programme,
        FacetKind::Requester,
        FacetKind::Assignee,
    ];
}

/// The SQL counting the requests of `q` by the values of facet `f`, with
/// `q`'s own filter on that facet left out: rows of (value, [second
/// value,] count).
pub(crate) fn facet_query(q: &RequestQuery, f: FacetKind) -> (String, Vec<Param>) {
    let mut q = q.clone();
    match f {
        FacetKind::Status => {
            q.statuses.clear();
            q.open_only = false;
        }
        FacetKind::Theme => q.theme = None,
        FacetKind::Programme => q.programme = None,
        FacetKind::Requester => q.requester = None,
        FacetKind::Assignee => q.assignee = None,
    }
    let mut p = Params::default();
    let conds = conditions(&q, &mut p);
    let ids = format!("SELECT id FROM requests r WHERE TRUE{conds}");
    let sql = match f {
        FacetKind::Status => {
            format!(
                "SELECT status, COUNT(*) AS n FROM requests r WHERE TRUE{conds} GROUP BY status"
            )
        }
        FacetKind::Theme => format!(
            "SELECT theme, COUNT(*) AS n FROM request_themes WHERE request_id IN ({ids}) GROUP BY theme"
        ),
        FacetKind::Programme => format!(
            "SELECT programme, COUNT(*) AS n FROM request_programmes WHERE request_id IN ({ids}) \
             GROUP BY programme"
        ),
        FacetKind::Requester => format!(
            "SELECT requester_kind, requester_id, COUNT(*) AS n FROM requests r WHERE TRUE{conds} \
             GROUP BY requester_kind, requester_id"
        ),
        FacetKind::Assignee => format!(
            "SELECT account_id, COUNT(*) AS n FROM request_assignments WHERE request_id IN ({ids}) \
             GROUP BY account_id"
        ),
    };
    (sql, p.0)
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
            ..RequestQuery::default()
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

//! `/api/v1/contacts` (the Secretariat's bearer token): people with the
//! posts they hold, each read of one person in the audit log, and the CSV
//! import (a preview, or a write of every row or none). `/api/v1/organisations`
//! (everyone): the organisations the Centre works with, by name, kind and
//! country — no person is named there.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use southdesk_contacts::{OrgKind, Person, RowAction, RowNote, read_people};
use southdesk_plan::Plan;
use southdesk_store::{ContactAccess, Holding, OrgFilter, PersonFilter};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::app::auth::CurrentUser;
use crate::app::error::ErrorBody;
use crate::app::{ApiError, AppState, PathId};

/// A post a person holds or held.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HeldDoc {
    #[schema(example = 3)]
    pub post: i64,
    #[schema(example = "Counsellor")]
    pub title: String,
    #[schema(example = "TRIPS")]
    pub portfolio: Option<String>,
    #[schema(example = 2)]
    pub organisation: i64,
    #[schema(example = "Permanent Mission of Ecuador")]
    pub organisation_name: String,
    #[schema(example = "2025-09-01")]
    pub from: String,
    /// The last day; `null` while held.
    pub to: Option<String>,
}

/// A person of the register.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonDoc {
    #[schema(example = 12)]
    pub id: i64,
    #[schema(example = "王毅")]
    pub name: String,
    #[schema(example = "Wang Yi")]
    pub latin_name: Option<String>,
    pub honorific: Option<String>,
    #[schema(example = json!(["zh", "en"]))]
    pub languages: Vec<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    #[schema(example = json!(["trade"]))]
    pub themes: Vec<String>,
    pub notes: String,
    /// Whether the person agreed to be contacted; `null`: not asked.
    pub consent: Option<bool>,
    /// The day the person's data was erased (then nothing else is kept).
    pub erased_on: Option<String>,
    /// The posts held today (in a list) or ever (for one person).
    pub posts: Vec<HeldDoc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PeopleList {
    pub people: Vec<PersonDoc>,
}

fn held_doc(h: &Holding) -> HeldDoc {
    HeldDoc {
        post: h.post.id,
        title: h.post.data.title.clone(),
        portfolio: h.post.data.portfolio.clone(),
        organisation: h.organisation.id,
        organisation_name: h.organisation.data.name.clone(),
        from: h.tenure.data.from.to_string(),
        to: h.tenure.data.to.map(|d| d.to_string()),
    }
}

fn person_doc(p: &Person, held: &[Holding]) -> PersonDoc {
    let d = &p.data;
    PersonDoc {
        id: p.id,
        name: d.name.clone(),
        latin_name: d.latin_name.clone(),
        honorific: d.honorific.clone(),
        languages: d.languages.clone(),
        emails: d.emails.clone(),
        phones: d.phones.clone(),
        themes: d.themes.clone(),
        notes: d.notes.clone(),
        consent: d.consent.as_ref().map(|c| c.given),
        erased_on: d.erased_on.map(|e| e.to_string()),
        posts: held
            .iter()
            .filter(|h| h.tenure.data.person == p.id)
            .map(held_doc)
            .collect(),
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct PeopleQuery {
    /// Words found in a name (any script; accents and case ignored) or an
    /// e-mail.
    #[serde(default)]
    pub q: String,
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// People, by name, with the posts they hold today (at most 500).
#[utoipa::path(
    get,
    path = "/api/v1/contacts/people",
    tag = "contacts",
    params(PeopleQuery),
    responses(
        (status = 200, description = "The people found", body = PeopleList),
        (status = 401, description = "No valid token (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "The account may not see contacts (`forbidden`)", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn people(
    State(state): State<AppState>,
    Query(q): Query<PeopleQuery>,
) -> Result<Json<PeopleList>, ApiError> {
    let people = state
        .store
        .people(&PersonFilter {
            query: q.q.chars().take(200).collect(),
            limit: 0,
            theme: None,
        })
        .await?;
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    let held = state.store.holdings(&ids, Some(today())).await?;
    Ok(Json(PeopleList {
        people: people.iter().map(|p| person_doc(p, &held)).collect(),
    }))
}

/// One person, with every post held; the read is in the audit log.
#[utoipa::path(
    get,
    path = "/api/v1/contacts/people/{id}",
    tag = "contacts",
    params(("id" = i64, Path, description = "Identifier of the person")),
    responses(
        (status = 200, description = "The person", body = PersonDoc),
        (status = 404, description = "No such person (`not_found`)", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn person(
    State(state): State<AppState>,
    CurrentUser(who): CurrentUser,
    PathId(id): PathId,
) -> Result<Json<PersonDoc>, ApiError> {
    let p = state
        .store
        .person(id)
        .await?
        .filter(|p| p.data.merged_into.is_none())
        .ok_or_else(|| ApiError::not_found(format!("no person {id}")))?;
    state
        .store
        .record_contact_access(id, who.as_ref().map(|a| a.id), ContactAccess::View)
        .await?;
    let held = state.store.holdings(&[id], None).await?;
    Ok(Json(person_doc(&p, &held)))
}

/// What one row of an import does.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowDoc {
    /// The line of the file.
    #[schema(example = 3)]
    pub line: u64,
    pub name: String,
    /// `create`, `update`, `unchanged` or `refuse`.
    #[schema(example = "update")]
    pub action: String,
    /// The person written or updated (absent for a new one in a preview).
    pub person: Option<i64>,
    /// For a refused row: the column, and why.
    #[schema(example = "emails[0]")]
    pub field: Option<String>,
    pub reason: Option<String>,
    /// What else the row does, or asks staff to look at.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportDoc {
    /// Whether the rows were written (all of them).
    pub written: bool,
    pub rows: Vec<RowDoc>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ImportQuery {
    /// `true` to write the rows (all or none); else a preview.
    #[serde(default)]
    pub write: bool,
}

/// Imports people from a CSV file (the body, UTF-8): what each row does;
/// written only with `write=true` and no row refused (then 200 with
/// `written`), else nothing is written (422 when a row is refused).
#[utoipa::path(
    post,
    path = "/api/v1/contacts/import",
    tag = "contacts",
    params(ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The rows, a header line first (the columns of `southdesk contacts export`)"),
    responses(
        (status = 200, description = "The preview, or what was written", body = ImportDoc),
        (status = 400, description = "The file cannot be read (`bad_file`), with the line", body = ErrorBody),
        (status = 422, description = "A row is refused: nothing was written", body = ImportDoc),
    ),
    security(("bearer" = []))
)]
pub async fn import(
    State(state): State<AppState>,
    CurrentUser(who): CurrentUser,
    Query(q): Query<ImportQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<ImportDoc>), ApiError> {
    let plan = state
        .adopted_plan()
        .await?
        .unwrap_or_else(Plan::embedded_2026_2028);
    let sheet = read_people(&body, today(), |t| plan.theme(t).is_some()).map_err(|e| ApiError {
        status: StatusCode::BAD_REQUEST,
        code: "bad_file",
        message: e.to_string(),
    })?;
    let out = state
        .store
        .import_people(&sheet.rows, who.as_ref().map(|a| a.id), q.write)
        .await?;
    let refused = out.iter().any(|o| matches!(o.action, RowAction::Refuse(_)));
    let rows = out
        .into_iter()
        .map(|o| {
            let (action, field, reason) = match &o.action {
                RowAction::Create => ("create", None, None),
                RowAction::Update { .. } => ("update", None, None),
                RowAction::Unchanged { .. } => ("unchanged", None, None),
                RowAction::Refuse(e) => ("refuse", Some(e.field.clone()), Some(e.message.clone())),
            };
            RowDoc {
                line: o.line,
                name: o.name,
                action: action.into(),
                person: (o.person > 0).then_some(o.person),
                field,
                reason,
                notes: o
                    .notes
                    .iter()
                    .map(|n| match n {
                        RowNote::NewOrganisation(name) => format!("new organisation: {name}"),
                        RowNote::NewPost(title) => format!("new post: {title}"),
                        RowNote::Holds { post, since } => format!("holds {post} from {since}"),
                        RowNote::SameName { id } => format!("person {id} has the same name"),
                    })
                    .collect(),
            }
        })
        .collect();
    let status = if refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(ImportDoc {
            written: q.write && !refused,
            rows,
        }),
    ))
}

/// An organisation the Centre works with: what anyone may know of it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationDoc {
    #[schema(example = 2)]
    pub id: i64,
    /// The name in its own language.
    #[schema(example = "Misión Permanente del Ecuador")]
    pub name: String,
    /// The name in the desk's languages, where known.
    #[schema(example = json!({"en": "Permanent Mission of Ecuador"}))]
    pub names: std::collections::BTreeMap<String, String>,
    pub acronym: Option<String>,
    /// `ministry`, `permanent-mission`, `un-body`, `ifi`,
    /// `intergovernmental`, `group`, `university`, `think-tank`, `ngo`,
    /// `foundation`, `private`.
    #[schema(example = "permanent-mission")]
    pub kind: String,
    /// IATI organisation type (2.03).
    #[schema(example = "10")]
    pub iati_type: String,
    pub iati_id: Option<String>,
    #[schema(example = "ECU")]
    pub country: Option<String>,
    pub parent: Option<i64>,
    pub website: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationList {
    pub organisations: Vec<OrganisationDoc>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct OrgQuery {
    /// Words found in a name (any language) or the acronym.
    #[serde(default)]
    pub q: String,
    /// Only this kind.
    pub kind: Option<String>,
    /// Only this country (ISO 3166-1 alpha-3).
    pub country: Option<String>,
}

/// Organisations, by name (at most 500).
#[utoipa::path(
    get,
    path = "/api/v1/organisations",
    tag = "contacts",
    params(OrgQuery),
    responses(
        (status = 200, description = "The organisations found", body = OrganisationList),
        (status = 400, description = "An unknown kind (`bad_request`)", body = ErrorBody),
    )
)]
pub async fn organisations(
    State(state): State<AppState>,
    Query(q): Query<OrgQuery>,
) -> Result<Json<OrganisationList>, ApiError> {
    let kind = match q.kind.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(OrgKind::parse(k).ok_or_else(|| {
            ApiError::bad_request(format!("`{k}` is not a kind of organisation"))
        })?),
        None => None,
    };
    let orgs = state
        .store
        .organisations(&OrgFilter {
            query: q.q.chars().take(200).collect(),
            kind,
            country: q.country.map(|c| c.to_ascii_uppercase()),
            limit: 0,
            countries: None,
        })
        .await?;
    Ok(Json(OrganisationList {
        organisations: orgs
            .into_iter()
            .map(|o| {
                let d = o.data;
                OrganisationDoc {
                    id: o.id,
                    iati_type: d
                        .iati_type
                        .clone()
                        .unwrap_or_else(|| d.kind.iati_type().to_string()),
                    name: d.name,
                    names: d
                        .names
                        .into_iter()
                        .map(|(l, n)| (l.code().to_string(), n))
                        .collect(),
                    acronym: d.acronym,
                    kind: d.kind.as_str().to_string(),
                    iati_id: d.iati_id,
                    country: d.country,
                    parent: d.parent,
                    website: d.website,
                }
            })
            .collect(),
    }))
}

/// An agreement with organisations of the register.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgreementDoc {
    #[schema(example = 4)]
    pub id: i64,
    #[schema(example = "MoU on health research")]
    pub title: String,
    /// `mou`, `partnership`, `funding` or `letter`.
    #[schema(example = "mou")]
    pub kind: String,
    /// The organisations party to it (ids of `/api/v1/organisations`).
    pub parties: Vec<i64>,
    /// `draft`, `signed` or `terminated`, as recorded.
    #[schema(example = "signed")]
    pub stage: String,
    /// Where it stands today: `draft`, `pending`, `in-force`, `expiring`,
    /// `expired` or `terminated`.
    #[schema(example = "expiring")]
    pub standing: String,
    pub signed_on: Option<String>,
    pub valid_from: Option<String>,
    /// The last day; `null`: until a party ends it.
    #[schema(example = "2027-02-28")]
    pub valid_until: Option<String>,
    /// `none`, `tacit` or `by-amendment`.
    pub renewal: String,
    pub term_months: Option<u16>,
    pub notice_days: u16,
    /// Each renewal: `{on, from, to, tacit}`.
    #[schema(value_type = Vec<Object>)]
    pub renewals: serde_json::Value,
    /// The signed file's name, if one was kept (its bytes: the page's
    /// `/contacts/agreements/{id}/file`).
    pub file: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgreementList {
    pub agreements: Vec<AgreementDoc>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AgreementsQuery {
    /// Only those standing so today.
    #[serde(default)]
    pub standing: Option<String>,
    /// Only those this organisation is party to.
    #[serde(default)]
    pub organisation: Option<i64>,
}

fn agreement_doc(a: southdesk_contacts::Agreement, day: time::Date) -> AgreementDoc {
    let d = a.data;
    let text = |x: Option<time::Date>| x.map(|x| x.to_string());
    AgreementDoc {
        id: a.id,
        standing: d.standing(day).as_str().to_string(),
        title: d.title,
        kind: d.kind.as_str().to_string(),
        parties: d.parties,
        stage: d.stage.as_str().to_string(),
        signed_on: text(d.signed_on),
        valid_from: text(d.valid_from),
        valid_until: text(d.valid_until),
        renewal: d.renewal.as_str().to_string(),
        term_months: d.term_months,
        notice_days: d.notice_days,
        renewals: serde_json::to_value(&d.renewals).unwrap_or_default(),
        file: a.file.map(|f| f.name),
    }
}

/// Agreements by last day; filtered by standing today and by party.
#[utoipa::path(
    get,
    path = "/api/v1/contacts/agreements",
    tag = "contacts",
    params(AgreementsQuery),
    responses(
        (status = 200, description = "The agreements", body = AgreementList),
        (status = 400, description = "An unknown standing (`bad_request`)", body = ErrorBody),
        (status = 401, description = "No valid token (`unauthorized`)", body = ErrorBody),
        (status = 403, description = "The account may not see contacts (`forbidden`)", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn agreements(
    State(state): State<AppState>,
    Query(q): Query<AgreementsQuery>,
) -> Result<Json<AgreementList>, ApiError> {
    let standing = match q.standing.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(southdesk_contacts::Standing::parse(s).ok_or_else(|| {
            ApiError::bad_request(format!(
                "standing: `{s}` is not one of draft, pending, in-force, expiring, expired, terminated"
            ))
        })?),
    };
    let day = time::OffsetDateTime::now_utc().date();
    let list = state
        .store
        .agreements(&southdesk_store::AgreementFilter {
            organisation: q.organisation,
            standing,
            on: Some(day),
        })
        .await?;
    Ok(Json(AgreementList {
        agreements: list.into_iter().map(|a| agreement_doc(a, day)).collect(),
    }))
}

/// One agreement.
#[utoipa::path(
    get,
    path = "/api/v1/contacts/agreements/{id}",
    tag = "contacts",
    params(("id" = i64, Path, description = "Identifier of the agreement")),
    responses(
        (status = 200, description = "The agreement", body = AgreementDoc),
        (status = 404, description = "No such agreement (`not_found`)", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn agreement(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<Json<AgreementDoc>, ApiError> {
    let a = state
        .store
        .agreement(id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no agreement {id}")))?;
    Ok(Json(agreement_doc(
        a,
        time::OffsetDateTime::now_utc().date(),
    )))
}

#[derive(OpenApi)]
#[openapi(
    paths(people, person, import, organisations, agreements, agreement),
    components(schemas(PersonDoc, PeopleList, HeldDoc, RowDoc, ImportDoc, OrganisationDoc, OrganisationList, AgreementDoc, AgreementList)),
    tags((name = "contacts", description = "The contacts register: the organisations the Centre works with (public), and the people in them with the posts they hold (the Secretariat only; each read of a person is in the audit log). A CSV import is previewed, then written whole or not at all.")),
)]
struct ContactsDoc;

/// Adds the contacts register's paths to the document.
pub fn add_to(doc: &mut utoipa::openapi::OpenApi) {
    doc.merge(ContactsDoc::openapi());
}

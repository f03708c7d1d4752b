//! An OAI-PMH 2.0 data provider over the public outputs, with Dublin Core
//! (`oai_dc`) records.
//!
//! Verbs: Identify, ListMetadataFormats, ListSets, ListIdentifiers,
//! ListRecords, GetRecord. Errors: badArgument, badVerb,
//! badResumptionToken, idDoesNotExist, cannotDisseminateFormat,
//! noRecordsMatch, noMetadataFormats is never needed (every record has
//! oai_dc). Lists come in pages of [`OaiConfig::page_size`] with a
//! `resumptionToken` that carries the position and the original arguments.
//!
//! Identifiers are `oai:<repository id>:<output id>`; datestamps are the
//! outputs' last changes, to the second. Sets: `type:<type>`,
//! `series:<slug>`, `theme:<id>`, `programme:<id>`. Only public outputs are
//! exposed; deleted records are not tracked (`deletedRecord` is `no`).

use southdesk_common::escape_xml;
use southdesk_plan::outputs::{Output, OutputType, series_slug};
use southdesk_plan::{Lang, Plan};
use southdesk_store::{OutputFilter, OutputOrder, Page, Store, StoreError};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

use crate::xml::utc_seconds;

/// Settings of the endpoint.
#[derive(Debug, Clone)]
pub struct OaiConfig {
    /// Absolute URL of the endpoint (`https://desk.example/oai`).
    pub base_url: String,
    /// Absolute URL of the site, for links to the outputs' pages.
    pub site_url: String,
    pub repository_name: String,
    /// Namespace of identifiers (`southcentre.int`).
    pub repository_id: String,
    pub admin_email: String,
    pub page_size: u64,
}

impl OaiConfig {
    /// Defaults for a site at `site_url`.
    pub fn new(site_url: &str) -> OaiConfig {
        let site_url = site_url.trim_end_matches('/').to_string();
        OaiConfig {
            base_url: format!("{site_url}/oai"),
            site_url,
            repository_name: "South Centre knowledge base".into(),
            repository_id: "southcentre.int".into(),
            admin_email: "south@southcentre.int".into(),
            page_size: 50,
        }
    }

    /// The OAI identifier of an output.
    pub fn identifier(&self, id: i64) -> String {
        format!("oai:{}:{id}", self.repository_id)
    }

    fn parse_identifier(&self, s: &str) -> Option<i64> {
        s.strip_prefix("oai:")?
            .strip_prefix(self.repository_id.as_str())?
            .strip_prefix(':')?
            .parse()
            .ok()
            .filter(|id: &i64| *id > 0)
    }
}

pub const MEDIA_TYPE: &str = "text/xml; charset=utf-8";

/// An OAI-PMH error condition.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OaiError {
    code: &'static str,
    message: String,
}

fn err(code: &'static str, message: impl Into<String>) -> OaiError {
    OaiError {
        code,
        message: message.into(),
    }
}

/// The arguments each verb takes: (required, optional).
fn arguments(verb: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match verb {
        "Identify" => (&[], &[]),
        "ListMetadataFormats" => (&[], &["identifier"]),
        "ListSets" => (&[], &["resumptionToken"]),
        "GetRecord" => (&["identifier", "metadataPrefix"], &[]),
        "ListIdentifiers" | "ListRecords" => (
            &["metadataPrefix"],
            &["from", "until", "set", "resumptionToken"],
        ),
        _ => return None,
    })
}

/// Answers one request, given its arguments (query or form pairs, in
/// order). Store failures are errors; everything the harvester got wrong
/// is an OAI-PMH error response.
pub async fn respond(
    store: &dyn Store,
    config: &OaiConfig,
    pairs: &[(String, String)],
    now: OffsetDateTime,
) -> Result<String, StoreError> {
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(
        "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/ \
         http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd\">\n",
    );
    x.push_str(&format!(
        "  <responseDate>{}</responseDate>\n",
        utc_seconds(now)
    ));
    match check(pairs) {
        Err(e) => {
            // The request element carries no attributes after badVerb or badArgument.
            x.push_str(&format!(
                "  <request>{}</request>\n",
                escape_xml(&config.base_url)
            ));
            push_error(&mut x, &e);
        }
        Ok(verb) => {
            x.push_str("  <request");
            for (k, v) in pairs {
                x.push_str(&format!(" {}=\"{}\"", k, escape_xml(v)));
            }
            x.push_str(&format!(">{}</request>\n", escape_xml(&config.base_url)));
            let arg = |name: &str| arg(pairs, name);
            let body = match verb.as_str() {
                "Identify" => identify(store, config).await?,
                "ListMetadataFormats" => list_formats(store, config, arg("identifier")).await?,
                "ListSets" => list_sets(store, arg("resumptionToken")).await?,
                "GetRecord" => {
                    get_record(
                        store,
                        config,
                        arg("identifier").unwrap_or(""),
                        arg("metadataPrefix").unwrap_or(""),
                    )
                    .await?
                }
                _ => list(store, config, &verb, pairs).await?,
            };
            match body {
                Ok(b) => x.push_str(&b),
                Err(e) => push_error(&mut x, &e),
            }
        }
    }
    x.push_str("</OAI-PMH>\n");
    Ok(x)
}

/// The value of argument `name`.
fn arg<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn push_error(x: &mut String, e: &OaiError) {
    x.push_str(&format!(
        "  <error code=\"{}\">{}</error>\n",
        e.code,
        escape_xml(&e.message)
    ));
}

/// The verb, if the arguments are legal for it.
fn check(pairs: &[(String, String)]) -> Result<String, OaiError> {
    let verbs: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "verb")
        .map(|(_, v)| v.as_str())
        .collect();
    let verb = match verbs.as_slice() {
        [] => return Err(err("badVerb", "the verb argument is missing")),
        [v] => *v,
        _ => return Err(err("badVerb", "the verb argument is repeated")),
    };
    let Some((required, optional)) = arguments(verb) else {
        return Err(err("badVerb", format!("`{verb}` is not an OAI-PMH verb")));
    };
    let mut seen: Vec<&str> = Vec::new();
    for (k, _) in pairs.iter().filter(|(k, _)| k != "verb") {
        if !required.contains(&k.as_str()) && !optional.contains(&k.as_str()) {
            return Err(err(
                "badArgument",
                format!("`{k}` is not an argument of {verb}"),
            ));
        }
        if seen.contains(&k.as_str()) {
            return Err(err("badArgument", format!("`{k}` is repeated")));
        }
        seen.push(k);
    }
    if seen.contains(&"resumptionToken") {
        if seen.len() > 1 {
            return Err(err(
                "badArgument",
                "resumptionToken is an exclusive argument",
            ));
        }
        return Ok(verb.to_string());
    }
    for r in required {
        if !seen.contains(r) {
            return Err(err("badArgument", format!("{verb} needs `{r}`")));
        }
    }
    Ok(verb.to_string())
}

type Answer = Result<Result<String, OaiError>, StoreError>;

async fn earliest(store: &dyn Store) -> Result<Option<OffsetDateTime>, StoreError> {
    // The oldest change among public outputs: the last page in reverse
    // order of change.
    let filter = OutputFilter {
        order: OutputOrder::Updated,
        ..OutputFilter::public()
    };
    let total = store.outputs(&filter, Page::first(0)).await?.total;
    if total == 0 {
        return Ok(None);
    }
    let page = store
        .outputs(
            &filter,
            Page {
                offset: total - 1,
                limit: 1,
            },
        )
        .await?;
    Ok(page.outputs.first().map(|o| o.updated_at))
}

async fn identify(store: &dyn Store, c: &OaiConfig) -> Answer {
    let earliest = earliest(store).await?.unwrap_or(OffsetDateTime::UNIX_EPOCH);
    Ok(Ok(format!(
        "  <Identify>\n    <repositoryName>{}</repositoryName>\n    <baseURL>{}</baseURL>\n    \
         <protocolVersion>2.0</protocolVersion>\n    <adminEmail>{}</adminEmail>\n    \
         <earliestDatestamp>{}</earliestDatestamp>\n    <deletedRecord>no</deletedRecord>\n    \
         <granularity>YYYY-MM-DDThh:mm:ssZ</granularity>\n    <description>\n      \
         <oai-identifier xmlns=\"http://www.openarchives.org/OAI/2.0/oai-identifier\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/oai-identifier \
         http://www.openarchives.org/OAI/2.0/oai-identifier.xsd\">\n        \
         <scheme>oai</scheme>\n        <repositoryIdentifier>{}</repositoryIdentifier>\n        \
         <delimiter>:</delimiter>\n        <sampleIdentifier>{}</sampleIdentifier>\n      \
         </oai-identifier>\n    </description>\n  </Identify>\n",
        escape_xml(&c.repository_name),
        escape_xml(&c.base_url),
        escape_xml(&c.admin_email),
        utc_seconds(earliest),
        escape_xml(&c.repository_id),
        escape_xml(&c.identifier(1)),
    )))
}

const OAI_DC_FORMAT: &str = "    <metadataFormat>\n      <metadataPrefix>oai_dc</metadataPrefix>\n      \
     <schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema>\n      \
     <metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace>\n    \
     </metadataFormat>\n";

/// A public output by OAI identifier.
async fn public_output(
    store: &dyn Store,
    c: &OaiConfig,
    identifier: &str,
) -> Result<Result<Output, OaiError>, StoreError> {
    let missing = || {
        err(
            "idDoesNotExist",
            format!("`{identifier}` is not an identifier of this repository"),
        )
    };
    let Some(id) = c.parse_identifier(identifier) else {
        return Ok(Err(missing()));
    };
    Ok(match store.output(id).await? {
        Some(o) if o.visibility == southdesk_plan::outputs::Visibility::Public => Ok(o),
        _ => Err(missing()),
    })
}

async fn list_formats(store: &dyn Store, c: &OaiConfig, identifier: Option<&str>) -> Answer {
    if let Some(identifier) = identifier
        && let Err(e) = public_output(store, c, identifier).await?
    {
        return Ok(Err(e));
    }
    Ok(Ok(format!(
        "  <ListMetadataFormats>\n{OAI_DC_FORMAT}  </ListMetadataFormats>\n"
    )))
}

/// Every set: (spec, name).
async fn sets(store: &dyn Store) -> Result<Vec<(String, String)>, StoreError> {
    let mut sets: Vec<(String, String)> = OutputType::ALL
        .iter()
        .map(|t| {
            (
                format!("type:{}", t.as_str()),
                format!("Type: {}", t.as_str()),
            )
        })
        .collect();
    let plan: Option<Plan> = store.adopted_plan().await?.map(|v| v.plan);
    if let Some(plan) = &plan {
        for t in &plan.themes {
            sets.push((
                format!("theme:{}", t.id),
                format!("Theme: {}", t.title.best(Lang::En)),
            ));
        }
        for p in &plan.programmes {
            sets.push((
                format!("programme:{}", p.id),
                format!("Programme: {}", p.name.best(Lang::En)),
            ));
        }
    }
    let mut series: Vec<String> = OutputType::ALL
        .iter()
        .filter_map(|t| t.default_series())
        .map(str::to_string)
        .collect();
    series.dedup();
    for s in series {
        sets.push((
            format!("series:{}", series_slug(&s)),
            format!("Series: {s}"),
        ));
    }
    Ok(sets)
}

async fn list_sets(store: &dyn Store, token: Option<&str>) -> Answer {
    if let Some(t) = token {
        return Ok(Err(err(
            "badResumptionToken",
            format!("`{t}` is not a resumption token of ListSets (the list is complete)"),
        )));
    }
    let mut x = String::from("  <ListSets>\n");
    for (spec, name) in sets(store).await? {
        x.push_str(&format!(
            "    <set><setSpec>{}</setSpec><setName>{}</setName></set>\n",
            escape_xml(&spec),
            escape_xml(&name)
        ));
    }
    x.push_str("  </ListSets>\n");
    Ok(Ok(x))
}

async fn get_record(store: &dyn Store, c: &OaiConfig, identifier: &str, prefix: &str) -> Answer {
    let o = match public_output(store, c, identifier).await? {
        Ok(o) => o,
        Err(e) => return Ok(Err(e)),
    };
    if prefix != "oai_dc" {
        return Ok(Err(cannot_disseminate(prefix)));
    }
    Ok(Ok(format!(
        "  <GetRecord>\n{}  </GetRecord>\n",
        record(c, &o)
    )))
}

fn cannot_disseminate(prefix: &str) -> OaiError {
    err(
        "cannotDisseminateFormat",
        format!("`{prefix}` is not a metadata format of this repository (oai_dc is)"),
    )
}

/// The arguments of a list request, as kept in its resumption token.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ListArgs {
    offset: u64,
    from: Option<String>,
    until: Option<String>,
    set: Option<String>,
}

impl ListArgs {
    /// `offset!from!until!set`, each part percent-free (`!` cannot occur
    /// in datestamps or set specs, which are checked on the way in).
    fn token(&self) -> String {
        format!(
            "{}!{}!{}!{}",
            self.offset,
            self.from.as_deref().unwrap_or(""),
            self.until.as_deref().unwrap_or(""),
            self.set.as_deref().unwrap_or("")
        )
    }

    fn from_token(t: &str) -> Option<ListArgs> {
        let mut parts = t.split('!');
        let offset = parts.next()?.parse().ok()?;
        let opt = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::to_string);
        let args = ListArgs {
            offset,
            from: opt(parts.next()),
            until: opt(parts.next()),
            set: opt(parts.next()),
        };
        parts.next().is_none().then_some(args)
    }
}

/// Parses an OAI-PMH datestamp (day or second granularity); `end` makes a
/// day the last second of that day. Also says whether it was a day.
fn parse_datestamp(s: &str, end: bool) -> Option<(OffsetDateTime, bool)> {
    if s.len() == 10 {
        let d = Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
        let t = if end {
            Time::from_hms_micro(23, 59, 59, 999_999).ok()?
        } else {
            Time::MIDNIGHT
        };
        return Some((PrimitiveDateTime::new(d, t).assume_utc(), true));
    }
    if s.len() == 20 && s.ends_with('Z') {
        let t = OffsetDateTime::parse(s, &Rfc3339).ok()?;
        let t = if end {
            t + time::Duration::microseconds(999_999)
        } else {
            t
        };
        return Some((t, false));
    }
    None
}

fn filter_for(args: &ListArgs) -> Result<OutputFilter, OaiError> {
    let mut f = OutputFilter {
        order: OutputOrder::Id,
        ..OutputFilter::public()
    };
    let from = match &args.from {
        Some(s) => Some(
            parse_datestamp(s, false)
                .ok_or_else(|| err("badArgument", format!("from: `{s}` is not a datestamp")))?,
        ),
        None => None,
    };
    let until = match &args.until {
        Some(s) => Some(
            parse_datestamp(s, true)
                .ok_or_else(|| err("badArgument", format!("until: `{s}` is not a datestamp")))?,
        ),
        None => None,
    };
    if let (Some((a, day_a)), Some((b, day_b))) = (from, until) {
        if day_a != day_b {
            return Err(err(
                "badArgument",
                "from and until have different granularities",
            ));
        }
        if a > b {
            return Err(err("badArgument", "from is later than until"));
        }
    }
    f.updated_from = from.map(|(t, _)| t);
    f.updated_until = until.map(|(t, _)| t);
    if let Some(set) = &args.set {
        let (kind, value) = set
            .split_once(':')
            .filter(|(_, v)| !v.is_empty())
            .ok_or_else(|| {
                err(
                    "badArgument",
                    format!("set: `{set}` is not a set of this repository"),
                )
            })?;
        match kind {
            "type" => f.types.push(
                OutputType::parse(value)
                    .ok_or_else(|| err("badArgument", format!("set: no type `{value}`")))?,
            ),
            "series" => f.series.push(value.to_string()),
            "theme" => f.themes.push(value.to_string()),
            "programme" => f.programmes.push(value.to_string()),
            _ => {
                return Err(err(
                    "badArgument",
                    format!("set: `{set}` is not a set of this repository"),
                ));
            }
        }
    }
    Ok(f)
}

async fn list(store: &dyn Store, c: &OaiConfig, verb: &str, pairs: &[(String, String)]) -> Answer {
    let arg = |name: &str| arg(pairs, name);
    let args = match arg("resumptionToken") {
        Some(t) => match ListArgs::from_token(t) {
            Some(a) => a,
            None => {
                return Ok(Err(err(
                    "badResumptionToken",
                    format!("`{t}` is not a valid resumption token"),
                )));
            }
        },
        None => {
            let prefix = arg("metadataPrefix").unwrap_or("");
            if prefix != "oai_dc" {
                return Ok(Err(cannot_disseminate(prefix)));
            }
            ListArgs {
                offset: 0,
                from: arg("from").map(str::to_string),
                until: arg("until").map(str::to_string),
                set: arg("set").map(str::to_string),
            }
        }
    };
    let filter = match filter_for(&args) {
        Ok(f) => f,
        Err(e) if arg("resumptionToken").is_some() => {
            return Ok(Err(err("badResumptionToken", e.message)));
        }
        Err(e) => return Ok(Err(e)),
    };
    let page = store
        .outputs(
            &filter,
            Page {
                offset: args.offset,
                limit: c.page_size,
            },
        )
        .await?;
    if page.outputs.is_empty() {
        if args.offset > 0 {
            return Ok(Err(err(
                "badResumptionToken",
                "the resumption token points past the end of the list",
            )));
        }
        return Ok(Err(err("noRecordsMatch", "no record matches the request")));
    }
    let full = verb == "ListRecords";
    let mut x = format!("  <{verb}>\n");
    for o in &page.outputs {
        if full {
            x.push_str(&record(c, o));
        } else {
            x.push_str(&header(c, o, "    "));
        }
    }
    let next = args.offset + page.outputs.len() as u64;
    if next < page.total {
        let token = ListArgs {
            offset: next,
            ..args.clone()
        }
        .token();
        x.push_str(&format!(
            "    <resumptionToken completeListSize=\"{}\" cursor=\"{}\">{}</resumptionToken>\n",
            page.total,
            args.offset,
            escape_xml(&token)
        ));
    } else if args.offset > 0 {
        // The last page of a resumed list: an empty token.
        x.push_str(&format!(
            "    <resumptionToken completeListSize=\"{}\" cursor=\"{}\"/>\n",
            page.total, args.offset
        ));
    }
    x.push_str(&format!("  </{verb}>\n"));
    Ok(Ok(x))
}

fn set_specs(o: &Output) -> Vec<String> {
    let mut specs = vec![format!("type:{}", o.output_type.as_str())];
    if let Some(s) = &o.series {
        specs.push(format!("series:{}", series_slug(s)));
    }
    specs.extend(o.themes.iter().map(|t| format!("theme:{t}")));
    specs.extend(o.programmes.iter().map(|p| format!("programme:{p}")));
    specs
}

fn header(c: &OaiConfig, o: &Output, indent: &str) -> String {
    let mut x = format!("{indent}<header>\n");
    x.push_str(&format!(
        "{indent}  <identifier>{}</identifier>\n{indent}  <datestamp>{}</datestamp>\n",
        escape_xml(&c.identifier(o.id)),
        utc_seconds(o.updated_at)
    ));
    for s in set_specs(o) {
        x.push_str(&format!(
            "{indent}  <setSpec>{}</setSpec>\n",
            escape_xml(&s)
        ));
    }
    x.push_str(&format!("{indent}</header>\n"));
    x
}

fn record(c: &OaiConfig, o: &Output) -> String {
    let mut x = String::from("    <record>\n");
    x.push_str(&header(c, o, "      "));
    x.push_str("      <metadata>\n");
    x.push_str(&dublin_core(c, o));
    x.push_str("      </metadata>\n");
    x.push_str("    </record>\n");
    x
}

fn dublin_core(c: &OaiConfig, o: &Output) -> String {
    let mut x = String::from(
        "        <oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/oai_dc/ \
         http://www.openarchives.org/OAI/2.0/oai_dc.xsd\">\n",
    );
    let mut el = |name: &str, lang: Option<Lang>, value: &str| {
        if value.trim().is_empty() {
            return;
        }
        match lang {
            Some(l) => x.push_str(&format!(
                "          <dc:{name} xml:lang=\"{}\">{}</dc:{name}>\n",
                l.code(),
                escape_xml(value)
            )),
            None => x.push_str(&format!(
                "          <dc:{name}>{}</dc:{name}>\n",
                escape_xml(value)
            )),
        }
    };
    for v in &o.versions {
        el("title", Some(v.lang), &v.title);
    }
    for a in &o.authors {
        el("creator", None, &a.name);
    }
    for t in &o.themes {
        el("subject", None, t);
    }
    for s in &o.sdgs {
        el("subject", None, &format!("SDG {s}"));
    }
    for v in &o.versions {
        el("description", Some(v.lang), &v.abstract_);
    }
    el("publisher", None, crate::cite::PUBLISHER);
    el("date", None, &o.date.to_string());
    el("type", None, "Text");
    el("type", None, o.output_type.as_str());
    for v in &o.versions {
        if let Some(f) = &v.file {
            el("format", None, &f.media_type);
        }
    }
    el(
        "identifier",
        None,
        &format!("{}/outputs/{}", c.site_url, o.id),
    );
    if let Some(label) = o.series_label() {
        el("relation", None, &label);
    }
    for v in &o.versions {
        el("language", None, v.lang.code());
    }
    for country in &o.countries {
        el("coverage", None, country);
    }
    el("rights", None, "Public");
    x.push_str("        </oai_dc:dc>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn arguments_are_checked_per_verb() {
        let code = |p: &[(&str, &str)]| check(&pairs(p)).map_err(|e| e.code);
        assert_eq!(code(&[]), Err("badVerb"));
        assert_eq!(code(&[("verb", "Dance")]), Err("badVerb"));
        assert_eq!(
            code(&[("verb", "Identify"), ("verb", "Identify")]),
            Err("badVerb")
        );
        assert_eq!(code(&[("verb", "Identify")]), Ok("Identify".into()));
        assert_eq!(
            code(&[("verb", "Identify"), ("x", "1")]),
            Err("badArgument")
        );
        assert_eq!(code(&[("verb", "ListRecords")]), Err("badArgument"));
        assert_eq!(
            code(&[
                ("verb", "ListRecords"),
                ("metadataPrefix", "oai_dc"),
                ("resumptionToken", "1")
            ]),
            Err("badArgument")
        );
        assert_eq!(
            code(&[("verb", "ListRecords"), ("resumptionToken", "1!!!")]),
            Ok("ListRecords".into())
        );
        assert_eq!(
            code(&[("verb", "GetRecord"), ("identifier", "x")]),
            Err("badArgument")
        );
    }

    #[test]
    fn tokens_and_datestamps() {
        let a = ListArgs {
            offset: 50,
            from: Some("2026-01-01".into()),
            until: None,
            set: Some("theme:trade".into()),
        };
        assert_eq!(ListArgs::from_token(&a.token()), Some(a));
        assert_eq!(ListArgs::from_token("x!!!"), None);
        assert_eq!(ListArgs::from_token("1!!!!"), None);
        assert!(parse_datestamp("2026-01-01", false).unwrap().1);
        assert!(!parse_datestamp("2026-01-01T10:00:00Z", false).unwrap().1);
        assert!(parse_datestamp("2026-01-01T10:00:00", false).is_none());
        assert!(parse_datestamp("2026-13-01", false).is_none());
    }
}

//! People in a spreadsheet: a CSV file read for an import ([`read_people`])
//! and lists written as CSV ([`write_people_csv`]) in the same columns, so
//! that what is exported can be edited and imported again.
//!
//! An import is checked whole before anything is written: the file is read
//! into [`SheetRow`]s, each already checked against the record's rules (a
//! row that breaks one carries its [`FieldError`], with the column and the
//! file's line); the store then decides, per row, whether it creates,
//! updates or is refused ([`RowAction`]), and writes all rows or none.
//!
//! Columns are recognised by their header, in any of the desk's languages
//! and whatever their case and accents (`E-mail`, `courriel`, `correo`,
//! `电子邮件`); a column the desk does not know is listed and left out.
//! Lists (e-mails, phones, languages, themes) are separated by `;` (and
//! e-mails, languages and themes also by `,`).

use std::collections::BTreeMap;

use time::Date;

use crate::{Consent, FieldError, OrgKind, PersonData, fold};

/// The most rows one import reads.
pub const MAX_ROWS: usize = 5_000;
/// The largest file one import reads, in bytes.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// A column the desk knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Name,
    LatinName,
    Honorific,
    Emails,
    Phones,
    Languages,
    Themes,
    Notes,
    /// Consent to be contacted: yes or no.
    Consent,
    ConsentSource,
    ConsentDate,
    /// The organisation the person holds a post in (its name or acronym).
    Organisation,
    /// The organisation's kind, when the import creates it.
    OrganisationKind,
    /// The organisation's country (ISO 3166-1 alpha-3), when the import
    /// creates it, or to tell apart two organisations of one name.
    Country,
    /// The post's title in that organisation.
    Post,
    /// The first day the person holds the post.
    Since,
}

impl Column {
    pub const ALL: [Column; 16] = [
        Column::Name,
        Column::LatinName,
        Column::Honorific,
        Column::Emails,
        Column::Phones,
        Column::Languages,
        Column::Themes,
        Column::Notes,
        Column::Consent,
        Column::ConsentSource,
        Column::ConsentDate,
        Column::Organisation,
        Column::OrganisationKind,
        Column::Country,
        Column::Post,
        Column::Since,
    ];

    /// The header the desk writes, and the field name errors use.
    pub fn code(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::LatinName => "latin_name",
            Column::Honorific => "honorific",
            Column::Emails => "emails",
            Column::Phones => "phones",
            Column::Languages => "languages",
            Column::Themes => "themes",
            Column::Notes => "notes",
            Column::Consent => "consent",
            Column::ConsentSource => "consent_source",
            Column::ConsentDate => "consent_date",
            Column::Organisation => "organisation",
            Column::OrganisationKind => "organisation_kind",
            Column::Country => "country",
            Column::Post => "post",
            Column::Since => "since",
        }
    }

    /// Other headers that mean this column (folded: lower case, no
    /// accents, words separated by one space), in the desk's languages.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["full name", "nom", "nombre", "姓名", "名字"],
            Column::LatinName => &[
                "latin",
                "pinyin",
                "name in latin letters",
                "nom en lettres latines",
                "nombre en letras latinas",
                "拼音",
                "拉丁字母姓名",
            ],
            Column::Honorific => &["title of address", "civilite", "tratamiento", "称谓"],
            Column::Emails => &[
                "email",
                "e mail",
                "e mails",
                "courriel",
                "courriels",
                "correo",
                "correos",
                "correo electronico",
                "电子邮件",
                "邮箱",
            ],
            Column::Phones => &[
                "phone",
                "telephone",
                "telephones",
                "telefono",
                "telefonos",
                "电话",
            ],
            Column::Languages => &["language", "langues", "langue", "idiomas", "idioma", "语言"],
            Column::Themes => &["theme", "themes of interest", "temas", "tema", "主题"],
            Column::Notes => &["note", "remarques", "notas", "备注"],
            Column::Consent => &["consentement", "consentimiento", "同意"],
            Column::ConsentSource => &[
                "source du consentement",
                "origen del consentimiento",
                "同意来源",
            ],
            Column::ConsentDate => &[
                "date du consentement",
                "fecha del consentimiento",
                "同意日期",
            ],
            Column::Organisation => &[
                "organization",
                "organisme",
                "organizacion",
                "mission",
                "mision",
                "机构",
                "组织",
            ],
            Column::OrganisationKind => &[
                "organization kind",
                "type d organisation",
                "tipo de organizacion",
                "机构类型",
            ],
            Column::Country => &["pays", "pais", "国家"],
            Column::Post => &["position", "poste", "cargo", "职位"],
            Column::Since => &["from", "depuis", "desde", "起始日期", "任职日期"],
        }
    }

    /// The column a header names, if the desk knows it.
    pub fn of_header(header: &str) -> Option<Column> {
        let h = fold(header.trim_start_matches('\u{feff}'));
        Column::ALL
            .into_iter()
            .find(|c| fold(c.code()) == h || c.aliases().contains(&h.as_str()))
    }
}

/// One column of the file: its header as written, and what the desk reads
/// from it (`None`: left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetColumn {
    pub header: String,
    pub column: Option<Column>,
}

/// One row of the file, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// The line of the file the row starts on (the header is line 1).
    pub line: u64,
    pub person: PersonData,
    /// Where the person holds a post: organisation, post, since when.
    pub post: Option<PostRef>,
    /// Why the row cannot be imported as it is written.
    pub refused: Option<FieldError>,
}

/// The post a row names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostRef {
    /// The organisation's name (in any language) or acronym.
    pub organisation: String,
    /// The kind to give it if the import creates it.
    pub kind: Option<OrgKind>,
    pub country: Option<String>,
    pub title: String,
    /// The first day held; the import's day when not given.
    pub since: Date,
}

/// A file read for an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub columns: Vec<SheetColumn>,
    pub rows: Vec<SheetRow>,
}

/// What the store does with a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowAction {
    /// A new person (id: the record written, or that would be).
    Create,
    /// The person recorded with one of the row's e-mails, updated.
    Update {
        id: i64,
    },
    /// The person recorded with one of the row's e-mails, already as the
    /// row says.
    Unchanged {
        id: i64,
    },
    Refuse(FieldError),
}

/// The store's answer for one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowOutcome {
    pub line: u64,
    /// The name the row gives.
    pub name: String,
    pub action: RowAction,
    /// The person written (0 in a preview of a new person).
    pub person: i64,
    /// What else the row does or what staff should look at: a new
    /// organisation or post, a tenure, a person of the same name.
    pub notes: Vec<RowNote>,
}

/// Something an import row does beside the person, or a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowNote {
    /// The organisation is created (it was not in the register).
    NewOrganisation(String),
    /// The post is created in its organisation.
    NewPost(String),
    /// The person holds the post from that day.
    Holds { post: String, since: Date },
    /// Another person has the same name (folded): perhaps a duplicate.
    SameName { id: i64 },
}

/// A file that cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("the file is larger than {max} bytes", max = MAX_BYTES)]
    TooLarge,
    #[error("line {line}: the file is not UTF-8 text")]
    NotUtf8 { line: u64 },
    #[error("the file is empty")]
    Empty,
    #[error("line 1: no column holds the name (a column headed `name`)")]
    NoName,
    #[error("line 1: column {first} and column {second} both hold `{column}`")]
    TwiceTheSameColumn {
        column: &'static str,
        first: usize,
        second: usize,
    },
    #[error("the file has more than {max} rows", max = MAX_ROWS)]
    TooManyRows,
    #[error("line {line}: {reason}")]
    Malformed { line: u64, reason: String },
}

/// Yes or no, in the desk's languages.
fn yes_no(v: &str) -> Option<bool> {
    match fold(v).as_str() {
        "yes" | "y" | "true" | "1" | "oui" | "si" | "是" | "同意" => Some(true),
        "no" | "n" | "false" | "0" | "non" | "否" | "不同意" => Some(false),
        _ => None,
    }
}

fn parse_day(field: &str, v: &str) -> Result<Date, FieldError> {
    Date::parse(
        v.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| FieldError::new(field, format!("`{v}` is not a date (YYYY-MM-DD)")))
}

/// The items of a list cell: split on `;` (and `,` where `commas`).
fn items(v: &str, commas: bool) -> Vec<String> {
    v.split(|c| c == ';' || (commas && c == ','))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A cell as typed, with the `'` a spreadsheet-safe export puts before a
/// leading `=`, `+`, `-` or `@` taken off.
fn cell(v: &str) -> &str {
    match v.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => v,
    }
}

/// Reads a CSV file of people (`,` or `;` separated, the first line the
/// headers). `today` is the day given to consent and tenures that name
/// none; `is_theme` tells the plan's themes. Each row is checked; one that
/// breaks a rule carries the reason, and the rest are still read.
pub fn read_people(
    bytes: &[u8],
    today: Date,
    is_theme: impl Fn(&str) -> bool,
) -> Result<Sheet, SheetError> {
    if bytes.len() > MAX_BYTES {
        return Err(SheetError::TooLarge);
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        return Err(SheetError::NotUtf8 { line });
    }
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.iter().filter(|&&b| b == b';').count()
        > first_line.iter().filter(|&&b| b == b',').count()
    {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes);
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(SheetError::Empty),
        Some(Err(e)) => return Err(malformed(&e)),
        Some(Ok(h)) => h,
    };
    let mut columns = Vec::new();
    let mut seen: BTreeMap<Column, usize> = BTreeMap::new();
    for (i, h) in header.iter().enumerate() {
        let column = Column::of_header(h);
        if let Some(c) = column
            && let Some(first) = seen.insert(c, i + 1)
        {
            return Err(SheetError::TwiceTheSameColumn {
                column: c.code(),
                first,
                second: i + 1,
            });
        }
        columns.push(SheetColumn {
            header: h.trim().to_string(),
            column,
        });
    }
    if !seen.contains_key(&Column::Name) {
        return Err(SheetError::NoName);
    }
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| malformed(&e))?;
        let line = record.position().map_or(0, |p| line_of(bytes, p));
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(SheetError::TooManyRows);
        }
        let mut row = SheetRow {
            line,
            person: PersonData::new(""),
            post: None,
            refused: None,
        };
        if record.len() != columns.len() {
            row.refused = Some(FieldError::new(
                "",
                format!(
                    "has {} fields where the header has {}",
                    record.len(),
                    columns.len()
                ),
            ));
            rows.push(row);
            continue;
        }
        let mut cells: BTreeMap<Column, &str> = BTreeMap::new();
        for (c, v) in columns.iter().zip(record.iter()) {
            if let Some(col) = c.column {
                cells.insert(col, cell(v.trim()));
            }
        }
        match read_row(&cells, today, &is_theme) {
            Ok((person, post)) => {
                row.person = person;
                row.post = post;
            }
            Err(e) => {
                row.person.name = cells.get(&Column::Name).unwrap_or(&"").to_string();
                row.refused = Some(e);
            }
        }
        rows.push(row);
    }
    Ok(Sheet { columns, rows })
}

/// The line a record starts on: the reader's position may be that of the
/// blank lines before it.
fn line_of(bytes: &[u8], p: &csv::Position) -> u64 {
    let from = usize::try_from(p.byte())
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    let blank = bytes[from..]
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .filter(|&&b| b == b'\n')
        .count();
    p.line() + blank as u64
}

fn malformed(e: &csv::Error) -> SheetError {
    let line = e.position().map_or(0, |p| p.line());
    SheetError::Malformed {
        line,
        reason: match e.kind() {
            csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_string(),
            _ => e.to_string(),
        },
    }
}

/// The person and post of one row's cells, checked.
fn read_row(
    cells: &BTreeMap<Column, &str>,
    today: Date,
    is_theme: &impl Fn(&str) -> bool,
) -> Result<(PersonData, Option<PostRef>), FieldError> {
    let get = |c: Column| cells.get(&c).copied().unwrap_or("");
    let opt = |c: Column| Some(get(c).to_string()).filter(|s| !s.is_empty());
    let mut person = PersonData {
        latin_name: opt(Column::LatinName),
        honorific: opt(Column::Honorific),
        languages: items(get(Column::Languages), true),
        emails: items(get(Column::Emails), true),
        phones: items(get(Column::Phones), false),
        themes: items(get(Column::Themes), true),
        notes: get(Column::Notes).to_string(),
        ..PersonData::new(get(Column::Name))
    };
    let consent = get(Column::Consent);
    if !consent.is_empty() {
        let given = yes_no(consent).ok_or_else(|| {
            FieldError::new(
                Column::Consent.code(),
                format!("`{consent}` is neither yes nor no"),
            )
        })?;
        let on = match opt(Column::ConsentDate) {
            Some(d) => parse_day(Column::ConsentDate.code(), &d)?,
            None => today,
        };
        person.consent = Some(Consent {
            given,
            source: opt(Column::ConsentSource).unwrap_or_else(|| "import".to_string()),
            on,
        });
    }
    person.check(is_theme).map_err(|e| {
        // `emails[1]` is the second e-mail of the `emails` column.
        let column = e.field.split(['[', '.']).next().unwrap_or_default();
        let field = match column {
            "consent" => Column::ConsentSource.code().to_string(),
            _ => e.field.clone(),
        };
        FieldError::new(field, e.message)
    })?;
    let organisation = get(Column::Organisation);
    let title = get(Column::Post);
    let post = match (organisation.is_empty(), title.is_empty()) {
        (true, true) => None,
        (true, false) => {
            return Err(FieldError::new(
                Column::Organisation.code(),
                "is required with a post: the organisation the post is in",
            ));
        }
        (false, true) => {
            return Err(FieldError::new(
                Column::Post.code(),
                "is required with an organisation: the person's post there",
            ));
        }
        (false, false) => {
            let kind = match get(Column::OrganisationKind) {
                "" => None,
                k => Some(OrgKind::parse(&fold(k).replace(' ', "-")).ok_or_else(|| {
                    FieldError::new(
                        Column::OrganisationKind.code(),
                        format!("`{k}` is not a kind of organisation (one of: {})", kinds()),
                    )
                })?),
            };
            let since = match opt(Column::Since) {
                Some(d) => parse_day(Column::Since.code(), &d)?,
                None => today,
            };
            let mut country = opt(Column::Country);
            crate::check_country(Column::Country.code(), &mut country)?;
            let check = |field: Column, v: &str| {
                let mut v = v.to_string();
                crate::check_text(field.code(), &mut v, true, crate::MAX_NAME, false)?;
                Ok::<String, FieldError>(v)
            };
            Some(PostRef {
                organisation: check(Column::Organisation, organisation)?,
                kind,
                country,
                title: check(Column::Post, title)?,
                since,
            })
        }
    };
    Ok((person, post))
}

fn kinds() -> String {
    OrgKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One person of an exported list, with the post they hold (the first
/// held today, if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedPerson<'a> {
    pub id: i64,
    pub person: &'a PersonData,
    pub post: Option<HeldPost<'a>>,
}

/// A post held, as an export writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldPost<'a> {
    pub organisation: &'a str,
    pub kind: OrgKind,
    pub country: Option<&'a str>,
    pub title: &'a str,
    pub since: Date,
}

/// A cell made safe to open in a spreadsheet: one that would start a
/// formula (`=`, `@`, or `+`/`-` not followed by a digit or a space) gets
/// a `'` before it, which an import takes off again.
fn safe(v: &str) -> String {
    let risky = match v.as_bytes() {
        [b'=' | b'@', ..] => true,
        [b'+' | b'-', next, ..] => !(next.is_ascii_digit() || *next == b' ' || *next == b'('),
        [b'+' | b'-'] => true,
        _ => false,
    };
    if risky {
        format!("'{v}")
    } else {
        v.to_string()
    }
}

/// The list as CSV, in the columns an import reads (UTF-8, `,`
/// separated, a header line, CRLF line ends).
pub fn write_people_csv(people: &[ListedPerson<'_>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(Column::ALL.iter().map(|c| c.code()))
        .expect("writing to memory");
    for l in people {
        let p = l.person;
        let consent = p.consent.as_ref();
        let post = l.post.as_ref();
        let record = Column::ALL.map(|c| match c {
            Column::Name => p.name.clone(),
            Column::LatinName => p.latin_name.clone().unwrap_or_default(),
            Column::Honorific => p.honorific.clone().unwrap_or_default(),
            Column::Emails => p.emails.join("; "),
            Column::Phones => p.phones.join("; "),
            Column::Languages => p.languages.join("; "),
            Column::Themes => p.themes.join("; "),
            Column::Notes => p.notes.clone(),
            Column::Consent => consent
                .map(|c| if c.given { "yes" } else { "no" }.to_string())
                .unwrap_or_default(),
            Column::ConsentSource => consent.map(|c| c.source.clone()).unwrap_or_default(),
            Column::ConsentDate => consent.map(|c| c.on.to_string()).unwrap_or_default(),
            Column::Organisation => post.map(|h| h.organisation.to_string()).unwrap_or_default(),
            Column::OrganisationKind => post
                .map(|h| h.kind.as_str().to_string())
                .unwrap_or_default(),
            Column::Country => post.and_then(|h| h.country).unwrap_or_default().to_string(),
            Column::Post => post.map(|h| h.title.to_string()).unwrap_or_default(),
            Column::Since => post.map(|h| h.since.to_string()).unwrap_or_default(),
        });
        w.write_record(record.iter().map(|v| safe(v)))
            .expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("the cells are UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 07);

    fn theme(t: &str) -> bool {
        ["trade", "health", "ip"].contains(&t)
    }

    #[test]
    fn headers_are_read_in_any_language() {
        for (h, c) in [
            ("Name", Column::Name),
            ("E-mail", Column::Emails),
            ("Courriel", Column::Emails),
            ("Correo electrónico", Column::Emails),
            ("电子邮件", Column::Emails),
            ("Pinyin", Column::LatinName),
            ("\u{feff}nom", Column::Name),
            ("Organisation_Kind", Column::OrganisationKind),
            ("Téléphone", Column::Phones),
        ] {
            assert_eq!(Column::of_header(h), Some(c), "{h}");
        }
        assert_eq!(Column::of_header("Shoe size"), None);
    }

    #[test]
    fn a_file_is_read_row_by_row_with_each_refusal_on_its_line() {
        let csv = "Name;Pinyin;Email;Phone;Themes;Organisation;Post;Since;Shoe size\n\
                   王毅;Wang Yi;WANG@mission.example.org, wy@mail.example.org;+41 22 555 01 02;trade;Mission of China;Counsellor;2025-09-01;42\n\
                   \n\
                   Ana Pérez;;ana@;;;;;;\n\
                   Bo;;bo@example.org;;astrology;;;;\n\
                   \"Multi\nline\";;m@example.org;;;;;;\n\
                   Short;row\n\
                   Kofi;;kofi@example.org;;;Mission of Ghana;;;\n";
        let sheet = read_people(csv.as_bytes(), TODAY, theme).unwrap();
        assert_eq!(sheet.columns.len(), 9);
        assert_eq!(sheet.columns[8].column, None);
        assert_eq!(sheet.columns[1].column, Some(Column::LatinName));
        let lines: Vec<u64> = sheet.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 5, 6, 8, 9]);
        let wang = &sheet.rows[0];
        assert_eq!(wang.refused, None);
        assert_eq!(
            wang.person.emails,
            ["wang@mission.example.org", "wy@mail.example.org"]
        );
        assert_eq!(wang.person.latin_name.as_deref(), Some("Wang Yi"));
        let post = wang.post.as_ref().unwrap();
        assert_eq!(
            (post.organisation.as_str(), post.title.as_str(), post.since),
            ("Mission of China", "Counsellor", date!(2025 - 09 - 01))
        );
        let refused = |i: usize| sheet.rows[i].refused.clone().unwrap();
        assert_eq!(refused(1).field, "emails[0]");
        assert_eq!(sheet.rows[1].person.name, "Ana Pérez");
        assert_eq!(refused(2).field, "themes[0]");
        assert!(refused(2).message.contains("astrology"));
        assert_eq!(refused(3).field, "name", "a line break in a name");
        assert_eq!(refused(4).field, "");
        assert!(refused(4).message.contains("2 fields"), "{}", refused(4));
        assert_eq!(refused(5).field, "post");
    }

    #[test]
    fn files_that_cannot_be_read_say_why_and_where() {
        assert_eq!(read_people(b"", TODAY, theme), Err(SheetError::Empty));
        assert_eq!(
            read_people(b"email\nx@y.org\n", TODAY, theme),
            Err(SheetError::NoName)
        );
        assert_eq!(
            read_people(b"name,nom\n", TODAY, theme),
            Err(SheetError::TwiceTheSameColumn {
                column: "name",
                first: 1,
                second: 2
            })
        );
        assert_eq!(
            read_people(b"name\nok\nbad \xff\n", TODAY, theme),
            Err(SheetError::NotUtf8 { line: 3 })
        );
        let big = vec![b'a'; MAX_BYTES + 1];
        assert_eq!(read_people(&big, TODAY, theme), Err(SheetError::TooLarge));
        let many = format!("name\n{}", "x\n".repeat(MAX_ROWS + 1));
        assert_eq!(
            read_people(many.as_bytes(), TODAY, theme),
            Err(SheetError::TooManyRows)
        );
    }

    #[test]
    fn consent_and_kinds_are_read_in_any_language() {
        let csv = "nom,consentement,organisation,type d'organisation,pays,poste\n\
                   Awa,oui,Mission du Sénégal,Permanent mission,sen,Conseillère\n\
                   Li,是,,,,\n\
                   Bad,peut-être,,,,\n\
                   Kind,yes,X,club,,Y\n\
                   Land,yes,X,ngo,Atlantis,Y\n";
        let sheet = read_people(csv.as_bytes(), TODAY, theme).unwrap();
        let awa = &sheet.rows[0];
        assert_eq!(awa.refused, None);
        let c = awa.person.consent.as_ref().unwrap();
        assert!(c.given && c.on == TODAY && c.source == "import");
        let post = awa.post.as_ref().unwrap();
        assert_eq!(post.kind, Some(OrgKind::PermanentMission));
        assert_eq!(post.country.as_deref(), Some("SEN"));
        assert_eq!(post.since, TODAY);
        assert!(sheet.rows[1].person.may_contact());
        assert_eq!(sheet.rows[2].refused.as_ref().unwrap().field, "consent");
        assert_eq!(
            sheet.rows[3].refused.as_ref().unwrap().field,
            "organisation_kind"
        );
        assert_eq!(sheet.rows[4].refused.as_ref().unwrap().field, "country");
    }

    #[test]
    fn an_export_reads_back_as_an_import() {
        let mut wang = PersonData {
            latin_name: Some("Wang Yi".into()),
            emails: vec!["wang@mission.example.org".into()],
            phones: vec!["+41 22 555 01 02".into(), "-12 34".into()],
            themes: vec!["trade".into(), "ip".into()],
            notes: "=HYPERLINK(\"http://evil.example\")\nsecond line, with a comma".into(),
            consent: Some(Consent {
                given: true,
                source: "e-mail; 3 March".into(),
                on: date!(2026 - 03 - 03),
            }),
            ..PersonData::new("王毅")
        };
        wang.check(theme).unwrap();
        let mut bare = PersonData::new("@Bare");
        bare.check(theme).unwrap();
        let list = [
            ListedPerson {
                id: 1,
                person: &wang,
                post: Some(HeldPost {
                    organisation: "Mission of China",
                    kind: OrgKind::PermanentMission,
                    country: Some("CHN"),
                    title: "Counsellor",
                    since: date!(2025 - 09 - 01),
                }),
            },
            ListedPerson {
                id: 2,
                person: &bare,
                post: None,
            },
        ];
        let csv = write_people_csv(&list);
        assert!(csv.contains("'=HYPERLINK"), "{csv}");
        assert!(csv.contains("\r\n'@Bare,"), "{csv}");
        assert!(csv.ends_with("\r\n"));
        let sheet = read_people(csv.as_bytes(), TODAY, theme).unwrap();
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[0].person, wang);
        assert_eq!(sheet.rows[1].person, bare);
        assert_eq!(
            sheet.rows[0].post.as_ref().map(|p| p.since),
            Some(date!(2025 - 09 - 01))
        );
    }

    #[test]
    fn a_row_adds_to_what_is_stored() {
        let stored = PersonData {
            emails: vec!["a@example.org".into()],
            notes: "Met at MC14.".into(),
            honorific: Some("Dr".into()),
            ..PersonData::new("Ana Perez")
        };
        let row = PersonData {
            emails: vec!["b@example.org".into(), "a@example.org".into()],
            notes: "Met at MC14.".into(),
            ..PersonData::new("Ana Pérez")
        };
        let m = stored.merged_with(&row);
        assert_eq!(m.name, "Ana Pérez");
        assert_eq!(m.emails, ["a@example.org", "b@example.org"]);
        assert_eq!(m.notes, "Met at MC14.");
        assert_eq!(m.honorific.as_deref(), Some("Dr"));
        let again = m.merged_with(&row);
        assert_eq!(again, m, "importing the same row twice changes nothing");
    }
}

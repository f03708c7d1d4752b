//! `southdesk contacts bench`: the contacts register at scale on this
//! store. Imports `--people` generated people (Chinese names with their
//! pinyin, Latin names with accents, e-mails; a fifth holding a post at one
//! of 50 missions) through `import_people`, in files of 1,000 rows, then
//! times searches as the `/contacts` page runs them (by pinyin, by
//! characters, by part of a surname, by e-mail, and one that finds no one)
//! beside the list of everyone (no query), and the posts the first 500
//! hold (`holdings`, one query). Then records `--agreements` agreements
//! with the missions (a tenth within their notice) and times one
//! organisation's (its page's section) beside the whole list (the
//! agreements page), and the day's round of reminders: the first, which
//! sends them, and the next, which finds nothing new to send.

use std::time::{Duration, Instant};

use southdesk_store::{PersonFilter, Store};

const SURNAMES: [(&str, &str); 10] = [
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("黄", "Huang"),
    ("赵", "Zhao"),
    ("吴", "Wu"),
    ("周", "Zhou"),
];
const GIVEN: [(&str, &str); 10] = [
    ("伟", "Wei"),
    ("芳", "Fang"),
    ("娜", "Na"),
    ("敏", "Min"),
    ("静", "Jing"),
    ("丽", "Li"),
    ("强", "Qiang"),
    ("磊", "Lei"),
    ("军", "Jun"),
    ("洋", "Yang"),
];
const FIRST: [&str; 12] = [
    "Ana", "José", "Amina", "Kwame", "Ngozi", "María", "Tariq", "Léa", "Sipho", "Ayesha", "Diego",
    "Fatou",
];
const LAST: [&str; 12] = [
    "Pérez", "Okonjo", "Mensah", "Diallo", "Espinosa", "Haddad", "Nguyen", "Rahman", "Quispe",
    "Mbeki", "Santos", "Ochieng",
];

/// Row `i` of the generated file.
fn row(run: u64, i: usize) -> String {
    let post = if i.is_multiple_of(5) {
        format!(
            "Permanent Mission {},permanent-mission,KEN,Counsellor {}",
            i % 50,
            i
        )
    } else {
        ",,,".to_string()
    };
    if i.is_multiple_of(2) {
        let (s, sp) = SURNAMES[i % 10];
        let (g, gp) = GIVEN[(i / 10) % 10];
        format!("{s}{g},{sp} {gp},{sp}.{gp}.{i}.{run}@mission.example.org,{post}")
    } else {
        let f = FIRST[i % 12];
        let l = LAST[(i / 12) % 12];
        let mail = southdesk_contacts::fold(&format!("{f} {l}")).replace(' ', ".");
        format!("{f} {l},,{mail}.{i}.{run}@example.org,{post}")
    }
}

fn quantile(sorted: &[Duration], q: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

pub async fn run(
    store: &dyn Store,
    people: usize,
    agreements: usize,
    rounds: usize,
) -> anyhow::Result<()> {
    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let today = time::OffsetDateTime::now_utc().date();
    println!(
        "southdesk contacts benchmark: {} store, {people} people, {rounds} rounds per query",
        store.backend().as_str()
    );
    let header = "name,latin_name,emails,organisation,organisation_kind,country,post\n";
    let started = Instant::now();
    let mut written = 0;
    for chunk in (0..people).collect::<Vec<_>>().chunks(1000) {
        let mut csv = header.to_string();
        for &i in chunk {
            csv.push_str(&row(run, i));
            csv.push('\n');
        }
        let sheet = southdesk_contacts::read_people(csv.as_bytes(), today, |_| true)?;
        let out = store.import_people(&sheet.rows, None, true).await?;
        if let Some(r) = out
            .iter()
            .find(|o| matches!(o.action, southdesk_contacts::RowAction::Refuse(_)))
        {
            anyhow::bail!("line {} refused: {:?}", r.line, r.action);
        }
        written += out.len();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{:<26} {:>9.0} rows/s  ({written} rows in {secs:.1} s, files of 1,000)",
        "import",
        written as f64 / secs
    );
    let queries = [
        ("everyone (no query)", ""),
        ("pinyin: wang fang", "wang fang"),
        ("characters: 王芳", "王芳"),
        ("surname part: okon", "okon"),
        ("e-mail: kwame.mensah", "kwame.mensah"),
        ("no match: zzyzx", "zzyzx"),
    ];
    for (label, q) in queries {
        let mut times = Vec::with_capacity(rounds);
        let mut found = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            found = store
                .people(&PersonFilter {
                    query: q.into(),
                    limit: 50,
                    theme: None,
                })
                .await?
                .len();
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "{label:<26} p50 {:>8.2} ms  p99 {:>8.2} ms  ({found} shown)",
            quantile(&times, 0.5),
            quantile(&times, 0.99)
        );
    }
    let first: Vec<i64> = store
        .people(&PersonFilter {
            query: String::new(),
            limit: 500,
            theme: None,
        })
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    let mut times = Vec::with_capacity(rounds);
    let mut held = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        held = store.holdings(&first, Some(today)).await?.len();
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "{:<26} p50 {:>8.2} ms  p99 {:>8.2} ms  ({held} posts of {} people)",
        "posts held by 500",
        quantile(&times, 0.5),
        quantile(&times, 0.99),
        first.len()
    );
    bench_agreements(store, agreements, rounds, today).await
}

/// p50 and p99 of `rounds` runs of `f`, in ms, and its last answer.
async fn timed<T, F: std::future::Future<Output = anyhow::Result<T>>>(
    rounds: usize,
    mut f: impl FnMut() -> F,
) -> anyhow::Result<(f64, f64, T)> {
    let mut times = Vec::with_capacity(rounds);
    let mut last = None;
    for _ in 0..rounds {
        let t = Instant::now();
        last = Some(f().await?);
        times.push(t.elapsed());
    }
    times.sort();
    let last = last.ok_or_else(|| anyhow::anyhow!("no round ran"))?;
    Ok((quantile(&times, 0.5), quantile(&times, 0.99), last))
}

async fn bench_agreements(
    store: &dyn Store,
    count: usize,
    rounds: usize,
    today: time::Date,
) -> anyhow::Result<()> {
    use southdesk_contacts::{AgreementData, AgreementKind, Renewal, Stage};
    let missions: Vec<i64> = store
        .organisations(&southdesk_store::OrgFilter {
            query: "permanent mission".into(),
            ..Default::default()
        })
        .await?
        .iter()
        .map(|o| o.id)
        .collect();
    if missions.is_empty() || count == 0 {
        return Ok(());
    }
    // The account reminded: one of the bench's own.
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let owner = Some(
        store
            .create_account(southdesk_store::NewAccount {
                email: format!("bench-{stamp}@southcentre.example"),
                name: "Benchmark".into(),
                role: southdesk_plan::Role::Staff,
                programme: None,
                member: None,
                group: None,
                password_hash: None,
            })
            .await?
            .id,
    );
    let started = Instant::now();
    for i in 0..count {
        // A tenth within their 90 days of notice, the others later.
        let days = if i % 10 == 0 {
            30
        } else {
            200 + (i % 700) as i64
        };
        store
            .create_agreement(
                AgreementData {
                    stage: Stage::Signed,
                    signed_on: Some(today - time::Duration::days(365)),
                    valid_from: Some(today - time::Duration::days(365)),
                    valid_until: Some(today + time::Duration::days(days)),
                    renewal: Renewal::ByAmendment,
                    responsible: owner,
                    ..AgreementData::draft(
                        &format!("Memorandum {i}"),
                        AgreementKind::Mou,
                        vec![missions[i % missions.len()]],
                    )
                },
                None,
                owner,
            )
            .await?;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{:<26} {:>9.0} /s     ({count} agreements with {} missions)",
        "agreements recorded",
        count as f64 / secs,
        missions.len()
    );
    let one = southdesk_store::AgreementFilter {
        organisation: Some(missions[0]),
        on: Some(today),
        ..Default::default()
    };
    let (p50, p99, n) = timed(rounds, || async { Ok(store.agreements(&one).await?.len()) }).await?;
    println!(
        "{:<26} p50 {p50:>8.2} ms  p99 {p99:>8.2} ms  ({n} shown)",
        "one mission's agreements"
    );
    let all = southdesk_store::AgreementFilter {
        standing: Some(southdesk_contacts::Standing::Expiring),
        on: Some(today),
        ..Default::default()
    };
    let (p50, p99, n) = timed(rounds, || async { Ok(store.agreements(&all).await?.len()) }).await?;
    println!(
        "{:<26} p50 {p50:>8.2} ms  p99 {p99:>8.2} ms  ({n} shown)",
        "all expiring (the list)"
    );
    let t = Instant::now();
    let first = store.remind_agreements(today).await?;
    println!(
        "{:<26} {:>8.2} ms     ({} reminders sent)",
        "round of reminders: first",
        t.elapsed().as_secs_f64() * 1000.0,
        first.reminded.len(),
    );
    let (p50, p99, again) = timed(rounds.min(10), || async {
        Ok(store.remind_agreements(today).await?.reminded.len())
    })
    .await?;
    println!(
        "{:<26} p50 {p50:>8.2} ms  p99 {p99:>8.2} ms  ({again} sent again)",
        "round of reminders: next"
    );
    Ok(())
}

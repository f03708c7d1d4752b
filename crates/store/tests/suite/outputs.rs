//! Stories of the [`OutputStore`] aggregate: outputs with their versions,
//! authors, links and tags, files by content hash, tag corrections.

use southdesk_common::sha256_hex;
use southdesk_plan::Lang;
use southdesk_plan::Role;
use southdesk_plan::authz::OutputScope;
use southdesk_plan::outputs::{
    Author, FileRef, NewOutput, NewTagCorrection, OutputType, OutputVersion, ProposedTag, TagKind,
    Visibility,
};
use southdesk_store::{NewFile, OutputFilter, OutputOrder, Page, Store};
use time::macros::date;

fn version(lang: Lang, title: &str) -> OutputVersion {
    OutputVersion {
        lang,
        title: title.to_string(),
        abstract_: format!("Abstract of {title}: \"quotes\", \\ and 🌍"),
        body: format!("Body of {title}\nsecond line"),
        file: None,
    }
}

/// A research paper in English and Chinese, public, about trade.
pub fn paper(number: &str) -> NewOutput {
    NewOutput {
        output_type: OutputType::ResearchPaper,
        series: Some("Research Paper".into()),
        number: Some(number.into()),
        date: date!(2026 - 03 - 01),
        visibility: Visibility::Public,
        versions: vec![
            version(Lang::Zh, "特殊和差别待遇"),
            version(Lang::En, "Special and differential treatment"),
        ],
        authors: vec![
            Author {
                name: "Carlos Correa".into(),
                staff: true,
                account_id: None,
                affiliation: None,
            },
            Author {
                name: "Jane External".into(),
                staff: false,
                account_id: None,
                affiliation: Some("University of Somewhere".into()),
            },
        ],
        programmes: vec!["ggdp".into()],
        forums: vec!["wto".into()],
        meetings: vec![7],
        countries: vec!["BRA".into(), "IND".into()],
        themes: vec!["trade".into()],
        sdgs: vec![17, 10],
        tags_confirmed: false,
        proposed_tags: vec![ProposedTag {
            kind: TagKind::Theme,
            value: "trade".into(),
            score: 0.75,
            evidence: vec!["WTO".into(), "special and differential".into()],
        }],
    }
}

fn file_ref(bytes: &[u8], name: &str) -> FileRef {
    FileRef {
        sha256: sha256_hex(bytes),
        size: bytes.len() as u64,
        media_type: "application/pdf".into(),
        name: name.into(),
    }
}

pub async fn outputs_round_trip_with_everything_they_hold(store: &dyn Store) {
    let pdf = b"%PDF-1.7 a research paper".to_vec();
    let sha = sha256_hex(&pdf);
    assert!(store.put_file(&sha, &pdf).await.unwrap());
    assert!(!store.put_file(&sha, &pdf).await.unwrap(), "stored once");
    assert_eq!(store.file(&sha).await.unwrap(), Some(pdf.clone()));

    let account = store
        .create_account(super::new_account("author@southcentre.int", Role::Staff))
        .await
        .unwrap();
    let mut new = paper("199");
    new.versions[1].file = Some(FileRef {
        size: 0, // taken from the store
        ..file_ref(&pdf, "RP199_EN.pdf")
    });
    new.authors[0].account_id = Some(account.id);
    let created = store
        .create_output(new.clone(), Some(account.id))
        .await
        .unwrap();
    assert!(created.id > 0);
    assert_eq!(created.created_by, Some(account.id));
    assert_eq!(created.created_at, created.updated_at);
    new.versions[1].file.as_mut().unwrap().size = pdf.len() as u64;
    assert_eq!(created.record, new);

    let read = store.output(created.id).await.unwrap().unwrap();
    assert_eq!(read, created);
    assert_eq!(read.series_label().as_deref(), Some("Research Paper 199"));
    assert!(store.output(created.id + 1000).await.unwrap().is_none());

    let found = store.output_by_file_hash(&sha).await.unwrap().unwrap();
    assert_eq!(found.id, created.id);
    assert!(
        store
            .output_by_file_hash(&sha256_hex(b"other"))
            .await
            .unwrap()
            .is_none()
    );

    let page = store
        .outputs(&OutputFilter::public(), Page::first(10))
        .await
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.outputs, std::slice::from_ref(&created));
    let with_file = |sha: String| OutputFilter {
        files: vec![sha],
        ..OutputFilter::public()
    };
    assert_eq!(
        store
            .outputs(&with_file(sha.clone()), Page::first(10))
            .await
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        store
            .outputs(&with_file(sha256_hex(b"x")), Page::first(10))
            .await
            .unwrap()
            .total,
        0
    );
}

pub async fn files_are_checked_and_outputs_never_half_stored(store: &dyn Store) {
    let bytes = b"content";
    let e = store
        .put_file(&sha256_hex(b"something else"), bytes)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid", "{e}");
    let e = store.put_file("not-a-hash", bytes).await.unwrap_err();
    assert_eq!(e.code(), "invalid", "{e}");
    assert!(store.file(&sha256_hex(bytes)).await.unwrap().is_none());

    // A version naming a file that is not stored: refused, nothing written.
    let mut new = paper("1");
    new.versions[0].file = Some(file_ref(bytes, "a.pdf"));
    let e = store.create_output(new, None).await.unwrap_err();
    assert_eq!(e.code(), "invalid", "{e}");
    assert!(e.to_string().contains("versions[0].file"), "{e}");

    // A wrong size for a stored file.
    store.put_file(&sha256_hex(bytes), bytes).await.unwrap();
    let mut new = paper("1");
    new.versions[0].file = Some(FileRef {
        size: 99,
        ..file_ref(bytes, "a.pdf")
    });
    let e = store.create_output(new, None).await.unwrap_err();
    assert!(e.to_string().contains("versions[0].file.size"), "{e}");

    // A failure late in the transaction (an author bound to no account).
    let mut new = paper("1");
    new.authors[0].account_id = Some(4242);
    let e = store.create_output(new, None).await.unwrap_err();
    assert_eq!(e.code(), "invalid", "{e}");

    // Field-level validation.
    let mut new = paper("1");
    new.versions[0].title = "  ".into();
    new.sdgs.push(42);
    let e = store.create_output(new, None).await.unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert!(e.to_string().contains("versions[0].title"), "{e}");
    assert!(e.to_string().contains("sdgs[2]"), "{e}");

    let all = store
        .outputs(&OutputFilter::everything(), Page::all())
        .await
        .unwrap();
    assert_eq!(all.total, 0, "nothing half-stored: {:?}", all.outputs);

    // Series and number are unique (whatever the spelling of the series).
    store.create_output(paper("1"), None).await.unwrap();
    let mut again = paper("1");
    again.series = Some("research  paper".into());
    let e = store.create_output(again, None).await.unwrap_err();
    assert_eq!(e.code(), "conflict", "{e}");
    assert!(e.to_string().contains("already exists"), "{e}");
    let all = store
        .outputs(&OutputFilter::everything(), Page::all())
        .await
        .unwrap();
    assert_eq!(all.total, 1);
}

pub async fn outputs_are_filtered_by_scope_and_facets_and_paged(store: &dyn Store) {
    let mut ids = Vec::new();
    for (i, (visibility, programme, year, theme, lang)) in [
        (Visibility::Public, "ggdp", 2026, "trade", Lang::En),
        (Visibility::Internal, "ggdp", 2025, "trade", Lang::Zh),
        (Visibility::Confidential, "ggdp", 2026, "health", Lang::Fr),
        (Visibility::Confidential, "hip", 2024, "health", Lang::Es),
        (Visibility::Public, "hip", 2024, "climate", Lang::Zh),
    ]
    .into_iter()
    .enumerate()
    {
        let mut new = paper(&(i + 1).to_string());
        new.visibility = visibility;
        new.programmes = vec![programme.into()];
        new.date = time::Date::from_calendar_date(year, time::Month::May, 1 + i as u8).unwrap();
        new.themes = vec![theme.into()];
        new.versions = vec![version(lang, &format!("Output {i}"))];
        if i == 4 {
            new.output_type = OutputType::PolicyBrief;
            new.series = Some("Policy Brief".into());
        }
        ids.push(store.create_output(new, None).await.unwrap().id);
    }
    let list = |f: OutputFilter| async move {
        store
            .outputs(&f, Page::all())
            .await
            .unwrap()
            .outputs
            .iter()
            .map(|o| o.id)
            .collect::<Vec<_>>()
    };
    // Newest first; the public sees public outputs only, by default.
    assert_eq!(list(OutputFilter::public()).await, [ids[0], ids[4]]);
    let scope = |levels: &[Visibility], of: &[&str]| OutputScope {
        visibility: levels.to_vec(),
        confidential_of: of.iter().map(|s| s.to_string()).collect(),
    };
    assert_eq!(
        list(OutputFilter::public().within(scope(&[], &[]))).await,
        [ids[0], ids[4]],
        "an empty scope is the public's"
    );
    assert_eq!(
        list(OutputFilter::public().within(scope(
            &[Visibility::Public, Visibility::Internal],
            &["ggdp"]
        )))
        .await,
        [ids[2], ids[0], ids[1], ids[4]],
        "a GGDP coordinator sees GGDP's confidential outputs, not HIP's"
    );
    assert_eq!(list(OutputFilter::everything()).await.len(), 5);

    let every = OutputFilter::everything;
    assert_eq!(
        list(OutputFilter {
            themes: vec!["health".into(), "climate".into()],
            ..every()
        })
        .await,
        [ids[2], ids[4], ids[3]]
    );
    assert_eq!(
        list(OutputFilter {
            years: vec![2024],
            programmes: vec!["hip".into()],
            ..every()
        })
        .await,
        [ids[4], ids[3]]
    );
    assert_eq!(
        list(OutputFilter {
            langs: vec![Lang::Zh],
            ..every()
        })
        .await,
        [ids[1], ids[4]]
    );
    assert_eq!(
        list(OutputFilter {
            types: vec![OutputType::PolicyBrief],
            ..every()
        })
        .await,
        [ids[4]]
    );
    assert_eq!(
        list(OutputFilter {
            series: vec!["research-paper".into()],
            countries: vec!["bra".into()],
            sdgs: vec![17],
            forums: vec!["wto".into()],
            meetings: vec![7],
            ..every()
        })
        .await
        .len(),
        4
    );
    assert!(
        list(OutputFilter {
            meetings: vec![8],
            ..every()
        })
        .await
        .is_empty()
    );
    assert_eq!(
        list(OutputFilter {
            order: OutputOrder::Id,
            ..every()
        })
        .await,
        ids
    );

    // Pages.
    let page = store
        .outputs(
            &OutputFilter {
                order: OutputOrder::Id,
                ..every()
            },
            Page {
                offset: 1,
                limit: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!(page.total, 5);
    assert_eq!(
        page.outputs.iter().map(|o| o.id).collect::<Vec<_>>(),
        [ids[1], ids[2]]
    );

    // Changed since.
    let first = store.output(ids[0]).await.unwrap().unwrap();
    let last = store.output(ids[4]).await.unwrap().unwrap();
    assert_eq!(
        list(OutputFilter {
            updated_from: Some(last.updated_at),
            ..every()
        })
        .await,
        [ids[4]]
    );
    assert_eq!(
        list(OutputFilter {
            updated_until: Some(first.updated_at),
            ..every()
        })
        .await,
        [ids[0]]
    );
}

pub async fn updates_replace_the_record_and_keep_corrections(store: &dyn Store) {
    let created = store.create_output(paper("5"), None).await.unwrap();
    let mut changed = created.record.clone();
    changed.versions.retain(|v| v.lang == Lang::En);
    changed
        .versions
        .push(version(Lang::Fr, "Traitement spécial"));
    changed.themes = vec!["trade".into(), "health".into()];
    changed.sdgs = vec![3];
    changed.tags_confirmed = true;
    changed.authors.pop();
    changed.visibility = Visibility::Internal;
    let corrections = southdesk_plan::outputs::corrections_for(
        created.id,
        &created.proposed_tags,
        &changed.themes,
        &changed.sdgs,
        Lang::En,
        "Special and differential treatment",
        None,
    );
    assert_eq!(corrections.len(), 2, "themes and SDGs changed");
    let updated = store
        .update_output(created.id, changed.clone(), corrections)
        .await
        .unwrap();
    assert_eq!(updated.id, created.id);
    assert!(updated.updated_at > created.updated_at);
    assert_eq!(updated.created_at, created.created_at);
    assert_eq!(
        updated.versions.iter().map(|v| v.lang).collect::<Vec<_>>(),
        [Lang::En, Lang::Fr],
        "versions sorted by language"
    );
    assert_eq!(updated.themes, ["trade", "health"]);
    assert_eq!(updated.authors.len(), 1);
    assert_eq!(store.output(created.id).await.unwrap().unwrap(), updated);

    let kept = store.tag_corrections().await.unwrap();
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[0].correction.kind, TagKind::Theme);
    assert_eq!(kept[0].correction.added(), ["health"]);
    assert_eq!(kept[1].correction.kind, TagKind::Sdg);
    assert_eq!(kept[1].correction.chosen, ["3"]);

    let extra = store
        .record_tag_correction(NewTagCorrection {
            output_id: created.id,
            kind: TagKind::Sdg,
            proposed: vec![],
            chosen: vec!["5".into()],
            text: "Gender and trade".into(),
            lang: Lang::En,
            account_id: None,
        })
        .await
        .unwrap();
    assert_eq!(store.tag_corrections().await.unwrap()[2], extra);

    // Missing outputs.
    let e = store
        .update_output(created.id + 100, changed.clone(), vec![])
        .await
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
    let e = store
        .record_tag_correction(NewTagCorrection {
            output_id: created.id + 100,
            ..extra.correction.clone()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), "not_found");

    // A failed update changes nothing.
    let mut bad = changed.clone();
    bad.versions[0].file = Some(file_ref(b"never stored", "x.pdf"));
    store
        .update_output(created.id, bad, vec![])
        .await
        .unwrap_err();
    assert_eq!(store.output(created.id).await.unwrap().unwrap(), updated);

    // Deleting keeps the corrections.
    store.delete_output(created.id).await.unwrap();
    assert!(store.output(created.id).await.unwrap().is_none());
    assert_eq!(
        store.delete_output(created.id).await.unwrap_err().code(),
        "not_found"
    );
    assert_eq!(store.tag_corrections().await.unwrap().len(), 3);
}

/// The counts an area's page shows, made by the store: SDGs of the outputs
/// a reader may read, and the outputs its requests and meetings cite most.
pub async fn areas_count_their_sdgs_and_most_cited_outputs(store: &dyn Store) {
    use southdesk_calendar::{Link, LinkKind as MeetingLink};
    use southdesk_plan::requests::{LinkKind, Requester};
    use southdesk_store::requests::Change;
    let tagged = |number: &str, visibility: Visibility, themes: &[&str], sdgs: &[u8]| NewOutput {
        visibility,
        themes: themes.iter().map(|t| t.to_string()).collect(),
        sdgs: sdgs.to_vec(),
        versions: vec![version(Lang::En, &format!("Paper {number}"))],
        ..paper(number)
    };
    let a = store
        .create_output(tagged("1", Visibility::Public, &["trade"], &[14, 17]), None)
        .await
        .unwrap();
    let b = store
        .create_output(tagged("2", Visibility::Public, &["trade"], &[14]), None)
        .await
        .unwrap();
    let hidden = store
        .create_output(
            tagged("3", Visibility::Internal, &["trade"], &[14, 5]),
            None,
        )
        .await
        .unwrap();
    store
        .create_output(tagged("4", Visibility::Public, &["health"], &[3]), None)
        .await
        .unwrap();
    let trade = |scope: OutputScope| OutputFilter {
        scope,
        themes: vec!["trade".into()],
        ..OutputFilter::default()
    };
    assert_eq!(
        store
            .sdg_counts(&trade(OutputScope::default()))
            .await
            .unwrap(),
        [(14, 2), (17, 1)],
        "the public's count"
    );
    assert_eq!(
        store
            .sdg_counts(&trade(OutputScope {
                visibility: vec![Visibility::Public, Visibility::Internal],
                confidential_of: vec![],
            }))
            .await
            .unwrap(),
        [(14, 3), (5, 1), (17, 1)]
    );

    // b is cited by two trade requests and a trade meeting, a by one request;
    // a health request's link does not count for trade.
    let staff = store
        .create_account(super::accounts::new_account(
            "cite@example.org",
            Role::Staff,
        ))
        .await
        .unwrap();
    let mut request_of = Vec::new();
    for (title, themes) in [("r1", "trade"), ("r2", "trade"), ("r3", "health")] {
        let mut n = super::requests::new_request(staff.id, Requester::Member("BRA".into()), title);
        n.routing.themes = vec![themes.into()];
        request_of.push(store.submit_request(n).await.unwrap().request.id);
    }
    for (r, target) in [
        (request_of[0], b.id),
        (request_of[1], b.id),
        (request_of[1], a.id),
        (request_of[2], hidden.id),
    ] {
        store
            .change_request(
                r,
                staff.id,
                Change::Link {
                    kind: LinkKind::Output,
                    target,
                },
                vec![],
            )
            .await
            .unwrap();
    }
    let m = store
        .create_meeting(super::meetings::geneva_meeting("cite-m", 3, 31, &["trade"]))
        .await
        .unwrap();
    store
        .link_meeting(
            m.id,
            Link {
                kind: MeetingLink::Output,
                id: b.id,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        store.most_cited_in_theme("trade", 10).await.unwrap(),
        [(b.id, 3), (a.id, 1)]
    );
    assert_eq!(
        store.most_cited_in_theme("trade", 1).await.unwrap(),
        [(b.id, 3)]
    );
    assert_eq!(
        store.most_cited_in_theme("health", 10).await.unwrap(),
        [(hidden.id, 1)]
    );
    assert!(
        store
            .most_cited_in_theme("ip", 10)
            .await
            .unwrap()
            .is_empty()
    );
}

/// A bulk load's batch: files and outputs in one transaction, read back as
/// one by one; a refused record refuses the batch, with nothing written.
pub async fn a_batch_of_outputs_is_stored_whole_or_not_at_all(store: &dyn Store) {
    let file = |bytes: &[u8]| NewFile {
        sha256: sha256_hex(bytes),
        bytes: std::sync::Arc::new(bytes.to_vec()),
    };
    assert!(
        store
            .create_outputs(&[], Vec::new(), None)
            .await
            .unwrap()
            .is_empty()
    );
    let single = store.create_output(paper("1"), None).await.unwrap();
    let before = store.last_output_change().await.unwrap();

    let (a, b) = (b"first file".as_slice(), b"second file".as_slice());
    let mut first = paper("2");
    first.versions[0].file = Some(FileRef {
        size: 0, // taken from the store
        ..file_ref(a, "a.pdf")
    });
    first.versions[1].file = Some(file_ref(b, "b.pdf"));
    first.authors[1].account_id = None;
    let mut second = paper("3");
    second.series = None;
    second.number = None;
    second.versions.truncate(1);
    second.authors.clear();
    second.themes = vec!["health".into(), "trade".into()];
    let third = paper("4");
    let made = store
        .create_outputs(
            &[file(a), file(b), file(a)],
            vec![first.clone(), second.clone(), third.clone()],
            None,
        )
        .await
        .unwrap();
    assert_eq!(made.len(), 3);
    assert!(made[0].id > single.id && made[0].id < made[1].id && made[1].id < made[2].id);
    assert_eq!(store.file(&sha256_hex(a)).await.unwrap().unwrap(), a);
    assert_eq!(store.file(&sha256_hex(b)).await.unwrap().unwrap(), b);
    assert_eq!(
        made[0].record.versions[0].file.as_ref().unwrap().size,
        a.len() as u64
    );
    for (o, mut want) in made.iter().zip([first, second, third]) {
        want.normalise();
        for v in &mut want.versions {
            if let Some(f) = &mut v.file {
                f.size = if f.name == "a.pdf" { a.len() } else { b.len() } as u64;
            }
        }
        assert_eq!(o.record, want, "output #{}", o.id);
        assert_eq!(&store.output(o.id).await.unwrap().unwrap(), o);
    }
    // Each output is in the change feed, in the batch's order.
    let ids: Vec<Option<i64>> = made.iter().map(|o| Some(o.id)).collect();
    assert_eq!(feed(store, before).await, ids);

    // A batch with one refused record (its series and number are taken):
    // nothing of it is stored, not even its new file.
    let after = store.last_output_change().await.unwrap();
    let c = b"third file".as_slice();
    let mut fresh = paper("5");
    fresh.versions[0].file = Some(file_ref(c, "c.pdf"));
    let e = store
        .create_outputs(&[file(c)], vec![fresh.clone(), paper("2")], None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "conflict", "{e}");
    // The error names the record whose number is taken: by a stored
    // output, or by another record of the batch.
    assert!(e.to_string().contains("Research Paper 2"), "{e}");
    let e = store
        .create_outputs(&[file(c)], vec![fresh, paper("9"), paper("9")], None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "conflict", "{e}");
    assert!(e.to_string().contains("Research Paper 9"), "{e}");
    // An author bound to no account, named.
    let mut unbound = paper("6");
    unbound.authors[1].account_id = Some(4242);
    let e = store
        .create_outputs(&[], vec![paper("7"), unbound], None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid", "{e}");
    assert!(e.to_string().contains("authors[1].account_id"), "{e}");
    // A file whose content is not its hash.
    let e = store
        .create_outputs(
            &[NewFile {
                sha256: sha256_hex(b"other"),
                bytes: std::sync::Arc::new(c.to_vec()),
            }],
            vec![paper("8")],
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid", "{e}");
    assert!(store.file(&sha256_hex(c)).await.unwrap().is_none());
    assert_eq!(store.last_output_change().await.unwrap(), after);
    let all = store
        .outputs(&OutputFilter::everything(), Page::all())
        .await
        .unwrap();
    assert_eq!(all.total, 4);
}

/// The ids the change feed names after `after`, in order (`None`: rebuild).
async fn feed(store: &dyn Store, after: i64) -> Vec<Option<i64>> {
    store
        .output_changes(after, 1000)
        .await
        .unwrap()
        .iter()
        .map(|c| c.output_id)
        .collect()
}

pub async fn every_write_of_an_output_is_in_the_change_feed(store: &dyn Store) {
    assert_eq!(store.last_output_change().await.unwrap(), 0);
    assert!(feed(store, 0).await.is_empty());
    let a = store.create_output(paper("1"), None).await.unwrap().id;
    let b = store.create_output(paper("2"), None).await.unwrap().id;
    let mut record = store.output(a).await.unwrap().unwrap().record;
    record.visibility = Visibility::Internal;
    store.update_output(a, record, Vec::new()).await.unwrap();
    store.delete_output(b).await.unwrap();
    let rebuild = store.request_reindex().await.unwrap();
    assert_eq!(
        feed(store, 0).await,
        [Some(a), Some(b), Some(a), Some(b), None]
    );
    let changes = store.output_changes(0, 1000).await.unwrap();
    assert!(changes.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(changes.last().unwrap().seq, rebuild);
    assert_eq!(store.last_output_change().await.unwrap(), rebuild);
    // Read on from a position, a page at a time.
    let page = store.output_changes(changes[1].seq, 2).await.unwrap();
    assert_eq!(page, changes[2..4]);

    // Refused writes append nothing.
    assert!(
        store.create_output(paper("1"), None).await.is_err(),
        "taken"
    );
    assert!(store.delete_output(b).await.is_err(), "gone");
    let mut bad = paper("3");
    bad.versions.clear();
    assert!(store.create_output(bad, None).await.is_err());
    assert_eq!(store.last_output_change().await.unwrap(), rebuild);

    // What a follower reads the outputs with.
    let c = store.create_output(paper("4"), None).await.unwrap().id;
    let found: Vec<i64> = store
        .outputs_by_id(&[c, b, a])
        .await
        .unwrap()
        .iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(found, [a, c], "existing ones, in id order");
    assert_eq!(store.output_ids(0, 10).await.unwrap(), [a, c]);
    assert_eq!(store.output_ids(a, 10).await.unwrap(), [c]);
    assert_eq!(store.output_ids(0, 1).await.unwrap(), [a]);
    assert_eq!(feed(store, rebuild).await, [Some(c)]);
}

/// A follower that reads the feed while many writers commit never skips
/// an entry: positions are handed out in commit order.
pub async fn the_change_feed_follows_commit_order_under_concurrent_writers(
    store: std::sync::Arc<dyn Store>,
) {
    const WRITERS: usize = 6;
    const EACH: usize = 15;
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let follower = {
        let store = store.clone();
        let done = done.clone();
        tokio::spawn(async move {
            let mut at = 0;
            let mut seen = Vec::new();
            loop {
                let finished = done.load(std::sync::atomic::Ordering::SeqCst);
                let changes = store.output_changes(at, 1000).await.unwrap();
                for c in &changes {
                    assert!(c.seq > at);
                    at = c.seq;
                    seen.extend(c.output_id);
                }
                if finished && changes.is_empty() {
                    return seen;
                }
                tokio::task::yield_now().await;
            }
        })
    };
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let store = store.clone();
        writers.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for i in 0..EACH {
                ids.push(
                    store
                        .create_output(paper(&format!("{w}-{i}")), None)
                        .await
                        .unwrap()
                        .id,
                );
            }
            ids
        }));
    }
    let mut written = Vec::new();
    for w in writers {
        written.extend(w.await.unwrap());
    }
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut seen = follower.await.unwrap();
    seen.sort_unstable();
    written.sort_unstable();
    assert_eq!(seen, written, "the follower skipped or repeated a write");
}

//! What changed between two plans.
//!
//! Themes are matched by id, topics by id within their theme; a topic id
//! that leaves one theme and appears in another is reported as moved.
//! [`PlanDiff`] prints one readable line per change (English); serialised
//! (JSON), each change is an object tagged by `kind`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Lang, Localized, Period, Plan, Theme};

/// The changes from one plan to another, in a stable order: plan-level
/// changes, then removed and added themes, then the changes within each
/// theme (in the new plan's order), then topics that moved between themes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PlanDiff {
    pub changes: Vec<Change>,
}

impl PlanDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// One change. Ids are those of the plans; titles and names are given in
/// English (or the first language present) for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    PeriodChanged {
        from: Period,
        to: Period,
    },
    PlanTitleChanged {
        lang: Lang,
        from: String,
        to: String,
    },
    ProgrammeAdded {
        programme: String,
        name: String,
    },
    ProgrammeRemoved {
        programme: String,
        name: String,
    },
    ForumAdded {
        forum: String,
        name: String,
    },
    ForumRemoved {
        forum: String,
        name: String,
    },
    ThemeAdded {
        theme: String,
        number: u16,
        title: String,
    },
    ThemeRemoved {
        theme: String,
        number: u16,
        title: String,
    },
    /// The title changed in one language (one change per language).
    ThemeRenamed {
        theme: String,
        lang: Lang,
        from: String,
        to: String,
    },
    /// The theme's number changed.
    ThemeMoved {
        theme: String,
        from: u16,
        to: u16,
    },
    SummaryChanged {
        theme: String,
        /// The languages whose text changed.
        languages: Vec<Lang>,
        from: Localized,
        to: Localized,
    },
    LeadChanged {
        theme: String,
        from: String,
        to: String,
    },
    SupportingChanged {
        theme: String,
        added: Vec<String>,
        removed: Vec<String>,
    },
    ThemeForumAdded {
        theme: String,
        forum: String,
    },
    ThemeForumRemoved {
        theme: String,
        forum: String,
    },
    TopicAdded {
        theme: String,
        topic: String,
        title: String,
    },
    TopicRemoved {
        theme: String,
        topic: String,
        title: String,
    },
    TopicRenamed {
        theme: String,
        topic: String,
        lang: Lang,
        from: String,
        to: String,
    },
    TopicMoved {
        topic: String,
        from_theme: String,
        to_theme: String,
    },
}

/// The changes that turn `a` into `b`.
pub fn diff(a: &Plan, b: &Plan) -> PlanDiff {
    let mut out = Vec::new();

    if a.period != b.period {
        out.push(Change::PeriodChanged {
            from: a.period,
            to: b.period,
        });
    }
    renamed(&a.title, &b.title, |lang, from, to| {
        out.push(Change::PlanTitleChanged { lang, from, to });
    });

    for p in &b.programmes {
        if a.programme(&p.id).is_none() {
            out.push(Change::ProgrammeAdded {
                programme: p.id.clone(),
                name: p.name.best(Lang::En).to_string(),
            });
        }
    }
    for p in &a.programmes {
        if b.programme(&p.id).is_none() {
            out.push(Change::ProgrammeRemoved {
                programme: p.id.clone(),
                name: p.name.best(Lang::En).to_string(),
            });
        }
    }
    for f in &b.forums {
        if a.forum(&f.id).is_none() {
            out.push(Change::ForumAdded {
                forum: f.id.clone(),
                name: f.name.best(Lang::En).to_string(),
            });
        }
    }
    for f in &a.forums {
        if b.forum(&f.id).is_none() {
            out.push(Change::ForumRemoved {
                forum: f.id.clone(),
                name: f.name.best(Lang::En).to_string(),
            });
        }
    }

    for t in &a.themes {
        if b.theme(&t.id).is_none() {
            out.push(Change::ThemeRemoved {
                theme: t.id.clone(),
                number: t.number,
                title: t.title.best(Lang::En).to_string(),
            });
        }
    }
    for t in &b.themes {
        if a.theme(&t.id).is_none() {
            out.push(Change::ThemeAdded {
                theme: t.id.clone(),
                number: t.number,
                title: t.title.best(Lang::En).to_string(),
            });
        }
    }

    // Topics that left a theme and topics that joined one, across the
    // plan, to pair into moves.
    let mut left: Vec<(&str, &str)> = Vec::new(); // (theme, topic)
    let mut joined: Vec<(&str, &str)> = Vec::new();
    for t in &a.themes {
        let kept = b.theme(&t.id);
        for p in &t.topics {
            if kept.is_none_or(|k| !k.topics.iter().any(|q| q.id == p.id)) {
                left.push((&t.id, &p.id));
            }
        }
    }
    for t in &b.themes {
        let before = a.theme(&t.id);
        for p in &t.topics {
            if before.is_none_or(|k| !k.topics.iter().any(|q| q.id == p.id)) {
                joined.push((&t.id, &p.id));
            }
        }
    }
    let mut moves: Vec<(&str, &str, &str)> = Vec::new(); // (topic, from, to)
    for (to_theme, topic) in &joined {
        if let Some(k) = left
            .iter()
            .position(|(from_theme, t)| t == topic && from_theme != to_theme)
        {
            let (from_theme, _) = left.remove(k);
            moves.push((topic, from_theme, to_theme));
        }
    }
    let moved_in = |theme: &str, topic: &str| {
        moves
            .iter()
            .any(|m| m.0 == topic && (m.1 == theme || m.2 == theme))
    };

    for t in &b.themes {
        let Some(old) = a.theme(&t.id) else { continue };
        theme_changes(old, t, &moved_in, &mut out);
    }
    for (topic, from_theme, to_theme) in &moves {
        out.push(Change::TopicMoved {
            topic: topic.to_string(),
            from_theme: from_theme.to_string(),
            to_theme: to_theme.to_string(),
        });
        // A moved topic may also have been retitled.
        let before = a
            .theme(from_theme)
            .and_then(|t| t.topics.iter().find(|p| p.id == *topic));
        let after = b
            .theme(to_theme)
            .and_then(|t| t.topics.iter().find(|p| p.id == *topic));
        if let (Some(before), Some(after)) = (before, after) {
            renamed(&before.title, &after.title, |lang, from, to| {
                out.push(Change::TopicRenamed {
                    theme: to_theme.to_string(),
                    topic: topic.to_string(),
                    lang,
                    from,
                    to,
                });
            });
        }
    }
    PlanDiff { changes: out }
}

/// Changes within a theme present in both plans.
fn theme_changes(a: &Theme, b: &Theme, moved: &dyn Fn(&str, &str) -> bool, out: &mut Vec<Change>) {
    let id = &b.id;
    renamed(&a.title, &b.title, |lang, from, to| {
        out.push(Change::ThemeRenamed {
            theme: id.clone(),
            lang,
            from,
            to,
        });
    });
    if a.number != b.number {
        out.push(Change::ThemeMoved {
            theme: id.clone(),
            from: a.number,
            to: b.number,
        });
    }
    let languages: Vec<Lang> = Lang::ALL
        .into_iter()
        .filter(|&l| a.summary.get(l) != b.summary.get(l))
        .collect();
    if !languages.is_empty() {
        out.push(Change::SummaryChanged {
            theme: id.clone(),
            languages,
            from: a.summary.clone(),
            to: b.summary.clone(),
        });
    }
    if a.lead != b.lead {
        out.push(Change::LeadChanged {
            theme: id.clone(),
            from: a.lead.clone(),
            to: b.lead.clone(),
        });
    }
    let added: Vec<String> = b
        .supporting
        .iter()
        .filter(|s| !a.supporting.contains(s))
        .cloned()
        .collect();
    let removed: Vec<String> = a
        .supporting
        .iter()
        .filter(|s| !b.supporting.contains(s))
        .cloned()
        .collect();
    if !added.is_empty() || !removed.is_empty() {
        out.push(Change::SupportingChanged {
            theme: id.clone(),
            added,
            removed,
        });
    }
    for f in &b.forums {
        if !a.forums.contains(f) {
            out.push(Change::ThemeForumAdded {
                theme: id.clone(),
                forum: f.clone(),
            });
        }
    }
    for f in &a.forums {
        if !b.forums.contains(f) {
            out.push(Change::ThemeForumRemoved {
                theme: id.clone(),
                forum: f.clone(),
            });
        }
    }
    for p in &b.topics {
        match a.topics.iter().find(|q| q.id == p.id) {
            Some(q) => renamed(&q.title, &p.title, |lang, from, to| {
                out.push(Change::TopicRenamed {
                    theme: id.clone(),
                    topic: p.id.clone(),
                    lang,
                    from,
                    to,
                });
            }),
            None if !moved(id, &p.id) => out.push(Change::TopicAdded {
                theme: id.clone(),
                topic: p.id.clone(),
                title: p.title.best(Lang::En).to_string(),
            }),
            None => {}
        }
    }
    for q in &a.topics {
        if !b.topics.iter().any(|p| p.id == q.id) && !moved(id, &q.id) {
            out.push(Change::TopicRemoved {
                theme: id.clone(),
                topic: q.id.clone(),
                title: q.title.best(Lang::En).to_string(),
            });
        }
    }
}

/// Calls `f(lang, from, to)` for each language whose text differs.
fn renamed(a: &Localized, b: &Localized, mut f: impl FnMut(Lang, String, String)) {
    for lang in Lang::ALL {
        if a.get(lang) != b.get(lang) {
            f(lang, a.get(lang).to_string(), b.get(lang).to_string());
        }
    }
}

/// A text for display: quoted, or `(none)` when empty.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("(none)")
        } else {
            write!(f, "“{}”", self.0)
        }
    }
}

/// An id for display, `(none)` when empty (a draft theme without a lead).
struct Id<'a>(&'a str);

impl fmt::Display for Id<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "(none)" } else { self.0 })
    }
}

fn langs(languages: &[Lang]) -> String {
    languages
        .iter()
        .map(|l| l.code())
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::PeriodChanged { from, to } => write!(f, "period changed: {from} → {to}"),
            Change::PlanTitleChanged { lang, from, to } => {
                write!(
                    f,
                    "plan title changed ({lang}): {} → {}",
                    Quoted(from),
                    Quoted(to)
                )
            }
            Change::ProgrammeAdded { programme, name } => {
                write!(f, "programme added: {programme} {}", Quoted(name))
            }
            Change::ProgrammeRemoved { programme, name } => {
                write!(f, "programme removed: {programme} {}", Quoted(name))
            }
            Change::ForumAdded { forum, name } => {
                write!(f, "forum added: {forum} {}", Quoted(name))
            }
            Change::ForumRemoved { forum, name } => {
                write!(f, "forum removed: {forum} {}", Quoted(name))
            }
            Change::ThemeAdded {
                theme,
                number,
                title,
            } => write!(f, "theme added: {number}. {theme} {}", Quoted(title)),
            Change::ThemeRemoved {
                theme,
                number,
                title,
            } => write!(f, "theme removed: {number}. {theme} {}", Quoted(title)),
            Change::ThemeRenamed {
                theme,
                lang,
                from,
                to,
            } => write!(
                f,
                "theme {theme} renamed ({lang}): {} → {}",
                Quoted(from),
                Quoted(to)
            ),
            Change::ThemeMoved { theme, from, to } => {
                write!(f, "theme {theme} moved: number {from} → {to}")
            }
            Change::SummaryChanged {
                theme, languages, ..
            } => write!(f, "theme {theme}: summary changed ({})", langs(languages)),
            Change::LeadChanged { theme, from, to } => {
                write!(f, "theme {theme}: lead programme {} → {}", Id(from), Id(to))
            }
            Change::SupportingChanged {
                theme,
                added,
                removed,
            } => {
                write!(f, "theme {theme}: supporting programmes")?;
                for a in added {
                    write!(f, " +{a}")?;
                }
                for r in removed {
                    write!(f, " -{r}")?;
                }
                Ok(())
            }
            Change::ThemeForumAdded { theme, forum } => {
                write!(f, "theme {theme}: forum added: {forum}")
            }
            Change::ThemeForumRemoved { theme, forum } => {
                write!(f, "theme {theme}: forum removed: {forum}")
            }
            Change::TopicAdded {
                theme,
                topic,
                title,
            } => write!(f, "theme {theme}: topic added: {topic} {}", Quoted(title)),
            Change::TopicRemoved {
                theme,
                topic,
                title,
            } => write!(f, "theme {theme}: topic removed: {topic} {}", Quoted(title)),
            Change::TopicRenamed {
                theme,
                topic,
                lang,
                from,
                to,
            } => write!(
                f,
                "theme {theme}: topic {topic} renamed ({lang}): {} → {}",
                Quoted(from),
                Quoted(to)
            ),
            Change::TopicMoved {
                topic,
                from_theme,
                to_theme,
            } => write!(f, "topic {topic} moved: theme {from_theme} → {to_theme}"),
        }
    }
}

impl fmt::Display for PlanDiff {
    /// One line per change; `no changes` when there are none.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            return writeln!(f, "no changes");
        }
        for c in &self.changes {
            writeln!(f, "{c}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;

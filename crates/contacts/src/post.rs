//! Posts and tenures: "Counsellor, Permanent Mission of Kenya — WTO", held
//! by one person from a date to a date, then by the next.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::{FieldError, MAX_NAME, check_opt, check_text, check_themes};

/// A post as written by staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostData {
    pub organisation: i64,
    /// `Counsellor`, `Focal point for TRIPS`.
    pub title: String,
    /// What the post covers: a forum, a negotiation (`WTO`, `TRIPS`).
    #[serde(default)]
    pub portfolio: Option<String>,
    /// Themes of the plan the post deals with.
    #[serde(default)]
    pub themes: Vec<String>,
}

impl PostData {
    pub fn check(&mut self, is_theme: impl Fn(&str) -> bool) -> Result<(), FieldError> {
        check_text("title", &mut self.title, true, MAX_NAME, false)?;
        check_opt("portfolio", &mut self.portfolio, MAX_NAME)?;
        check_themes(&mut self.themes, is_theme)
    }

    /// `Counsellor — WTO`.
    pub fn label(&self) -> String {
        match &self.portfolio {
            Some(p) => format!("{} — {p}", self.title),
            None => self.title.clone(),
        }
    }
}

/// A stored post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    pub id: i64,
    #[serde(flatten)]
    pub data: PostData,
}

/// Who held a post, from when to when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenureData {
    pub post: i64,
    pub person: i64,
    pub from: Date,
    /// The last day; `None` while the person holds the post.
    #[serde(default)]
    pub to: Option<Date>,
}

impl TenureData {
    /// Whether the post was held on `day`.
    pub fn covers(&self, day: Date) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }

    fn overlaps(&self, other: &TenureData) -> bool {
        let ends_before = |a: &TenureData, b: &TenureData| a.to.is_some_and(|to| to < b.from);
        !ends_before(self, other) && !ends_before(other, self)
    }
}

/// A stored tenure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenure {
    pub id: i64,
    #[serde(flatten)]
    pub data: TenureData,
}

/// Checks a tenure against the post's others (`existing`, the tenure being
/// edited left out): it ends on or after it starts, and overlaps none —
/// one person holds a post at a time.
pub fn check_tenure(new: &TenureData, existing: &[Tenure]) -> Result<(), FieldError> {
    if let Some(to) = new.to
        && to < new.from
    {
        return Err(FieldError::new(
            "to",
            format!("ends ({to}) before it starts ({})", new.from),
        ));
    }
    if let Some(other) = existing
        .iter()
        .find(|t| t.data.post == new.post && t.data.overlaps(new))
    {
        let until = other
            .data
            .to
            .map_or_else(|| "today".to_string(), |d| d.to_string());
        return Err(FieldError::new(
            "from",
            format!(
                "overlaps tenure {} of this post ({} to {until}); end that one first",
                other.id, other.data.from
            ),
        ));
    }
    Ok(())
}

/// Who holds the post on `day`, if anyone.
pub fn holder_on(tenures: &[Tenure], post: i64, day: Date) -> Option<&Tenure> {
    tenures
        .iter()
        .find(|t| t.data.post == post && t.data.covers(day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn t(id: i64, person: i64, from: Date, to: Option<Date>) -> Tenure {
        Tenure {
            id,
            data: TenureData {
                post: 1,
                person,
                from,
                to,
            },
        }
    }

    #[test]
    fn a_post_is_held_by_one_person_at_a_time_and_stands_vacant_between() {
        let first = t(1, 10, date!(2022 - 09 - 01), Some(date!(2026 - 06 - 30)));
        let history = [first];
        // The successor starts after a vacancy.
        let next = TenureData {
            post: 1,
            person: 11,
            from: date!(2026 - 09 - 01),
            to: None,
        };
        check_tenure(&next, &history).unwrap();
        let all = [first, t(2, 11, next.from, None)];
        assert_eq!(
            holder_on(&all, 1, date!(2024 - 01 - 01))
                .unwrap()
                .data
                .person,
            10
        );
        assert_eq!(
            holder_on(&all, 1, date!(2026 - 06 - 30))
                .unwrap()
                .data
                .person,
            10
        );
        assert!(
            holder_on(&all, 1, date!(2026 - 07 - 15)).is_none(),
            "vacant"
        );
        assert_eq!(
            holder_on(&all, 1, date!(2030 - 01 - 01))
                .unwrap()
                .data
                .person,
            11
        );
        assert!(
            holder_on(&all, 2, date!(2024 - 01 - 01)).is_none(),
            "another post"
        );
    }

    #[test]
    fn overlapping_or_backward_tenures_are_refused_with_their_field() {
        let open = [t(1, 10, date!(2022 - 09 - 01), None)];
        let e = check_tenure(
            &TenureData {
                post: 1,
                person: 11,
                from: date!(2026 - 09 - 01),
                to: None,
            },
            &open,
        )
        .unwrap_err();
        assert_eq!(e.field, "from");
        assert!(e.message.contains("tenure 1"), "{e}");
        // Touching on the same day overlaps; the day after does not.
        let closed = [t(1, 10, date!(2022 - 09 - 01), Some(date!(2026 - 06 - 30)))];
        let on = |from| TenureData {
            post: 1,
            person: 11,
            from,
            to: None,
        };
        assert!(check_tenure(&on(date!(2026 - 06 - 30)), &closed).is_err());
        assert!(check_tenure(&on(date!(2026 - 07 - 01)), &closed).is_ok());
        // Before the first one, and ending before it: fine; ending inside: not.
        let earlier = TenureData {
            post: 1,
            person: 12,
            from: date!(2019 - 01 - 01),
            to: Some(date!(2022 - 08 - 31)),
        };
        assert!(check_tenure(&earlier, &closed).is_ok());
        let into = TenureData {
            to: Some(date!(2022 - 09 - 01)),
            ..earlier
        };
        assert!(check_tenure(&into, &closed).is_err());
        let backward = TenureData {
            to: Some(date!(2018 - 01 - 01)),
            ..earlier
        };
        assert_eq!(check_tenure(&backward, &[]).unwrap_err().field, "to");
        // Another post's tenures do not count.
        let other_post = TenureData {
            post: 2,
            ..on(date!(2024 - 01 - 01))
        };
        assert!(check_tenure(&other_post, &open).is_ok());
    }
}

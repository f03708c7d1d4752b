//! The label space: the work programme's 14 thematic areas and the 17 SDGs.

use std::fmt;

/// Stable ids of the 14 thematic areas, in the plan's order (1–14).
pub const THEMES: [&str; 14] = [
    "agenda2030",
    "climate",
    "governance",
    "digital",
    "ucm",
    "finance",
    "trade",
    "investment",
    "ip",
    "biodiversity",
    "rights",
    "health",
    "ssc",
    "tax",
];

/// Number of thematic areas.
pub const N_THEMES: usize = THEMES.len();
/// Number of SDGs.
pub const N_SDGS: usize = 17;
/// Number of labels: themes first, then SDGs 1–17.
pub const N_LABELS: usize = N_THEMES + N_SDGS;

/// A label the tagger assigns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// Index into [`THEMES`].
    Theme(u8),
    /// SDG number, 1–17.
    Sdg(u8),
}

impl Label {
    /// Dense index: themes `0..14`, SDG `g` at `13 + g`.
    pub fn index(self) -> usize {
        match self {
            Label::Theme(t) => t as usize,
            Label::Sdg(g) => N_THEMES + g as usize - 1,
        }
    }

    /// Inverse of [`Label::index`]. Panics when `i >= N_LABELS`.
    pub fn from_index(i: usize) -> Label {
        assert!(i < N_LABELS, "label index {i} out of range");
        if i < N_THEMES {
            Label::Theme(i as u8)
        } else {
            Label::Sdg((i - N_THEMES + 1) as u8)
        }
    }

    /// All labels in index order.
    pub fn all() -> impl Iterator<Item = Label> {
        (0..N_LABELS).map(Label::from_index)
    }

    /// A theme by its id.
    pub fn theme(id: &str) -> Option<Label> {
        THEMES
            .iter()
            .position(|t| *t == id)
            .map(|i| Label::Theme(i as u8))
    }

    /// An SDG by number (1–17).
    pub fn sdg(goal: u8) -> Option<Label> {
        (1..=17).contains(&goal).then_some(Label::Sdg(goal))
    }

    /// Parses the key form: a theme id (`climate`) or `sdg:13`.
    pub fn parse(key: &str) -> Option<Label> {
        match key.strip_prefix("sdg:") {
            Some(g) => g.parse().ok().and_then(Label::sdg),
            None => Label::theme(key),
        }
    }

    pub fn is_theme(self) -> bool {
        matches!(self, Label::Theme(_))
    }
}

impl fmt::Display for Label {
    /// The key form: `climate`, `sdg:13`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Label::Theme(t) => f.write_str(THEMES[*t as usize]),
            Label::Sdg(g) => write!(f, "sdg:{g}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_round_trip() {
        for (i, l) in Label::all().enumerate() {
            assert_eq!(l.index(), i);
            assert_eq!(Label::parse(&l.to_string()), Some(l));
        }
        assert_eq!(Label::parse("tax"), Some(Label::Theme(13)));
        assert_eq!(Label::parse("sdg:17").map(Label::index), Some(30));
        assert_eq!(Label::parse("sdg:0"), None);
        assert_eq!(Label::parse("sdg:18"), None);
        assert_eq!(Label::parse("taxes"), None);
    }
}

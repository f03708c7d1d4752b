use serde::{Deserialize, Serialize};

/// The four languages of the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
    Fr,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Zh, Lang::En, Lang::Fr, Lang::Es];

    /// BCP 47 code: `zh`, `en`, `fr`, `es`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }

    /// The language's name in itself, for language switchers.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Es => "Español",
        }
    }

    /// Parses a code or a BCP 47 tag (`zh-CN`, `fr-CH`, `es_419`); case-insensitive.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            "es" => Some(Lang::Es),
            _ => None,
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse(s).ok_or_else(|| format!("unknown language `{s}` (expected zh, en, fr or es)"))
    }
}

/// A text in the four languages. In an adopted plan every language is
/// present; a draft read from a document may lack some (empty strings).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Localized {
    #[serde(default)]
    pub zh: String,
    #[serde(default)]
    pub en: String,
    #[serde(default)]
    pub fr: String,
    #[serde(default)]
    pub es: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
            Lang::Es => &self.es,
        }
    }

    pub fn get_mut(&mut self, lang: Lang) -> &mut String {
        match lang {
            Lang::Zh => &mut self.zh,
            Lang::En => &mut self.en,
            Lang::Fr => &mut self.fr,
            Lang::Es => &mut self.es,
        }
    }

    /// The text in `lang`, or else in English, or else in the first language present.
    pub fn best(&self, lang: Lang) -> &str {
        let wanted = self.get(lang);
        if !wanted.is_empty() {
            return wanted;
        }
        if !self.en.is_empty() {
            return &self.en;
        }
        Lang::ALL
            .iter()
            .map(|l| self.get(*l))
            .find(|s| !s.is_empty())
            .unwrap_or("")
    }

    /// Languages whose text is missing (empty or blank).
    pub fn missing(&self) -> Vec<Lang> {
        Lang::ALL
            .into_iter()
            .filter(|l| self.get(*l).trim().is_empty())
            .collect()
    }

    /// A text known in one language only.
    pub fn only(lang: Lang, text: impl Into<String>) -> Localized {
        let mut l = Localized::default();
        *l.get_mut(lang) = text.into();
        l
    }
}

use serde::{Deserialize, Serialize};

pub use southdesk_common::Lang;

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

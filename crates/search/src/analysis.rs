//! One analyser per language, registered on the index under `sd_zh`, `sd_en`, `sd_fr`, `sd_es`.
//!
//! * zh: jieba segmentation (default mode, HMM on), then lower-casing (for Latin words inside
//!   Chinese text) and removal of tokens that hold no letter or digit (jieba emits spaces and
//!   punctuation as tokens).
//! * en: simple tokenizer, lower-case, Porter-style English Snowball stemmer.
//! * fr, es: simple tokenizer, lower-case, ASCII folding, then the Snowball stemmer of the
//!   language. Folding runs first so that a word typed with or without its accents reaches the
//!   stemmer as the same string (`biodiversité`/`biodiversite`, `negociación`/`negociacion`)
//!   and always meets itself; the price is that a few accented suffixes (`-ité`) are left on.
//!
//! No stop-word lists: BM25 already weighs frequent words down, and phrase queries keep
//! their exact positions.

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};
use tantivy_jieba::JiebaTokenizer;

use crate::Lang;

/// Name of the analyser registered for a language.
pub fn tokenizer_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "sd_zh",
        Lang::En => "sd_en",
        Lang::Fr => "sd_fr",
        Lang::Es => "sd_es",
    }
}

/// Builds the analyser of a language.
pub fn analyzer(lang: Lang) -> TextAnalyzer {
    match lang {
        Lang::Zh => TextAnalyzer::builder(JiebaTokenizer::new())
            .filter(DropNonWords)
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .build(),
        Lang::En => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build(),
        Lang::Fr => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::French))
            .build(),
        Lang::Es => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::Spanish))
            .build(),
    }
}

/// Registers the four analysers on an index (needed after every open: analysers are code,
/// not data).
pub fn register(index: &Index) {
    for lang in Lang::ALL {
        index
            .tokenizers()
            .register(tokenizer_name(lang), analyzer(lang));
    }
}

/// The terms a text gives in a language, in order (for tests and for building bridge queries).
pub fn analyze(lang: Lang, text: &str) -> Vec<String> {
    let mut analyzer = analyzer(lang);
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Loads the Chinese word dictionary now (a tenth of a second of one core),
/// which the first Chinese text analysed would otherwise wait for: call it
/// on a thread of its own at start.
pub fn warm_up() {
    analyze(Lang::Zh, "中文分词");
}

/// Drops tokens with no alphanumeric character (whitespace, punctuation).
#[derive(Clone)]
struct DropNonWords;

impl TokenFilter for DropNonWords {
    type Tokenizer<T: Tokenizer> = DropNonWordsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        DropNonWordsFilter(tokenizer)
    }
}

#[derive(Clone)]
struct DropNonWordsFilter<T>(T);

impl<T: Tokenizer> Tokenizer for DropNonWordsFilter<T> {
    type TokenStream<'a> = DropNonWordsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        DropNonWordsStream(self.0.token_stream(text))
    }
}

struct DropNonWordsStream<S>(S);

impl<S: TokenStream> TokenStream for DropNonWordsStream<S> {
    fn advance(&mut self) -> bool {
        while self.0.advance() {
            if self.0.token().text.chars().any(char::is_alphanumeric) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

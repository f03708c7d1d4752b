pub mod plan;
pub mod sdg;
pub mod serve;
pub mod tag;
pub mod tagger;
pub mod token;
pub mod user;

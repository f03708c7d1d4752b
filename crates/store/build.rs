//! Rebuilds the crate when a migration is added or changed: `sqlx::migrate!`
//! embeds the files of `migrations/`, which Cargo does not watch by itself.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}

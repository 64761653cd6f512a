//! The committed event reference (docs/events.md, docs/asyncapi.json) is what the
//! contract types render today. `TAM_BLESS=1 cargo test -p tam-contracts --test
//! reference` rewrites the files after a change to the types.

use std::path::PathBuf;

use tam_contracts::reference::{asyncapi_text, markdown, ASYNCAPI_PATH, MARKDOWN_PATH};

fn workspace_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn check(path: &str, rendered: &str) {
    let file = workspace_file(path);
    if std::env::var_os("TAM_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&file, rendered).unwrap_or_else(|e| panic!("writing {path}: {e}"));
        return;
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == rendered,
        "{path} is stale: it is not what the contract types render. Run \
         `TAM_BLESS=1 cargo test -p tam-contracts --test reference` and commit the result."
    );
}

#[test]
fn the_markdown_reference_matches_the_types() {
    check(MARKDOWN_PATH, &markdown());
}

#[test]
fn the_asyncapi_document_matches_the_types() {
    check(ASYNCAPI_PATH, &asyncapi_text());
}

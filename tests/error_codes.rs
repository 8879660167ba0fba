//! One error-code table: the codes of `src/http/codes.rs`, the OpenAPI document's `Error.code` enum and
//! the table in `docs/http.md` say the same, code for code and status for status.

use sleuths::http::codes::Code;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_openapi_error_schema_lists_every_code_of_the_table_and_no_other() {
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("src/http/openapi.json")).unwrap()).unwrap();
    let listed: Vec<&str> = doc["components"]["schemas"]["Error"]["properties"]["code"]["enum"]
        .as_array()
        .expect("Error.code has an enum")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let table: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(listed, table);
}

#[test]
fn the_docs_table_gives_every_code_with_its_status_and_meaning() {
    let docs = std::fs::read_to_string(root().join("docs/http.md")).unwrap();
    let rows: Vec<(String, u16, String)> = docs
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim().trim_matches('|').split(" | ").map(str::trim).collect();
            let code = cells.first()?.strip_prefix('`')?.strip_suffix('`')?;
            let status = cells.get(1)?.parse().ok()?;
            Some((code.to_owned(), status, cells.get(2)?.to_string()))
        })
        .collect();
    let table: Vec<(String, u16, String)> = Code::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.status().as_u16(), c.meaning().to_owned()))
        .collect();
    assert_eq!(rows, table);
}

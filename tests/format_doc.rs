//! `vectors/FORMAT.md` against the code, so the document cannot drift from what the runner does:
//! its table of algorithm names is exactly the registry (names, aliases, kinds), every group type
//! the runner handles has a section of its own, and every ```` ```json ```` block is a complete
//! file whose tests all pass on every backend of this CPU.

use std::collections::BTreeSet;

use gmkit::kat::{Runner, group_types};
use gmkit::registry::{self, BackendSpec};
use serde_json::Value;

fn doc() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/FORMAT.md");
    std::fs::read_to_string(path).expect("vectors/FORMAT.md is readable")
}

/// The backquoted items of a table cell (`—` and prose give none).
fn ticked(cell: &str) -> Vec<String> {
    cell.split(',')
        .map(str::trim)
        .filter(|s| s.len() > 2 && s.starts_with('`') && s.ends_with('`'))
        .map(|s| s.trim_matches('`').to_string())
        .collect()
}

/// The rows of the algorithm table (between the `registry:begin` and `registry:end` markers):
/// (name, aliases, kind).
fn algorithm_rows(doc: &str) -> Vec<(String, Vec<String>, String)> {
    let start = doc.find("<!-- registry:begin").expect("the begin marker");
    let end = doc.find("<!-- registry:end -->").expect("the end marker");
    doc[start..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            assert!(cells.len() >= 3, "a short row: {l}");
            let name = ticked(cells[0]);
            assert_eq!(name.len(), 1, "one name per row: {l}");
            (name[0].clone(), ticked(cells[1]), cells[2].to_string())
        })
        .collect()
}

#[test]
fn the_algorithm_table_is_the_registry() {
    let doc = doc();
    let rows = algorithm_rows(&doc);
    let algs = registry::algorithms();
    let documented: Vec<&str> = rows.iter().map(|(n, _, _)| n.as_str()).collect();
    let registered: Vec<&str> = algs.iter().map(|a| a.name).collect();
    assert_eq!(
        documented, registered,
        "FORMAT.md section 6 must list exactly the registry's names, in its order"
    );
    for ((name, aliases, kind), alg) in rows.iter().zip(algs) {
        assert_eq!(aliases, alg.aliases, "aliases of {name}");
        assert_eq!(kind, alg.kind().name(), "kind of {name}");
    }
}

#[test]
fn every_group_type_has_a_section() {
    let doc = doc();
    let headings: BTreeSet<&str> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("### `"))
        .filter_map(|l| l.strip_suffix('`'))
        .collect();
    let handled: BTreeSet<&str> = group_types().into_iter().collect();
    assert!(handled.contains("EcdsaSignWithKTest"), "{handled:?}");
    assert_eq!(
        headings, handled,
        "FORMAT.md section 7 must have one heading per group type the runner handles"
    );
}

/// Every ```json block.
fn json_blocks(doc: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = doc;
    while let Some(i) = rest.find("\n```json\n") {
        let body = &rest[i + "\n```json\n".len()..];
        let end = body.find("\n```").expect("a closed block");
        out.push(&body[..end]);
        rest = &body[end..];
    }
    out
}

#[test]
fn the_example_files_pass_on_every_backend() {
    let doc = doc();
    let blocks = json_blocks(&doc);
    let mut types = BTreeSet::new();
    for (i, json) in blocks.iter().enumerate() {
        let name = format!("FORMAT.md example {}", i + 1);
        let parsed: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: {e}"));
        let count = parsed["numberOfTests"].as_u64().expect("numberOfTests") as usize;
        for g in parsed["testGroups"].as_array().expect("testGroups") {
            types.insert(g["type"].as_str().expect("type").to_string());
        }
        let rows = Runner::new()
            .backend(BackendSpec::All)
            .run_json(&name, json.as_bytes());
        assert!(!rows.is_empty(), "{name}");
        for r in &rows {
            assert_eq!(r.failed(), 0, "{name} [{}]: {:?}", r.backend, r.failures);
            assert_eq!(r.unsupported_count(), 0, "{name} [{}]: {r:?}", r.backend);
            assert!(r.acceptable.is_empty(), "{name} [{}]", r.backend);
            // Every test ran and passed (or cannot run on this choice by design).
            assert_eq!(
                r.passed + r.not_applicable_count(),
                count,
                "{name} [{}]: {r:?}",
                r.backend
            );
        }
    }
    // One example per family, at least.
    for t in [
        "HashTest",
        "MacTest",
        "IndCpaTest",
        "AeadTest",
        "Sm2SignWithKTest",
        "Sm2Verify",
        "EcdsaSignWithKTest",
    ] {
        assert!(types.contains(t), "no example of {t}: {types:?}");
    }
}

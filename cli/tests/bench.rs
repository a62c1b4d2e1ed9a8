//! `gmkit bench`: short runs (`--quick`, `--seconds 1`, narrowed with `--filter` and `--sizes`)
//! exit 0 and print well-formed reports — JSON with the build, machine and start time, every
//! operation at 1 thread and on all cores with a spread, Markdown, the HTML page with inline SVG
//! and nothing fetched, `compare`, `--peers openssl`; bad usage exits 2 with a message.

mod support;

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

fn f64_field(v: &serde_json::Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number in {v}"))
}

/// Every row has the documented fields, a positive throughput (the median) and a spread
/// min ≤ median ≤ max over `slices` samples; returns the rows.
fn checked_rows(v: &serde_json::Value) -> &Vec<serde_json::Value> {
    let rows = v["rows"].as_array().expect("rows");
    assert!(!rows.is_empty());
    let slices = uint_field(v, "slices") as usize;
    for r in rows {
        for key in [
            "operation",
            "implementation",
            "backend",
            "unit",
            "threading",
        ] {
            assert!(!str_field(r, key).is_empty(), "{key} in {r}");
        }
        assert!(uint_field(r, "bytes") > 0, "{r}");
        assert!(uint_field(r, "threads") >= 1, "{r}");
        let t = f64_field(r, "throughput");
        assert!(t.is_finite() && t > 0.0, "{r}");
        let (lo, med, hi) = (
            f64_field(r, "min"),
            f64_field(r, "median"),
            f64_field(r, "max"),
        );
        assert_eq!(med, t, "{r}");
        assert!(0.0 < lo && lo <= med && med <= hi && hi.is_finite(), "{r}");
        let samples = r["samples"].as_array().expect("samples");
        assert_eq!(samples.len(), slices, "{r}");
    }
    rows
}

/// The build, machine and time fields of a schema-2 report.
fn check_header(v: &serde_json::Value) {
    assert_eq!(str_field(v, "schema"), "gmkit-bench");
    assert_eq!(uint_field(v, "schema_version"), 2);
    let build = &v["build"];
    assert!(str_field(build, "rustc").starts_with("rustc "), "{build}");
    assert!(!str_field(build, "commit").is_empty(), "{build}");
    assert!(!str_field(build, "target").is_empty(), "{build}");
    assert!(!str_field(build, "profile").is_empty(), "{build}");
    assert!(build["rustflags"].is_string() && build["target_cpu"].is_string());
    let machine = &v["machine"];
    assert!(!str_field(machine, "os").is_empty(), "{machine}");
    assert!(!str_field(machine, "kernel").is_empty(), "{machine}");
    assert_eq!(str_field(machine, "arch"), gmkit::cpu::ARCH);
    assert!(machine["features"].is_array());
    // RFC 3339, UTC, to the second: 2026-12-07T04:12:34Z.
    for key in ["start_time", "end_time"] {
        let t = str_field(v, key).as_bytes();
        assert_eq!(t.len(), 20, "{key}");
        for (i, c) in t.iter().enumerate() {
            let want = match i {
                4 | 7 => b'-',
                10 => b'T',
                13 | 16 => b':',
                19 => b'Z',
                _ => b'0',
            };
            if want == b'0' {
                assert!(c.is_ascii_digit(), "{key}");
            } else {
                assert_eq!(*c, want, "{key}");
            }
        }
    }
    assert!(f64_field(&v["budget"], "share_seconds") > 0.0);
    // The load around the run (Linux: /proc/loadavg), so a reader can tell a busy machine.
    for key in ["start", "end"] {
        let l = &v["load_average"][key];
        if std::path::Path::new("/proc/loadavg").exists() {
            let l = l
                .as_array()
                .unwrap_or_else(|| panic!("load_average.{key}: {v}"));
            assert_eq!(l.len(), 3);
            assert!(l.iter().all(|x| x.as_f64().is_some_and(|x| x >= 0.0)));
        } else {
            assert!(l.is_null());
        }
    }
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
        "sm3-merkle",
    ]
    .into();
    assert_eq!(ops, expected);
    check_header(&v);
    for r in rows {
        assert_eq!(str_field(r, "unit"), "MB/s", "{r}");
    }
    // SM3 at every size of the default ladder, on one thread and on every core; the backend is
    // the one a fresh SM3 state picks in this environment.
    let sm3_rows: Vec<_> = rows
        .iter()
        .filter(|r| str_field(r, "operation") == "sm3")
        .collect();
    let sizes: BTreeSet<u64> = sm3_rows.iter().map(|r| uint_field(r, "bytes")).collect();
    assert_eq!(sizes, [16, 64, 256, 1024, 8192, 16384].into());
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

    // One ratio per pair and thread count: every row but the Merkle root has a counterpart.
    let comparisons = v["comparisons"].as_array().expect("comparisons");
    let merkle = rows
        .iter()
        .filter(|r| str_field(r, "operation") == "sm3-merkle")
        .count();
    assert_eq!(comparisons.len() * 2, rows.len() - merkle);
    for c in comparisons {
        let ratio = f64_field(c, "ratio");
        assert!(ratio.is_finite() && ratio > 0.0, "{c}");
        assert!(f64_field(c, "ratio_min") <= ratio && ratio <= f64_field(c, "ratio_max"));
    }
    // The all-core forms of the library: sm3-batch and sm3-merkle.
    for r in rows {
        let library = ["sm3-batch", "sm3-merkle"].contains(&str_field(r, "operation"));
        let want = if library { "library" } else { "copies" };
        assert_eq!(str_field(r, "threading"), want, "{r}");
    }
}

/// The issue's acceptance list on `gmkit bench --quick --json`: the header, every operation at
/// one thread and on every core with a spread, `sm4-ctr` at every size of the ladder, the
/// scaling rows.
#[test]
fn quick_json_every_operation_on_one_and_all_cores() {
    let v = json_report(&["bench", "--quick", "--json"]);
    check_header(&v);
    assert_eq!(str_field(&v["budget"], "mode"), "quick");
    let cores = uint_field(&v, "cores");
    let rows = checked_rows(&v);
    for op in [
        "sm2-keygen",
        "sm2-sign",
        "sm2-verify",
        "sm2-encrypt",
        "sm2-decrypt",
        "sm2-kex",
        "ecdsa-p256-keygen",
        "ecdsa-p256-sign",
        "ecdsa-p256-verify",
        "ecdh-p256",
        "sm2-verify-batch",
        "sm3",
        "hmac-sm3",
        "sm3-batch",
        "sm3-merkle",
        "sha256",
        "hmac-sha256",
        "sha256-loop",
        "sm4-ecb",
        "sm4-ctr",
        "sm4-cbc-enc",
        "sm4-cbc-dec",
        "sm4-gcm-seal",
        "sm4-gcm-open",
        "sm4-ccm-seal",
        "sm4-xts-enc",
        "aes128-ecb",
        "aes128-ctr",
        "aes128-cbc-enc",
        "aes128-cbc-dec",
        "aes128-gcm-seal",
        "aes128-gcm-open",
        "aes128-ccm-seal",
        "aes128-xts-enc",
    ] {
        let threads: BTreeSet<u64> = rows
            .iter()
            .filter(|r| str_field(r, "operation") == op)
            .map(|r| uint_field(r, "threads"))
            .collect();
        assert_eq!(threads, [1, cores].into(), "{op}");
    }
    let ctr: BTreeSet<(u64, u64)> = rows
        .iter()
        .filter(|r| str_field(r, "operation") == "sm4-ctr")
        .map(|r| (uint_field(r, "bytes"), uint_field(r, "threads")))
        .collect();
    let want: BTreeSet<(u64, u64)> = [16, 64, 256, 1024, 8192, 16384]
        .iter()
        .flat_map(|&n| [(n, 1), (n, cores)])
        .collect();
    assert_eq!(ctr, want);
    let batch = rows
        .iter()
        .find(|r| str_field(r, "operation") == "sm2-verify-batch")
        .expect("sm2-verify-batch");
    assert_eq!(uint_field(batch, "messages"), 64);
    assert_eq!(str_field(batch, "threading"), "library");
    if cores > 1 {
        let scaling = v["scaling"].as_array().expect("scaling");
        let verify = scaling
            .iter()
            .find(|s| {
                str_field(s, "operation") == "sm2-verify" && uint_field(s, "threads") == cores
            })
            .expect("sm2-verify scaling");
        let e = f64_field(verify, "efficiency");
        assert!(e.is_finite() && e > 0.0, "{verify}");
        // A threshold only where the machine is known to be quiet (a shared VM is too noisy for
        // one): GMKIT_TEST_MIN_SCALING=0.75 checks the issue's "at least 0.75 × the threads".
        eprintln!(
            "sm2-verify scaling efficiency on {cores} threads: {e:.2} (load {})",
            v["load_average"]
        );
        if let Ok(min) = std::env::var("GMKIT_TEST_MIN_SCALING") {
            let min: f64 = min.parse().expect("GMKIT_TEST_MIN_SCALING is a number");
            assert!(e >= min, "sm2-verify scaling {e:.2} < {min}: {verify}");
        }
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
    // The results table: the first run of `|` lines (the scaling table follows).
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .collect();
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
    // Each figure with its spread: `median [slowest, fastest] MB/s`.
    let row = table
        .iter()
        .find(|l| l.starts_with("| sm4-gcm-open vs aes128-gcm-open | 16 B | 1 |"))
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(row.matches(" MB/s").count(), 2, "{row}");
    assert_eq!(row.matches('[').count(), 2, "{row}");
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
        &["bench", "--sizes", ""],
        &["bench", "--sizes", "16,0"],
        &["bench", "--size", "64", "--sizes", "16"],
        &["bench", "--threads", "0"],
        &["bench", "--threads", "two"],
        &["bench", "--peers", "boringssl"],
        &["bench", "--html", ""],
        &["bench", "compare"],
        &["bench", "compare", "a.json"],
        &["bench", "compare", "a.json", "b.json", "c.json"],
        &["bench", "compare", "a.json", "b.json", "--bogus"],
        &[
            "bench",
            "compare",
            "a.json",
            "b.json",
            "--json",
            "--markdown",
        ],
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
        "--sizes",
        "--threads",
        "--filter",
        "--json",
        "--markdown",
        "--html",
        "--peers openssl",
        "compare A.json B.json",
    ] {
        assert!(out.contains(opt), "{opt}: {out}");
    }
    assert!(stdout(&gmkit(&["help"])).contains("bench"));
}

/// `--html FILE`: one page, charts as inline SVG, nothing loaded from elsewhere (no script, no
/// external reference of any kind); the text report still goes to stdout.
#[test]
fn html_page_is_self_contained() {
    let dir = support::Dir::new("bench-html");
    let path = dir.0.join("report.html").display().to_string();
    let o = gmkit(&[
        "bench",
        "--seconds",
        "1",
        "--sizes",
        "64,1024",
        "--filter",
        "ctr",
        "--html",
        &path,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("sm4-ctr vs aes128-ctr"));
    let html = String::from_utf8(dir.read("report.html")).expect("UTF-8");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    // Throughput against size, the ratio chart and the scaling chart (when there are 2+ cores).
    assert!(html.matches("<svg ").count() >= 2, "{html}");
    assert!(html.contains("<polyline"));
    assert!(html.contains("Throughput against message size"));
    assert!(html.contains("SM / international ratio"));
    assert!(html.contains("sm4-ctr"));
    let lower = html.to_ascii_lowercase();
    for banned in [
        "http:", "https:", "//", "<script", " src=", "href=", "url(", "@import", "<link", "<img",
        "<iframe", "<object", "<embed",
    ] {
        assert!(!lower.contains(banned), "{banned} in the page");
    }
    // An unwritable path: exit 2 before measuring.
    let o = gmkit(&["bench", "--quick", "--html", "/nonexistent-dir/r.html"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
}

/// `gmkit bench compare A B`: both reports' rows side by side with B/A; `--json` gives each
/// row both sides, the ratio and whether the spreads are apart.
#[test]
fn compare_lists_both_reports() {
    let dir = support::Dir::new("bench-compare");
    let mut files = Vec::new();
    for name in ["a.json", "b.json"] {
        let o = gmkit(&["bench", "--seconds", "1", "--filter", "sign", "--json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        dir.write(name, &o.stdout);
        files.push(dir.0.join(name).display().to_string());
    }
    let o = gmkit(&["bench", "compare", &files[0], &files[1]]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("sm2-sign") && out.contains("ecdsa-p256-sign"),
        "{out}"
    );
    assert!(
        out.contains("B/A") && out.contains("A: ") && out.contains("B: "),
        "{out}"
    );
    // Each side's load as it began (where /proc/loadavg exists), to judge the figures by.
    if std::path::Path::new("/proc/loadavg").exists() {
        assert!(
            out.lines()
                .take(2)
                .all(|l| l.contains(", load ") && l.ends_with(" at the start")),
            "{out}"
        );
    }
    assert!(out.contains("differ by more than their spreads"), "{out}");

    let o = gmkit(&["bench", "compare", &files[0], &files[1], "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let rows = v["rows"].as_array().expect("rows");
    let sign: Vec<_> = rows
        .iter()
        .filter(|r| str_field(r, "operation") == "sm2-sign")
        .collect();
    assert!(!sign.is_empty());
    for r in rows {
        let (a, b) = (&r["a"], &r["b"]);
        let ratio = f64_field(r, "ratio");
        assert!((ratio - f64_field(b, "median") / f64_field(a, "median")).abs() < 1e-9);
        // `differs` is exactly "the [min, max] intervals are disjoint".
        let apart =
            f64_field(b, "min") > f64_field(a, "max") || f64_field(b, "max") < f64_field(a, "min");
        assert_eq!(r["differs"].as_bool(), Some(apart), "{r}");
    }

    // A schema-1 report (no spreads) compares, marked `?`; a row only in one report is listed.
    dir.write(
        "v1.json",
        br#"{"version": "0.1.0", "cpu": "x", "cores": 2, "rows": [
            {"operation": "sm2-sign", "bytes": 32, "messages": 1, "threads": 1,
             "throughput": 1000.0, "unit": "ops/s", "backend": "soft"},
            {"operation": "old-op", "bytes": 32, "messages": 1, "threads": 1,
             "throughput": 5.0, "unit": "ops/s", "backend": "soft"}]}"#,
    );
    let v1 = dir.0.join("v1.json").display().to_string();
    let o = gmkit(&["bench", "compare", &v1, &files[1], "--markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("| sm2-sign | 32 B | 1 |"), "{out}");
    assert!(out.contains("| ? |"), "{out}");
    assert!(out.contains("old-op"), "{out}");

    // Unreadable or not a report: exit 2, a message.
    for bad in ["missing.json", "v1.json.not"] {
        let o = gmkit(&[
            "bench",
            "compare",
            &dir.0.join(bad).display().to_string(),
            &v1,
        ]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).contains("cannot read"), "{bad}");
    }
    dir.write("x.json", b"[1, 2]");
    let o = gmkit(&[
        "bench",
        "compare",
        &dir.0.join("x.json").display().to_string(),
        &v1,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a `gmkit bench --json` report"));
}

/// `--peers openssl`: `openssl speed -mr` figures for the matching operation in the same report,
/// with gmkit's one-thread median beside them.
#[test]
fn peers_openssl() {
    let o = gmkit(&[
        "bench",
        "--seconds",
        "1",
        "--sizes",
        "64",
        "--filter",
        "sm4-ctr",
        "--threads",
        "1",
        "--peers",
        "openssl",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let peers = &v["peers"];
    assert_eq!(str_field(peers, "source"), "openssl");
    if !support::have_openssl() {
        assert!(str_field(peers, "version").is_empty());
        assert!(!peers["notes"].as_array().expect("notes").is_empty());
        return;
    }
    assert!(
        str_field(peers, "version").starts_with("OpenSSL"),
        "{peers}"
    );
    let rows = peers["rows"].as_array().expect("rows");
    let ctr = rows
        .iter()
        .find(|r| str_field(r, "operation") == "sm4-ctr")
        .unwrap_or_else(|| panic!("no sm4-ctr peer row: {peers}"));
    assert_eq!(uint_field(ctr, "bytes"), 64);
    assert_eq!(str_field(ctr, "unit"), "MB/s");
    assert!(f64_field(ctr, "throughput") > 0.0);
    assert!(f64_field(ctr, "gmkit") > 0.0);
    assert!(str_field(ctr, "algorithm").contains("SM4-CTR"), "{ctr}");
    // Its counterpart ran too.
    assert!(
        rows.iter()
            .any(|r| str_field(r, "operation") == "aes128-ctr")
    );
}

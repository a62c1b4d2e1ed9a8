//! `gmkit bench compare A.json B.json`: two `--json` reports side by side. Rows are matched on
//! (operation, bytes, messages, threads); each gets B / A from the medians, and is flagged when
//! the two spreads ([slowest, fastest] slice) do not overlap — a difference larger than the
//! noise of either run. Reports of schema 1 (no spread) compare without the flag.

use serde::Serialize;
use serde_json::Value;

use super::report::num;
use crate::Usage;

/// One side of a matched row.
#[derive(Clone, Debug, Serialize)]
struct Side {
    median: f64,
    min: Option<f64>,
    max: Option<f64>,
    backend: String,
}

#[derive(Clone, Debug, Serialize)]
struct Row {
    operation: String,
    bytes: u64,
    messages: u64,
    threads: u64,
    unit: String,
    #[serde(skip)]
    key: Key,
    a: Option<Side>,
    b: Option<Side>,
}

type Key = (String, u64, u64, u64);

impl Row {
    fn ratio(&self) -> Option<f64> {
        Some(self.b.as_ref()?.median / self.a.as_ref()?.median)
    }

    /// `Some(true)`: the spreads do not overlap; `None`: a spread is missing.
    fn differs(&self) -> Option<bool> {
        let (a, b) = (self.a.as_ref()?, self.b.as_ref()?);
        Some(b.min? > a.max? || b.max? < a.min?)
    }
}

/// What identifies a report.
#[derive(Clone, Debug, Serialize)]
struct About {
    file: String,
    schema_version: u64,
    version: String,
    commit: String,
    rustc: String,
    cpu: String,
    cores: u64,
    os: String,
    start_time: String,
    command: String,
    /// The 1-minute load average as the run began (schema 2 `load_average.start`), if recorded.
    load: Option<f64>,
}

struct Report {
    about: About,
    rows: Vec<(Key, String, Side)>,
}

fn load(path: &str) -> Result<Report, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let v: Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("{path} is not JSON: {e}"))?;
    let rows = v["rows"]
        .as_array()
        .ok_or_else(|| format!("{path} is not a `gmkit bench --json` report (no rows)"))?;
    let s = |v: &Value| v.as_str().unwrap_or("unknown").to_string();
    let about = About {
        file: path.to_string(),
        schema_version: v["schema_version"].as_u64().unwrap_or(1),
        version: s(&v["version"]),
        commit: s(&v["build"]["commit"]),
        rustc: s(&v["build"]["rustc"]),
        cpu: s(&v["cpu"]),
        cores: v["cores"].as_u64().unwrap_or(0),
        os: match (v["machine"]["os"].as_str(), v["machine"]["kernel"].as_str()) {
            (Some(o), Some(k)) => format!("{o}, {k}"),
            _ => "unknown".into(),
        },
        start_time: s(&v["start_time"]),
        command: s(&v["command"]),
        load: v["load_average"]["start"][0].as_f64(),
    };
    let mut out = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let bad = || format!("{path}: row {i} lacks operation, bytes, threads or throughput");
        let op = r["operation"].as_str().ok_or_else(bad)?.to_string();
        let bytes = r["bytes"].as_u64().ok_or_else(bad)?;
        let messages = r["messages"].as_u64().unwrap_or(1);
        let threads = r["threads"].as_u64().ok_or_else(bad)?;
        let median = r["median"]
            .as_f64()
            .or_else(|| r["throughput"].as_f64())
            .ok_or_else(bad)?;
        out.push((
            (op, bytes, messages, threads),
            r["unit"].as_str().unwrap_or("").to_string(),
            Side {
                median,
                min: r["min"].as_f64(),
                max: r["max"].as_f64(),
                backend: r["backend"].as_str().unwrap_or("").to_string(),
            },
        ));
    }
    Ok(Report { about, rows: out })
}

fn matched(a: &Report, b: &Report) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for (side, report) in [(0, a), (1, b)] {
        for (key, unit, s) in &report.rows {
            let i = match rows.iter().position(|r| r.key == *key) {
                Some(i) => i,
                None => {
                    rows.push(Row {
                        operation: key.0.clone(),
                        bytes: key.1,
                        messages: key.2,
                        threads: key.3,
                        unit: unit.clone(),
                        key: key.clone(),
                        a: None,
                        b: None,
                    });
                    rows.len() - 1
                }
            };
            let slot = if side == 0 {
                &mut rows[i].a
            } else {
                &mut rows[i].b
            };
            *slot = Some(s.clone());
        }
    }
    rows
}

fn size(r: &Row) -> String {
    super::ops::size_label(r.bytes as usize, r.messages as usize)
}

fn cell(s: &Option<Side>) -> String {
    match s {
        None => "-".into(),
        Some(s) => match (s.min, s.max) {
            (Some(lo), Some(hi)) => format!("{} [{}, {}]", num(s.median), num(lo), num(hi)),
            _ => num(s.median),
        },
    }
}

fn flag(r: &Row) -> &'static str {
    match r.differs() {
        Some(true) => "*",
        Some(false) => "",
        None if r.a.is_some() && r.b.is_some() => "?",
        None => "",
    }
}

#[derive(Serialize)]
struct JsonOut<'a> {
    schema: &'static str,
    schema_version: u32,
    a: &'a About,
    b: &'a About,
    rows: Vec<JsonRow<'a>>,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    #[serde(flatten)]
    row: &'a Row,
    ratio: Option<f64>,
    differs: Option<bool>,
}

pub const USAGE: &str = "gmkit bench compare A.json B.json [--json | --markdown]";

/// `gmkit bench compare …` (the arguments after `compare`).
pub fn run(args: &[String]) -> Result<i32, Usage> {
    let a = crate::Args::parse(args, &["--json", "--markdown"], &[])?;
    let [fa, fb] = a.positional.as_slice() else {
        return Err(Usage(format!(
            "compare takes two reports (`{USAGE}`), not {}",
            a.positional.len()
        )));
    };
    if a.flag("--json") && a.flag("--markdown") {
        return Err(Usage("--json and --markdown exclude each other".into()));
    }
    let (ra, rb) = match (load(fa), load(fb)) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("gmkit bench compare: {e}");
            return Ok(2);
        }
    };
    let rows = matched(&ra, &rb);
    let out = if a.flag("--json") {
        let j = JsonOut {
            schema: "gmkit-bench-compare",
            schema_version: 1,
            a: &ra.about,
            b: &rb.about,
            rows: rows
                .iter()
                .map(|r| JsonRow {
                    row: r,
                    ratio: r.ratio(),
                    differs: r.differs(),
                })
                .collect(),
        };
        match serde_json::to_string_pretty(&j) {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("gmkit bench compare: {e}");
                return Ok(1);
            }
        }
    } else {
        render(&ra.about, &rb.about, &rows, a.flag("--markdown"))
    };
    Ok(super::write_stdout(&out))
}

fn render(a: &About, b: &About, rows: &[Row], markdown: bool) -> String {
    let mut s = String::new();
    for (tag, x) in [("A", a), ("B", b)] {
        let load = x
            .load
            .map_or(String::new(), |l| format!(", load {l:.2} at the start"));
        let line = format!(
            "{tag}: {} — gmkit {} (commit {}), {}, {} cores, {}, {}; started {}{load}",
            x.file, x.version, x.commit, x.cpu, x.cores, x.os, x.rustc, x.start_time
        );
        if markdown {
            s += &format!("- {line}\n");
        } else {
            s += &line;
            s.push('\n');
        }
    }
    let both = rows.iter().filter(|r| r.a.is_some() && r.b.is_some());
    let differ = both.clone().filter(|r| r.differs() == Some(true)).count();
    let summary = format!(
        "{} rows in both, {differ} differ by more than their spreads (*){}; {} only in A, {} \
         only in B. B/A above 1: B is faster.",
        both.count(),
        if rows.iter().any(|r| flag(r) == "?") {
            ", ? = a report without spreads (schema 1)"
        } else {
            ""
        },
        rows.iter().filter(|r| r.b.is_none()).count(),
        rows.iter().filter(|r| r.a.is_none()).count(),
    );
    let cells = |r: &Row| -> [String; 8] {
        [
            r.operation.clone(),
            size(r),
            r.threads.to_string(),
            cell(&r.a),
            cell(&r.b),
            r.ratio().map_or("-".into(), |x| format!("{x:.2}")),
            flag(r).to_string(),
            r.unit.clone(),
        ]
    };
    let head = ["operation", "size", "threads", "A", "B", "B/A", "", "unit"];
    if markdown {
        s += &format!("\n{summary}\n\n| {} |\n", head.join(" | "));
        s += "|---|---:|---:|---:|---:|---:|:-:|---|\n";
        for r in rows {
            s += &format!("| {} |\n", cells(r).join(" | "));
        }
    } else {
        let body: Vec<[String; 8]> = rows.iter().map(cells).collect();
        let mut w = [0usize; 8];
        for r in std::iter::once(&head.map(str::to_string)).chain(&body) {
            for (w, c) in w.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        s.push('\n');
        for r in std::iter::once(&head.map(str::to_string)).chain(&body) {
            let mut line = String::new();
            for (i, (c, w)) in r.iter().zip(w).enumerate() {
                let pad = " ".repeat(w - c.chars().count());
                if i == 0 || i == 7 {
                    line += &format!("{c}{pad}  ");
                } else {
                    line += &format!("{pad}{c}  ");
                }
            }
            s += line.trim_end();
            s.push('\n');
        }
        s += &format!("\n{summary}\n");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(median: f64, min: f64, max: f64) -> Option<Side> {
        Some(Side {
            median,
            min: Some(min),
            max: Some(max),
            backend: "soft".into(),
        })
    }

    fn row(a: Option<Side>, b: Option<Side>) -> Row {
        Row {
            operation: "sm2-sign".into(),
            bytes: 32,
            messages: 1,
            threads: 1,
            unit: "ops/s".into(),
            key: ("sm2-sign".into(), 32, 1, 1),
            a,
            b,
        }
    }

    #[test]
    fn flags_only_disjoint_spreads() {
        let r = row(side(100.0, 95.0, 105.0), side(104.0, 101.0, 110.0));
        assert_eq!(r.differs(), Some(false));
        assert!((r.ratio().unwrap() - 1.04).abs() < 1e-12);
        let r = row(side(100.0, 95.0, 105.0), side(120.0, 110.0, 130.0));
        assert_eq!(r.differs(), Some(true));
        let r = row(side(100.0, 95.0, 105.0), side(80.0, 70.0, 90.0));
        assert_eq!(r.differs(), Some(true));
        let mut v1 = side(100.0, 0.0, 0.0);
        if let Some(s) = v1.as_mut() {
            s.min = None;
            s.max = None;
        }
        let r = row(v1, side(120.0, 110.0, 130.0));
        assert_eq!((r.differs(), flag(&r)), (None, "?"));
        let r = row(side(1.0, 1.0, 1.0), None);
        assert_eq!((r.differs(), r.ratio(), flag(&r)), (None, None, ""));
    }
}

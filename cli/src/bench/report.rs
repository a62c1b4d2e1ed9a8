//! The report: text (one table per thread count), Markdown, JSON (schema `gmkit-bench`, version
//! [`SCHEMA_VERSION`], documented in the README) and the HTML page of [`super::html`].

use serde::Serialize;

use super::measure::{Measured, SLICES};
use super::ops::{Op, Unit, size_label};
use super::peers::Peers;
use crate::host::{Build, Machine};

/// Version of the JSON layout. 1: the first (rows without spread); 2: build, machine, start and
/// end time, spread and samples per row, threading, scaling, peers.
pub const SCHEMA_VERSION: u32 = 2;

/// How the budget was set.
#[derive(Clone, Debug, Serialize)]
pub struct BudgetInfo {
    /// `quick`, `default` (a fixed share per row) or `seconds` (`--seconds`, shared out).
    pub mode: &'static str,
    /// The time the rows were given in all (the shares; building workloads and OpenSSL come on
    /// top).
    pub planned_seconds: f64,
    /// Each row's share: warm-up and the timed slices.
    pub share_seconds: f64,
}

/// The machine's load averages (1, 5, 15 minutes) around the run.
#[derive(Clone, Debug, Serialize)]
pub struct LoadAverage {
    pub start: Option<[f64; 3]>,
    pub end: Option<[f64; 3]>,
}

impl LoadAverage {
    /// `0.12 at the start, 2.05 at the end (1-minute load averages)`, and a warning when other
    /// work was running as the run began (a 1-minute load of 0.5 or more before gmkit's own
    /// threads started).
    pub fn label(&self, cores: usize) -> String {
        let one =
            |l: &Option<[f64; 3]>| l.map_or("unknown".to_string(), |l| format!("{:.2}", l[0]));
        let mut s = format!(
            "{} at the start, {} at the end (1-minute load averages; {cores} core{})",
            one(&self.start),
            one(&self.end),
            if cores == 1 { "" } else { "s" }
        );
        if self.start.is_some_and(|l| l[0] >= 0.5) {
            s += "; other work was running: throughput and thread scaling are understated";
        }
        s
    }
}

/// Everything a report shows.
pub struct Run<'a> {
    pub build: Build,
    pub machine: Machine,
    pub command: String,
    pub start_time: String,
    pub end_time: String,
    pub seconds_taken: f64,
    /// The load averages just before the first row and just after the last.
    pub load: LoadAverage,
    pub budget: BudgetInfo,
    pub thread_counts: Vec<usize>,
    pub sizes: Vec<usize>,
    /// Every operation measured; [`Measured::op`] indexes it.
    pub ops: Vec<&'a Op>,
    /// The pairs, as indices into `ops`: (SM, international).
    pub pairs: Vec<(usize, Option<usize>)>,
    pub results: Vec<Measured>,
    pub peers: Option<Peers>,
}

/// A comparison of both sides of a pair on one thread count.
pub struct Comparison<'r> {
    pub sm: &'r Op,
    pub intl: Option<&'r Op>,
    pub threads: usize,
    pub sm_row: &'r Measured,
    pub intl_row: Option<&'r Measured>,
}

impl Comparison<'_> {
    /// SM / intl, from the medians.
    pub fn ratio(&self) -> Option<f64> {
        self.intl_row.map(|i| self.sm_row.median / i.median)
    }

    /// The ratio's range from the spreads: slowest SM over fastest intl, and the reverse.
    pub fn ratio_range(&self) -> Option<(f64, f64)> {
        self.intl_row
            .map(|i| (self.sm_row.min / i.max, self.sm_row.max / i.min))
    }
}

/// Thread scaling of one operation: a row beside the same operation on the fewest threads.
pub struct Scaling<'r> {
    pub op: &'r Op,
    pub base_threads: usize,
    pub threads: usize,
    /// Throughput on `threads` over throughput on `base_threads` (medians).
    pub speedup: f64,
    /// `speedup / (threads / base_threads)`: 1 is perfect scaling.
    pub efficiency: f64,
}

impl<'a> Run<'a> {
    pub fn row(&self, op: usize, threads: usize) -> Option<&Measured> {
        self.results
            .iter()
            .find(|r| r.op == op && r.threads == threads)
    }

    /// Pair by pair (report order), thread count by thread count.
    pub fn comparisons(&self) -> Vec<Comparison<'_>> {
        let mut v = Vec::new();
        for &th in &self.thread_counts {
            for &(sm, intl) in &self.pairs {
                let Some(sm_row) = self.row(sm, th) else {
                    continue;
                };
                v.push(Comparison {
                    sm: self.ops[sm],
                    intl: intl.map(|i| self.ops[i]),
                    threads: th,
                    sm_row,
                    intl_row: intl.and_then(|i| self.row(i, th)),
                });
            }
        }
        v
    }

    /// Every operation on every thread count above the smallest.
    pub fn scaling(&self) -> Vec<Scaling<'_>> {
        let Some(&base) = self.thread_counts.iter().min() else {
            return Vec::new();
        };
        let mut v = Vec::new();
        for (i, op) in self.ops.iter().enumerate() {
            let Some(b) = self.row(i, base) else {
                continue;
            };
            for &th in self.thread_counts.iter().filter(|&&t| t > base) {
                if let Some(r) = self.row(i, th) {
                    let speedup = r.median / b.median;
                    v.push(Scaling {
                        op,
                        base_threads: base,
                        threads: th,
                        speedup,
                        efficiency: speedup * base as f64 / th as f64,
                    });
                }
            }
        }
        v
    }

    /// The largest size an operation is measured at, per operation name (the scaling summary
    /// and the ratio chart use it).
    pub fn largest(&self, op: &Op) -> bool {
        self.ops
            .iter()
            .filter(|o| o.name == op.name)
            .all(|o| o.bytes <= op.bytes)
    }

    /// The implementations behind each operation name, once each.
    pub fn implementations(&self) -> Vec<(&'static str, &'static str)> {
        let mut v: Vec<(&str, &str)> = Vec::new();
        for op in &self.ops {
            if !v.iter().any(|(n, _)| *n == op.name) {
                v.push((op.name, op.implementation));
            }
        }
        v
    }

    pub fn header(&self) -> String {
        format!(
            "gmkit {} bench on {} ({}, {} core{})",
            self.build.label(),
            self.machine.cpu.as_deref().unwrap_or("unknown CPU"),
            self.machine.arch,
            self.machine.cores,
            if self.machine.cores == 1 { "" } else { "s" }
        )
    }

    /// The lines describing the run (build, machine, OS, budget), for text and Markdown.
    pub fn description(&self) -> Vec<(&'static str, String)> {
        let m = &self.machine;
        let b = &self.build;
        vec![
            ("cpu", format!("{}, {}", m.cpu_label(), m.arch)),
            ("cpu features", m.features_label()),
            (
                "cores",
                format!("{} (threads: {})", m.cores, list(&self.thread_counts)),
            ),
            ("os", format!("{}, {}", m.os, m.kernel)),
            ("load", self.load.label(m.cores)),
            (
                "gmkit",
                format!(
                    "{} {} (commit date {}, modified: {})",
                    b.version, b.commit, b.commit_date, b.dirty
                ),
            ),
            (
                "compiler",
                format!("{}, {}, {}", b.rustc, b.target, b.flags_label()),
            ),
            (
                "run",
                format!(
                    "`{}` started {}, {:.0} s; budget {} ({:.3} s per row, {:.0} s planned); each row: \
                     warm-up, then {SLICES} slices: median [slowest, fastest]",
                    self.command,
                    self.start_time,
                    self.seconds_taken,
                    self.budget.mode,
                    self.budget.share_seconds,
                    self.budget.planned_seconds
                ),
            ),
        ]
    }
}

fn list(v: &[usize]) -> String {
    v.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A number with 3–4 significant digits.
pub fn num(v: f64) -> String {
    if v >= 1000.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

pub fn rate(v: f64, unit: Unit) -> String {
    format!("{} {}", num(v), unit.name())
}

/// `3450 [3301, 3502] MB/s`.
pub fn spread(r: &Measured, unit: Unit) -> String {
    format!(
        "{} [{}, {}] {}",
        num(r.median),
        num(r.min),
        num(r.max),
        unit.name()
    )
}

fn threads_label(threads: usize) -> String {
    if threads == 1 {
        "single core (1 thread)".into()
    } else {
        format!("{threads} threads")
    }
}

const NOTES: &str = "MB/s = 10^6 bytes per second; [slowest, fastest] of the timed slices. \
     ratio = SM / intl (above 1: the SM side is faster). scaling: throughput on N threads over \
     the fewest threads, per thread (1 = perfect). threading: `copies` runs one independent copy \
     per thread, `library` one call of gmkit's all-core form (feature `parallel`) on a pool of N \
     threads.";

/// Left-aligned columns `left`, the others right-aligned; one line per row.
fn table(head: &[&str], rows: &[Vec<String>], left: &[usize]) -> String {
    let mut w: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in w.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let head: Vec<String> = head.iter().map(|h| h.to_string()).collect();
    let mut s = String::new();
    for r in std::iter::once(&head).chain(rows) {
        let mut line = String::from(" ");
        for (i, (c, w)) in r.iter().zip(&w).enumerate() {
            let pad = " ".repeat(w - c.chars().count());
            line += " ";
            if left.contains(&i) {
                line += c;
                line += &pad;
            } else {
                line += &pad;
                line += c;
            }
            line += " ";
        }
        s += line.trim_end();
        s += "\n";
    }
    s
}

fn pair_label(c: &Comparison<'_>) -> String {
    match c.intl {
        Some(i) => format!("{} vs {}", c.sm.name, i.name),
        None => c.sm.name.to_string(),
    }
}

pub fn text(run: &Run<'_>) -> String {
    let mut s = run.header() + "\n";
    for (k, v) in run.description() {
        s += &format!("{k}: {v}\n");
    }
    if run.build.debug_assertions {
        s += "note: this binary has debug assertions on; build with --release for representative numbers\n";
    }
    let comparisons = run.comparisons();
    for &th in &run.thread_counts {
        s += &format!("\n{}\n", threads_label(th));
        let rows: Vec<Vec<String>> = comparisons
            .iter()
            .filter(|c| c.threads == th)
            .map(|c| {
                vec![
                    pair_label(c),
                    c.sm.size_label(),
                    spread(c.sm_row, c.sm.unit),
                    c.intl_row.map_or("-".into(), |r| spread(r, c.sm.unit)),
                    c.ratio().map_or("-".into(), |r| format!("{r:.2}")),
                    match c.intl_row {
                        Some(i) => format!("{} / {}", c.sm_row.backend, i.backend),
                        None => c.sm_row.backend.clone(),
                    },
                ]
            })
            .collect();
        s += &table(
            &[
                "operation",
                "size",
                "SM",
                "intl",
                "ratio",
                "backends (SM / intl)",
            ],
            &rows,
            &[0, 5],
        );
    }
    let scaling: Vec<Vec<String>> = run
        .scaling()
        .iter()
        .filter(|x| run.largest(x.op))
        .map(|x| {
            vec![
                x.op.name.to_string(),
                x.op.size_label(),
                x.op.threading.name().to_string(),
                format!("{} → {}", x.base_threads, x.threads),
                format!("{:.2}×", x.speedup),
                format!("{:.2}", x.efficiency),
            ]
        })
        .collect();
    if !scaling.is_empty() {
        s += "\nthread scaling (each operation at its largest size; every size in --json)\n";
        s += &table(
            &[
                "operation",
                "size",
                "threading",
                "threads",
                "speedup",
                "efficiency",
            ],
            &scaling,
            &[0, 2],
        );
    }
    if let Some(p) = &run.peers {
        s += &format!("\n{}\n", p.title());
        let rows: Vec<Vec<String>> = p
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.operation.clone(),
                    size_label(r.bytes, 1),
                    rate(r.throughput, r.unit),
                    r.gmkit.map_or("-".into(), |g| rate(g, r.unit)),
                    r.ratio().map_or("-".into(), |x| format!("{x:.2}")),
                    r.algorithm.clone(),
                ]
            })
            .collect();
        s += &table(
            &[
                "operation",
                "size",
                "openssl",
                "gmkit (1 thread)",
                "gmkit/openssl",
                "openssl algorithm",
            ],
            &rows,
            &[0, 5],
        );
        for n in &p.notes {
            s += &format!("note: {n}\n");
        }
    }
    s += "\n";
    s += NOTES;
    s += "\nimplementations:\n";
    let impls = run.implementations();
    let w = impls.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for (name, implementation) in impls {
        s += &format!("  {name:<w$}  {implementation}\n");
    }
    s
}

pub fn markdown(run: &Run<'_>) -> String {
    let mut s = format!("### {}\n\n", run.header());
    for (k, v) in run.description() {
        s += &format!("- {k}: {v}\n");
    }
    if run.build.debug_assertions {
        s += "- note: debug-assertion build\n";
    }
    s += "\n| Operation | Size | Threads | SM | Intl | SM/intl | SM backend | Intl backend |\n";
    s += "|---|---:|---:|---:|---:|---:|---|---|\n";
    for c in run.comparisons() {
        s += &format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            pair_label(&c),
            c.sm.size_label(),
            c.threads,
            spread(c.sm_row, c.sm.unit),
            c.intl_row.map_or("–".into(), |r| spread(r, c.sm.unit)),
            c.ratio().map_or("–".into(), |r| format!("{r:.2}")),
            c.sm_row.backend,
            c.intl_row.map_or("–", |r| r.backend.as_str()),
        );
    }
    let scaling = run.scaling();
    if !scaling.is_empty() {
        s += "\n| Operation | Size | Threading | Threads | Speedup | Efficiency |\n";
        s += "|---|---:|---|---:|---:|---:|\n";
        for x in scaling.iter().filter(|x| run.largest(x.op)) {
            s += &format!(
                "| {} | {} | {} | {} → {} | {:.2}× | {:.2} |\n",
                x.op.name,
                x.op.size_label(),
                x.op.threading.name(),
                x.base_threads,
                x.threads,
                x.speedup,
                x.efficiency
            );
        }
    }
    if let Some(p) = &run.peers {
        s += &format!(
            "\n{}\n\n| Operation | Size | OpenSSL | gmkit | gmkit/OpenSSL | OpenSSL algorithm |\n",
            p.title()
        );
        s += "|---|---:|---:|---:|---:|---|\n";
        for r in &p.rows {
            s += &format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                r.operation,
                size_label(r.bytes, 1),
                rate(r.throughput, r.unit),
                r.gmkit.map_or("–".into(), |g| rate(g, r.unit)),
                r.ratio().map_or("–".into(), |x| format!("{x:.2}")),
                r.algorithm
            );
        }
        for n in &p.notes {
            s += &format!("\nNote: {n}\n");
        }
    }
    s += "\n";
    s += NOTES;
    s += "\n\n";
    for (name, implementation) in run.implementations() {
        s += &format!("- `{name}`: {implementation}\n");
    }
    s
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema: &'static str,
    schema_version: u32,
    // Schema 1 fields, kept.
    version: &'a str,
    cpu: Option<&'a str>,
    arch: &'a str,
    features: &'a [&'static str],
    cores: usize,
    budget_seconds: f64,
    command: &'a str,
    debug_build: bool,
    slices: usize,
    // Schema 2.
    start_time: &'a str,
    end_time: &'a str,
    seconds_taken: f64,
    load_average: &'a LoadAverage,
    budget: &'a BudgetInfo,
    build: &'a Build,
    machine: &'a Machine,
    threads: &'a [usize],
    sizes: &'a [usize],
    rows: Vec<JsonRow<'a>>,
    comparisons: Vec<JsonComparison<'a>>,
    scaling: Vec<JsonScaling<'a>>,
    peers: Option<&'a Peers>,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    operation: &'a str,
    implementation: &'a str,
    backend: &'a str,
    bytes: usize,
    messages: usize,
    threads: usize,
    threading: &'a str,
    unit: &'a str,
    /// The median (schema 1's only figure).
    throughput: f64,
    median: f64,
    min: f64,
    max: f64,
    samples: &'a [f64],
}

#[derive(Serialize)]
struct JsonComparison<'a> {
    sm: &'a str,
    intl: &'a str,
    bytes: usize,
    messages: usize,
    threads: usize,
    ratio: f64,
    ratio_min: f64,
    ratio_max: f64,
}

#[derive(Serialize)]
struct JsonScaling<'a> {
    operation: &'a str,
    bytes: usize,
    messages: usize,
    threading: &'a str,
    base_threads: usize,
    threads: usize,
    speedup: f64,
    efficiency: f64,
}

pub fn json(run: &Run<'_>) -> Result<String, String> {
    let rows = run
        .results
        .iter()
        .map(|r| {
            let op = run.ops[r.op];
            JsonRow {
                operation: op.name,
                implementation: op.implementation,
                backend: &r.backend,
                bytes: op.bytes,
                messages: op.messages,
                threads: r.threads,
                threading: op.threading.name(),
                unit: op.unit.name(),
                throughput: r.median,
                median: r.median,
                min: r.min,
                max: r.max,
                samples: &r.samples,
            }
        })
        .collect();
    let comparisons = run
        .comparisons()
        .iter()
        .filter_map(|c| {
            let (lo, hi) = c.ratio_range()?;
            Some(JsonComparison {
                sm: c.sm.name,
                intl: c.intl?.name,
                bytes: c.sm.bytes,
                messages: c.sm.messages,
                threads: c.threads,
                ratio: c.ratio()?,
                ratio_min: lo,
                ratio_max: hi,
            })
        })
        .collect();
    let scaling = run
        .scaling()
        .iter()
        .map(|x| JsonScaling {
            operation: x.op.name,
            bytes: x.op.bytes,
            messages: x.op.messages,
            threading: x.op.threading.name(),
            base_threads: x.base_threads,
            threads: x.threads,
            speedup: x.speedup,
            efficiency: x.efficiency,
        })
        .collect();
    let report = JsonReport {
        schema: "gmkit-bench",
        schema_version: SCHEMA_VERSION,
        version: run.build.version,
        cpu: run.machine.cpu.as_deref(),
        arch: run.machine.arch,
        features: &run.machine.features,
        cores: run.machine.cores,
        budget_seconds: run.budget.planned_seconds,
        command: &run.command,
        debug_build: run.build.debug_assertions,
        slices: SLICES,
        start_time: &run.start_time,
        end_time: &run.end_time,
        seconds_taken: run.seconds_taken,
        load_average: &run.load,
        budget: &run.budget,
        build: &run.build,
        machine: &run.machine,
        threads: &run.thread_counts,
        sizes: &run.sizes,
        rows,
        comparisons,
        scaling,
        peers: run.peers.as_ref(),
    };
    let mut s = serde_json::to_string_pretty(&report).map_err(|e| format!("JSON report: {e}"))?;
    s.push('\n');
    Ok(s)
}

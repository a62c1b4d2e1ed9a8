//! The report: text (one table per thread count), Markdown (one table, for a README) or JSON.

use serde::Serialize;

use super::measure::{Measured, SLICES, Side};
use super::ops::{Op, Pair, Unit};

/// What the numbers were measured on.
pub struct Machine {
    pub version: &'static str,
    pub cpu: Option<String>,
    pub arch: &'static str,
    pub features: Vec<&'static str>,
    pub cores: usize,
    pub seconds: f64,
    /// The command line that produced the report.
    pub command: String,
    /// Built with debug assertions (a debug or test build): the numbers understate a release build.
    pub debug_build: bool,
}

impl Machine {
    pub fn this(cores: usize, seconds: f64, command: String) -> Machine {
        Machine {
            version: env!("CARGO_PKG_VERSION"),
            cpu: cpu_model(),
            arch: gmkit::cpu::ARCH,
            features: gmkit::cpu::features_seen()
                .iter()
                .filter(|(_, present)| present())
                .map(|(name, _)| *name)
                .collect(),
            cores,
            seconds,
            command,
            debug_build: cfg!(debug_assertions),
        }
    }

    fn cpu_label(&self) -> &str {
        self.cpu.as_deref().unwrap_or("unknown CPU")
    }

    fn features_label(&self) -> String {
        if self.features.is_empty() {
            "-".into()
        } else {
            self.features.join(" ")
        }
    }
}

/// The CPU's name from /proc/cpuinfo (`model name` on x86, `Hardware` or `Model` elsewhere).
fn cpu_model() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    ["model name", "Hardware", "Model"].iter().find_map(|key| {
        info.lines().find_map(|line| {
            let (k, v) = line.split_once(':')?;
            let v = v.trim();
            (k.trim() == *key && !v.is_empty()).then(|| v.to_string())
        })
    })
}

/// One comparison: a pair on a thread count, both sides measured.
struct Line<'a> {
    sm: &'a Op,
    intl: &'a Op,
    threads: usize,
    sm_row: &'a Measured,
    intl_row: &'a Measured,
}

impl Line<'_> {
    fn ratio(&self) -> f64 {
        self.sm_row.throughput / self.intl_row.throughput
    }
}

fn lines<'a>(pairs: &'a [Pair], results: &'a [Measured]) -> Vec<Line<'a>> {
    results
        .iter()
        .filter(|r| r.side == Side::Sm)
        .filter_map(|sm_row| {
            let intl_row = results.iter().find(|r| {
                r.side == Side::Intl && r.pair == sm_row.pair && r.threads == sm_row.threads
            })?;
            Some(Line {
                sm: &pairs[sm_row.pair].sm,
                intl: &pairs[sm_row.pair].intl,
                threads: sm_row.threads,
                sm_row,
                intl_row,
            })
        })
        .collect()
}

fn rate(v: f64, unit: Unit) -> String {
    let n = if v >= 1000.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    };
    format!("{n} {}", unit.name())
}

fn threads_label(threads: usize) -> String {
    if threads == 1 {
        "single core (1 thread)".into()
    } else {
        format!("all cores ({threads} threads)")
    }
}

fn header(m: &Machine) -> String {
    format!(
        "gmkit {} bench on {} ({}, {} core{})",
        m.version,
        m.cpu_label(),
        m.arch,
        m.cores,
        if m.cores == 1 { "" } else { "s" }
    )
}

/// The implementations behind each operation name, once each.
fn implementations(pairs: &[Pair]) -> Vec<(&'static str, &'static str)> {
    let mut v: Vec<(&str, &str)> = Vec::new();
    for p in pairs {
        for op in [&p.sm, &p.intl] {
            if !v.iter().any(|(n, _)| *n == op.name) {
                v.push((op.name, op.implementation));
            }
        }
    }
    v
}

const NOTES: &str =
    "MB/s = 10^6 bytes per second. ratio = SM / intl (above 1: the SM side is faster).";

pub fn text(m: &Machine, pairs: &[Pair], results: &[Measured]) -> String {
    let mut s = header(m) + "\n";
    s += &format!("cpu features: {}\n", m.features_label());
    s += &format!(
        "`{}`: budget {} s; each row: warm-up, then the median of {SLICES} slices\n",
        m.command, m.seconds
    );
    if m.debug_build {
        s += "note: this binary has debug assertions on; build with --release for representative numbers\n";
    }
    let lines = lines(pairs, results);
    let mut threads: Vec<usize> = lines.iter().map(|l| l.threads).collect();
    threads.dedup();
    for th in threads {
        s += &format!("\n{}\n", threads_label(th));
        let rows: Vec<[String; 6]> = lines
            .iter()
            .filter(|l| l.threads == th)
            .map(|l| {
                [
                    format!("{} vs {}", l.sm.name, l.intl.name),
                    l.sm.size_label(),
                    rate(l.sm_row.throughput, l.sm.unit),
                    rate(l.intl_row.throughput, l.intl.unit),
                    format!("{:.2}", l.ratio()),
                    format!("{} / {}", l.sm_row.backend, l.intl_row.backend),
                ]
            })
            .collect();
        let head = [
            "operation".to_string(),
            "size".into(),
            "SM".into(),
            "intl".into(),
            "ratio".into(),
            "backends (SM / intl)".into(),
        ];
        let mut w = [0usize; 6];
        for r in std::iter::once(&head).chain(&rows) {
            for (w, c) in w.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        for r in std::iter::once(&head).chain(&rows) {
            // Names and backends left-aligned, numbers right-aligned.
            let mut line = String::from(" ");
            for (i, (c, w)) in r.iter().zip(w).enumerate() {
                let pad = " ".repeat(w - c.chars().count());
                line += " ";
                if i == 0 || i == 5 {
                    line += c;
                    if i != 5 {
                        line += &pad;
                    }
                } else {
                    line += &pad;
                    line += c;
                }
                line += " ";
            }
            s += line.trim_end();
            s += "\n";
        }
    }
    s += "\n";
    s += NOTES;
    s += "\nimplementations:\n";
    let impls = implementations(pairs);
    let w = impls.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for (name, implementation) in impls {
        s += &format!("  {name:<w$}  {implementation}\n");
    }
    s
}

pub fn markdown(m: &Machine, pairs: &[Pair], results: &[Measured]) -> String {
    let mut s = format!("### {}\n\n", header(m));
    s += &format!(
        "`{}` ({} s budget), CPU features: {}",
        m.command,
        m.seconds,
        m.features_label()
    );
    if m.debug_build {
        s += " (debug-assertion build)";
    }
    s += "\n\n";
    s += "| Operation | Size | Threads | SM | Intl | SM/intl | SM backend | Intl backend |\n";
    s += "|---|---:|---:|---:|---:|---:|---|---|\n";
    for l in lines(pairs, results) {
        s += &format!(
            "| {} vs {} | {} | {} | {} | {} | {:.2} | {} | {} |\n",
            l.sm.name,
            l.intl.name,
            l.sm.size_label(),
            l.threads,
            rate(l.sm_row.throughput, l.sm.unit),
            rate(l.intl_row.throughput, l.intl.unit),
            l.ratio(),
            l.sm_row.backend,
            l.intl_row.backend,
        );
    }
    s += "\n";
    s += NOTES;
    s += "\n\n";
    for (name, implementation) in implementations(pairs) {
        s += &format!("- `{name}`: {implementation}\n");
    }
    s
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: &'a str,
    cpu: Option<&'a str>,
    arch: &'a str,
    features: &'a [&'static str],
    cores: usize,
    budget_seconds: f64,
    command: &'a str,
    debug_build: bool,
    slices: usize,
    rows: Vec<JsonRow<'a>>,
    comparisons: Vec<JsonComparison<'a>>,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    operation: &'a str,
    implementation: &'a str,
    backend: &'a str,
    bytes: usize,
    messages: usize,
    threads: usize,
    throughput: f64,
    unit: &'a str,
}

#[derive(Serialize)]
struct JsonComparison<'a> {
    sm: &'a str,
    intl: &'a str,
    bytes: usize,
    threads: usize,
    ratio: f64,
}

pub fn json(m: &Machine, pairs: &[Pair], results: &[Measured]) -> Result<String, String> {
    let rows = results
        .iter()
        .map(|r| {
            let op = match r.side {
                Side::Sm => &pairs[r.pair].sm,
                Side::Intl => &pairs[r.pair].intl,
            };
            JsonRow {
                operation: op.name,
                implementation: op.implementation,
                backend: &r.backend,
                bytes: op.bytes,
                messages: op.messages,
                threads: r.threads,
                throughput: r.throughput,
                unit: op.unit.name(),
            }
        })
        .collect();
    let comparisons = lines(pairs, results)
        .iter()
        .map(|l| JsonComparison {
            sm: l.sm.name,
            intl: l.intl.name,
            bytes: l.sm.bytes,
            threads: l.threads,
            ratio: l.ratio(),
        })
        .collect();
    let report = JsonReport {
        version: m.version,
        cpu: m.cpu.as_deref(),
        arch: m.arch,
        features: &m.features,
        cores: m.cores,
        budget_seconds: m.seconds,
        command: &m.command,
        debug_build: m.debug_build,
        slices: SLICES,
        rows,
        comparisons,
    };
    let mut s = serde_json::to_string_pretty(&report).map_err(|e| format!("JSON report: {e}"))?;
    s.push('\n');
    Ok(s)
}

//! `--html FILE`: the report as one self-contained page — inline CSS and inline SVG charts
//! (throughput against message size per operation, SM / international ratios, thread scaling),
//! the tables, no script and nothing fetched from anywhere.

use std::fmt::Write as _;

use super::ops::Op;
use super::report::{Run, num, rate, spread};

/// `s` with `&`, `<`, `>` and `"` escaped, for text and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

const SM_COLOR: &str = "#b03a2e";
const INTL_COLOR: &str = "#1f618d";

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:72em;\
color:#222;padding:0 1em}h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}\
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px}\
td{text-align:right;font-variant-numeric:tabular-nums}td.l{text-align:left}\
th{background:#f2f2f2}\
dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{font-weight:600}\
dd{margin:0}.charts{display:flex;flex-wrap:wrap;gap:10px}svg{background:#fcfcfc;\
border:1px solid #ddd}svg text{font:11px system-ui,sans-serif}.note{color:#555}";

/// The page.
pub fn page(run: &Run<'_>) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n<h1>{}</h1>\n<dl>",
        esc(&run.header()),
        esc(&run.header())
    );
    for (k, v) in run.description() {
        let _ = write!(s, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v));
    }
    s += "</dl>\n";
    if run.build.debug_assertions {
        s += "<p class=\"note\">This binary has debug assertions on: build with --release for \
              representative numbers.</p>\n";
    }

    s += "<h2>Throughput against message size</h2>\n<p class=\"note\">Median of the timed \
          slices; solid: one thread, dashed: the most threads; red: SM, blue: international \
          counterpart. Sizes on a log scale.</p>\n<div class=\"charts\">\n";
    for (sm, intl) in families(run) {
        s += &size_chart(run, &sm, intl.as_deref());
    }
    s += "</div>\n";

    s += "<h2>SM / international ratio</h2>\n<p class=\"note\">Median SM throughput over the \
          counterpart's, one thread, each pair at its largest size (log scale; right of 1×: \
          the SM side is faster).</p>\n";
    s += &ratio_chart(run);

    let scaling = run.scaling();
    if !scaling.is_empty() {
        s += "<h2>Thread scaling</h2>\n<p class=\"note\">Efficiency = throughput on N threads \
              / (N × throughput on one thread), each operation at its largest size; 1 is \
              perfect. Lines at 0.75 and 1.</p>\n";
        s += &scaling_chart(run);
    }

    s += "<h2>All rows</h2>\n<table><tr><th>operation</th><th>size</th><th>threads</th>\
          <th>threading</th><th>median [slowest, fastest]</th><th>backend</th>\
          <th>ratio to counterpart</th></tr>\n";
    let comparisons = run.comparisons();
    for r in &run.results {
        let op = run.ops[r.op];
        let ratio = comparisons
            .iter()
            .find(|c| std::ptr::eq(c.sm_row, r))
            .and_then(|c| c.ratio())
            .map_or(String::new(), |x| format!("{x:.2}"));
        let _ = writeln!(
            s,
            "<tr><td class=l>{}<td>{}<td>{}<td class=l>{}<td>{}<td class=l>{}<td>{ratio}",
            esc(op.name),
            esc(&op.size_label()),
            r.threads,
            op.threading.name(),
            esc(&spread(r, op.unit)),
            esc(&r.backend)
        );
    }
    s += "</table>\n";

    if let Some(p) = &run.peers {
        let _ = write!(
            s,
            "<h2>{}</h2>\n<table><tr><th>operation</th><th>size</th><th>OpenSSL</th>\
             <th>gmkit (1 thread)</th><th>gmkit / OpenSSL</th><th>OpenSSL algorithm</th></tr>\n",
            esc(&p.title())
        );
        for r in &p.rows {
            let _ = writeln!(
                s,
                "<tr><td class=l>{}<td>{} B<td>{}<td>{}<td>{}<td class=l>{}",
                esc(&r.operation),
                r.bytes,
                esc(&rate(r.throughput, r.unit)),
                r.gmkit.map_or("–".into(), |g| esc(&rate(g, r.unit))),
                r.ratio().map_or("–".into(), |x| format!("{x:.2}")),
                esc(&r.algorithm)
            );
        }
        s += "</table>\n";
        for n in &p.notes {
            let _ = writeln!(s, "<p class=\"note\">{}</p>", esc(n));
        }
    }

    s += "<h2>Implementations</h2>\n<ul>";
    for (name, implementation) in run.implementations() {
        let _ = write!(
            s,
            "<li><code>{}</code>: {}</li>",
            esc(name),
            esc(implementation)
        );
    }
    s += "</ul>\n</body></html>\n";
    s
}

/// The operation names measured at more than one size, with their counterpart's name.
fn families(run: &Run<'_>) -> Vec<(String, Option<String>)> {
    let mut v: Vec<(String, Option<String>)> = Vec::new();
    for &(sm, intl) in &run.pairs {
        let name = run.ops[sm].name;
        let sizes = run.ops.iter().filter(|o| o.name == name).count();
        if sizes > 1 && !v.iter().any(|(n, _)| n == name) {
            v.push((name.to_string(), intl.map(|i| run.ops[i].name.to_string())));
        }
    }
    v
}

/// (size, median) of operation `name` on `threads` threads, by size.
fn series(run: &Run<'_>, name: &str, threads: usize) -> Vec<(usize, f64)> {
    let mut v: Vec<(usize, f64)> = run
        .results
        .iter()
        .filter(|r| r.threads == threads && run.ops[r.op].name == name)
        .map(|r| (run.ops[r.op].bytes, r.median))
        .collect();
    v.sort_by_key(|p| p.0);
    v
}

/// The smallest 1, 2, 2.5 or 5 × 10^k at least `x`.
fn nice_step(x: f64) -> f64 {
    let p = 10f64.powf(x.max(1e-9).log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|s| *s >= x)
        .unwrap_or(10.0 * p)
}

/// An axis label on a grid of `step`: the decimals the step needs, the same on every tick
/// (`0`, `500`, `1000`; `0.00`, `0.25`, `0.50`).
fn tick(v: f64, step: f64) -> String {
    let decimals = (-step.max(1e-9).log10()).ceil().max(0.0) as usize;
    // 0.25 needs two: one more when the step is not a whole number of tenths.
    let decimals = if (step * 10f64.powi(decimals as i32)).fract().abs() > 1e-6 {
        decimals + 1
    } else {
        decimals
    };
    format!("{v:.decimals$}")
}

const W: f64 = 340.0;
const H: f64 = 210.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 22.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 30.0;

/// A line of a size chart: operation, colour, dashed (the most threads), points.
type Line<'a> = (&'a str, &'a str, bool, Vec<(usize, f64)>);

fn size_chart(run: &Run<'_>, sm: &str, intl: Option<&str>) -> String {
    let few = run.thread_counts.iter().min().copied().unwrap_or(1);
    let most = run.thread_counts.iter().max().copied().unwrap_or(1);
    let mut lines: Vec<Line<'_>> = Vec::new();
    for (name, color) in std::iter::once((sm, SM_COLOR)).chain(intl.map(|i| (i, INTL_COLOR))) {
        lines.push((name, color, false, series(run, name, few)));
        if most != few {
            lines.push((name, color, true, series(run, name, most)));
        }
    }
    let xs: Vec<usize> = {
        let mut x: Vec<usize> = lines.iter().flat_map(|l| l.3.iter().map(|p| p.0)).collect();
        x.sort_unstable();
        x.dedup();
        x
    };
    let top = lines
        .iter()
        .flat_map(|l| l.3.iter().map(|p| p.1))
        .fold(0.0, f64::max)
        .max(1e-9);
    let step = nice_step(top / 4.0);
    let ymax = (top / step).ceil() * step;
    let (lx0, lx1) = (
        (xs[0] as f64).log2(),
        (xs[xs.len() - 1] as f64)
            .log2()
            .max((xs[0] as f64).log2() + 1.0),
    );
    let px = |n: usize| LEFT + ((n as f64).log2() - lx0) / (lx1 - lx0) * (W - LEFT - RIGHT);
    let py = |v: f64| H - BOTTOM - v / ymax * (H - TOP - BOTTOM);
    let unit = run
        .ops
        .iter()
        .find(|o| o.name == sm)
        .map_or("", |o| o.unit.name());
    let mut s = svg_open(&format!(
        "{sm}{} ({unit})",
        intl.map_or(String::new(), |i| format!(" vs {i}"))
    ));
    // Axes, y grid at round steps.
    let ticks = (ymax / step).round() as u32;
    for k in 0..=ticks {
        let v = step * f64::from(k);
        let y = py(v);
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#e5e5e5\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            W - RIGHT,
            LEFT - 4.0,
            y + 4.0,
            tick(v, step)
        );
    }
    for &n in &xs {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            px(n),
            H - BOTTOM + 14.0,
            size_tick(n)
        );
    }
    for (name, color, dashed, pts) in &lines {
        if pts.is_empty() {
            continue;
        }
        let path: Vec<String> = pts
            .iter()
            .map(|&(n, v)| format!("{:.1},{:.1}", px(n), py(v)))
            .collect();
        let _ = write!(
            s,
            "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{} points=\"{}\">\
             <title>{}</title></polyline>",
            if *dashed {
                " stroke-dasharray=\"5,3\""
            } else {
                ""
            },
            path.join(" "),
            esc(name)
        );
        for &(n, v) in pts {
            let _ = write!(
                s,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{color}\">\
                 <title>{n} B: {}</title></circle>",
                px(n),
                py(v),
                num(v)
            );
        }
    }
    let _ = write!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">bytes</text>",
        (LEFT + W - RIGHT) / 2.0,
        H - 4.0
    );
    s += "</svg>\n";
    s
}

fn size_tick(n: usize) -> String {
    if n >= 1024 && n.is_multiple_of(1024) {
        format!("{}K", n / 1024)
    } else {
        n.to_string()
    }
}

fn svg_open(title: &str) -> String {
    format!(
        "<svg width=\"{W}\" height=\"{H}\" \
         viewBox=\"0 0 {W} {H}\" role=\"img\"><title>{t}</title>\
         <text x=\"{:.1}\" y=\"15\" text-anchor=\"middle\" font-weight=\"600\">{t}</text>",
        W / 2.0,
        t = esc(title)
    )
}

/// Horizontal bars: (label, value, colour); `log`: a log-scale axis around 1.
fn bars(title: &str, items: &[(String, f64, &str)], log: bool, marks: &[f64]) -> String {
    let row_h = 16.0;
    // About 7 px a character at 11 px (wider fonts included).
    let longest = items.iter().map(|i| i.0.chars().count()).max().unwrap_or(0);
    let label_w = (12.0 + 7.0 * longest as f64).clamp(120.0, 460.0);
    let width = label_w + 520.0;
    let height = TOP + row_h * items.len() as f64 + 34.0;
    let tx = |v: f64| if log { v.max(1e-6).log10() } else { v };
    let (lo, hi) = items
        .iter()
        .map(|i| tx(i.1))
        .chain(marks.iter().map(|&m| tx(m)))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    let step = nice_step(hi.max(1e-9) / 5.0);
    let (lo, hi) = if log {
        (
            lo.min(0.0).floor(),
            hi.max(0.0).ceil().max(lo.floor() + 1.0),
        )
    } else {
        (0.0, (hi / step).ceil() * step)
    };
    let x = |v: f64| label_w + (tx(v) - lo) / (hi - lo) * (width - label_w - 60.0);
    let origin = if log { x(1.0) } else { x(0.0) };
    let mut s = format!(
        "<svg width=\"{width}\" height=\"{height:.0}\" \
         viewBox=\"0 0 {width} {height:.0}\" role=\"img\"><title>{t}</title>\
         <text x=\"{:.1}\" y=\"15\" text-anchor=\"middle\" font-weight=\"600\">{t}</text>",
        width / 2.0,
        t = esc(title)
    );
    let bottom = TOP + row_h * items.len() as f64;
    let ticks: Vec<f64> = if log {
        (lo as i32..=hi as i32).map(|e| 10f64.powi(e)).collect()
    } else {
        (0..=(hi / step).round() as u32)
            .map(|k| step * f64::from(k))
            .collect()
    };
    for t in ticks {
        let _ = write!(
            s,
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{TOP}\" y2=\"{bottom:.1}\" stroke=\"#e5e5e5\"/>\
             <text x=\"{0:.1}\" y=\"{1:.1}\" text-anchor=\"middle\">{2}</text>",
            x(t),
            bottom + 14.0,
            if log {
                format!("{}×", num(t))
            } else {
                tick(t, step)
            }
        );
    }
    for &m in marks {
        let _ = write!(
            s,
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{TOP}\" y2=\"{bottom:.1}\" stroke=\"#555\" \
             stroke-dasharray=\"3,3\"/>",
            x(m)
        );
    }
    for (i, (label, v, color)) in items.iter().enumerate() {
        let y = TOP + row_h * i as f64;
        let (a, b) = (origin.min(x(*v)), origin.max(x(*v)));
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{color}\">\
             <title>{}: {}</title></rect><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            label_w - 6.0,
            y + 12.0,
            esc(label),
            y + 2.0,
            (b - a).max(1.0),
            row_h - 4.0,
            esc(label),
            num(*v),
            b + 4.0,
            y + 12.0,
            num(*v)
        );
    }
    s += "</svg>\n";
    s
}

fn ratio_chart(run: &Run<'_>) -> String {
    let few = run.thread_counts.iter().min().copied().unwrap_or(1);
    let items: Vec<(String, f64, &str)> = run
        .comparisons()
        .iter()
        .filter(|c| c.threads == few && run.largest(c.sm))
        .filter_map(|c| {
            let r = c.ratio()?;
            let label = format!("{} / {} ({})", c.sm.name, c.intl?.name, c.sm.size_label());
            Some((label, r, if r >= 1.0 { SM_COLOR } else { INTL_COLOR }))
        })
        .collect();
    if items.is_empty() {
        return "<p class=\"note\">No pair was measured on both sides.</p>\n".into();
    }
    bars("SM / international (one thread)", &items, true, &[1.0])
}

fn scaling_chart(run: &Run<'_>) -> String {
    let items: Vec<(String, f64, &str)> = run
        .scaling()
        .iter()
        .filter(|x| run.largest(x.op))
        .map(|x| {
            let color = if is_sm(x.op) { SM_COLOR } else { INTL_COLOR };
            (
                format!(
                    "{} ({}, {} → {} threads)",
                    x.op.name,
                    x.op.size_label(),
                    x.base_threads,
                    x.threads
                ),
                x.efficiency,
                color,
            )
        })
        .collect();
    bars("Scaling efficiency", &items, false, &[0.75, 1.0])
}

fn is_sm(op: &Op) -> bool {
    op.name.starts_with("sm") || op.name.starts_with("hmac-sm")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_steps() {
        assert_eq!(esc("a<b>&\"c\""), "a&lt;b&gt;&amp;&quot;c&quot;");
        assert_eq!(nice_step(0.3), 0.5);
        assert_eq!(nice_step(233.0), 250.0);
        assert_eq!(nice_step(0.2), 0.2);
        assert_eq!(nice_step(1100.0), 2000.0);
        assert_eq!(tick(1500.0, 500.0), "1500");
        assert_eq!(tick(0.0, 500.0), "0");
        assert_eq!(tick(0.5, 0.25), "0.50");
        assert_eq!(tick(0.4, 0.2), "0.4");
        assert_eq!(tick(250.0, 250.0), "250");
        assert_eq!(size_tick(16384), "16K");
        assert_eq!(size_tick(100), "100");
    }
}

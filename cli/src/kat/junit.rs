//! `gmkit kat --junit FILE`: JUnit XML, the format CI systems (Jenkins, GitLab, GitHub
//! actions' test reporters) read. One `<testsuite>` per (file, backend choice) with the file's
//! SHA-256 and counts as properties; the passed tests grouped in one `<testcase>`, one
//! `<testcase>` per failure (`<failure>`, or `<error>` for a file that could not be read or
//! parsed), per run of unsupported tests (`<skipped>`) and per `acceptable` test.

use std::fmt::Write as _;

use super::KatRun;
use gmkit::kat::FileReport;

/// `s` escaped for XML text and attribute values (control characters other than tab and
/// newline, which XML 1.0 cannot carry, become `?`).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

/// `1-3, 5, 7-8`.
fn ranges(ids: &[u64]) -> String {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ids.len() {
        let mut j = i;
        while j + 1 < ids.len() && ids[j + 1] == ids[j] + 1 {
            j += 1;
        }
        out.push(if j > i {
            format!("{}-{}", ids[i], ids[j])
        } else {
            ids[i].to_string()
        });
        i = j + 1;
    }
    out.join(", ")
}

/// The test cases of one row: (XML, failures, errors, skipped).
fn cases(row: &FileReport, class: &str, error: bool) -> (String, usize, usize, usize) {
    let mut s = String::new();
    let (mut failures, mut errors, mut skipped) = (0, 0, 0);
    if row.passed > 0 {
        let _ = writeln!(
            s,
            "    <testcase classname=\"{class}\" name=\"passed ({} tests)\"/>",
            row.passed
        );
    }
    for f in &row.failures {
        let name = match f.tc_id {
            Some(id) => format!("tcId {id}"),
            None => "file".into(),
        };
        let body = if f.comment.is_empty() {
            String::new()
        } else {
            format!("comment: {}", esc(&f.comment))
        };
        let kind = if error && f.tc_id.is_none() {
            errors += 1;
            "error"
        } else {
            failures += 1;
            "failure"
        };
        let _ = writeln!(
            s,
            "    <testcase classname=\"{class}\" name=\"{name}\"><{kind} message=\"{}\" \
             type=\"{}\">{body}</{kind}></testcase>",
            esc(&f.reason),
            if kind == "error" {
                "file"
            } else {
                "known-answer"
            }
        );
    }
    for (what, list) in [
        ("unsupported", &row.unsupported),
        ("not applicable", &row.not_applicable),
    ] {
        for u in list {
            skipped += 1;
            let ids = if u.tc_ids.is_empty() {
                String::new()
            } else {
                format!(" tcId {}", ranges(&u.tc_ids))
            };
            let _ = writeln!(
                s,
                "    <testcase classname=\"{class}\" name=\"{what} ({} tests){}\"><skipped \
                 message=\"{}\"/></testcase>",
                u.count,
                esc(&ids),
                esc(&u.reason)
            );
        }
    }
    for a in &row.acceptable {
        let name = a
            .tc_id
            .map_or("acceptable".into(), |id| format!("tcId {id} (acceptable)"));
        let note = if a.accepted {
            "accepted".to_string()
        } else {
            format!("rejected: {}", a.note)
        };
        let _ = writeln!(
            s,
            "    <testcase classname=\"{class}\" name=\"{name}\"><system-out>{}</system-out>\
             </testcase>",
            esc(&note)
        );
    }
    (s, failures, errors, skipped)
}

/// The XML document; `reports[i]` are the rows of `run.files[i]`.
pub fn xml(run: &KatRun, reports: &[Vec<FileReport>]) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors, mut skipped) = (0, 0, 0, 0);
    for (input, rows) in run.files.iter().zip(reports) {
        let error = input.status != "ok";
        for row in rows {
            let class = esc(&format!("{}.{}", input.path, row.backend));
            let (body, f, e, sk) = cases(row, &class, error);
            let n = body.lines().count();
            tests += n;
            failures += f;
            errors += e;
            skipped += sk;
            let _ = writeln!(
                suites,
                "  <testsuite name=\"{}\" tests=\"{n}\" failures=\"{f}\" errors=\"{e}\" \
                 skipped=\"{sk}\" timestamp=\"{}\">",
                esc(&format!("{} [{}]", input.path, row.backend)),
                esc(&run.start_time)
            );
            suites += "    <properties>\n";
            for (k, v) in [
                ("file", input.path.clone()),
                ("sha256", input.sha256.clone().unwrap_or_default()),
                ("algorithm", row.algorithm.clone()),
                ("backend", row.backend.clone()),
                ("passed", row.passed.to_string()),
                ("status", input.status.to_string()),
                ("gmkit", run.build.label()),
                ("rustc", run.build.rustc.to_string()),
                ("machine", run.machine.cpu_label()),
                ("os", format!("{}, {}", run.machine.os, run.machine.kernel)),
            ] {
                let _ = writeln!(
                    suites,
                    "      <property name=\"{k}\" value=\"{}\"/>",
                    esc(&v)
                );
            }
            suites += "    </properties>\n";
            suites += &body;
            suites += "  </testsuite>\n";
        }
    }
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<testsuites name=\"gmkit kat\" tests=\"{tests}\" failures=\"{failures}\" \
         errors=\"{errors}\" skipped=\"{skipped}\" time=\"{:.3}\">",
        run.seconds_taken
    );
    s += &suites;
    s += "</testsuites>\n";
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_ranges() {
        assert_eq!(esc("a<&>\"'\u{1}"), "a&lt;&amp;&gt;&quot;&apos;?");
        assert_eq!(ranges(&[1, 2, 3, 5, 7, 8]), "1-3, 5, 7-8");
        assert_eq!(ranges(&[]), "");
    }
}

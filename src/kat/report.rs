//! What a run found: one [`FileReport`] per (file, backend choice).

use serde::Serialize;
use std::fmt::{self, Write};
use std::string::String;
use std::vec::Vec;

/// A test that failed (or a problem of the whole file, with no `tcId`).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Failure {
    /// The test, or `None` for a file-level problem.
    #[serde(rename = "tcId")]
    pub tc_id: Option<u64>,
    /// The test's comment.
    pub comment: String,
    /// What differed.
    pub reason: String,
}

/// Tests that were not run, for one reason (unsupported, or not applicable to a backend).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Unsupported {
    /// Why.
    pub reason: String,
    /// Which tests (`tcId`s; tests without one are counted but not listed).
    #[serde(rename = "tcIds")]
    pub tc_ids: Vec<u64>,
    /// How many tests.
    pub count: usize,
}

/// An `acceptable` test and what the implementation did with it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Acceptable {
    /// The test.
    #[serde(rename = "tcId")]
    pub tc_id: Option<u64>,
    /// The test's comment.
    pub comment: String,
    /// Whether the implementation accepted it (as if `valid`).
    pub accepted: bool,
    /// When rejected: what differed from the `valid` reading.
    pub note: String,
}

/// The result of running one file on one backend choice.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct FileReport {
    /// The file's name as given.
    pub file: String,
    /// The file's `algorithm` (empty if it could not be read).
    pub algorithm: String,
    /// The backend choice's label (`"-"` when no backend applies).
    pub backend: String,
    /// Tests that passed (`valid` and `invalid`).
    pub passed: usize,
    /// Failed tests and file problems.
    pub failures: Vec<Failure>,
    /// Tests not run.
    pub unsupported: Vec<Unsupported>,
    /// `acceptable` tests.
    pub acceptable: Vec<Acceptable>,
    /// Tests this backend choice does not apply to (another choice runs them), by reason.
    #[serde(rename = "notApplicable")]
    pub not_applicable: Vec<Unsupported>,
}

impl FileReport {
    /// Number of failures.
    pub fn failed(&self) -> usize {
        self.failures.len()
    }

    /// Number of tests not run.
    pub fn unsupported_count(&self) -> usize {
        self.unsupported.iter().map(|u| u.count).sum()
    }

    /// Number of tests this backend choice does not apply to.
    pub fn not_applicable_count(&self) -> usize {
        self.not_applicable.iter().map(|u| u.count).sum()
    }

    /// No failure (and, if `strict`, nothing unsupported).
    pub fn ok(&self, strict: bool) -> bool {
        self.failures.is_empty() && !(strict && self.unsupported_count() > 0)
    }

    pub(crate) fn add_unsupported(&mut self, reason: &str, tc_id: Option<u64>) {
        add_to(&mut self.unsupported, reason, tc_id);
    }

    pub(crate) fn add_not_applicable(&mut self, reason: &str, tc_id: Option<u64>) {
        add_to(&mut self.not_applicable, reason, tc_id);
    }
}

/// Count a test under `reason`, merging with the last entry when the reason repeats.
fn add_to(list: &mut Vec<Unsupported>, reason: &str, tc_id: Option<u64>) {
    match list.last_mut() {
        Some(u) if u.reason == reason => {
            u.count += 1;
            u.tc_ids.extend(tc_id);
        }
        _ => list.push(Unsupported {
            reason: reason.into(),
            tc_ids: tc_id.into_iter().collect(),
            count: 1,
        }),
    }
}

/// Totals over many reports.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Totals {
    /// Report rows.
    pub runs: usize,
    /// Passed tests.
    pub passed: usize,
    /// Failures.
    pub failed: usize,
    /// Tests not run.
    pub unsupported: usize,
    /// `acceptable` tests.
    pub acceptable: usize,
    /// Tests a row's backend choice does not apply to.
    #[serde(rename = "notApplicable")]
    pub not_applicable: usize,
}

/// A set of reports.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Report {
    /// One row per (file, backend choice).
    pub files: Vec<FileReport>,
}

impl Report {
    /// Sums over every row.
    pub fn totals(&self) -> Totals {
        self.files.iter().fold(Totals::default(), |t, f| Totals {
            runs: t.runs + 1,
            passed: t.passed + f.passed,
            failed: t.failed + f.failed(),
            unsupported: t.unsupported + f.unsupported_count(),
            acceptable: t.acceptable + f.acceptable.len(),
            not_applicable: t.not_applicable + f.not_applicable_count(),
        })
    }

    /// Every row is [`FileReport::ok`].
    pub fn ok(&self, strict: bool) -> bool {
        self.files.iter().all(|f| f.ok(strict))
    }

    /// The report as JSON: `{"files": [...], "totals": {...}}`.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Out<'a> {
            files: &'a [FileReport],
            totals: Totals,
        }
        let out = Out {
            files: &self.files,
            totals: self.totals(),
        };
        serde_json::to_string_pretty(&out).unwrap_or_else(|e| std::format!("{{\"error\":\"{e}\"}}"))
    }

    /// The summary table followed by every failure and every unsupported range.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = self.write_text(&mut s);
        s
    }

    fn write_text(&self, s: &mut String) -> fmt::Result {
        let width = |col: fn(&FileReport) -> &str, min: usize| {
            self.files
                .iter()
                .map(|f| col(f).chars().count())
                .fold(min, usize::max)
        };
        let (fw, bw) = (width(|f| &f.file, 4), width(|f| &f.backend, 7));
        let mut line = |cells: [&dyn fmt::Display; 7]| {
            let [file, backend, passed, failed, unsupported, acceptable, na] = cells;
            writeln!(
                s,
                "{file:fw$}  {backend:bw$}  {passed:>7}  {failed:>6}  {unsupported:>11}  {acceptable:>10}  {na:>3}"
            )
        };
        line([
            &"file",
            &"backend",
            &"passed",
            &"failed",
            &"unsupported",
            &"acceptable",
            &"n/a",
        ])?;
        for f in &self.files {
            line([
                &f.file,
                &f.backend,
                &f.passed,
                &f.failed(),
                &f.unsupported_count(),
                &f.acceptable.len(),
                &f.not_applicable_count(),
            ])?;
        }
        let t = self.totals();
        line([
            &"total",
            &"",
            &t.passed,
            &t.failed,
            &t.unsupported,
            &t.acceptable,
            &t.not_applicable,
        ])?;
        for f in &self.files {
            for x in &f.failures {
                match x.tc_id {
                    Some(id) => write!(s, "\nFAIL {} [{}] tcId {id}", f.file, f.backend)?,
                    None => write!(s, "\nFAIL {} [{}] (file)", f.file, f.backend)?,
                }
                if !x.comment.is_empty() {
                    write!(s, " ({})", x.comment)?;
                }
                write!(s, ": {}", x.reason)?;
            }
        }
        for f in &self.files {
            for u in &f.unsupported {
                write!(
                    s,
                    "\nUNSUPPORTED {} [{}] {} test(s){}: {}",
                    f.file,
                    f.backend,
                    u.count,
                    id_ranges(&u.tc_ids),
                    u.reason
                )?;
            }
        }
        if t.failed + t.unsupported > 0 {
            writeln!(s)?;
        }
        Ok(())
    }
}

/// `" (tcId 1-4, 7)"`, or empty when there are none.
fn id_ranges(ids: &[u64]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < ids.len() {
        let mut j = i;
        while j + 1 < ids.len() && ids[j + 1] == ids[j] + 1 {
            j += 1;
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        let _ = if j > i {
            write!(out, "{}-{}", ids[i], ids[j])
        } else {
            write!(out, "{}", ids[i])
        };
        i = j + 1;
    }
    if out.is_empty() {
        out
    } else {
        std::format!(" (tcId {out})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(id_ranges(&[]), "");
        assert_eq!(id_ranges(&[1, 2, 3, 5, 7, 8]), " (tcId 1-3, 5, 7-8)");
    }

    #[test]
    fn unsupported_runs_merge() {
        let mut r = FileReport::default();
        r.add_unsupported("a", Some(1));
        r.add_unsupported("a", Some(2));
        r.add_unsupported("b", None);
        assert_eq!(r.unsupported.len(), 2);
        assert_eq!(r.unsupported_count(), 3);
        assert!(r.ok(false) && !r.ok(true));
    }
}

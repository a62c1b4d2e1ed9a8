//! Dispatch on (`algorithm`, group `type`), backend choices, and the per-test verdict.

use std::cell::RefCell;
use std::format;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::string::{String, ToString};
use std::vec::Vec;

use super::hex;
use super::report::{Acceptable, Failure, FileReport, Report};
use super::schema::{Expected, Fields, Group, Issue, Outcome, Test, VectorFile};
use super::{aead, cipher, ec, hash, mac, sm2};
use crate::error::Error;
use crate::registry::{self, Algorithm, BackendChoice, BackendSpec, Kind};
use serde_json::Value;

/// What a handler is asked to establish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
    /// Every API shape gives exactly the expected output, in both directions.
    Valid,
    /// The input is refused.
    Invalid,
}

/// What a handler sees besides the test.
pub(crate) struct Cx<'a> {
    pub alg: &'a Algorithm,
    pub choice: &'a BackendChoice,
    pub group: &'a Group,
    /// Scratch space kept across the tests of one group on one backend (Monte Carlo checkpoints).
    pub memo: RefCell<Vec<Vec<u8>>>,
}

/// Runs one test.
pub(crate) type TestFn = fn(&Cx<'_>, &Test, Expect) -> Outcome;

/// A handler for a (file `algorithm`, group `type`) pair.
pub(crate) struct Route {
    /// File `algorithm` values it takes (ASCII case-insensitive); empty: any.
    pub algorithms: &'static [&'static str],
    /// The group `type`.
    pub group_type: &'static str,
    /// The registry name to use instead of the file's `algorithm`.
    pub target: Option<&'static str>,
    /// Group fields whose values, when present, are appended to the registry name: a string as
    /// `/value` (spaces removed), a number as `/field=value` (`SM4-MAC` + `mac: CMAC` →
    /// `SM4-MAC/CMAC`; `SM4-CTR` + `counterBits: 32` → `SM4-CTR/counterBits=32`).
    pub params: &'static [&'static str],
    /// The kind of registry entry it drives.
    pub kind: Kind,
    /// Whether a backend choice can run a group at all (`None`: every choice can). `Err` says why
    /// not: the group's tests are then *not applicable* on that choice (SM2 groups on a curve
    /// other than sm2p256v1 on the SM2 `soft` backend), neither run nor unsupported.
    pub applies: Option<Applies>,
    /// The handler.
    pub run: TestFn,
}

/// See [`Route::applies`].
pub(crate) type Applies = fn(&Group, &BackendChoice) -> Result<(), String>;

impl Route {
    fn applies(&self, g: &Group, choice: &BackendChoice) -> Result<(), String> {
        self.applies.map_or(Ok(()), |f| f(g, choice))
    }
}

fn routes() -> impl Iterator<Item = &'static Route> {
    [
        hash::ROUTES,
        mac::ROUTES,
        aead::ROUTES,
        cipher::ROUTES,
        sm2::ROUTES,
        ec::ROUTES,
    ]
    .into_iter()
    .flatten()
}

/// Every group `type` the runner has a handler for, each once, in dispatch order
/// (`vectors/FORMAT.md` documents each of them).
pub fn group_types() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for r in routes() {
        if !out.contains(&r.group_type) {
            out.push(r.group_type);
        }
    }
    out
}

// --- helpers shared by the family handlers --------------------------------------------------

/// `Ok` when `got == want`, else a failure naming `what` with both values.
pub(crate) fn same(what: &str, got: &[u8], want: &[u8]) -> Outcome {
    if got == want {
        Ok(())
    } else {
        Err(Issue::Fail(format!(
            "{what}: got {}, want {}",
            hex::excerpt(got),
            hex::excerpt(want)
        )))
    }
}

/// For an `invalid` test: `Ok` unless `got` is the output the vector gives.
pub(crate) fn differs(what: &str, got: &[u8], want: &[u8]) -> Outcome {
    if got == want {
        Err(Issue::Fail(format!(
            "{what} gave the output of an invalid test: {}",
            hex::excerpt(got)
        )))
    } else {
        Ok(())
    }
}

/// A refusal `what: err`.
pub(crate) fn failed(what: &str, err: Error) -> Issue {
    Issue::Refused(format!("{what} failed: {err}"))
}

/// The verdict when an operation that a valid test needs was refused: a pass for `invalid`.
pub(crate) fn refused(expect: Expect, what: &str, err: Error) -> Outcome {
    match expect {
        Expect::Invalid => Ok(()),
        Expect::Valid => Err(failed(what, err)),
    }
}

/// The instance, or the verdict when key setup refuses: `Ok(None)` (done, passed) for an invalid
/// test, a failure for a valid one.
pub(crate) fn setup<T>(expect: Expect, made: crate::error::Result<T>) -> Result<Option<T>, Issue> {
    match made {
        Ok(x) => Ok(Some(x)),
        Err(e) => refused(expect, "key setup", e).map(|()| None),
    }
}

/// The group's `tagSize` (bits) is authoritative (`vectors/FORMAT.md` §7): a tag of
/// another length is refused as a whole, whatever lengths the algorithm could accept. `Ok(true)`
/// when the test is settled that way (a pass for `invalid`; a `valid` test is then malformed).
pub(crate) fn tag_size_settles(cx: &Cx<'_>, tag: &[u8], expect: Expect) -> Result<bool, Issue> {
    if !cx.group.fields.contains_key("tagSize") {
        return Ok(false);
    }
    let bits = cx.group.uint("tagSize")?;
    if bits == 8 * tag.len() as u64 {
        return Ok(false);
    }
    match expect {
        Expect::Invalid => Ok(true),
        Expect::Valid => Err(Issue::Malformed(format!(
            "`tag` has {} bits but the group's tagSize is {bits}",
            8 * tag.len()
        ))),
    }
}

/// For tests whose `valid` reading is a chain of checks (signing, encryption, key exchange): an
/// `invalid` test passes when some check fails.
pub(crate) fn judge(expect: Expect, outcome: Outcome) -> Outcome {
    match (expect, outcome) {
        (Expect::Valid, o) => o,
        (Expect::Invalid, Ok(())) => Err(Issue::Fail(
            "every operation succeeded with the expected output".into(),
        )),
        (Expect::Invalid, Err(Issue::Fail(_) | Issue::Refused(_))) => Ok(()),
        (Expect::Invalid, Err(other)) => Err(other),
    }
}

/// `len` bytes that are not zero, to catch output that is not fully written.
pub(crate) fn garbage(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| 0xa5 ^ (i as u8).wrapping_mul(29))
        .collect()
}

/// The chunk sizes every streaming API is driven with.
pub(crate) const CHUNK_SIZES: core::ops::RangeInclusive<usize> = 1..=16;

// --- the runner ------------------------------------------------------------------------------

enum Plan<'r> {
    Run(&'static Route, &'r Algorithm),
    Skip(Issue),
}

/// Runs vector files over a registry, on the backend choices a [`BackendSpec`] selects.
#[derive(Clone, Debug)]
pub struct Runner<'r> {
    registry: &'r [Algorithm],
    backend: BackendSpec,
}

impl Default for Runner<'static> {
    fn default() -> Self {
        Self::new()
    }
}

impl Runner<'static> {
    /// Over this build's registry, each algorithm on its default backend.
    pub fn new() -> Self {
        Runner::with_registry(registry::algorithms())
    }
}

impl<'r> Runner<'r> {
    /// Over another registry (the runner's own tests use toy entries).
    pub fn with_registry(registry: &'r [Algorithm]) -> Self {
        Runner {
            registry,
            backend: BackendSpec::Auto,
        }
    }

    /// Which backends to run each file on.
    pub fn backend(mut self, spec: BackendSpec) -> Self {
        self.backend = spec;
        self
    }

    /// Run a file given as bytes; `name` labels the report rows. One row per backend choice;
    /// under [`BackendSpec::Auto`], a group the automatic choice cannot run goes to the closest
    /// choice that can, in a row of its own (so the report names what ran).
    pub fn run_json(&self, name: &str, json: &[u8]) -> Vec<FileReport> {
        let file = match VectorFile::parse(json) {
            Ok(f) => f,
            Err(e) => return std::vec![file_error(name, e)],
        };
        let problems = file.problems();
        let plans: Vec<Plan<'r>> = file
            .test_groups
            .iter()
            .map(|g| self.plan(&file.algorithm, g))
            .collect();
        let axes = registry::axes_of(plans.iter().filter_map(|p| match p {
            Plan::Run(_, alg) => Some(*alg),
            Plan::Skip(_) => None,
        }));
        let choices = if axes.is_empty() {
            Ok(std::vec![BackendChoice::new(&[], Vec::new())])
        } else {
            self.backend.choices(&axes)
        };
        let choices = match choices {
            Ok(c) => c,
            Err(why) => {
                let mut row = self.row(name, &file, &problems, self.backend.as_str().into());
                let skip = Plan::Skip(Issue::Unsupported(why));
                let none = BackendChoice::new(&[], Vec::new());
                for g in &file.test_groups {
                    run_group(&mut row, &skip, &none, g);
                }
                return std::vec![row];
            }
        };
        let mut rows: Vec<(BackendChoice, FileReport)> = choices
            .iter()
            .map(|c| {
                let row = self.row(name, &file, &problems, c.label().into());
                (c.clone(), row)
            })
            .collect();
        // Choices a group may fall back to under `Auto`.
        let fallbacks = match self.backend {
            BackendSpec::Auto => BackendSpec::All.choices(&axes).unwrap_or_default(),
            _ => Vec::new(),
        };
        for (i, choice) in choices.iter().enumerate() {
            for (plan, g) in plans.iter().zip(&file.test_groups) {
                let why = match plan {
                    Plan::Run(route, _) => route.applies(g, choice).err().map(|why| {
                        let other = closest(&fallbacks, choice, |c| route.applies(g, c).is_ok());
                        (why, other)
                    }),
                    Plan::Skip(_) => None,
                };
                match why {
                    None => run_group(&mut rows[i].1, plan, choice, g),
                    Some((_, Some(other))) => {
                        let j = match rows.iter().position(|(c, _)| c == other) {
                            Some(j) => j,
                            None => {
                                let row = self.row(name, &file, &[], other.label().into());
                                rows.push((other.clone(), row));
                                rows.len() - 1
                            }
                        };
                        run_group(&mut rows[j].1, plan, other, g);
                    }
                    Some((why, None)) => {
                        for t in &g.tests {
                            rows[i].1.add_not_applicable(&why, t.tc_id());
                        }
                    }
                }
            }
        }
        rows.into_iter().map(|(_, row)| row).collect()
    }

    /// Run a file, or every `*.json` file directly in a directory (sorted by name).
    pub fn run_path(&self, path: &Path) -> Vec<FileReport> {
        let name = path.display().to_string();
        if path.is_dir() {
            return match json_files(path, false) {
                Ok(files) => files.iter().flat_map(|f| self.run_path(f)).collect(),
                Err(e) => std::vec![file_error(&name, format!("cannot list directory: {e}"))],
            };
        }
        match std::fs::read(path) {
            Ok(bytes) => self.run_json(&name, &bytes),
            Err(e) => std::vec![file_error(&name, format!("cannot read file: {e}"))],
        }
    }

    /// [`Runner::run_path`] over several paths.
    pub fn run_paths<P: AsRef<Path>>(&self, paths: &[P]) -> Report {
        Report {
            files: paths
                .iter()
                .flat_map(|p| self.run_path(p.as_ref()))
                .collect(),
        }
    }

    fn row(
        &self,
        name: &str,
        file: &VectorFile,
        problems: &[String],
        backend: String,
    ) -> FileReport {
        FileReport {
            file: name.into(),
            algorithm: file.algorithm.clone(),
            backend,
            failures: problems
                .iter()
                .map(|p| Failure {
                    tc_id: None,
                    comment: String::new(),
                    reason: p.clone(),
                })
                .collect(),
            ..FileReport::default()
        }
    }

    fn plan(&self, file_alg: &str, g: &Group) -> Plan<'r> {
        let Some(route) = routes().find(|r| {
            r.group_type == g.kind
                && (r.algorithms.is_empty()
                    || r.algorithms
                        .iter()
                        .any(|a| a.eq_ignore_ascii_case(file_alg)))
        }) else {
            return Plan::Skip(Issue::Unsupported(format!(
                "no handler for algorithm {file_alg:?} with group type {:?}",
                g.kind
            )));
        };
        let mut target = String::from(route.target.unwrap_or(file_alg));
        for p in route.params {
            match g.fields.get(*p) {
                None => {}
                Some(Value::String(v)) => {
                    target.push('/');
                    target.extend(v.chars().filter(|c| !c.is_whitespace()));
                }
                Some(Value::Number(n)) => target.push_str(&format!("/{p}={n}")),
                Some(_) => {
                    return Plan::Skip(Issue::Malformed(format!(
                        "group field `{p}` is neither a string nor a number"
                    )));
                }
            }
        }
        match registry::find_in(self.registry, &target) {
            None => Plan::Skip(Issue::Unsupported(format!(
                "{target} is not implemented in this build"
            ))),
            Some(alg) if alg.kind() != route.kind => Plan::Skip(Issue::Unsupported(format!(
                "{target} is a {}, but {} needs a {}",
                alg.kind().name(),
                g.kind,
                route.kind.name()
            ))),
            Some(alg) => Plan::Run(route, alg),
        }
    }
}

/// Among `candidates` that `ok` accepts, the one sharing the most picks with `from` (the first
/// such in order).
fn closest<'c>(
    candidates: &'c [BackendChoice],
    from: &BackendChoice,
    ok: impl Fn(&BackendChoice) -> bool,
) -> Option<&'c BackendChoice> {
    let shared = |c: &BackendChoice| {
        c.picks()
            .iter()
            .filter(|p| from.picks().contains(p))
            .count()
    };
    candidates
        .iter()
        .filter(|c| ok(c))
        .fold(None, |best: Option<&BackendChoice>, c| match best {
            Some(b) if shared(b) >= shared(c) => Some(b),
            _ => Some(c),
        })
}

fn file_error(name: &str, reason: String) -> FileReport {
    FileReport {
        file: name.into(),
        backend: "-".into(),
        failures: std::vec![Failure {
            tc_id: None,
            comment: String::new(),
            reason,
        }],
        ..FileReport::default()
    }
}

/// Every `*.json` file in `dir` (and its subdirectories if `recursive`), sorted by path.
pub fn json_files(dir: &Path, recursive: bool) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if recursive {
                out.extend(json_files(&p, true)?);
            }
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
    Ok(out)
}

fn run_group(row: &mut FileReport, plan: &Plan<'_>, choice: &BackendChoice, g: &Group) {
    let (route, alg) = match plan {
        Plan::Run(route, alg) => (*route, *alg),
        Plan::Skip(issue) => {
            for t in &g.tests {
                record(row, t, Expected::Valid, Err(issue.clone()), false);
            }
            return;
        }
    };
    let cx = Cx {
        alg,
        choice,
        group: g,
        memo: RefCell::new(Vec::new()),
    };
    for t in &g.tests {
        let expected = match t.expected() {
            Ok(e) => e,
            Err(issue) => {
                record(row, t, Expected::Valid, Err(issue), false);
                continue;
            }
        };
        let expect = match expected {
            Expected::Invalid => Expect::Invalid,
            Expected::Valid | Expected::Acceptable => Expect::Valid,
        };
        match catch_unwind(AssertUnwindSafe(|| (route.run)(&cx, t, expect))) {
            Ok(outcome) => record(row, t, expected, outcome, false),
            Err(payload) => {
                let msg = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                record(
                    row,
                    t,
                    expected,
                    Err(Issue::Fail(format!("panicked: {msg}"))),
                    true,
                );
            }
        }
    }
}

fn record(row: &mut FileReport, t: &Test, expected: Expected, outcome: Outcome, panicked: bool) {
    let tc_id = t.tc_id();
    let comment = String::from(t.comment());
    let fail = |row: &mut FileReport, reason: String| {
        row.failures.push(Failure {
            tc_id,
            comment: comment.clone(),
            reason,
        })
    };
    match (expected, outcome) {
        (_, Err(Issue::Unsupported(why))) => row.add_unsupported(&why, tc_id),
        (_, Err(Issue::Malformed(why))) => fail(row, format!("malformed test: {why}")),
        (_, Err(Issue::Fail(why))) if panicked => fail(row, why),
        // An acceptable input may be refused, but once accepted its output must be right.
        (Expected::Acceptable, Ok(())) => row.acceptable.push(Acceptable {
            tc_id,
            comment: comment.clone(),
            accepted: true,
            note: String::new(),
        }),
        (Expected::Acceptable, Err(Issue::Refused(why))) => row.acceptable.push(Acceptable {
            tc_id,
            comment: comment.clone(),
            accepted: false,
            note: why,
        }),
        (Expected::Acceptable, Err(Issue::Fail(why))) => {
            fail(row, format!("accepted, but wrong: {why}"))
        }
        (_, Ok(())) => row.passed += 1,
        (_, Err(Issue::Fail(why) | Issue::Refused(why))) => fail(row, why),
    }
}

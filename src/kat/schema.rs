//! The vector file format (`vectors/FORMAT.md`), read leniently where it may vary (unknown fields are
//! ignored) and strictly where the verdict depends on it (hex, `tcId`, `result`, `numberOfTests`).

use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use super::hex;

/// A whole vector file.
#[derive(Debug, Deserialize)]
pub struct VectorFile {
    /// Dispatch key with the group `type`.
    pub algorithm: String,
    /// Must equal the number of tests.
    #[serde(rename = "numberOfTests")]
    pub number_of_tests: Option<Value>,
    /// The groups.
    #[serde(rename = "testGroups")]
    pub test_groups: Vec<Group>,
}

/// A test group: a `type`, shared parameters, and tests.
#[derive(Debug, Deserialize)]
pub struct Group {
    /// Dispatch key with the file's `algorithm`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The tests.
    #[serde(default)]
    pub tests: Vec<Test>,
    /// Every other field (parameters shared by the tests).
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

/// One test, kept as its JSON object: fields are read (and checked) by the handler that runs it.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct Test {
    /// All fields.
    pub fields: Map<String, Value>,
}

/// The expected outcome of a test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// The operation succeeds with exactly the given output, in both directions.
    Valid,
    /// The operation must fail.
    Invalid,
    /// Either outcome passes (reported apart).
    Acceptable,
}

/// Why a test did not pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Issue {
    /// The implementation disagreed with the vector: a wrong output, or a verdict the vector
    /// forbids.
    Fail(String),
    /// The implementation refused an input the test needs an output for (it returned an error).
    /// A failure for a `valid` test; for an `acceptable` one, the other allowed outcome.
    Refused(String),
    /// The test itself is broken (missing field, bad hex); always a failure.
    Malformed(String),
    /// The runner or this build cannot run the test.
    Unsupported(String),
}

/// `Ok(())` when the test passed.
pub type Outcome = Result<(), Issue>;

impl VectorFile {
    /// Parse a file; the error is a message for the report.
    pub fn parse(json: &[u8]) -> Result<Self, String> {
        serde_json::from_slice(json).map_err(|e| format!("malformed JSON: {e}"))
    }

    /// File-level problems: `numberOfTests` disagreeing with the count, missing or repeated `tcId`s.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let count = self
            .test_groups
            .iter()
            .map(|g| g.tests.len())
            .sum::<usize>();
        match self.number_of_tests.as_ref().map(Value::as_u64) {
            None => out.push("numberOfTests is missing".into()),
            Some(None) => out.push("numberOfTests is not a non-negative integer".into()),
            Some(Some(n)) if n != count as u64 => out.push(format!(
                "numberOfTests is {n} but the file has {count} tests"
            )),
            Some(Some(_)) => {}
        }
        let mut seen = BTreeSet::new();
        for t in self.test_groups.iter().flat_map(|g| &g.tests) {
            match t.tc_id() {
                Some(id) if !seen.insert(id) => out.push(format!("tcId {id} is not unique")),
                Some(_) => {}
                None => out.push(format!(
                    "a test has no integer tcId: {}",
                    excerpt_json(&t.fields)
                )),
            }
        }
        out
    }

    /// Total number of tests.
    pub fn test_count(&self) -> usize {
        self.test_groups.iter().map(|g| g.tests.len()).sum()
    }
}

fn excerpt_json(m: &Map<String, Value>) -> String {
    let s = Value::Object(m.clone()).to_string();
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// Typed access to the fields of a group or a test.
pub trait Fields {
    /// The raw fields.
    fn map(&self) -> &Map<String, Value>;

    /// A required hex field.
    fn hex(&self, name: &str) -> Result<Vec<u8>, Issue> {
        self.opt_hex(name)?
            .ok_or_else(|| Issue::Malformed(format!("missing field `{name}`")))
    }

    /// An optional hex field.
    fn opt_hex(&self, name: &str) -> Result<Option<Vec<u8>>, Issue> {
        match self.map().get(name) {
            None => Ok(None),
            Some(Value::String(s)) => hex::decode(s)
                .map(Some)
                .map_err(|e| Issue::Malformed(format!("field `{name}`: {e}"))),
            Some(_) => Err(Issue::Malformed(format!(
                "field `{name}` is not a hex string"
            ))),
        }
    }

    /// An optional string field.
    fn opt_str(&self, name: &str) -> Result<Option<&str>, Issue> {
        match self.map().get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(Issue::Malformed(format!("field `{name}` is not a string"))),
        }
    }

    /// A required non-negative integer field.
    fn uint(&self, name: &str) -> Result<u64, Issue> {
        match self.map().get(name) {
            None => Err(Issue::Malformed(format!("missing field `{name}`"))),
            Some(v) => v.as_u64().ok_or_else(|| {
                Issue::Malformed(format!("field `{name}` is not a non-negative integer"))
            }),
        }
    }
}

impl Fields for Group {
    fn map(&self) -> &Map<String, Value> {
        &self.fields
    }
}

impl Fields for Test {
    fn map(&self) -> &Map<String, Value> {
        &self.fields
    }
}

impl Test {
    /// The `tcId`, if it is a non-negative integer.
    pub fn tc_id(&self) -> Option<u64> {
        self.fields.get("tcId").and_then(Value::as_u64)
    }

    /// The `comment` (empty if absent).
    pub fn comment(&self) -> &str {
        self.fields
            .get("comment")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// The `flags` that are strings.
    pub fn flags(&self) -> Vec<String> {
        match self.fields.get("flags") {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|f| f.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The expected outcome.
    pub fn expected(&self) -> Result<Expected, Issue> {
        match self.fields.get("result").and_then(Value::as_str) {
            Some("valid") => Ok(Expected::Valid),
            Some("invalid") => Ok(Expected::Invalid),
            Some("acceptable") => Ok(Expected::Acceptable),
            Some(other) => Err(Issue::Malformed(format!("unknown result {other:?}"))),
            None => Err(Issue::Malformed("missing field `result`".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(json: &str) -> VectorFile {
        VectorFile::parse(json.as_bytes()).unwrap()
    }

    #[test]
    fn count_and_ids_are_checked() {
        let ok = file(
            r#"{"algorithm":"X","numberOfTests":2,"extra":1,"testGroups":[{"type":"T","k":1,
               "tests":[{"tcId":1,"result":"valid"},{"tcId":2,"result":"invalid"}]}]}"#,
        );
        assert!(ok.problems().is_empty());
        assert_eq!(ok.test_count(), 2);
        let bad = file(
            r#"{"algorithm":"X","numberOfTests":3,"testGroups":[{"type":"T",
               "tests":[{"tcId":1},{"tcId":1},{"tcId":"x"}]}]}"#,
        );
        let p = bad.problems();
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].contains("tcId 1 is not unique"));
        assert!(p[1].contains("no integer tcId"));
        let missing = file(r#"{"algorithm":"X","testGroups":[]}"#);
        assert_eq!(missing.problems(), ["numberOfTests is missing"]);
        assert!(
            VectorFile::parse(b"{")
                .unwrap_err()
                .contains("malformed JSON")
        );
        assert!(VectorFile::parse(br#"{"algorithm":"X"}"#).is_err());
    }

    #[test]
    fn fields_are_typed() {
        let f = file(
            r#"{"algorithm":"X","numberOfTests":1,"testGroups":[{"type":"T","n":16,"s":"v",
               "tests":[{"tcId":1,"result":"maybe","key":"0a","bad":"0","num":5,"flags":["A",1]}]}]}"#,
        );
        let g = &f.test_groups[0];
        let t = &g.tests[0];
        assert_eq!(g.uint("n"), Ok(16));
        assert_eq!(g.opt_str("s"), Ok(Some("v")));
        assert!(matches!(g.uint("s"), Err(Issue::Malformed(_))));
        assert_eq!(t.hex("key"), Ok(std::vec![10]));
        assert!(matches!(t.hex("bad"), Err(Issue::Malformed(m)) if m.contains("`bad`")));
        assert!(matches!(t.hex("num"), Err(Issue::Malformed(_))));
        assert!(matches!(t.hex("nope"), Err(Issue::Malformed(m)) if m.contains("missing")));
        assert_eq!(t.opt_hex("nope"), Ok(None));
        assert!(matches!(t.expected(), Err(Issue::Malformed(_))));
        assert_eq!(t.flags(), ["A"]);
        assert_eq!(t.comment(), "");
    }
}

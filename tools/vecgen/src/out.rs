//! Builds one vector file in the shape of `vectors/FORMAT.md` and writes it.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{json, Map, Value};

pub const SCHEMA: &str = "gmkit vectors (Wycheproof testvectors_v1 shape), see vectors/FORMAT.md";

/// Descriptions of every flag the generator uses; a file carries the ones its tests use.
pub fn flag_note(flag: &str) -> &'static str {
    match flag {
        "StandardExample" => "The values are a worked example printed in the cited standard or RFC.",
        "Ktv" => "Known test vector taken from another implementation's test suite (named in source).",
        "Pseudorandom" => "Inputs drawn from a seeded pseudorandom generator; the expected output was computed with OpenSSL (or a construction over OpenSSL's SM4 block) and cross-checked independently.",
        "MultiBlock" => "The input spans many blocks (bulk and parallel code paths).",
        "PartialBlock" => "The input length is not a multiple of the 16-byte block.",
        "CounterWrap" => "The counter wraps or carries across a 32-, 64- or 128-bit boundary while processing this input.",
        "ModifiedTag" => "The tag of a valid ciphertext or MAC was altered; verification must reject it.",
        "ModifiedCiphertext" => "The ciphertext of a valid encryption was altered; decryption must fail and release no plaintext.",
        "ModifiedIv" => "The IV/nonce of a valid encryption was altered; decryption must fail.",
        "ModifiedAad" => "The associated data of a valid encryption was altered; decryption must fail.",
        "TruncatedTag" => "The tag is shorter than the group's tagSize; a verifier configured for tagSize must reject it.",
        "NonStandardIvSize" => "A GCM IV other than 96 bits: J0 is derived with GHASH.",
        "ZeroLengthIv" => "An empty GCM IV must be rejected (it leaks the authentication key).",
        "Gmac" => "Empty plaintext: the tag authenticates the associated data only (GMAC).",
        "SectorNumber" => "The tweak is the little-endian encoding of a data-unit (sector) number, given in `sector`.",
        "BadPadding" => "The last plaintext block does not end in valid PKCS#7 padding; decryption must fail.",
        "InvalidNonceSize" => "CCM is defined for nonces of 7 to 13 bytes only; the operation must be refused.",
        "InvalidTagSize" => "The tag length is not one the mode defines; the operation must be refused.",
        "ShortInput" => "The input is shorter than the mode's minimum (16 bytes for XTS and CBC-CS3); the operation must be refused.",
        "Truncated" => "The MAC is truncated to the leftmost tagSize bits.",
        "LongAad" => "The associated data is long enough to use a longer length encoding (CCM: at least 2^16 - 2^8 bytes).",
        "CustomCurve" => "The curve is not sm2p256v1 (e.g. the standard's example curve).",
        other => panic!("no note for flag {other}"),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Res {
    Valid,
    Invalid,
}

pub struct T {
    comment: String,
    fields: Vec<(String, Value)>,
    result: Res,
    flags: Vec<String>,
    src: Vec<Value>,
}

pub fn t(comment: impl Into<String>) -> T {
    T {
        comment: comment.into(),
        fields: Vec::new(),
        result: Res::Valid,
        flags: Vec::new(),
        src: Vec::new(),
    }
}

impl T {
    pub fn hex(mut self, name: &str, v: &[u8]) -> T {
        self.fields
            .push((name.into(), Value::String(hex::encode(v))));
        self
    }
    pub fn val(mut self, name: &str, v: Value) -> T {
        self.fields.push((name.into(), v));
        self
    }
    pub fn invalid(mut self) -> T {
        self.result = Res::Invalid;
        self
    }
    pub fn flag(mut self, f: &str) -> T {
        if !self.flags.iter().any(|x| x == f) {
            self.flags.push(f.into());
        }
        self
    }
    pub fn flags(mut self, fs: &[&str]) -> T {
        for f in fs {
            self = self.flag(f);
        }
        self
    }
    pub fn src(mut self, id: &str, r: &str) -> T {
        self.src.push(json!({"id": id, "ref": r}));
        self
    }
}

pub struct File {
    algorithm: String,
    header: Vec<String>,
    sources: Map<String, Value>,
    groups: Vec<(Value, Vec<T>)>,
}

impl File {
    pub fn new(algorithm: &str, header: &[&str]) -> File {
        File {
            algorithm: algorithm.into(),
            header: header.iter().map(|s| s.to_string()).collect(),
            sources: Map::new(),
            groups: Vec::new(),
        }
    }

    pub fn source(&mut self, id: &str, v: Value) {
        self.sources.insert(id.into(), v);
    }

    /// Adds a test to the group with exactly these attributes (created on first use).
    pub fn add(&mut self, group: Value, test: T) {
        assert!(group.get("type").is_some());
        if let Some(g) = self.groups.iter_mut().find(|(a, _)| *a == group) {
            g.1.push(test);
        } else {
            self.groups.push((group, vec![test]));
        }
    }

    pub fn write(self, dir: &Path, name: &str) -> usize {
        let mut flags = BTreeSet::new();
        let mut tc = 0u64;
        let mut groups = Vec::new();
        for (attrs, tests) in self.groups {
            let mut g = attrs.as_object().unwrap().clone();
            let mut arr = Vec::new();
            for t in tests {
                tc += 1;
                let mut o = Map::new();
                o.insert("tcId".into(), json!(tc));
                o.insert("comment".into(), json!(t.comment));
                for (k, v) in t.fields {
                    assert!(o.insert(k.clone(), v).is_none(), "duplicate field {k}");
                }
                o.insert(
                    "result".into(),
                    json!(if t.result == Res::Valid {
                        "valid"
                    } else {
                        "invalid"
                    }),
                );
                for f in &t.flags {
                    flags.insert(f.clone());
                }
                o.insert("flags".into(), json!(t.flags));
                if !t.src.is_empty() {
                    o.insert("source".into(), Value::Array(t.src));
                }
                arr.push(Value::Object(o));
            }
            g.insert("tests".into(), Value::Array(arr));
            groups.push(Value::Object(g));
        }
        // Keep only the sources some test cites (plus any the file marks as general).
        let cited: BTreeSet<String> = groups
            .iter()
            .flat_map(|g| g["tests"].as_array().unwrap().iter())
            .flat_map(|t| {
                t.get("source")
                    .and_then(|s| s.as_array())
                    .cloned()
                    .unwrap_or_default()
            })
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect();
        let sources: Map<String, Value> = self
            .sources
            .into_iter()
            .filter(|(k, _)| cited.contains(k) || k == "vecgen")
            .collect();
        let mut notes = Map::new();
        for f in &flags {
            notes.insert(f.clone(), json!(flag_note(f)));
        }
        let doc = json!({
            "algorithm": self.algorithm,
            "schema": SCHEMA,
            "source": Value::Object(sources),
            "numberOfTests": tc,
            "header": self.header,
            "notes": Value::Object(notes),
            "testGroups": groups,
        });
        let s = layout(&doc);
        std::fs::write(dir.join(name), s).unwrap();
        tc as usize
    }
}

/// Pretty layout with one test object per line (compact, diff-friendly).
fn layout(doc: &Value) -> String {
    let c = |v: &Value| serde_json::to_string(v).unwrap();
    let o = doc.as_object().unwrap();
    let mut s = String::from("{\n");
    let n = o.len();
    for (i, (k, v)) in o.iter().enumerate() {
        let sep = if i + 1 < n { "," } else { "" };
        if k != "testGroups" {
            let pretty = serde_json::to_string_pretty(v)
                .unwrap()
                .replace('\n', "\n  ");
            s += &format!("  {}: {}{}\n", c(&json!(k)), pretty, sep);
            continue;
        }
        s += &format!("  {}: [\n", c(&json!(k)));
        let gs = v.as_array().unwrap();
        for (gi, g) in gs.iter().enumerate() {
            s += "    {\n";
            let go = g.as_object().unwrap();
            for (ak, av) in go {
                if ak == "tests" {
                    continue;
                }
                s += &format!("      {}: {},\n", c(&json!(ak)), c(av));
            }
            s += "      \"tests\": [\n";
            let ts = go["tests"].as_array().unwrap();
            for (ti, t) in ts.iter().enumerate() {
                let tsep = if ti + 1 < ts.len() { "," } else { "" };
                s += &format!("        {}{}\n", c(t), tsep);
            }
            s += "      ]\n";
            s += &format!("    }}{}\n", if gi + 1 < gs.len() { "," } else { "" });
        }
        s += &format!("  ]{}\n", sep);
    }
    s += "}\n";
    s
}

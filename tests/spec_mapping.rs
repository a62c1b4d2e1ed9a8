//! SPEC_MAPPING.md stays true: every repository path it names exists, and every item named after
//! a path in a table cell exists in that file. The rules are the ones the document states under
//! "How to read the tables"; `check` reports every stale reference at once, with its line, its
//! section and the first cell of its row.
//!
//! - A backticked token is a **path** when it starts with `src/`, `tests/`, `cli/`, `benches/`,
//!   `vectors/`, `fuzz/`, `scripts/`, `tools/`, `.ci/`, `.cargo/`, is `Cargo.toml`, or ends in
//!   `.md`; a `*` in its last component is a pattern that must match at least one entry. Paths
//!   are checked everywhere in the document, prose included.
//! - In a table cell, the backticked tokens after a path name **items** of that file, until the
//!   next path, a `;` outside parentheses, or the `)` that closes a parenthesis the path was
//!   written in.
//! - In a `.rs` file an item is `name` (a `fn`, `struct`, `enum`, `union`, `trait`, `type`, `mod`,
//!   `const`, `static`, or a trait the file implements), `Outer::name` (`name` defined in the
//!   `impl` blocks, trait, enum (variant) or module `Outer`; or a trait path the file
//!   implements), `name!` (`macro_rules!`) or `Trait for Type` (an `impl` block). Functions
//!   written in a `macro_rules!` body count as defined in that file, and so does a lone
//!   identifier passed to a file-local macro whose body defines an item from a metavariable
//!   (`aes_wrapper!(Aes128, …)`). Other backticked text there (numbers, byte strings, names
//!   from Cargo.toml's feature and dependency tables) is a literal and is not checked.
//! - In a `.json` file an item is a key or string value (`key: "value"` for a pair), and the text
//!   `tcId N` / `tcIds N–M, K` after the path names tests that must exist.
//! - In a directory an item is an entry; in any other file, a word of its text.
//! - In the code columns (`Code…`, `Proof…`, `Where`), an item-shaped token or a `tcId` with no
//!   path before it is itself stale: it names nothing a reader can find.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

#[test]
fn spec_mapping_names_only_what_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("SPEC_MAPPING.md")).expect("SPEC_MAPPING.md");
    let report = check(root, &doc);
    let list: Vec<String> = report.stale.iter().map(ToString::to_string).collect();
    assert!(
        list.is_empty(),
        "SPEC_MAPPING.md names {} thing(s) that do not exist:\n{}",
        list.len(),
        list.join("\n")
    );
    println!(
        "checked {} paths, {} items, {} tcIds",
        report.paths, report.items, report.tc_ids
    );
    // The document maps hundreds of items; a parser that silently found no tables would pass
    // the assertion above, so the counts must stay in the document's range.
    assert!(report.paths > 500, "only {} paths checked", report.paths);
    assert!(report.items > 800, "only {} items checked", report.items);
    assert!(report.tc_ids > 50, "only {} tcIds checked", report.tc_ids);
}

#[test]
fn checker_reports_a_made_up_path_and_item() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = "\
# Sample

Prose names `src/sm3/mod.rs` and `src/sm3/no_such_module.rs`.

## SM3 sample

| Clause | Requires | Code | Proof |
|---|---|---|---|
| §5.4 | output | `src/sm3/mod.rs` `Sm3::finalize`, `Sm3::made_up_method`, `Hash for Sm3` | `tests/no_such_test.rs` `anything`; `vectors/sm3_gbt32905.json` tcId 1, tcIds 2, 999; `IndCpaTest` |
| §4.1 | IV | `src/sm3/mod.rs` `IV` (`src/sm3/soft.rs` `compress`), `Sm3::reset`; `Sm3::reset` | `src/sm4/mod.rs` `Sm4Backend::Soft`, `Sm4Backend::Imaginary`, `Sm3 for Sm4`, `no_macro!` (`hazmat`) |
";
    let report = check(root, doc);
    let got: Vec<String> = report.stale.iter().map(ToString::to_string).collect();
    let expect = [
        ("line 3", "`src/sm3/no_such_module.rs`"),
        ("§5.4", "`Sm3::made_up_method`"),
        ("§5.4", "`tests/no_such_test.rs`"),
        ("§5.4", "tcId 999"),
        ("§5.4", "`IndCpaTest`"),
        ("§4.1", "`Sm3::reset`"),
        ("§4.1", "`Sm4Backend::Imaginary`"),
        ("§4.1", "`Sm3 for Sm4`"),
        ("§4.1", "`no_macro!`"),
    ];
    for (place, what) in expect {
        assert!(
            got.iter().any(|s| s.contains(place) && s.contains(what)),
            "{what} at {place} not reported; got:\n{}",
            got.join("\n")
        );
    }
    // Exactly those: `Sm3::finalize`, `Hash for Sm3`, tcIds 1 and 2, `IV`, the first `Sm3::reset`
    // (in src/sm3/mod.rs, after the parenthesis closed), `compress` in soft.rs,
    // `Sm4Backend::Soft` and the feature `hazmat` are all real.
    assert_eq!(
        got.len(),
        expect.len(),
        "unexpected reports:\n{}",
        got.join("\n")
    );
    assert_eq!(report.paths, 8);
    assert_eq!(report.tc_ids, 3);
}

#[test]
fn rust_index_reads_items_past_literals_and_macros() {
    let src = r##"
        const Q: char = '\''; // a quote in a character literal
        const S: &str = "fn not_an_item() { \" }";
        const R: &str = r#"struct NotAType;"#;
        /* fn nor_this() {} /* nested */ */
        pub enum Mode<'a> { #[cfg(test)] First(&'a u8, u16), Second { x: u8 }, Third = 3 }
        impl<'a, T: Into<u8>> core::fmt::Debug for Wrapper<T> where T: Copy {
            fn fmt(&self) -> impl Sized {}
        }
        mod tests { fn inner() {} }
        macro_rules! make { ($name:ident) => { pub struct $name; fn made_by_macro() {} }; }
        make!(Generated);
    "##;
    let idx = RustIndex::new(src);
    for item in [
        "Q",
        "S",
        "R",
        "Mode::First",
        "Mode::Second",
        "Mode::Third",
        "Wrapper::fmt",
        "Debug for Wrapper",
        "core::fmt::Debug",
        "tests::inner",
        "make!",
        "Generated",
        "made_by_macro",
    ] {
        assert!(idx.has(item), "{item} not found");
    }
    for absent in [
        "not_an_item",
        "NotAType",
        "nor_this",
        "Mode::x",
        "Mode::Fourth",
        "tests::fmt",
        "Display for Wrapper",
        "Debug for Mode",
        "Sized",
        "name",
    ] {
        assert!(!idx.has(absent), "{absent} found");
    }
}

// ---------------------------------------------------------------------------------------------
// The checker.

#[derive(Debug, Default)]
struct Report {
    stale: Vec<Stale>,
    paths: usize,
    items: usize,
    tc_ids: usize,
}

#[derive(Debug)]
struct Stale {
    line: usize,
    place: String,
    what: String,
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "  SPEC_MAPPING.md line {} [{}]: {}",
            self.line, self.place, self.what
        )
    }
}

fn check(root: &Path, doc: &str) -> Report {
    let mut c = Checker {
        root: root.to_path_buf(),
        cargo: cargo_names(root),
        cache: HashMap::new(),
        report: Report::default(),
    };
    let lines: Vec<&str> = doc.lines().collect();
    let mut section = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with('|') {
            // A table: header, separator, rows.
            let header: Vec<String> = split_row(line).into_iter().map(str::to_string).collect();
            let code_cols: Vec<bool> = header
                .iter()
                .map(|h| h.starts_with("Code") || h.starts_with("Proof") || h == "Where")
                .collect();
            i += 1;
            while i < lines.len() && lines[i].starts_with('|') {
                let row = lines[i];
                i += 1;
                if row.starts_with("|---") || row.starts_with("| ---") {
                    continue;
                }
                let cells = split_row(row);
                let first = cells.first().copied().unwrap_or_default();
                let place = format!("{section} | {}", shorten(first));
                for (k, cell) in cells.iter().enumerate() {
                    let code = code_cols.get(k).copied().unwrap_or(false);
                    c.cell(cell, code, i, &place);
                }
            }
            continue;
        }
        if let Some(h) = line.strip_prefix('#') {
            section = h.trim_start_matches('#').trim().to_string();
            i += 1;
            continue;
        }
        if line.trim().is_empty() {
            i += 1;
            continue;
        }
        // A paragraph (a backticked span may cross its lines): paths only.
        let start = i;
        let mut text = String::from(line);
        i += 1;
        while i < lines.len()
            && !lines[i].trim().is_empty()
            && !lines[i].starts_with('|')
            && !lines[i].starts_with('#')
        {
            text.push('\n');
            text.push_str(lines[i]);
            i += 1;
        }
        let place = format!("{section} | prose");
        let mut at = 0;
        for (n, tok) in text.split('`').enumerate() {
            if n % 2 == 1 && is_path(tok) {
                let line = start + 1 + text[..at].matches('\n').count();
                c.path(tok, line, &place);
            }
            at += tok.len() + 1;
        }
    }
    c.report
}

fn shorten(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// Cells of a table row, split on `|` outside backticks.
fn split_row(row: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let mut in_code = false;
    let mut start = 0;
    for (at, ch) in row.char_indices() {
        match ch {
            '`' => in_code = !in_code,
            '|' if !in_code => {
                cells.push(row[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    cells.push(row[start..].trim());
    // The leading and trailing `|` leave empty ends.
    if cells.first() == Some(&"") {
        cells.remove(0);
    }
    if cells.last() == Some(&"") {
        cells.pop();
    }
    cells
}

fn is_path(tok: &str) -> bool {
    const PREFIXES: [&str; 10] = [
        "src/", "tests/", "cli/", "benches/", "vectors/", "fuzz/", "scripts/", "tools/", ".ci/",
        ".cargo/",
    ];
    !tok.contains(char::is_whitespace)
        && (PREFIXES.iter().any(|p| tok.starts_with(p))
            || tok == "Cargo.toml"
            || tok.ends_with(".md"))
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_rust_path(s: &str) -> bool {
    !s.is_empty() && s.split("::").all(is_ident)
}

/// A type as written in `Trait for Type`: a path, optionally with generic arguments.
fn is_type(s: &str) -> bool {
    let base = s.split('<').next().unwrap_or_default();
    is_rust_path(base)
        && s[base.len()..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_:<>, &".contains(c))
}

/// `name`, `a::b`, `name!`, `Trait for Type`.
fn is_item_shaped(tok: &str) -> bool {
    if let Some(m) = tok.strip_suffix('!') {
        return is_ident(m);
    }
    if let Some((t, ty)) = tok.split_once(" for ") {
        return is_type(t) && is_type(ty);
    }
    is_rust_path(tok)
}

/// The library's feature and dependency names (`[features]`, `[dependencies]`,
/// `[dev-dependencies]` and target dependency tables of the root Cargo.toml).
fn cargo_names(root: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    let mut out = BTreeSet::new();
    let mut inside = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == "[features]" || line.ends_with("dependencies]");
        } else if inside
            && !line.starts_with('#')
            && let Some((name, _)) = line.split_once('=')
        {
            out.insert(name.trim().to_string());
        }
    }
    assert!(
        out.contains("hazmat") && out.contains("sm3"),
        "Cargo.toml tables not found"
    );
    out
}

enum Index {
    Rust(RustIndex),
    Json(JsonIndex),
    Dir(BTreeSet<String>),
    Text(String),
}

struct Checker {
    root: PathBuf,
    /// Feature and crate names: backticked, they name Cargo.toml entries, not items.
    cargo: BTreeSet<String>,
    cache: HashMap<PathBuf, Index>,
    report: Report,
}

/// What items are looked up in: the files a path token names (several for a pattern).
#[derive(Clone)]
enum Ctx {
    None,
    /// A path that does not exist (already reported): its items are not checked.
    Missing,
    Files(String, Vec<PathBuf>),
}

impl Checker {
    fn stale(&mut self, line: usize, place: &str, what: String) {
        self.report.stale.push(Stale {
            line,
            place: place.to_string(),
            what,
        });
    }

    /// Resolves a path token; reports it when nothing exists there.
    fn path(&mut self, tok: &str, line: usize, place: &str) -> Ctx {
        self.report.paths += 1;
        let rel = tok.trim_end_matches('/');
        let found: Vec<PathBuf> = match rel.rsplit_once('/') {
            Some((dir, pat)) if pat.contains('*') => {
                let (pre, post) = pat.split_once('*').expect("a *");
                let mut v: Vec<PathBuf> = std::fs::read_dir(self.root.join(dir))
                    .into_iter()
                    .flatten()
                    .filter_map(Result::ok)
                    .filter(|e| {
                        let n = e.file_name().to_string_lossy().into_owned();
                        n.len() >= pre.len() + post.len() && n.starts_with(pre) && n.ends_with(post)
                    })
                    .map(|e| e.path())
                    .collect();
                v.sort();
                v
            }
            _ if rel.contains('*') => {
                self.stale(
                    line,
                    place,
                    format!("`{tok}`: a pattern only in the last component"),
                );
                return Ctx::Missing;
            }
            _ => {
                let p = self.root.join(rel);
                if p.exists() { vec![p] } else { vec![] }
            }
        };
        if found.is_empty() {
            self.stale(line, place, format!("path `{tok}` does not exist"));
            return Ctx::Missing;
        }
        Ctx::Files(tok.to_string(), found)
    }

    fn cell(&mut self, cell: &str, code_column: bool, line: usize, place: &str) {
        // The context of each parenthesis level; `)` restores the enclosing one.
        let mut stack: Vec<Ctx> = vec![Ctx::None];
        for (n, part) in cell.split('`').enumerate() {
            if n % 2 == 1 {
                let tok = part;
                if is_path(tok) {
                    let ctx = self.path(tok, line, place);
                    *stack.last_mut().expect("a level") = ctx;
                    continue;
                }
                let ctx = stack.last().expect("a level").clone();
                match ctx {
                    Ctx::Missing => {}
                    Ctx::Files(shown, files) => self.item(tok, &shown, &files, line, place),
                    Ctx::None => {
                        if code_column && is_item_shaped(tok) && !self.cargo.contains(tok) {
                            self.stale(
                                line,
                                place,
                                format!("`{tok}` has no path before it in its cell"),
                            );
                        }
                    }
                }
                continue;
            }
            let mut rest = part;
            while let Some(ch) = rest.chars().next() {
                if let Some(after) = rest.strip_prefix("tcId") {
                    let after = after.strip_prefix('s').unwrap_or(after);
                    if after.starts_with(' ') {
                        let (ids, used) = parse_tc_ids(after);
                        let ctx = stack.last().expect("a level").clone();
                        self.tc_ids(&ids, &ctx, code_column, line, place);
                        rest = &after[used..];
                        continue;
                    }
                }
                match ch {
                    '(' => {
                        let inner = stack.last().expect("a level").clone();
                        stack.push(inner);
                    }
                    ')' if stack.len() > 1 => {
                        stack.pop();
                    }
                    // Inside a parenthesis `;` separates remarks on the same path.
                    ';' if stack.len() == 1 => stack[0] = Ctx::None,
                    _ => {}
                }
                rest = &rest[ch.len_utf8()..];
            }
        }
    }

    fn tc_ids(&mut self, ids: &[u64], ctx: &Ctx, code_column: bool, line: usize, place: &str) {
        let files = match ctx {
            Ctx::Files(_, files) => files.clone(),
            Ctx::Missing => return,
            Ctx::None => {
                if code_column {
                    self.stale(line, place, "tcIds with no vector file before them".into());
                }
                return;
            }
        };
        for &id in ids {
            self.report.tc_ids += 1;
            let shown = files[0]
                .strip_prefix(&self.root)
                .unwrap_or(&files[0])
                .display()
                .to_string();
            let found = files.iter().any(|f| match self.index(f) {
                Index::Json(j) => j.tc_ids.contains(&id),
                _ => false,
            });
            if !found {
                self.stale(line, place, format!("`{shown}` has no tcId {id}"));
            }
        }
    }

    fn item(&mut self, tok: &str, shown: &str, files: &[PathBuf], line: usize, place: &str) {
        let mut checked = false;
        let mut found = false;
        let rust_item = is_item_shaped(tok) && !self.cargo.contains(tok);
        for f in files {
            let (c, ok) = match self.index(f) {
                Index::Rust(r) => (rust_item, rust_item && r.has(tok)),
                Index::Json(j) => (true, j.has(tok)),
                Index::Dir(entries) => (
                    true,
                    entries.contains(tok)
                        || entries
                            .iter()
                            .any(|e| e.rsplit_once('.').is_some_and(|(stem, _)| stem == tok)),
                ),
                Index::Text(text) => (true, has_word(text, tok)),
            };
            checked |= c;
            found |= ok;
        }
        if checked {
            self.report.items += 1;
            if !found {
                self.stale(line, place, format!("`{shown}` has no `{tok}`"));
            }
        }
    }

    fn index(&mut self, file: &Path) -> &Index {
        self.cache.entry(file.to_path_buf()).or_insert_with(|| {
            if file.is_dir() {
                let entries = std::fs::read_dir(file)
                    .expect("readable directory")
                    .filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect();
                return Index::Dir(entries);
            }
            let text =
                std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            match file.extension().and_then(|e| e.to_str()) {
                Some("rs") => Index::Rust(RustIndex::new(&text)),
                Some("json") => Index::Json(JsonIndex::new(&text, file)),
                _ => Index::Text(text),
            }
        })
    }
}

/// `N`, `N–M` (en dash or hyphen), separated by `,` or `and`; returns the ids and the bytes used.
fn parse_tc_ids(s: &str) -> (Vec<u64>, usize) {
    let mut ids = Vec::new();
    let mut used = 0;
    let mut rest = s;
    loop {
        let trimmed = rest.trim_start();
        let skip = rest.len() - trimmed.len();
        let digits = trimmed.len()
            - trimmed
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        if digits == 0 {
            break;
        }
        let first: u64 = trimmed[..digits].parse().expect("digits");
        let mut last = first;
        let mut taken = skip + digits;
        let after = &trimmed[digits..];
        for dash in ["–", "-"] {
            if let Some(r) = after.strip_prefix(dash) {
                let d = r.len() - r.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                if d > 0 {
                    last = r[..d].parse().expect("digits");
                    taken += dash.len() + d;
                }
                break;
            }
        }
        ids.extend(first..=last);
        used += taken;
        rest = &rest[taken..];
        // A separator must be followed by another number to belong to the list.
        let sep = [", ", " and ", ","].iter().find(|sep| {
            rest.strip_prefix(**sep)
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        });
        match sep {
            Some(sep) => {
                used += sep.len();
                rest = &rest[sep.len()..];
            }
            None => break,
        }
    }
    (ids, used)
}

fn has_word(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(is_word)
            && !text[at + word.len()..].chars().next().is_some_and(is_word)
    })
}

// ---------------------------------------------------------------------------------------------
// JSON vector files.

struct JsonIndex {
    keys: BTreeSet<String>,
    strings: BTreeSet<String>,
    pairs: BTreeSet<(String, String)>,
    tc_ids: BTreeSet<u64>,
}

impl JsonIndex {
    fn new(text: &str, file: &Path) -> Self {
        let v: serde_json::Value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut j = JsonIndex {
            keys: BTreeSet::new(),
            strings: BTreeSet::new(),
            pairs: BTreeSet::new(),
            tc_ids: BTreeSet::new(),
        };
        j.walk(&v);
        j
    }

    fn walk(&mut self, v: &serde_json::Value) {
        use serde_json::Value;
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    self.keys.insert(k.clone());
                    match x {
                        Value::String(s) => {
                            self.pairs.insert((k.clone(), format!("\"{s}\"")));
                        }
                        Value::Number(n) => {
                            self.pairs.insert((k.clone(), n.to_string()));
                            if k == "tcId"
                                && let Some(id) = n.as_u64()
                            {
                                self.tc_ids.insert(id);
                            }
                        }
                        _ => {}
                    }
                    self.walk(x);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| self.walk(x)),
            Value::String(s) => {
                self.strings.insert(s.clone());
            }
            _ => {}
        }
    }

    fn has(&self, tok: &str) -> bool {
        if let Some((k, v)) = tok.split_once(": ") {
            return self.pairs.contains(&(k.to_string(), v.to_string()));
        }
        self.keys.contains(tok) || self.strings.contains(tok)
    }
}

// ---------------------------------------------------------------------------------------------
// Rust files: a token scan that knows item definitions, `impl` headers and their scopes.

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Punct(&'static str),
}

/// Tokens of Rust source without comments, string and character literals, numbers or lifetimes.
fn lex(src: &str) -> Vec<Tok> {
    const PUNCT: [&str; 18] = [
        "::", "->", "=>", "{", "}", "(", ")", "[", "]", "<", ">", ";", ",", ":", "#", "!", "&", "$",
    ];
    let s: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let skip_string = |mut i: usize| -> usize {
        // At the opening quote; returns the index after the closing one.
        i += 1;
        while i < s.len() && s[i] != '"' {
            i += if s[i] == '\\' { 2 } else { 1 };
        }
        i + 1
    };
    while i < s.len() {
        let c = s[i];
        let next = s.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < s.len() {
                if s[i] == '/' && s.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if s[i] == '*' && s.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            i = skip_string(i);
        } else if c == '\'' {
            if next == Some('\\') {
                // An escape: the quote, the backslash and the escaped character, then to the quote.
                i += 3;
                while i < s.len() && s[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if s.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                // A lifetime or label.
                i += 1;
                while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_') {
                    i += 1;
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_') {
                i += 1;
            }
            let word: String = s[start..i].iter().collect();
            let raw_prefix = matches!(word.as_str(), "r" | "br" | "cr");
            if raw_prefix && matches!(s.get(i), Some('"') | Some('#')) {
                let mut hashes = 0;
                while s.get(i) == Some(&'#') {
                    hashes += 1;
                    i += 1;
                }
                if s.get(i) == Some(&'"') {
                    // A raw string: ends at `"` followed by as many `#`.
                    i += 1;
                    while i < s.len() {
                        if s[i] == '"' && (1..=hashes).all(|k| s.get(i + k) == Some(&'#')) {
                            i += 1 + hashes;
                            break;
                        }
                        i += 1;
                    }
                    continue;
                }
                // `r#ident`: a raw identifier.
                let start = i;
                while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_') {
                    i += 1;
                }
                out.push(Tok::Ident(s[start..i].iter().collect()));
                continue;
            }
            if matches!(word.as_str(), "b" | "c") && s.get(i) == Some(&'"') {
                i = skip_string(i);
                continue;
            }
            if word == "b" && s.get(i) == Some(&'\'') {
                continue; // the byte literal is skipped as a character literal next
            }
            out.push(Tok::Ident(word));
        } else if c.is_ascii_digit() {
            while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_') {
                i += 1;
            }
        } else {
            let two: String = s[i..(i + 2).min(s.len())].iter().collect();
            if let Some(p) = PUNCT.iter().find(|p| p.len() == 2 && **p == two) {
                out.push(Tok::Punct(p));
                i += 2;
            } else {
                if let Some(p) = PUNCT.iter().find(|p| p.len() == 1 && p.starts_with(c)) {
                    out.push(Tok::Punct(p));
                }
                i += 1;
            }
        }
    }
    out
}

#[derive(Debug)]
struct Def {
    name: String,
    /// Names of the enclosing modules, traits, enums and `impl` self types, outermost first.
    scope: Vec<String>,
}

#[derive(Debug)]
struct Impl {
    /// The trait path without generic arguments (`digest::FixedOutput`), if a trait impl.
    trait_path: Option<String>,
    /// The self type as written, without whitespace (`P1363<SigningKey>`).
    self_ty: String,
    /// Its last path segment without generic arguments (`P1363`).
    self_base: String,
}

#[derive(Debug, Default)]
struct RustIndex {
    defs: Vec<Def>,
    impls: Vec<Impl>,
    macros: BTreeSet<String>,
}

fn ident(t: Option<&Tok>) -> Option<&str> {
    match t {
        Some(Tok::Ident(s)) => Some(s),
        _ => None,
    }
}

fn join(toks: &[Tok]) -> String {
    toks.iter()
        .map(|t| match t {
            Tok::Ident(s) => s.as_str(),
            Tok::Punct(p) => p,
        })
        .collect()
}

/// A path up to its first top-level `<` (its generic arguments dropped).
fn base_path(toks: &[Tok]) -> String {
    let end = toks
        .iter()
        .position(|t| *t == Tok::Punct("<"))
        .unwrap_or(toks.len());
    join(&toks[..end])
}

impl RustIndex {
    fn new(src: &str) -> Self {
        let toks = lex(src);
        let mut idx = RustIndex::default();
        // (brace depth of the body, name, is an enum body, bracket/paren nesting at the body)
        let mut scopes: Vec<(usize, String, bool, usize)> = Vec::new();
        let mut pending: Option<(String, bool)> = None;
        let mut depth = 0usize;
        let mut nest = 0usize;
        let mut expect_variant = false;
        // Macro invocations: (macro, scope, index of the opening delimiter).
        let mut calls: Vec<(String, Vec<String>, usize)> = Vec::new();
        let scope_names =
            |scopes: &[(usize, String, bool, usize)]| scopes.iter().map(|s| s.1.clone()).collect();
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            let in_enum = scopes
                .last()
                .is_some_and(|s| s.2 && s.0 == depth && s.3 == nest);
            match t {
                Tok::Punct("{") => {
                    depth += 1;
                    if let Some((name, is_enum)) = pending.take() {
                        scopes.push((depth, name, is_enum, nest));
                        expect_variant = is_enum;
                    }
                }
                Tok::Punct("}") => {
                    if scopes.last().is_some_and(|s| s.0 == depth) {
                        scopes.pop();
                    }
                    depth = depth.saturating_sub(1);
                }
                Tok::Punct("(") | Tok::Punct("[") => nest += 1,
                Tok::Punct(")") | Tok::Punct("]") => nest = nest.saturating_sub(1),
                Tok::Punct(";") => pending = None,
                Tok::Punct(",") if in_enum => expect_variant = true,
                Tok::Ident(w) if in_enum && expect_variant => {
                    expect_variant = false;
                    idx.defs.push(Def {
                        name: w.clone(),
                        scope: scope_names(&scopes),
                    });
                }
                Tok::Ident(w) => {
                    let next = ident(toks.get(i + 1));
                    match w.as_str() {
                        "fn" | "struct" | "union" | "type" | "static" | "const" => {
                            let mut k = i + 1;
                            if w == "static" && ident(toks.get(k)) == Some("mut") {
                                k += 1;
                            }
                            if let Some(name) = ident(toks.get(k))
                                && !matches!(name, "fn" | "unsafe" | "extern" | "async" | "_")
                            {
                                idx.defs.push(Def {
                                    name: name.to_string(),
                                    scope: scope_names(&scopes),
                                });
                            }
                        }
                        "mod" | "trait" | "enum" => {
                            if let Some(name) = next {
                                idx.defs.push(Def {
                                    name: name.to_string(),
                                    scope: scope_names(&scopes),
                                });
                                pending = Some((name.to_string(), w == "enum"));
                            }
                        }
                        "macro_rules" if toks.get(i + 1) == Some(&Tok::Punct("!")) => {
                            if let Some(name) = ident(toks.get(i + 2)) {
                                idx.macros.insert(name.to_string());
                            }
                        }
                        _ if toks.get(i + 1) == Some(&Tok::Punct("!"))
                            && matches!(toks.get(i + 2), Some(Tok::Punct("(" | "[" | "{"))) =>
                        {
                            calls.push((w.clone(), scope_names(&scopes), i + 2));
                        }
                        "impl" => {
                            let prev = if i == 0 { None } else { Some(&toks[i - 1]) };
                            let item = match prev {
                                None => true,
                                Some(Tok::Punct(p)) => matches!(*p, "}" | ";" | "{" | "]"),
                                Some(Tok::Ident(p)) => p == "unsafe",
                            };
                            if item && let Some((imp, used)) = parse_impl(&toks[i + 1..]) {
                                pending = Some((imp.self_base.clone(), false));
                                idx.impls.push(imp);
                                i += 1 + used;
                                continue;
                            }
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
            i += 1;
        }
        // Names a file-local macro defines: its body writes `struct $x`, `fn $x`, … and an
        // invocation passes a lone identifier (`aes_wrapper!(Aes128, aes::Aes128, …)`).
        let defining: BTreeSet<&str> = idx
            .macros
            .iter()
            .filter(|m| {
                let start = toks.windows(3).position(|w| {
                    w[0] == Tok::Ident("macro_rules".into())
                        && w[1] == Tok::Punct("!")
                        && w[2] == Tok::Ident(m.to_string())
                });
                start.is_some_and(|at| {
                    let body = &toks[at + 3..group_end(&toks, at + 3)];
                    body.windows(2).any(|w| {
                        matches!(&w[0], Tok::Ident(k) if DEF_KEYWORDS.contains(&k.as_str()))
                            && w[1] == Tok::Punct("$")
                    })
                })
            })
            .map(String::as_str)
            .collect();
        let mut generated = Vec::new();
        for (m, scope, open) in &calls {
            if !defining.contains(m.as_str()) {
                continue;
            }
            let args = &toks[open + 1..group_end(&toks, *open).saturating_sub(1)];
            for (k, t) in args.iter().enumerate() {
                let lone = matches!(args.get(k + 1), None | Some(Tok::Punct("," | ";")))
                    && (k == 0 || matches!(args[k - 1], Tok::Punct("," | ";" | "]" | "(")));
                if let (Tok::Ident(name), true) = (t, lone) {
                    generated.push(Def {
                        name: name.clone(),
                        scope: scope.clone(),
                    });
                }
            }
        }
        idx.defs.extend(generated);
        idx
    }

    fn implements(&self, trait_path: &str) -> bool {
        self.impls.iter().any(|imp| {
            imp.trait_path.as_deref().is_some_and(|t| {
                t == trait_path
                    || t.ends_with(&format!("::{trait_path}"))
                    || trait_path.ends_with(&format!("::{t}"))
            })
        })
    }

    fn has(&self, tok: &str) -> bool {
        if let Some(m) = tok.strip_suffix('!') {
            return self.macros.contains(m);
        }
        if let Some((tr, ty)) = tok.split_once(" for ") {
            let ty: String = ty.chars().filter(|c| !c.is_whitespace()).collect();
            return self.impls.iter().any(|imp| {
                let trait_ok = imp.trait_path.as_deref().is_some_and(|t| {
                    let want = tr.split('<').next().unwrap_or_default();
                    t == want
                        || t.ends_with(&format!("::{want}"))
                        || want.ends_with(&format!("::{t}"))
                });
                let ty_ok = if ty.contains('<') {
                    imp.self_ty == ty
                } else {
                    imp.self_base == ty
                };
                trait_ok && ty_ok
            });
        }
        let segs: Vec<&str> = tok.split("::").collect();
        let (name, outer) = segs.split_last().expect("a segment");
        let defined = self.defs.iter().any(|d| {
            d.name == *name
                && d.scope.len() >= outer.len()
                && d.scope[d.scope.len() - outer.len()..]
                    .iter()
                    .zip(outer)
                    .all(|(a, b)| a == b)
        });
        defined || self.implements(tok)
    }
}

const DEF_KEYWORDS: [&str; 9] = [
    "fn", "struct", "enum", "union", "trait", "type", "mod", "const", "static",
];

/// The index just after the group (`(…)`, `[…]`, `{…}`) that opens at `open`, if it opens one.
fn group_end(toks: &[Tok], open: usize) -> usize {
    let mut depth = 0usize;
    for (k, t) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct("(" | "[" | "{") => depth += 1,
            Tok::Punct(")" | "]" | "}") => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return k + 1;
                }
            }
            _ if depth == 0 => return open,
            _ => {}
        }
    }
    toks.len()
}

/// The header after `impl` up to its `{`: returns the impl and the tokens used (not the `{`).
fn parse_impl(toks: &[Tok]) -> Option<(Impl, usize)> {
    let end = toks
        .iter()
        .position(|t| matches!(t, Tok::Punct("{") | Tok::Punct(";")))?;
    let header = &toks[..end];
    // Skip the impl's own generic parameters.
    let mut k = 0;
    if header.first() == Some(&Tok::Punct("<")) {
        let mut angle = 0i32;
        while k < header.len() {
            match header[k] {
                Tok::Punct("<") => angle += 1,
                Tok::Punct(">") => angle -= 1,
                _ => {}
            }
            k += 1;
            if angle == 0 {
                break;
            }
        }
    }
    let body = &header[k..];
    let mut angle = 0i32;
    let mut split = None;
    let mut stop = body.len();
    for (j, t) in body.iter().enumerate() {
        match t {
            Tok::Punct("<") => angle += 1,
            Tok::Punct(">") => angle -= 1,
            Tok::Ident(w) if angle == 0 && w == "where" => {
                stop = j;
                break;
            }
            Tok::Ident(w)
                if angle == 0 && w == "for" && body.get(j + 1) != Some(&Tok::Punct("<")) =>
            {
                split = Some(j);
            }
            _ => {}
        }
    }
    let (trait_path, ty) = match split {
        Some(j) => (Some(base_path(&body[..j])), &body[j + 1..stop]),
        None => (None, &body[..stop]),
    };
    let ty: Vec<Tok> = ty
        .iter()
        .skip_while(|t| matches!(t, Tok::Punct("&")) || ident(Some(t)) == Some("mut"))
        .cloned()
        .collect();
    let base = base_path(&ty);
    let self_base = base.rsplit("::").next().unwrap_or_default().to_string();
    Some((
        Impl {
            trait_path,
            self_ty: join(&ty),
            self_base,
        },
        end,
    ))
}

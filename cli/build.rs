//! Embeds every file of the repository's `vectors/**/*.json` into the `gmkit` binary: writes
//! `$OUT_DIR/embedded_vectors.rs`, a list of `(path, include_bytes!(..))`, so a new vector file is
//! picked up by the next build without touching the code.
//!
//! Also records what built the binary, for the reports of `gmkit bench` and `gmkit kat`
//! (`GMKIT_BUILD_*` environment variables read with `env!`): the git commit, its date and whether
//! the sources differed from it ("unknown" outside a git checkout or without git), the rustc
//! version, the target, the profile and opt-level, RUSTFLAGS and the target-cpu in them, and the
//! target features enabled at compile time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs, io};

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<Vec<_>>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            json_files(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
    Ok(())
}

/// `cmd args...` run in `dir`: its trimmed stdout if it succeeded.
fn output(cmd: &str, args: &[&str], dir: &Path) -> Option<String> {
    let o = Command::new(cmd)
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

/// Set `GMKIT_BUILD_<key>` for the crate (one line; control characters replaced).
fn set(key: &str, value: &str) {
    let clean: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    println!("cargo:rustc-env=GMKIT_BUILD_{key}={clean}");
}

/// The git facts, and the files whose change must rerun this script so they stay true.
fn git(root: &Path) {
    let git = |args: &[&str]| output("git", args, root);
    let commit = git(&["rev-parse", "HEAD"]);
    set("COMMIT", commit.as_deref().unwrap_or("unknown"));
    let date = commit
        .as_ref()
        .and_then(|_| git(&["log", "-1", "--format=%cI"]));
    set("COMMIT_DATE", date.as_deref().unwrap_or("unknown"));
    // Only what goes into the binary: the library, the CLI, the manifests, the vectors.
    let dirty = commit.as_ref().and_then(|_| {
        git(&[
            "status",
            "--porcelain",
            "--",
            "src",
            "cli",
            "Cargo.toml",
            "Cargo.lock",
            "vectors",
        ])
    });
    set(
        "DIRTY",
        match dirty.as_deref() {
            None => "unknown",
            Some("") => "false",
            Some(_) => "true",
        },
    );
    // A new commit or checkout moves HEAD, the branch's ref or the index.
    if let (Some(dir), Some(common)) = (
        git(&["rev-parse", "--absolute-git-dir"]),
        git(&["rev-parse", "--path-format=absolute", "--git-common-dir"]),
    ) {
        let (dir, common) = (PathBuf::from(dir), PathBuf::from(common));
        let mut watch = vec![
            dir.join("HEAD"),
            dir.join("index"),
            common.join("packed-refs"),
        ];
        if let Some(r) = git(&["symbolic-ref", "-q", "HEAD"]) {
            watch.push(common.join(r));
        }
        // A path that does not exist would rerun the script on every build.
        for p in watch.iter().filter(|p| p.exists()) {
            println!("cargo:rerun-if-changed={}", p.display());
        }
    }
}

/// The compiler, target, profile and flags.
fn toolchain() {
    let var = |k: &str| env::var(k).unwrap_or_default();
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(&rustc)
        .arg("-V")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    set("RUSTC", version.as_deref().unwrap_or("unknown"));
    set("TARGET", &var("TARGET"));
    set("PROFILE", &var("PROFILE"));
    set("OPT_LEVEL", &var("OPT_LEVEL"));
    // CARGO_ENCODED_RUSTFLAGS separates the flags with 0x1f.
    let flags: Vec<String> = var("CARGO_ENCODED_RUSTFLAGS")
        .split('\x1f')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect();
    set("RUSTFLAGS", &flags.join(" "));
    // `-C target-cpu=X`, `-Ctarget-cpu=X` or `--codegen target-cpu=X`; the last one wins.
    let mut cpu = String::new();
    let mut prev = "";
    for f in &flags {
        let opt = f
            .strip_prefix("-C")
            .filter(|o| !o.is_empty())
            .or((prev == "-C" || prev == "--codegen").then_some(f.as_str()));
        if let Some(v) = opt.and_then(|o| o.strip_prefix("target-cpu=")) {
            cpu = v.to_string();
        }
        prev = f;
    }
    set("TARGET_CPU", &cpu);
    set("TARGET_FEATURES", &var("CARGO_CFG_TARGET_FEATURE"));
    for k in ["RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS"] {
        println!("cargo:rerun-if-env-changed={k}");
    }
}

fn main() -> io::Result<()> {
    // The repository root: this crate is its `cli/` folder.
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest.parent().unwrap_or(&manifest).to_path_buf();
    let dir = root.join("vectors");
    println!("cargo:rerun-if-changed=build.rs");
    // A directory is scanned for any change below it: the vectors, and every source and manifest
    // the git `DIRTY` flag looks at.
    for p in [
        "../vectors",
        "../src",
        "src",
        "../Cargo.toml",
        "Cargo.toml",
        "../Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={p}");
    }
    git(&root);
    toolchain();
    let mut files = Vec::new();
    if dir.is_dir() {
        json_files(&dir, &mut files)?;
    }
    let mut code = String::from(
        "/// The files of `vectors/` at build time: (path relative to the repository, contents).\n\
         pub static EMBEDDED: &[(&str, &[u8])] = &[\n",
    );
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap_or(f);
        let rel: Vec<String> = rel
            .iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect();
        code.push_str(&format!(
            "    ({:?}, include_bytes!({:?})),\n",
            rel.join("/"),
            f.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    fs::write(out.join("embedded_vectors.rs"), code)
}

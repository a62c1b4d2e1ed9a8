//! Embeds every file of the repository's `vectors/**/*.json` into the `gmkit` binary: writes
//! `$OUT_DIR/embedded_vectors.rs`, a list of `(path, include_bytes!(..))`, so a new vector file is
//! picked up by the next build without touching the code.

use std::path::{Path, PathBuf};
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

fn main() -> io::Result<()> {
    // The repository root: this crate is its `cli/` folder.
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest.parent().unwrap_or(&manifest).to_path_buf();
    let dir = root.join("vectors");
    println!("cargo:rerun-if-changed=build.rs");
    // A directory is scanned for any change below it.
    println!("cargo:rerun-if-changed=../vectors");
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

//! `gmkit kat` and the default run.

use std::path::PathBuf;

use super::{Args, Command, Usage, embedded::EMBEDDED};
use gmkit::kat::{Report, Runner};
use gmkit::registry::BackendSpec;

pub const COMMAND: Command = Command {
    name: "kat",
    usage: "gmkit kat [FILE|DIR...] [--backend NAME|all] [--strict] [--json]\n\
        \x20 FILE|DIR       vector files (JSON, vectors/FORMAT.md) or directories of them;\n\
        \x20                none: the vectors built into this binary\n\
        \x20 --backend B    `all` (every backend this CPU has), a name (`soft`) or per\n\
        \x20                algorithm (`sm4=gfni-avx2,ghash=soft`); default: the automatic choice\n\
        \x20 --strict       tests that cannot be run count as failures\n\
        \x20 --json         print a machine-readable report\n\
        exit status: 0 all passed, 1 a failure (or unsupported with --strict), 2 bad usage",
    summary: "run known-answer vector files",
    run,
};

fn run(args: &[String]) -> Result<i32, Usage> {
    let a = Args::parse(args, &["--strict", "--json"], &["--backend"])?;
    let spec = match a.value("--backend") {
        Some("") => return Err(Usage("--backend needs a name".into())),
        Some(b) => BackendSpec::parse(b),
        None => BackendSpec::Auto,
    };
    let runner = Runner::new().backend(spec);
    let report = if a.positional.is_empty() {
        run_embedded(&runner)
    } else {
        let paths: Vec<PathBuf> = a.positional.iter().map(PathBuf::from).collect();
        runner.run_paths(&paths)
    };
    Ok(finish(&report, a.flag("--strict"), a.flag("--json")))
}

fn run_embedded(runner: &Runner<'_>) -> Report {
    Report {
        files: EMBEDDED
            .iter()
            .flat_map(|(name, json)| runner.run_json(name, json))
            .collect(),
    }
}

fn finish(report: &Report, strict: bool, json: bool) -> i32 {
    if json {
        println!("{}", report.to_json());
    } else if report.files.is_empty() {
        println!("no vector files");
    } else {
        print!("{}", report.to_text());
    }
    if report.ok(strict) { 0 } else { 1 }
}

/// `gmkit` with no arguments: the embedded vectors on every backend.
pub fn default_run() -> i32 {
    if EMBEDDED.is_empty() {
        println!("this gmkit binary was built without vector files (vectors/ was empty)");
        return 0;
    }
    let report = run_embedded(&Runner::new().backend(BackendSpec::All));
    finish(&report, false, false)
}

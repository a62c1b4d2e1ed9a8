//! `gmkit info`: what this CPU offers and what each algorithm runs on.

use super::{Args, Command, Usage};
use gmkit::registry::{self, Axis, BackendSpec};

pub const COMMAND: Command = Command {
    name: "info",
    usage: "gmkit info\n\
        \x20 prints the build (git commit, rustc, target, profile), the architecture, the CPU\n\
        \x20 features gmkit looks at, GMKIT_BACKEND and whether it applied, and per algorithm the\n\
        \x20 backends available and the one chosen",
    summary: "show CPU features and the backends each algorithm can use",
    run,
};

fn run(args: &[String]) -> Result<i32, Usage> {
    let a = Args::parse(args, &[], &[])?;
    if let Some(extra) = a.positional.first() {
        return Err(Usage(format!("unexpected argument {extra:?}")));
    }
    print!("{}", info());
    Ok(0)
}

fn info() -> String {
    let b = crate::host::Build::this();
    let mut s = format!(
        "gmkit {}\nbuilt with: {}, {}, {}\narch: {}\n",
        b.label(),
        b.rustc,
        b.target,
        b.flags_label(),
        gmkit::cpu::ARCH
    );
    let features = gmkit::cpu::features_seen();
    let names = |present: bool| {
        let n: Vec<&str> = features
            .iter()
            .filter(|(_, probe)| probe() == present)
            .map(|(n, _)| *n)
            .collect();
        if n.is_empty() {
            "-".to_string()
        } else {
            n.join(" ")
        }
    };
    s += &format!("cpu features: {}\n", names(true));
    s += &format!("not present:  {}\n", names(false));

    let algs = registry::algorithms();
    let mut axes: Vec<Axis> = registry::axes_of(algs);
    // Batch verification is an API, not a registry algorithm: its backend choice is listed too.
    axes.push(Axis::of::<gmkit::sm2::batch::BatchBackend>());
    match gmkit::backend::forced_spec() {
        None => s += "GMKIT_BACKEND: not set\n",
        Some(spec) => {
            s += &format!("GMKIT_BACKEND: {spec:?}\n");
            for axis in axes.iter().filter(|a| a.is_enum()) {
                if let Some(name) = gmkit::backend::forced(axis.key) {
                    let applied = axis.available().contains(&name);
                    s += &format!(
                        "  {}: {name} {}\n",
                        axis.key,
                        if applied {
                            "(applied)"
                        } else {
                            "(not available here: ignored)"
                        }
                    );
                }
            }
        }
    }

    s += "\nbackends:\n";
    for axis in &axes {
        s += &format!(
            "  {:<10} available: {:<32} chosen: {}\n",
            axis.key,
            axis.available().join(", "),
            axis.auto()
        );
    }
    if axes.is_empty() {
        s += "  (none in this build)\n";
    }

    s += "\nalgorithms:\n";
    let w = algs.iter().map(|a| a.name.len()).max().unwrap_or(0);
    for alg in algs {
        let available = alg
            .choices(&BackendSpec::All)
            .map(|cs| {
                cs.iter()
                    .map(|c| c.label().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_else(|e| e);
        s += &format!(
            "  {:<w$}  {:<13}  available: {:<32} chosen: {}\n",
            alg.name,
            alg.kind().name(),
            available,
            alg.default_choice().label()
        );
    }
    if algs.is_empty() {
        s += "  (none in this build)\n";
    }
    s
}

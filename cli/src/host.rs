//! What produced a report: the build (recorded by `build.rs`) and the machine (read when the
//! command runs), shared by `gmkit bench` and `gmkit kat`.

use serde::Serialize;
use std::time::{SystemTime, UNIX_EPOCH};

/// The build of this binary, as `build.rs` recorded it.
#[derive(Clone, Debug, Serialize)]
pub struct Build {
    /// The crate version.
    pub version: &'static str,
    /// The git commit built from, or "unknown" (no git, or not a checkout).
    pub commit: &'static str,
    /// The commit's date (RFC 3339), or "unknown".
    pub commit_date: &'static str,
    /// Whether the library, CLI, manifests or vectors differed from the commit: "true",
    /// "false" or "unknown".
    pub dirty: &'static str,
    /// `rustc -V` of the compiler.
    pub rustc: &'static str,
    /// The target triple.
    pub target: &'static str,
    /// Cargo's profile kind (`debug` or `release`) and the opt-level.
    pub profile: &'static str,
    pub opt_level: &'static str,
    /// Debug assertions on: the numbers understate a release build.
    pub debug_assertions: bool,
    /// RUSTFLAGS as cargo passed them (space-separated; empty when none).
    pub rustflags: &'static str,
    /// `-C target-cpu` from RUSTFLAGS; empty when not given (the target's baseline).
    pub target_cpu: &'static str,
    /// Target features enabled at compile time (runtime detection adds to these).
    pub target_features: Vec<&'static str>,
}

impl Build {
    pub fn this() -> Build {
        Build {
            version: env!("CARGO_PKG_VERSION"),
            commit: env!("GMKIT_BUILD_COMMIT"),
            commit_date: env!("GMKIT_BUILD_COMMIT_DATE"),
            dirty: env!("GMKIT_BUILD_DIRTY"),
            rustc: env!("GMKIT_BUILD_RUSTC"),
            target: env!("GMKIT_BUILD_TARGET"),
            profile: env!("GMKIT_BUILD_PROFILE"),
            opt_level: env!("GMKIT_BUILD_OPT_LEVEL"),
            debug_assertions: cfg!(debug_assertions),
            rustflags: env!("GMKIT_BUILD_RUSTFLAGS"),
            target_cpu: env!("GMKIT_BUILD_TARGET_CPU"),
            target_features: env!("GMKIT_BUILD_TARGET_FEATURES")
                .split(',')
                .filter(|f| !f.is_empty())
                .collect(),
        }
    }

    /// `0.1.0 (commit 1a2b3c4d5e6f, modified)`.
    pub fn label(&self) -> String {
        let short = self.commit.get(..12).unwrap_or(self.commit);
        let dirty = if self.dirty == "true" {
            ", modified"
        } else {
            ""
        };
        format!("{} (commit {short}{dirty})", self.version)
    }

    /// `release, opt-level 3, target-cpu native`.
    pub fn flags_label(&self) -> String {
        let mut s = format!("{}, opt-level {}", self.profile, self.opt_level);
        if self.debug_assertions {
            s += ", debug assertions";
        }
        s += &format!(
            ", target-cpu {}",
            if self.target_cpu.is_empty() {
                "default"
            } else {
                self.target_cpu
            }
        );
        if !self.rustflags.is_empty() {
            s += &format!(", RUSTFLAGS \"{}\"", self.rustflags);
        }
        s
    }
}

/// The machine, read when the command runs.
#[derive(Clone, Debug, Serialize)]
pub struct Machine {
    /// The CPU's name (`model name`, or `Hardware` / `Model` where there is none).
    pub cpu: Option<String>,
    /// x86: `vendor_id`; aarch64: `CPU implementer`.
    pub cpu_vendor: Option<String>,
    /// x86: `cpu family`; aarch64: `CPU architecture`.
    pub cpu_family: Option<String>,
    /// x86: `model`; aarch64: `CPU part`.
    pub cpu_model: Option<String>,
    /// x86: `stepping`; aarch64: `CPU variant` / `CPU revision`.
    pub cpu_stepping: Option<String>,
    pub arch: &'static str,
    /// The CPU features gmkit looks for that this CPU has (`gmkit info`).
    pub features: Vec<&'static str>,
    /// Threads the OS lets this process run at once.
    pub cores: usize,
    /// The OS (`PRETTY_NAME` of /etc/os-release, else the OS family).
    pub os: String,
    /// The kernel (`uname -sr`).
    pub kernel: String,
}

impl Machine {
    pub fn this() -> Machine {
        let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let field = |keys: &[&str]| -> Option<String> {
            keys.iter().find_map(|key| {
                info.lines().find_map(|line| {
                    let (k, v) = line.split_once(':')?;
                    let v = v.trim();
                    (k.trim() == *key && !v.is_empty()).then(|| v.to_string())
                })
            })
        };
        let stepping = match (field(&["CPU variant"]), field(&["CPU revision"])) {
            (Some(v), Some(r)) => Some(format!("variant {v} revision {r}")),
            _ => field(&["stepping"]),
        };
        Machine {
            cpu: field(&["model name", "Hardware", "Model"]),
            cpu_vendor: field(&["vendor_id", "CPU implementer"]),
            cpu_family: field(&["cpu family", "CPU architecture"]),
            cpu_model: field(&["model", "CPU part"]),
            cpu_stepping: stepping,
            arch: gmkit::cpu::ARCH,
            features: gmkit::cpu::features_seen()
                .iter()
                .filter(|(_, present)| present())
                .map(|(name, _)| *name)
                .collect(),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            os: os_name(),
            kernel: kernel(),
        }
    }

    /// `AMD EPYC 9R14 (family 25, model 17, stepping 1)`.
    pub fn cpu_label(&self) -> String {
        let name = self.cpu.as_deref().unwrap_or("unknown CPU");
        let parts: Vec<String> = [
            ("family", &self.cpu_family),
            ("model", &self.cpu_model),
            ("stepping", &self.cpu_stepping),
        ]
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {v}")))
        .collect();
        if parts.is_empty() {
            name.to_string()
        } else {
            format!("{name} ({})", parts.join(", "))
        }
    }

    pub fn features_label(&self) -> String {
        if self.features.is_empty() {
            "-".into()
        } else {
            self.features.join(" ")
        }
    }
}

fn os_name() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                let v = l.strip_prefix("PRETTY_NAME=")?;
                Some(v.trim_matches('"').to_string())
            })
        })
        .unwrap_or_else(|| std::env::consts::OS.to_string())
}

fn kernel() -> String {
    let read = |p: &str| {
        std::fs::read_to_string(p)
            .ok()
            .map(|s| s.trim().to_string())
    };
    match (
        read("/proc/sys/kernel/ostype"),
        read("/proc/sys/kernel/osrelease"),
    ) {
        (Some(t), Some(r)) => format!("{t} {r}"),
        _ => std::process::Command::new("uname")
            .arg("-sr")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_else(|| "unknown".into()),
    }
}

/// The 1-, 5- and 15-minute load averages (`/proc/loadavg`; `None` where there is none): how
/// much else the machine was running beside a measurement.
pub fn load_average() -> Option<[f64; 3]> {
    let s = std::fs::read_to_string("/proc/loadavg").ok()?;
    let mut it = s.split_whitespace().map(str::parse::<f64>);
    let mut v = [0.0; 3];
    for x in &mut v {
        *x = it.next()?.ok()?;
    }
    Some(v)
}

/// `t` as an RFC 3339 UTC timestamp, to the second: `2026-12-06T09:41:07Z`.
pub fn rfc3339(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// The proleptic Gregorian date of day `z` after 1970-01-01 (eras of 400 years, March-based
/// years so that the leap day ends the year).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468; // days from 0000-03-01
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // March = 0
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Expected strings from `date -u -d @SECONDS +%Y-%m-%dT%H:%M:%SZ` (GNU coreutils).
    #[test]
    fn rfc3339_dates() {
        for (secs, want) in [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_709_251_199, "2024-02-29T23:59:59Z"),
            (4_107_542_400, "2100-03-01T00:00:00Z"),
            (1_798_761_599, "2026-12-31T23:59:59Z"),
        ] {
            assert_eq!(rfc3339(UNIX_EPOCH + Duration::from_secs(secs)), want);
        }
    }

    #[test]
    fn build_is_recorded() {
        let b = Build::this();
        assert!(b.rustc.starts_with("rustc "), "{}", b.rustc);
        assert!(!b.commit.is_empty() && !b.target.is_empty());
        assert!(["true", "false", "unknown"].contains(&b.dirty));
    }
}

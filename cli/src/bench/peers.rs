//! `--peers openssl`: the system OpenSSL's own benchmark (`openssl speed -mr -elapsed`, its
//! machine-readable output, wall-clock time) for the algorithms that match gmkit's operations,
//! on one thread, in the same report.
//!
//! `-mr` prints `+H:size:size…` and `+F:index:NAME:bytes/s:bytes/s…` for ciphers and digests,
//! `+F4:index:bits:sign/s:verify/s` for ECDSA, `+F5:index:bits:ops/s:seconds/op` for ECDH and
//! `+F7:index:bits:NAME:sign/s:verify/s` for SM2 (OpenSSL 3.0 `apps/speed.c`).

use serde::Serialize;
use std::process::Command;

use super::ops::{LADDER, Unit};
use crate::progress::{Progress, Show};

/// One OpenSSL figure beside gmkit's.
#[derive(Clone, Debug, Serialize)]
pub struct PeerRow {
    /// gmkit's operation name.
    pub operation: String,
    /// What OpenSSL ran (its name and options).
    pub algorithm: String,
    pub bytes: usize,
    pub threads: usize,
    /// MB/s or ops/s.
    pub throughput: f64,
    #[serde(skip)]
    pub unit: Unit,
    #[serde(rename = "unit")]
    unit_name: &'static str,
    /// gmkit's median on one thread for the same operation and size, if measured.
    pub gmkit: Option<f64>,
}

impl PeerRow {
    /// gmkit / OpenSSL.
    pub fn ratio(&self) -> Option<f64> {
        self.gmkit.map(|g| g / self.throughput)
    }
}

/// What `--peers openssl` found.
#[derive(Clone, Debug, Serialize)]
pub struct Peers {
    pub source: &'static str,
    /// `openssl version`, or empty when there is no `openssl`.
    pub version: String,
    /// `-seconds` per measurement.
    pub seconds: u32,
    /// The command lines run.
    pub commands: Vec<String>,
    pub rows: Vec<PeerRow>,
    /// Anything that did not run.
    pub notes: Vec<String>,
}

impl Peers {
    pub fn title(&self) -> String {
        format!(
            "OpenSSL peers ({}): `openssl speed -mr -elapsed -seconds {}`, one thread",
            if self.version.is_empty() {
                "not found"
            } else {
                &self.version
            },
            self.seconds
        )
    }
}

/// A cipher or digest run: gmkit's operation and `openssl speed`'s selection options.
struct Sym {
    op: &'static str,
    args: &'static [&'static str],
}

const SYM: &[Sym] = &[
    Sym {
        op: "sm3",
        args: &["-evp", "sm3"],
    },
    Sym {
        op: "sha256",
        args: &["-evp", "sha256"],
    },
    Sym {
        op: "hmac-sm3",
        args: &["-hmac", "sm3"],
    },
    Sym {
        op: "hmac-sha256",
        args: &["-hmac", "sha256"],
    },
    Sym {
        op: "sm4-ecb",
        args: &["-evp", "sm4-ecb"],
    },
    Sym {
        op: "sm4-ctr",
        args: &["-evp", "sm4-ctr"],
    },
    Sym {
        op: "sm4-cbc-enc",
        args: &["-evp", "sm4-cbc"],
    },
    Sym {
        op: "sm4-cbc-dec",
        args: &["-decrypt", "-evp", "sm4-cbc"],
    },
    Sym {
        op: "aes128-ecb",
        args: &["-evp", "aes-128-ecb"],
    },
    Sym {
        op: "aes128-ctr",
        args: &["-evp", "aes-128-ctr"],
    },
    Sym {
        op: "aes128-cbc-enc",
        args: &["-evp", "aes-128-cbc"],
    },
    Sym {
        op: "aes128-cbc-dec",
        args: &["-decrypt", "-evp", "aes-128-cbc"],
    },
    // `-aead`: the TLS-like sequence (nonce, 13-byte AAD, data, tag) per message.
    Sym {
        op: "aes128-gcm-seal",
        args: &["-aead", "-evp", "aes-128-gcm"],
    },
    Sym {
        op: "aes128-ccm-seal",
        args: &["-aead", "-evp", "aes-128-ccm"],
    },
    Sym {
        op: "aes128-xts-enc",
        args: &["-evp", "aes-128-xts"],
    },
];

/// A public-key line: `(tag, value index after the tag's fixed fields, gmkit operation)`.
const PKI: &[(&str, &str, usize, &str)] = &[
    // (openssl algorithm, line tag, field index of the figure, gmkit operation)
    ("ecdsap256", "+F4", 3, "ecdsa-p256-sign"),
    ("ecdsap256", "+F4", 4, "ecdsa-p256-verify"),
    ("ecdhp256", "+F5", 3, "ecdh-p256"),
    ("sm2", "+F7", 4, "sm2-sign"),
    ("sm2", "+F7", 5, "sm2-verify"),
];

/// Run `openssl speed` for the operations in `wanted` (name, byte sizes); `gmkit(op, bytes)` is
/// gmkit's one-thread median.
pub fn openssl(
    wanted: &[(&str, Vec<usize>)],
    sizes: &[usize],
    seconds: u32,
    show: Show,
    gmkit: impl Fn(&str, usize) -> Option<f64>,
) -> Peers {
    let mut peers = Peers {
        source: "openssl",
        version: String::new(),
        seconds,
        commands: Vec::new(),
        rows: Vec::new(),
        notes: Vec::new(),
    };
    match Command::new("openssl").arg("version").output() {
        Ok(o) if o.status.success() => {
            peers.version = String::from_utf8_lossy(&o.stdout).trim().to_string();
        }
        _ => {
            peers
                .notes
                .push("no `openssl` command on PATH: no peer figures".into());
            return peers;
        }
    }
    let has = |op: &str| wanted.iter().any(|(n, _)| *n == op);
    let syms: Vec<&Sym> = SYM.iter().filter(|s| has(s.op)).collect();
    let mut pki: Vec<&str> = PKI
        .iter()
        .filter(|(_, _, _, op)| has(op))
        .map(|(alg, ..)| *alg)
        .collect();
    pki.dedup();
    // The default ladder in one run per algorithm; other sizes one `-bytes` run each.
    let runs_per_sym = if sizes == LADDER { 1 } else { sizes.len() };
    let total = syms.len() * runs_per_sym + usize::from(!pki.is_empty());
    let step = std::time::Duration::from_secs(u64::from(seconds) * (LADDER.len() as u64));
    let mut progress = Progress::new("gmkit bench", total, show).with_step_time(step);
    let base = ["speed", "-mr", "-elapsed", "-seconds"];
    let secs = seconds.to_string();

    for s in &syms {
        let size_args: Vec<Option<String>> = if runs_per_sym == 1 {
            vec![None]
        } else {
            sizes.iter().map(|n| Some(n.to_string())).collect()
        };
        for bytes in size_args {
            let mut args: Vec<&str> = base.to_vec();
            args.push(&secs);
            if let Some(b) = &bytes {
                args.extend(["-bytes", b]);
            }
            args.extend(s.args);
            let line = format!("openssl {}", args.join(" "));
            progress.step(&line);
            peers.commands.push(line.clone());
            match run(&args) {
                Err(e) => peers.notes.push(format!("`{line}`: {e}")),
                Ok(out) => match parse_sym(&out) {
                    None => peers
                        .notes
                        .push(format!("`{line}`: no figures in its output")),
                    Some((name, figures)) => {
                        for (n, bytes_per_s) in figures {
                            let label = format!("{name} ({})", s.args.join(" "));
                            peers
                                .rows
                                .push(row(s.op, label, n, bytes_per_s / 1e6, &gmkit));
                        }
                    }
                },
            }
        }
    }
    if !pki.is_empty() {
        let mut args: Vec<&str> = base.to_vec();
        args.push(&secs);
        args.extend(&pki);
        let line = format!("openssl {}", args.join(" "));
        progress.step(&line);
        peers.commands.push(line.clone());
        match run(&args) {
            Err(e) => peers.notes.push(format!("`{line}`: {e}")),
            Ok(out) => {
                for (alg, tag, field, op) in PKI.iter().filter(|p| pki.contains(&p.0)) {
                    match parse_pki(&out, tag, *field) {
                        Some(v) => peers.rows.push(row(op, (*alg).to_string(), 32, v, &gmkit)),
                        None => peers
                            .notes
                            .push(format!("`{line}`: no {alg} figure ({tag}) in its output")),
                    }
                }
            }
        }
    }
    progress.clear();
    // Only the sizes asked for, in gmkit's order.
    peers.rows.retain(|r| {
        wanted
            .iter()
            .any(|(n, b)| *n == r.operation && b.contains(&r.bytes))
    });
    peers
}

fn row(
    op: &str,
    algorithm: String,
    bytes: usize,
    throughput: f64,
    gmkit: &impl Fn(&str, usize) -> Option<f64>,
) -> PeerRow {
    let unit = if op.starts_with("sm2-") || op.starts_with("ec") {
        Unit::Ops
    } else {
        Unit::Bytes
    };
    PeerRow {
        operation: op.to_string(),
        algorithm,
        bytes,
        threads: 1,
        throughput,
        unit,
        unit_name: unit.name(),
        gmkit: gmkit(op, bytes),
    }
}

fn run(args: &[&str]) -> Result<String, String> {
    let o = Command::new("openssl")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run: {e}"))?;
    if !o.status.success() {
        let err = String::from_utf8_lossy(&o.stderr);
        return Err(format!(
            "exit status {}: {}",
            o.status,
            err.lines().next().unwrap_or("")
        ));
    }
    Ok(String::from_utf8_lossy(&o.stdout).into_owned())
}

/// `+H` sizes and the first `+F` line: (OpenSSL's name, [(bytes, bytes per second)]).
fn parse_sym(out: &str) -> Option<(String, Vec<(usize, f64)>)> {
    let sizes: Vec<usize> = out
        .lines()
        .find_map(|l| l.strip_prefix("+H:"))?
        .split(':')
        .map(|s| s.trim().parse().ok())
        .collect::<Option<_>>()?;
    let f = out.lines().find_map(|l| l.strip_prefix("+F:"))?;
    let mut fields = f.split(':');
    let _index = fields.next()?;
    let name = fields.next()?.to_string();
    let values: Vec<f64> = fields
        .map(|v| v.trim().parse().ok())
        .collect::<Option<_>>()?;
    if values.len() != sizes.len() || values.iter().any(|v| !v.is_finite() || *v <= 0.0) {
        return None;
    }
    Some((name, sizes.into_iter().zip(values).collect()))
}

/// Field `field` (0 = the tag) of the first line starting with `tag:`, as a positive number.
fn parse_pki(out: &str, tag: &str, field: usize) -> Option<f64> {
    let line = out.lines().find(|l| l.split(':').next() == Some(tag))?;
    let v: f64 = line.split(':').nth(field)?.trim().parse().ok()?;
    (v.is_finite() && v > 0.0).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines as OpenSSL 3.0.19 printed them on this project's machine.
    #[test]
    fn parses_machine_readable_output() {
        let sym = "+DT:sm3:1:16\n+R:5591238:sm3:1.000000\n+H:16:64:256:1024:8192:16384\n\
                   +F:25:sm3:60480518.31:140560731.43:261111934.25:329605961.64:369704960.00:378589124.64\n";
        let (name, v) = parse_sym(sym).unwrap();
        assert_eq!(name, "sm3");
        assert_eq!(v.len(), 6);
        assert_eq!(v[0], (16, 60480518.31));
        assert_eq!(v[5], (16384, 378589124.64));
        assert_eq!(
            parse_sym("+H:64\n+F:25:SM4-CTR:112575507.69\n").unwrap().1,
            [(64, 112575507.69)]
        );
        assert!(
            parse_sym("+H:16:64\n+F:25:x:1.0\n").is_none(),
            "count mismatch"
        );
        assert!(parse_sym("nothing").is_none());

        let pki = "+F4:3:256:52703.225806:16545.312500\n+F5:3:256:20312.121212:0.000049\n\
                   +F7:0:256:CurveSM2:3842.424242:3916.417910\n";
        assert_eq!(parse_pki(pki, "+F4", 3), Some(52703.225806));
        assert_eq!(parse_pki(pki, "+F4", 4), Some(16545.3125));
        assert_eq!(parse_pki(pki, "+F5", 3), Some(20312.121212));
        assert_eq!(parse_pki(pki, "+F7", 4), Some(3842.424242));
        assert_eq!(parse_pki(pki, "+F7", 5), Some(3916.41791));
        assert_eq!(parse_pki(pki, "+F6", 3), None);
    }
}

//! A small argument parser: `--flag`, `--opt value`, `--opt=value`, `--` ends the options.

/// A usage error: the message, printed with the command's usage; exit status 2.
#[derive(Debug)]
pub struct Usage(pub String);

/// Parsed arguments.
#[derive(Debug, Default)]
pub struct Args {
    /// Arguments that are not options, in order.
    pub positional: Vec<String>,
    flags: Vec<&'static str>,
    values: Vec<(&'static str, String)>,
}

impl Args {
    /// Parse `args` given the accepted flags and valued options (names with their dashes).
    pub fn parse(
        args: &[String],
        flags: &[&'static str],
        valued: &[&'static str],
    ) -> Result<Args, Usage> {
        let mut out = Args::default();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if a == "--" {
                out.positional.extend(it.by_ref().cloned());
                break;
            }
            if !a.starts_with('-') || a == "-" {
                out.positional.push(a.clone());
                continue;
            }
            let (name, inline) = match a.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (a.as_str(), None),
            };
            if let Some(f) = flags.iter().find(|f| **f == name) {
                if inline.is_some() {
                    return Err(Usage(format!("{name} takes no value")));
                }
                out.flags.push(f);
            } else if let Some(v) = valued.iter().find(|v| **v == name) {
                let value = match inline {
                    Some(v) => v,
                    None => it
                        .next()
                        .cloned()
                        .ok_or_else(|| Usage(format!("{name} needs a value")))?,
                };
                out.values.retain(|(n, _)| n != v);
                out.values.push((v, value));
            } else {
                return Err(Usage(format!("unknown option {a:?}")));
            }
        }
        Ok(out)
    }

    /// Whether `flag` was given.
    pub fn flag(&self, flag: &str) -> bool {
        self.flags.contains(&flag)
    }

    /// The value of option `name` (the last one given).
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_options() {
        let a = Args::parse(
            &strings(&["x", "--json", "--backend", "soft", "y", "--", "--z"]),
            &["--json", "--strict"],
            &["--backend"],
        )
        .unwrap();
        assert_eq!(a.positional, ["x", "y", "--z"]);
        assert!(a.flag("--json") && !a.flag("--strict"));
        assert_eq!(a.value("--backend"), Some("soft"));
        let b = Args::parse(&strings(&["--backend=all"]), &[], &["--backend"]).unwrap();
        assert_eq!(b.value("--backend"), Some("all"));
        assert!(Args::parse(&strings(&["--backend"]), &[], &["--backend"]).is_err());
        assert!(Args::parse(&strings(&["--nope"]), &[], &[]).is_err());
        assert!(Args::parse(&strings(&["--json=1"]), &["--json"], &[]).is_err());
    }
}

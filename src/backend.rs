//! Backend selection, shared by every algorithm.
//!
//! Each algorithm has an enum of backends named after instruction sets (e.g. `Sm4Backend`),
//! listed best first with the portable `soft` backend last. A key or hash state picks its backend
//! once, when it is created: [`Backend::auto`] takes the best available one, unless the
//! environment variable `GMKIT_BACKEND` forces another:
//!
//! - `GMKIT_BACKEND=soft` — every algorithm that has a backend of that name uses it;
//! - `GMKIT_BACKEND=sm4=gfni-avx512,sm3=soft` — per algorithm.
//!
//! A forced name that is unknown or unavailable for an algorithm is ignored for it (the `gmkit
//! info` command reports such names). The API way to force is each type's `with_backend`.

/// A family of interchangeable implementations of one algorithm.
pub trait Backend: Copy + Eq + core::fmt::Debug + 'static {
    /// Lower-case algorithm key used in `GMKIT_BACKEND` (`"sm4"`, `"sm3"`).
    const ALGORITHM: &'static str;
    /// Every backend compiled for this target, best first, portable last.
    const ALL: &'static [Self];

    /// The backend's name (`"soft"`, `"gfni-avx512"`).
    fn name(self) -> &'static str;
    /// Whether this CPU can run it.
    fn is_available(self) -> bool;

    /// Look a backend up by name.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|b| b.name() == name)
    }

    /// The backends this CPU can run, best first.
    fn available() -> impl Iterator<Item = Self> {
        Self::ALL.iter().copied().filter(|b| b.is_available())
    }

    /// The forced backend if `GMKIT_BACKEND` names an available one, else the best available.
    fn auto() -> Self {
        if let Some(b) = forced(Self::ALGORITHM)
            .and_then(Self::from_name)
            .filter(|b| b.is_available())
        {
            return b;
        }
        Self::available()
            .next()
            .expect("the portable backend is always available")
    }
}

/// The backend name `GMKIT_BACKEND` asks for `algorithm`, if any (read once per process).
#[cfg(feature = "std")]
pub fn forced(algorithm: &str) -> Option<&'static str> {
    use std::sync::OnceLock;
    static SPEC: OnceLock<Option<std::string::String>> = OnceLock::new();
    let spec = SPEC
        .get_or_init(|| std::env::var("GMKIT_BACKEND").ok())
        .as_deref()?;
    parse_spec(spec, algorithm)
}

/// Without `std` there is no environment: always automatic.
#[cfg(not(feature = "std"))]
pub fn forced(_algorithm: &str) -> Option<&'static str> {
    None
}

/// The raw value of `GMKIT_BACKEND`, for reports.
#[cfg(feature = "std")]
pub fn forced_spec() -> Option<std::string::String> {
    std::env::var("GMKIT_BACKEND").ok()
}

/// Pick `algorithm`'s entry out of a `GMKIT_BACKEND` value: `name` applies to every algorithm,
/// `alg=name` to one; a per-algorithm entry wins over a bare one.
#[cfg(any(feature = "std", test))]
fn parse_spec<'a>(spec: &'a str, algorithm: &str) -> Option<&'a str> {
    let mut bare = None;
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some((alg, name)) if alg.trim().eq_ignore_ascii_case(algorithm) => {
                return Some(name.trim());
            }
            Some(_) => {}
            None => bare = bare.or(Some(part)),
        }
    }
    bare
}

#[cfg(test)]
mod tests {
    use super::parse_spec;

    #[test]
    fn spec_parsing() {
        assert_eq!(parse_spec("soft", "sm4"), Some("soft"));
        assert_eq!(parse_spec("sm4=gfni-avx512", "sm4"), Some("gfni-avx512"));
        assert_eq!(parse_spec("sm4=gfni-avx512", "sm3"), None);
        assert_eq!(parse_spec("soft, sm4=gfni-avx2", "sm4"), Some("gfni-avx2"));
        assert_eq!(parse_spec("soft, sm4=gfni-avx2", "sm3"), Some("soft"));
        assert_eq!(parse_spec("", "sm3"), None);
    }
}

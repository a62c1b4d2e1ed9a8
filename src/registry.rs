//! The registry of algorithms the vector runner, the CLI and the benches iterate over.
//!
//! Each [`Algorithm`] names its backend *axes* — the [`Backend`] enums whose choice changes the
//! code that runs (SM4-GCM: the SM4 backend and the GHASH backend; SM2: the sm2p256v1 code or the
//! generic curve code, [`Sm2Backend`]) — and a constructor that builds an instance on a given
//! [`BackendChoice`] behind an object-safe adapter ([`DynHash`], [`DynMac`], [`DynMacWithIv`],
//! [`DynBlockCipher`], [`DynMode`], [`DynAead`], [`DynSm2`], [`DynVerify`], [`DynAgree`]). So code
//! can go from an (algorithm name, backend name) pair to a running instance:
//!
//! ```
//! use gmkit::registry::{self, BackendSpec};
//!
//! let sm3 = registry::find("SM3").unwrap();
//! let soft = sm3.choices(&BackendSpec::parse("soft")).unwrap().remove(0);
//! let mut h = sm3.hash(&soft).unwrap();
//! h.update(b"abc");
//! let mut md = [0u8; 32];
//! h.finalize_reset(&mut md).unwrap();
//! assert_eq!(md[..4], [0x66, 0xc7, 0xf0, 0xf4]); // GB/T 32905-2016 Annex A, example 1
//!
//! for alg in registry::algorithms() {
//!     for choice in alg.choices(&BackendSpec::All).unwrap() {
//!         println!("{} ({}) on {}", alg.name, alg.kind().name(), choice.label());
//!     }
//! }
//! ```
//!
//! The adapters cost a virtual call per operation; benches that time the algorithms themselves
//! use the concrete types.
#![cfg(feature = "alloc")]

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::backend::Backend;
use crate::error::{Error, Result};

mod adapters;
mod ec;
#[cfg(feature = "hazmat")]
mod sm2;
mod table;
pub use adapters::{
    DynAead, DynBlockCipher, DynHash, DynMac, DynMacWithIv, DynMode, DynStream, Keying, ModeKind,
    dyn_cbc_mac, dyn_hash, dyn_mode, dyn_sm3_with_batch,
};
pub use ec::{DynAgree, DynVerify, PeerEncoding, SigEncoding, ecdh_p256, ecdsa_p256};
#[cfg(feature = "hazmat")]
pub use ec::{DynSignWithK, EcdsaSigned, ecdsa_p256_sign_with_k};
#[cfg(feature = "hazmat")]
pub use sm2::{
    DynSm2, SM2P256V1, Sm2Backend, Sm2Curve, Sm2Hash, Sm2KexOutput, Sm2KexSide, Sm2Signed,
};

/// What an algorithm does, and so which adapter its constructor returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// [`DynHash`].
    Hash,
    /// [`DynMac`].
    Mac,
    /// [`DynMacWithIv`] (GMAC).
    MacWithIv,
    /// [`DynBlockCipher`].
    BlockCipher,
    /// [`DynMode`]: an unauthenticated mode of operation with its cipher.
    Mode,
    /// [`DynAead`].
    Aead,
    /// Signatures: [`DynSm2`] (SM2 signing and verification), [`DynVerify`] (ECDSA) or
    /// `DynSignWithK` (ECDSA signing with a given k; feature `hazmat`).
    Signature,
    /// Public-key encryption: [`DynSm2`] (SM2 encryption and decryption).
    PkEncryption,
    /// Key agreement: [`DynSm2`] (SM2 key exchange) or [`DynAgree`] (ECDH).
    KeyAgreement,
    /// Public-key validation: [`DynSm2`].
    PublicKey,
}

impl Kind {
    /// Lower-case name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Hash => "hash",
            Kind::Mac => "mac",
            Kind::MacWithIv => "mac-with-iv",
            Kind::BlockCipher => "block-cipher",
            Kind::Mode => "mode",
            Kind::Aead => "aead",
            Kind::Signature => "signature",
            Kind::PkEncryption => "pk-encryption",
            Kind::KeyAgreement => "key-agreement",
            Kind::PublicKey => "public-key",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Backend axes and choices

#[derive(Clone, Copy)]
enum Source {
    Enum {
        available: fn() -> Vec<&'static str>,
        auto: fn() -> &'static str,
    },
    Fixed(&'static str),
}

/// One independent backend choice of an algorithm: the variants of one [`Backend`] enum, or a
/// single fixed implementation (a wrapped RustCrypto crate).
#[derive(Clone, Copy)]
pub struct Axis {
    /// The [`Backend::ALGORITHM`] key (`"sm4"`, `"ghash"`), as `GMKIT_BACKEND` spells it.
    pub key: &'static str,
    source: Source,
}

fn available_names<B: Backend>() -> Vec<&'static str> {
    B::available().map(|b| b.name()).collect()
}

fn auto_name<B: Backend>() -> &'static str {
    B::auto().name()
}

impl Axis {
    /// The axis of backend enum `B`.
    pub const fn of<B: Backend>() -> Axis {
        Axis {
            key: B::ALGORITHM,
            source: Source::Enum {
                available: available_names::<B>,
                auto: auto_name::<B>,
            },
        }
    }

    /// An axis with one implementation only, named `name`.
    pub const fn fixed(key: &'static str, name: &'static str) -> Axis {
        Axis {
            key,
            source: Source::Fixed(name),
        }
    }

    /// Whether this axis is a [`Backend`] enum (so `GMKIT_BACKEND` can steer it).
    pub fn is_enum(&self) -> bool {
        matches!(self.source, Source::Enum { .. })
    }

    /// The backends this CPU can run, best first.
    pub fn available(&self) -> Vec<&'static str> {
        match self.source {
            Source::Enum { available, .. } => available(),
            Source::Fixed(name) => alloc::vec![name],
        }
    }

    /// The backend a new instance gets by default (honours `GMKIT_BACKEND`).
    pub fn auto(&self) -> &'static str {
        match self.source {
            Source::Enum { auto, .. } => auto(),
            Source::Fixed(name) => name,
        }
    }
}

impl core::fmt::Debug for Axis {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Axis").field("key", &self.key).finish()
    }
}

/// One backend per axis: what an instance is built on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackendChoice {
    picks: Vec<(&'static str, &'static str)>,
    label: String,
}

impl BackendChoice {
    /// Build a choice from (axis key, backend name) pairs. The label is the first backend's name,
    /// followed by `+key=name` for each further axis that has more than one backend on this CPU.
    pub fn new(axes: &[Axis], picks: Vec<(&'static str, &'static str)>) -> Self {
        let mut label = String::new();
        for (i, (key, name)) in picks.iter().enumerate() {
            let shown = i == 0
                || axes
                    .iter()
                    .find(|a| a.key == *key)
                    .is_some_and(|a| a.available().len() > 1);
            if i == 0 {
                label.push_str(name);
            } else if shown {
                label.push_str(&format!("+{key}={name}"));
            }
        }
        if label.is_empty() {
            label.push('-');
        }
        BackendChoice { picks, label }
    }

    /// Every axis on its default backend.
    pub fn auto(axes: &[Axis]) -> Self {
        Self::new(axes, axes.iter().map(|a| (a.key, a.auto())).collect())
    }

    /// The backend chosen for `B`'s axis: the named one if this choice has that axis (an error if
    /// it is unknown or unavailable), else `B::auto()`.
    pub fn get<B: Backend>(&self) -> Result<B> {
        match self.picks.iter().find(|(k, _)| *k == B::ALGORITHM) {
            Some((_, name)) => B::from_name(name)
                .filter(|b| b.is_available())
                .ok_or(Error::BackendUnavailable),
            None => Ok(B::auto()),
        }
    }

    /// Short name for reports (`"soft"`, `"gfni-avx2+ghash=pclmul"`).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The (axis key, backend name) pairs.
    pub fn picks(&self) -> &[(&'static str, &'static str)] {
        &self.picks
    }
}

/// Which backends to run: the default one, every one, or named ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackendSpec {
    /// Each axis on its default backend (as a new instance would get).
    Auto,
    /// Every combination of the backends available on this CPU.
    All,
    /// `GMKIT_BACKEND` syntax: `name` for every axis that has it, `key=name` for one axis
    /// (`"soft"`, `"sm4=gfni-avx2,ghash=soft"`); unnamed axes take their default. A bare name
    /// that no axis has is an error, unless the algorithm has nothing to choose (only fixed axes).
    Named(String),
}

impl BackendSpec {
    /// `"all"`, `"auto"`, or a [`BackendSpec::Named`] spec.
    pub fn parse(s: &str) -> Self {
        match s {
            "all" => BackendSpec::All,
            "auto" => BackendSpec::Auto,
            _ => BackendSpec::Named(s.into()),
        }
    }

    /// How the spec was written (`"auto"`, `"all"`, or the name).
    pub fn as_str(&self) -> &str {
        match self {
            BackendSpec::Auto => "auto",
            BackendSpec::All => "all",
            BackendSpec::Named(s) => s,
        }
    }

    /// The backend choices this spec selects over `axes`, or why none can run.
    pub fn choices(&self, axes: &[Axis]) -> core::result::Result<Vec<BackendChoice>, String> {
        match self {
            BackendSpec::Auto => Ok(alloc::vec![BackendChoice::auto(axes)]),
            BackendSpec::All => {
                let mut combos: Vec<Vec<(&'static str, &'static str)>> = alloc::vec![Vec::new()];
                for axis in axes {
                    let names = axis.available();
                    combos = combos
                        .iter()
                        .flat_map(|c| {
                            names.iter().map(move |n| {
                                let mut c = c.clone();
                                c.push((axis.key, *n));
                                c
                            })
                        })
                        .collect();
                }
                Ok(combos
                    .into_iter()
                    .map(|p| BackendChoice::new(axes, p))
                    .collect())
            }
            BackendSpec::Named(spec) => named_choice(spec, axes).map(|c| alloc::vec![c]),
        }
    }
}

fn named_choice(spec: &str, axes: &[Axis]) -> core::result::Result<BackendChoice, String> {
    let parts: Vec<&str> = spec
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let bare: Vec<&str> = parts.iter().filter(|p| !p.contains('=')).copied().collect();
    let mut bare_used = alloc::vec![false; bare.len()];
    let mut picks = Vec::new();
    for axis in axes {
        let available = axis.available();
        let keyed = parts.iter().find_map(|p| {
            p.split_once('=')
                .filter(|(k, _)| k.trim().eq_ignore_ascii_case(axis.key))
                .map(|(_, n)| n.trim())
        });
        let pick = match keyed {
            Some(name) => Some(*available.iter().find(|a| **a == name).ok_or_else(|| {
                format!(
                    "backend '{name}' is not available for {} (available: {})",
                    axis.key,
                    available.join(", ")
                )
            })?),
            None => bare.iter().enumerate().find_map(|(i, b)| {
                let hit = available.iter().find(|a| *a == b).copied();
                if hit.is_some() {
                    bare_used[i] = true;
                }
                hit
            }),
        };
        picks.push((axis.key, pick.unwrap_or_else(|| axis.auto())));
    }
    // An algorithm with nothing to choose (one fixed implementation) ignores bare names.
    let choosable = axes.iter().any(Axis::is_enum);
    if let Some(i) = bare_used.iter().position(|u| !u).filter(|_| choosable) {
        let keys: Vec<&str> = axes.iter().map(|a| a.key).collect();
        return Err(format!(
            "backend '{}' is not available for {} on this CPU",
            bare[i],
            if keys.is_empty() {
                "this algorithm".into()
            } else {
                keys.join("/")
            }
        ));
    }
    Ok(BackendChoice::new(axes, picks))
}

// ---------------------------------------------------------------------------------------------
// Algorithms

/// A constructor from a key and a backend choice.
pub type Keyed<T> = fn(&[u8], &BackendChoice) -> Result<Box<T>>;

/// A verifier from a SEC1 public key, a signature encoding and a backend choice.
pub type VerifierFor = fn(&[u8], SigEncoding, &BackendChoice) -> Result<Box<dyn DynVerify>>;

/// How an algorithm is instantiated on a backend choice (and from a key, for keyed ones).
#[derive(Clone, Copy)]
pub enum Ctor {
    /// A hash.
    Hash(fn(&BackendChoice) -> Result<Box<dyn DynHash>>),
    /// A MAC keyed by the byte string.
    Mac(Keyed<dyn DynMac>),
    /// A MAC with per-message IV.
    MacWithIv(Keyed<dyn DynMacWithIv>),
    /// A block cipher.
    BlockCipher(Keyed<dyn DynBlockCipher>),
    /// A mode of operation with its cipher.
    Mode(Keyed<dyn DynMode>),
    /// An AEAD.
    Aead(Keyed<dyn DynAead>),
    /// SM2 over a group's curve ([`sm2`](Algorithm::sm2)); the operation sets the [`Kind`].
    #[cfg(feature = "hazmat")]
    Sm2(Sm2Op),
    /// A verifying key from a SEC1 public key, with signatures in the given encoding.
    Verify(VerifierFor),
    /// A signing key from its secret scalar, signing with a given k (known-answer tests only).
    #[cfg(feature = "hazmat")]
    SignWithK(Keyed<dyn DynSignWithK>),
    /// A key-agreement secret from its bytes.
    Agree(Keyed<dyn DynAgree>),
}

/// What an SM2 registry entry is for (its [`Kind`]); every entry builds the same [`DynSm2`].
#[cfg(feature = "hazmat")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sm2Op {
    /// Signing (GB/T 32918.2).
    Sign,
    /// Verification.
    Verify,
    /// Encryption (GB/T 32918.4).
    Encrypt,
    /// Decryption.
    Decrypt,
    /// Key exchange (GB/T 32918.3).
    KeyExchange,
    /// Public-key validation (GB/T 32918.1 §6.2).
    PublicKey,
}

/// An entry of the registry.
#[derive(Clone, Copy)]
pub struct Algorithm {
    /// Canonical name, as the vector files spell it (`"SM3"`, `"SM4-GCM"`, `"HMAC-SM3"`).
    pub name: &'static str,
    /// Other spellings found in vector files (`"HMACSM3"`).
    pub aliases: &'static [&'static str],
    /// The backend axes, the first being the primary one (the block cipher for a mode).
    pub axes: &'static [Axis],
    /// The constructor.
    pub ctor: Ctor,
}

impl core::fmt::Debug for Algorithm {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Algorithm")
            .field("name", &self.name)
            .field("kind", &self.kind())
            .field("axes", &self.axes)
            .finish()
    }
}

macro_rules! kind_accessor {
    ($($(#[$m:meta])* $fn:ident($($arg:ident: $ty:ty),*) -> $out:ty => $variant:ident;)*) => {$(
        $(#[$m])*
        pub fn $fn(&self, $($arg: $ty,)* choice: &BackendChoice) -> Result<Box<$out>> {
            match self.ctor {
                Ctor::$variant(f) => f($($arg,)* choice),
                _ => Err(Error::InvalidParameter),
            }
        }
    )*};
}

impl Algorithm {
    /// What the algorithm is.
    pub fn kind(&self) -> Kind {
        match self.ctor {
            Ctor::Hash(_) => Kind::Hash,
            Ctor::Mac(_) => Kind::Mac,
            Ctor::MacWithIv(_) => Kind::MacWithIv,
            Ctor::BlockCipher(_) => Kind::BlockCipher,
            Ctor::Mode(_) => Kind::Mode,
            Ctor::Aead(_) => Kind::Aead,
            #[cfg(feature = "hazmat")]
            Ctor::Sm2(Sm2Op::Sign | Sm2Op::Verify) => Kind::Signature,
            #[cfg(feature = "hazmat")]
            Ctor::Sm2(Sm2Op::Encrypt | Sm2Op::Decrypt) => Kind::PkEncryption,
            #[cfg(feature = "hazmat")]
            Ctor::Sm2(Sm2Op::KeyExchange) => Kind::KeyAgreement,
            #[cfg(feature = "hazmat")]
            Ctor::Sm2(Sm2Op::PublicKey) => Kind::PublicKey,
            Ctor::Verify(_) => Kind::Signature,
            #[cfg(feature = "hazmat")]
            Ctor::SignWithK(_) => Kind::Signature,
            Ctor::Agree(_) => Kind::KeyAgreement,
        }
    }

    /// Whether `name` is this algorithm's name or an alias (ASCII case-insensitive).
    pub fn is_named(&self, name: &str) -> bool {
        core::iter::once(&self.name)
            .chain(self.aliases)
            .any(|n| n.eq_ignore_ascii_case(name))
    }

    /// The backend choices `spec` selects for this algorithm.
    pub fn choices(&self, spec: &BackendSpec) -> core::result::Result<Vec<BackendChoice>, String> {
        spec.choices(self.axes)
    }

    /// The choice a new instance gets by default.
    pub fn default_choice(&self) -> BackendChoice {
        BackendChoice::auto(self.axes)
    }

    kind_accessor! {
        /// A hash state ([`Error::InvalidParameter`] if this is not a hash).
        hash() -> dyn DynHash => Hash;
        /// A keyed MAC.
        mac(key: &[u8]) -> dyn DynMac => Mac;
        /// A keyed MAC with per-message IV.
        mac_with_iv(key: &[u8]) -> dyn DynMacWithIv => MacWithIv;
        /// A keyed block cipher.
        block_cipher(key: &[u8]) -> dyn DynBlockCipher => BlockCipher;
        /// A keyed mode of operation.
        mode(key: &[u8]) -> dyn DynMode => Mode;
        /// A keyed AEAD.
        aead(key: &[u8]) -> dyn DynAead => Aead;
        /// A verifying key for a SEC1 public key.
        verifier(public: &[u8], encoding: SigEncoding) -> dyn DynVerify => Verify;
        /// A key-agreement secret.
        key_agreement(key: &[u8]) -> dyn DynAgree => Agree;
        /// A signing key that signs with a given k, from its secret scalar (known-answer tests).
        #[cfg(feature = "hazmat")]
        signer_with_k(key: &[u8]) -> dyn DynSignWithK => SignWithK;
    }

    /// SM2 on `curve` ([`Error::InvalidParameter`] if this is not an SM2 entry or the chosen
    /// implementation cannot run the curve).
    #[cfg(feature = "hazmat")]
    pub fn sm2(&self, curve: &Sm2Curve<'_>, choice: &BackendChoice) -> Result<Box<dyn DynSm2>> {
        match self.ctor {
            Ctor::Sm2(_) => sm2::sm2(curve, choice),
            _ => Err(Error::InvalidParameter),
        }
    }
}

/// Every algorithm of this build.
pub fn algorithms() -> &'static [Algorithm] {
    table::ALGORITHMS
}

/// Look an algorithm up by name or alias (ASCII case-insensitive) in `list`.
pub fn find_in<'a>(list: &'a [Algorithm], name: &str) -> Option<&'a Algorithm> {
    list.iter().find(|a| a.is_named(name))
}

/// Look an algorithm of this build up by name or alias.
pub fn find(name: &str) -> Option<&'static Algorithm> {
    find_in(table::ALGORITHMS, name)
}

/// The distinct axes of `algs`, in order of first appearance.
pub fn axes_of<'a>(algs: impl IntoIterator<Item = &'a Algorithm>) -> Vec<Axis> {
    let mut out: Vec<Axis> = Vec::new();
    for axis in algs.into_iter().flat_map(|a| a.axes) {
        if !out.iter().any(|a| a.key == axis.key) {
            out.push(*axis);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Toy {
        Fast,
        Soft,
        Missing,
    }
    impl Backend for Toy {
        const ALGORITHM: &'static str = "toy";
        const ALL: &'static [Self] = &[Toy::Missing, Toy::Fast, Toy::Soft];
        fn name(self) -> &'static str {
            match self {
                Toy::Fast => "fast",
                Toy::Soft => "soft",
                Toy::Missing => "missing",
            }
        }
        fn is_available(self) -> bool {
            self != Toy::Missing
        }
    }

    const AXES: &[Axis] = &[Axis::of::<Toy>(), Axis::fixed("aes", "rustcrypto")];

    fn labels(spec: &str) -> core::result::Result<Vec<String>, String> {
        BackendSpec::parse(spec)
            .choices(AXES)
            .map(|cs| cs.iter().map(|c| c.label().into()).collect())
    }

    #[test]
    fn specs_select_choices() {
        assert_eq!(labels("all").unwrap(), ["fast", "soft"]);
        assert_eq!(labels("soft").unwrap(), ["soft"]);
        assert_eq!(labels("toy=soft").unwrap(), ["soft"]);
        // A name no toy backend has leaves the toy axis on auto (which GMKIT_BACKEND may steer).
        assert_eq!(labels("rustcrypto").unwrap(), [Toy::auto().name()]);
        assert!(labels("missing").unwrap_err().contains("not available"));
        assert!(labels("toy=missing").unwrap_err().contains("not available"));
        // Another algorithm's axis is ignored.
        assert_eq!(labels("sm4=soft").unwrap().len(), 1);
        // With nothing to choose, a bare name is ignored; a keyed one is still checked.
        let fixed = &[Axis::fixed("sha256", "rustcrypto")];
        let only = |spec: &str| {
            BackendSpec::parse(spec)
                .choices(fixed)
                .map(|c| String::from(c[0].label()))
        };
        assert_eq!(only("soft").unwrap(), "rustcrypto");
        assert!(only("sha256=soft").is_err());
    }

    #[test]
    fn choice_resolves_backends() {
        let c = BackendSpec::parse("soft").choices(AXES).unwrap().remove(0);
        assert_eq!(c.get::<Toy>(), Ok(Toy::Soft));
        assert_eq!(c.picks(), [("toy", "soft"), ("aes", "rustcrypto")]);
        let bad = BackendChoice::new(AXES, alloc::vec![("toy", "missing")]);
        assert_eq!(bad.get::<Toy>(), Err(Error::BackendUnavailable));
        assert_eq!(BackendChoice::new(&[], Vec::new()).label(), "-");
    }

    #[test]
    fn secondary_axis_shown_only_when_it_varies() {
        const GCM_LIKE: &[Axis] = &[Axis::fixed("aes", "rustcrypto"), Axis::of::<Toy>()];
        let all = BackendSpec::All.choices(GCM_LIKE).unwrap();
        let l: Vec<&str> = all.iter().map(|c| c.label()).collect();
        assert_eq!(l, ["rustcrypto+toy=fast", "rustcrypto+toy=soft"]);
    }
}

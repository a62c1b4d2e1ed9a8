//! The fuzz harness: one plain function per target, shared by the cargo-fuzz binaries in
//! `fuzz/fuzz_targets/` (through the `gmkit-fuzz` library) and by the main crate's
//! `tests/fuzz_seeds.rs`, which replays every committed seed in `fuzz/seeds/<target>/` on stable.
//!
//! Each target reads a structured case out of the raw bytes by hand ([`input`]), runs gmkit on
//! every backend this CPU has, and compares with an independent implementation (the RustCrypto
//! crates gmkit already uses as dev-dependencies) or, for the `*_backends` targets, with gmkit's
//! portable `soft` backend. A disagreement is a panic.

pub mod aead_open;
pub mod ghash_backends;
pub mod hash;
pub mod input;
#[cfg(feature = "kat")]
pub mod kat_json;
pub mod modes;
pub mod sm2_decrypt;
pub mod sm2_encrypted_keys;
pub mod sm2_parsers;
pub mod sm2_verify;
pub mod sm3_backends;
pub mod sm4_backends;

/// Whether this gmkit build takes tags below the standards' recommended minimum (GCM 4 and 8
/// bytes, CCM 4 and 6, CMAC under 8): gmkit's `hazmat` feature. Asked of gmkit itself, since the
/// harness is built both in gmkit's own tests (with whatever features those have) and in the
/// fuzz crate.
pub fn short_tags() -> bool {
    let cmac = gmkit::modes::cmac::Cmac::new(gmkit::sm4::Sm4::new(&[0; 16]));
    cmac.with_tag_len(4).is_ok()
}

/// A target: its name (the cargo-fuzz binary and the seed directory) and its function.
pub type Target = (&'static str, fn(&[u8]));

/// Every target.
pub const TARGETS: &[Target] = &[
    ("sm3", hash::run),
    ("sm4_modes", modes::run),
    ("aead_open", aead_open::run),
    #[cfg(feature = "kat")]
    ("kat_json", kat_json::run),
    ("sm2_verify", sm2_verify::run),
    ("sm2_decrypt", sm2_decrypt::run),
    ("sm2_parsers", sm2_parsers::run),
    ("sm2_encrypted_keys", sm2_encrypted_keys::run),
    ("sm4_backends", sm4_backends::run),
    ("sm3_backends", sm3_backends::run),
    ("ghash_backends", ghash_backends::run),
];

//! International primitives behind gmkit's traits, wrapping the RustCrypto crates.

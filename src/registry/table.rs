//! The algorithms of this build: one line each, name → backend axes → constructor.
//!
//! Registry names are the vector files' `algorithm` values; a group parameter that changes the
//! construction is appended as `/value` (or `/field=value` for numbers), as the runner looks
//! them up: `SM4-MAC/CMAC`, `SM4-CTR/RFC3686`, `SM4-XTS/GB/T17964-2021`.

use alloc::boxed::Box;

use super::{Algorithm, Axis, BackendChoice, Ctor, DynAead, DynMacWithIv, dyn_hash};
use crate::error::{Error, Result};
use crate::intl::{self, Sha256};
use crate::mac::{HmacSha256, HmacSm3};
use crate::sm3::{Sm3, Sm3Backend};
use crate::traits::{Aead, Hash};

const SM3: &[Axis] = &[Axis::of::<Sm3Backend>()];
const SHA256: &[Axis] = &[Axis::fixed("sha256", "rustcrypto")];
const AES: &[Axis] = &[Axis::fixed("aes", "rustcrypto")];

fn sm3(c: &BackendChoice) -> Result<Sm3> {
    Sm3::with_backend(c.get()?)
}

/// AES-128/192/256 by key length.
macro_rules! by_aes_key_len {
    ($key:expr, $make:ident, $t128:ty, $t192:ty, $t256:ty) => {
        match $key.len() {
            16 => Ok(Box::new(<$t128>::$make($key)?) as Box<_>),
            24 => Ok(Box::new(<$t192>::$make($key)?) as Box<_>),
            32 => Ok(Box::new(<$t256>::$make($key)?) as Box<_>),
            _ => Err(Error::InvalidKeyLength),
        }
    };
}

fn aes_gcm(k: &[u8], _: &BackendChoice) -> Result<Box<dyn DynAead>> {
    use intl::{Aes128Gcm, Aes192Gcm, Aes256Gcm};
    by_aes_key_len!(k, new_from_slice, Aes128Gcm, Aes192Gcm, Aes256Gcm)
}

fn aes_gmac(k: &[u8], _: &BackendChoice) -> Result<Box<dyn DynMacWithIv>> {
    use intl::{Aes128Gmac, Aes192Gmac, Aes256Gmac};
    by_aes_key_len!(k, new_from_slice, Aes128Gmac, Aes192Gmac, Aes256Gmac)
}

macro_rules! table {
    ($($name:literal $([$($alias:literal),*])?, $axes:expr, $ctor:expr;)*) => {
        /// Every algorithm of this build.
        pub(super) static ALGORITHMS: &[Algorithm] = &[$(
            Algorithm { name: $name, aliases: &[$($($alias),*)?], axes: $axes, ctor: $ctor },
        )*];
    };
}

table! {
    "SM3", SM3, Ctor::Hash(|c| Ok(dyn_hash(sm3(c)?)));
    "SHA-256" ["SHA256"], SHA256, Ctor::Hash(|_| Ok(dyn_hash(<Sha256 as Hash>::new())));
    "HMAC-SM3" ["HMACSM3"], SM3, Ctor::Mac(|k, c| Ok(Box::new(HmacSm3::new_with_state(k, sm3(c)?))));
    "HMAC-SHA256" ["HMACSHA256", "HMAC-SHA-256"], SHA256, Ctor::Mac(|k, _| Ok(Box::new(HmacSha256::new(k))));
    "AES-GCM", AES, Ctor::Aead(aes_gcm);
    "AES-GMAC", AES, Ctor::MacWithIv(aes_gmac);
}

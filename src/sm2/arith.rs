//! The field backends of sm2p256v1, as an `sm2` backend axis ([`FieldBackend`]), and the one
//! dispatch point from a backend to the monomorphised curve code ([`with_field!`]).
//!
//! Every key holds the backend it was made with ([`FieldBackend::auto`] unless chosen with
//! `with_backend`), and every scalar multiplication it does runs on that backend from start to
//! end: the backend is matched once per operation, never per field multiplication.

use crate::backend::Backend;
#[cfg(target_arch = "x86_64")]
use crate::cpu::{self, Token as _};

/// The GF(p) arithmetic sm2p256v1's constant-time code runs on, best first.
///
/// `GMKIT_BACKEND=sm2=soft` (or `soft`) forces the portable one for keys made afterwards; the
/// API way is `with_backend` on [`super::SecretKey`] and [`super::PublicKey`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldBackend {
    /// x86-64 BMI2 + ADX: Montgomery multiplication with `mulx` and the two carry chains of
    /// `adcx`/`adox`, the reduction by shifts (p's shape).
    #[cfg(target_arch = "x86_64")]
    Bmi2Adx,
    /// Portable Rust over 4 × 64-bit limbs; runs everywhere.
    Soft,
}

impl Backend for FieldBackend {
    const ALGORITHM: &'static str = "sm2";
    #[cfg(target_arch = "x86_64")]
    const ALL: &'static [Self] = &[FieldBackend::Bmi2Adx, FieldBackend::Soft];
    #[cfg(not(target_arch = "x86_64"))]
    const ALL: &'static [Self] = &[FieldBackend::Soft];

    fn name(self) -> &'static str {
        match self {
            #[cfg(target_arch = "x86_64")]
            FieldBackend::Bmi2Adx => "bmi2-adx",
            FieldBackend::Soft => "soft",
        }
    }

    fn is_available(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            FieldBackend::Bmi2Adx => cpu::Bmi2Adx::get().is_some(),
            FieldBackend::Soft => true,
        }
    }
}

/// `$body` with `$f` bound to the [`super::field::FieldOps`] value of backend `$b`: one
/// monomorphised copy of `$body` per backend. A backend that is not available (which
/// `with_backend` and [`Backend::auto`] never store) runs as `soft`.
macro_rules! with_field {
    ($b:expr, $f:ident => $body:expr) => {{
        match $b {
            #[cfg(target_arch = "x86_64")]
            $crate::sm2::arith::FieldBackend::Bmi2Adx => {
                match <$crate::cpu::Bmi2Adx as $crate::cpu::Token>::get() {
                    Some(token) => {
                        let $f = $crate::sm2::x86_64_adx::Adx::new(token);
                        $body
                    }
                    None => {
                        let $f = $crate::sm2::field::Soft;
                        $body
                    }
                }
            }
            $crate::sm2::arith::FieldBackend::Soft => {
                let $f = $crate::sm2::field::Soft;
                $body
            }
        }
    }};
}
pub(crate) use with_field;

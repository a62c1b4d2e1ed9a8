//! CPU feature detection: the only module that reads CPUID (x86-64) or HWCAP (aarch64).
//!
//! Hardware backends take a *proof token* as an argument. A token can only be obtained from
//! [`Token::get`], which returns `Some` only when the CPU (and the OS, for AVX/AVX-512 state)
//! supports every feature the token names; so a function that receives one may call the matching
//! `#[target_feature]` code. Detection runs once and is cached (the `cpufeatures` crate).

/// A proof that a set of CPU features is present.
pub trait Token: Copy + core::fmt::Debug {
    /// The features this token proves, as `target_feature` names.
    const FEATURES: &'static [&'static str];
    /// `Some` exactly when every feature in [`Token::FEATURES`] is available.
    fn get() -> Option<Self>;
}

macro_rules! tokens {
    ($( $(#[$m:meta])* $name:ident, $detect:ident => [$($f:tt),+]; )*) => {$(
        mod $detect {
            cpufeatures::new!(inner, $($f),+);
            pub(super) fn get() -> bool {
                inner::get()
            }
        }
        $(#[$m])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name(());
        impl Token for $name {
            const FEATURES: &'static [&'static str] = &[$($f),+];
            #[inline]
            fn get() -> Option<Self> {
                if $detect::get() { Some($name(())) } else { None }
            }
        }
    )*};
}

#[cfg(target_arch = "x86_64")]
tokens! {
    /// AVX2 with BMI2 (`rorx`): SM3 message expansion and multi-buffer lanes.
    Avx2Bmi2, detect_avx2_bmi2 => ["avx2", "bmi2"];
    /// AES-NI with AVX2: the SM4 S-box through the AES S-box.
    AesniAvx2, detect_aesni_avx2 => ["aes", "avx2"];
    /// VAES with AVX2: AES rounds on 256-bit vectors (the SM4 S-box, 16 bytes per lane).
    VaesAvx2, detect_vaes_avx2 => ["vaes", "aes", "avx2"];
    /// GFNI with AVX2: the SM4 S-box through `vgf2p8affineinvqb`.
    GfniAvx2, detect_gfni_avx2 => ["gfni", "avx2"];
    /// GFNI with AVX-512 (F, BW, VL): 512-bit SM4.
    GfniAvx512, detect_gfni_avx512 => ["gfni", "avx512f", "avx512bw", "avx512vl"];
    /// PCLMULQDQ: carry-less multiply for GHASH.
    Pclmul, detect_pclmul => ["pclmulqdq", "sse4.1"];
    /// VPCLMULQDQ on 256-bit vectors.
    VpclmulAvx2, detect_vpclmul_avx2 => ["vpclmulqdq", "pclmulqdq", "avx2"];
    /// VPCLMULQDQ on 512-bit vectors.
    VpclmulAvx512, detect_vpclmul_avx512 => ["vpclmulqdq", "pclmulqdq", "avx512f", "avx512bw", "avx512vl"];
    /// AVX-512 (F, BW, VL): 16-lane multi-buffer SM3 (`vprold`, `vpternlogd`).
    Avx512, detect_avx512 => ["avx512f", "avx512bw", "avx512vl"];
}

#[cfg(target_arch = "aarch64")]
tokens! {
    /// Advanced SIMD (always present on aarch64, detected for uniformity).
    Neon, detect_neon => ["neon"];
    /// The ARMv8.2 SM3 and SM4 instructions (`FEAT_SM3`, `FEAT_SM4`).
    ArmSm34, detect_arm_sm34 => ["sm4"];
    /// `PMULL` (with AES): carry-less multiply for GHASH.
    Pmull, detect_pmull => ["aes"];
}

/// A CPU feature name and its detector.
pub type FeatureProbe = (&'static str, fn() -> bool);

/// The CPU features gmkit looks at, and whether each is present (for `gmkit info`).
pub fn features_seen() -> &'static [FeatureProbe] {
    macro_rules! feats {
        ($($f:tt),*) => {
            &[$(($f, {
                fn probe() -> bool {
                    cpufeatures::new!(p, $f);
                    p::get()
                }
                probe as fn() -> bool
            })),*]
        };
    }
    #[cfg(target_arch = "x86_64")]
    {
        feats!(
            "sse4.1",
            "avx2",
            "bmi2",
            "adx",
            "aes",
            "pclmulqdq",
            "sha",
            "gfni",
            "vaes",
            "vpclmulqdq",
            "avx512f",
            "avx512bw",
            "avx512vl",
            "avx512ifma",
            "avx512vbmi2"
        )
    }
    #[cfg(target_arch = "aarch64")]
    {
        feats!("neon", "aes", "sha2", "sha3", "sm4")
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        &[]
    }
}

/// The target architecture, for reports.
#[cfg(target_arch = "x86_64")]
pub const ARCH: &str = "x86_64";
/// The target architecture, for reports.
#[cfg(target_arch = "aarch64")]
pub const ARCH: &str = "aarch64";
/// The target architecture, for reports.
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
pub const ARCH: &str = "other";

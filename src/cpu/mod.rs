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

#[cfg(target_arch = "x86_64")]
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
    /// AVX-512 F with IFMA (`vpmadd52luq`/`vpmadd52huq`): 8-way SM2 batch verification.
    Avx512Ifma, detect_avx512ifma => ["avx512f", "avx512ifma"];
}

/// BMI2 and ADX (`mulx`, `adcx`, `adox`): SM2's field multiplication on two carry chains; with
/// AVX2 for its table scans (every BMI2 + ADX core has it).
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy, Debug)]
pub struct Bmi2Adx(());

#[cfg(target_arch = "x86_64")]
mod detect_bmi2_adx {
    cpufeatures::new!(inner, "bmi2", "adx", "avx2");
    #[cfg(feature = "ct-check")]
    cpufeatures::new!(without_adx, "bmi2", "avx2");

    /// Valgrind 3.19 runs `adcx`/`adox` but clears ADX from CPUID; the constant-time check
    /// (`ct-check` builds only) sets `GMKIT_CT_ASSUME_ADX` to run this backend under it anyway.
    #[cfg(feature = "ct-check")]
    fn under_valgrind() -> bool {
        std::env::var_os("GMKIT_CT_ASSUME_ADX").is_some() && without_adx::get()
    }
    #[cfg(not(feature = "ct-check"))]
    fn under_valgrind() -> bool {
        false
    }

    pub(super) fn get() -> bool {
        inner::get() || under_valgrind()
    }
}

#[cfg(target_arch = "x86_64")]
impl Token for Bmi2Adx {
    const FEATURES: &'static [&'static str] = &["bmi2", "adx", "avx2"];
    #[inline]
    fn get() -> Option<Self> {
        if detect_bmi2_adx::get() {
            Some(Bmi2Adx(()))
        } else {
            None
        }
    }
}

// aarch64: the kernel's HWCAP bits (Linux `arch/arm64/include/uapi/asm/hwcap.h`). FEAT_SM3 and
// FEAT_SM4 are separate bits (a core may have one without the other), so each gets its own token;
// `cpufeatures` folds both into one "sm4".
#[cfg(target_arch = "aarch64")]
mod hwcap {
    /// Advanced SIMD.
    pub const ASIMD: u64 = 1 << 1;
    /// `AESE`/`AESD`/`AESMC`/`AESIMC`.
    pub const AES: u64 = 1 << 3;
    /// `PMULL`/`PMULL2` on 64-bit lanes.
    pub const PMULL: u64 = 1 << 4;
    /// FEAT_SM3: `SM3SS1`, `SM3TT1A/B`, `SM3TT2A/B`, `SM3PARTW1/2`.
    pub const SM3: u64 = 1 << 18;
    /// FEAT_SM4: `SM4E`, `SM4EKEY`.
    pub const SM4: u64 = 1 << 19;

    /// `AT_HWCAP`, read once.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn get() -> u64 {
        use core::sync::atomic::{AtomicU64, Ordering};
        // Bit 63 marks "read"; the kernel defines no HWCAP bit that high.
        const READ: u64 = 1 << 63;
        static CACHE: AtomicU64 = AtomicU64::new(0);
        let c = CACHE.load(Ordering::Relaxed);
        if c & READ != 0 {
            return c & !READ;
        }
        // SAFETY: `getauxval` reads the process's auxiliary vector; it has no preconditions.
        let v = unsafe { libc::getauxval(libc::AT_HWCAP) } as u64 & !READ;
        CACHE.store(v | READ, Ordering::Relaxed);
        v
    }

    /// Elsewhere only what the build enables is known: NEON (baseline) and compile-time features.
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    pub fn get() -> u64 {
        let mut v = ASIMD;
        if cfg!(target_feature = "aes") {
            v |= AES | PMULL;
        }
        v
    }
}

#[cfg(target_arch = "aarch64")]
macro_rules! hwcap_tokens {
    ($( $(#[$m:meta])* $name:ident => [$($f:tt),+], $bits:expr; )*) => {$(
        $(#[$m])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name(());
        impl Token for $name {
            const FEATURES: &'static [&'static str] = &[$($f),+];
            #[inline]
            fn get() -> Option<Self> {
                let need: u64 = $bits;
                if hwcap::get() & need == need { Some($name(())) } else { None }
            }
        }
    )*};
}

#[cfg(target_arch = "aarch64")]
hwcap_tokens! {
    /// Advanced SIMD (baseline on aarch64; detected for uniformity).
    Neon => ["neon"], hwcap::ASIMD;
    /// The AES instructions with NEON: the SM4 S-box through `AESE`.
    AesNeon => ["neon", "aes"], hwcap::ASIMD | hwcap::AES;
    /// FEAT_SM3 (`SM3SS1`, `SM3TT*`, `SM3PARTW*`); LLVM's target feature for it is `sm4`.
    ArmSm3 => ["neon", "sm4"], hwcap::ASIMD | hwcap::SM3;
    /// FEAT_SM4 (`SM4E`, `SM4EKEY`).
    ArmSm4 => ["neon", "sm4"], hwcap::ASIMD | hwcap::SM4;
    /// `PMULL`/`PMULL2` (FEAT_PMULL): carry-less multiply for GHASH.
    Pmull => ["neon", "aes"], hwcap::ASIMD | hwcap::AES | hwcap::PMULL;
}

/// A CPU feature name and its detector.
pub type FeatureProbe = (&'static str, fn() -> bool);

/// The CPU features gmkit looks at, and whether each is present (for `gmkit info`).
pub fn features_seen() -> &'static [FeatureProbe] {
    #[cfg(target_arch = "x86_64")]
    {
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
        macro_rules! bits {
            ($($n:literal => $b:expr),*) => {
                &[$(($n, {
                    fn probe() -> bool {
                        hwcap::get() & $b != 0
                    }
                    probe as fn() -> bool
                })),*]
            };
        }
        bits!(
            "neon" => hwcap::ASIMD,
            "aes" => hwcap::AES,
            "pmull" => hwcap::PMULL,
            "sm3" => hwcap::SM3,
            "sm4" => hwcap::SM4
        )
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

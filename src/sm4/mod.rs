//! SM4 (GB/T 32907-2016).

// Until `Sm4Backend` routes to them, the kernels are reached from their tests only.
#[cfg(target_arch = "x86_64")]
#[cfg_attr(not(test), allow(dead_code))]
mod x86_64_aesni;
#[cfg(target_arch = "x86_64")]
#[cfg_attr(not(test), allow(dead_code))]
mod x86_64_avx512;
#[cfg(target_arch = "x86_64")]
#[cfg_attr(not(test), allow(dead_code))]
mod x86_64_common;
#[cfg(target_arch = "x86_64")]
#[cfg_attr(not(test), allow(dead_code))]
mod x86_64_gfni;

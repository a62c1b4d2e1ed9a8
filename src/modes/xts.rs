//! XTS (IEEE Std 1619-2018 / SP 800-38E, and the GB/T 17964-2021 variant) with ciphertext
//! stealing for a final partial block.
//!
//! Both variants compute T = E_K2(tweak) and encrypt block j as E_K1(Pⱼ ⊕ Tⱼ) ⊕ Tⱼ with
//! Tⱼ₊₁ = Tⱼ · x in GF(2¹²⁸). They differ only in how a block is read as a field element:
//! IEEE 1619 takes it little-endian (reduction 0x87), GB/T 17964-2021 in GCM's bit-reflected
//! order (reduction 0xE1, as in GHASH).
//!
//! K1 = K2 is refused (FIPS 140-2 Implementation Guidance A.9 requires the module to check
//! Key_1 ≠ Key_2 for XTS-AES; the security analysis of XTS assumes the tweak is encrypted under
//! an independent key): [`Xts::new_from_slice`] compares the two halves and [`Xts::new`] two
//! key fingerprints, in constant time. The one published vector with equal keys (IEEE 1619
//! vector 1, all-zero keys) runs through [`Xts::new_allow_equal_keys`] under the `hazmat`
//! feature.

use super::util::{BATCH, xor_block};
use crate::error::{Error, Result};
use crate::traits::{Block, BlockCipher128, KeyInit};
use core::fmt;
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

/// Which multiplication-by-x convention the tweak sequence uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XtsVariant {
    /// IEEE Std 1619: little-endian, x¹²⁸ + x⁷ + x² + x + 1 as 0x87.
    Ieee1619,
    /// GB/T 17964-2021: GCM bit order, the same polynomial as 0xE1 ‖ 0¹²⁰.
    Gbt17964,
}

impl XtsVariant {
    /// T · x, without a secret-dependent branch.
    #[inline]
    fn mul_x(self, t: &Block) -> Block {
        match self {
            XtsVariant::Ieee1619 => {
                let v = u128::from_le_bytes(*t);
                let carry = v >> 127;
                ((v << 1) ^ (0x87 & carry.wrapping_neg())).to_le_bytes()
            }
            XtsVariant::Gbt17964 => {
                let v = u128::from_be_bytes(*t);
                let carry = v & 1;
                ((v >> 1) ^ ((0xe1 << 120) & carry.wrapping_neg())).to_be_bytes()
            }
        }
    }
}

/// The longest IEEE 1619 data unit: 2²⁰ blocks (IEEE 1619 limits a data unit to 2²⁰ blocks).
pub const IEEE1619_MAX_DATA_UNIT: usize = 16 << 20;

/// XTS under a data key K1 and a tweak key K2.
#[derive(Clone)]
pub struct Xts<C> {
    k1: C,
    k2: C,
    variant: XtsVariant,
}

impl<C: BlockCipher128> Xts<C> {
    /// XTS with data-unit cipher `k1` and tweak cipher `k2`; [`Error::InvalidParameter`] if they
    /// hold the same key. The keys themselves are out of reach here, so the check compares
    /// E_K1(0¹²⁸) with E_K2(0¹²⁸) in constant time (distinct keys collide there with
    /// probability 2⁻¹²⁸).
    pub fn new(k1: C, k2: C, variant: XtsVariant) -> Result<Self> {
        let mut f = [[0u8; 16]; 2];
        k1.encrypt_block(&mut f[0]);
        k2.encrypt_block(&mut f[1]);
        // declassify: the K1 = K2 refusal is returned.
        let same = crate::ct::declassify(bool::from(f[0].ct_eq(&f[1])));
        f.zeroize();
        if same {
            return Err(Error::InvalidParameter);
        }
        Ok(Xts { k1, k2, variant })
    }

    /// XTS with no check that K1 ≠ K2 — known-answer tests only (IEEE 1619 vector 1 uses
    /// K1 = K2 = 0). Feature `hazmat`.
    #[cfg(feature = "hazmat")]
    pub fn new_allow_equal_keys(k1: C, k2: C, variant: XtsVariant) -> Self {
        Xts { k1, k2, variant }
    }

    /// The tweak convention in use.
    pub fn variant(&self) -> XtsVariant {
        self.variant
    }

    /// Encrypt one data unit in place under the 16-byte `tweak` (for IEEE 1619, the data unit
    /// number little-endian). At least 16 bytes, and for IEEE 1619 at most
    /// [`IEEE1619_MAX_DATA_UNIT`] bytes ([`Error::InvalidLength`]).
    pub fn encrypt(&self, tweak: &Block, buf: &mut [u8]) -> Result<()> {
        self.process(tweak, buf, true)
    }

    /// Decrypt one data unit in place; the same length rules as [`Xts::encrypt`].
    pub fn decrypt(&self, tweak: &Block, buf: &mut [u8]) -> Result<()> {
        self.process(tweak, buf, false)
    }

    fn process(&self, tweak: &Block, buf: &mut [u8], enc: bool) -> Result<()> {
        let too_long = self.variant == XtsVariant::Ieee1619 && buf.len() > IEEE1619_MAX_DATA_UNIT;
        if buf.len() < 16 || too_long {
            return Err(Error::InvalidLength);
        }
        let mut t = *tweak;
        self.k2.encrypt_block(&mut t);
        let (blocks, tail) = buf.as_chunks_mut::<16>();
        // With a partial tail, the last whole block takes part in the stealing.
        let plain = if tail.is_empty() {
            blocks.len()
        } else {
            blocks.len() - 1
        };
        let (body, last) = blocks.split_at_mut(plain);
        let mut tweaks = [[0u8; 16]; BATCH];
        for chunk in body.chunks_mut(BATCH) {
            for (b, tw) in chunk.iter_mut().zip(tweaks.iter_mut()) {
                *tw = t;
                t = self.variant.mul_x(&t);
                xor_block(b, tw);
            }
            if enc {
                self.k1.encrypt_blocks(chunk);
            } else {
                self.k1.decrypt_blocks(chunk);
            }
            for (b, tw) in chunk.iter_mut().zip(tweaks.iter()) {
                xor_block(b, tw);
            }
        }
        if let Some(last) = last.first_mut() {
            self.steal(t, last, tail, enc);
        }
        tweaks.zeroize();
        t.zeroize();
        Ok(())
    }

    /// IEEE 1619 §5.3.2 / §5.4.2: the last whole block `last` (tweak `t`) and the partial `tail`
    /// (tweak `t · x`).
    fn steal(&self, t: Block, last: &mut Block, tail: &mut [u8], enc: bool) {
        let d = tail.len();
        let mut t_next = self.variant.mul_x(&t);
        // Encryption uses Tₘ₋₁ then Tₘ; decryption undoes them in the opposite order.
        let (first, second) = if enc { (t, t_next) } else { (t_next, t) };
        let mut cc = *last;
        self.one(&first, &mut cc, enc);
        // Swap the tail with the head of CC; the completed block goes through the cipher again.
        let mut pp = cc;
        pp[..d].copy_from_slice(tail);
        tail.copy_from_slice(&cc[..d]);
        self.one(&second, &mut pp, enc);
        *last = pp;
        cc.zeroize();
        t_next.zeroize();
    }

    fn one(&self, t: &Block, b: &mut Block, enc: bool) {
        xor_block(b, t);
        if enc {
            self.k1.encrypt_block(b);
        } else {
            self.k1.decrypt_block(b);
        }
        xor_block(b, t);
    }
}

impl<C: BlockCipher128 + KeyInit> Xts<C> {
    /// Key XTS from `K1 ‖ K2` (twice the cipher's key length, [`Error::InvalidKeyLength`]
    /// otherwise); [`Error::InvalidParameter`] if K1 = K2 (compared in constant time).
    pub fn new_from_slice(key: &[u8], variant: XtsVariant) -> Result<Self> {
        if Some(key.len()) != C::KEY_LEN.checked_mul(2) {
            return Err(Error::InvalidKeyLength);
        }
        let (a, b) = key.split_at(C::KEY_LEN);
        // declassify: the K1 = K2 refusal is returned.
        if crate::ct::declassify(bool::from(a.ct_eq(b))) {
            return Err(Error::InvalidParameter);
        }
        Ok(Xts {
            k1: C::new_from_slice(a)?,
            k2: C::new_from_slice(b)?,
            variant,
        })
    }
}

impl<C: BlockCipher128> fmt::Debug for Xts<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Xts")
            .field("cipher", &C::NAME)
            .field("variant", &self.variant)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::{IEEE1619_MAX_DATA_UNIT, Xts, XtsVariant};
    use crate::{Error, sm4::Sm4};

    #[cfg(feature = "alloc")]
    #[test]
    fn ieee_data_unit_limit() {
        let xts = |v| Xts::new(Sm4::new(&[1; 16]), Sm4::new(&[2; 16]), v).unwrap();
        let mut buf = alloc::vec![0u8; IEEE1619_MAX_DATA_UNIT + 1];
        let ieee = xts(XtsVariant::Ieee1619);
        assert_eq!(ieee.encrypt(&[0; 16], &mut buf), Err(Error::InvalidLength));
        assert_eq!(ieee.decrypt(&[0; 16], &mut buf), Err(Error::InvalidLength));
        assert!(
            buf.iter().all(|&b| b == 0),
            "a refused unit is left untouched"
        );
        assert_eq!(
            ieee.encrypt(&[0; 16], &mut buf[..IEEE1619_MAX_DATA_UNIT]),
            Ok(())
        );
        // The GB/T 17964-2021 variant is not limited here.
        assert_eq!(
            xts(XtsVariant::Gbt17964).encrypt(&[0; 16], &mut buf),
            Ok(())
        );
    }

    #[test]
    fn equal_keys_are_refused() {
        let mut key = [7u8; 32];
        for v in [XtsVariant::Ieee1619, XtsVariant::Gbt17964] {
            assert_eq!(
                Xts::<Sm4>::new_from_slice(&key, v).err(),
                Some(Error::InvalidParameter)
            );
            assert_eq!(
                Xts::new(Sm4::new(&[7; 16]), Sm4::new(&[7; 16]), v).err(),
                Some(Error::InvalidParameter)
            );
        }
        // One bit apart is two keys.
        key[31] ^= 1;
        assert!(Xts::<Sm4>::new_from_slice(&key, XtsVariant::Ieee1619).is_ok());
        let mut k2 = [7u8; 16];
        k2[0] ^= 0x80;
        assert!(Xts::new(Sm4::new(&[7; 16]), Sm4::new(&k2), XtsVariant::Gbt17964).is_ok());
        assert_eq!(
            Xts::<Sm4>::new_from_slice(&key[..31], XtsVariant::Ieee1619).err(),
            Some(Error::InvalidKeyLength)
        );
    }

    #[test]
    fn mul_x_conventions() {
        // IEEE: little-endian shift; the top bit of byte 15 folds back as 0x87 into byte 0.
        let mut t = [0u8; 16];
        t[15] = 0x80;
        let mut want = [0u8; 16];
        want[0] = 0x87;
        assert_eq!(XtsVariant::Ieee1619.mul_x(&t), want);
        t = [0; 16];
        t[0] = 0x80;
        want = [0; 16];
        want[1] = 0x01;
        assert_eq!(XtsVariant::Ieee1619.mul_x(&t), want);
        // GB/T: GCM order, x⁰ is the top bit of byte 0; x¹²⁷ (low bit of byte 15) wraps to 0xE1.
        t = [0; 16];
        t[15] = 0x01;
        want = [0; 16];
        want[0] = 0xe1;
        assert_eq!(XtsVariant::Gbt17964.mul_x(&t), want);
        t = [0; 16];
        t[0] = 0x80;
        want = [0; 16];
        want[0] = 0x40;
        assert_eq!(XtsVariant::Gbt17964.mul_x(&t), want);
    }
}

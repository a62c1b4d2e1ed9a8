//! HMAC (RFC 2104; GB/T 15852.2-2012 MAC algorithm 2 is the same construction).
//!
//! HMAC(K, m) = H((K0 ⊕ opad) ‖ H((K0 ⊕ ipad) ‖ m)), where K0 is K zero-padded to the block
//! length B, or H(K) zero-padded when K is longer than B.

use crate::error::{Error, Result};
use crate::traits::{Hash, Mac, tag_len_allowed};
use zeroize::Zeroize;

/// Largest block length supported (SHA-512's 128 bytes).
const MAX_BLOCK_LEN: usize = 128;

/// HMAC over the hash `H`, keyed with any key length.
///
/// Two interfaces: gmkit's [`crate::Mac`] (`gmkit::Error`; the tag length is the instance's,
/// full unless truncated with [`Mac::with_tag_len`] to at least half the output — RFC 2104 §5 —
/// or, with the `hazmat` feature, to as little as 4 bytes), and, for hashes with RustCrypto sizes
/// ([`Sm3`](crate::sm3::Sm3)), RustCrypto's `digest::Mac` with `digest::KeyInit`, which always
/// produces the full tag. Both compare tags in constant time. With both traits in scope, name the
/// one you mean (`digest::Mac::verify_slice(mac, tag)`); on the concrete type the inherent
/// [`Hmac::update`] and [`Hmac::finalize`] (a plain array) win method lookup, so write
/// `digest::Mac::finalize(mac)` for a `CtOutput`.
///
/// ```
/// use gmkit::{Mac, mac::HmacSm3};
///
/// // GB/T 15852.2-2024 Annex C.2, key 1, message "abc".
/// let key = [
///     0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
/// ];
/// let mut mac = HmacSm3::new(&key);
/// mac.update(b"abc");
/// let tag = mac.clone().finalize();
/// assert_eq!(tag[..4], [0x09, 0x33, 0x61, 0x7a]);
/// mac.clone().verify(&tag)?; // gmkit's `Mac::verify`: constant time, full-length tag
/// // A prefix of the tag is refused, unless the instance was made for truncated tags.
/// assert_eq!(mac.clone().verify(&tag[..16]), Err(gmkit::Error::InvalidTagLength));
/// mac.with_tag_len(16)?.verify(&tag[..16])?;
///
/// // The same through RustCrypto's `digest::Mac`.
/// let mut rc = <HmacSm3 as digest::KeyInit>::new_from_slice(&key).unwrap();
/// digest::Mac::update(&mut rc, b"abc");
/// assert!(digest::Mac::verify_slice(rc, &tag).is_ok());
/// # Ok::<(), gmkit::Error>(())
/// ```
///
/// Holds the two hash states that have absorbed K0 ⊕ ipad and K0 ⊕ opad; they are wiped on drop
/// by the hash type itself ([`crate::sm3::Sm3`] and [`crate::intl::Sha256`] zeroize on drop).
#[derive(Clone)]
pub struct Hmac<H: Hash> {
    inner: H,
    outer: H,
    /// The tag length of gmkit's [`Mac`] interface.
    tag_len: usize,
}

/// HMAC-SM3.
pub type HmacSm3 = Hmac<crate::sm3::Sm3>;
/// HMAC-SHA-256.
pub type HmacSha256 = Hmac<crate::intl::Sha256>;

impl<H: Hash> Hmac<H> {
    /// Key an HMAC on `H`'s automatically chosen backend.
    pub fn new(key: &[u8]) -> Self {
        Self::new_with_state(key, H::new())
    }

    /// Key an HMAC on the hash state `fresh`, which must not have absorbed anything; its backend
    /// is used for every hash computation.
    pub fn new_with_state(key: &[u8], fresh: H) -> Self {
        const {
            assert!(H::BLOCK_LEN <= MAX_BLOCK_LEN && H::OUTPUT_LEN <= H::BLOCK_LEN);
        }
        let block_len = H::BLOCK_LEN;
        // RFC 2104 §2: a key longer than B is first hashed; K0 is then zero-padded to B bytes.
        let mut k0 = [0u8; MAX_BLOCK_LEN];
        if key.len() > block_len {
            let mut h = fresh.clone();
            h.update(key);
            let mut hk = h.finalize();
            k0[..H::OUTPUT_LEN].copy_from_slice(hk.as_ref());
            hk.as_mut().zeroize();
        } else {
            k0[..key.len()].copy_from_slice(key);
        }
        let k0 = &mut k0[..block_len];

        // RFC 2104 §2 steps (2)-(3): the inner state absorbs K0 ⊕ ipad (0x36 repeated).
        k0.iter_mut().for_each(|b| *b ^= 0x36);
        let mut inner = fresh.clone();
        inner.update(k0);
        // Steps (5)-(6): the outer state absorbs K0 ⊕ opad (0x5c repeated).
        k0.iter_mut().for_each(|b| *b ^= 0x36 ^ 0x5c);
        let mut outer = fresh;
        outer.update(k0);
        k0.zeroize();

        Hmac {
            inner,
            outer,
            tag_len: H::OUTPUT_LEN,
        }
    }

    /// Absorb message data (step (4)); any number of calls, any lengths.
    pub fn update(&mut self, data: &[u8]) {
        self.inner.update(data);
    }

    /// The full-length tag (steps (4)-(7)), whatever [`Mac::tag_len`] is.
    pub fn finalize(self) -> H::Output {
        let Hmac {
            inner, mut outer, ..
        } = self;
        let mut ih = inner.finalize();
        outer.update(ih.as_ref());
        ih.as_mut().zeroize();
        outer.finalize()
    }
}

impl<H: Hash> core::fmt::Debug for Hmac<H> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Hmac")
            .field("hash", &H::NAME)
            .finish_non_exhaustive()
    }
}

impl<H: Hash> Mac for Hmac<H> {
    const NAME: &'static str = hmac_name(H::NAME);
    const TAG_LEN: usize = H::OUTPUT_LEN;
    /// RFC 2104 §5: no less than half the hash output, and no less than 80 bits.
    const MIN_TAG_LEN: usize = if H::OUTPUT_LEN / 2 > 10 {
        H::OUTPUT_LEN / 2
    } else {
        10
    };

    fn new_from_slice(key: &[u8]) -> Result<Self> {
        Ok(Self::new(key))
    }

    /// Truncate to `tag_len` bytes: [`Mac::MIN_TAG_LEN`]`..=`[`Mac::TAG_LEN`] (16–32 for
    /// HMAC-SM3 and HMAC-SHA256), or from 4 bytes with the `hazmat` feature.
    fn with_tag_len(mut self, tag_len: usize) -> Result<Self> {
        let full = Self::TAG_LEN;
        self.tag_len = tag_len_allowed(
            tag_len,
            (Self::MIN_TAG_LEN..=full).contains(&tag_len),
            (4..=full).contains(&tag_len),
        )?;
        Ok(self)
    }

    fn tag_len(&self) -> usize {
        self.tag_len
    }

    fn update(&mut self, data: &[u8]) {
        self.inner.update(data);
    }

    fn finalize_into(self, out: &mut [u8]) -> Result<()> {
        if out.len() != self.tag_len {
            return Err(Error::InvalidTagLength);
        }
        let mut tag = self.finalize();
        // RFC 2104 §5: a truncated tag is the leftmost bytes.
        out.copy_from_slice(&tag.as_ref()[..out.len()]);
        tag.as_mut().zeroize();
        Ok(())
    }

    /// The trait's check, with the expected tag wiped afterwards.
    fn verify(self, tag: &[u8]) -> Result<()> {
        let mut full = zeroize::Zeroizing::new([0u8; MAX_BLOCK_LEN]);
        // `finalize_into` refuses a length outside MIN_TAG_LEN..=TAG_LEN.
        let full = &mut full[..tag.len().min(MAX_BLOCK_LEN)];
        self.finalize_into(full)?;
        crate::ct::eq_or_opaque(full, tag)
    }
}

// RustCrypto `digest` 0.11. With `Update` + `FixedOutput` + `MacMarker`, `digest`'s blanket
// impl makes `Hmac<H>` a `digest::Mac` (`verify_slice`, `verify_truncated_left`, … compare in
// constant time), and `KeyInit` keys it (`new_from_slice` takes any key length, as HMAC does).
// This is a second trait next to gmkit's own [`Mac`]: import the one you call.

/// RustCrypto key size: one block of `H` (longer and shorter keys go through `new_from_slice`).
impl<H: Hash + digest::common::BlockSizeUser> digest::common::KeySizeUser for Hmac<H> {
    type KeySize = H::BlockSize;
}

impl<H: Hash + digest::common::BlockSizeUser> digest::KeyInit for Hmac<H> {
    fn new(key: &digest::Key<Self>) -> Self {
        Hmac::<H>::new(key.as_slice())
    }

    /// Any key length (RFC 2104 §2); never fails.
    fn new_from_slice(key: &[u8]) -> core::result::Result<Self, digest::InvalidLength> {
        Ok(Hmac::<H>::new(key))
    }
}

impl<H: Hash + digest::OutputSizeUser> digest::OutputSizeUser for Hmac<H> {
    type OutputSize = H::OutputSize;
}

impl<H: Hash> digest::Update for Hmac<H> {
    fn update(&mut self, data: &[u8]) {
        Hash::update(&mut self.inner, data);
    }
}

impl<H: Hash + digest::OutputSizeUser> digest::FixedOutput for Hmac<H> {
    fn finalize_into(self, out: &mut digest::Output<Self>) {
        const {
            assert!(H::OUTPUT_LEN == <H::OutputSize as digest::typenum::Unsigned>::USIZE);
        }
        let mut tag = self.finalize();
        out.copy_from_slice(tag.as_ref());
        tag.as_mut().zeroize();
    }
}

impl<H: Hash> digest::MacMarker for Hmac<H> {}

/// `"HMAC-"` followed by the hash's name, for the hashes gmkit has.
const fn hmac_name(hash: &str) -> &'static str {
    const fn eq(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }
    if eq(hash, "SM3") {
        "HMAC-SM3"
    } else if eq(hash, "SHA-256") {
        "HMAC-SHA-256"
    } else {
        "HMAC"
    }
}

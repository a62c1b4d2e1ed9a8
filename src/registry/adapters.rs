//! The object-safe adapters: every algorithm of the registry is reached through one of these
//! traits. The blanket impls cover every [`Mac`], [`BlockCipher128`] and [`Aead`]; the structs
//! below adapt what has no such trait (hash states with reset, the unauthenticated modes, the
//! one-shot GB/T 15852.1 CBC-MACs, GMAC).

use alloc::boxed::Box;
use alloc::vec::Vec;
use zeroize::Zeroize;

use super::BackendChoice;
use crate::error::{Error, Result};
use crate::modes::cmac::check_tag_len;
use crate::modes::{cbc, cbcmac, cfb::Cfb, ctr::Ctr, cts, ecb, gcm::Gmac, ofb::Ofb, xts::Xts};
use crate::sm3::Sm3;
use crate::sm3::batch::Sm3Batch;
use crate::traits::{Aead, Block, BlockCipher128, CtrWidth, Hash, Mac};

/// A hash state behind a virtual call.
pub trait DynHash {
    /// Digest length in bytes.
    fn output_len(&self) -> usize;
    /// Absorb `data`.
    fn update(&mut self, data: &[u8]);
    /// Write the digest into `out` (exactly [`DynHash::output_len`] bytes, else
    /// [`Error::InvalidLength`]) and start over on the same backend.
    fn finalize_reset(&mut self, out: &mut [u8]) -> Result<()>;
    /// Start over on the same backend.
    fn reset(&mut self);
    /// A copy of the current state.
    fn box_clone(&self) -> Box<dyn DynHash>;
    /// The backend this state runs on.
    fn backend_name(&self) -> &'static str;
    /// The digests of whole messages hashed together through the algorithm's multi-message API
    /// (SM3's batch, on the instance's batch backend); `None` where there is none.
    fn digest_many(&self, msgs: &[&[u8]]) -> Option<Result<Vec<Vec<u8>>>> {
        let _ = msgs;
        None
    }
}

struct HashState<H> {
    fresh: H,
    state: H,
}

impl<H: Hash + 'static> DynHash for HashState<H> {
    fn output_len(&self) -> usize {
        H::OUTPUT_LEN
    }
    fn update(&mut self, data: &[u8]) {
        self.state.update(data);
    }
    fn finalize_reset(&mut self, out: &mut [u8]) -> Result<()> {
        if out.len() != H::OUTPUT_LEN {
            return Err(Error::InvalidLength);
        }
        let state = core::mem::replace(&mut self.state, self.fresh.clone());
        out.copy_from_slice(state.finalize().as_ref());
        Ok(())
    }
    fn reset(&mut self) {
        self.state = self.fresh.clone();
    }
    fn box_clone(&self) -> Box<dyn DynHash> {
        Box::new(HashState {
            fresh: self.fresh.clone(),
            state: self.state.clone(),
        })
    }
    fn backend_name(&self) -> &'static str {
        self.state.backend_name()
    }
}

/// Box a fresh hash state; `reset` returns to a clone of `fresh` (so a forced backend stays).
pub fn dyn_hash<H: Hash + 'static>(fresh: H) -> Box<dyn DynHash> {
    Box::new(HashState {
        state: fresh.clone(),
        fresh,
    })
}

/// SM3 with its multi-message batch ([`Sm3Batch`]) beside the single-stream state.
struct Sm3WithBatch {
    single: HashState<Sm3>,
    batch: Sm3Batch,
}

impl DynHash for Sm3WithBatch {
    fn output_len(&self) -> usize {
        self.single.output_len()
    }
    fn update(&mut self, data: &[u8]) {
        self.single.update(data);
    }
    fn finalize_reset(&mut self, out: &mut [u8]) -> Result<()> {
        self.single.finalize_reset(out)
    }
    fn reset(&mut self) {
        self.single.reset();
    }
    fn box_clone(&self) -> Box<dyn DynHash> {
        Box::new(Sm3WithBatch {
            single: HashState {
                fresh: self.single.fresh.clone(),
                state: self.single.state.clone(),
            },
            batch: self.batch,
        })
    }
    fn backend_name(&self) -> &'static str {
        self.single.backend_name()
    }
    fn digest_many(&self, msgs: &[&[u8]]) -> Option<Result<Vec<Vec<u8>>>> {
        let mut out = alloc::vec![[0u8; 32]; msgs.len()];
        let done = self.batch.digest_many(msgs, &mut out);
        Some(done.map(|()| out.iter().map(|d| d.to_vec()).collect()))
    }
}

/// Box a fresh SM3 state that also hashes batches on `batch`.
pub fn dyn_sm3_with_batch(fresh: Sm3, batch: Sm3Batch) -> Box<dyn DynHash> {
    Box::new(Sm3WithBatch {
        single: HashState {
            state: fresh.clone(),
            fresh,
        },
        batch,
    })
}

/// A keyed MAC behind a virtual call. Every [`Mac`] is one. As with [`Mac`], the tag length is
/// the instance's: full until [`DynMac::with_tag_len`] truncates it.
pub trait DynMac {
    /// This instance's tag length in bytes.
    fn tag_len(&self) -> usize;
    /// The same MAC with tags truncated to `tag_len` bytes ([`Mac::with_tag_len`]: lengths below
    /// the standard's minimum need the `hazmat` feature).
    fn with_tag_len(self: Box<Self>, tag_len: usize) -> Result<Box<dyn DynMac>>;
    /// Absorb `data`.
    fn update(&mut self, data: &[u8]);
    /// Write the tag into `out` (exactly [`DynMac::tag_len`] bytes).
    fn finalize_into(self: Box<Self>, out: &mut [u8]) -> Result<()>;
    /// Constant-time check of a tag of exactly [`DynMac::tag_len`] bytes.
    fn verify(self: Box<Self>, tag: &[u8]) -> Result<()>;
}

impl<M: Mac + 'static> DynMac for M {
    fn tag_len(&self) -> usize {
        Mac::tag_len(self)
    }
    fn with_tag_len(self: Box<Self>, tag_len: usize) -> Result<Box<dyn DynMac>> {
        Ok(Box::new(Mac::with_tag_len(*self, tag_len)?))
    }
    fn update(&mut self, data: &[u8]) {
        Mac::update(self, data);
    }
    fn finalize_into(self: Box<Self>, out: &mut [u8]) -> Result<()> {
        Mac::finalize_into(*self, out)
    }
    fn verify(self: Box<Self>, tag: &[u8]) -> Result<()> {
        Mac::verify(*self, tag)
    }
}

/// A MAC that takes an IV per message (GMAC). The tag length is the instance's.
pub trait DynMacWithIv {
    /// This instance's tag length in bytes.
    fn tag_len(&self) -> usize;
    /// The same MAC with tags truncated to `tag_len` bytes (as [`Gmac::with_tag_len`]).
    fn with_tag_len(self: Box<Self>, tag_len: usize) -> Result<Box<dyn DynMacWithIv>>;
    /// Write the tag of `msg` under `iv` into `out` (exactly [`DynMacWithIv::tag_len`] bytes).
    fn compute(&self, iv: &[u8], msg: &[u8], out: &mut [u8]) -> Result<()>;
    /// Constant-time check of a tag of exactly [`DynMacWithIv::tag_len`] bytes.
    fn verify(&self, iv: &[u8], msg: &[u8], tag: &[u8]) -> Result<()>;
}

/// A keyed 128-bit block cipher behind a virtual call. Every [`BlockCipher128`] is one.
pub trait DynBlockCipher {
    /// Encrypt blocks in place.
    fn encrypt_blocks(&self, blocks: &mut [Block]);
    /// Decrypt blocks in place.
    fn decrypt_blocks(&self, blocks: &mut [Block]);
    /// The CTR keystream batch ([`BlockCipher128::ctr_xor_blocks`]).
    fn ctr_xor_blocks(&self, ctr: &mut Block, width: CtrWidth, data: &mut [Block]);
    /// The backend this key runs on.
    fn backend_name(&self) -> &'static str;
}

impl<C: BlockCipher128> DynBlockCipher for C {
    fn encrypt_blocks(&self, blocks: &mut [Block]) {
        BlockCipher128::encrypt_blocks(self, blocks);
    }
    fn decrypt_blocks(&self, blocks: &mut [Block]) {
        BlockCipher128::decrypt_blocks(self, blocks);
    }
    fn ctr_xor_blocks(&self, ctr: &mut Block, width: CtrWidth, data: &mut [Block]) {
        BlockCipher128::ctr_xor_blocks(self, ctr, width, data);
    }
    fn backend_name(&self) -> &'static str {
        BlockCipher128::backend_name(self)
    }
}

/// An unauthenticated mode of operation over a keyed cipher.
pub trait DynMode {
    /// Bytes encryption may add to the message (PKCS #7 padding: 16; otherwise 0).
    fn overhead(&self) -> usize {
        0
    }
    /// Encrypt the first `msg_len` bytes of `buf` in place; `buf` has room for the overhead.
    /// Returns the ciphertext length.
    fn encrypt(&self, iv: &[u8], buf: &mut [u8], msg_len: usize) -> Result<usize>;
    /// Decrypt `buf` in place; returns the plaintext length.
    fn decrypt(&self, iv: &[u8], buf: &mut [u8]) -> Result<usize>;
    /// For streaming modes (CFB, OFB, CTR): a state that en- or decrypts data in pieces of any
    /// length. `None` for block-oriented modes.
    fn stream(&self, iv: &[u8], decrypt: bool) -> Option<Result<Box<dyn DynStream + '_>>> {
        let _ = (iv, decrypt);
        None
    }
}

/// A streaming mode state.
pub trait DynStream {
    /// En- or decrypt the next `buf.len()` bytes in place. CTR refuses
    /// ([`Error::InvalidLength`], `buf` untouched) input past its counter space
    /// ([`Ctr::apply_keystream`]); CFB and OFB never fail.
    fn apply(&mut self, buf: &mut [u8]) -> Result<()>;
}

/// An AEAD behind a virtual call. Every [`Aead`] is one. The tag length is the instance's: full
/// until [`DynAead::with_tag_len`] truncates it.
pub trait DynAead {
    /// This instance's tag length in bytes.
    fn tag_len(&self) -> usize;
    /// The same AEAD with tags truncated to `tag_len` bytes ([`Aead::with_tag_len`]).
    fn with_tag_len(self: Box<Self>, tag_len: usize) -> Result<Box<dyn DynAead>>;
    /// [`Aead::seal_in_place_detached`].
    fn seal_in_place_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &mut [u8],
    ) -> Result<()>;
    /// [`Aead::open_in_place_detached`].
    fn open_in_place_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8],
    ) -> Result<()>;
    /// [`Aead::seal`].
    fn seal(&self, nonce: &[u8], aad: &[u8], msg: &[u8]) -> Result<Vec<u8>>;
    /// [`Aead::open`].
    fn open(&self, nonce: &[u8], aad: &[u8], ct_and_tag: &[u8]) -> Result<Vec<u8>>;
}

impl<A: Aead + 'static> DynAead for A {
    fn tag_len(&self) -> usize {
        Aead::tag_len(self)
    }
    fn with_tag_len(self: Box<Self>, tag_len: usize) -> Result<Box<dyn DynAead>> {
        Ok(Box::new(Aead::with_tag_len(*self, tag_len)?))
    }
    fn seal_in_place_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &mut [u8],
    ) -> Result<()> {
        Aead::seal_in_place_detached(self, nonce, aad, buf, tag)
    }
    fn open_in_place_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8],
    ) -> Result<()> {
        Aead::open_in_place_detached(self, nonce, aad, buf, tag)
    }
    fn seal(&self, nonce: &[u8], aad: &[u8], msg: &[u8]) -> Result<Vec<u8>> {
        Aead::seal(self, nonce, aad, msg)
    }
    fn open(&self, nonce: &[u8], aad: &[u8], ct_and_tag: &[u8]) -> Result<Vec<u8>> {
        Aead::open(self, nonce, aad, ct_and_tag)
    }
}

// --- unauthenticated modes ----------------------------------------------------------------

/// Which unauthenticated mode a `ModeOf` (the registry's generic mode adapter) runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModeKind {
    /// ECB, whole blocks (no IV).
    Ecb,
    /// CBC, whole blocks.
    Cbc,
    /// CBC with PKCS #7 padding.
    CbcPkcs7,
    /// CBC with ciphertext stealing, variant CS3.
    CbcCs3,
    /// CFB-128.
    Cfb,
    /// OFB.
    Ofb,
    /// CTR with a counter in the low bits of the block.
    Ctr(CtrWidth),
    /// CTR in the RFC 3686 layout: nonce ‖ 8-byte IV ‖ 32-bit counter from 1.
    CtrRfc3686([u8; 4]),
}

/// A keyed cipher in one of the [`ModeKind`]s.
pub struct ModeOf<C> {
    cipher: C,
    kind: ModeKind,
}

/// Box `cipher` in mode `kind`.
pub fn dyn_mode<C: BlockCipher128 + Clone + 'static>(
    cipher: C,
    kind: ModeKind,
) -> Box<dyn DynMode> {
    Box::new(ModeOf { cipher, kind })
}

fn block_iv(iv: &[u8]) -> Result<&Block> {
    iv.try_into().map_err(|_| Error::InvalidNonceLength)
}

fn prefix(buf: &mut [u8], len: usize) -> Result<&mut [u8]> {
    buf.get_mut(..len).ok_or(Error::InvalidLength)
}

struct CfbStream<C>(Cfb<C>, bool);
struct OfbStream<C>(Ofb<C>);
struct CtrStream<C>(Ctr<C>);

impl<C: BlockCipher128> DynStream for CfbStream<C> {
    fn apply(&mut self, buf: &mut [u8]) -> Result<()> {
        match self.1 {
            true => self.0.decrypt(buf),
            false => self.0.encrypt(buf),
        }
        Ok(())
    }
}

impl<C: BlockCipher128> DynStream for OfbStream<C> {
    fn apply(&mut self, buf: &mut [u8]) -> Result<()> {
        self.0.apply_keystream(buf);
        Ok(())
    }
}

impl<C: BlockCipher128> DynStream for CtrStream<C> {
    fn apply(&mut self, buf: &mut [u8]) -> Result<()> {
        self.0.apply_keystream(buf)
    }
}

impl<C: BlockCipher128 + Clone + 'static> ModeOf<C> {
    fn streamer(&self, iv: &[u8], decrypt: bool) -> Option<Result<Box<dyn DynStream>>> {
        let c = self.cipher.clone();
        let s: Result<Box<dyn DynStream>> = match self.kind {
            ModeKind::Cfb => {
                block_iv(iv).map(|iv| Box::new(CfbStream(Cfb::new(c, iv), decrypt)) as _)
            }
            ModeKind::Ofb => block_iv(iv).map(|iv| Box::new(OfbStream(Ofb::new(c, iv))) as _),
            ModeKind::Ctr(w) => block_iv(iv).map(|iv| Box::new(CtrStream(Ctr::new(c, iv, w))) as _),
            ModeKind::CtrRfc3686(nonce) => <&[u8; 8]>::try_from(iv)
                .map_err(|_| Error::InvalidNonceLength)
                .map(|iv| Box::new(CtrStream(Ctr::new_rfc3686(c, &nonce, iv))) as _),
            ModeKind::Ecb | ModeKind::Cbc | ModeKind::CbcPkcs7 | ModeKind::CbcCs3 => return None,
        };
        Some(s)
    }
}

impl<C: BlockCipher128 + Clone + 'static> DynMode for ModeOf<C> {
    fn overhead(&self) -> usize {
        if self.kind == ModeKind::CbcPkcs7 {
            16
        } else {
            0
        }
    }

    fn encrypt(&self, iv: &[u8], buf: &mut [u8], msg_len: usize) -> Result<usize> {
        let c = &self.cipher;
        match self.kind {
            ModeKind::Ecb if iv.is_empty() => ecb::encrypt(c, prefix(buf, msg_len)?)?,
            ModeKind::Ecb => return Err(Error::InvalidNonceLength),
            ModeKind::Cbc => cbc::encrypt(c, block_iv(iv)?, prefix(buf, msg_len)?)?,
            ModeKind::CbcPkcs7 => return cbc::encrypt_pkcs7(c, block_iv(iv)?, buf, msg_len),
            ModeKind::CbcCs3 => cts::encrypt_cs3(c, block_iv(iv)?, prefix(buf, msg_len)?)?,
            _ => self
                .streamer(iv, false)
                .ok_or(Error::InvalidParameter)??
                .apply(prefix(buf, msg_len)?)?,
        }
        Ok(msg_len)
    }

    fn decrypt(&self, iv: &[u8], buf: &mut [u8]) -> Result<usize> {
        let c = &self.cipher;
        match self.kind {
            ModeKind::Ecb if iv.is_empty() => ecb::decrypt(c, buf)?,
            ModeKind::Ecb => return Err(Error::InvalidNonceLength),
            ModeKind::Cbc => cbc::decrypt(c, block_iv(iv)?, buf)?,
            ModeKind::CbcPkcs7 => return cbc::decrypt_pkcs7(c, block_iv(iv)?, buf),
            ModeKind::CbcCs3 => cts::decrypt_cs3(c, block_iv(iv)?, buf)?,
            _ => self
                .streamer(iv, true)
                .ok_or(Error::InvalidParameter)??
                .apply(buf)?,
        }
        Ok(buf.len())
    }

    fn stream(&self, iv: &[u8], decrypt: bool) -> Option<Result<Box<dyn DynStream + '_>>> {
        self.streamer(iv, decrypt).map(|s| s.map(|s| s as _))
    }
}

impl<C: BlockCipher128> DynMode for Xts<C> {
    fn encrypt(&self, tweak: &[u8], buf: &mut [u8], msg_len: usize) -> Result<usize> {
        Xts::encrypt(self, block_iv(tweak)?, prefix(buf, msg_len)?)?;
        Ok(msg_len)
    }

    fn decrypt(&self, tweak: &[u8], buf: &mut [u8]) -> Result<usize> {
        Xts::decrypt(self, block_iv(tweak)?, buf)?;
        Ok(buf.len())
    }
}

// --- MACs without a streaming API ---------------------------------------------------------

impl<C: BlockCipher128 + 'static> DynMacWithIv for Gmac<C> {
    fn tag_len(&self) -> usize {
        Gmac::tag_len(self)
    }
    fn with_tag_len(self: Box<Self>, tag_len: usize) -> Result<Box<dyn DynMacWithIv>> {
        Ok(Box::new(Gmac::with_tag_len(*self, tag_len)?))
    }
    fn compute(&self, iv: &[u8], msg: &[u8], out: &mut [u8]) -> Result<()> {
        Gmac::compute(self, iv, msg, out)
    }
    fn verify(&self, iv: &[u8], msg: &[u8], tag: &[u8]) -> Result<()> {
        Gmac::verify(self, iv, msg, tag)
    }
}

/// Keys a cipher from bytes on a backend choice.
pub type Keying<C> = fn(&[u8], &BackendChoice) -> Result<C>;

/// A GB/T 15852.1 CBC-MAC ([`cbcmac`]), which is one-shot: the message is buffered.
struct CbcMac<C> {
    alg: cbcmac::Algorithm,
    pad: cbcmac::Padding,
    /// K, then K′ when the algorithm takes one.
    keys: Vec<u8>,
    split: usize,
    msg: Vec<u8>,
    choice: BackendChoice,
    keying: Keying<C>,
    tag_len: usize,
}

/// A GB/T 15852.1 MAC keyed by `key` (`K ‖ K′` for algorithms 2, 3 and 4, split at `key_len`),
/// its ciphers keyed by `keying` on `choice`; 16-byte tags until [`DynMac::with_tag_len`].
pub fn dyn_cbc_mac<C: BlockCipher128 + 'static>(
    alg: cbcmac::Algorithm,
    pad: cbcmac::Padding,
    key: &[u8],
    key_len: usize,
    choice: &BackendChoice,
    keying: Keying<C>,
) -> Result<Box<dyn DynMac>> {
    let split = if alg.needs_key2() { key_len } else { key.len() };
    if key.len() != split + usize::from(alg.needs_key2()) * key_len {
        return Err(Error::InvalidKeyLength);
    }
    Ok(Box::new(CbcMac {
        alg,
        pad,
        keys: key.to_vec(),
        split,
        msg: Vec::new(),
        choice: choice.clone(),
        keying,
        tag_len: 16,
    }))
}

impl<C> Drop for CbcMac<C> {
    fn drop(&mut self) {
        self.keys.as_mut_slice().zeroize();
    }
}

impl<C: BlockCipher128 + 'static> DynMac for CbcMac<C> {
    fn tag_len(&self) -> usize {
        self.tag_len
    }
    fn with_tag_len(mut self: Box<Self>, tag_len: usize) -> Result<Box<dyn DynMac>> {
        self.tag_len = check_tag_len(tag_len)?;
        Ok(self)
    }
    fn update(&mut self, data: &[u8]) {
        self.msg.extend_from_slice(data);
    }
    fn finalize_into(self: Box<Self>, out: &mut [u8]) -> Result<()> {
        if out.len() != self.tag_len {
            return Err(Error::InvalidTagLength);
        }
        let (k, k2) = self.keys.split_at(self.split);
        let keying = |k: &[u8]| (self.keying)(k, &self.choice);
        let k2 = Some(k2).filter(|k2| !k2.is_empty());
        cbcmac::compute_with(self.alg, self.pad, k, k2, &self.msg, out, keying)
    }
    fn verify(self: Box<Self>, tag: &[u8]) -> Result<()> {
        if tag.len() != self.tag_len {
            return Err(Error::InvalidTagLength);
        }
        let mut mine = [0u8; 16];
        let n = tag.len();
        let r = self
            .finalize_into(&mut mine[..n])
            .and_then(|()| crate::ct::eq_or_opaque(&mine[..n], tag));
        mine.zeroize();
        r
    }
}

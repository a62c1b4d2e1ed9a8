//! SM2 in the registry: one object-safe interface, [`DynSm2`], over the two implementations,
//! which form the `sm2` backend axis ([`Sm2Backend`]):
//!
//! - `bmi2-adx` (x86-64), `soft` — the constant-time code of [`crate::sm2`], specialised to the
//!   recommended curve sm2p256v1 (GB/T 32918.5), on each of its field backends
//!   ([`FieldBackend`]: `mulx`/`adcx`/`adox` or portable Rust). They run groups on that curve
//!   only.
//! - `generic-vartime` — [`CurveVartime`], the same algorithms over any prime-field curve given
//!   by its parameters (the standards' Annex A example curve, a lab's test curve), in variable
//!   time: for public test vectors only.
//!
//! Every SM2 group can run on `generic-vartime`; groups on sm2p256v1 run on both. The
//! known-answer entry points (fixed k, fixed ephemeral keys) make this module `hazmat`-only.

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

use super::BackendChoice;
use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::intl::Sha256;
use crate::sm2::dsa::{self, Signature, SigningKey, VerifyingKey};
use crate::sm2::generic::CurveVartime;
use crate::sm2::kex::{EphemeralKey, KeyExchange, Role};
use crate::sm2::pke::{DecryptingKey, EncryptingKey, Format, ciphertext_len};
use crate::sm2::{FieldBackend, PublicKey, SecretKey};
use crate::sm3::Sm3;
use crate::traits::Hash;

/// The SM2 implementations, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sm2Backend {
    /// [`crate::sm2`] on [`FieldBackend::Bmi2Adx`]: sm2p256v1 only.
    #[cfg(target_arch = "x86_64")]
    Bmi2Adx,
    /// [`crate::sm2`] on [`FieldBackend::Soft`], the portable constant-time code, sm2p256v1 only
    /// (named `soft` like every algorithm's portable backend).
    Soft,
    /// [`CurveVartime`]: any prime-field curve, variable time.
    GenericVartime,
}

impl Backend for Sm2Backend {
    const ALGORITHM: &'static str = "sm2";
    #[cfg(target_arch = "x86_64")]
    const ALL: &'static [Self] = &[
        Sm2Backend::Bmi2Adx,
        Sm2Backend::Soft,
        Sm2Backend::GenericVartime,
    ];
    #[cfg(not(target_arch = "x86_64"))]
    const ALL: &'static [Self] = &[Sm2Backend::Soft, Sm2Backend::GenericVartime];

    fn name(self) -> &'static str {
        match self.field() {
            Some(f) => f.name(),
            None => "generic-vartime",
        }
    }

    fn is_available(self) -> bool {
        self.field().is_none_or(FieldBackend::is_available)
    }
}

impl Sm2Backend {
    /// The field backend of the sm2p256v1 code; `None` for the generic curve code.
    pub fn field(self) -> Option<FieldBackend> {
        match self {
            #[cfg(target_arch = "x86_64")]
            Sm2Backend::Bmi2Adx => Some(FieldBackend::Bmi2Adx),
            Sm2Backend::Soft => Some(FieldBackend::Soft),
            Sm2Backend::GenericVartime => None,
        }
    }
}

/// The name vector files give the recommended curve (`vectors/FORMAT.md` §8).
pub const SM2P256V1: &str = "sm2p256v1";

/// A curve's parameters as a vector group gives them (big-endian; `h` the cofactor).
#[derive(Clone, Copy, Debug)]
pub struct Sm2Curve<'a> {
    /// The group's `curve` name.
    pub name: &'a str,
    /// The prime p.
    pub p: &'a [u8],
    /// a.
    pub a: &'a [u8],
    /// b.
    pub b: &'a [u8],
    /// x of the base point G.
    pub gx: &'a [u8],
    /// y of G.
    pub gy: &'a [u8],
    /// The order n of G.
    pub n: &'a [u8],
    /// The cofactor.
    pub h: u64,
}

impl Sm2Curve<'_> {
    /// Whether the parameters are exactly sm2p256v1's.
    pub fn is_sm2p256v1(&self) -> bool {
        let given = [self.p, self.a, self.b, self.gx, self.gy, self.n];
        self.h == 1
            && given
                .iter()
                .zip(&crate::sm2::generic::SM2P256V1)
                .all(|(g, w)| g[..] == w[..])
    }
}

/// The hash of SM2 encryption's KDF and C3 (GB/T 32918.4 names SM3; some vectors use SHA-256).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sm2Hash {
    /// SM3.
    Sm3,
    /// SHA-256.
    Sha256,
}

/// A signature as the signer produced it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sm2Signed {
    /// r, big-endian, the order's length.
    pub r: Vec<u8>,
    /// s.
    pub s: Vec<u8>,
    /// The DER encoding, where the implementation produces one.
    pub der: Option<Vec<u8>>,
}

/// One side of a key exchange with fixed keys (GB/T 32918.3 §6.1).
#[derive(Clone, Copy, Debug)]
pub struct Sm2KexSide<'a> {
    /// A (true) or B.
    pub initiator: bool,
    /// Own static secret d.
    pub d: &'a [u8],
    /// Own ephemeral secret r.
    pub r: &'a [u8],
    /// Own ID.
    pub id: &'a [u8],
    /// The peer's static public key (SEC1).
    pub peer_public: &'a [u8],
    /// The peer's ephemeral point R (SEC1).
    pub peer_ephemeral: &'a [u8],
    /// The peer's ID.
    pub peer_id: &'a [u8],
    /// The confirmation hash the peer sent (S_B to A, S_A to B), checked if given.
    pub peer_confirmation: Option<&'a [u8]>,
}

/// What one side of a key exchange derives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sm2KexOutput {
    /// The shared point U (or V), uncompressed, where the implementation exposes it.
    pub point: Option<Vec<u8>>,
    /// The shared key K.
    pub key: Vec<u8>,
    /// S_B (= S_1).
    pub s_b: [u8; 32],
    /// S_A (= S_2).
    pub s_a: [u8; 32],
    /// The confirmation hash this side sends (S_A from A, S_B from B).
    pub to_send: [u8; 32],
}

/// SM2 (GB/T 32918) on one curve and one implementation. Keys and points are byte strings:
/// public keys SEC1, secrets big-endian, signatures DER.
pub trait DynSm2 {
    /// The implementation ([`Sm2Backend`] name).
    fn backend_name(&self) -> &'static str;
    /// Validate a public key (GB/T 32918.1 §6.2.1); returns it uncompressed.
    fn public_key(&self, sec1: &[u8]) -> Result<Vec<u8>>;
    /// P = \[d\]G, uncompressed.
    fn derive_public(&self, d: &[u8]) -> Result<Vec<u8>>;
    /// Z_A for `id` and `public` (GB/T 32918.2 §5.5).
    fn za(&self, id: &[u8], public: &[u8]) -> Result<[u8; 32]>;
    /// e = SM3(Z_A ‖ M).
    fn digest(&self, id: &[u8], public: &[u8], msg: &[u8]) -> Result<[u8; 32]>;
    /// GB/T 32918.2 §6.1 A3–A7 with the given e and k.
    fn sign_prehashed_with_k(&self, d: &[u8], e: &[u8], k: &[u8]) -> Result<Sm2Signed>;
    /// GB/T 32918.2 §7.1 over `msg` with the signer's ID; `sig` is strict DER.
    fn verify(&self, public: &[u8], id: &[u8], msg: &[u8], sig: &[u8]) -> Result<()>;
    /// GB/T 32918.2 §7.1 B1–B2, B5–B7 against e (any length, mod n).
    fn verify_prehashed(&self, public: &[u8], e: &[u8], sig: &[u8]) -> Result<()>;
    /// GB/T 32918.4 §6.1 with the given k, serialised in `format`.
    fn encrypt_with_k(
        &self,
        hash: Sm2Hash,
        public: &[u8],
        msg: &[u8],
        k: &[u8],
        format: Format,
    ) -> Result<Vec<u8>>;
    /// GB/T 32918.4 §7.1, returning the plaintext.
    fn decrypt(&self, hash: Sm2Hash, d: &[u8], ct: &[u8], format: Format) -> Result<Vec<u8>>;
    /// GB/T 32918.4 §7.1 into `out` (room for the plaintext); returns its length. On failure
    /// nothing of the plaintext is left in `out`.
    fn decrypt_into(
        &self,
        hash: Sm2Hash,
        d: &[u8],
        ct: &[u8],
        format: Format,
        out: &mut [u8],
    ) -> Result<usize>;
    /// One side of GB/T 32918.3 §6.1 with fixed ephemeral keys; `klen` bytes of key. With a
    /// peer confirmation, a mismatch (A10 / B10) is [`Error::Opaque`].
    fn key_exchange(&self, side: &Sm2KexSide<'_>, klen: usize) -> Result<Sm2KexOutput>;
}

/// SM2 on `curve` with the implementation `choice` picks for the `sm2` axis;
/// [`Error::InvalidParameter`] if that implementation cannot run the curve.
pub fn sm2(curve: &Sm2Curve<'_>, choice: &BackendChoice) -> Result<Box<dyn DynSm2>> {
    let backend = choice.get::<Sm2Backend>()?;
    match backend.field() {
        Some(field) if curve.is_sm2p256v1() => Ok(Box::new(Fast(backend, field))),
        Some(_) => Err(Error::InvalidParameter),
        None => Ok(Box::new(Generic(CurveVartime::new(
            curve.p, curve.a, curve.b, curve.gx, curve.gy, curve.n, curve.h,
        )?))),
    }
}

// --- sm2p256v1 ------------------------------------------------------------------------------

/// The sm2p256v1 code on one field backend (the registry row's and the field's).
struct Fast(Sm2Backend, FieldBackend);

impl Fast {
    fn public(&self, sec1: &[u8]) -> Result<PublicKey> {
        PublicKey::from_sec1_bytes(sec1)?.with_backend(self.1)
    }

    fn secret(&self, d: &[u8]) -> Result<SecretKey> {
        SecretKey::from_slice(d)?.with_backend(self.1)
    }
}

fn array<const N: usize>(b: &[u8], err: Error) -> Result<[u8; N]> {
    b.try_into().map_err(|_| err)
}

fn fast_encrypt<H: Hash>(pk: PublicKey, msg: &[u8], k: &[u8; 32], f: Format) -> Result<Vec<u8>> {
    let mut out = vec![0u8; ciphertext_len::<H>(f, msg.len())];
    let n = EncryptingKey::<H>::with_format(pk, f).encrypt_with_k_into(k, msg, &mut out)?;
    out.truncate(n);
    Ok(out)
}

impl DynSm2 for Fast {
    fn backend_name(&self) -> &'static str {
        self.0.name()
    }

    fn public_key(&self, sec1: &[u8]) -> Result<Vec<u8>> {
        Ok(self.public(sec1)?.to_sec1_uncompressed().to_vec())
    }

    fn derive_public(&self, d: &[u8]) -> Result<Vec<u8>> {
        Ok(self.secret(d)?.public_key().to_sec1_uncompressed().to_vec())
    }

    fn za(&self, id: &[u8], public: &[u8]) -> Result<[u8; 32]> {
        dsa::za(id, &self.public(public)?)
    }

    fn digest(&self, id: &[u8], public: &[u8], msg: &[u8]) -> Result<[u8; 32]> {
        Ok(VerifyingKey::with_id(self.public(public)?, id)?.digest(msg))
    }

    fn sign_prehashed_with_k(&self, d: &[u8], e: &[u8], k: &[u8]) -> Result<Sm2Signed> {
        let key = SigningKey::new(self.secret(d)?);
        let sig = key.sign_prehashed_with_k(e, &array(k, Error::InvalidParameter)?)?;
        Ok(Sm2Signed {
            r: sig.r().to_vec(),
            s: sig.s().to_vec(),
            der: Some(sig.to_der().as_ref().to_vec()),
        })
    }

    fn verify(&self, public: &[u8], id: &[u8], msg: &[u8], sig: &[u8]) -> Result<()> {
        VerifyingKey::with_id(self.public(public)?, id)?.verify_der(msg, sig)
    }

    fn verify_prehashed(&self, public: &[u8], e: &[u8], sig: &[u8]) -> Result<()> {
        VerifyingKey::new(self.public(public)?).verify_prehashed(e, &Signature::from_der(sig)?)
    }

    fn encrypt_with_k(
        &self,
        hash: Sm2Hash,
        public: &[u8],
        msg: &[u8],
        k: &[u8],
        format: Format,
    ) -> Result<Vec<u8>> {
        let (pk, k) = (self.public(public)?, array(k, Error::InvalidParameter)?);
        match hash {
            Sm2Hash::Sm3 => fast_encrypt::<Sm3>(pk, msg, &k, format),
            Sm2Hash::Sha256 => fast_encrypt::<Sha256>(pk, msg, &k, format),
        }
    }

    fn decrypt(&self, hash: Sm2Hash, d: &[u8], ct: &[u8], format: Format) -> Result<Vec<u8>> {
        let sk = self.secret(d)?;
        match hash {
            Sm2Hash::Sm3 => DecryptingKey::<Sm3>::with_format(sk, format).decrypt(ct),
            Sm2Hash::Sha256 => DecryptingKey::<Sha256>::with_format(sk, format).decrypt(ct),
        }
    }

    fn decrypt_into(
        &self,
        hash: Sm2Hash,
        d: &[u8],
        ct: &[u8],
        format: Format,
        out: &mut [u8],
    ) -> Result<usize> {
        let sk = self.secret(d)?;
        match hash {
            Sm2Hash::Sm3 => DecryptingKey::<Sm3>::with_format(sk, format).decrypt_into(ct, out),
            Sm2Hash::Sha256 => {
                DecryptingKey::<Sha256>::with_format(sk, format).decrypt_into(ct, out)
            }
        }
    }

    fn key_exchange(&self, side: &Sm2KexSide<'_>, klen: usize) -> Result<Sm2KexOutput> {
        let role = if side.initiator {
            Role::Initiator
        } else {
            Role::Responder
        };
        let kx = KeyExchange::new(
            role,
            self.secret(side.d)?,
            side.id,
            self.public(side.peer_public)?,
            side.peer_id,
        )?;
        let eph = EphemeralKey::from_bytes(&array(side.r, Error::InvalidPrivateKey)?)?;
        let mut key = vec![0u8; klen];
        let conf = kx.agree(eph, &self.public(side.peer_ephemeral)?, &mut key)?;
        if let Some(received) = side.peer_confirmation {
            conf.verify_peer(received)?;
        }
        Ok(Sm2KexOutput {
            point: None,
            key,
            s_b: *conf.s_b(),
            s_a: *conf.s_a(),
            to_send: *conf.to_send(),
        })
    }
}

// --- any prime-field curve ------------------------------------------------------------------

struct Generic(CurveVartime);

/// Strict DER `SEQUENCE { INTEGER r, INTEGER s }` through the one DER reader of
/// [`crate::sm2`] (X.690 §10: definite minimal lengths, minimal non-negative integers, nothing
/// after the SEQUENCE); returns the magnitudes of r and s.
fn der_rs(sig: &[u8]) -> Result<(&[u8], &[u8])> {
    use crate::sm2::der::{Reader, TAG_SEQUENCE};
    let parse = || -> Result<(&[u8], &[u8])> {
        let mut outer = Reader::new(sig);
        let mut seq = Reader::new(outer.read(TAG_SEQUENCE)?);
        outer.finish()?;
        let (r, s) = (seq.read_uint()?, seq.read_uint()?);
        seq.finish()?;
        Ok((r, s))
    };
    parse().map_err(|_| Error::InvalidSignature)
}

impl DynSm2 for Generic {
    fn backend_name(&self) -> &'static str {
        Sm2Backend::GenericVartime.name()
    }

    fn public_key(&self, sec1: &[u8]) -> Result<Vec<u8>> {
        let (x, y) = self.0.decode_point(sec1)?;
        Ok([&[4u8][..], &x, &y].concat())
    }

    fn derive_public(&self, d: &[u8]) -> Result<Vec<u8>> {
        self.0.public_key(d)
    }

    fn za(&self, id: &[u8], public: &[u8]) -> Result<[u8; 32]> {
        self.0.za(id, public)
    }

    fn digest(&self, id: &[u8], public: &[u8], msg: &[u8]) -> Result<[u8; 32]> {
        self.0.digest(id, public, msg)
    }

    fn sign_prehashed_with_k(&self, d: &[u8], e: &[u8], k: &[u8]) -> Result<Sm2Signed> {
        let (r, s) = self.0.sign_prehashed_with_k(d, e, k)?;
        Ok(Sm2Signed { r, s, der: None })
    }

    fn verify(&self, public: &[u8], id: &[u8], msg: &[u8], sig: &[u8]) -> Result<()> {
        self.0.verify_der(public, id, msg, sig)
    }

    fn verify_prehashed(&self, public: &[u8], e: &[u8], sig: &[u8]) -> Result<()> {
        let (r, s) = der_rs(sig)?;
        self.0.verify_prehashed(public, e, r, s)
    }

    fn encrypt_with_k(
        &self,
        hash: Sm2Hash,
        public: &[u8],
        msg: &[u8],
        k: &[u8],
        format: Format,
    ) -> Result<Vec<u8>> {
        let ct = match hash {
            Sm2Hash::Sm3 => self.0.encrypt_with_k::<Sm3>(public, msg, k)?,
            Sm2Hash::Sha256 => self.0.encrypt_with_k::<Sha256>(public, msg, k)?,
        };
        ct.to_bytes(format)
    }

    fn decrypt(&self, hash: Sm2Hash, d: &[u8], ct: &[u8], format: Format) -> Result<Vec<u8>> {
        match hash {
            Sm2Hash::Sm3 => self.0.decrypt::<Sm3>(d, ct, format),
            Sm2Hash::Sha256 => self.0.decrypt::<Sha256>(d, ct, format),
        }
    }

    fn decrypt_into(
        &self,
        hash: Sm2Hash,
        d: &[u8],
        ct: &[u8],
        format: Format,
        out: &mut [u8],
    ) -> Result<usize> {
        let m = self.decrypt(hash, d, ct, format)?;
        out.get_mut(..m.len())
            .ok_or(Error::InvalidLength)?
            .copy_from_slice(&m);
        Ok(m.len())
    }

    fn key_exchange(&self, side: &Sm2KexSide<'_>, klen: usize) -> Result<Sm2KexOutput> {
        let out = self.0.key_exchange_with_ephemeral(
            side.initiator,
            side.d,
            side.r,
            side.id,
            side.peer_public,
            side.peer_ephemeral,
            side.peer_id,
            klen,
        )?;
        // A10 checks S_B from B; B10 checks S_A from A.
        let (expected, to_send) = match side.initiator {
            true => (out.s_b, out.s_a),
            false => (out.s_a, out.s_b),
        };
        if let Some(received) = side.peer_confirmation {
            crate::ct::eq_or_opaque(&expected, received)?;
        }
        Ok(Sm2KexOutput {
            point: Some(out.point),
            key: out.key,
            s_b: out.s_b,
            s_a: out.s_a,
            to_send,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_der_integers() {
        let ok = [0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80];
        assert_eq!(der_rs(&ok), Ok((&[1u8][..], &[0x80u8][..])));
        for bad in [
            &[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x80][..], // negative s
            &[0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01], // non-minimal r
            &[0x30, 0x81, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01], // long form below 128
            &[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00], // trailing byte
            &[0x30, 0x05, 0x02, 0x00, 0x02, 0x01, 0x01],           // empty INTEGER
            &[0x30, 0x03, 0x02, 0x01, 0x01],                       // s missing
        ] {
            assert_eq!(der_rs(bad), Err(Error::InvalidSignature), "{bad:02x?}");
        }
    }

    #[test]
    fn only_sm2p256v1_runs_on_the_fast_backend() {
        let [p, a, b, gx, gy, n] = &crate::sm2::generic::SM2P256V1;
        let mut curve = Sm2Curve {
            name: SM2P256V1,
            p,
            a,
            b,
            gx,
            gy,
            n,
            h: 1,
        };
        assert!(curve.is_sm2p256v1());
        let fast = BackendChoice::new(&[], vec![("sm2", "soft")]);
        assert_eq!(sm2(&curve, &fast).unwrap().backend_name(), "soft");
        curve.h = 2;
        assert_eq!(sm2(&curve, &fast).err(), Some(Error::InvalidParameter));
    }
}

//! SM2 key exchange (GB/T 32918.3-2016 §6.1), on sm2p256v1, with the optional key
//! confirmation S_B (= S_1) and S_A (= S_2).
//!
//! ```text
//! A (initiator)                                   B (responder)
//! eph_A = ephemeral(); send R_A  ───────────────▶
//!                                                 eph_B = ephemeral(); R_B = eph_B.public_key()
//!                                                 agree(eph_B, R_A) → K, conf
//!                                ◀─────────────── send R_B, conf.to_send() (S_B)
//! agree(eph_A, R_B) → K, conf; conf.verify_peer(S_B)
//! send conf.to_send() (S_A)      ───────────────▶ conf.verify_peer(S_A)
//! ```
//!
//! [`KeyExchange::agree`] takes the [`EphemeralKey`] by value: r is used for one agreement and
//! wiped when it ends, whatever the outcome. The shared point U (V), t and x̄·r are wiped too.

use super::arith::{FieldBackend, with_field};
use super::dsa::za;
use super::field::Fe;
use super::keys::{self, PublicKey, SecretKey};
use super::point::Projective;
use super::scalar::Scalar;
use super::scrub;
use super::table;
use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::sm3::{Sm3, kdf};
use core::fmt;
use rand_core::CryptoRng;
use zeroize::{Zeroize, Zeroizing};

/// Which side of the exchange this is: A (initiator) or B (responder).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// User A, who sends R_A first.
    Initiator,
    /// User B, who answers with R_B (and S_B).
    Responder,
}

/// An ephemeral key pair (r, R = \[r\]G), GB/T 32918.3 §6.1 A1–A3 / B1–B2. Zeroized on drop.
pub struct EphemeralKey {
    r: Scalar,
    public: PublicKey,
}

impl EphemeralKey {
    /// A fresh random ephemeral key.
    pub fn random<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        EphemeralKey::random_on(rng, FieldBackend::auto())
    }

    /// [`EphemeralKey::random`] with R = \[r\]G computed on `backend`.
    fn random_on<R: CryptoRng + ?Sized>(rng: &mut R, backend: FieldBackend) -> Self {
        let mut b = Zeroizing::new([0u8; 32]);
        loop {
            rng.fill_bytes(&mut b[..]);
            if let Ok(k) = EphemeralKey::from_scalar_bytes(&b, backend) {
                return k;
            }
        }
    }

    fn from_scalar_bytes(b: &[u8; 32], backend: FieldBackend) -> Result<Self> {
        let mut r = Scalar::from_bytes_nonzero(b).ok_or(Error::InvalidPrivateKey)?;
        // [r]G: its projective form is secret-derived, wiped; r ≠ 0, so never the identity.
        let p = with_field!(backend, f => {
            let mut rg = table::mul_base(&r, f);
            // declassify: R = [r]G is sent to the peer.
            let (p, _) = crate::ct::declassify(rg.normalize(f));
            rg.zeroize();
            p
        });
        let key = EphemeralKey {
            r,
            public: PublicKey::from_point(p),
        };
        r.zeroize();
        scrub::stack();
        Ok(key)
    }

    /// A given ephemeral scalar r ∈ [1, n − 1] — known-answer tests only.
    #[cfg(feature = "hazmat")]
    pub fn from_bytes(r: &[u8; 32]) -> Result<Self> {
        EphemeralKey::from_scalar_bytes(r, FieldBackend::auto())
    }

    /// R = \[r\]G, sent to the peer.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }
}

impl Drop for EphemeralKey {
    fn drop(&mut self) {
        self.r.zeroize();
    }
}

impl fmt::Debug for EphemeralKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EphemeralKey")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

/// The optional confirmation values of one completed exchange.
#[derive(Clone, Copy)]
pub struct Confirmation {
    role: Role,
    s_b: [u8; 32],
    s_a: [u8; 32],
}

impl Confirmation {
    /// S_B = SM3(0x02 ‖ y ‖ SM3(x ‖ Z_A ‖ Z_B ‖ x₁ ‖ y₁ ‖ x₂ ‖ y₂)) (B's S_B, A's S_1).
    pub fn s_b(&self) -> &[u8; 32] {
        &self.s_b
    }

    /// S_A = SM3(0x03 ‖ y ‖ SM3(…)) (A's S_A, B's S_2).
    pub fn s_a(&self) -> &[u8; 32] {
        &self.s_a
    }

    /// What this side sends: S_B for the responder (B9), S_A for the initiator (A10).
    pub fn to_send(&self) -> &[u8; 32] {
        match self.role {
            Role::Responder => &self.s_b,
            Role::Initiator => &self.s_a,
        }
    }

    /// Check the peer's value in constant time: the initiator checks S_B = S_1 (A9), the
    /// responder S_A = S_2 (B10). [`Error::Opaque`] on mismatch.
    pub fn verify_peer(&self, received: &[u8]) -> Result<()> {
        let want = match self.role {
            Role::Initiator => &self.s_b,
            Role::Responder => &self.s_a,
        };
        crate::ct::eq_or_opaque(want, received)
    }
}

impl fmt::Debug for Confirmation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Confirmation")
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// One side of an SM2 key exchange: own key and ID, the peer's public key and ID.
///
/// ```
/// use gmkit::sm2::{KeyExchange, Role, SecretKey};
/// # fn hex(s: &str) -> [u8; 32] {
/// #     core::array::from_fn(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
/// # }
///
/// // The static keys of GB/T 32918.5-2017 (GM/T 0003.5-2012) Annex B, both with the ID
/// // 1234567812345678.
/// let a = hex("81eb26e941bb5af16df116495f90695272ae2cd63d6c4ae1678418be48230029");
/// let b = hex("785129917d45a9ea5437a59356b82338eaadda6ceb199088f14ae10defa229b5");
/// let (a, b) = (SecretKey::from_bytes(&a)?, SecretKey::from_bytes(&b)?);
/// assert_eq!(a.public_key().x()[..4], [0x16, 0x0e, 0x12, 0x89]);
/// assert_eq!(b.public_key().x()[..4], [0x6a, 0xe8, 0x48, 0xc5]);
/// let id = b"1234567812345678";
/// let alice = KeyExchange::new(Role::Initiator, a.clone(), id, *b.public_key(), id)?;
/// let bob = KeyExchange::new(Role::Responder, b.clone(), id, *a.public_key(), id)?;
///
/// let mut rng = rand::rng();
/// let (ra, rb) = (alice.ephemeral(&mut rng), bob.ephemeral(&mut rng));
/// // R_A and R_B are what goes over the wire; `agree` consumes the ephemeral keys.
/// let (r_a, r_b) = (*ra.public_key(), *rb.public_key());
/// let (mut ka, mut kb) = ([0u8; 16], [0u8; 16]);
/// // B answers R_A with R_B and S_B; A checks S_B and answers S_A; B checks S_A.
/// let conf_b = bob.agree(rb, &r_a, &mut kb)?;
/// let conf_a = alice.agree(ra, &r_b, &mut ka)?;
/// conf_a.verify_peer(conf_b.to_send())?;
/// conf_b.verify_peer(conf_a.to_send())?;
/// assert_eq!(ka, kb);
/// # Ok::<(), gmkit::Error>(())
/// ```
#[derive(Clone)]
pub struct KeyExchange {
    role: Role,
    secret: SecretKey,
    za_own: [u8; 32],
    peer: PublicKey,
    za_peer: [u8; 32],
}

/// x̄ = 2^w + (x & (2^w − 1)) with w = ⌈⌈log₂ n⌉/2⌉ − 1 = 127 (GB/T 32918.3 §6.1 A4).
fn x_bar(x: &Fe) -> Scalar {
    let x = x.to_canonical();
    Scalar::from_canonical(&[x[0], x[1] | (1 << 63), 0, 0])
}

impl KeyExchange {
    /// Set up one side. IDs are at most [`super::dsa::MAX_ID_LEN`] bytes.
    pub fn new(
        role: Role,
        secret: SecretKey,
        id: &[u8],
        peer: PublicKey,
        peer_id: &[u8],
    ) -> Result<Self> {
        Ok(KeyExchange {
            role,
            za_own: za(id, secret.public_key())?,
            za_peer: za(peer_id, &peer)?,
            secret,
            peer,
        })
    }

    /// Z_A and Z_B in the standard's order.
    fn z_ab(&self) -> (&[u8; 32], &[u8; 32]) {
        match self.role {
            Role::Initiator => (&self.za_own, &self.za_peer),
            Role::Responder => (&self.za_peer, &self.za_own),
        }
    }

    /// Draw this side's ephemeral key (A1–A3 / B1–B2).
    pub fn ephemeral<R: CryptoRng + ?Sized>(&self, rng: &mut R) -> EphemeralKey {
        // R on this side's field backend.
        EphemeralKey::random_on(rng, self.secret.backend())
    }

    /// Complete the exchange with the peer's ephemeral point: write the shared key into `key`
    /// (any length ≥ 1) and return the confirmation values. Fails if the shared point is the
    /// point at infinity (A7/B6). The peer's R passed [`PublicKey`] validation (A6/B5).
    ///
    /// `eph` is consumed — one ephemeral key, one agreement — and wiped on return, whether the
    /// exchange succeeded or not; copy `*eph.public_key()` (R) first where it is still needed.
    ///
    /// ```compile_fail
    /// # use gmkit::sm2::{KeyExchange, Role, SecretKey};
    /// # let mut rng = rand::rng();
    /// # let (a, b) = (SecretKey::random(&mut rng), SecretKey::random(&mut rng));
    /// # let kx = KeyExchange::new(Role::Initiator, a, b"a", *b.public_key(), b"b").unwrap();
    /// # let peer = *SecretKey::random(&mut rng).public_key();
    /// let eph = kx.ephemeral(&mut rng);
    /// let mut key = [0u8; 16];
    /// kx.agree(eph, &peer, &mut key).unwrap();
    /// kx.agree(eph, &peer, &mut key).unwrap(); // error: `eph` was moved by the first agreement
    /// ```
    pub fn agree(
        &self,
        eph: EphemeralKey,
        peer_eph: &PublicKey,
        key: &mut [u8],
    ) -> Result<Confirmation> {
        if key.is_empty() {
            return Err(Error::InvalidLength);
        }
        let r = self.agree_with(&eph, peer_eph, key);
        drop(eph);
        scrub::stack();
        r
    }

    /// A4–A10 / B3–B10 for [`Self::agree`], which wipes what they leave on the stack.
    fn agree_with(
        &self,
        eph: &EphemeralKey,
        peer_eph: &PublicKey,
        key: &mut [u8],
    ) -> Result<Confirmation> {
        // A4–A5 / B3–B4: t = (d + x̄·r) mod n.
        let mut xr = x_bar(&eph.public.point().x).mul(&eph.r);
        let mut t = self.secret.scalar().add(&xr);
        xr.zeroize();
        // A6–A7 / B5–B6: U = [h·t](P_peer + [x̄_peer]R_peer), h = 1. The inner sum is public.
        let xp = x_bar(&peer_eph.point().x);
        // A8 / B7: Z = x_U ‖ y_U ‖ Z_A ‖ Z_B; U and its copies are wiped.
        let mut z = Zeroizing::new([[0u8; 32]; 4]);
        let [ux, uy, za_at, zb_at] = &mut *z;
        let finite = with_field!(self.secret.backend(), f => {
            let q = table::mul_base_add_vartime(&Scalar::ZERO, &xp, peer_eph.point(), f)
                .add_with(&Projective::from_affine(self.peer.point()), f);
            table::mul(&q, &t, f).take_xy(ux, uy, f)
        });
        t.zeroize();
        // declassify (the flag only): U = O is the A7/B6 failure, returned.
        if !crate::ct::declassify(bool::from(finite)) {
            return Err(Error::Opaque);
        }
        let (z_a, z_b) = self.z_ab();
        *za_at = *z_a;
        *zb_at = *z_b;
        // K = KDF(x_U ‖ y_U ‖ Z_A ‖ Z_B, klen).
        kdf(z.as_flattened(), key)?;
        // A9–A10 / B8–B10: S_B and S_A over R_A = (x₁, y₁) and R_B = (x₂, y₂).
        let (ra, rb) = match self.role {
            Role::Initiator => (eph.public_key(), peer_eph),
            Role::Responder => (peer_eph, eph.public_key()),
        };
        let mut h = Sm3::new();
        h.update(&z[0]);
        h.update(z_a);
        h.update(z_b);
        h.update(&ra.x());
        h.update(&ra.y());
        h.update(&rb.x());
        h.update(&rb.y());
        let mut inner = h.finalize();
        let tagged = |tag: u8| {
            let mut h = Sm3::new();
            h.update(&[tag]);
            h.update(&z[1]);
            h.update(&inner);
            h.finalize()
        };
        let conf = Confirmation {
            role: self.role,
            s_b: tagged(0x02),
            s_a: tagged(0x03),
        };
        inner.zeroize();
        Ok(conf)
    }
}

impl fmt::Debug for KeyExchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyExchange")
            .field("role", &self.role)
            .field("peer", &self.peer)
            .finish_non_exhaustive()
    }
}

impl crate::traits::KeyAgreement for KeyExchange {
    const NAME: &'static str = "SM2";
    type Ephemeral = EphemeralKey;
    type Message = [u8; keys::UNCOMPRESSED_LEN];

    fn start(&self, rng: &mut dyn CryptoRng) -> (EphemeralKey, Self::Message) {
        let eph = EphemeralKey::random(rng);
        let msg = eph.public.to_sec1_uncompressed();
        (eph, msg)
    }

    fn finish(&self, eph: EphemeralKey, peer: &[u8], key_out: &mut [u8]) -> Result<()> {
        let peer = PublicKey::from_sec1_bytes(peer)?;
        self.agree(eph, &peer, key_out).map(|_| ())
    }
}

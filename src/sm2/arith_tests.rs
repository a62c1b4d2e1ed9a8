//! Field and scalar arithmetic against an independent big-integer oracle (`crypto-bigint`) on
//! edge values and random inputs.

use super::arith::{FieldBackend, with_field};
use super::field::{Fe, FieldOps as _, P};
use super::limbs::{self, Limbs};
use super::scalar::{N, Scalar};
use crate::backend::Backend;
use crypto_bigint::{NonZero, Odd, U256};
use rand::{RngExt, SeedableRng};
use subtle::ConstantTimeEq;

fn big(l: &Limbs) -> U256 {
    U256::from_be_slice(&limbs::to_be_bytes(l))
}

fn bytes(x: &U256) -> [u8; 32] {
    x.to_be_bytes().into()
}

/// Edge values below m, then random ones (some with the top bits set).
fn inputs(m: &Limbs) -> std::vec::Vec<[u8; 32]> {
    let mb = big(m);
    let mut v = std::vec::Vec::new();
    for k in [0u64, 1, 2, 3] {
        v.push(bytes(&U256::from_u64(k)));
        v.push(bytes(&mb.wrapping_sub(&U256::from_u64(k + 1))));
    }
    v.push(bytes(&mb.shr_vartime(1)));
    v.push(bytes(&U256::ONE.shl_vartime(255)));
    v.push(bytes(&U256::ONE.shl_vartime(224)));
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5332);
    while v.len() < 200 {
        let mut b: [u8; 32] = rng.random();
        if v.len() % 3 == 0 {
            b[..3].fill(0xff);
        }
        if U256::from_be_slice(&b) < mb {
            v.push(b);
        }
    }
    v
}

#[test]
fn field_matches_oracle() {
    let p = NonZero::new(big(&P)).unwrap();
    let p_odd = Odd::new(big(&P)).unwrap();
    let xs = inputs(&P);
    for (i, a) in xs.iter().enumerate() {
        let fa = Fe::from_bytes(a).unwrap();
        let ba = U256::from_be_slice(a);
        assert_eq!(fa.to_bytes(), *a);
        let b = &xs[(i * 7 + 3) % xs.len()];
        let fb = Fe::from_bytes(b).unwrap();
        let bb = U256::from_be_slice(b);
        assert_eq!(fa.mul(&fb).to_bytes(), bytes(&ba.mul_mod(&bb, &p)));
        assert_eq!(fa.square().to_bytes(), bytes(&ba.mul_mod(&ba, &p)));
        for backend in FieldBackend::available() {
            with_field!(backend, f => {
                let want = bytes(&ba.mul_mod(&bb, &p));
                assert_eq!(f.mul(&fa, &fb).to_bytes(), want, "{backend:?}");
                assert_eq!(f.mul(&fb, &fa).to_bytes(), want, "{backend:?}");
                assert_eq!(f.sqr(&fa).to_bytes(), bytes(&ba.mul_mod(&ba, &p)), "{backend:?}");
                let sum = bytes(&ba.add_mod(&bb, &p));
                assert_eq!(f.add(&fa, &fb).to_bytes(), sum, "{backend:?}");
                assert_eq!(f.add(&fb, &fa).to_bytes(), sum, "{backend:?}");
                assert_eq!(f.sub(&fa, &fb).to_bytes(), bytes(&ba.sub_mod(&bb, &p)), "{backend:?}");
                assert_eq!(f.sub(&fb, &fa).to_bytes(), bytes(&bb.sub_mod(&ba, &p)), "{backend:?}");
                assert_eq!(f.double(&fa).to_bytes(), bytes(&ba.add_mod(&ba, &p)), "{backend:?}");
                assert_eq!(f.neg(&fa).to_bytes(), bytes(&ba.neg_mod(&p)), "{backend:?}");
                let inv = Option::<U256>::from(ba.invert_odd_mod(&p_odd));
                assert_eq!(f.invert(&fa).to_bytes(), inv.map_or([0; 32], |x| bytes(&x)));
            })
        }
        assert_eq!(fa.add(&fb).to_bytes(), bytes(&ba.add_mod(&bb, &p)));
        assert_eq!(fa.sub(&fb).to_bytes(), bytes(&ba.sub_mod(&bb, &p)));
        assert_eq!(fa.neg().to_bytes(), bytes(&ba.neg_mod(&p)));
        let inv = ba.invert_odd_mod(&p_odd);
        if bool::from(inv.is_some()) {
            assert_eq!(fa.invert().to_bytes(), bytes(&inv.unwrap()));
        } else {
            assert_eq!(fa.invert().to_bytes(), [0; 32]);
        }
        // sqrt: defined exactly for squares, and squares back.
        let sq = fa.square();
        let r = sq.sqrt().unwrap();
        assert!(bool::from(r.square().ct_eq(&sq)));
        assert_eq!(bool::from(fa.is_odd()), a[31] & 1 == 1);
    }
    // Values ≥ p are refused.
    assert!(bool::from(
        Fe::from_bytes(&limbs::to_be_bytes(&P)).is_none()
    ));
    assert!(bool::from(Fe::from_bytes(&[0xff; 32]).is_none()));
}

#[test]
fn scalar_matches_oracle() {
    let n = NonZero::new(big(&N)).unwrap();
    let n_odd = Odd::new(big(&N)).unwrap();
    let xs = inputs(&N);
    for (i, a) in xs.iter().enumerate() {
        let sa = Scalar::from_bytes(a).unwrap();
        let ba = U256::from_be_slice(a);
        assert_eq!(sa.to_bytes(), *a);
        let b = &xs[(i * 5 + 1) % xs.len()];
        let sb = Scalar::from_bytes(b).unwrap();
        let bb = U256::from_be_slice(b);
        assert_eq!(sa.mul(&sb).to_bytes(), bytes(&ba.mul_mod(&bb, &n)));
        assert_eq!(sa.add(&sb).to_bytes(), bytes(&ba.add_mod(&bb, &n)));
        assert_eq!(sa.sub(&sb).to_bytes(), bytes(&ba.sub_mod(&bb, &n)));
        let inv = ba.invert_odd_mod(&n_odd);
        if bool::from(inv.is_some()) {
            assert_eq!(sa.invert().to_bytes(), bytes(&inv.unwrap()));
        } else {
            assert!(bool::from(sa.invert().is_zero()));
        }
    }
    // Reduction of arbitrary 256-bit values and of longer big-endian strings.
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    for len in [0usize, 1, 31, 32, 33, 64, 65, 100] {
        let mut v = std::vec![0u8; len];
        rng.fill(&mut v[..]);
        if len > 40 {
            v[0] = 0xff;
        }
        let want: crypto_bigint::U1024 = crypto_bigint::U1024::from_be_slice(&{
            let mut w = [0u8; 128];
            w[128 - len..].copy_from_slice(&v);
            w
        })
        .rem_vartime(&NonZero::new(big(&N).resize::<16>()).unwrap());
        let want: U256 = want.resize::<4>();
        assert_eq!(Scalar::from_be_slice_reduced(&v).to_bytes(), bytes(&want));
    }
    let all_ones = U256::MAX.rem_vartime(&n);
    assert_eq!(
        Scalar::from_bytes_reduced(&[0xff; 32]).to_bytes(),
        bytes(&all_ones)
    );
    assert!(bool::from(
        Scalar::from_bytes(&limbs::to_be_bytes(&N)).is_none()
    ));
}

/// Scalar multiplication against RustCrypto `sm2` (an independent implementation).
#[test]
fn scalar_mult_matches_rustcrypto() {
    use super::point::{Affine, G, Projective};
    use super::table::{
        QTable, mul, mul_base, mul_base_add_prepared_vartime, mul_base_add_vartime,
    };
    let sec1 = |p: &Projective| {
        let a = p.to_affine().unwrap();
        let mut v = std::vec![4u8];
        v.extend_from_slice(&a.x.to_bytes());
        v.extend_from_slice(&a.y.to_bytes());
        v
    };
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    let mut ks: std::vec::Vec<[u8; 32]> = std::vec![
        bytes(&U256::ONE),
        bytes(&U256::from_u64(2)),
        bytes(&big(&N).wrapping_sub(&U256::ONE)),
        bytes(&big(&N).wrapping_sub(&U256::from_u64(2))),
    ];
    while ks.len() < 24 {
        let k: [u8; 32] = rng.random();
        if bool::from(Scalar::from_bytes(&k).is_some()) && k != [0; 32] {
            ks.push(k);
        }
    }
    let other = sm2::SecretKey::from_slice(&ks[5]).unwrap();
    let q = Projective::from_affine(&Affine {
        x: Fe::from_bytes(
            &other.public_key().to_sec1_bytes()[1..33]
                .try_into()
                .unwrap(),
        )
        .unwrap(),
        y: Fe::from_bytes(&other.public_key().to_sec1_bytes()[33..].try_into().unwrap()).unwrap(),
    });
    for backend in FieldBackend::available() {
        with_field!(backend, f => {
                for k in &ks {
                    let oracle = sm2::SecretKey::from_slice(k).unwrap();
                    let want = oracle.public_key().to_sec1_bytes();
                    let s = Scalar::from_bytes(k).unwrap();
                    assert_eq!(sec1(&mul_base(&s, f)), &want[..]);
                    assert_eq!(sec1(&mul(&Projective::from_affine(&G), &s, f)), &want[..]);
                    assert_eq!(
                        sec1(&mul_base_add_vartime(&s, &Scalar::ZERO, &G, f)),
                        &want[..]
                    );
                    // [k]Q = [k·k5]G by the oracle.
                    let kk5 = s.mul(&Scalar::from_bytes(&ks[5]).unwrap());
                    let want_kq = sm2::SecretKey::from_slice(&kk5.to_bytes())
                        .unwrap()
                        .public_key();
                    assert_eq!(sec1(&mul(&q, &s, f)), &want_kq.to_sec1_bytes()[..]);
                    // [k]G + [k']Q with k' = 3 against [k + 3·k5]G from the oracle.
                    let three = Scalar::from_canonical(&[3, 0, 0, 0]);
                    let sum = s.add(&three.mul(&Scalar::from_bytes(&ks[5]).unwrap()));
                    let want_sum = sm2::SecretKey::from_slice(&sum.to_bytes())
                        .unwrap()
                        .public_key();
                    let qa = q.to_affine().unwrap();
                    assert_eq!(
                        sec1(&mul_base_add_vartime(&s, &three, &qa, f)),
                        &want_sum.to_sec1_bytes()[..]
                    );
                    let table = QTable::new_vartime(&qa, f);
                    assert_eq!(
                        sec1(&mul_base_add_prepared_vartime(&s, &three, &table, f)),
                        &want_sum.to_sec1_bytes()[..]
                    );
                }
        })
    }
}

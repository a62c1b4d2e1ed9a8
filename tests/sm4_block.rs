//! SM4 block cipher: GB/T 32907-2016 Annex A, and differential tests against RustCrypto `sm4`
//! 0.6 (an independent, table-based implementation) through every backend and API shape.

use gmkit::backend::Backend;
use gmkit::sm4::{Sm4, Sm4Backend};
use gmkit::{BlockCipher128, Error, KeyInit};

// GB/T 32907-2016 Annex A: key = plaintext for both examples.
const ANNEX_A_KEY: [u8; 16] = [
    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
];
// Annex A, example 1: one encryption.
const ANNEX_A_CT1: [u8; 16] = [
    0x68, 0x1e, 0xdf, 0x34, 0xd2, 0x06, 0x96, 0x5e, 0x86, 0xb3, 0xe9, 0x4f, 0x53, 0x6e, 0x42, 0x46,
];
// Annex A, example 2: 1,000,000 encryptions.
const ANNEX_A_CT2: [u8; 16] = [
    0x59, 0x52, 0x98, 0xc7, 0xc6, 0xfd, 0x27, 0x1f, 0x04, 0x02, 0xf8, 0x04, 0xc3, 0x3d, 0x3f, 0x66,
];

/// Every backend this CPU runs, each forced.
fn all_ciphers(key: &[u8; 16]) -> Vec<Sm4> {
    Sm4Backend::available()
        .map(|b| {
            let c = Sm4::with_backend(key, b).unwrap();
            assert_eq!(c.backend(), b);
            assert_eq!(c.backend_name(), b.name());
            c
        })
        .collect()
}

/// SplitMix64: reproducible test inputs.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn block(&mut self) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&self.next().to_le_bytes());
        b[8..].copy_from_slice(&self.next().to_le_bytes());
        b
    }
}

fn reference(key: &[u8; 16]) -> sm4::Sm4 {
    use sm4::cipher::KeyInit as _;
    sm4::Sm4::new(&(*key).into())
}

fn reference_crypt(r: &sm4::Sm4, blocks: &mut [[u8; 16]], encrypt: bool) {
    use sm4::cipher::{BlockCipherDecrypt, BlockCipherEncrypt};
    for b in blocks {
        let mut a = (*b).into();
        if encrypt {
            r.encrypt_block(&mut a);
        } else {
            r.decrypt_block(&mut a);
        }
        *b = a.into();
    }
}

#[test]
fn soft_backend_is_listed_last_and_available() {
    assert_eq!(Sm4Backend::ALGORITHM, "sm4");
    assert_eq!(Sm4Backend::ALL.last(), Some(&Sm4Backend::Soft));
    assert_eq!(Sm4Backend::Soft.name(), "soft");
    assert!(Sm4Backend::Soft.is_available());
    assert_eq!(Sm4Backend::from_name("soft"), Some(Sm4Backend::Soft));
    assert_eq!(Sm4Backend::from_name("nonesuch"), None);
}

#[test]
fn annex_a_example_1() {
    for c in all_ciphers(&ANNEX_A_KEY) {
        let mut b = ANNEX_A_KEY;
        c.encrypt_block(&mut b);
        assert_eq!(b, ANNEX_A_CT1, "{}", c.backend_name());
        c.decrypt_block(&mut b);
        assert_eq!(b, ANNEX_A_KEY, "{}", c.backend_name());

        // The same block at every position of a batch, through the multi-block path.
        for n in [2, 15, 16, 17, 33] {
            let mut v = vec![ANNEX_A_KEY; n];
            c.encrypt_blocks(&mut v);
            assert!(
                v.iter().all(|b| *b == ANNEX_A_CT1),
                "{} n={n}",
                c.backend_name()
            );
            c.decrypt_blocks(&mut v);
            assert!(
                v.iter().all(|b| *b == ANNEX_A_KEY),
                "{} n={n}",
                c.backend_name()
            );
        }
    }
}

#[test]
fn annex_a_example_2() {
    for c in all_ciphers(&ANNEX_A_KEY) {
        let mut b = ANNEX_A_KEY;
        for _ in 0..1_000_000 {
            c.encrypt_block(&mut b);
        }
        assert_eq!(b, ANNEX_A_CT2, "{}", c.backend_name());
    }
}

#[test]
fn matches_rustcrypto_sm4_for_batches_1_to_70() {
    let mut rng = Rng(0x5eed);
    for n in 1..=70 {
        let key = rng.block();
        let r = reference(&key);
        let pt: Vec<[u8; 16]> = (0..n).map(|_| rng.block()).collect();
        let mut want = pt.clone();
        reference_crypt(&r, &mut want, true);
        for c in all_ciphers(&key) {
            let mut got = pt.clone();
            c.encrypt_blocks(&mut got);
            assert_eq!(got, want, "encrypt {} n={n}", c.backend_name());
            // Decrypt checked against the reference on the same (random) input as well.
            let mut dec = pt.clone();
            c.decrypt_blocks(&mut dec);
            let mut want_dec = pt.clone();
            reference_crypt(&r, &mut want_dec, false);
            assert_eq!(dec, want_dec, "decrypt {} n={n}", c.backend_name());
            c.decrypt_blocks(&mut got);
            assert_eq!(got, pt, "round trip {} n={n}", c.backend_name());
        }
    }
}

#[test]
fn matches_rustcrypto_sm4_single_blocks() {
    let mut rng = Rng(7);
    for _ in 0..200 {
        let key = rng.block();
        let r = reference(&key);
        let mut want = [rng.block()];
        let pt = want[0];
        reference_crypt(&r, &mut want, true);
        for c in all_ciphers(&key) {
            let mut b = pt;
            c.encrypt_block(&mut b);
            assert_eq!(b, want[0]);
            c.decrypt_block(&mut b);
            assert_eq!(b, pt);
        }
    }
}

#[test]
fn key_init_checks_length() {
    assert_eq!(<Sm4 as KeyInit>::KEY_LEN, 16);
    assert_eq!(
        <Sm4 as KeyInit>::new_from_slice(&[0u8; 15]).unwrap_err(),
        Error::InvalidKeyLength
    );
    assert_eq!(
        <Sm4 as KeyInit>::new_from_slice(&[0u8; 17]).unwrap_err(),
        Error::InvalidKeyLength
    );
    let c = <Sm4 as KeyInit>::new_from_slice(&ANNEX_A_KEY).unwrap();
    let mut b = ANNEX_A_KEY;
    c.encrypt_block(&mut b);
    assert_eq!(b, ANNEX_A_CT1);
    assert_eq!(<Sm4 as BlockCipher128>::NAME, "SM4");
}

#[test]
fn clone_and_debug() {
    let c = Sm4::new(&ANNEX_A_KEY);
    let d = c.clone();
    drop(c);
    let mut b = ANNEX_A_KEY;
    d.encrypt_block(&mut b);
    assert_eq!(b, ANNEX_A_CT1);
    let s = format!("{d:?}");
    assert_eq!(s, "Sm4 { backend: Soft, .. }");
}

#[test]
fn with_backend_reports_unavailable() {
    for &b in Sm4Backend::ALL {
        let r = Sm4::with_backend(&ANNEX_A_KEY, b);
        if b.is_available() {
            assert_eq!(r.unwrap().backend(), b);
        } else {
            assert_eq!(r.unwrap_err(), Error::BackendUnavailable);
        }
    }
}

/// The RustCrypto `cipher` 0.5 traits: our `Sm4` inside RustCrypto's CBC and ECB modes gives
/// what RustCrypto's own `sm4::Sm4` gives.
#[test]
fn rustcrypto_modes_over_our_sm4() {
    use cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyInit as _, KeyIvInit};
    let mut rng = Rng(0xcbc);
    for n in [1usize, 2, 15, 16, 17, 40] {
        let key = rng.block();
        let iv = rng.block();
        let pt: Vec<cipher::Block<Sm4>> = (0..n).map(|_| rng.block().into()).collect();

        let mut ours = pt.clone();
        cbc::Encryptor::<Sm4>::new(&key.into(), &iv.into()).encrypt_blocks(&mut ours);
        let mut theirs = pt.clone();
        cbc::Encryptor::<sm4::Sm4>::new(&key.into(), &iv.into()).encrypt_blocks(&mut theirs);
        assert_eq!(ours, theirs, "cbc encrypt n={n}");
        cbc::Decryptor::<Sm4>::new(&key.into(), &iv.into()).decrypt_blocks(&mut ours);
        assert_eq!(ours, pt, "cbc decrypt n={n}");

        let mut ours = pt.clone();
        ecb::Encryptor::<Sm4>::new(&key.into()).encrypt_blocks(&mut ours);
        let mut theirs = pt.clone();
        ecb::Encryptor::<sm4::Sm4>::new(&key.into()).encrypt_blocks(&mut theirs);
        assert_eq!(ours, theirs, "ecb encrypt n={n}");
        ecb::Decryptor::<Sm4>::new(&key.into()).decrypt_blocks(&mut ours);
        assert_eq!(ours, pt, "ecb decrypt n={n}");

        // The block-cipher traits directly, buffer to buffer.
        use cipher::{BlockCipherDecrypt, BlockCipherEncrypt};
        let ours = <Sm4 as cipher::KeyInit>::new(&key.into());
        let theirs = sm4::Sm4::new(&key.into());
        let mut a = vec![cipher::Block::<Sm4>::default(); n];
        let mut b = a.clone();
        ours.encrypt_blocks_b2b(&pt, &mut a).unwrap();
        theirs.encrypt_blocks_b2b(&pt, &mut b).unwrap();
        assert_eq!(a, b, "b2b encrypt n={n}");
        let mut c = a.clone();
        ours.decrypt_blocks_b2b(&a, &mut c).unwrap();
        assert_eq!(c, pt, "b2b decrypt n={n}");
    }
}

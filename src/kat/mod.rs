//! The vector runner for the JSON format of `vectors/FORMAT.md` (Wycheproof's `testvectors_v1`
//! shape, extended with group types for the SM algorithms and signing with a given k).
//!
//! A [`Runner`] reads a file, checks it (`numberOfTests` against the real count, unique `tcId`s),
//! routes each group on (`algorithm`, group `type`) to a handler and a [`crate::registry`] entry,
//! and runs every test on each backend choice a [`BackendSpec`] selects, through every API shape
//! the entry offers: one-shot, updates in 1- to 16-byte pieces, reused and cloned states, in place
//! at an odd address, detached tags, output buffers pre-filled with garbage, and tampered tag,
//! ciphertext and AAD that must be refused with the buffer left unchanged.
//!
//! Verdicts: `valid` passes when every shape gives exactly the expected output (both directions);
//! `invalid` passes when the input is refused; `acceptable` is reported apart with what happened.
//! A malformed test (missing field, bad hex, unknown `result`) fails; a test no handler or no
//! algorithm of this build can run is *unsupported* — counted and listed, never skipped silently.
//! A test a backend choice cannot run by design, which another choice runs (an SM2 group on
//! another curve, on the backend specialised to sm2p256v1), is *not applicable* on that choice:
//! counted apart, not a failure even with `--strict`. A panicking implementation fails the test
//! and the run goes on.
//!
//! ```
//! use gmkit::kat::Runner;
//! use gmkit::registry::BackendSpec;
//! let json = br#"{"algorithm": "NONE", "numberOfTests": 1, "testGroups": [
//!     {"type": "HashTest", "tests": [{"tcId": 1, "msg": "", "md": "00", "result": "valid"}]}]}"#;
//! let rows = Runner::new().backend(BackendSpec::All).run_json("inline", json);
//! assert_eq!(rows[0].unsupported_count(), 1);
//! ```

mod aead;
mod cipher;
mod ec;
mod hash;
pub mod hex;
mod mac;
pub mod report;
mod runner;
pub mod schema;
mod sm2;

pub use crate::registry::BackendSpec;
pub use report::{Acceptable, Failure, FileReport, Report, Totals, Unsupported};
pub use runner::{Runner, group_types, json_files};

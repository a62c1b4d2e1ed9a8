//! vecgen: writes gmkit's `vectors/*.json`. Independent of gmkit's code: the reference is the
//! vendored OpenSSL (SM3, SM4 modes, GCM, CCM, XTS, CMAC, HMAC); constructions OpenSSL lacks are
//! written in `own.rs` over OpenSSL's SM4 block. Inputs come from a ChaCha20 generator with a
//! fixed seed per file, so a rerun reproduces every file byte for byte.
//!
//! Usage: cargo run --release -- [OUTDIR]              (default: ../../vectors)
//!        cargo run --release -- --sm2check FILE...   (re-derive SM2 vectors with OpenSSL EC)

mod gen;
mod ossl;
mod out;
mod own;
mod published;
mod sm2check;

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--sm2check") {
        std::process::exit(i32::from(sm2check::run(&args[1..]) != 0));
    }
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../../vectors".into()),
    );
    std::fs::create_dir_all(&dir).unwrap();
    eprintln!("OpenSSL: {}", ossl::version());
    let mut total = 0;
    total += published::sm3(&dir);
    total += published::sm4_block(&dir);
    total += published::rfc8998(&dir);
    total += published::gmac_gbt15852_3(&dir);
    total += published::modes(&dir);
    total += published::xts(&dir);
    total += published::hmac(&dir);
    total += published::mac_gbt15852_1(&dir);
    total += gen::sm3(&dir);
    total += gen::hmac(&dir);
    total += gen::sm4_modes(&dir);
    total += gen::ctr_width(&dir);
    total += gen::cbc_pkcs7(&dir);
    total += gen::cbc_cs3(&dir);
    total += gen::xts(&dir);
    total += gen::gcm(&dir);
    total += gen::ccm(&dir);
    total += gen::sm4_mac(&dir);
    eprintln!("{total} tests written to {}", dir.display());
}

//! The x86-64 SM3 backends (single-stream and multi-buffer), the batch API, HMAC/KDF over many
//! keys and the Merkle root: each backend against RustCrypto `sm3` and independent
//! constructions on seeded random inputs.

use gmkit::backend::Backend;
use gmkit::sm3::batch::{Sm3Batch, Sm3BatchBackend};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn oracle_sm3(data: &[u8]) -> [u8; 32] {
    use ::sm3::Digest;
    ::sm3::Sm3::digest(data).into()
}

fn random_bytes(r: &mut StdRng, len: usize) -> Vec<u8> {
    let mut v = vec![0u8; len];
    r.fill(&mut v[..]);
    v
}

#[test]
fn batch_digest_mixed_lengths() {
    let mut r = StdRng::seed_from_u64(0xba7c);
    for backend in Sm3BatchBackend::available() {
        let batch = Sm3Batch::with_backend(backend).unwrap();
        for count in 0..=40usize {
            let msgs: Vec<Vec<u8>> = (0..count)
                .map(|_| {
                    let len = r.random_range(0..=300usize);
                    random_bytes(&mut r, len)
                })
                .collect();
            let refs: Vec<&[u8]> = msgs.iter().map(Vec::as_slice).collect();
            let mut out = vec![[0xa5u8; 32]; count];
            batch.digest_many(&refs, &mut out).unwrap();
            for (m, d) in msgs.iter().zip(&out) {
                assert_eq!(
                    *d,
                    oracle_sm3(m),
                    "{backend:?} count {count} len {}",
                    m.len()
                );
            }
        }
    }
}

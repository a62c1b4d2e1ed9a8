//! SHA-256 (FIPS 180-4) behind [`crate::Hash`], wrapping RustCrypto `sha2`.

use digest::Digest;

/// A SHA-256 hash state (RustCrypto `sha2`; backend name `"rustcrypto"`). Zeroized on drop.
#[derive(Clone, Default)]
pub struct Sha256(sha2::Sha256);

// The `zeroize` feature of `sha2` (enabled in Cargo.toml) wipes the inner state on drop.
const _: () = {
    fn wiped_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    let _ = wiped_on_drop::<sha2::Sha256>;
};

impl zeroize::ZeroizeOnDrop for Sha256 {}

impl core::fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Sha256 { .. }")
    }
}

impl crate::Hash for Sha256 {
    const NAME: &'static str = "SHA-256";
    const OUTPUT_LEN: usize = 32;
    const BLOCK_LEN: usize = 64;
    type Output = [u8; 32];

    fn new() -> Self {
        Sha256(sha2::Sha256::new())
    }

    fn update(&mut self, data: &[u8]) {
        Digest::update(&mut self.0, data);
    }

    fn finalize(self) -> Self::Output {
        self.0.finalize().into()
    }

    fn backend_name(&self) -> &'static str {
        "rustcrypto"
    }
}

#[cfg(test)]
mod tests {
    use super::Sha256;
    use crate::Hash;

    // FIPS 180-4 examples (NIST CSRC "Example Algorithms", SHA256.pdf): "abc" and the 448-bit message.
    #[test]
    fn fips_180_examples() {
        let abc: [u8; 32] = [
            0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae,
            0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61,
            0xf2, 0x00, 0x15, 0xad,
        ];
        assert_eq!(Sha256::digest(b"abc"), abc);
        let mut h = Sha256::new();
        h.update(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
        let two_block: [u8; 32] = [
            0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8, 0xe5, 0xc0, 0x26, 0x93, 0x0c, 0x3e,
            0x60, 0x39, 0xa3, 0x3c, 0xe4, 0x59, 0x64, 0xff, 0x21, 0x67, 0xf6, 0xec, 0xed, 0xd4,
            0x19, 0xdb, 0x06, 0xc1,
        ];
        assert_eq!(h.finalize(), two_block);
        assert_eq!(Sha256::new().backend_name(), "rustcrypto");
    }
}

//! Block-cipher modes of operation (GB/T 17964-2021, NIST SP 800-38A/B/C/D/E, IEEE 1619), generic
//! over [`crate::BlockCipher128`].

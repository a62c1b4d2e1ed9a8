//! Hash-based MAC and key derivation: HMAC (RFC 2104), HKDF (RFC 5869).

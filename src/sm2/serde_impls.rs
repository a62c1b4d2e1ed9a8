//! `serde` support (feature `serde`) for [`PublicKey`], [`Signature`] and [`DerSignature`].
//!
//! Human-readable formats (JSON, TOML, YAML) get a lowercase hex string; binary formats get the
//! bytes (`serialize_bytes`):
//!
//! | type | bytes |
//! |---|---|
//! | [`PublicKey`] | SEC1 uncompressed `04 ‖ x ‖ y`, 65 bytes (input may also be compressed) |
//! | [`Signature`] | r ‖ s, 64 bytes |
//! | [`DerSignature`] | DER `SEQUENCE { INTEGER r, INTEGER s }`, up to 72 bytes |
//!
//! Input goes through the same strict parsers as the byte APIs
//! ([`PublicKey::from_sec1_bytes`], [`Signature::from_bytes`], [`DerSignature::from_der`]): a
//! point off the curve, r or s outside [1, n − 1], or non-minimal DER is a deserialization
//! error. Hex input may be upper or lower case; binary input may also be a sequence of bytes.

use super::dsa::{DerSignature, MAX_DER_LEN, Signature};
use super::keys::{PublicKey, UNCOMPRESSED_LEN};
use core::fmt;
use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

/// The longest encoding of the three types.
const MAX_LEN: usize = MAX_DER_LEN;

/// Lowercase hex of `bytes` (at most [`MAX_LEN`] bytes) in `buf`.
fn hex_encode<'b>(bytes: &[u8], buf: &'b mut [u8; 2 * MAX_LEN]) -> &'b str {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let out = &mut buf[..2 * bytes.len()];
    for (pair, b) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = DIGITS[usize::from(b >> 4)];
        pair[1] = DIGITS[usize::from(b & 15)];
    }
    // ASCII digits only.
    core::str::from_utf8(out).unwrap_or_default()
}

/// Decode hex (either case) into `out`; the length written, or `None` for odd length, a
/// non-hex character or more than `out.len()` bytes.
fn hex_decode(s: &str, out: &mut [u8]) -> Option<usize> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let s = s.as_bytes();
    if !s.len().is_multiple_of(2) || s.len() / 2 > out.len() {
        return None;
    }
    for (o, pair) in out.iter_mut().zip(s.chunks_exact(2)) {
        *o = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(s.len() / 2)
}

/// Hex string when human-readable, bytes otherwise.
fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    if serializer.is_human_readable() {
        let mut buf = [0u8; 2 * MAX_LEN];
        serializer.serialize_str(hex_encode(bytes, &mut buf))
    } else {
        serializer.serialize_bytes(bytes)
    }
}

/// Up to `N` bytes from a hex string, a byte string or a sequence of bytes.
struct BytesVisitor<const N: usize> {
    what: &'static str,
}

impl<'de, const N: usize> Visitor<'de> for BytesVisitor<N> {
    type Value = ([u8; N], usize);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} as hex or bytes (at most {N} bytes)", self.what)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        let mut out = [0u8; N];
        let n = hex_decode(s, &mut out)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(s), &self))?;
        Ok((out, n))
    }

    fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<Self::Value, E> {
        if b.len() > N {
            return Err(E::invalid_length(b.len(), &self));
        }
        let mut out = [0u8; N];
        out[..b.len()].copy_from_slice(b);
        Ok((out, b.len()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = [0u8; N];
        let mut n = 0;
        while let Some(b) = seq.next_element::<u8>()? {
            if n == N {
                return Err(de::Error::invalid_length(n + 1, &self));
            }
            out[n] = b;
            n += 1;
        }
        Ok((out, n))
    }
}

/// The encoded bytes, read as [`serialize`] writes them.
fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
    deserializer: D,
    what: &'static str,
) -> Result<([u8; N], usize), D::Error> {
    let visitor = BytesVisitor::<N> { what };
    if deserializer.is_human_readable() {
        deserializer.deserialize_str(visitor)
    } else {
        deserializer.deserialize_bytes(visitor)
    }
}

impl Serialize for PublicKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(&self.to_sec1_uncompressed(), serializer)
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (b, n) = deserialize::<D, UNCOMPRESSED_LEN>(deserializer, "an SM2 public key")?;
        // GB/T 32918.1 §6.2.1: coordinates below p, point on the curve, not infinity.
        PublicKey::from_sec1_bytes(&b[..n])
            .map_err(|_| de::Error::custom("invalid SM2 public key (not a point on sm2p256v1)"))
    }
}

impl Serialize for Signature {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(&self.to_bytes(), serializer)
    }
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (b, n) = deserialize::<D, 64>(deserializer, "an SM2 signature r ‖ s")?;
        Signature::from_slice(&b[..n]).map_err(|_| {
            de::Error::custom("invalid SM2 signature (64 bytes, r and s in [1, n − 1])")
        })
    }
}

impl Serialize for DerSignature {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(self.as_ref(), serializer)
    }
}

impl<'de> Deserialize<'de> for DerSignature {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (b, n) = deserialize::<D, MAX_DER_LEN>(deserializer, "a DER SM2 signature")?;
        DerSignature::from_der(&b[..n]).map_err(|_| de::Error::custom("invalid DER SM2 signature"))
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_LEN, hex_decode, hex_encode};

    #[test]
    fn hex_helpers() {
        let mut buf = [0u8; 2 * MAX_LEN];
        assert_eq!(hex_encode(&[0x00, 0x9f, 0xa0, 0xff], &mut buf), "009fa0ff");
        assert_eq!(hex_encode(&[], &mut buf), "");
        let mut out = [0u8; 4];
        assert_eq!(hex_decode("009FA0ff", &mut out), Some(4));
        assert_eq!(out, [0x00, 0x9f, 0xa0, 0xff]);
        assert_eq!(hex_decode("0", &mut out), None);
        assert_eq!(hex_decode("0g", &mut out), None);
        assert_eq!(hex_decode("0011223344", &mut out), None);
        assert_eq!(hex_decode("", &mut out), Some(0));
    }
}

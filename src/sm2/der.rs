//! The small subset of DER (ITU-T X.690 §10), PEM (RFC 7468) and Base64 (RFC 4648 §4) that
//! SM2 keys, signatures and ciphertexts need.
//!
//! Written here rather than taken from the `der`/`pkcs8`/`spki`/`sec1` crates: the structures are
//! few and fixed, strictness (minimal lengths and integers, no trailing bytes) is easier to see
//! in 200 lines than across four crates, parsing needs no allocator, and secret key bytes pass
//! through a Base64 decoder that does no table look-ups. The RustCrypto `pkcs8`/`spki`/`sec1` traits
//! on the key types (keys.rs) are implemented on top of these parsers.

use crate::error::{Error, Result};

pub(crate) const TAG_INTEGER: u8 = 0x02;
pub(crate) const TAG_BIT_STRING: u8 = 0x03;
pub(crate) const TAG_OCTET_STRING: u8 = 0x04;
pub(crate) const TAG_NULL: u8 = 0x05;
pub(crate) const TAG_OID: u8 = 0x06;
pub(crate) const TAG_SEQUENCE: u8 = 0x30;
/// `[0]` EXPLICIT (constructed, context-specific 0).
pub(crate) const TAG_CONTEXT_0: u8 = 0xa0;
/// `[1]` EXPLICIT.
pub(crate) const TAG_CONTEXT_1: u8 = 0xa1;

/// id-ecPublicKey, 1.2.840.10045.2.1 (RFC 5480 §2.1.1), content octets.
pub(crate) const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// sm2p256v1 / SM2, 1.2.156.10197.1.301 (GM/T 0006), content octets.
pub(crate) const OID_SM2: &[u8] = &[0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d];
/// id-PBES2, 1.2.840.113549.1.5.13 (RFC 8018 Appendix A.4).
pub(crate) const OID_PBES2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
/// id-PBKDF2, 1.2.840.113549.1.5.12 (RFC 8018 Appendix A.2).
pub(crate) const OID_PBKDF2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c];
/// id-hmacWithSHA256, 1.2.840.113549.2.9 (RFC 8018 Appendix B.1.2).
pub(crate) const OID_HMAC_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x09];
/// HMAC-SM3, 1.2.156.10197.1.401.2 (GM/T 0006; the PRF GmSSL 3 writes).
pub(crate) const OID_HMAC_SM3: &[u8] = &[0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x11, 0x02];
/// aes128-CBC-PAD, 2.16.840.1.101.3.4.1.2 (RFC 8018 Appendix B.2.5).
pub(crate) const OID_AES128_CBC: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x02];
/// aes192-CBC-PAD, 2.16.840.1.101.3.4.1.22.
pub(crate) const OID_AES192_CBC: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x16];
/// aes256-CBC-PAD, 2.16.840.1.101.3.4.1.42.
pub(crate) const OID_AES256_CBC: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a];
/// SM4-CBC, 1.2.156.10197.1.104.2 (GM/T 0006).
pub(crate) const OID_SM4_CBC: &[u8] = &[0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x68, 0x02];

/// A cursor over DER input.
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Reader { buf }
    }

    /// Fail unless all input was consumed.
    pub(crate) fn finish(self) -> Result<()> {
        if self.buf.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidEncoding)
        }
    }

    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.buf.first().copied()
    }

    /// One TLV with the given tag; returns its contents. Definite, minimal lengths only.
    pub(crate) fn read(&mut self, tag: u8) -> Result<&'a [u8]> {
        let (&t, rest) = self.buf.split_first().ok_or(Error::InvalidEncoding)?;
        if t != tag {
            return Err(Error::InvalidEncoding);
        }
        let (&l0, mut rest) = rest.split_first().ok_or(Error::InvalidEncoding)?;
        let len = if l0 < 0x80 {
            l0 as usize
        } else {
            // Long form, X.690 §10.1: no more than needed, and only for lengths ≥ 128.
            let n = (l0 & 0x7f) as usize;
            if n == 0 || n > MAX_LEN_OCTETS || rest.len() < n || rest[0] == 0 {
                return Err(Error::InvalidEncoding);
            }
            let mut len = 0usize;
            for &b in &rest[..n] {
                len = (len << 8) | b as usize;
            }
            rest = &rest[n..];
            if len < 0x80 {
                return Err(Error::InvalidEncoding);
            }
            len
        };
        if rest.len() < len {
            return Err(Error::InvalidEncoding);
        }
        let (body, rest) = rest.split_at(len);
        self.buf = rest;
        Ok(body)
    }

    /// A non-negative INTEGER in minimal form; returns its magnitude without a sign octet.
    pub(crate) fn read_uint(&mut self) -> Result<&'a [u8]> {
        let v = self.read(TAG_INTEGER)?;
        match v {
            [] => Err(Error::InvalidEncoding),
            // Negative.
            [b, ..] if b & 0x80 != 0 => Err(Error::InvalidEncoding),
            // Non-minimal: a zero octet not needed for the sign.
            [0, b, ..] if b & 0x80 == 0 => Err(Error::InvalidEncoding),
            [0, rest @ ..] if !rest.is_empty() => Ok(rest),
            _ => Ok(v),
        }
    }

    /// A non-negative INTEGER that fits in `N` bytes, left-padded.
    pub(crate) fn read_uint_fixed<const N: usize>(&mut self) -> Result<[u8; N]> {
        let v = self.read_uint()?;
        if v.len() > N {
            return Err(Error::InvalidEncoding);
        }
        let mut out = [0u8; N];
        out[N - v.len()..].copy_from_slice(v);
        Ok(out)
    }

    /// A small INTEGER (version fields).
    pub(crate) fn read_small_uint(&mut self) -> Result<u8> {
        match self.read_uint()? {
            [] => Ok(0),
            [v] => Ok(*v),
            _ => Err(Error::InvalidEncoding),
        }
    }

    /// A positive INTEGER below 2³² (iteration counts, key lengths).
    pub(crate) fn read_u32(&mut self) -> Result<u32> {
        let v = self.read_uint()?;
        if v.len() > 4 {
            return Err(Error::InvalidEncoding);
        }
        Ok(v.iter().fold(0u32, |acc, &b| (acc << 8) | b as u32))
    }

    /// A BIT STRING with no unused bits.
    pub(crate) fn read_bit_string(&mut self) -> Result<&'a [u8]> {
        match self.read(TAG_BIT_STRING)? {
            [0, rest @ ..] => Ok(rest),
            _ => Err(Error::InvalidEncoding),
        }
    }
}

/// Length octets read and written after the long-form marker: lengths below 2³² (an SM2
/// ciphertext's C2 is as long as the message, which OpenSSL does not bound).
const MAX_LEN_OCTETS: usize = 4;
/// The longest content a header here can describe.
pub(crate) const MAX_LEN: usize = if usize::BITS > 32 {
    u32::MAX as usize
} else {
    usize::MAX
};

/// A DER writer into a caller's buffer (no allocation); lengths up to [`MAX_LEN`].
pub(crate) struct Writer<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

/// Encoded length of a header for `len` content bytes (X.690 §10.1: minimal length octets).
pub(crate) const fn header_len(len: usize) -> usize {
    let mut n = 0;
    let mut rest = len;
    while rest != 0 {
        n += 1;
        rest >>= 8;
    }
    if len < 0x80 { 2 } else { 2 + n }
}

/// Content length of a minimal non-negative INTEGER with magnitude `v` (big-endian).
pub(crate) fn uint_len(v: &[u8]) -> usize {
    let v = strip_zeros(v);
    match v.first() {
        None => 1,
        Some(b) if b & 0x80 != 0 => v.len() + 1,
        Some(_) => v.len(),
    }
}

fn strip_zeros(v: &[u8]) -> &[u8] {
    let start = v.iter().position(|&b| b != 0).unwrap_or(v.len());
    &v[start..]
}

/// Full TLV length of such an INTEGER.
pub(crate) fn uint_tlv_len(v: &[u8]) -> usize {
    let l = uint_len(v);
    header_len(l) + l
}

impl<'a> Writer<'a> {
    pub(crate) fn new(buf: &'a mut [u8]) -> Self {
        Writer { buf, pos: 0 }
    }

    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    pub(crate) fn bytes(&mut self, b: &[u8]) -> Result<()> {
        let end = self.pos.checked_add(b.len()).ok_or(Error::InvalidLength)?;
        if end > self.buf.len() {
            return Err(Error::InvalidLength);
        }
        self.buf[self.pos..end].copy_from_slice(b);
        self.pos = end;
        Ok(())
    }

    /// Tag and length; the caller writes exactly `len` content bytes next.
    pub(crate) fn header(&mut self, tag: u8, len: usize) -> Result<()> {
        if len < 0x80 {
            return self.bytes(&[tag, len as u8]);
        }
        if len > MAX_LEN {
            return Err(Error::InvalidLength);
        }
        let n = header_len(len) - 2;
        self.bytes(&[tag, 0x80 | n as u8])?;
        self.bytes(&(len as u64).to_be_bytes()[8 - n..])
    }

    pub(crate) fn tlv(&mut self, tag: u8, body: &[u8]) -> Result<()> {
        self.header(tag, body.len())?;
        self.bytes(body)
    }

    /// A non-negative INTEGER from big-endian magnitude bytes, minimal.
    pub(crate) fn uint(&mut self, v: &[u8]) -> Result<()> {
        let s = strip_zeros(v);
        self.header(TAG_INTEGER, uint_len(v))?;
        match s.first() {
            None => self.bytes(&[0]),
            Some(b) if b & 0x80 != 0 => {
                self.bytes(&[0])?;
                self.bytes(s)
            }
            Some(_) => self.bytes(s),
        }
    }
}

/// Base64 digit value of `c`, or a negative number; no branches or tables on `c`.
#[inline]
fn b64_decode6(c: u8) -> i16 {
    let c = c as i16;
    // Each term is (c − base + 1) inside its range and 0 outside; `(lo − c) & (c − hi)` is
    // negative exactly when lo < c < hi.
    let mut r: i16 = -1;
    r += (((0x40 - c) & (c - 0x5b)) >> 8) & (c - 64); // 'A'..='Z' → 0..25
    r += (((0x60 - c) & (c - 0x7b)) >> 8) & (c - 70); // 'a'..='z' → 26..51
    r += (((0x2f - c) & (c - 0x3a)) >> 8) & (c + 5); // '0'..='9' → 52..61
    r += (((0x2a - c) & (c - 0x2c)) >> 8) & 63; // '+' → 62
    r += (((0x2e - c) & (c - 0x30)) >> 8) & 64; // '/' → 63
    r
}

#[cfg(feature = "alloc")]
/// Base64 character for `v` ∈ 0..64, without branches or tables on `v`.
#[inline]
fn b64_encode6(v: u8) -> u8 {
    let v = v as i16;
    let mut c = v + 65; // 'A'
    c += ((25 - v) >> 8) & 6; // v ≥ 26: 'a' − 26 − 'A'
    c -= ((51 - v) >> 8) & 75; // v ≥ 52: '0' − 52 − ('a' − 26)
    c -= ((61 - v) >> 8) & 15; // v = 62: '+'
    c += ((62 - v) >> 8) & 3; // v = 63: '/'
    c as u8
}

#[cfg(feature = "alloc")]
/// Encoded Base64 length (with padding) of `n` bytes.
pub(crate) const fn b64_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

#[cfg(feature = "alloc")]
/// Base64-encode `data` into `out` (exactly [`b64_len`] bytes).
pub(crate) fn b64_encode(data: &[u8], out: &mut [u8]) {
    for (chunk, o) in data.chunks(3).zip(out.chunks_mut(4)) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        o[0] = b64_encode6(b[0] >> 2);
        o[1] = b64_encode6(((b[0] & 3) << 4) | (b[1] >> 4));
        o[2] = b64_encode6(((b[1] & 15) << 2) | (b[2] >> 6));
        o[3] = b64_encode6(b[2] & 63);
        if chunk.len() < 3 {
            o[3] = b'=';
        }
        if chunk.len() < 2 {
            o[2] = b'=';
        }
    }
}

/// Decode Base64 (padded, line breaks allowed) into `out`; returns the decoded length.
pub(crate) fn b64_decode(text: &[u8], out: &mut [u8]) -> Result<usize> {
    let mut acc = 0u32;
    let mut nbits = 0u32;
    let mut n = 0usize;
    let mut pad = 0usize;
    let mut bad = 0i16;
    for &c in text {
        // Layout characters are public.
        if matches!(c, b'\n' | b'\r' | b' ' | b'\t') {
            continue;
        }
        if c == b'=' {
            pad += 1;
            continue;
        }
        if pad != 0 {
            return Err(Error::InvalidEncoding);
        }
        let v = b64_decode6(c);
        bad |= v;
        acc = (acc << 6) | (v as u32 & 63);
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            if n >= out.len() {
                return Err(Error::InvalidEncoding);
            }
            out[n] = (acc >> nbits) as u8;
            n += 1;
        }
    }
    // Canonical: padding completes the last quantum, unused bits are zero.
    let ok_pad = matches!((nbits, pad), (0, 0) | (4, 2) | (2, 1));
    if bad < 0 || !ok_pad || acc & ((1 << nbits) - 1) != 0 {
        return Err(Error::InvalidEncoding);
    }
    Ok(n)
}

/// The PEM blocks of `text` in order, each as its label and Base64 body (RFC 7468 §2).
///
/// Text outside the blocks is skipped (RFC 7468 §5.2's explanatory text; OpenSSL's
/// `ecparam -genkey` puts a parameters block before the key, `pkcs12` writes "Bag Attributes"
/// lines). Inside a block only Base64 and white space may appear: encapsulated headers (OpenSSL's
/// legacy `Proc-Type: 4,ENCRYPTED`) contain '-' or ':' and end the scan with an error, as does a
/// block without its matching `-----END label-----` line.
pub(crate) fn pem_blocks(text: &str) -> impl Iterator<Item = Result<(&str, &str)>> {
    const BEGIN: &str = "-----BEGIN ";
    const END: &str = "-----END ";
    let mut rest = Some(text);
    core::iter::from_fn(move || {
        let text = rest.take()?;
        let start = text.find(BEGIN)?;
        let block = (|| {
            let after = &text[start + BEGIN.len()..];
            let (label, after) = after.split_once("-----").ok_or(Error::InvalidEncoding)?;
            let (body, after) = after.split_once(END).ok_or(Error::InvalidEncoding)?;
            let after = after
                .strip_prefix(label)
                .and_then(|a| a.strip_prefix("-----"))
                .ok_or(Error::InvalidEncoding)?;
            if body.contains(['-', ':']) {
                return Err(Error::InvalidEncoding);
            }
            Ok(((label, body), after))
        })();
        match block {
            Ok((found, after)) => {
                rest = Some(after);
                Some(Ok(found))
            }
            // One error ends the iteration.
            Err(e) => Some(Err(e)),
        }
    })
}

/// The one block of `text` whose label satisfies `wanted`, its Base64 body decoded into `buf`.
///
/// Blocks with other labels are skipped, except that `EC PARAMETERS` / `SM2 PARAMETERS` (what
/// `openssl ecparam -genkey` writes before the key) must name the SM2 curve. No matching block,
/// two of them, or any malformed block: [`Error::InvalidEncoding`].
pub(crate) fn pem_pick<'t, 'b>(
    text: &'t str,
    wanted: impl Fn(&str) -> bool,
    buf: &'b mut [u8],
) -> Result<(&'t str, &'b [u8])> {
    let mut found: Option<(&str, &str)> = None;
    for block in pem_blocks(text) {
        let (label, body) = block?;
        if wanted(label) {
            if found.is_some() {
                return Err(Error::InvalidEncoding);
            }
            found = Some((label, body));
        } else if label == "EC PARAMETERS" || label == "SM2 PARAMETERS" {
            // ECParameters (RFC 5480 §2.1.1): only the namedCurve sm2p256v1.
            let mut p = [0u8; 16];
            let n = b64_decode(body.as_bytes(), &mut p)?;
            let mut r = Reader::new(&p[..n]);
            if r.read(TAG_OID)? != OID_SM2 {
                return Err(Error::InvalidEncoding);
            }
            r.finish()?;
        }
    }
    let (label, body) = found.ok_or(Error::InvalidEncoding)?;
    let n = b64_decode(body.as_bytes(), buf)?;
    Ok((label, &buf[..n]))
}

/// Wrap DER in PEM with 64-column lines.
#[cfg(feature = "alloc")]
pub(crate) fn pem_encode(label: &str, der: &[u8]) -> alloc::string::String {
    use alloc::string::String;
    let mut b64 = alloc::vec![0u8; b64_len(der.len())];
    b64_encode(der, &mut b64);
    let mut s = String::with_capacity(b64.len() + b64.len() / 64 + 2 * label.len() + 40);
    s.push_str("-----BEGIN ");
    s.push_str(label);
    s.push_str("-----\n");
    for line in b64.chunks(64) {
        // Base64 output is ASCII.
        s.extend(line.iter().map(|&c| c as char));
        s.push('\n');
    }
    s.push_str("-----END ");
    s.push_str(label);
    s.push_str("-----\n");
    zeroize::Zeroize::zeroize(&mut b64);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "alloc")]
    #[test]
    fn base64_rfc4648_section10() {
        // RFC 4648 §10 test vectors.
        let cases: [(&[u8], &[u8]); 7] = [
            (b"", b""),
            (b"f", b"Zg=="),
            (b"fo", b"Zm8="),
            (b"foo", b"Zm9v"),
            (b"foob", b"Zm9vYg=="),
            (b"fooba", b"Zm9vYmE="),
            (b"foobar", b"Zm9vYmFy"),
        ];
        for (plain, enc) in cases {
            let mut e = [0u8; 8];
            b64_encode(plain, &mut e[..b64_len(plain.len())]);
            assert_eq!(&e[..b64_len(plain.len())], enc);
            let mut d = [0u8; 8];
            let n = b64_decode(enc, &mut d).unwrap();
            assert_eq!(&d[..n], plain);
        }
        // Every digit round-trips and agrees with the RFC 4648 Table 1 alphabet.
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (v, &c) in alphabet.iter().enumerate() {
            assert_eq!(b64_encode6(v as u8), c);
            assert_eq!(b64_decode6(c), v as i16);
        }
        for c in 0..=255u8 {
            if !alphabet.contains(&c) {
                assert!(b64_decode6(c) < 0, "{c}");
            }
        }
        let mut d = [0u8; 8];
        for bad in [
            &b"Zg="[..],
            b"Zg=",
            b"Zh==",
            b"Z===",
            b"Zm9v=",
            b"Zg==Zg==",
            b"Z*8=",
        ] {
            assert_eq!(b64_decode(bad, &mut d), Err(Error::InvalidEncoding));
        }
    }

    #[test]
    fn pem_blocks_rfc7468() {
        let two = "-----BEGIN A-----\nZg==\n-----END A-----\ntext\n-----BEGIN B C-----\r\nZm8=\r\n-----END B C-----";
        let mut it = pem_blocks(two);
        assert_eq!(it.next(), Some(Ok(("A", "\nZg==\n"))));
        assert_eq!(it.next(), Some(Ok(("B C", "\r\nZm8=\r\n"))));
        assert_eq!(it.next(), None);
        // Labels may hold single hyphens (RFC 7468 §3 `label`).
        let mut it = pem_blocks("-----BEGIN X-Y-----\n-----END X-Y-----\n");
        assert_eq!(it.next(), Some(Ok(("X-Y", "\n"))));
        assert_eq!(it.next(), None);
        assert_eq!(pem_blocks("no blocks here").next(), None);
        // Malformed: no END, wrong END label, headers, an unclosed BEGIN line. One error, then
        // the scan stops.
        for bad in [
            "-----BEGIN A-----\nZg==\n",
            "-----BEGIN A-----\nZg==\n-----END B-----\n",
            "-----BEGIN A-----\nProc-Type: 4,ENCRYPTED\n\nZg==\n-----END A-----\n",
            "-----BEGIN A-----\nK: v\n\nZg==\n-----END A-----\n",
            "-----BEGIN A\nZg==\n-----END A-----\n",
        ] {
            let mut it = pem_blocks(bad);
            assert_eq!(it.next(), Some(Err(Error::InvalidEncoding)), "{bad:?}");
            assert_eq!(it.next(), None);
        }
        // pem_pick: the wanted label, once; parameters checked; the body decoded.
        let mut buf = [0u8; 8];
        let text = "-----BEGIN SM2 PARAMETERS-----\nBggqgRzPVQGCLQ==\n-----END SM2 PARAMETERS-----\n-----BEGIN K-----\nZm8=\n-----END K-----\n";
        assert_eq!(
            pem_pick(text, |l| l == "K", &mut buf),
            Ok(("K", &b"fo"[..]))
        );
        assert_eq!(
            pem_pick(text, |l| l == "L", &mut buf),
            Err(Error::InvalidEncoding)
        );
        let twice = [text, "-----BEGIN K-----\nZm8=\n-----END K-----\n"].concat();
        assert_eq!(
            pem_pick(&twice, |l| l == "K", &mut buf),
            Err(Error::InvalidEncoding)
        );
        // The body must fit the buffer.
        let long = "-----BEGIN K-----\nZm9vYmFyYmF6\n-----END K-----";
        assert_eq!(
            pem_pick(long, |l| l == "K", &mut buf[..4]),
            Err(Error::InvalidEncoding)
        );
    }

    #[test]
    fn der_strictness() {
        // Minimal positive integers only.
        assert_eq!(Reader::new(&[2, 1, 0x7f]).read_uint().unwrap(), &[0x7f]);
        assert_eq!(Reader::new(&[2, 2, 0, 0x80]).read_uint().unwrap(), &[0x80]);
        assert_eq!(Reader::new(&[2, 1, 0]).read_uint().unwrap(), &[0]);
        for bad in [
            &[2u8, 0][..],
            &[2, 1, 0x80],
            &[2, 2, 0, 0x7f],
            &[2, 2, 0xff, 0x80],
        ] {
            assert!(Reader::new(bad).read_uint().is_err(), "{bad:?}");
        }
        // Long-form length for a short value, non-minimal or over-long length octets, and
        // truncation.
        assert!(Reader::new(&[4, 0x81, 1, 0]).read(4).is_err());
        assert!(Reader::new(&[4, 0x82, 0, 0x80]).read(4).is_err());
        assert!(Reader::new(&[4, 0x83, 0, 1, 0]).read(4).is_err());
        assert!(Reader::new(&[4, 0x85, 1, 0, 0, 0, 0]).read(4).is_err());
        assert!(Reader::new(&[4, 0x80]).read(4).is_err());
        assert!(Reader::new(&[4, 3, 0]).read(4).is_err());
        let mut long = [0u8; 3 + 200];
        long[..3].copy_from_slice(&[4, 0x81, 200]);
        assert_eq!(Reader::new(&long).read(4).unwrap().len(), 200);
        // Writer round trip.
        let mut buf = [0u8; 16];
        let mut w = Writer::new(&mut buf);
        w.uint(&[0, 0, 0x80, 1]).unwrap();
        let n = w.position();
        assert_eq!(&buf[..n], &[2, 3, 0, 0x80, 1]);
        assert_eq!(uint_tlv_len(&[0, 0, 0x80, 1]), 5);
        // Headers for each length-octet count (X.690 §8.1.3.5), read back.
        for (len, hdr) in [
            (0x7f, &[4u8, 0x7f][..]),
            (0x80, &[4, 0x81, 0x80]),
            (0xff, &[4, 0x81, 0xff]),
            (0x100, &[4, 0x82, 1, 0]),
            (0xffff, &[4, 0x82, 0xff, 0xff]),
            (0x10000, &[4, 0x83, 1, 0, 0]),
            (0x0102_0304, &[4, 0x84, 1, 2, 3, 4]),
        ] {
            let mut buf = [0u8; 6];
            let mut w = Writer::new(&mut buf);
            w.header(4, len).unwrap();
            assert_eq!(&buf[..hdr.len()], hdr, "{len:#x}");
            assert_eq!(header_len(len), hdr.len());
        }
        let mut doc = [0u8; 5 + 0x10000];
        doc[..5].copy_from_slice(&[4, 0x83, 1, 0, 0]);
        assert_eq!(Reader::new(&doc).read(4).unwrap().len(), 0x10000);
    }
}

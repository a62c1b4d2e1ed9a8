//! Strict hex: lower-case digits only, even length, nothing else (`vectors/FORMAT.md` §3).

use std::fmt::Write;
use std::string::String;
use std::vec::Vec;

/// Decode lower-case hex. The error names the first offending position.
pub fn decode(s: &str) -> Result<Vec<u8>, String> {
    if !s.len().is_multiple_of(2) {
        return Err(std::format!("odd number of hex digits ({})", s.len()));
    }
    let digit = |i: usize, c: u8| match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        b'A'..=b'F' => Err(std::format!(
            "upper-case hex digit at offset {i} (the format is lower-case)"
        )),
        _ => Err(match s.get(i..).and_then(|r| r.chars().next()) {
            Some(ch) => std::format!("not a hex digit at offset {i}: {ch:?}"),
            None => std::format!("not a hex digit at offset {i}: byte 0x{c:02x}"),
        }),
    };
    s.as_bytes()
        .chunks(2)
        .enumerate()
        .map(|(k, p)| Ok(digit(2 * k, p[0])? << 4 | digit(2 * k + 1, p[1])?))
        .collect()
}

/// Lower-case hex of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(2 * bytes.len());
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Hex of `bytes` for a report line, cut to 64 bytes with the total length noted.
pub fn excerpt(bytes: &[u8]) -> String {
    const MAX: usize = 64;
    if bytes.len() <= MAX {
        encode(bytes)
    } else {
        std::format!("{}… ({} bytes)", encode(&bytes[..MAX]), bytes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_strictly() {
        assert_eq!(decode("").unwrap(), Vec::<u8>::new());
        assert_eq!(decode("00ff7a").unwrap(), [0x00, 0xff, 0x7a]);
        assert!(decode("abc").unwrap_err().contains("odd"));
        assert!(decode("0G").unwrap_err().contains("offset 1"));
        assert!(decode("AB").unwrap_err().contains("upper-case"));
        assert!(decode(" 0").is_err());
        assert!(decode("0x00").is_err());
        assert!(decode("é0").is_err());
        assert!(decode("0é0").is_err());
        assert!(decode("00é").unwrap_err().contains("offset 2"));
    }

    #[test]
    fn encodes() {
        assert_eq!(encode(&[0, 0xab, 0x10]), "00ab10");
        assert_eq!(
            excerpt(&[0u8; 65]).len(),
            128 + " (65 bytes)".len() + "…".len()
        );
    }
}

//! Reading a structured case out of the fuzzer's byte string.
//!
//! Every read is total: past the end it yields zeros (or an empty slice), so any byte string is a
//! case and a short one is a small case. The layouts are fixed and documented per target, so a
//! seed file can be written by hand.

/// A cursor over the fuzzer's input.
pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    /// Start reading `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Input { data }
    }

    /// One byte (0 past the end).
    pub fn u8(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    /// Up to `n` bytes (fewer at the end).
    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.data.split_at(n.min(self.data.len()));
        self.data = rest;
        head
    }

    /// Exactly `N` bytes, zero-filled past the end.
    pub fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let got = self.bytes(N);
        out[..got.len()].copy_from_slice(got);
        out
    }

    /// A length byte, then that many bytes.
    pub fn field(&mut self) -> &'a [u8] {
        let n = self.u8() as usize;
        self.bytes(n)
    }

    /// Whatever is left.
    pub fn rest(&mut self) -> &'a [u8] {
        core::mem::take(&mut self.data)
    }
}

/// A chunking plan: a length byte, then that many size bytes, cycled over the message. A size
/// byte `s` below 128 is `s` bytes (0 = an empty update); from 128 on it is `(s - 128) * 16`
/// bytes, so pieces cross the 64-byte SM3 block and the 16-block SM4 batch. An empty plan means
/// pieces of 1 byte.
pub struct Chunks<'a> {
    sizes: &'a [u8],
}

impl<'a> Chunks<'a> {
    /// Read a plan from `input`.
    pub fn read(input: &mut Input<'a>) -> Self {
        Chunks {
            sizes: input.field(),
        }
    }

    /// Split `len` bytes into consecutive ranges following the plan. Empty ranges are kept
    /// (an empty update is a case too), but at most 64 of them in a row, so the split ends.
    pub fn ranges(&self, len: usize) -> Vec<core::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut at = 0;
        let mut i = 0;
        let mut empties = 0;
        while at < len {
            let s = self
                .sizes
                .get(i % self.sizes.len().max(1))
                .copied()
                .unwrap_or(1);
            i += 1;
            let want = if s < 128 {
                s as usize
            } else {
                (s as usize - 128) * 16
            };
            let n = want.min(len - at);
            if n == 0 {
                empties += 1;
                if empties > 64 {
                    out.push(at..len);
                    break;
                }
            } else {
                empties = 0;
            }
            out.push(at..at + n);
            at += n;
        }
        out
    }
}

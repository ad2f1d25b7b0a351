//! The hashers of the structural cache: the one that hashes a statement's
//! shape into a [`CacheKey`](super::CacheKey), and the one maps keyed by
//! such keys use.

use std::hash::Hasher;

/// A [`BuildHasher`](std::hash::BuildHasher) for maps keyed by
/// [`CacheKey`](super::CacheKey): the key is already a well-mixed hash, so hashing it again
/// with SipHash (the standard map's default) would only cost time.
///
/// ```
/// use std::collections::HashMap;
/// use aludel_compiler::{prelude::*, cache::{CacheKeyHasher, Shape}};
/// let mut templates = HashMap::with_hasher(CacheKeyHasher::default());
/// templates.insert(Shape::of(&text("SELECT 1").into()).key(), "first");
/// assert_eq!(templates.get(&Shape::of(&text("SELECT 1").into()).key()), Some(&"first"));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct CacheKeyHasher;

impl std::hash::BuildHasher for CacheKeyHasher {
    type Hasher = FoldHasher;

    fn build_hasher(&self) -> FoldHasher {
        FoldHasher(0)
    }
}

/// The hasher of [`CacheKeyHasher`]: folds the words it is given (fit for
/// keys that are hashes already, like [`CacheKey`](super::CacheKey)).
///
/// ```
/// use std::hash::{BuildHasher, Hasher};
/// let mut h = aludel_compiler::cache::CacheKeyHasher.build_hasher();
/// h.write_u64(42);
/// assert_ne!(h.finish(), 0);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct FoldHasher(u64);

impl Hasher for FoldHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(23) ^ i).wrapping_mul(KeyHasher::K2);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A name's hash for structural keys ([`fnv1a`], finished with the
/// splitmix64 avalanche), computed once where the name is given (an
/// alias's).
pub(crate) fn name_hash(name: &str) -> u64 {
    avalanche(fnv1a(name.as_bytes()) ^ name.len() as u64)
}

/// FNV-1a of `bytes`: stable across runs and platforms, unlike std's
/// hasher (shortened identifiers carry it).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The splitmix64 finalizer: every input bit moves every output bit.
fn avalanche(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The structural hash: the words of the statement's shape (never its
/// values) go into a small buffer that is folded, four words at a time,
/// into four independent 64-bit multiply-rotate lanes (so the CPU works on
/// four lanes at once instead of waiting on one long chain), and the lanes
/// are finished with the splitmix64 avalanche into a 128-bit key. SipHash
/// did the same job at several times the cost (70% of a cached compile).
#[derive(Clone)]
pub(super) struct KeyHasher {
    buf: [u64; Self::BUF],
    n: usize,
    words: u64,
    lanes: [u64; 4],
}

impl KeyHasher {
    const K1: u64 = 0x517c_c1b7_2722_0a95;
    const K2: u64 = 0x9e37_79b9_7f4a_7c15;
    const K: [u64; 4] = [
        Self::K1,
        Self::K2,
        0xc2b2_ae3d_27d4_eb4f,
        0x1656_67b1_9e37_79f9,
    ];
    const BUF: usize = 16;

    pub(super) fn new() -> KeyHasher {
        KeyHasher {
            buf: [0; Self::BUF],
            n: 0,
            words: 0,
            lanes: [
                0x243f_6a88_85a3_08d3,
                0x1319_8a2e_0370_7344,
                0xa409_3822_299f_31d0,
                0x082e_fa98_ec4e_6c89,
            ],
        }
    }

    /// Buffers a word. The count is read once and kept in a register (the
    /// store into the buffer would otherwise make it be read back), and
    /// the buffer's place is the count modulo its size, which needs no
    /// bounds check (a full buffer is folded first, so it is the count).
    #[inline]
    pub(super) fn mix(&mut self, w: u64) {
        let n = if self.n == Self::BUF {
            self.fold();
            0
        } else {
            self.n
        };
        self.buf[n % Self::BUF] = w;
        self.n = n + 1;
    }

    /// Folds the buffered words into the lanes (out of line, so `mix`
    /// stays small enough to inline).
    #[inline(never)]
    fn fold(&mut self) {
        let n = self.n.min(Self::BUF);
        self.words += n as u64;
        // whole chunks of four first (one word per lane, unrolled), then
        // the last words of an unfilled buffer
        let mut chunks = self.buf[..n].chunks_exact(4);
        for chunk in &mut chunks {
            for (lane, (w, k)) in self.lanes.iter_mut().zip(chunk.iter().zip(Self::K)) {
                *lane = (lane.rotate_left(5) ^ w).wrapping_mul(k);
            }
        }
        for (lane, (w, k)) in self
            .lanes
            .iter_mut()
            .zip(chunks.remainder().iter().zip(Self::K))
        {
            *lane = (lane.rotate_left(5) ^ w).wrapping_mul(k);
        }
        self.n = 0;
    }

    /// The 128-bit key of everything written (taken by reference, so the
    /// buffer is not copied; asking again gives the same key).
    pub(super) fn finish128(&mut self) -> (u64, u64) {
        self.fold();
        let h = &*self;
        // The word count keeps [x] and [x, 0] apart. Each half of the key
        // mixes all four lanes, rotated differently (for both halves to
        // stay equal, differences in two lanes would have to cancel under
        // two unrelated rotations), and is finished by the avalanche; the
        // two halves are computed side by side.
        let [l0, l1, l2, l3] = h.lanes;
        let l0 = l0 ^ h.words;
        (
            avalanche(l0 ^ l1.rotate_left(21) ^ l2.rotate_left(42) ^ l3.rotate_left(11)),
            avalanche(
                (l0.rotate_left(32) ^ l1 ^ l2.rotate_left(13) ^ l3.rotate_left(53))
                    .wrapping_add(Self::K1),
            ),
        )
    }
}

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        // The length first: without it a last, partial chunk could read
        // like a full chunk of another text ("a" and "a\0\0\0\0\0\0\x01").
        self.mix(bytes.len() as u64);
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.mix(u64::from_le_bytes(w.try_into().unwrap_or([0; 8])));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            // Byte by byte: names are short, and copying a variable length
            // into a buffer costs a call.
            let last = rest
                .iter()
                .enumerate()
                .fold(0u64, |w, (i, b)| w | (u64::from(*b) << (8 * i)));
            self.mix(last);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.mix(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.mix(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.mix(i as u64);
    }

    fn finish(&self) -> u64 {
        self.clone().finish128().0
    }
}

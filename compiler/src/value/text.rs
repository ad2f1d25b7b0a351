//! [`Text`]: the string a [`Value::Text`](super::Value::Text) holds.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// How many bytes a [`Text`] holds without an allocation.
pub const INLINE_CAP: usize = 16;

/// An immutable string: up to [`INLINE_CAP`] (16) bytes held inline, longer
/// text shared behind a count.
///
/// Collecting a statement's parameters clones its values; a short `Text`
/// is then a copy of 24 bytes (no allocation, no count), a long one a
/// count update. It reads as a `&str` (`Deref`), compares and hashes as
/// its string, and converts from `&str`, `String`, `Box<str>` and
/// `Arc<str>`.
///
/// ```
/// use aludel_compiler::value::{Text, Value};
/// let short = Text::new("jack");
/// assert_eq!(short, "jack");
/// assert!(!short.is_heap_allocated());
/// let long = Text::from("x".repeat(40));
/// assert!(long.is_heap_allocated());
/// assert_eq!(long.len(), 40);
/// assert_eq!(Value::from("jack"), Value::Text(short));
/// ```
#[derive(Clone)]
pub struct Text(Repr);

/// A text's storage.
#[derive(Clone)]
enum Repr {
    Inline { len: Len, buf: Buf },
    Heap(Arc<str>),
}

/// An inline text's bytes (zero past its length), aligned so that they
/// are copied as whole words.
#[derive(Clone, Copy)]
#[repr(C, align(8))]
struct Buf([u8; INLINE_CAP]);

/// An inline text's length, as a whole word: its unused values tell
/// `Repr`'s and `Value`'s variants apart, so a `Value` is three words —
/// this one, then two of payload — and is copied as words. (A length or
/// tag of one byte would leave seven bytes beside it that some variant
/// may use, which the compiler copies in overlapping pieces through the
/// stack; the load that reads them back then waits for the stores to
/// drain, about as long as the rest of the copy.)
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
enum Len {
    L0,
    L1,
    L2,
    L3,
    L4,
    L5,
    L6,
    L7,
    L8,
    L9,
    L10,
    L11,
    L12,
    L13,
    L14,
    L15,
    L16,
}

impl Len {
    /// The length `n`, if it is at most [`INLINE_CAP`].
    #[inline(always)]
    fn of(n: usize) -> Option<Len> {
        use Len::*;
        Some(match n {
            0 => L0,
            1 => L1,
            2 => L2,
            3 => L3,
            4 => L4,
            5 => L5,
            6 => L6,
            7 => L7,
            8 => L8,
            9 => L9,
            10 => L10,
            11 => L11,
            12 => L12,
            13 => L13,
            14 => L14,
            15 => L15,
            16 => L16,
            _ => return None,
        })
    }
}

/// Up to eight bytes as a little-endian word, read with at most two loads
/// that stay inside `b` (overlapping when `b` is shorter than eight).
#[inline(always)]
fn word(b: &[u8]) -> u64 {
    let n = b.len();
    if n >= 4 {
        let lo = u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let hi = u64::from(u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]));
        lo | hi << ((n - 4) * 8)
    } else if n > 0 {
        let m = n / 2;
        u64::from(b[0]) | u64::from(b[m]) << (m * 8) | u64::from(b[n - 1]) << ((n - 1) * 8)
    } else {
        0
    }
}

impl Text {
    /// A text holding `s` (inline when it is 16 bytes or shorter).
    ///
    /// ```
    /// let t = aludel_compiler::value::Text::new("ed@example.com");
    /// assert_eq!(t.as_str(), "ed@example.com");
    /// ```
    #[inline(always)]
    pub fn new(s: impl AsRef<str>) -> Text {
        let s = s.as_ref();
        match Text::inline(s) {
            Some(t) => t,
            None => Text::heap(s),
        }
    }

    /// `s` shared behind a count (out of line: the inline path is the one
    /// worth inlining into a builder).
    #[inline(never)]
    fn heap(s: &str) -> Text {
        Text(Repr::Heap(Arc::from(s)))
    }

    /// `s` held inline, when it fits.
    #[inline(always)]
    fn inline(s: &str) -> Option<Text> {
        let b = s.as_bytes();
        let len = Len::of(b.len())?;
        let (lo, hi) = if b.len() <= 8 {
            (word(b), 0)
        } else {
            let (first, rest) = b.split_at(8);
            (word(first), word(rest))
        };
        let w = u128::from(lo) | u128::from(hi) << 64;
        Some(Text(Repr::Inline {
            len,
            buf: Buf(w.to_le_bytes()),
        }))
    }

    /// The text as a string slice.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::value::Text::new("ann").as_str(), "ann");
    /// ```
    #[inline]
    pub fn as_str(&self) -> &str {
        // made from a `str` and never changed, so always UTF-8
        match &self.0 {
            Repr::Inline { len, buf } => {
                std::str::from_utf8(&buf.0[..*len as usize]).unwrap_or_default()
            }
            Repr::Heap(s) => s,
        }
    }

    /// The text's bytes (UTF-8), without the check `as_str` makes.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::value::Text::new("ann").as_bytes(), b"ann");
    /// ```
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, buf } => &buf.0[..*len as usize],
            Repr::Heap(s) => s.as_bytes(),
        }
    }

    /// The text's length in bytes.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::value::Text::new("ann").len(), 3);
    /// ```
    #[inline]
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Inline { len, .. } => *len as usize,
            Repr::Heap(s) => s.len(),
        }
    }

    /// Whether the text is longer than [`INLINE_CAP`] and so shared behind
    /// a count.
    ///
    /// ```
    /// use aludel_compiler::value::Text;
    /// assert!(!Text::new("short").is_heap_allocated());
    /// assert!(Text::new("a string of more than sixteen bytes").is_heap_allocated());
    /// ```
    pub fn is_heap_allocated(&self) -> bool {
        matches!(self.0, Repr::Heap(_))
    }

    /// A copy of an inline text made from its parts (`None` for a shared
    /// one): pushed straight into a list, it is copied from where it is,
    /// where a clone would be made on the stack first and copied again.
    #[inline(always)]
    pub(crate) fn inline_copy(&self) -> Option<Text> {
        match self.0 {
            Repr::Inline { len, buf } => Some(Text(Repr::Inline { len, buf })),
            Repr::Heap(_) => None,
        }
    }
}

impl Default for Text {
    fn default() -> Text {
        Text(Repr::Inline {
            len: Len::L0,
            buf: Buf([0; INLINE_CAP]),
        })
    }
}

impl Deref for Text {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<[u8]> for Text {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for Text {
    #[inline(always)]
    fn from(s: &str) -> Text {
        Text::new(s)
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::new(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::inline(&s).unwrap_or_else(|| Text(Repr::Heap(Arc::from(s))))
    }
}

impl From<Box<str>> for Text {
    fn from(s: Box<str>) -> Text {
        Text::inline(&s).unwrap_or_else(|| Text(Repr::Heap(Arc::from(s))))
    }
}

impl From<Arc<str>> for Text {
    fn from(s: Arc<str>) -> Text {
        Text::inline(&s).unwrap_or(Text(Repr::Heap(s)))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.as_str().to_owned()
    }
}

impl From<Text> for Arc<str> {
    fn from(t: Text) -> Arc<str> {
        match t.0 {
            Repr::Heap(s) => s,
            Repr::Inline { .. } => Arc::from(t.as_str()),
        }
    }
}

impl std::str::FromStr for Text {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Text, Self::Err> {
        Ok(Text::new(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_length_round_trips_inline_and_beyond() {
        let src = "abcdefghijklmnopqrstuvwxyz0123456789";
        for n in 0..=src.len() {
            let s = &src[..n];
            let t = Text::new(s);
            assert_eq!(t.as_str(), s, "length {n}");
            assert_eq!(t.as_bytes(), s.as_bytes());
            assert_eq!(t.len(), n);
            assert_eq!(t.is_heap_allocated(), n > INLINE_CAP, "length {n}");
            assert_eq!(t.clone(), t);
            // an inline text's copy is the same text; a shared one has none
            assert_eq!(
                t.inline_copy().map(|c| c.as_str().to_owned()),
                (n <= INLINE_CAP).then(|| s.to_owned()),
                "length {n}"
            );
            assert_eq!(Text::from(s.to_owned()), t);
            assert_eq!(Text::from(Arc::<str>::from(s)), t);
            assert_eq!(Text::from(Box::<str>::from(s)), t);
        }
    }

    #[test]
    fn a_text_and_a_value_are_three_words() {
        use std::mem::size_of;
        assert_eq!(size_of::<Text>(), 24);
        assert_eq!(size_of::<super::super::Value>(), 24);
        assert_eq!(size_of::<Option<Text>>(), 24);
    }

    #[test]
    fn multibyte_text_keeps_its_characters() {
        for s in ["é", "日本", "naïve café", "ünïcødé ünïcødé ü", "🦀🦀🦀🦀"]
        {
            let t = Text::new(s);
            assert_eq!(&*t, s);
            assert_eq!(t.chars().count(), s.chars().count());
        }
    }

    #[test]
    fn compares_orders_and_hashes_as_its_string() {
        use std::collections::HashSet;
        let (a, b) = (Text::new("apple"), Text::new("banana split with cream"));
        assert!(a < b);
        assert_eq!(a, "apple");
        assert_eq!("apple", a);
        assert_eq!(*"apple", a);
        assert_eq!(b, String::from("banana split with cream"));
        assert_eq!(String::from("banana split with cream"), b);
        assert_ne!(a, "apples");
        let set: HashSet<Text> = [a.clone(), b.clone(), Text::new("apple")].into();
        assert_eq!(set.len(), 2);
        assert!(set.contains("apple"));
        assert_eq!(format!("{a:?} {b}"), "\"apple\" banana split with cream");
        assert_eq!(Text::default(), "");
        assert_eq!(String::from(b.clone()), "banana split with cream");
        assert_eq!(&*Arc::<str>::from(a), "apple");
    }
}

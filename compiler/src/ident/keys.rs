//! A short list of names laid out for lookups by exact name.
//!
//! `table.c("name")` finds a column of a small table by comparing names one
//! by one; each name lives in an allocation of its own, and the table's
//! columns are a few hundred bytes apart, so every comparison read memory
//! of its own before it could tell two names apart. [`NameKeys`] keeps each
//! name's length and a word of its bytes side by side (the whole name when
//! it has up to eight): a lookup reads one small array, and only for a
//! name longer than eight bytes whose first eight match is the rest read.

/// Each name's [`head`] and length, in the names' order.
#[derive(Clone, Debug, Default)]
pub(crate) struct NameKeys(Box<[(u64, usize)]>);

impl NameKeys {
    /// The keys of `names`, in order.
    pub(crate) fn new<'a>(names: impl Iterator<Item = &'a str>) -> NameKeys {
        NameKeys(names.map(|n| (head(n.as_bytes()), n.len())).collect())
    }

    /// The position of the first name equal to `name`; `full(i)` is name
    /// `i` as given to [`new`](Self::new) (read only for names longer than
    /// eight bytes whose first eight bytes match).
    #[inline]
    pub(crate) fn position<'n>(
        &self,
        name: &str,
        full: impl Fn(usize) -> &'n str,
    ) -> Option<usize> {
        let key = (head(name.as_bytes()), name.len());
        let i = self.0.iter().position(|k| *k == key)?;
        if name.len() <= 8 {
            // a name of up to eight bytes is its key
            Some(i)
        } else {
            self.confirm(i, key, name, full)
        }
    }

    /// Confirms the match at `i` of a name longer than eight bytes, whose
    /// first eight bytes and length its key matched: the rest is compared;
    /// when it differs, the next key that matches is tried. Out of line:
    /// the lookup of a short name needs fewer registers.
    #[inline(never)]
    fn confirm<'n>(
        &self,
        mut i: usize,
        key: (u64, usize),
        name: &str,
        full: impl Fn(usize) -> &'n str,
    ) -> Option<usize> {
        loop {
            if same_past_head(full(i).as_bytes(), name.as_bytes()) {
                return Some(i);
            }
            i += 1 + self.0.get(i + 1..)?.iter().position(|k| *k == key)?;
        }
    }
}

/// Whether two names of the same length, longer than eight bytes, whose
/// first eight bytes are the same, are the same: their last eight bytes
/// compared as one word (which covers the rest of a name of up to sixteen),
/// then what lies between.
#[inline]
fn same_past_head(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    let last = |s: &[u8]| {
        s.get(n.saturating_sub(8)..)
            .and_then(|w| w.first_chunk::<8>())
            .map(|w| u64::from_le_bytes(*w))
    };
    if b.len() != n || last(a) != last(b) {
        return false;
    }
    // a name of more than sixteen bytes is rare: compared as slices
    n <= 16 || a.get(8..n - 8) == b.get(8..n - 8)
}

/// A word that, with the length, tells names of up to eight bytes apart:
/// the first and the last four bytes of a name of four to eight (which
/// overlap below eight), the first, middle and last byte of a shorter one
/// (all of it); a longer name's first eight bytes. Two or three loads, not
/// a loop over the bytes.
#[inline(always)]
fn head(b: &[u8]) -> u64 {
    if let Some(w) = b.first_chunk::<8>() {
        return u64::from_le_bytes(*w);
    }
    let n = b.len();
    if n >= 4 {
        let word = |at: usize| {
            b.get(at..at + 4)
                .and_then(|w| w.first_chunk::<4>())
                .map_or(0, |w| u64::from(u32::from_le_bytes(*w)))
        };
        word(0) | word(n - 4) << 32
    } else if n > 0 {
        let byte = |at: usize| b.get(at).map_or(0, |c| u64::from(*c));
        byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::NameKeys;

    /// Every name is found at its position, whatever its length and
    /// however much it shares with the others; a name that is not in the
    /// list, or differs past the eighth byte, or is a prefix of one, is not.
    #[test]
    fn names_are_found_by_exact_name_only() {
        let names = [
            "a",
            "ab",
            "fullname",
            "fullnames",
            "fullname_with_more",
            "fullname_with_mores",
            "fullname_with_mord",
            // the same first and last eight bytes, a difference between
            "abcdefgh_X_ijklmnopq",
            "abcdefgh_Y_ijklmnopq",
            "",
            "a\0",
        ];
        let keys = NameKeys::new(names.iter().copied());
        for (i, n) in names.iter().enumerate() {
            assert_eq!(keys.position(n, |j| names[j]), Some(i), "{n:?}");
        }
        for missing in [
            "b",
            "A",
            "abc",
            "fullnam",
            "fullnamez",
            "fullname_with_morf",
            "abcdefgh_Z_ijklmnopq",
            "a\0\0",
            "\0",
        ] {
            assert_eq!(keys.position(missing, |j| names[j]), None, "{missing:?}");
        }
    }

    /// Names of up to eight bytes are told apart by their keys alone (no
    /// full comparison confirms them): names of each length that differ
    /// in any one byte each find themselves.
    #[test]
    fn short_names_differing_in_any_byte_have_their_own_keys() {
        let mut names = vec![String::new()];
        for len in 1..=8 {
            names.push("a".repeat(len));
            for at in 0..len {
                let mut n = "a".repeat(len).into_bytes();
                n[at] = b'b';
                names.push(String::from_utf8(n).expect("ascii"));
            }
        }
        let keys = NameKeys::new(names.iter().map(String::as_str));
        for (i, n) in names.iter().enumerate() {
            assert_eq!(keys.position(n, |_| unreachable!()), Some(i), "{n:?}");
        }
    }

    /// Of two equal names the first is found, as a search from the front
    /// finds it.
    #[test]
    fn the_first_of_equal_names_is_found() {
        for names in [["x", "y", "x"], ["long_name_1", "other", "long_name_1"]] {
            let keys = NameKeys::new(names.iter().copied());
            assert_eq!(keys.position(names[2], |j| names[j]), Some(0));
        }
    }
}

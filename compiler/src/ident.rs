//! Identifiers (table, column, alias, label and constraint names) and the
//! rule that decides when a dialect must quote them.
//!
//! An identifier is quoted when it is a reserved word of the dialect, when
//! it is not all lower case (SQL folds unquoted names), or when it holds a
//! character that is not legal unquoted (anything but `a-z`, `0-9`, `_`
//! and `$`, or a leading digit or `$`). The dialect-independent part of that
//! decision and the reserved-word membership in every built-in word list are
//! computed once, when the identifier is made, so the compiler's per-use
//! check is two bit tests.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::dialect::reserved;
use crate::shared::Held;

pub(crate) mod keys;
pub(crate) mod recent;

/// Bit set in [`Ident`]'s flags when the name must always be quoted.
pub(crate) const ALWAYS_QUOTE: u16 = 1 << 15;

/// A SQL identifier: a name plus precomputed quoting facts.
///
/// Cloning is a reference-count increment.
///
/// ```
/// use aludel_compiler::Ident;
/// let id = Ident::new("MixedCase");
/// assert_eq!(id.as_str(), "MixedCase");
/// assert!(id.requires_quotes_always());
/// assert!(!Ident::new("users").requires_quotes_always());
/// ```
#[derive(Clone)]
pub struct Ident {
    name: Arc<str>,
    flags: u16,
}

impl Ident {
    /// Makes an identifier, computing its quoting facts.
    ///
    /// ```
    /// let id = aludel_compiler::Ident::new("select");
    /// assert_eq!(id.to_string(), "select");
    /// ```
    pub fn new(name: &str) -> Ident {
        Ident::from_arc(Arc::from(name))
    }

    /// Makes an identifier from a shared string.
    ///
    /// ```
    /// let id = aludel_compiler::Ident::from_arc(std::sync::Arc::from("t"));
    /// ```
    pub fn from_arc(name: Arc<str>) -> Ident {
        let flags = compute_flags(&name);
        Ident { name, flags }
    }

    /// The name as written.
    ///
    /// ```
    /// assert_eq!(aludel_compiler::Ident::new("a").as_str(), "a");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The shared name.
    ///
    /// ```
    /// let s: std::sync::Arc<str> = aludel_compiler::Ident::new("a").as_arc().clone();
    /// ```
    pub fn as_arc(&self) -> &Arc<str> {
        &self.name
    }

    /// True when every dialect must quote this name (upper case, illegal
    /// characters, leading digit, empty).
    ///
    /// ```
    /// assert!(aludel_compiler::Ident::new("has space").requires_quotes_always());
    /// ```
    pub fn requires_quotes_always(&self) -> bool {
        always_quoted(self.flags)
    }

    /// True when the name is in the given built-in reserved-word list.
    ///
    /// ```
    /// use aludel_compiler::{Ident, dialect::WordList};
    /// assert!(Ident::new("select").is_reserved_in(WordList::Default));
    /// assert!(Ident::new("user").is_reserved_in(WordList::Postgres));
    /// ```
    pub fn is_reserved_in(&self, list: reserved::WordList) -> bool {
        reserved_in(self.flags, list)
    }
}

/// Whether two names are the same, compared in line, eight bytes at a
/// time and then byte by byte: column names are short, and a call to
/// `memcmp` for each would make a lookup loop save and restore its
/// registers.
#[inline]
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let (mut wa, mut wb) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |c: &[u8]| <[u8; 8]>::try_from(c).map_or(0, u64::from_ne_bytes);
    (&mut wa).zip(&mut wb).all(|(x, y)| word(x) == word(y))
        && wa
            .remainder()
            .iter()
            .zip(wb.remainder())
            .all(|(x, y)| x == y)
}

/// Where the one name of `names` that matches `name` ignoring case is
/// (`None` when none or several do): a column lookup's fallback, out of
/// line (unquoted SQL names are case-insensitive: PostgreSQL folds `Cars`
/// to `cars`).
#[inline(never)]
pub(crate) fn position_folded<'a>(
    names: impl Iterator<Item = &'a str>,
    name: &str,
) -> Option<usize> {
    let mut found = names
        .enumerate()
        .filter(|(_, n)| n.eq_ignore_ascii_case(name));
    match (found.next(), found.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

/// Whether quoting flags say every dialect must quote the name.
pub(crate) fn always_quoted(flags: u16) -> bool {
    flags & ALWAYS_QUOTE != 0
}

/// Whether quoting flags put the name in a built-in reserved-word list.
pub(crate) fn reserved_in(flags: u16, list: reserved::WordList) -> bool {
    flags & list.bit() != 0
}

impl Ident {
    /// The quoting facts of the name (see [`quoting_flags`]).
    pub(crate) fn flags(&self) -> u16 {
        self.flags
    }
}

/// The quoting facts of a name that is not (yet) an [`Ident`]: whether
/// every dialect must quote it, and the reserved-word lists it is in.
pub(crate) fn quoting_flags(name: &str) -> u16 {
    compute_flags(name)
}

/// The quoting facts of a generated `<base>_<n>` name (an anonymous
/// label): only its characters are checked, since no reserved word ends in
/// `_` and digits (a test of the word lists holds them to that).
pub(crate) fn numbered_flags(name: &str) -> u16 {
    if legal_unquoted(name) {
        0
    } else {
        ALWAYS_QUOTE
    }
}

/// Whether a name may be written unquoted when it is no reserved word.
fn legal_unquoted(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && !bytes[0].is_ascii_digit()
        && bytes[0] != b'$'
        && bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'$')
}

fn compute_flags(name: &str) -> u16 {
    if !legal_unquoted(name) {
        return ALWAYS_QUOTE;
    }
    reserved::mask_of(name)
}

impl PartialEq for Ident {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
impl Eq for Ident {}
impl Hash for Ident {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}
impl PartialOrd for Ident {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ident {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.name.cmp(&other.name)
    }
}
impl fmt::Debug for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.name, f)
    }
}
impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}
impl std::borrow::Borrow<str> for Ident {
    fn borrow(&self) -> &str {
        &self.name
    }
}
impl From<&str> for Ident {
    fn from(s: &str) -> Self {
        Ident::new(s)
    }
}
impl From<String> for Ident {
    fn from(s: String) -> Self {
        Ident::from_arc(Arc::from(s))
    }
}
impl From<&Ident> for Ident {
    fn from(s: &Ident) -> Self {
        s.clone()
    }
}

/// Whether a function name (or one dotted part of it) is written as it is:
/// a letter or `_`, then letters, digits, `_` and `$` (no `.`).
pub(crate) fn plain_function_name(name: &str) -> bool {
    name.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
}

/// An identifier as a statement keeps it (a subquery's or alias's column
/// names): one of a pinned table ([`Table::leak`](crate::schema::Table::leak)),
/// referred to without a count, or any other, held. Threads building
/// subqueries of the same pinned table then write nothing they share.
pub(crate) type IdentRef = Held<Ident>;

/// A name kept by a statement or a compilation: a known function's
/// (`count`), the `anon` of anonymous labels and aliases, a pinned
/// table's, or any other name as shared text.
///
/// The names spelled in the program are copied, not counted. One shared
/// count for `count` or `anon` would be written by every thread that
/// builds or compiles a statement with such a name, each write an atomic
/// update of the one cache line all those threads then take turns
/// owning.
///
/// It reads as a `&str`, and compares as its text.
pub(crate) type Name = Held<Arc<str>, str>;

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        **self == **other
    }
}

impl Eq for Name {}

impl From<Arc<str>> for Name {
    fn from(s: Arc<str>) -> Name {
        Name::Held(s)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Name;

    #[test]
    fn names_read_and_compare_as_their_text() {
        let shared = Name::from(Arc::<str>::from("count"));
        let spelled = Name::Static("count");
        assert_eq!(shared, spelled);
        assert_ne!(spelled, Name::Static("anon"));
        assert_eq!(&*spelled.clone(), "count");
        assert_eq!(format!("{spelled}_1 {shared:?}"), "count_1 \"count\"");
    }
}

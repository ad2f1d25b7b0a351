//! The names of labels and aliases a thread made last, kept so that the
//! next statement built with the same name shares it instead of making it
//! again.
//!
//! A program builds the same statements over and over (one per request,
//! with new values), and each `.label("n")` or `.cte("counts")` made a new
//! [`Ident`]: an allocation, a copy, the reserved-word lookup of its
//! quoting facts, and a free when the statement was dropped. A name found
//! here is a count taken instead; the slot keeps one count, so the
//! statement's drop gives its count back without freeing the name.
//!
//! Each thread has its own slots (no lock, and no count that threads take
//! turns updating), a name goes to the slot its hash picks, replacing the
//! one there, and only names of up to [`LONGEST`] bytes are kept: at most
//! [`SLOTS`] short names per thread stay alive.

use std::cell::RefCell;

use super::{Ident, same_name};

/// How many names each thread keeps (a power of two).
const SLOTS: usize = 64;

/// The longest name kept, in bytes; a longer one is made each time.
const LONGEST: usize = 32;

thread_local! {
    static RECENT: RefCell<[Option<Ident>; SLOTS]> = const { RefCell::new([const { None }; SLOTS]) };
}

/// The identifier `name`, shared with the last one this thread made under
/// the same `hash` ([`name_hash`](crate::cache::name_hash) of `name`) when
/// it has the same text, else made and kept for the next.
pub(crate) fn ident(name: &str, hash: u64) -> Ident {
    if name.len() > LONGEST {
        return Ident::new(name);
    }
    // the thread's slots are gone only while it exits, and taken only here
    // (nothing in `Ident::new` comes back): either way a new name will do
    RECENT
        .try_with(|slots| {
            let mut slots = slots.try_borrow_mut().ok()?;
            let slot = slots.get_mut(hash as usize % SLOTS)?;
            match slot {
                Some(kept) if same_name(kept.as_str(), name) => Some(kept.clone()),
                _ => Some(slot.insert(Ident::new(name)).clone()),
            }
        })
        .ok()
        .flatten()
        .unwrap_or_else(|| Ident::new(name))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{LONGEST, SLOTS, ident};
    use crate::cache::name_hash;

    fn recent(name: &str) -> super::Ident {
        ident(name, name_hash(name))
    }

    #[test]
    fn a_name_made_again_shares_the_first() {
        let a = recent("counts");
        let b = recent("counts");
        assert!(Arc::ptr_eq(a.as_arc(), b.as_arc()));
        assert_eq!(b.as_str(), "counts");
        assert_eq!(b.flags(), super::Ident::new("counts").flags());
        // the quoting facts are the name's own
        assert!(recent("Mixed").requires_quotes_always());
        assert!(recent("select").is_reserved_in(crate::dialect::WordList::Default));
    }

    #[test]
    fn names_in_one_slot_replace_each_other_and_keep_their_text() {
        // two names under the same hash: each read back as itself
        let (a, b) = (recent("alpha"), ident("beta", name_hash("alpha")));
        assert_eq!((a.as_str(), b.as_str()), ("alpha", "beta"));
        let again = ident("alpha", name_hash("alpha"));
        assert_eq!(again.as_str(), "alpha");
        assert!(!Arc::ptr_eq(a.as_arc(), b.as_arc()));
        // every slot filled, then read back
        let names: Vec<String> = (0..SLOTS * 2).map(|i| format!("n{i}")).collect();
        let made: Vec<_> = names.iter().map(|n| recent(n)).collect();
        for (n, id) in names.iter().zip(&made) {
            assert_eq!(id.as_str(), n);
            assert_eq!(recent(n).as_str(), n);
        }
    }

    #[test]
    fn long_names_are_made_each_time() {
        let long = "x".repeat(LONGEST + 1);
        let (a, b) = (recent(&long), recent(&long));
        assert_eq!(a.as_str(), long);
        assert!(!Arc::ptr_eq(a.as_arc(), b.as_arc()));
        let edge = "y".repeat(LONGEST);
        assert!(Arc::ptr_eq(recent(&edge).as_arc(), recent(&edge).as_arc()));
    }

    #[test]
    fn each_thread_keeps_its_own() {
        let here = recent("per_thread");
        let there = std::thread::spawn(|| recent("per_thread"))
            .join()
            .expect("thread");
        assert_eq!(there.as_str(), "per_thread");
        assert!(!Arc::ptr_eq(here.as_arc(), there.as_arc()));
    }
}

//! [`copy_into`]: a bound value appended to a list of values (the
//! compiler's parameters, the statement cache's values) without a stall.

use super::Value;

/// A list that bound values are copied into.
pub(crate) trait ValueList {
    /// Appends a value made in the caller.
    fn push_value(&mut self, v: Value);
    /// Appends a clone of `v`, in whichever way the list writes it
    /// cheapest.
    fn push_clone(&mut self, v: &Value);
}

impl ValueList for Vec<Value> {
    #[inline(always)]
    fn push_value(&mut self, v: Value) {
        self.push(v);
    }

    /// Cloned straight into the vector, word by word (`extend` of one):
    /// `push(v.clone())` would make the clone on the stack and copy it in
    /// with wider loads than the stores that made it, which waits for
    /// them. (A slice of one, `extend_from_slice`, does the same through
    /// a general loop: 44 instructions a value against about 25.)
    #[inline(always)]
    fn push_clone(&mut self, v: &Value) {
        self.extend(std::iter::once(v).cloned());
    }
}

impl<const N: usize> ValueList for smallvec::SmallVec<[Value; N]> {
    #[inline(always)]
    fn push_value(&mut self, v: Value) {
        self.push(v);
    }

    /// `SmallVec::extend` costs more than the stall it would avoid.
    #[inline(always)]
    fn push_clone(&mut self, v: &Value) {
        self.push(v.clone());
    }
}

/// Appends a copy of `v` to `list`. An integer or an inline text (most
/// bound values) is copied from where it lies, each kind by a push in an
/// arm of its own: merged into one push, the copy is made on the stack
/// again, and the list's wider loads of it wait on the stores just made
/// (on a Zen 1, a third of S3's compile and half its cached compile). Any
/// other value is cloned in the list's own way.
#[inline(always)]
pub(crate) fn copy_into(list: &mut impl ValueList, v: &Value) {
    match v {
        Value::Int(i) => list.push_value(Value::Int(*i)),
        Value::Text(t) => match t.inline_copy() {
            Some(c) => list.push_value(Value::Text(c)),
            None => list.push_clone(v),
        },
        _ => list.push_clone(v),
    }
}

#[cfg(test)]
mod tests {
    use super::{Value, copy_into};

    /// Every kind of value is appended as itself, to either list.
    #[test]
    fn every_value_is_appended_as_itself() {
        let values = [
            Value::Int(7),
            Value::from("short"),
            Value::from("a text longer than sixteen bytes"),
            Value::Null,
            Value::Float(1.5),
            Value::from(vec![1u8, 2]),
        ];
        let mut vec = Vec::new();
        let mut small = smallvec::SmallVec::<[Value; 4]>::new();
        for v in &values {
            copy_into(&mut vec, v);
            copy_into(&mut small, v);
        }
        assert_eq!(vec, values);
        assert_eq!(&small[..], &values[..]);
    }
}

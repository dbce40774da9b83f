//! Front matter and config keys.

/// A front matter or config key as Hugo reads it: lower case (keys are
/// case-insensitive). Moved as it is when it already is.
pub(crate) fn lower_key(mut k: String) -> String {
    if k.is_ascii() {
        k.make_ascii_lowercase();
        k
    } else {
        k.to_lowercase()
    }
}

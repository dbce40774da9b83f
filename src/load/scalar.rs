//! The YAML 1.2 core schema: what an untagged or tagged scalar is (null,
//! bool, integer, float or text), shared by the saphyr path and the fast path.

use super::tree::{Kind, StrStyle};
use saphyr::Scalar;
use saphyr_parser::{ScalarStyle, Tag};
use std::borrow::Cow;

pub(super) fn scalar_kind(
    value: Cow<'_, str>,
    style: ScalarStyle,
    tag: Option<&Cow<'_, Tag>>,
) -> Kind {
    let str_style = str_style(style);
    if style == ScalarStyle::Plain && tag.is_none() && !may_be_typed(&value) {
        return Kind::Str(value.into(), str_style);
    }
    // Only a tagged scalar can fail to resolve (`!!int x`); it is then kept as
    // text, so only its text is copied before it is handed over.
    let text = tag.map(|_| value.clone());
    match Scalar::parse_from_cow_and_metadata(value, style, tag) {
        Some(Scalar::Null) => Kind::Null,
        Some(Scalar::Boolean(b)) => Kind::Bool(b),
        Some(Scalar::Integer(i)) => Kind::Int(i),
        Some(Scalar::FloatingPoint(f)) => Kind::Float(f.into_inner()),
        Some(Scalar::String(s)) => Kind::Str(s.into(), str_style),
        None => Kind::Str(text.unwrap_or_default().into(), str_style),
    }
}

/// The value of an untagged one-line plain scalar written as `s`.
pub(super) fn plain_scalar_kind(s: &str) -> Kind {
    if may_be_typed(s) {
        scalar_kind(Cow::Borrowed(s), ScalarStyle::Plain, None)
    } else {
        Kind::Str(s.into(), StrStyle::Plain)
    }
}

/// Whether the core schema may type the untagged plain scalar `s` as
/// anything but a string: it is empty (null), `~`, `null`, `true` or `false`
/// (three spellings each), or starts like a number (a digit, a sign or a
/// dot: `0x1f`, `+1`, `-.5`, `.inf`). Most text does not, and skips
/// `Scalar::parse_from_cow`, which tries to read every value as an integer
/// and a float. A false `true` here only costs that.
pub(super) fn may_be_typed(s: &str) -> bool {
    match s.as_bytes().first() {
        None | Some(b'0'..=b'9' | b'+' | b'-' | b'.' | b'~') => true,
        Some(_) => matches!(
            s,
            "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        ),
    }
}

pub(super) fn str_style(style: ScalarStyle) -> StrStyle {
    match style {
        ScalarStyle::Plain => StrStyle::Plain,
        ScalarStyle::Literal => StrStyle::Literal,
        _ => StrStyle::Other,
    }
}

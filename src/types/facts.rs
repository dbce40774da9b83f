//! A page's URL facts (the front matter keys the site index reads, see
//! [`crate::check::page`]) in a compact encoding: one allocation per page instead of
//! a `serde_json` map of values (a few dozen), which on a large site is most
//! of what the loaded pages hold. The site index reads them without
//! decoding them into a value ([`Facts::view`]).

use serde::de::{
    DeserializeSeed, EnumAccess, Error as _, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde::{Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::borrow::Cow;

use super::fm_view::{FmValue, FmView, LEVELS};
use super::tree::{Kind, Node};
use crate::base::keys::lower_key;

/// A front matter value (a map, as a rule), encoded.
#[derive(Clone, PartialEq, Eq)]
pub struct Facts(Box<[u8]>);

impl std::fmt::Debug for Facts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Facts").field(&self.value()).finish()
    }
}

/// Deepest nesting of lists and maps in facts read back with serde (from the
/// page cache); deeper facts do not deserialize.
pub(crate) const MAX_STORED_DEPTH: usize = 256;

/// Written as its encoded bytes ([`Facts::bytes`]).
impl Serialize for Facts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

/// Read from bytes [`Facts::bytes`] gave, checked as [`Facts::from_bytes`]
/// checks them (at most [`MAX_STORED_DEPTH`] deep).
impl<'de> serde::Deserialize<'de> for Facts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Facts, D::Error> {
        struct BytesOf;
        impl Visitor<'_> for BytesOf {
            type Value = Facts;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("encoded facts")
            }
            fn visit_bytes<E: serde::de::Error>(self, b: &[u8]) -> Result<Facts, E> {
                Facts::from_bytes(b, MAX_STORED_DEPTH)
                    .ok_or_else(|| E::custom("facts that do not decode"))
            }
        }
        d.deserialize_bytes(BytesOf)
    }
}

impl Default for Facts {
    /// An empty map: variant 7 (`Map`) with no entries, written out (every
    /// page starts with it, so it is not encoded each time; a test checks it).
    fn default() -> Self {
        Facts(Box::new([7, 0]))
    }
}

impl Facts {
    pub(crate) fn of(v: &Value) -> Facts {
        // Encoding a value into memory cannot fail (lengths are known).
        Facts(postcard::to_allocvec(&FactOf(v)).unwrap_or_default().into())
    }

    /// The facts of a map of `entries` (keys lower-cased, each once), each
    /// value lower-cased in its keys: the bytes of [`Facts::of`] that map,
    /// made without building it. `None` when a map among the values has two
    /// keys that lower-case alike (rare; the caller builds the value).
    pub(crate) fn of_entries(entries: &[(String, &Node)]) -> Option<Facts> {
        let fact = Tagged(7, "Map", &NodeMap(entries));
        postcard::to_allocvec(&fact).ok().map(|b| Facts(b.into()))
    }

    /// The value back (its own encoding, so it decodes; `Null` otherwise).
    pub(crate) fn value(&self) -> Value {
        Self::decode(&self.0, usize::MAX).unwrap_or(Value::Null)
    }

    /// What the site index reads of the facts (see [`FmView`]), its strings
    /// borrowed from the encoding: no map or string is built for the many
    /// keys and values it does not read. Empty when [`Facts::value`] is not
    /// a map (as the index reads that value). (Were a key encoded twice,
    /// which [`Facts::of`] never does, the view would keep the first value
    /// and [`Facts::value`] the last.)
    pub(crate) fn view(&self) -> FmView<'_> {
        let mut de = postcard::Deserializer::from_bytes(&self.0);
        let Ok(v) = ViewSeed(LEVELS + 1).deserialize(&mut de) else {
            return FmView::default();
        };
        match (v, de.finalize()) {
            (FmValue::Map(m), Ok([])) => m,
            _ => FmView::default(),
        }
    }

    /// A digest for the site index cache (see [`crate::cache::index::key`]).
    pub(crate) fn digest(&self) -> u64 {
        crate::base::hash::hash(&self.0)
    }

    /// The encoded bytes (see [`Facts::from_bytes`]).
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// Facts from bytes [`Facts::bytes`] gave, if they decode to a value
    /// nested at most `max_depth` lists and maps deep.
    pub(crate) fn from_bytes(bytes: &[u8], max_depth: usize) -> Option<Facts> {
        // Checked without building the value: a run loads every cached page's
        // facts, and most are never decoded.
        Self::read(bytes, FactSeed::check(max_depth))?;
        Some(Facts(bytes.into()))
    }

    fn decode(bytes: &[u8], max_depth: usize) -> Option<Value> {
        Self::read(bytes, FactSeed::build(max_depth))
    }

    /// Reads `bytes` with `seed`, if they hold one value and nothing more.
    fn read(bytes: &[u8], seed: FactSeed) -> Option<Value> {
        let mut de = postcard::Deserializer::from_bytes(bytes);
        let v = seed.deserialize(&mut de).ok()?;
        de.finalize().ok()?.is_empty().then_some(v)
    }
}

// Front matter values. Postcard is not self-describing, so it cannot read a
// `serde_json::Value` back by itself: a value is written as this enum would
// be, and read straight into a `Value` by `FactSeed`.
//
// enum Fact { Null, Bool(bool), U64(u64), I64(i64), F64(f64), Str(String),
//             Seq(Vec<Fact>), Map(map of String to Fact) }

const FACT: &str = "Fact";
const FACT_VARIANTS: &[&str] = &["Null", "Bool", "U64", "I64", "F64", "Str", "Seq", "Map"];

/// Writes a `Value` as a `Fact`.
struct FactOf<'a>(&'a Value);

impl Serialize for FactOf<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        const NAME: &str = FACT;
        match self.0 {
            Value::Null => s.serialize_unit_variant(NAME, 0, "Null"),
            Value::Bool(b) => s.serialize_newtype_variant(NAME, 1, "Bool", b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => s.serialize_newtype_variant(NAME, 2, "U64", &u),
                (None, Some(i)) => s.serialize_newtype_variant(NAME, 3, "I64", &i),
                (None, None) => {
                    s.serialize_newtype_variant(NAME, 4, "F64", &n.as_f64().unwrap_or(0.0))
                }
            },
            Value::String(t) => s.serialize_newtype_variant(NAME, 5, "Str", t),
            Value::Array(items) => s.serialize_newtype_variant(NAME, 6, "Seq", &SeqOf(items)),
            Value::Object(m) => s.serialize_newtype_variant(NAME, 7, "Map", &MapOf(m)),
        }
    }
}

/// A `Fact` variant around a value that writes itself.
struct Tagged<'a, T>(u32, &'static str, &'a T);

impl<T: Serialize> Serialize for Tagged<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_variant(FACT, self.0, self.1, self.2)
    }
}

struct SeqOf<'a>(&'a [Value]);

impl Serialize for SeqOf<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(FactOf))
    }
}

struct MapOf<'a>(&'a serde_json::Map<String, Value>);

impl Serialize for MapOf<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, FactOf(v))))
    }
}

/// Writes a front matter node as a `Fact`, as [`FactOf`] writes the value
/// `into_lower_keys(node.to_value())` (see [`Facts::of_entries`]); fails on
/// a map with two keys that lower-case alike.
struct NodeFact<'a>(&'a Node);

impl Serialize for NodeFact<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        const NAME: &str = FACT;
        match &self.0.kind {
            Kind::Null => s.serialize_unit_variant(NAME, 0, "Null"),
            Kind::Bool(b) => s.serialize_newtype_variant(NAME, 1, "Bool", b),
            // As a JSON number: unsigned when it can be.
            Kind::Int(i) => match u64::try_from(*i) {
                Ok(u) => s.serialize_newtype_variant(NAME, 2, "U64", &u),
                Err(_) => s.serialize_newtype_variant(NAME, 3, "I64", i),
            },
            Kind::Float(f) if f.is_finite() => s.serialize_newtype_variant(NAME, 4, "F64", f),
            // JSON has no NaN or infinity: `to_value` writes them as text.
            Kind::Float(f) => s.serialize_newtype_variant(NAME, 5, "Str", &f.to_string()),
            Kind::Str(t, _) => s.serialize_newtype_variant(NAME, 5, "Str", t),
            Kind::Seq(items) => s.serialize_newtype_variant(NAME, 6, "Seq", &NodeSeq(items)),
            Kind::Map(entries) => {
                let pairs: Vec<(Cow<'_, str>, &Node)> = entries
                    .iter()
                    .map(|e| (lowered(&e.key), &e.value))
                    .collect();
                // `to_value` keeps one of two equal keys and `into_lower_keys`
                // one of two spellings: which one, the value-building path decides.
                if (1..pairs.len()).any(|i| pairs[..i].iter().any(|(k, _)| *k == pairs[i].0)) {
                    return Err(serde::ser::Error::custom("keys that lower-case alike"));
                }
                s.serialize_newtype_variant(NAME, 7, "Map", &NodeMap(&pairs))
            }
        }
    }
}

struct NodeSeq<'a>(&'a [Node]);

impl Serialize for NodeSeq<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(NodeFact))
    }
}

/// A map of lower-cased keys and their nodes.
struct NodeMap<'a, K>(&'a [(K, &'a Node)]);

impl<K: Serialize> Serialize for NodeMap<'_, K> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, n)| (k, NodeFact(n))))
    }
}

/// A key lower-cased as [`lower_key`] does it, borrowed when it already is.
fn lowered(key: &str) -> Cow<'_, str> {
    if key.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(key)
    } else {
        Cow::Owned(lower_key(key.to_string()))
    }
}

/// Reads one `Fact` nested at most `depth` deep: into a `Value` when
/// `build`, else only checking it (the result is `Null`, nothing is
/// allocated; it accepts exactly what building accepts).
#[derive(Clone, Copy)]
struct FactSeed {
    depth: usize,
    build: bool,
}

impl FactSeed {
    fn build(depth: usize) -> FactSeed {
        FactSeed { depth, build: true }
    }

    fn check(depth: usize) -> FactSeed {
        FactSeed {
            depth,
            build: false,
        }
    }
}

impl<'de> DeserializeSeed<'de> for FactSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_enum(FACT, FACT_VARIANTS, self)
    }
}

impl<'de> Visitor<'de> for FactSeed {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a front matter value")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (kind, v): (u32, _) = data.variant()?;
        let inner = || match self.depth.checked_sub(1) {
            Some(depth) => Ok(FactSeed { depth, ..self }),
            None => Err(A::Error::custom("front matter nested too deep")),
        };
        Ok(match kind {
            0 => {
                v.unit_variant()?;
                Value::Null
            }
            1 => Value::Bool(v.newtype_variant()?),
            2 => Value::from(v.newtype_variant::<u64>()?),
            3 => Value::from(v.newtype_variant::<i64>()?),
            4 => serde_json::Number::from_f64(v.newtype_variant()?)
                .map_or(Value::Null, Value::Number),
            // Borrowed from the bytes, copied only when building.
            5 => match v.newtype_variant::<&str>()? {
                t if self.build => Value::String(t.to_string()),
                _ => Value::Null,
            },
            6 => Value::Array(v.newtype_variant_seed(SeqSeed(inner()?))?),
            7 => Value::Object(v.newtype_variant_seed(MapSeed(inner()?))?),
            _ => return Err(A::Error::custom("unknown kind of front matter value")),
        })
    }
}

struct SeqSeed(FactSeed);

impl<'de> DeserializeSeed<'de> for SeqSeed {
    type Value = Vec<Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Value>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for SeqSeed {
    type Value = Vec<Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of front matter values")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Value>, A::Error> {
        // The length is read from the file: trust it only so far.
        let build = self.0.build;
        let mut out = Vec::with_capacity(seq.size_hint().filter(|_| build).unwrap_or(0).min(64));
        while let Some(v) = seq.next_element_seed(self.0)? {
            if build {
                out.push(v);
            }
        }
        Ok(out)
    }
}

struct MapSeed(FactSeed);

impl<'de> DeserializeSeed<'de> for MapSeed {
    type Value = serde_json::Map<String, Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MapSeed {
    type Value = serde_json::Map<String, Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a map of front matter values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let build = self.0.build;
        let mut out =
            serde_json::Map::with_capacity(map.size_hint().filter(|_| build).unwrap_or(0).min(64));
        while let Some(k) = map.next_key::<&str>()? {
            let v = map.next_value_seed(self.0)?;
            if build {
                out.insert(k.to_string(), v);
            }
        }
        Ok(out)
    }
}

/// Reads one `Fact` into a view, keeping `.0` levels of lists and maps
/// (deeper ones are only checked, as [`FactSeed::check`] does: the view of
/// bytes is empty exactly when their value is `Null`).
#[derive(Clone, Copy)]
struct ViewSeed(usize);

impl<'de> DeserializeSeed<'de> for ViewSeed {
    type Value = FmValue<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<FmValue<'de>, D::Error> {
        d.deserialize_enum(FACT, FACT_VARIANTS, self)
    }
}

impl<'de> Visitor<'de> for ViewSeed {
    type Value = FmValue<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a front matter value")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<FmValue<'de>, A::Error> {
        let (kind, v): (u32, _) = data.variant()?;
        // Below the levels kept, a list or map is checked (as a value is
        // decoded, without a depth limit) and left out.
        let skip = FactSeed::check(usize::MAX);
        Ok(match (kind, self.0.checked_sub(1)) {
            (0, _) => {
                v.unit_variant()?;
                FmValue::Null
            }
            (1, _) => FmValue::Bool(v.newtype_variant()?),
            (2, _) => FmValue::Number(v.newtype_variant::<u64>()?.into()),
            (3, _) => FmValue::Number(v.newtype_variant::<i64>()?.into()),
            (4, _) => serde_json::Number::from_f64(v.newtype_variant()?)
                .map_or(FmValue::Null, FmValue::Number),
            (5, _) => FmValue::Str(v.newtype_variant()?),
            (6, None) => {
                v.newtype_variant_seed(SeqSeed(skip))?;
                FmValue::Deep
            }
            (7, None) => {
                v.newtype_variant_seed(MapSeed(skip))?;
                FmValue::Deep
            }
            (6, Some(inner)) => FmValue::Seq(v.newtype_variant_seed(ViewSeqSeed(inner))?),
            (7, Some(inner)) => FmValue::Map(v.newtype_variant_seed(ViewMapSeed(inner))?),
            _ => return Err(A::Error::custom("unknown kind of front matter value")),
        })
    }
}

struct ViewSeqSeed(usize);

impl<'de> DeserializeSeed<'de> for ViewSeqSeed {
    type Value = Vec<FmValue<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ViewSeqSeed {
    type Value = Vec<FmValue<'de>>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of front matter values")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // The length is read from the file: trust it only so far.
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(v) = seq.next_element_seed(ViewSeed(self.0))? {
            out.push(v);
        }
        Ok(out)
    }
}

struct ViewMapSeed(usize);

impl<'de> DeserializeSeed<'de> for ViewMapSeed {
    type Value = FmView<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ViewMapSeed {
    type Value = FmView<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a map of front matter values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = FmView::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(k) = map.next_key::<&str>()? {
            out.push(k, map.next_value_seed(ViewSeed(self.0))?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Checking (what a cache load does) accepts exactly the bytes that
    /// building a value accepts: at every depth limit, and after every
    /// truncation and every single-byte change of a real encoding.
    #[test]
    fn default_is_the_empty_map_encoded() {
        assert_eq!(
            Facts::default(),
            Facts::of(&Value::Object(Default::default()))
        );
        assert_eq!(Facts::default().value(), serde_json::json!({}));
    }

    /// The view of facts is the view of their value: for a real encoding,
    /// and for every change of one byte that still is the encoding of a
    /// value (not one with a key twice, which `Facts::of` never writes).
    #[test]
    fn the_view_is_the_view_of_the_value() {
        let value = json!({
            "title": "Ünïcode title", "Draft": "true", "weight": -3, "ratio": 0.5,
            "tags": ["a", 3, ["deep"], {"x": 1}], "none": null,
            "build": {"List": "never", "render": {"x": [1]}},
        });
        let bytes = Facts::of(&value).bytes().to_vec();
        let same = |b: &[u8]| {
            let Some(f) = Facts::from_bytes(b, usize::MAX) else {
                return 0;
            };
            let v = f.value();
            if Facts::of(&v) != f {
                return 0;
            }
            assert_eq!(f.view(), FmView::of(&v), "bytes {b:?}");
            1
        };
        assert_eq!(same(&bytes), 1);
        let mut compared = 0;
        assert_eq!(Facts::of(&value).view().len(), 7);
        for len in 0..bytes.len() {
            compared += same(&bytes[..len]);
        }
        for i in 0..bytes.len() {
            for flip in [0x01, 0x02, 0x20, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[i] ^= flip;
                compared += same(&b);
            }
        }
        // Most changes of a string's letters still decode.
        assert!(compared > 50, "{compared}");
        assert!(Facts::default().view().is_empty());
        assert!(Facts::of(&json!(["title", "A"])).view().is_empty());
    }

    #[test]
    fn checking_accepts_what_building_accepts() {
        let value = json!({
            "title": "Ünïcode title",
            "weight": 3, "offset": -2, "ratio": 0.5, "draft": false, "none": null,
            "aliases": ["/a/", "/b/"],
            "cascade": {"build": {"list": "never"}, "tags": [["deep", {"x": [1]}]]},
        });
        let bytes = Facts::of(&value).bytes().to_vec();
        assert_eq!(Facts::decode(&bytes, usize::MAX), Some(value));
        let agree = |b: &[u8], depth: usize| {
            assert_eq!(
                Facts::from_bytes(b, depth).is_some(),
                Facts::decode(b, depth).is_some(),
                "depth {depth}, bytes {b:?}"
            );
        };
        for depth in 0..8 {
            agree(&bytes, depth);
        }
        // Six lists and maps deep (the outer map counts).
        assert!(Facts::from_bytes(&bytes, 6).is_some());
        assert!(Facts::from_bytes(&bytes, 5).is_none());
        for len in 0..bytes.len() {
            agree(&bytes[..len], usize::MAX);
        }
        for i in 0..bytes.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[i] ^= flip;
                agree(&b, usize::MAX);
                agree(&b, 3);
            }
        }
    }
}

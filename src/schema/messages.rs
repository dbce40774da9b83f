//! Turning JSON Schema validation errors into diagnostics a content editor understands,
//! each placed on the exact key or value it is about.

use super::CompiledSchema;
use crate::diagnostic::Diagnostic;
use crate::fix::{Fix, Safety};
use crate::load::front_matter::Split;
use crate::load::tree::{escape_pointer_token, pointer_to_path, Kind, Node, NodeAt};
use crate::rules;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::ValidationError;
use serde_json::Value;
use std::ops::Range;

/// Validate the front matter `tree` and describe every error.
/// `text` is the page's file text (spans index it).
pub fn validate(
    schema: &CompiledSchema,
    tree: &Node,
    split: &Split,
    text: &str,
) -> Vec<Diagnostic> {
    if schema.validator().is_valid(tree) {
        return Vec::new();
    }
    // The errors are described from the JSON form of the tree, made only for
    // a page that has some.
    let value = &tree.to_value();
    let mut out = Vec::new();
    let mut required = Vec::new();
    for e in schema.validator().iter_errors(tree) {
        describe(schema, &e, value, tree, split, &mut out, &mut required);
    }
    merge_misspelt_required(&mut out, &required);
    settle_renames(&mut out, text);
    out.sort_by(|a, b| (a.span.start, a.code, &a.message).cmp(&(b.span.start, b.code, &b.message)));
    out.dedup_by(|a, b| a.span == b.span && a.code == b.code && a.message == b.message);
    out
}

/// `sections[3].type: ` or `` for the root.
fn prefix(pointer: &str) -> String {
    let p = pointer_to_path(pointer);
    if p.is_empty() {
        String::new()
    } else {
        format!("{p}: ")
    }
}

/// Describes validation errors into diagnostics: what every error of one page
/// shares, and where the diagnostics go.
struct Describer<'a> {
    schema: &'a CompiledSchema,
    /// The front matter as JSON (the values shown in messages).
    value: &'a Value,
    tree: &'a Node,
    split: &'a Split,
    out: &'a mut Vec<Diagnostic>,
    /// The `required` errors: their index in `out` and the key missing.
    required: &'a mut Vec<(usize, String)>,
}

/// Where one error is: its instance and the schema that refused it.
struct ErrorAt<'a> {
    /// The JSON pointer of the instance.
    pointer: String,
    /// The node the pointer reaches (or its nearest ancestor).
    located: NodeAt<'a>,
    /// Where a label for the value goes (see [`anchor_span`]).
    value_span: Range<usize>,
    /// The schema (sub)object whose keyword failed.
    schema_node: Option<&'a Value>,
    /// The instance as JSON.
    instance: Option<&'a Value>,
}

impl ErrorAt<'_> {
    /// `sections[3].type: ` or `` for the root.
    fn prefix(&self) -> String {
        prefix(&self.pointer)
    }

    /// The instance in short (`"draft"`, `3`), or nothing.
    fn shown(&self) -> String {
        self.instance.map(short_value).unwrap_or_default()
    }

    /// ` in sections[3]`, or nothing at the root.
    fn where_(&self) -> String {
        let place = pointer_to_path(&self.pointer);
        if place.is_empty() {
            String::new()
        } else {
            format!(" in {place}")
        }
    }
}

fn describe(
    schema: &CompiledSchema,
    e: &ValidationError<'_>,
    value: &Value,
    tree: &Node,
    split: &Split,
    out: &mut Vec<Diagnostic>,
    required: &mut Vec<(usize, String)>,
) {
    Describer {
        schema,
        value,
        tree,
        split,
        out,
        required,
    }
    .describe(e);
}

impl<'a> Describer<'a> {
    fn at(&self, e: &ValidationError<'_>) -> ErrorAt<'a> {
        let pointer = e.instance_path().as_str().to_string();
        let located = self.tree.locate(&pointer);
        let value_span = anchor_span(located.node, located.key_span);
        ErrorAt {
            value_span,
            located,
            // The evaluation path runs from the root schema through every `$ref`.
            schema_node: schema_at(self.schema, e.evaluation_path().as_str()),
            instance: lookup(self.value, &pointer),
            pointer,
        }
    }

    fn describe(&mut self, e: &ValidationError<'_>) {
        let at = self.at(e);
        let d = match e.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                return self.unknown_keys(&at, unexpected);
            }
            ValidationErrorKind::Required { property } => return self.required(at, property),
            ValidationErrorKind::Enum { options } => not_one_of(at, options),
            ValidationErrorKind::Constant { expected_value } => {
                not_the_constant(at, expected_value)
            }
            ValidationErrorKind::Type { kind } => wrong_type(at, kind),
            ValidationErrorKind::Format { format } => wrong_format(at, format),
            ValidationErrorKind::OneOfNotValid { context }
            | ValidationErrorKind::AnyOf { context } => return self.no_shape(at, context),
            ValidationErrorKind::Pattern { pattern } => not_the_pattern(at, pattern),
            ValidationErrorKind::Maximum { limit }
            | ValidationErrorKind::ExclusiveMaximum { limit } => {
                out_of_range(at, limit, "more than the maximum", "too large")
            }
            ValidationErrorKind::Minimum { limit }
            | ValidationErrorKind::ExclusiveMinimum { limit } => {
                out_of_range(at, limit, "less than the minimum", "too small")
            }
            ValidationErrorKind::MinLength { limit } => too_short(at, *limit),
            ValidationErrorKind::MaxLength { limit } => too_long(at, *limit),
            ValidationErrorKind::MinItems { limit } => {
                item_count(at, "at least", *limit, "too few items")
            }
            ValidationErrorKind::MaxItems { limit } => {
                item_count(at, "at most", *limit, "too many items")
            }
            ValidationErrorKind::Not { .. } => refused_key(at),
            ValidationErrorKind::UniqueItems => repeated_items(at),
            _ => {
                let msg = one_line(&e.masked().to_string());
                rules::SCHEMA_VALUE
                    .at(at.value_span, format!("{}{msg}", prefix(&at.pointer)))
                    .with_pointer(&at.pointer)
            }
        };
        self.out.push(d);
    }

    /// `additionalProperties`/`unevaluatedProperties`: one diagnostic per
    /// unknown key, with the nearest allowed key as a fix.
    fn unknown_keys(&mut self, at: &ErrorAt<'_>, unexpected: &[String]) {
        let allowed = at
            .schema_node
            .map(|parent| allowed_keys(self.schema, parent))
            .unwrap_or_default();
        let pointer = &at.pointer;
        for key in unexpected {
            let key_pointer = format!("{pointer}/{}", escape_pointer_token(key));
            let written = at.located.node.entry(key).map(|en| en.key_span.clone());
            let span = written.clone().unwrap_or_else(|| at.value_span.clone());
            let where_ = at.where_();
            let mut msg = format!("unknown key \"{key}\"{where_}");
            let suggestion = crate::suggest::did_you_mean(key, allowed.iter().map(String::as_str));
            if let Some(s) = suggestion {
                msg.push_str(&format!("; did you mean \"{s}\"?"));
            }
            let mut d = rules::SCHEMA_UNKNOWN_KEY
                .at(span, msg)
                .with_pointer(&key_pointer)
                .with_label("not allowed here");
            if !allowed.is_empty() {
                d = d.with_help(format!("allowed keys{where_}: {}", list(&allowed, 12)));
            }
            let fix = suggestion
                .filter(|s| at.located.node.entry(s).is_none())
                .zip(written)
                .and_then(|(s, to)| rename_key(key, s, to));
            if let Some(fix) = fix {
                d = d.with_fix(fix);
            }
            self.out.push(d);
        }
    }

    /// `required`: at the mapping (or the front matter's opening fence), with
    /// the key's syntax and expected value as help.
    fn required(&mut self, at: ErrorAt<'_>, property: &Value) {
        let name = property
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| property.to_string());
        let pointer = &at.pointer;
        let (span, label) = if pointer.is_empty() {
            (self.split.open.clone(), "front matter starts here")
        } else {
            (at.value_span.clone(), "in this mapping")
        };
        let where_ = if pointer.is_empty() {
            " in front matter".to_string()
        } else {
            at.where_()
        };
        let mut d = rules::SCHEMA_REQUIRED
            .at(span, format!("missing required key \"{name}\"{where_}"))
            .with_pointer(pointer)
            .with_label(label);
        if let Some(t) = at
            .schema_node
            .and_then(|parent| property_schema(self.schema, parent, &name))
            .and_then(|s| describe_expected(s, &name))
        {
            d = d.with_help(format!(
                "add {} ({t})",
                key_syntax(self.split.format, &name)
            ));
        }
        self.required.push((self.out.len(), name));
        self.out.push(d);
    }

    /// `oneOf`/`anyOf`: a tagged union that is not written with if/then
    /// reports the errors of the branch whose discriminator matched, never
    /// the whole instance; otherwise one error with the closest shape's.
    fn no_shape(&mut self, at: ErrorAt<'_>, context: &[Vec<ValidationError<'_>>]) {
        let branch = context.iter().find(|errs| {
            !errs.iter().any(|x| {
                matches!(
                    x.kind(),
                    ValidationErrorKind::Constant { .. } | ValidationErrorKind::Enum { .. }
                ) && x.instance_path().as_str().ends_with("/type")
            })
        });
        match branch {
            Some(errs) if !errs.is_empty() && context.len() > 1 => {
                for x in errs {
                    self.describe(x);
                }
            }
            _ => {
                let best = context
                    .iter()
                    .filter(|errs| !errs.is_empty())
                    .min_by_key(|errs| errs.len());
                let hint = best
                    .and_then(|errs| errs.first())
                    .map(|x| format!("closest shape fails with: {}", x.masked()))
                    .unwrap_or_default();
                let mut d = rules::SCHEMA_VALUE
                    .at(
                        at.value_span.clone(),
                        format!("{}value matches none of the allowed shapes", at.prefix()),
                    )
                    .with_pointer(&at.pointer);
                if !hint.is_empty() {
                    d = d.with_help(one_line(&hint));
                }
                self.out.push(d);
            }
        }
    }
}

/// `enum`: the allowed values, the schema's `title` as what is expected,
/// and the nearest allowed value.
fn not_one_of(at: ErrorAt<'_>, options: &Value) -> Diagnostic {
    let options: Vec<String> = options
        .as_array()
        .map(|a| a.iter().map(show_value).collect())
        .unwrap_or_default();
    let plain: Vec<String> = options
        .iter()
        .map(|o| o.trim_matches('"').to_string())
        .collect();
    let what = at
        .schema_node
        .and_then(|n| n.get("title"))
        .and_then(Value::as_str)
        .map(|t| format!("a {t}"))
        .unwrap_or_else(|| "an allowed value".to_string());
    let mut msg = format!(
        "{}{} is not {what} (expected one of {})",
        at.prefix(),
        at.shown(),
        list(&plain, 9)
    );
    if let Some(s) = at
        .instance
        .and_then(Value::as_str)
        .and_then(|v| crate::suggest::did_you_mean(v, plain.iter().map(String::as_str)))
    {
        msg.push_str(&format!("; did you mean \"{s}\"?"));
    }
    rules::SCHEMA_ENUM
        .at(at.value_span, msg)
        .with_pointer(&at.pointer)
        .with_label("not allowed")
        .with_help(format!("allowed values: {}", list(&plain, 30)))
}

/// `const`.
fn not_the_constant(at: ErrorAt<'_>, expected_value: &Value) -> Diagnostic {
    rules::SCHEMA_ENUM
        .at(
            at.value_span.clone(),
            format!(
                "{}{} must be {}",
                at.prefix(),
                at.shown(),
                short_value(expected_value)
            ),
        )
        .with_pointer(&at.pointer)
}

/// `type`: what was expected and what was found (a scalar shown).
fn wrong_type(at: ErrorAt<'_>, kind: &TypeKind) -> Diagnostic {
    let expected = match kind {
        TypeKind::Single(t) => type_name(&format!("{t:?}")).to_string(),
        TypeKind::Multiple(ts) => {
            let names: Vec<&str> = ts.iter().map(|t| type_name(&format!("{t:?}"))).collect();
            names.join(" or ")
        }
    };
    let found = at.instance.map(value_kind).unwrap_or("nothing");
    let shown = match at.located.node.kind {
        Kind::Map(_) | Kind::Seq(_) => String::new(),
        _ => at
            .instance
            .map(|v| format!(" {}", short_value(v)))
            .unwrap_or_default(),
    };
    rules::SCHEMA_TYPE
        .at(
            at.value_span.clone(),
            format!("{}expected {expected}, found {found}{shown}", at.prefix()),
        )
        .with_pointer(&at.pointer)
        .with_label(format!("should be {expected}"))
}

/// `format`: the formats frontlint knows get a help line with an example.
fn wrong_format(at: ErrorAt<'_>, format: &str) -> Diagnostic {
    let (what, help) = match format {
        "date" => (
            "a valid date",
            "write a real calendar date as YYYY-MM-DD, e.g. 2025-06-03",
        ),
        "date-time" => (
            "a valid date-time",
            "write an RFC 3339 date-time, e.g. 2025-10-31T14:01:14Z",
        ),
        "uri" | "uri-reference" => (
            "a valid URL",
            "check the URL for spaces or stray characters",
        ),
        "email" => ("a valid e-mail address", "write it as name@example.com"),
        _ => ("in the expected format", ""),
    };
    let what = if what == "in the expected format" {
        format!("in the {format} format")
    } else {
        what.to_string()
    };
    let mut d = rules::SCHEMA_FORMAT
        .at(
            at.value_span.clone(),
            format!("{}{} is not {what}", at.prefix(), at.shown()),
        )
        .with_pointer(&at.pointer)
        .with_label(format!("not {what}"));
    if !help.is_empty() {
        d = d.with_help(help);
    }
    d
}

/// `pattern`: the schema's `title` says what the value should be.
fn not_the_pattern(at: ErrorAt<'_>, pattern: &str) -> Diagnostic {
    let what = at
        .schema_node
        .and_then(|n| n.get("title"))
        .and_then(Value::as_str)
        .map(|t| format!("a valid {t}"))
        .unwrap_or_else(|| "in the expected form".to_string());
    rules::SCHEMA_VALUE
        .at(
            at.value_span.clone(),
            format!("{}{} is not {what}", at.prefix(), at.shown()),
        )
        .with_pointer(&at.pointer)
        .with_label("does not match")
        .with_help(format!("the value must match the pattern {pattern}"))
}

/// `minimum`/`maximum` and their exclusive forms.
fn out_of_range(at: ErrorAt<'_>, limit: &Value, bound: &str, label: &'static str) -> Diagnostic {
    rules::SCHEMA_VALUE
        .at(
            at.value_span.clone(),
            format!("{}{} is {bound} of {limit}", at.prefix(), at.shown()),
        )
        .with_pointer(&at.pointer)
        .with_label(label)
}

/// `minLength`.
fn too_short(at: ErrorAt<'_>, limit: u64) -> Diagnostic {
    let what = if limit == 1 {
        "must not be empty".to_string()
    } else {
        format!("must be at least {limit} characters long")
    };
    rules::SCHEMA_VALUE
        .at(at.value_span.clone(), format!("{}text {what}", at.prefix()))
        .with_pointer(&at.pointer)
        .with_label("too short")
}

/// `maxLength`.
fn too_long(at: ErrorAt<'_>, limit: u64) -> Diagnostic {
    rules::SCHEMA_VALUE
        .at(
            at.value_span.clone(),
            format!(
                "{}text must be at most {limit} characters long",
                at.prefix()
            ),
        )
        .with_pointer(&at.pointer)
        .with_label("too long")
}

/// `minItems`/`maxItems`.
fn item_count(at: ErrorAt<'_>, bound: &str, limit: u64, label: &'static str) -> Diagnostic {
    rules::SCHEMA_VALUE
        .at(
            at.value_span.clone(),
            format!(
                "{}list must have {bound} {limit} item{}",
                at.prefix(),
                if limit == 1 { "" } else { "s" }
            ),
        )
        .with_pointer(&at.pointer)
        .with_label(label)
}

/// `not`: a key the schema names only to refuse it (`"_build": {"not": {}}`),
/// with its reason as the schema's description.
fn refused_key(at: ErrorAt<'_>) -> Diagnostic {
    let why = at
        .schema_node
        .and_then(|n| n.get("description"))
        .and_then(Value::as_str);
    let span = at.located.key_span.cloned().unwrap_or(at.value_span);
    let place = pointer_to_path(&at.pointer);
    let mut d = rules::SCHEMA_UNKNOWN_KEY
        .at(span, format!("key \"{place}\" is not allowed"))
        .with_pointer(&at.pointer)
        .with_label("not allowed here");
    if let Some(why) = why {
        d = d.with_help(why.to_string());
    }
    d
}

/// `uniqueItems`.
fn repeated_items(at: ErrorAt<'_>) -> Diagnostic {
    rules::SCHEMA_VALUE
        .at(
            at.value_span.clone(),
            format!("{}list has the same item more than once", at.prefix()),
        )
        .with_pointer(&at.pointer)
        .with_label("repeated items")
}

/// Where to put a label for a value: a scalar's own span; for a mapping or
/// list, the key it sits under, else its first key or first line, so a
/// label never underlines a whole block.
fn anchor_span(node: &Node, key_span: Option<&Range<usize>>) -> Range<usize> {
    match &node.kind {
        Kind::Map(entries) => key_span
            .cloned()
            .or_else(|| entries.first().map(|e| e.key_span.clone()))
            .unwrap_or(node.span.start..node.span.start),
        Kind::Seq(items) => key_span
            .cloned()
            .or_else(|| items.first().map(|i| anchor_span(i, None)))
            .unwrap_or(node.span.start..node.span.start),
        _ => node.span.clone(),
    }
}

/// How `name` is written as a key in the page's own front matter format.
fn key_syntax(format: crate::load::front_matter::Format, name: &str) -> String {
    use crate::load::front_matter::Format;
    match format {
        Format::Yaml => format!("`{name}:`"),
        Format::Toml => format!("`{name} = …`"),
        Format::Json => format!("`\"{name}\": …`"),
    }
}

/// Rename a key written at `at` to `to`, keeping its value and indentation
/// (the range is narrowed to inside the quotes of a quoted key by
/// [`settle_renames`]). Unsafe: the name is a guess from its spelling, and
/// the value starts to count (a `draft` or `weight` renamed into place
/// changes what Hugo builds).
fn rename_key(key: &str, to: &str, at: Range<usize>) -> Option<Fix> {
    let plain = |k: &str| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    };
    if !plain(key) || !plain(to) {
        return None;
    }
    Some(Fix::replace(
        format!("rename \"{key}\" to \"{to}\""),
        Safety::Unsafe,
        at,
        to,
    ))
}

/// Hold each key rename to the text: a key written as it reads keeps its
/// edit, a quoted one (`"descripton":`, `'descripton':`) has it moved
/// inside the quotes, and any other spelling (escapes) loses the fix.
fn settle_renames(out: &mut [Diagnostic], text: &str) {
    for d in out.iter_mut() {
        if d.code != rules::SCHEMA_UNKNOWN_KEY.code || d.fixes.is_empty() {
            continue;
        }
        let key = d
            .pointer
            .as_deref()
            .and_then(|p| p.rsplit('/').next())
            .map(crate::load::tree::unescape_pointer_token)
            .unwrap_or_default();
        d.fixes.retain_mut(|f| {
            let [edit] = f.edits.as_mut_slice() else {
                return false;
            };
            let Some(written) = text.get(edit.range.clone()) else {
                return false;
            };
            if written == key {
                return true;
            }
            let quoted = [('"', '"'), ('\'', '\'')].iter().any(|(o, c)| {
                written.len() == key.len() + 2
                    && written.starts_with(*o)
                    && written.ends_with(*c)
                    && written[1..written.len() - 1] == key
            });
            if quoted {
                edit.range = edit.range.start + 1..edit.range.end - 1;
            }
            quoted
        });
    }
}

/// A required key missing where an unknown key close to it is written (a
/// misspelling: `titel` for `title`) is one fault, reported once: the
/// unknown key says what it should be, and the missing key is not reported.
/// `required` holds each missing key's diagnostic (its position in `out`)
/// and name.
fn merge_misspelt_required(out: &mut Vec<Diagnostic>, required: &[(usize, String)]) {
    let mut gone = Vec::new();
    for (at, name) in required {
        let parent = out[*at].pointer.clone().unwrap_or_default();
        let misspelt = out.iter().position(|d| {
            d.code == rules::SCHEMA_UNKNOWN_KEY.code
                && d.pointer.as_deref().is_some_and(|p| {
                    p.strip_prefix(parent.as_str())
                        .and_then(|rest| rest.strip_prefix('/'))
                        .filter(|key| !key.contains('/'))
                        .is_some_and(|key| {
                            crate::suggest::did_you_mean(
                                &crate::load::tree::unescape_pointer_token(key),
                                [name.as_str()],
                            )
                            .is_some()
                        })
                })
        });
        let Some(u) = misspelt else { continue };
        let key = out[u]
            .pointer
            .as_deref()
            .and_then(|p| p.rsplit('/').next())
            .map(crate::load::tree::unescape_pointer_token)
            .unwrap_or_default();
        let place = pointer_to_path(&parent);
        let where_ = if place.is_empty() {
            String::new()
        } else {
            format!(" in {place}")
        };
        out[u].message =
            format!("unknown key \"{key}\"{where_}; did you mean \"{name}\" (required)?");
        out[u].help = Some(format!("rename `{key}` to `{name}`"));
        // The key was found where it is written (its span is the key's).
        out[u].fixes = rename_key(&key, name, out[u].span.clone())
            .into_iter()
            .collect();
        gone.push(*at);
    }
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !gone.contains(&(i - 1))
    });
}

fn one_line(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    truncate(&s, 200)
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let t: String = s.chars().take(max).collect();
    format!("{t}…")
}

fn list(items: &[String], max: usize) -> String {
    if items.len() <= max {
        items.join(", ")
    } else {
        format!("{}, …", items[..max].join(", "))
    }
}

fn lookup<'a>(value: &'a Value, pointer: &str) -> Option<&'a Value> {
    value.pointer(pointer)
}

fn show_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

/// A value shown in a message: never the whole instance.
fn short_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{}\"", truncate(s, 60)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
        other => other.to_string(),
    }
}

fn value_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "an empty value",
        Value::Bool(_) => "true/false",
        Value::Number(n) if n.is_i64() || n.is_u64() => "a whole number",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn type_name(t: &str) -> &'static str {
    match t.to_ascii_lowercase().as_str() {
        "string" => "text",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true/false",
        "array" => "a list",
        "object" => "a mapping",
        "null" => "an empty value",
        _ => "another type",
    }
}

/// What a property schema expects, in words (for "add `x:` (…)").
fn describe_expected(s: &Value, key: &str) -> Option<String> {
    if let Some(t) = s
        .get("title")
        .and_then(Value::as_str)
        .filter(|t| !t.eq_ignore_ascii_case(key))
    {
        return Some(t.to_string());
    }
    match s.get("type").and_then(Value::as_str) {
        Some(t) => Some(type_name(t).to_string()),
        None => s.get("enum").and_then(Value::as_array).map(|a| {
            format!(
                "one of {}",
                a.iter().map(show_value).collect::<Vec<_>>().join(", ")
            )
        }),
    }
}

/// The schema object at a keyword location like `/properties/sections/items/$ref/allOf/0/then/$ref/additionalProperties`,
/// returning the object that holds the final keyword.
fn schema_at<'a>(schema: &'a CompiledSchema, path: &str) -> Option<&'a Value> {
    let mut cur: &Value = &schema.json;
    let mut doc: &Value = &schema.json;
    let tokens: Vec<String> = path
        .split('/')
        .skip(1)
        .map(crate::load::tree::unescape_pointer_token)
        .collect();
    let n = tokens.len();
    for (i, tok) in tokens.iter().enumerate() {
        if i + 1 == n {
            break; // the last token is the failing keyword; return its holder
        }
        if tok == "$ref" {
            let r = cur.get("$ref")?.as_str()?;
            let (d, target) = resolve_ref(schema, doc, r)?;
            doc = d;
            cur = target;
            continue;
        }
        cur = match cur {
            Value::Object(m) => m.get(tok.as_str())?,
            Value::Array(a) => a.get(tok.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn resolve_ref<'a>(
    schema: &'a CompiledSchema,
    doc: &'a Value,
    r: &str,
) -> Option<(&'a Value, &'a Value)> {
    let (file, frag) = r.split_once('#').unwrap_or((r, ""));
    let doc = if file.is_empty() {
        doc
    } else {
        schema
            .documents
            .iter()
            .find(|(uri, _)| uri.ends_with(file.trim_start_matches("./")))
            .map(|(_, v)| v.as_ref())?
    };
    let target = if frag.is_empty() {
        doc
    } else {
        doc.pointer(frag)?
    };
    Some((doc, target))
}

/// Keys a schema object allows: its `properties`, following `$ref` and `allOf` of the object itself.
fn allowed_keys(schema: &CompiledSchema, s: &Value) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut stack = vec![s];
    let mut guard = 0;
    while let Some(s) = stack.pop() {
        guard += 1;
        if guard > 64 {
            break;
        }
        if let Some(Value::Object(props)) = s.get("properties") {
            for k in props.keys() {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            if let Some((_, t)) = resolve_ref(schema, &schema.json, r) {
                stack.push(t);
            }
        }
    }
    keys
}

fn property_schema<'a>(
    schema: &'a CompiledSchema,
    parent: &'a Value,
    name: &str,
) -> Option<&'a Value> {
    let p = parent.get("properties")?.get(name)?;
    match p.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve_ref(schema, &schema.json, r)
            .map(|(_, t)| t)
            .or(Some(p)),
        None => Some(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The unknown key `key` written at `at` with its rename to `description`.
    fn unknown(key: &str, at: Range<usize>) -> Diagnostic {
        let mut d = rules::SCHEMA_UNKNOWN_KEY
            .at(at.clone(), "unknown key")
            .with_pointer(format!("/{}", escape_pointer_token(key)));
        d.fixes = rename_key(key, "description", at).into_iter().collect();
        d
    }

    #[test]
    fn renames_keep_the_key_quoting_or_are_dropped() {
        let text = "descripton: a\n\"descripton\": b\n'descripton': c\n\"descr\\u0069pton\": d\n";
        let mut out = vec![
            unknown("descripton", 0..10),
            unknown("descripton", 14..26),
            unknown("descripton", 30..42),
            unknown("descripton", 46..63),
        ];
        settle_renames(&mut out, text);
        let edits: Vec<Vec<Range<usize>>> = out
            .iter()
            .map(|d| d.fixes.iter().map(|f| f.edits[0].range.clone()).collect())
            .collect();
        assert_eq!(edits, vec![vec![0..10], vec![15..25], vec![31..41], vec![]]);
        for r in [0..10, 15..25, 31..41] {
            assert_eq!(&text[r], "descripton");
        }
    }
}

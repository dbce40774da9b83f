//! The schemas compiled into the binary (sources in `schemas/`).

/// (name, JSON text) of every built-in schema.
pub(crate) const BUILTINS: &[(&str, &str)] = &[
    (
        "outcomes",
        include_str!("../../schemas/outcomes.schema.json"),
    ),
    (
        "case-studies",
        include_str!("../../schemas/case-studies.schema.json"),
    ),
    ("page", include_str!("../../schemas/page.schema.json")),
];

pub fn get(name: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

pub(crate) fn names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|(n, _)| *n)
}

/// The schema's own `description`, for `frontlint schemas`.
pub(crate) fn description(name: &str) -> String {
    get(name)
        .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
        .and_then(|v| {
            v.get("description")
                .and_then(|d| d.as_str())
                .map(str::to_string)
        })
        .unwrap_or_default()
}

//! CLI snapshot tests: every case is a `tests/cmd/<case>.toml` with its expected
//! `.stdout`/`.stderr`. Regenerate with `TRYCMD=overwrite cargo test --test cli`,
//! then review every changed snapshot by hand: a wrong diagnostic is a bug to
//! fix, not a snapshot to accept.

#[test]
fn cli() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml");
}

/// Cases that state the correct behaviour for known bugs; they fail until the
/// bug is fixed. Run with `cargo test --test cli -- --ignored`, and move a case
/// up into `tests/cmd/` once it passes.
#[test]
#[ignore = "known frontlint bugs (tests/cmd/known-bugs)"]
fn cli_known_bugs() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/known-bugs/*.toml");
}

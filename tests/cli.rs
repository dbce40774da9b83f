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

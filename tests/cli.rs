//! CLI snapshot tests: every case is a `tests/cmd/<case>.toml` with its expected
//! `.stdout`/`.stderr`. Regenerate with `TRYCMD=overwrite cargo test --test cli`,
//! then review every changed snapshot by hand.

#[test]
fn cli() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml");
}

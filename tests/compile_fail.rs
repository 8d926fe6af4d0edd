//! What the DSL's types refuse: each `tests/ui/*.rs` is an app with one
//! mistake AWS would reject at deploy time, and its `.stderr` is the compiler's
//! message, reviewed for clarity. Regenerate with `TRYBUILD=overwrite cargo test
//! --test compile_fail`, then review the diff like code.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

//! Every `console` example of the README and the docs runs as shown
//! (trycmd: `$` lines are commands, `? N` their exit status, `...` stands for
//! lines left out). `TRYCMD=overwrite cargo test --test examples` rewrites
//! them after a change of output; review it with `git diff`.

#[test]
fn readme_and_docs_examples_run_as_shown() {
    trycmd::TestCases::new()
        .register_bin("copydesk", trycmd::cargo::cargo_bin!("copydesk"))
        .case("README.md")
        .case("docs/*.md");
}

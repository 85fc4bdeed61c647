//! The README's examples stay true: every TOML block is a configuration
//! copydesk reads, and the set-up commands run as written.

use std::fs;

/// The code blocks of the README fenced with ```LANG.
fn blocks(lang: &str) -> Vec<String> {
    let readme = fs::read_to_string("README.md").unwrap();
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match &mut current {
            None if line.trim() == format!("```{lang}") => current = Some(String::new()),
            Some(block) if line.trim() == "```" => {
                out.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn every_toml_example_is_a_configuration_copydesk_reads() {
    let examples = blocks("toml");
    assert!(!examples.is_empty());
    for toml in examples {
        copydesk::FileConfig::parse(&toml)
            .unwrap_or_else(|e| panic!("README example does not load: {e}\n{toml}"));
    }
}

#[test]
fn the_set_up_command_cleans_the_seed_as_the_readme_says() {
    let setup = blocks("sh");
    let first = setup[0].lines().next().unwrap();
    // `cargo run --release -- clean SEED -o OUT --report REPORT`: the same
    // arguments through the binary under test.
    let args: Vec<&str> = first
        .split_once(" -- ")
        .expect("the first set-up command runs copydesk")
        .1
        .split_whitespace()
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let args: Vec<String> = args
        .iter()
        .map(|a| match a.strip_prefix("target/") {
            Some(rest) => dir.path().join(rest).display().to_string(),
            None => a.to_string(),
        })
        .collect();
    assert_cmd::Command::cargo_bin("copydesk")
        .unwrap()
        .args(&args)
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(dir.path().join("seed.clean.txt")).unwrap(),
        fs::read_to_string("fixtures/000_a5cf3d5e05a89805.clean.txt").unwrap()
    );
}

//! The README's and the docs' examples stay true: every TOML block is a
//! configuration copydesk reads, every link to a file of the repository
//! leads to one, and the set-up command runs as written.

use std::fs;

/// The README and the pages under docs/.
fn pages() -> Vec<std::path::PathBuf> {
    let mut pages = vec![std::path::PathBuf::from("README.md")];
    for entry in fs::read_dir("docs").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    pages.sort();
    pages
}

/// The code blocks of the README fenced with ```LANG.
fn blocks(lang: &str) -> Vec<String> {
    blocks_of(&fs::read_to_string("README.md").unwrap(), lang)
}

/// The code blocks of `readme` fenced with ```LANG.
fn blocks_of(readme: &str, lang: &str) -> Vec<String> {
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
    let mut examples = 0;
    for page in pages() {
        for toml in blocks_of(&fs::read_to_string(&page).unwrap(), "toml") {
            examples += 1;
            copydesk::FileConfig::parse(&toml).unwrap_or_else(|e| {
                panic!("{}: example does not load: {e}\n{toml}", page.display())
            });
        }
    }
    assert!(examples > 0);
}

#[test]
fn every_link_to_a_file_of_the_repository_leads_to_one() {
    for page in pages() {
        let text = fs::read_to_string(&page).unwrap();
        let base = page.parent().unwrap();
        for link in text.split("](").skip(1).filter_map(|s| s.split(')').next()) {
            if link.contains("://") || link.starts_with('#') {
                continue;
            }
            let target = base.join(link.split('#').next().unwrap());
            assert!(target.exists(), "{}: broken link {link}", page.display());
        }
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

//! The GitHub Action's check step, run as the runner runs it: its inputs
//! reach the script as environment variables, so a path with spaces is one
//! path and an input holding shell syntax runs nothing.

use std::fs;
use std::path::Path;

/// The `run: |` script of the step named `step` in action.yml.
fn step_script(step: &str) -> String {
    let action = fs::read_to_string("action.yml").unwrap();
    let mut lines = action
        .lines()
        .skip_while(|l| l.trim() != format!("- name: {step}"))
        .skip_while(|l| l.trim() != "run: |")
        .skip(1);
    let mut script = String::new();
    for l in lines.by_ref() {
        if !l.starts_with("        ") && !l.trim().is_empty() {
            break;
        }
        script.push_str(l.trim_start_matches("        "));
        script.push('\n');
    }
    assert!(!script.is_empty(), "no script for {step}");
    script
}

/// Run the check step in `dir` with these inputs; give its exit code and
/// standard output.
fn check_step(dir: &Path, paths: &str, args: &str) -> (i32, String) {
    let bin = assert_cmd::cargo::cargo_bin("copydesk");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(step_script("Check articles"))
        .current_dir(dir)
        .env("PATH", path)
        .env("COPYDESK_PATHS", paths)
        .env("COPYDESK_ARGS", args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn the_action_passes_paths_with_spaces_and_runs_no_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("news desk")).unwrap();
    fs::write(
        d.join("news desk/a b.txt"),
        "Storm closes the harbour\n\nStorm closes the harbour\n\nBody of it.\n",
    )
    .unwrap();
    fs::write(d.join("clean.txt"), "Clean text.\n").unwrap();
    // One path per line, one of them with spaces.
    let (code, out) = check_step(d, "news desk/a b.txt\nclean.txt\n", "");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("file=news desk/a b.txt"), "{out}");
    // Shell syntax in an input is a (missing) path, never a command.
    let (code, _) = check_step(d, "clean.txt $(touch pwned) `touch pwned2`", "");
    assert_eq!(code, 2);
    let (code, _) = check_step(d, "clean.txt", "--exit-zero; touch pwned3");
    assert_eq!(code, 2);
    for name in ["pwned", "pwned2", "pwned3"] {
        assert!(!d.join(name).exists(), "{name} was created");
    }
    // Extra arguments are passed; a folder with a space, on a line of its own.
    let (code, _) = check_step(d, "news desk\n", "--exit-zero --select all");
    assert_eq!(code, 0);
}

//! Helpers shared by the end-to-end test files.

use assert_cmd::Command;

/// Run `cmd`, check that it exits with `code`, and give what it printed on
/// standard output.
pub fn stdout_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().stdout.clone();
    String::from_utf8(out).expect("copydesk prints UTF-8")
}

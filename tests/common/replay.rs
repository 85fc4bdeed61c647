//! Replaying a JSON report over the input lines, for the fixtures test and the
//! property tests: the report must be enough to redo the cleaning.

/// Drop removed lines (`line` to `end_line`), and in changed lines replace the
/// characters from `column` up to `end_column` (1-based, as the line stands
/// after the changes before it) with `after`, checking first that they are
/// the `text` the change names. The line-ending change is the file's, placed
/// on the first line with a CR for its location; that line may be gone.
/// Returns the lines left, or what did not match.
pub fn replay(input_lines: &[&str], report: &serde_json::Value) -> Result<Vec<String>, String> {
    let mut lines: Vec<Option<Vec<char>>> = input_lines
        .iter()
        .map(|l| Some(l.chars().collect()))
        .collect();
    for c in report["files"][0]["changes"].as_array().unwrap() {
        let i = c["line"].as_u64().unwrap() as usize - 1;
        let last = c["end_line"].as_u64().map_or(i, |l| l as usize - 1);
        match c["action"].as_str().unwrap() {
            "removed" => {
                let quoted = input_lines[i..=last].join("\n");
                if quoted != c["text"].as_str().unwrap() {
                    return Err(format!("{c} quotes {quoted:?}"));
                }
                lines[i..=last].fill(None);
            }
            "changed" if c["rule"] == "line-ending" && lines[i].is_none() => {}
            "changed" => {
                let Some(line) = lines[i].as_mut() else {
                    return Err(format!("{c} changes a removed line"));
                };
                let from = c["column"].as_u64().unwrap() as usize - 1;
                let to = c["end_column"].as_u64().unwrap() as usize - 1;
                let replaced: String = line[from..to].iter().collect();
                if replaced != c["text"].as_str().unwrap() {
                    return Err(format!("{c} replaces {replaced:?}"));
                }
                line.splice(from..to, c["after"].as_str().unwrap().chars());
            }
            _ => {}
        }
    }
    Ok(lines
        .into_iter()
        .flatten()
        .map(|l| l.into_iter().collect())
        .collect())
}

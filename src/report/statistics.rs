//! `check --statistics`: findings counted per rule, most frequent first, as
//! a table for people or a JSON array for scripts.

use std::collections::BTreeMap;
use std::fmt::Write;

/// Findings per rule: how many `fix` applies, and how many are flagged for
/// review.
pub type Counts = BTreeMap<&'static str, (usize, usize)>;

/// The rules with findings, most findings first, then by rule id.
fn rows(counts: &Counts) -> Vec<(&'static str, usize, usize)> {
    let mut rows: Vec<_> = counts
        .iter()
        .filter(|(_, (f, r))| f + r > 0)
        .map(|(rule, &(f, r))| (*rule, f, r))
        .collect();
    rows.sort_by(|a, b| (b.1 + b.2).cmp(&(a.1 + a.2)).then(a.0.cmp(b.0)));
    rows
}

/// One line per rule: the number of findings, the rule, and how many of
/// them `fix` applies and how many are for review.
pub fn text(counts: &Counts) -> String {
    let rows = rows(counts);
    if rows.is_empty() {
        return "No findings.\n".to_string();
    }
    let width = rows[0].1 + rows[0].2;
    let width = width.to_string().len();
    let rule_width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let mut s = String::new();
    for (rule, fixable, review) in rows {
        let _ = write!(s, "{:>width$}  {rule:<rule_width$}  ", fixable + review);
        let _ = match (fixable, review) {
            (f, 0) => writeln!(s, "{f} fixable"),
            (0, r) => writeln!(s, "{r} for review"),
            (f, r) => writeln!(s, "{f} fixable, {r} for review"),
        };
    }
    s
}

/// A JSON array of `{"rule", "count", "fixable", "review"}`, in the order
/// of [`text`].
pub fn json(counts: &Counts) -> String {
    let rows: Vec<serde_json::Value> = rows(counts)
        .into_iter()
        .map(|(rule, fixable, review)| {
            serde_json::json!({
                "rule": rule,
                "count": fixable + review,
                "fixable": fixable,
                "review": review,
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&rows).expect("JSON values serialize");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_findings_first_then_rule_id_with_the_split() {
        let counts: Counts = [
            ("site-tag", (3, 0)),
            ("repeated-caption", (10, 2)),
            ("blank-lines", (3, 0)),
            ("repeated-paragraph", (0, 1)),
            ("mojibake", (0, 0)),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            text(&counts),
            "12  repeated-caption    10 fixable, 2 for review\n \
             3  blank-lines         3 fixable\n \
             3  site-tag            3 fixable\n \
             1  repeated-paragraph  1 for review\n"
        );
        let rows: serde_json::Value = serde_json::from_str(&json(&counts)).unwrap();
        assert_eq!(rows.as_array().unwrap().len(), 4);
        assert_eq!(
            rows[0],
            serde_json::json!({"rule": "repeated-caption", "count": 12, "fixable": 10, "review": 2})
        );
        assert_eq!(text(&Counts::new()), "No findings.\n");
        assert_eq!(json(&Counts::new()), "[]\n");
    }
}

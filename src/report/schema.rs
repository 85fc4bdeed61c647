//! The JSON Schema of the report, derived from the report's types with
//! schemars: [`FileReport`] and [`RunSummary`] by `derive`, and the two types
//! whose JSON is written by hand ([`ReportChange`], [`Rule`]) by the impls
//! below, beside their `Serialize`. `report.schema.json` at the root of the
//! project is this schema, written out; a test keeps the two equal.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Value, json};

use super::{FileReport, REPORT_VERSION, ReportChange, RunSummary};
use crate::Rule;

/// The schema of every JSON report copydesk writes: `clean --report`,
/// `check --output-format json` and the run report of `clean --out-dir`.
pub fn report_schema() -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let file = generator.subschema_for::<FileReport>();
    let counts = generator.subschema_for::<RuleCounts>();
    let run = generator.subschema_for::<RunSummary>();
    let defs = generator.take_definitions(true);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/copydesk/copydesk/report.schema.json",
        "title": format!("copydesk report, version {REPORT_VERSION}"),
        "description": "What `copydesk clean --report FILE.json` writes: every change made to each file, with its rule, its 1-based input line and a reason.",
        "type": "object",
        "required": ["version", "files", "summary"],
        "additionalProperties": false,
        "properties": {
            "version": { "const": REPORT_VERSION },
            "files": { "type": "array", "items": file },
            "summary": {
                "description": "`clean --report` and `check`: applied changes per rule id over all files (flagged lines not counted). A run report (`clean --out-dir`, copydesk-report.json) has the run summary instead.",
                "anyOf": [counts, run]
            },
            "errors": {
                "description": "`check` only, and only when it met any: what could not be checked (a path that does not exist, an unreadable file, a bad configuration), each message naming the path and what to do. The exit status is then 2.",
                "type": "array",
                "minItems": 1,
                "items": { "type": "string" }
            }
        },
        "$defs": defs,
    })
}

/// Counts per rule id (only rules that counted anything appear).
pub struct RuleCounts;

impl JsonSchema for RuleCounts {
    fn schema_name() -> Cow<'static, str> {
        "RuleCounts".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let rule = generator.subschema_for::<Rule>();
        json_schema!({
            "description": "Counts per rule id (only rules that counted anything appear).",
            "type": "object",
            "propertyNames": rule,
            "additionalProperties": { "type": "integer", "minimum": 1 }
        })
    }
}

/// For `#[schemars(schema_with)]` on a map of counts keyed by rule id.
pub fn rule_counts(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<RuleCounts>()
}

impl JsonSchema for Rule {
    fn schema_name() -> Cow<'static, str> {
        "Rule".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        json_schema!({
            "description": "A rule id, as `copydesk rules` lists them.",
            "enum": ids
        })
    }
}

impl JsonSchema for ReportChange {
    fn schema_name() -> Cow<'static, str> {
        "ReportChange".into()
    }

    /// What `ReportChange`'s `Serialize` writes: the columns, `end_column`
    /// and `after` for a rewritten line only, `end_line` for a change of
    /// several lines only.
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let rule = generator.subschema_for::<Rule>();
        let action = generator.subschema_for::<crate::Action>();
        json_schema!({
            "description": "One change: its 1-based input line, its rule, what it did, the text it touched and why.",
            "type": "object",
            "required": ["line", "rule", "action", "text", "reason"],
            "additionalProperties": false,
            "properties": {
                "line": { "type": "integer", "minimum": 1, "description": "1-based line of the input." },
                "end_line": { "type": "integer", "minimum": 2, "description": "A change of several lines (a run of blank lines removed): its last line. Absent for a change of one line." },
                "column": { "type": "integer", "minimum": 1, "description": "changed only: 1-based column (in characters) of the first character the change replaces." },
                "end_column": { "type": "integer", "minimum": 1, "description": "changed only: 1-based column just past the last character replaced (equal to `column` for an insertion)." },
                "rule": rule,
                "action": action,
                "text": { "type": "string", "description": "removed and flagged: the whole line; changed: the characters from `column` up to `end_column` of the line as it stood before this change." },
                "after": { "type": "string", "description": "changed only: what replaces `text`." },
                "reason": { "type": "string", "minLength": 1 }
            },
            "if": { "properties": { "action": { "const": "changed" } } },
            "then": { "required": ["column", "end_column", "after"] },
            "else": { "allOf": [
                { "not": { "required": ["after"] } },
                { "not": { "required": ["column"] } },
                { "not": { "required": ["end_column"] } }
            ] }
        })
    }
}

//! The JSON report: the model, pretty-printed.

use crate::model::Report;

/// The report as pretty JSON, newline-terminated.
pub fn render_json(report: &Report) -> String {
    // A model of plain strings, numbers and enums always serializes.
    let mut out = serde_json::to_string_pretty(report)
        .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"));
    out.push('\n');
    out
}

//! The `--stats` table: API calls per service and operation.

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use gonogo_core::stats::ApiStats;

/// The API-call accounting as a table, with the totals and the wall time beside the time
/// spent waiting on AWS.
pub fn render_stats(stats: &ApiStats, wall_ms: u64) -> String {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).force_no_tty();
    table.set_header([
        "Service",
        "Operation",
        "Calls",
        "Retries",
        "Error responses",
        "Throttled",
        "Waiting (ms)",
    ]);
    for op in &stats.operations {
        table.add_row([
            op.service.clone(),
            op.operation.clone(),
            op.calls.to_string(),
            op.attempts.saturating_sub(op.calls).to_string(),
            op.error_responses.to_string(),
            op.throttled.to_string(),
            op.waiting_ms.to_string(),
        ]);
    }
    format!(
        "{table}\nAPI calls: {} ({} retries, {} error responses, {} throttled); waiting on AWS {} ms summed over calls, audit wall time {wall_ms} ms\n",
        stats.calls, stats.retries, stats.error_responses, stats.throttled, stats.waiting_ms
    )
}

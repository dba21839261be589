//! The `--stats` table: API calls per service and operation, throttles AWS answered, and the
//! time requests waited on gonogo's own request budgets.

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
        "{table}\nAPI calls: {} ({} retries, {} error responses, {} throttled); waiting on AWS {} ms summed over calls, of which {} ms on gonogo's request budgets; audit wall time {wall_ms} ms\n",
        stats.calls,
        stats.retries,
        stats.error_responses,
        stats.throttled,
        stats.waiting_ms,
        stats.budget_wait_ms
    )
}

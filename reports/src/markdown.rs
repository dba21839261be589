//! The Markdown report, for a CI job summary or a pull-request comment.

use std::fmt::Write as _;

use gonogo_core::Status;
use gonogo_core::verdict::Verdict;

use crate::escape::markdown as md;
use crate::model::Report;

/// The report as GitHub-flavoured Markdown.
pub fn render_markdown(report: &Report) -> String {
    let icon = match report.verdict {
        Verdict::Go => "✅",
        Verdict::Conditional => "⚠️",
        Verdict::NoGo => "⛔",
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## {icon} gonogo: {} (score {})\n",
        report.verdict.label(),
        report.score
    );
    let target = &report.target;
    let _ = writeln!(
        out,
        "Account {} · region {} · {} checks in {} ms{}\n",
        md(target.account_id.as_deref().unwrap_or("unknown")),
        md(target.region.as_deref().unwrap_or("unknown")),
        report.checks.len(),
        report.duration_ms,
        if report.incomplete {
            " · **incomplete: interrupted**"
        } else {
            ""
        }
    );
    let s = &report.summary;
    let _ = writeln!(
        out,
        "| pass | warn | fail | error | skip | waived |\n|---:|---:|---:|---:|---:|---:|\n| {} | {} | {} | {} | {} | {} |\n",
        s.pass, s.warn, s.fail, s.error, s.skip, s.waived
    );
    let _ = writeln!(out, "### Reasons\n");
    for reason in &report.reasons {
        let _ = writeln!(out, "- {}", md(reason));
    }
    let _ = writeln!(
        out,
        "\n### Checks\n\n| Status | Check | Severity | Message |\n|---|---|---|---|"
    );
    for c in &report.checks {
        let _ = writeln!(
            out,
            "| {} {} | {} | {} | {} |",
            status_icon(c.status),
            c.status,
            md(&c.id),
            c.severity,
            md(&c.message)
        );
    }
    let mut problems = report.problem_findings().peekable();
    if problems.peek().is_some() {
        let _ = writeln!(
            out,
            "\n### Findings to review\n\n| Check | Status | Resource | Message |\n|---|---|---|---|"
        );
        for (check, f) in problems {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&check.id),
                f.status,
                md(&f.resource),
                md(&f.message)
            );
        }
    }
    out
}

fn status_icon(status: Status) -> &'static str {
    match status {
        Status::Pass => "✅",
        Status::Warn => "⚠️",
        Status::Fail => "❌",
        Status::Error => "💥",
        Status::Skip => "⏭️",
        Status::Waived => "🛡️",
    }
}

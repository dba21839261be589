//! The Markdown report, for a CI job summary or a pull-request comment.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use gonogo_core::Status;
use gonogo_core::framework::RequirementStatus;
use gonogo_core::judged::Verdict;

use crate::escape::markdown as md;
use crate::framework_view::FrameworkReport;
use crate::model::{Report, location, problem_location, resource_label, resource_or_check};

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
    let _ = writeln!(
        out,
        "{} · {} · {} checks in {} ms{}\n",
        md(&report.audited_label("unknown account")),
        md(&report.regions_label("unknown region")),
        report.checks.len(),
        report.duration_ms,
        if report.incomplete {
            " · **incomplete: interrupted**"
        } else {
            ""
        }
    );
    if let Some(plan) = &report.plan {
        let _ = writeln!(out, "**{}**\n", md(&plan.headline()));
        if !plan.not_evaluated.is_empty() {
            let _ = writeln!(out, "Not evaluated:\n");
            for change in &plan.not_evaluated {
                let _ = writeln!(
                    out,
                    "- {} ({}): {}",
                    md(&change.address),
                    change.actions.join(", "),
                    md(&change.reason)
                );
            }
            out.push('\n');
        }
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "| pass | warn | fail | error | skip | waived |\n|---:|---:|---:|---:|---:|---:|\n| {} | {} | {} | {} | {} | {} |\n",
        s.pass, s.warn, s.fail, s.error, s.skip, s.waived
    );
    let (blocking, rest) = report.grouped_reasons();
    if !blocking.is_empty() {
        let _ = writeln!(out, "### Blocking\n");
        for group in &blocking {
            let _ = writeln!(out, "- **{}**", md(&group.summary));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "### {}\n",
        if blocking.is_empty() {
            "Reasons"
        } else {
            "Other reasons"
        }
    );
    for group in &rest {
        let _ = writeln!(out, "- {}", md(&group.summary));
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
            "\n### Findings to review\n\n| Check | Status | Change | Where | Resource | Message |\n|---|---|---|---|---|---|"
        );
        for (check, f) in problems {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                md(&check.id),
                f.status,
                f.change.map(|c| c.as_str()).unwrap_or("-"),
                md(&location(f)),
                md(resource_label(f)),
                md(&f.message)
            );
        }
    }
    if let Some(baseline) = &report.baseline {
        let _ = writeln!(
            out,
            "\n### Since the baseline\n\n{} new, {} unchanged, {} resolved (baseline {})\n",
            baseline.new,
            baseline.unchanged,
            baseline.resolved.len(),
            md(&baseline.source)
        );
        if !baseline.resolved.is_empty() {
            let _ = writeln!(
                out,
                "| Resolved check | Where | Resource | Was |\n|---|---|---|---|"
            );
            for p in &baseline.resolved {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    md(&p.check),
                    md(&problem_location(p)),
                    md(resource_or_check(&p.resource)),
                    md(&p.message)
                );
            }
        }
    }
    if !report.accounts.is_empty() {
        let _ = writeln!(
            out,
            "\n### Accounts\n\n| Account | Verdict | Score | Regions | Fail | Error | Why |\n|---|---|---:|---|---:|---:|---|"
        );
        for a in &report.accounts {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                md(&a.label()),
                a.verdict.label(),
                a.score,
                md(&a.regions.join(", ")),
                a.summary.fail,
                a.summary.error,
                md(&a.why())
            );
        }
    }
    if !report.not_audited.is_empty() {
        let _ = writeln!(out, "\n**Not audited:**\n");
        for account in &report.not_audited {
            let _ = writeln!(out, "- {}: {}", md(&account.label()), md(&account.reason));
        }
    }
    for framework in &report.frameworks {
        framework_section(&mut out, framework);
    }
    out
}

/// A framework: its pass rate, a line per section (requirements by status), then each
/// requirement.
fn framework_section(out: &mut String, framework: &FrameworkReport) {
    let summary = &framework.summary;
    let _ = writeln!(
        out,
        "\n### {} {}\n\n{} of {} evaluated automated requirements pass ({}%) · regions audited: {}\n",
        md(&framework.title),
        md(&framework.version),
        summary.automated_passed,
        summary.automated_evaluated,
        summary.pass_percent,
        md(&framework.regions.join(", "))
    );
    let mut sections: Vec<(&str, BTreeMap<RequirementStatus, usize>)> = Vec::new();
    for r in &framework.requirements {
        if sections.last().is_none_or(|(s, _)| *s != r.section) {
            sections.push((&r.section, BTreeMap::new()));
        }
        if let Some((_, counts)) = sections.last_mut() {
            *counts.entry(r.status).or_default() += 1;
        }
    }
    let _ = writeln!(out, "| Section | Requirements |\n|---|---|");
    for (section, counts) in &sections {
        let counts: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {s}")).collect();
        let _ = writeln!(out, "| {} | {} |", md(section), counts.join(", "));
    }
    let _ = writeln!(
        out,
        "\n| Requirement | Status | Title | Checks |\n|---|---|---|---|"
    );
    for r in &framework.requirements {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            md(&r.id),
            r.status,
            md(&r.title),
            md(&r.checks.join(", "))
        );
    }
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

//! The terminal table: one row per check, the findings to review under it, then the verdict.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use comfy_table::{
    Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Table, Width,
    presets::UTF8_FULL_CONDENSED,
};
use gonogo_core::Status;
use gonogo_core::judged::Verdict;

use crate::escape::terminal as term;
use crate::framework_view::FrameworkReport;
use crate::model::{Report, location, problem_location, resource_label, resource_or_check};

/// How to draw the table.
#[derive(Clone, Copy, Debug)]
pub struct TableOptions {
    /// Colour (a TTY without `NO_COLOR`, or `--color always`).
    pub color: bool,
    /// Fixed width; `None` lets comfy-table use the terminal's.
    pub width: Option<u16>,
    /// Every check (`--all`); else only those that need attention (fail, error, warn,
    /// waived), the others counted in one line.
    pub all: bool,
}

/// The report for a terminal: the verdict and its reasons first (blocking ones set apart,
/// checks that fail for one cause on one line), then the checks that need attention, worst
/// first, then the findings to review.
pub fn render_table(report: &Report, options: TableOptions) -> String {
    let mut table = new_table(options);
    table.set_header(["Status", "Check", "Severity", "Message", "Findings"]);
    let mut checks: Vec<&crate::model::CheckReport> = report
        .checks
        .iter()
        .filter(|c| options.all || needs_attention(c.status))
        .collect();
    checks.sort_by_key(|c| {
        (
            crate::model::status_rank(c.status),
            std::cmp::Reverse(c.severity),
        )
    });
    let whole = keep_ids_whole(&mut table, checks.iter().map(|c| c.id.as_str()), options);
    // Too narrow for a table whose ids stay whole (80 columns): a list, each message wrapped
    // under its check.
    let list = (!whole).then(|| check_list(&checks, options));
    for c in checks.iter().filter(|_| whole) {
        let findings = findings_count(c).unwrap_or_else(|| "-".to_owned());
        let mut status = Cell::new(c.status.as_str().to_uppercase()).add_attribute(Attribute::Bold);
        if let Some(color) = status_color(c.status) {
            status = status.fg(color);
        }
        table.add_row(vec![
            status,
            Cell::new(&c.id),
            Cell::new(c.severity.as_str()),
            Cell::new(term(&c.message)),
            Cell::new(findings),
        ]);
    }

    let mut out = String::new();
    if let Some(plan) = &report.plan {
        let _ = writeln!(out, "{}", term(&plan.headline()));
        for change in &plan.not_evaluated {
            let _ = writeln!(
                out,
                "  NOT EVALUATED {} ({}): {}",
                term(&change.address),
                change.actions.join(", "),
                term(&change.reason)
            );
        }
        out.push('\n');
    }
    out.push_str(&verdict_block(report, options));
    out.push('\n');
    match list {
        Some(list) => out.push_str(&list),
        None if table.row_count() > 0 => {
            let _ = writeln!(out, "{table}");
        }
        None => {}
    }
    let summary = &report.summary;
    if !options.all && summary.pass + summary.skip > 0 {
        let _ = writeln!(
            out,
            "{} passed, {} not applicable or skipped (--all lists them)",
            summary.pass, summary.skip
        );
    }
    let mut problems = report.problem_findings().peekable();
    if problems.peek().is_some() {
        out.push_str("\nFindings to review:\n");
        for (check, f) in problems {
            let compared = report.baseline.is_some() || report.plan.is_some();
            let change = match (compared, f.change) {
                (true, Some(change)) => format!("{:<10}", change.as_str().to_uppercase()),
                _ => String::new(),
            };
            let place = location(f);
            let place = if place.is_empty() {
                place
            } else {
                format!(" [{}]", term(&place))
            };
            let line = format!(
                "  {:<5} {change}{}  {}{place}: {}",
                f.status.as_str().to_uppercase(),
                check.id,
                term(resource_label(f)),
                term(&f.message)
            );
            out.push_str(&wrapped(&line, options, "", FINDING_INDENT));
        }
    }
    if let Some(baseline) = &report.baseline {
        let _ = writeln!(
            out,
            "\nSince the baseline ({}): {} new, {} unchanged, {} resolved",
            term(&baseline.source),
            baseline.new,
            baseline.unchanged,
            baseline.resolved.len()
        );
        for p in &baseline.resolved {
            let place = problem_location(p);
            let _ = writeln!(
                out,
                "  RESOLVED {}  {} [{}]: was {}",
                p.check,
                term(resource_or_check(&p.resource)),
                term(&place),
                term(&p.message)
            );
        }
    }
    // A fleet's accounts; one account's line is the verdict above.
    if report.accounts.len() > 1 {
        out.push('\n');
        out.push_str(&accounts_table(report, options));
    }
    for account in &report.not_audited {
        let _ = writeln!(
            out,
            "  NOT AUDITED {}: {}",
            term(&account.label()),
            term(&account.reason)
        );
    }
    for framework in &report.frameworks {
        out.push('\n');
        out.push_str(&framework_table(framework, report, options));
    }
    let _ = writeln!(
        out,
        "\nVerdict: {} (exit {})",
        verdict_label(report, options),
        report.exit_code
    );
    out
}

/// The verdict, coloured when the table is.
fn verdict_label(report: &Report, options: TableOptions) -> String {
    let (label_color, label) = match report.verdict {
        Verdict::Go => (AnsiColor::Green, "GO"),
        Verdict::Conditional => (AnsiColor::Yellow, "CONDITIONAL GO"),
        Verdict::NoGo => (AnsiColor::Red, "NO-GO"),
    };
    let style = if options.color {
        Style::new().bold().fg_color(Some(label_color.into()))
    } else {
        Style::new()
    };
    format!("{style}{label}{style:#}")
}

/// The answer: the verdict with its score and counts, then what blocks it, set apart, then
/// the other reasons, each group of checks with one cause on one line.
fn verdict_block(report: &Report, options: TableOptions) -> String {
    let s = &report.summary;
    let counts: Vec<String> = [
        (s.pass, "pass"),
        (s.warn, "warn"),
        (s.fail, "fail"),
        (s.error, "error"),
        (s.skip, "skip"),
        (s.waived, "waived"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, status)| format!("{n} {status}"))
    .collect();
    let verdict = format!(
        "Verdict: {}  score {}  ({}){}",
        verdict_label(report, options),
        report.score,
        if counts.is_empty() {
            "nothing judged".to_owned()
        } else {
            counts.join(", ")
        },
        if report.incomplete {
            "  INCOMPLETE: interrupted"
        } else {
            ""
        }
    );
    let mut out = wrapped(&verdict, options, "", "  ");
    let (blocking, rest) = report.grouped_reasons();
    if !blocking.is_empty() {
        out.push_str("Blocking:\n");
        for group in &blocking {
            out.push_str(&wrapped(&term(&group.summary), options, "  ✗ ", "    "));
        }
        if !rest.is_empty() {
            out.push_str("Also:\n");
        }
    }
    for group in &rest {
        out.push_str(&wrapped(&term(&group.summary), options, "  - ", "    "));
    }
    out
}

/// How far a finding's wrapped lines are indented.
const FINDING_INDENT: &str = "        ";

/// `text` as lines of at most the table's width, the first after `first`, the others after
/// `rest`; words (ids, ARNs) are never split. One line when there is no width.
fn wrapped(text: &str, options: TableOptions, first: &str, rest: &str) -> String {
    match options.width {
        Some(width) => wrap_lines(text, width, first, rest),
        None => format!("{first}{text}\n"),
    }
}

/// `text` as lines of at most `width` columns ending in a newline, the first after
/// `first`, the others after `rest`; words (ids, ARNs, regions) are never split, at hyphens
/// or anywhere else.
pub fn wrap_lines(text: &str, width: u16, first: &str, rest: &str) -> String {
    let wrap = textwrap::Options::new(usize::from(width))
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut out = textwrap::fill(text, wrap);
    out.push('\n');
    out
}

/// The checks as a list for a narrow terminal: status, severity, id and findings on one
/// line, the message wrapped under it.
fn check_list(checks: &[&crate::model::CheckReport], options: TableOptions) -> String {
    let mut out = String::new();
    for c in checks {
        let findings = findings_count(c)
            .map(|count| format!("  ({count})"))
            .unwrap_or_default();
        let status = c.status.as_str().to_uppercase();
        let status = match (options.color, status_color(c.status)) {
            (true, Some(color)) => {
                let style = Style::new().bold().fg_color(Some(ansi(color).into()));
                format!("{style}{status:<6}{style:#}")
            }
            _ => format!("{status:<6}"),
        };
        let _ = writeln!(
            out,
            "{status} {:<8} {}{findings}",
            c.severity.as_str(),
            c.id
        );
        out.push_str(&wrapped(&term(&c.message), options, "       ", "       "));
    }
    out
}

/// `failing/total` findings of a check; `None` when it has none.
fn findings_count(check: &crate::model::CheckReport) -> Option<String> {
    if check.findings.is_empty() {
        return None;
    }
    let problems = check
        .findings
        .iter()
        .filter(|f| f.status != Status::Pass)
        .count();
    Some(format!("{problems}/{}", check.findings.len()))
}

/// The terminal colour of a table colour.
fn ansi(color: Color) -> AnsiColor {
    match color {
        Color::Green => AnsiColor::Green,
        Color::Yellow => AnsiColor::Yellow,
        _ => AnsiColor::Red,
    }
}

/// Columns the table needs besides the check id and the message: status, severity,
/// findings, and the borders.
const OTHER_COLUMNS: usize = 6 + 8 + 8 + 16;

/// The narrowest message column worth keeping ids whole for.
const MESSAGE_MIN: usize = 24;

/// Gives the check column the width of its longest id, so that no id is split mid-word;
/// `false` where that would leave the message no readable column (the checks are then a
/// list).
fn keep_ids_whole<'a>(
    table: &mut Table,
    ids: impl Iterator<Item = &'a str>,
    options: TableOptions,
) -> bool {
    let longest = ids.map(|id| id.chars().count()).max().unwrap_or(0);
    let width = options
        .width
        .map(usize::from)
        .or_else(|| table.width().map(usize::from))
        .unwrap_or(usize::MAX);
    if longest + OTHER_COLUMNS + MESSAGE_MIN > width {
        return false;
    }
    if let (Ok(longest), Some(column)) = (u16::try_from(longest + 2), table.column_mut(1)) {
        // The column's width counts its padding, one space each side.
        column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(longest)));
    }
    true
}

/// Whether a check's status needs a person's attention: what the table shows without
/// `--all`.
fn needs_attention(status: Status) -> bool {
    matches!(
        status,
        Status::Fail | Status::Error | Status::Warn | Status::Waived
    )
}

/// A framework's requirements grouped by section, each with its status and the resources its
/// checks failed on, under a line with the pass rate and the audited regions.
fn framework_table(framework: &FrameworkReport, report: &Report, options: TableOptions) -> String {
    let summary = &framework.summary;
    let profile = framework
        .profile
        .map(|p| format!(", {p}"))
        .unwrap_or_default();
    let mut out = format!(
        "{} {} ({}{profile}): {} of {} evaluated automated requirements pass ({}%); regions audited: {}\n",
        framework.title,
        framework.version,
        framework.id,
        summary.automated_passed,
        summary.automated_evaluated,
        summary.pass_percent,
        if framework.regions.is_empty() {
            "-".to_owned()
        } else {
            framework.regions.join(", ")
        }
    );
    // A fleet's requirements are its worst account's; each account's own rate follows.
    for account in &framework.accounts {
        let id = account.account_id.as_deref().unwrap_or("unknown account");
        let label = match &account.name {
            Some(name) => format!("{} ({id})", term(name)),
            None => id.to_owned(),
        };
        let _ = writeln!(
            out,
            "  {label}: {} of {} pass ({}%)",
            account.summary.automated_passed,
            account.summary.automated_evaluated,
            account.summary.pass_percent
        );
    }
    let mut table = new_table(options);
    table.set_header([
        "Section",
        "Requirement",
        "Status",
        "Title",
        "Checks (failing resources)",
    ]);
    let mut section = "";
    for r in &framework.requirements {
        let shown = if r.section == section {
            ""
        } else {
            r.section.as_str()
        };
        section = &r.section;
        let checks = r
            .checks
            .iter()
            .map(|id| {
                let failing: Vec<&str> = report
                    .checks
                    .iter()
                    .filter(|c| &c.id == id)
                    .flat_map(|c| c.findings.iter().filter(|f| f.is_problem()))
                    .map(resource_label)
                    .collect();
                if failing.is_empty() {
                    id.clone()
                } else {
                    format!("{id} ({})", term(&failing.join(", ")))
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        table.add_row([
            shown.to_owned(),
            r.id.clone(),
            r.status.as_str().to_uppercase(),
            r.title.clone(),
            checks,
        ]);
    }
    let _ = writeln!(out, "{table}");
    out
}

/// An empty table in gonogo's style, coloured and sized as asked.
fn new_table(options: TableOptions) -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if options.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    if let Some(width) = options.width {
        table.set_width(width);
    }
    table
}

fn accounts_table(report: &Report, options: TableOptions) -> String {
    let mut table = new_table(options);
    table.set_header([
        "Account", "Verdict", "Score", "Regions", "Fail", "Error", "Why",
    ]);
    for a in &report.accounts {
        table.add_row(vec![
            Cell::new(term(&a.label())),
            Cell::new(a.verdict.label()).add_attribute(Attribute::Bold),
            Cell::new(a.score),
            Cell::new(term(&a.regions.join(", "))),
            Cell::new(a.summary.fail),
            Cell::new(a.summary.error),
            Cell::new(term(&a.why())),
        ]);
    }
    format!("{table}\n")
}

fn status_color(status: Status) -> Option<Color> {
    match status {
        Status::Pass => Some(Color::Green),
        Status::Warn => Some(Color::Yellow),
        Status::Fail | Status::Error => Some(Color::Red),
        Status::Skip | Status::Waived => None,
    }
}

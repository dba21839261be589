//! Reports of a deploy: the stages of a run as a table, JSON, JUnit or Markdown.

use std::fmt::Write as _;
use std::time::Duration;

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use gonogo_core::journal::{Journal, RunState, StageState};
use quick_junit::{NonSuccessKind, Property, TestCase, TestCaseStatus, TestSuite};
use serde_json::json;

use crate::escape::{markdown as md, terminal as term};
use crate::junit::JunitError;

/// How a run's state is printed.
pub fn run_state_label(state: RunState) -> &'static str {
    match state {
        RunState::Running => "RUNNING (unfinished: run `gonogo rollback`)",
        RunState::Deployed => "DEPLOYED",
        RunState::Stopped => "STOPPED at a gate, nothing changed",
        RunState::RolledBack => "FAILED and ROLLED BACK",
        RunState::RollbackIncomplete => "FAILED, ROLLBACK INCOMPLETE",
        RunState::DryRun => "DRY RUN, nothing changed",
        RunState::DryRunFailed => {
            "DRY RUN FAILED: a stage could not plan, or a gate would stop the deploy; nothing changed"
        }
    }
}

fn stage_state(state: StageState) -> &'static str {
    match state {
        StageState::Pending => "pending",
        StageState::Planned => "planned",
        StageState::Applying => "applying",
        StageState::Applied => "applied",
        StageState::Stopped => "stopped",
        StageState::Failed => "failed",
        StageState::RolledBack => "rolled-back",
        StageState::RollbackFailed => "rollback-failed",
    }
}

/// The run as JSON (`schema_version: 1`): its state, the command's exit code (`deploy`'s, or
/// `rollback`'s), accepted risks and stages.
pub fn render_deploy_json(journal: &Journal, exit_code: i32) -> String {
    let stages: Vec<_> = journal
        .stages
        .iter()
        .map(|s| {
            json!({
                "name": s.name,
                "kind": s.kind,
                "status": stage_state(s.state),
                "duration_ms": s.duration_ms,
                "planned": s.plan.as_ref().map(|p| p.changes.clone()).unwrap_or_default(),
                "changed": s.outcome.as_ref().map(|o| o.changed.clone()).unwrap_or_default(),
                "error": s.error,
                "rollback": s.rollback,
                "rollback_error": s.rollback_error,
            })
        })
        .collect();
    let report = json!({
        "schema_version": 1,
        "run_id": journal.run_id,
        "started_at": journal.started_at,
        "state": journal.state,
        "exit_code": exit_code,
        "accepted_risks": journal.accepted_risks,
        "stages": stages,
    });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

/// The run as a table, then its state, the command's exit code and what is left to do by
/// hand.
pub fn render_deploy_table(journal: &Journal, width: Option<u16>, exit_code: i32) -> String {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).force_no_tty();
    if let Some(width) = width {
        table
            .set_width(width)
            .set_content_arrangement(ContentArrangement::Dynamic);
    }
    table.set_header([
        "Stage",
        "Kind",
        "Status",
        "Duration",
        "Changed / planned",
        "Rollback",
    ]);
    for s in &journal.stages {
        let changes = match (&s.outcome, &s.plan) {
            (Some(outcome), _) if !outcome.changed.is_empty() => lines(&outcome.changed),
            (_, Some(plan))
                if matches!(journal.state, RunState::DryRun | RunState::DryRunFailed)
                    && s.error.is_none() =>
            {
                lines(&plan.changes)
            }
            _ => lines(s.error.as_slice()),
        };
        let rollback = match (&s.rollback_error, s.rollback.is_empty()) {
            (Some(err), _) => lines(&[format!("FAILED: {err}")]),
            (None, false) => lines(&s.rollback),
            (None, true) => String::new(),
        };
        table.add_row([
            term(&s.name),
            s.kind.clone(),
            stage_state(s.state).to_owned(),
            format!(
                "{:.1} s",
                Duration::from_millis(s.duration_ms).as_secs_f64()
            ),
            changes,
            rollback,
        ]);
    }
    let mut out = format!(
        "{table}\n\nDeploy {}: {} (exit {})\n",
        journal.run_id,
        run_state_label(journal.state),
        exit_code
    );
    for risk in &journal.accepted_risks {
        let _ = writeln!(out, "  accepted risk: {}", term(risk));
    }
    for s in journal
        .stages
        .iter()
        .filter(|s| s.state == StageState::RollbackFailed)
    {
        let _ = writeln!(
            out,
            "  left to do by hand: undo stage `{}` ({}): {}",
            term(&s.name),
            s.kind,
            term(s.rollback_error.as_deref().unwrap_or_default())
        );
    }
    out
}

/// Lines for a table cell, each escaped for the terminal (a line that holds line breaks,
/// such as Terraform's message, keeps them).
fn lines(lines: &[String]) -> String {
    lines
        .iter()
        .flat_map(|line| line.lines())
        .map(term)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The run as JUnit: one suite, one test case per stage.
pub fn render_deploy_junit(journal: &Journal, exit_code: i32) -> Result<String, JunitError> {
    let mut report = quick_junit::Report::new("gonogo-deploy");
    let mut suite = TestSuite::new("deploy");
    suite.add_property(Property::new("state", run_state_label(journal.state)));
    suite.add_property(Property::new("exit_code", exit_code.to_string()));
    for s in &journal.stages {
        let mut status = match s.state {
            StageState::Applied | StageState::RolledBack | StageState::Planned => {
                TestCaseStatus::success()
            }
            StageState::Failed | StageState::Stopped => {
                TestCaseStatus::non_success(NonSuccessKind::Failure)
            }
            StageState::RollbackFailed | StageState::Applying => {
                TestCaseStatus::non_success(NonSuccessKind::Error)
            }
            StageState::Pending => TestCaseStatus::skipped(),
        };
        if let Some(error) = s.error.as_ref().or(s.rollback_error.as_ref()) {
            status.set_message(error.as_str());
        }
        let mut case = TestCase::new(s.name.as_str(), status);
        case.set_classname(s.kind.as_str());
        case.set_time(Duration::from_millis(s.duration_ms));
        if s.state == StageState::RolledBack {
            case.set_system_out(format!("rolled back: {}", s.rollback.join("; ")));
        }
        suite.add_test_case(case);
    }
    report.add_test_suite(suite);
    Ok(report.to_string()?)
}

/// The run as Markdown.
pub fn render_deploy_markdown(journal: &Journal) -> String {
    let mut out = format!(
        "## gonogo deploy {}: {}\n\n| Stage | Kind | Status | Changed | Rollback |\n|---|---|---|---|---|\n",
        md(&journal.run_id),
        md(run_state_label(journal.state))
    );
    for s in &journal.stages {
        let changed = s
            .outcome
            .as_ref()
            .map(|o| o.changed.join("; "))
            .unwrap_or_default();
        let rollback = s
            .rollback_error
            .clone()
            .unwrap_or_else(|| s.rollback.join("; "));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            md(&s.name),
            md(&s.kind),
            stage_state(s.state),
            md(&changed),
            md(&rollback)
        );
    }
    for risk in &journal.accepted_risks {
        let _ = writeln!(out, "\n- accepted risk: {}", md(risk));
    }
    out
}

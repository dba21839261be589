//! The pipeline over test stages: order, journal, gates, rollback in reverse, dry runs.
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::sync::{Arc, Mutex};

use chrono::Utc;
use gonogo_core::journal::{JournalDir, RunState, StageState};
use gonogo_core::pipeline::{self, PipelineStage, RunStart, exit_code};
use gonogo_core::stage::{GateDecision, Stage, StageCtx, StageError, StageOutcome, StagePlan};
use gonogo_core::{Facts, async_trait};
use tokio_util::sync::CancellationToken;

/// What happened, in order, across every test stage of one run.
type Log = Arc<Mutex<Vec<String>>>;

struct Fake {
    name: &'static str,
    log: Log,
    fail_apply: bool,
    fail_rollback: bool,
    gate: Option<GateDecision>,
    plan_gate: Option<GateDecision>,
}

#[async_trait]
impl Stage for Fake {
    async fn plan(&self, _: &StageCtx) -> Result<StagePlan, StageError> {
        Ok(StagePlan {
            changes: vec![format!("change {}", self.name)],
            undo: serde_json::json!({ "previous": self.name }),
            gate: self.plan_gate.clone(),
        })
    }

    async fn apply(&self, _: &StageCtx, _: &StagePlan) -> Result<StageOutcome, StageError> {
        self.log
            .lock()
            .unwrap()
            .push(format!("apply {}", self.name));
        if self.fail_apply {
            return Err(StageError::new(format!("{} broke", self.name)));
        }
        Ok(StageOutcome {
            changed: if self.gate.is_some() {
                vec![]
            } else {
                vec![format!("changed {}", self.name)]
            },
            output: String::new(),
            gate: self.gate.clone(),
        })
    }

    async fn rollback(
        &self,
        _: &StageCtx,
        undo: &serde_json::Value,
    ) -> Result<Vec<String>, StageError> {
        self.log
            .lock()
            .unwrap()
            .push(format!("rollback {} from {}", self.name, undo["previous"]));
        if self.fail_rollback {
            return Err(StageError::new(format!(
                "{} could not be undone",
                self.name
            )));
        }
        Ok(vec![format!("restored {}", self.name)])
    }
}

fn stage(name: &'static str, log: &Log) -> Fake {
    Fake {
        name,
        log: Arc::clone(log),
        fail_apply: false,
        fail_rollback: false,
        gate: None,
        plan_gate: None,
    }
}

fn pipeline(stages: Vec<Fake>) -> Vec<PipelineStage> {
    stages
        .into_iter()
        .map(|s| PipelineStage {
            name: s.name.to_owned(),
            kind: "fake".to_owned(),
            params: toml::Table::new(),
            stage: Box::new(s),
        })
        .collect()
}

fn ctx() -> StageCtx {
    StageCtx {
        facts: Arc::new(Facts::new(Utc::now())),
        auditor: Arc::new(gonogo_core::stage::NoAuditor),
        accept_risks: false,
        cancel: CancellationToken::new(),
        run_dir: std::env::temp_dir(),
        stage_name: "test".to_owned(),
    }
}

async fn run(
    stages: Vec<Fake>,
    dry_run: bool,
) -> (gonogo_core::journal::Journal, JournalDir, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let journals = JournalDir::lock(dir.path()).unwrap();
    let start = RunStart {
        run_id: "run-1".to_owned(),
        started_at: Utc::now(),
        dry_run,
    };
    let journal = pipeline::deploy(pipeline(stages), &ctx(), &journals, start, &|_| {})
        .await
        .unwrap();
    (journal, journals, dir)
}

fn log() -> Log {
    Arc::new(Mutex::new(Vec::new()))
}

#[tokio::test]
async fn stages_apply_in_order_and_the_run_is_deployed() {
    let log = log();
    let (journal, journals, _dir) = run(vec![stage("a", &log), stage("b", &log)], false).await;
    assert_eq!(*log.lock().unwrap(), ["apply a", "apply b"]);
    assert_eq!(journal.state, RunState::Deployed);
    assert_eq!(exit_code(journal.state), 0);
    assert_eq!(
        journals.read("run-1").unwrap(),
        journal,
        "the journal on disk is the final state"
    );
}

#[tokio::test]
async fn a_failure_rolls_back_completed_stages_in_reverse_including_the_failed_one() {
    let log = log();
    let mut broken = stage("c", &log);
    broken.fail_apply = true;
    let (journal, _journals, _dir) = run(
        vec![stage("a", &log), stage("b", &log), broken, stage("d", &log)],
        false,
    )
    .await;
    assert_eq!(
        *log.lock().unwrap(),
        [
            "apply a",
            "apply b",
            "apply c",
            "rollback c from \"c\"",
            "rollback b from \"b\"",
            "rollback a from \"a\""
        ]
    );
    assert_eq!(journal.state, RunState::RolledBack);
    assert_eq!(exit_code(journal.state), 4);
    let states: Vec<StageState> = journal.stages.iter().map(|s| s.state).collect();
    assert_eq!(
        states,
        [
            StageState::RolledBack,
            StageState::RolledBack,
            StageState::RolledBack,
            StageState::Pending
        ]
    );
    assert_eq!(journal.stages[2].error.as_deref(), Some("c broke"));
}

#[tokio::test]
async fn a_rollback_that_fails_leaves_the_run_incomplete_and_says_which() {
    let log = log();
    let mut stuck = stage("a", &log);
    stuck.fail_rollback = true;
    let mut broken = stage("b", &log);
    broken.fail_apply = true;
    let (journal, _journals, _dir) = run(vec![stuck, broken], false).await;
    assert_eq!(journal.state, RunState::RollbackIncomplete);
    assert_eq!(exit_code(journal.state), 5);
    assert_eq!(journal.stages[0].state, StageState::RollbackFailed);
    assert_eq!(
        journal.stages[0].rollback_error.as_deref(),
        Some("a could not be undone")
    );
}

#[tokio::test]
async fn a_gate_that_stops_before_any_change_stops_the_run() {
    let log = log();
    let mut gate = stage("gate", &log);
    gate.gate = Some(GateDecision::Stop {
        reasons: vec!["NO-GO".to_owned()],
    });
    let (journal, _journals, _dir) = run(vec![gate, stage("a", &log)], false).await;
    assert_eq!(*log.lock().unwrap(), ["apply gate"]);
    assert_eq!(journal.state, RunState::Stopped);
    assert_eq!(exit_code(journal.state), 2);
}

#[tokio::test]
async fn accepted_risks_are_recorded() {
    let log = log();
    let mut gate = stage("gate", &log);
    gate.gate = Some(GateDecision::Proceed {
        accepted_risks: vec!["check x warns".to_owned()],
    });
    let (journal, _journals, _dir) = run(vec![gate, stage("a", &log)], false).await;
    assert_eq!(journal.state, RunState::Deployed);
    assert_eq!(journal.accepted_risks, ["check x warns"]);
}

#[tokio::test]
async fn a_dry_run_plans_every_stage_and_applies_none() {
    let log = log();
    let (journal, _journals, _dir) = run(vec![stage("a", &log), stage("b", &log)], true).await;
    assert!(log.lock().unwrap().is_empty());
    assert_eq!(journal.state, RunState::DryRun);
    let plans: Vec<&str> = journal
        .stages
        .iter()
        .map(|s| s.plan.as_ref().unwrap().changes[0].as_str())
        .collect();
    assert_eq!(plans, ["change a", "change b"]);
}

#[tokio::test]
async fn a_gate_decided_while_planning_stops_before_its_stage_applies() {
    let log = log();
    let mut gated = stage("infra", &log);
    gated.plan_gate = Some(GateDecision::Stop {
        reasons: vec!["NO-GO".to_owned(), "the plan opens 22".to_owned()],
    });
    let (journal, _journals, _dir) = run(vec![gated, stage("a", &log)], false).await;
    assert!(log.lock().unwrap().is_empty(), "nothing applied");
    assert_eq!(journal.state, RunState::Stopped);
    assert_eq!(journal.stages[0].state, StageState::Stopped);
    assert_eq!(
        journal.stages[0].error.as_deref(),
        Some("NO-GO; the plan opens 22")
    );
    assert_eq!(exit_code(journal.state), 2);
}

#[tokio::test]
async fn a_planning_gate_after_a_change_rolls_the_change_back() {
    let log = log();
    let mut gated = stage("infra", &log);
    gated.plan_gate = Some(GateDecision::Stop {
        reasons: vec!["NO-GO".to_owned()],
    });
    let (journal, _journals, _dir) = run(vec![stage("a", &log), gated], false).await;
    assert_eq!(
        *log.lock().unwrap(),
        ["apply a", "rollback a from \"a\""],
        "the gated stage never applies, and what ran before it is undone"
    );
    assert_eq!(journal.state, RunState::RolledBack);
    assert_eq!(journal.stages[1].state, StageState::Stopped);
}

#[tokio::test]
async fn a_dry_run_says_a_planning_gate_would_stop_the_deploy() {
    let log = log();
    let mut gated = stage("infra", &log);
    gated.plan_gate = Some(GateDecision::Stop {
        reasons: vec!["NO-GO".to_owned()],
    });
    let (journal, _journals, _dir) = run(vec![gated, stage("a", &log)], true).await;
    assert!(log.lock().unwrap().is_empty());
    assert_eq!(journal.state, RunState::DryRunFailed);
    assert_eq!(journal.stages[0].state, StageState::Stopped);
    assert!(
        journal.stages[1].plan.is_none(),
        "nothing after the stop is planned"
    );
    assert_eq!(exit_code(journal.state), 2);
}

#[tokio::test]
async fn risks_accepted_while_planning_are_recorded() {
    let log = log();
    let mut gated = stage("infra", &log);
    gated.plan_gate = Some(GateDecision::Proceed {
        accepted_risks: vec!["the plan adds a table without PITR".to_owned()],
    });
    let (journal, _journals, _dir) = run(vec![gated], false).await;
    assert_eq!(journal.state, RunState::Deployed);
    assert_eq!(
        journal.accepted_risks,
        ["the plan adds a table without PITR"]
    );
}

//! The `terraform` stage (or `binary = "tofu"`): applies exactly the plan it gated, and
//! rolls back only what that apply did.
//!
//! - **plan**: `init`, `plan -out=<run>/<stage>/tfplan`, `show -json` of it (`plan.json`),
//!   then the plan verdict under the deploy's policy (as `gonogo audit --plan`): NO-GO stops
//!   the run before anything changes, CONDITIONAL stops unless the risks are accepted. The
//!   undo record journaled before the apply holds the plan's path, its addresses by action,
//!   what each update changes, and what the state held before.
//! - **apply**: `apply -json <run>/<stage>/tfplan`, never a new plan: a saved plan Terraform
//!   calls stale fails the stage. Its events are logged line by line as they come; after it,
//!   what the state holds is kept with the journal.
//! - **rollback**: see [`rollback`].

mod changes;
mod events;
mod rollback;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gonogo_core::calls::StageCalls;
use gonogo_core::input::{MAX_DOCUMENT_BYTES, read_bytes};
use gonogo_core::stage::{AuditScope, Stage, StageCtx, StageError, StageOutcome, StagePlan};
use gonogo_core::{Category, async_trait, declare_stage};
use serde::{Deserialize, Serialize};

use self::changes::PlanSummary;
use self::events::Applied;
use super::common::params;
use super::invocation::{Finished, Invocation, Output};
use super::process;
use crate::plan::{TerraformPlan, managed_addresses};

/// The stage's parameters.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Terraform {
    /// The configuration's directory.
    dir: PathBuf,
    /// `-var name=value` for each.
    #[serde(default)]
    vars: BTreeMap<String, String>,
    /// `-var-file=` for each, in order.
    #[serde(default)]
    var_files: Vec<PathBuf>,
    /// The workspace (`TF_WORKSPACE`).
    workspace: Option<String>,
    /// `init -backend-config=` for each: a file, or `key=value`.
    #[serde(default)]
    backend_config: Vec<String>,
    /// `terraform`, `tofu`, or a path to either.
    #[serde(default = "default_binary")]
    binary: String,
    /// The program (argv) that undoes what Terraform cannot from its state (updates,
    /// replaces, deletes), run in `dir`: a re-apply of the last known-good configuration.
    rollback: Option<Vec<String>>,
    /// The checks that judge the plan: those these tags select (the policy's selection when
    /// no tag nor category is given).
    #[serde(default)]
    tags: Vec<String>,
    /// The checks that judge the plan: those of these categories.
    #[serde(default)]
    categories: Vec<Category>,
    /// Proceed on a CONDITIONAL plan without `--accept-risks`.
    #[serde(default)]
    accept_conditional: bool,
    /// Longest one Terraform command may run.
    #[serde(default = "default_timeout")]
    timeout_seconds: u64,
}

fn default_binary() -> String {
    "terraform".to_owned()
}

fn default_timeout() -> u64 {
    1800
}

/// The undo record, journaled before the apply: what the apply will change and what
/// existed before it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Record {
    /// The saved plan the apply applies.
    plan_file: PathBuf,
    /// Its JSON (`show -json`).
    plan_json: PathBuf,
    /// Terraform's plan changes nothing: no apply.
    empty: bool,
    /// The managed resources of the state the plan was made against.
    state_before: Vec<String>,
    /// The plan's addresses by action, and what each update, replace and delete changes.
    #[serde(flatten)]
    summary: PlanSummary,
}

impl Terraform {
    fn build(table: &toml::Table) -> Result<Box<dyn Stage>, StageError> {
        let stage: Terraform = params(table)?;
        if stage.rollback.as_ref().is_some_and(Vec::is_empty) {
            return Err(StageError::new(
                "`rollback` names a program (an argv list); leave it out when there is none",
            ));
        }
        if stage.binary.is_empty() {
            return Err(StageError::new(
                "`binary` names the program (`terraform`, `tofu` or a path)",
            ));
        }
        Ok(Box::new(stage))
    }

    /// The files of this stage's run: `<run dir>/<stage>/`, absolute (Terraform runs in
    /// `dir`).
    fn files(cx: &StageCtx) -> Result<PathBuf, StageError> {
        let dir = std::path::absolute(cx.run_dir.join(&cx.stage_name))
            .map_err(|err| StageError::new(format!("{}: {err}", cx.run_dir.display())))?;
        std::fs::create_dir_all(&dir)
            .map_err(|err| StageError::new(format!("{}: {err}", dir.display())))?;
        Ok(dir)
    }

    /// An invocation of the binary in `dir` with `args`.
    fn invocation(&self, args: Vec<String>) -> Invocation {
        let mut env = BTreeMap::from([
            ("TF_IN_AUTOMATION".to_owned(), "1".to_owned()),
            ("TF_INPUT".to_owned(), "0".to_owned()),
        ]);
        if let Some(workspace) = &self.workspace {
            env.insert("TF_WORKSPACE".to_owned(), workspace.clone());
        }
        Invocation {
            argv: std::iter::once(self.binary.clone()).chain(args).collect(),
            env,
            dir: Some(self.dir.clone()),
            timeout_seconds: self.timeout_seconds,
        }
    }

    /// The variables of a plan: `-var` and `-var-file`, as given.
    fn variables(&self) -> Vec<String> {
        let mut args = Vec::new();
        for (key, value) in &self.vars {
            args.push("-var".to_owned());
            args.push(format!("{key}={value}"));
        }
        for file in &self.var_files {
            args.push(format!("-var-file={}", file.display()));
        }
        args
    }

    /// Runs one Terraform command as `step` of the stage; a failure says what Terraform
    /// said (never the command line, whose variables may be secrets).
    async fn run(
        &self,
        cx: &StageCtx,
        step: &str,
        args: Vec<String>,
        output: Output<'_>,
    ) -> Result<Finished, StageError> {
        let command = args.first().cloned().unwrap_or_default();
        let finished = self.invocation(args).execute(cx, step, output).await?;
        if finished.success {
            Ok(finished)
        } else {
            Err(StageError::new(format!(
                "`{} {command}` failed ({}): {}",
                self.binary,
                finished.status,
                events::errors(&finished.lines)
            )))
        }
    }

    /// `show -json [file]` into `into`, read back: a plan's JSON, or the state's.
    async fn show(
        &self,
        cx: &StageCtx,
        step: &str,
        file: Option<&Path>,
        into: &Path,
    ) -> Result<Vec<u8>, StageError> {
        let mut args = vec![
            "show".to_owned(),
            "-json".to_owned(),
            "-no-color".to_owned(),
        ];
        args.extend(file.map(|f| f.display().to_string()));
        let output = Output {
            stdout_to: Some(into),
            show: None,
        };
        self.run(cx, step, args, output).await?;
        read_bytes(into, MAX_DOCUMENT_BYTES)
            .map_err(|err| StageError::new(format!("{}: {err}", into.display())))
    }

    /// The managed resources the state holds now (`show -json`, kept in `into`).
    async fn state(
        &self,
        cx: &StageCtx,
        step: &str,
        into: &Path,
    ) -> Result<Vec<String>, StageError> {
        let bytes = self.show(cx, step, None, into).await?;
        let state: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|err| StageError::new(format!("{}: {err}", into.display())))?;
        let mut addresses = Vec::new();
        managed_addresses(&state["values"]["root_module"], &mut addresses);
        Ok(addresses)
    }

    /// Saves a plan (`-destroy` of `targets` when given) in `plan_file`, its JSON in
    /// `plan_json`, and reads it; `step` names the logs.
    async fn save_plan(
        &self,
        cx: &StageCtx,
        step: &str,
        (plan_file, plan_json): (&Path, &Path),
        destroy: Option<&[String]>,
    ) -> Result<TerraformPlan, StageError> {
        let mut args = vec![
            "plan".to_owned(),
            "-input=false".to_owned(),
            "-no-color".to_owned(),
            format!("-out={}", plan_file.display()),
        ];
        if let Some(targets) = destroy {
            args.push("-destroy".to_owned());
            args.extend(targets.iter().map(|t| format!("-target={t}")));
        }
        args.extend(self.variables());
        self.run(cx, step, args, Output::default()).await?;
        let bytes = self
            .show(cx, &format!("{step}-show"), Some(plan_file), plan_json)
            .await?;
        TerraformPlan::parse(&bytes, &plan_json.display().to_string())
            .map_err(|err| StageError::new(err.to_string()))
    }

    /// `apply -json PLAN`: exactly the saved plan. Its events are logged as they come.
    async fn apply_saved(
        &self,
        cx: &StageCtx,
        step: &str,
        plan_file: &Path,
    ) -> Result<Finished, StageError> {
        let args = vec![
            "apply".to_owned(),
            "-input=false".to_owned(),
            "-json".to_owned(),
            plan_file.display().to_string(),
        ];
        let output = Output {
            stdout_to: None,
            show: Some(events::message),
        };
        self.run(cx, step, args, output).await
    }
}

declare_stage!(kind: "terraform", summary: "terraform or tofu: the plan judged, then exactly that plan applied; rollback destroys only what it created", build: Terraform::build,
    // Terraform's own calls are made with Terraform's credentials; the plan's audit makes
    // the calls of the checks that judge it.
    calls: StageCalls::CHECKS_ONLY,
);

#[async_trait]
impl Stage for Terraform {
    async fn plan(&self, cx: &StageCtx) -> Result<StagePlan, StageError> {
        if !self.dir.is_dir() {
            return Err(StageError::new(format!(
                "{} is not a directory",
                self.dir.display()
            )));
        }
        if !process::is_runnable(&self.binary, Some(&self.dir), None) {
            return Err(StageError::new(format!(
                "`{}` is not a program that can be run here (not found, or not executable)",
                self.binary
            )));
        }
        let files = Self::files(cx)?;
        let mut init = vec![
            "init".to_owned(),
            "-input=false".to_owned(),
            "-no-color".to_owned(),
        ];
        init.extend(
            self.backend_config
                .iter()
                .map(|c| format!("-backend-config={c}")),
        );
        self.run(cx, "init", init, Output::default()).await?;
        let plan_file = files.join("tfplan");
        let plan_json = files.join("plan.json");
        let plan = self
            .save_plan(cx, "plan", (&plan_file, &plan_json), None)
            .await?;
        let summary = PlanSummary::of(&plan);
        let record = Record {
            plan_file,
            plan_json: plan_json.clone(),
            empty: plan.is_empty(),
            state_before: plan.prior_resources.clone(),
            summary,
        };
        let undo = serde_json::to_value(&record).map_err(|err| StageError::new(err.to_string()))?;
        if record.empty {
            return Ok(StagePlan {
                changes: vec!["no changes: Terraform's plan is empty, nothing to apply".to_owned()],
                undo,
                gate: None,
            });
        }
        let scope = AuditScope {
            tags: &self.tags,
            categories: &self.categories,
        };
        let verdict = cx
            .auditor
            .audit_plan(
                std::sync::Arc::clone(&cx.facts),
                &plan_json,
                scope,
                &cx.cancel,
            )
            .await?;
        let report = files.join("plan-audit.json");
        std::fs::write(&report, &verdict.report_json)
            .map_err(|err| StageError::new(format!("{}: {err}", report.display())))?;
        let mut changes = record.summary.lines();
        if record.summary.is_empty() {
            changes.push("outputs only: no resource changes".to_owned());
        }
        changes.push(format!(
            "plan verdict: {} (score {}). {}",
            verdict.audit.verdict.label(),
            verdict.audit.score,
            verdict.headline
        ));
        Ok(StagePlan {
            changes,
            undo,
            gate: Some(
                verdict
                    .audit
                    .gate(cx.accept_risks || self.accept_conditional),
            ),
        })
    }

    async fn apply(&self, cx: &StageCtx, plan: &StagePlan) -> Result<StageOutcome, StageError> {
        let record = Record::from_undo(&plan.undo)?;
        if record.empty {
            return Ok(StageOutcome {
                changed: Vec::new(),
                output: "Terraform's plan is empty: the apply was skipped".to_owned(),
                gate: None,
            });
        }
        let finished = self.apply_saved(cx, "apply", &record.plan_file).await?;
        let applied = Applied::read(finished.lines.iter().map(String::as_str));
        let files = Self::files(cx)?;
        let now = self
            .state(cx, "state", &files.join("state-after.json"))
            .await?;
        Ok(StageOutcome {
            changed: applied.lines(),
            output: format!(
                "the state holds {} resources now: {}",
                now.len(),
                now.join(", ")
            ),
            gate: None,
        })
    }

    async fn rollback(
        &self,
        cx: &StageCtx,
        undo: &serde_json::Value,
    ) -> Result<Vec<String>, StageError> {
        let record = Record::from_undo(undo)?;
        rollback::undo(self, cx, &record).await
    }
}

impl Record {
    /// The record journaled by [`Terraform::plan`]; a journal of a gonogo before this record
    /// cannot say what its apply created.
    fn from_undo(undo: &serde_json::Value) -> Result<Self, StageError> {
        serde_json::from_value(undo.clone()).map_err(|err| {
            StageError::new(format!(
                "the journal's Terraform record is not readable ({err}): undo this run by hand"
            ))
        })
    }
}

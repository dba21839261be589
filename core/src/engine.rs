//! The audit engine: plan a selection under a policy, run it for an account's regions,
//! combine per check worst-first, evaluate.
//!
//! It is the one way an audit is put together: `gonogo audit` and `snapshot`, the deploy's
//! `audit`, `validate` and `watch` stages, and a team's own binary all plan with
//! [`AuditPlan::new`] and run with [`AuditPlan::run`]. The front ends only say what to select
//! and where the facts come from (live stores per region, a snapshot, a stage's fresh facts).

use std::sync::Arc;

use chrono::NaiveDate;
use tokio::sync::mpsc;

use crate::baseline::{Baseline, Coverage};
use crate::facts::Facts;
use crate::meta::Scope;
use crate::outcome::GLOBAL_REGION;
use crate::params::ParamValues;
use crate::policy::{GateOn, Policy};
use crate::regions::{RegionRun, combine};
use crate::registry::{Registry, Selection};
use crate::runner::{self, Event, PlannedCheck, RunOptions, RunReport};
use crate::verdict::{BaselineScope, Evaluation, evaluate_against};

/// Checks that a policy declares rather than a crate registers (`[[probes.http]]`), and what
/// a facts store needs before they run.
pub trait DeclaredChecks: Send + Sync {
    /// The checks `policy` declares.
    fn declare(&self, policy: &Policy) -> Vec<PlannedCheck>;

    /// Why `id` names none of them, when `id` is of their kind (`probe.*`); `None` otherwise.
    fn unknown(&self, id: &str) -> Option<String>;

    /// Readies a facts store for the selected declared checks (their ids).
    fn prepare(&self, policy: &Policy, selected: &[&'static str], facts: &Facts);
}

/// A selection that cannot be planned.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// A named check that nothing registers or declares.
    #[error("{0}")]
    Unknown(String),
    /// A parameter the policy sets does not fit the check.
    #[error("check {id}: {message}")]
    Params {
        /// The check.
        id: &'static str,
        /// What is wrong.
        message: String,
    },
    /// Nothing left to run.
    #[error("no check matches the selection")]
    Empty,
}

/// One region's facts store of an account.
pub struct RegionFacts {
    /// The region its regional facts come from.
    pub region: String,
    /// The store.
    pub facts: Arc<Facts>,
}

/// What one account's run produced, before the policy judges it.
#[derive(Debug)]
pub struct AccountRun {
    /// Every check once, combined over the regions, findings tagged with region and account.
    pub report: RunReport,
    /// The regions the run covered, in the order given.
    pub regions: Vec<String>,
    /// The account, when known.
    pub account: Option<String>,
}

impl AccountRun {
    /// What the run covered, for a comparison with an earlier audit.
    fn coverage(&self) -> Coverage {
        Coverage {
            account: self.account.clone(),
            regions: self
                .regions
                .iter()
                .cloned()
                .chain([GLOBAL_REGION.to_owned()])
                .collect(),
        }
    }

    /// Names the account once it is known (after the run, from the caller identity): the run
    /// and every finding without an account are in it.
    pub fn in_account(&mut self, account: String) {
        for result in &mut self.report.results {
            for finding in &mut result.outcome.findings {
                finding.account.get_or_insert_with(|| account.clone());
            }
        }
        self.account = Some(account);
    }
}

/// The policy and the checks it selects, ready to run against any number of accounts.
pub struct AuditPlan {
    policy: Policy,
    checks: Vec<PlannedCheck>,
    declared: Option<Arc<dyn DeclaredChecks>>,
}

impl AuditPlan {
    /// Plans `selection` under `policy`: the registered checks it matches that the policy
    /// leaves enabled (a check named in the selection runs even when disabled), and the
    /// declared checks it matches, each with its resolved parameters, sorted by id.
    pub fn new(
        registry: &Registry,
        policy: Policy,
        selection: &Selection,
        declared: Option<Arc<dyn DeclaredChecks>>,
    ) -> Result<Self, PlanError> {
        let declared_checks = declared
            .as_ref()
            .map(|d| d.declare(&policy))
            .unwrap_or_default();
        for id in &selection.ids {
            if registry.get(id).is_some() || declared_checks.iter().any(|c| c.meta.id == id) {
                continue;
            }
            let message = declared
                .as_ref()
                .and_then(|d| d.unknown(id))
                .unwrap_or_else(|| {
                    let near = crate::suggest::did_you_mean(
                        id,
                        registry
                            .iter()
                            .map(|r| r.meta.id)
                            .chain(declared_checks.iter().map(|c| c.meta.id)),
                    );
                    format!("unknown check `{id}`{near} (see `gonogo list`)")
                });
            return Err(PlanError::Unknown(message));
        }
        let mut checks: Vec<PlannedCheck> = declared_checks
            .into_iter()
            .filter(|c| selection.matches(c.meta))
            .collect();
        for registration in registry.iter().filter(|r| selection.matches(r.meta)) {
            let id = registration.meta.id;
            if !policy.is_enabled(id) && !selection.names(id) {
                continue;
            }
            let params = ParamValues::resolve(registration.meta, policy.params_of(id))
                .map_err(|message| PlanError::Params { id, message })?;
            checks.push(PlannedCheck::registered(registration, params));
        }
        if checks.is_empty() {
            return Err(PlanError::Empty);
        }
        checks.sort_by_key(|c| c.meta.id);
        Ok(Self {
            policy,
            checks,
            declared,
        })
    }

    /// The policy the plan judges by.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The planned checks, sorted by id.
    pub fn checks(&self) -> &[PlannedCheck] {
        &self.checks
    }

    /// How many check runs an account over `regions` regions takes: regional checks once per
    /// region, global checks once.
    pub fn runs_for(&self, regions: usize) -> usize {
        self.checks
            .iter()
            .map(|c| match c.meta.scope {
                Scope::Regional => regions,
                Scope::Global => 1,
            })
            .sum()
    }

    /// Readies a facts store for the planned declared checks (the probes' requests).
    pub fn prepare(&self, facts: &Facts) {
        if let Some(declared) = &self.declared {
            let ids: Vec<&'static str> = self.checks.iter().map(|c| c.meta.id).collect();
            declared.prepare(&self.policy, &ids, facts);
        }
    }

    /// Runs the plan for one account over its region stores, concurrently: regional checks
    /// in every store, global checks once, in the first. The result is combined per check
    /// worst-first, findings tagged with their region (`global` for global checks) and
    /// `account`.
    pub async fn run(
        &self,
        stores: &[RegionFacts],
        account: Option<String>,
        options: &RunOptions,
        events: Option<mpsc::UnboundedSender<Event>>,
    ) -> AccountRun {
        if let Some(events) = &events {
            let _ = events.send(Event::Planned {
                runs: self.runs_for(stores.len()),
            });
        }
        let runs = stores.iter().enumerate().map(|(i, store)| {
            self.prepare(&store.facts);
            let checks = self
                .checks
                .iter()
                .filter(|c| i == 0 || c.meta.scope == Scope::Regional)
                .cloned()
                .collect();
            runner::run(
                checks,
                Arc::clone(&store.facts),
                options.clone(),
                events.clone(),
            )
        });
        let reports = futures::future::join_all(runs).await;
        let regions: Vec<String> = stores.iter().map(|s| s.region.clone()).collect();
        let region_runs = regions
            .iter()
            .cloned()
            .zip(reports)
            .map(|(region, report)| RegionRun { region, report })
            .collect();
        AccountRun {
            report: combine(region_runs, account.as_deref()),
            regions,
            account,
        }
    }

    /// Judges the run of the account as a change will leave it against `before` (the
    /// problems of the same audit without the change): each problem is marked new or
    /// unchanged, each passing finding that was a problem before `resolved`, and the verdict
    /// gates on what the change introduces unless the policy sets `gate_on` itself.
    pub fn evaluate_change(
        &self,
        run: AccountRun,
        today: NaiveDate,
        before: &Baseline,
    ) -> Evaluation {
        let mut policy = self.policy.clone();
        if !policy.gate_on_declared {
            policy.scoring.gate_on = GateOn::New;
        }
        let coverage = run.coverage();
        let mut evaluation = evaluate_against(
            &policy,
            run.report,
            today,
            Some(BaselineScope {
                baseline: before,
                coverage: &coverage,
            }),
        );
        before.mark_fixed(&mut evaluation.results);
        evaluation
    }

    /// Judges an account's run under the policy (waivers, score, verdict, reasons) on
    /// `today`, against `baseline` where the run covered it.
    pub fn evaluate(
        &self,
        run: AccountRun,
        today: NaiveDate,
        baseline: Option<&Baseline>,
    ) -> Evaluation {
        let coverage = run.coverage();
        let scope = baseline.map(|baseline| BaselineScope {
            baseline,
            coverage: &coverage,
        });
        evaluate_against(&self.policy, run.report, today, scope)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Check, CheckCtx, CheckRegistration};
    use crate::meta::{Category, CheckMeta, Presence};
    use crate::outcome::{CheckError, Outcome};
    use crate::{Finding, Severity, Status};

    struct Queues;

    #[async_trait::async_trait]
    impl Check for Queues {
        async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
            let region = cx.region().unwrap_or("nowhere").to_owned();
            Ok(match region.as_str() {
                "eu-west-1" => cx.judge("queues", vec![]),
                _ => cx.judge("queues", vec![Finding::fail("q", format!("q in {region}"))]),
            })
        }
    }

    static REGIONAL: CheckMeta = meta("operations.queues", Scope::Regional);
    static GLOBAL: CheckMeta = meta("security.users", Scope::Global);
    static REGISTRATIONS: [CheckRegistration; 2] = [
        CheckRegistration {
            meta: &REGIONAL,
            build: || Box::new(Queues),
        },
        CheckRegistration {
            meta: &GLOBAL,
            build: || Box::new(Queues),
        },
    ];

    const fn meta(id: &'static str, scope: Scope) -> CheckMeta {
        CheckMeta {
            id,
            title: "t",
            category: Category::Operations,
            severity: Severity::High,
            scope,
            presence: Presence::NotJudged,
            facts: &[],
            tags: &[],
            params: &[],
            docs: "",
            file: "",
            line: 0,
        }
    }

    fn registry() -> Registry {
        Registry::from_registrations(REGISTRATIONS.iter()).unwrap()
    }

    fn store(region: &str) -> RegionFacts {
        RegionFacts {
            region: region.to_owned(),
            facts: Arc::new(Facts::new(chrono::Utc::now()).in_region(region)),
        }
    }

    #[test]
    fn unknown_names_and_empty_selections_are_refused() {
        let named = |id: &str| Selection {
            ids: vec![id.to_owned()],
            ..Selection::default()
        };
        let err = AuditPlan::new(&registry(), Policy::default(), &named("x.nope"), None);
        assert_eq!(
            err.err(),
            Some(PlanError::Unknown(
                "unknown check `x.nope` (see `gonogo list`)".to_owned()
            ))
        );
        let mut policy = Policy::default();
        for id in ["operations.queues", "security.users"] {
            policy.checks.insert(
                id.to_owned(),
                crate::policy::CheckPolicy {
                    enabled: false,
                    severity: None,
                    params: Default::default(),
                },
            );
        }
        let plan = AuditPlan::new(&registry(), policy.clone(), &Selection::default(), None);
        assert_eq!(plan.err(), Some(PlanError::Empty));
        let plan = AuditPlan::new(&registry(), policy, &named("security.users"), None).unwrap();
        assert_eq!(plan.checks().len(), 1, "a named check runs though disabled");
    }

    #[tokio::test]
    async fn regional_checks_run_per_region_and_global_ones_once() {
        let plan =
            AuditPlan::new(&registry(), Policy::default(), &Selection::default(), None).unwrap();
        assert_eq!(plan.runs_for(2), 3);
        let stores = [store("us-east-1"), store("eu-west-1")];
        let run = plan
            .run(
                &stores,
                Some("111111111111".to_owned()),
                &RunOptions::default(),
                None,
            )
            .await;
        let queues = &run.report.results[0];
        assert_eq!(queues.outcome.status, Status::Fail);
        assert_eq!(queues.outcome.message, "q in us-east-1");
        let users = &run.report.results[1];
        assert_eq!(users.outcome.findings.len(), 1, "global: once");
        assert_eq!(users.outcome.findings[0].region.as_deref(), Some("global"));
        let evaluation = plan.evaluate(run, chrono::Utc::now().date_naive(), None);
        assert_eq!(evaluation.summary.fail, 2);
    }
}

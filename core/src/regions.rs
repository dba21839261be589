//! One account audited in several regions: each region's run, combined into one result per
//! check before the policy judges the account.
//!
//! Regional checks run once per region, global checks once per account. Every finding is
//! tagged with its region ([`GLOBAL_REGION`] for global checks) and its account. A check's
//! combined status is the worst of its regions' (error over fail over warn over pass over
//! skip), so one region that could not be read is never hidden by another that passed.

use std::collections::BTreeMap;

use crate::combine::{Part, worst_first};
use crate::meta::Scope;
use crate::outcome::{GLOBAL_REGION, Status};
use crate::runner::{RunReport, RunResult};

/// Most per-region messages quoted in a combined check's message.
pub const MAX_QUOTED_REGIONS: usize = 3;

/// The run of one region.
#[derive(Debug)]
pub struct RegionRun {
    /// The region the run's regional checks looked at.
    pub region: String,
    /// What it produced.
    pub report: RunReport,
}

/// Combines per-region runs into one report, sorted by check id, every finding tagged with
/// its region and `account`.
pub fn combine(runs: Vec<RegionRun>, account: Option<&str>) -> RunReport {
    let interrupted = runs.iter().any(|r| r.report.interrupted);
    let mut by_check: BTreeMap<&'static str, Vec<(String, RunResult)>> = BTreeMap::new();
    for run in runs {
        for mut result in run.report.results {
            let region = match result.meta.scope {
                Scope::Global => GLOBAL_REGION.to_owned(),
                Scope::Regional => run.region.clone(),
            };
            for finding in &mut result.outcome.findings {
                finding.region.get_or_insert_with(|| region.clone());
                if let Some(account) = account {
                    finding.account.get_or_insert_with(|| account.to_owned());
                }
            }
            by_check
                .entry(result.meta.id)
                .or_default()
                .push((region, result));
        }
    }
    let results = by_check.into_values().filter_map(combine_check).collect();
    RunReport {
        results,
        interrupted,
    }
}

/// One check's results from several regions as one, the regions in name order.
fn combine_check(mut parts: Vec<(String, RunResult)>) -> Option<RunResult> {
    parts.sort_by(|a, b| a.0.cmp(&b.0));
    worst_first(parts, MAX_QUOTED_REGIONS, "regions")
}

impl Part for RunResult {
    fn status(&self) -> Status {
        self.outcome.status
    }

    fn message(&self) -> &str {
        &self.outcome.message
    }

    fn absorb(&mut self, other: Self) {
        self.outcome.findings.extend(other.outcome.findings);
        self.duration = self.duration.max(other.duration);
    }

    fn set_result(&mut self, status: Status, message: String) {
        self.outcome.status = status;
        self.outcome.message = message;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::meta::{Category, CheckMeta, Severity};
    use crate::outcome::{Finding, Outcome};

    static REGIONAL: CheckMeta = meta("infrastructure.regional", Scope::Regional);
    static GLOBAL: CheckMeta = meta("security.global", Scope::Global);

    const fn meta(id: &'static str, scope: Scope) -> CheckMeta {
        CheckMeta {
            id,
            title: "t",
            category: Category::Infrastructure,
            severity: Severity::High,
            scope,
            presence: crate::meta::Presence::NotJudged,
            facts: &[],
            tags: &[],
            params: &[],
            docs: "",
            file: "",
            line: 0,
        }
    }

    fn run(region: &str, results: Vec<(&'static CheckMeta, Outcome)>) -> RegionRun {
        RegionRun {
            region: region.to_owned(),
            report: RunReport {
                results: results
                    .into_iter()
                    .map(|(meta, outcome)| RunResult {
                        meta,
                        outcome,
                        duration: Duration::from_millis(1),
                    })
                    .collect(),
                interrupted: false,
            },
        }
    }

    fn queue(name: &str, status: Status) -> Outcome {
        let finding = match status {
            Status::Fail => Finding::fail(name, "bad"),
            _ => Finding::pass(name, "good"),
        };
        Outcome::from_findings("queues", vec![finding])
    }

    #[test]
    fn the_worst_region_decides_and_findings_carry_region_and_account() {
        let combined = combine(
            vec![
                run(
                    "us-east-1",
                    vec![
                        (&GLOBAL, queue("user", Status::Pass)),
                        (&REGIONAL, queue("a", Status::Pass)),
                    ],
                ),
                run("eu-west-1", vec![(&REGIONAL, queue("b", Status::Fail))]),
            ],
            Some("111111111111"),
        );
        let ids: Vec<_> = combined.results.iter().map(|r| r.meta.id).collect();
        assert_eq!(ids, ["infrastructure.regional", "security.global"]);
        let regional = &combined.results[0].outcome;
        assert_eq!(regional.status, Status::Fail);
        assert_eq!(regional.message, "eu-west-1: bad");
        let tags: Vec<_> = regional
            .findings
            .iter()
            .map(|f| {
                (
                    f.resource.as_str(),
                    f.region.as_deref(),
                    f.account.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            tags,
            [
                ("b", Some("eu-west-1"), Some("111111111111")),
                ("a", Some("us-east-1"), Some("111111111111")),
            ]
        );
        let global = &combined.results[1].outcome;
        assert_eq!(global.findings[0].region.as_deref(), Some(GLOBAL_REGION));
    }

    #[test]
    fn an_error_in_one_region_is_never_hidden_by_a_pass_in_another() {
        let combined = combine(
            vec![
                run("us-east-1", vec![(&REGIONAL, queue("a", Status::Pass))]),
                run("eu-west-1", vec![(&REGIONAL, Outcome::error("throttled"))]),
            ],
            None,
        );
        assert_eq!(combined.results[0].outcome.status, Status::Error);
        assert_eq!(combined.results[0].outcome.message, "eu-west-1: throttled");
    }

    #[test]
    fn a_check_is_not_applicable_only_when_it_was_not_applicable_anywhere() {
        let nothing = |region| Outcome::not_applicable("queues", Some(region));
        let combined = combine(
            vec![
                run("us-east-1", vec![(&REGIONAL, queue("a", Status::Pass))]),
                run("eu-west-1", vec![(&REGIONAL, nothing("eu-west-1"))]),
            ],
            None,
        );
        assert_eq!(combined.results[0].outcome.status, Status::Pass);
        assert_eq!(combined.results[0].outcome.message, "us-east-1: good");

        let combined = combine(
            vec![
                run("us-east-1", vec![(&REGIONAL, nothing("us-east-1"))]),
                run("eu-west-1", vec![(&REGIONAL, nothing("eu-west-1"))]),
            ],
            None,
        );
        let outcome = &combined.results[0].outcome;
        assert_eq!(outcome.status, Status::Skip);
        assert_eq!(
            outcome.message,
            "not applicable: no queues in eu-west-1; not applicable: no queues in us-east-1"
        );
    }
}

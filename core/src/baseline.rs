//! Comparing an audit with a previous one (`--baseline`): which problems are new, which were
//! there before, which are gone.
//!
//! A problem is a failing or warning finding, keyed by check id, account, region and
//! resource; a check that fails or warns without any such finding is a problem of its own,
//! with an empty resource. A baseline problem counts as resolved only when this audit could
//! see it: same account, an audited region, and the check evaluated (not `error` or `skip`) —
//! what could not be looked at is never reported as fixed.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::judged::CheckResult;
use crate::outcome::{Change, Finding, GLOBAL_REGION, Status};

/// One problem of an audit, as the baseline knows it; also how a resolved problem is reported.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Problem {
    /// The check id.
    pub check: String,
    /// The account, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The region, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The resource; empty for a check-level problem.
    pub resource: String,
    /// `fail` or `warn`, as it was.
    pub status: Status,
    /// The message, as it was.
    pub message: String,
}

impl Problem {
    fn key(&self) -> Key<'_> {
        (
            &self.check,
            self.account.as_deref(),
            self.region.as_deref(),
            &self.resource,
        )
    }
}

type Key<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a str);

/// The key of a finding of the check `id`.
fn key_of<'a>(id: &'a str, finding: &'a Finding) -> Key<'a> {
    (
        id,
        finding.account.as_deref(),
        finding.region.as_deref(),
        finding.resource.as_str(),
    )
}

/// The problems of a previous audit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Baseline {
    problems: Vec<Problem>,
}

/// What this audit covered, so that only what it could see is compared.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// The audited account, when known.
    pub account: Option<String>,
    /// The audited regions (global checks count as [`GLOBAL_REGION`]).
    pub regions: Vec<String>,
}

/// The comparison of an audit with its baseline.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BaselineDiff {
    /// Problems not in the baseline.
    pub new: usize,
    /// Problems also in the baseline.
    pub unchanged: usize,
    /// Baseline problems that now pass or are gone.
    pub resolved: Vec<Problem>,
}

impl Baseline {
    /// A baseline of these problems.
    pub fn new(problems: Vec<Problem>) -> Self {
        Self { problems }
    }

    /// Its problems.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Marks each passing finding in `results` that was one of these problems `resolved`:
    /// what a change fixes, resource by resource.
    pub fn mark_fixed(&self, results: &mut [CheckResult]) {
        let known: BTreeSet<Key<'_>> = self.problems.iter().map(Problem::key).collect();
        for result in results.iter_mut() {
            for finding in &mut result.findings {
                if finding.status == Status::Pass
                    && known.contains(&key_of(result.meta.id, finding))
                {
                    finding.change = Some(Change::Resolved);
                }
            }
        }
    }

    /// Marks each problem in `results` `new` or `unchanged` (findings and checks), and lists
    /// the baseline problems this audit covered and no longer sees.
    pub fn mark(&self, results: &mut [CheckResult], coverage: &Coverage) -> BaselineDiff {
        let known: BTreeSet<Key<'_>> = self.problems.iter().map(Problem::key).collect();
        let mut diff = BaselineDiff::default();
        let mut still_there: BTreeSet<(String, Option<String>, Option<String>, String)> =
            BTreeSet::new();
        let mut evaluated = BTreeSet::new();
        for result in results.iter_mut() {
            let id = result.meta.id;
            if !matches!(result.status, Status::Error | Status::Skip) {
                evaluated.insert(id);
            }
            let (mut new, mut unchanged) = (0, 0);
            let check_level = matches!(result.status, Status::Fail | Status::Warn)
                && !result.findings.iter().any(|f| f.is_problem());
            if check_level {
                if known.contains(&(id, coverage.account.as_deref(), None, "")) {
                    unchanged += 1;
                } else {
                    new += 1;
                }
                still_there.insert((id.to_owned(), coverage.account.clone(), None, String::new()));
            }
            for finding in &mut result.findings {
                // Waived findings are neither problems nor resolved.
                if !(finding.is_problem() || finding.status == Status::Waived) {
                    continue;
                }
                still_there.insert((
                    id.to_owned(),
                    finding.account.clone(),
                    finding.region.clone(),
                    finding.resource.clone(),
                ));
                if finding.status == Status::Waived {
                    continue;
                }
                let mark = if known.contains(&key_of(id, finding)) {
                    unchanged += 1;
                    Change::Unchanged
                } else {
                    new += 1;
                    Change::New
                };
                finding.change = Some(mark);
            }
            result.change = if new > 0 {
                Some(Change::New)
            } else if unchanged > 0 {
                Some(Change::Unchanged)
            } else {
                None
            };
            diff.new += new;
            diff.unchanged += unchanged;
        }
        diff.resolved = self
            .problems
            .iter()
            .filter(|p| {
                p.account == coverage.account
                    && evaluated.contains(p.check.as_str())
                    && p.region.as_deref().is_none_or(|r| {
                        r == GLOBAL_REGION || coverage.regions.iter().any(|c| c == r)
                    })
                    && !still_there.contains(&(
                        p.check.clone(),
                        p.account.clone(),
                        p.region.clone(),
                        p.resource.clone(),
                    ))
            })
            .cloned()
            .collect();
        diff
    }
}

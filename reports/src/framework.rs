//! Deriving the framework view of an audit (`framework_view`): each requirement's status
//! from its checks' results. The verdict and exit code still come from the policy over the
//! checks; this is a view of them.

use gonogo_core::framework::{
    Assessment, CheckState, Framework, Profile, RequirementStatus, requirement_status,
};
use gonogo_core::outcome::{GLOBAL_REGION, NOT_APPLICABLE, Status};

use crate::framework_view::{
    AccountFrameworkView, FrameworkReport, FrameworkSummary, RequirementAt, RequirementReport,
};
use crate::model::{CheckReport, Report};

/// Where a requirement is judged: an account and a region (`global` for account-wide checks);
/// `None` is anywhere.
#[derive(Clone, Copy, Debug, Default)]
pub struct Place<'a> {
    /// The account.
    pub account: Option<&'a str>,
    /// The region.
    pub region: Option<&'a str>,
}

impl Place<'_> {
    /// Whether a finding in `account` and `region` is here. An account-wide finding
    /// (`global`) is in each of the account's regions.
    pub(crate) fn holds(&self, account: Option<&str>, region: Option<&str>) -> bool {
        let matches = |wanted: Option<&str>, got: Option<&str>| match (wanted, got) {
            (Some(wanted), Some(got)) => wanted == got || got == GLOBAL_REGION,
            _ => true,
        };
        matches(self.account, account) && matches(self.region, region)
    }
}

/// What `check` says in `place`, from its findings there. A check without findings says the
/// same everywhere. A failing finding there fails; a check that errored somewhere is an error
/// everywhere else, since a combined report does not say where (never a pass over something
/// unknown) unless `errored_here` says the place had no error; with no finding there, the
/// place had nothing to judge.
pub fn check_state_in(check: &CheckReport, place: Place<'_>, errored_here: bool) -> CheckState {
    let whole = check_state(check);
    if check.findings.is_empty() {
        return whole;
    }
    let here: Vec<Status> = check
        .findings
        .iter()
        .filter(|f| place.holds(f.account.as_deref(), f.region.as_deref()))
        .map(|f| f.status)
        .collect();
    let ran = |status| CheckState::Ran {
        status,
        not_applicable: false,
    };
    if here.contains(&Status::Fail) {
        return ran(Status::Fail);
    }
    if check.status == Status::Skip || (check.status == Status::Error && errored_here) {
        return whole;
    }
    match here.into_iter().max_by_key(|status| status.badness()) {
        Some(worst) => ran(worst),
        None => CheckState::Ran {
            status: Status::Skip,
            not_applicable: true,
        },
    }
}

/// What `check` says over everything it judged.
fn check_state(check: &CheckReport) -> CheckState {
    CheckState::Ran {
        status: check.status,
        not_applicable: check.message.contains(NOT_APPLICABLE),
    }
}

impl AccountFrameworkView {
    /// The view of `framework` from one account's own report.
    pub fn of(framework: &Framework, profile: Option<Profile>, account: &Report) -> Self {
        let own = FrameworkReport::new(
            framework,
            profile,
            &account.checks,
            account.target.all_regions(),
        );
        // Sorted: an account's region shards merged list their regions in order.
        let mut regions = own.regions;
        regions.sort();
        Self {
            account_id: account.target.account_id.clone(),
            name: account.accounts.first().and_then(|a| a.name.clone()),
            regions,
            summary: own.summary,
            requirements: own
                .requirements
                .into_iter()
                .map(|r| RequirementAt {
                    id: r.id,
                    status: r.status,
                })
                .collect(),
        }
    }

    /// This account's status for requirement `id`.
    pub fn status_of(&self, id: &str) -> Option<RequirementStatus> {
        self.requirements
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.status)
    }
}

impl FrameworkReport {
    /// The requirements of `framework` (of `profile`) given the audit's checks.
    pub fn new(
        framework: &Framework,
        profile: Option<Profile>,
        checks: &[CheckReport],
        regions: Vec<String>,
    ) -> Self {
        let state = |id: &str| match checks.iter().find(|c| c.id == id) {
            Some(check) => check_state(check),
            None => CheckState::NotRun,
        };
        let requirements: Vec<RequirementReport> = framework
            .in_profile(profile)
            .map(|r| RequirementReport {
                id: r.id.clone(),
                title: r.title.clone(),
                section: r.section.clone(),
                level: r.level,
                assessment: r.assessment,
                status: requirement_status(&r.checks, state),
                checks: r.checks.clone(),
                not_covered: r.not_covered.clone(),
                severity: r.severity,
            })
            .collect();
        let summary = FrameworkSummary::of(requirements.iter().map(|r| (r.assessment, r.status)));
        Self {
            id: framework.id.clone(),
            title: framework.title.clone(),
            version: framework.version.clone(),
            profile,
            regions,
            summary,
            requirements,
            accounts: Vec::new(),
        }
    }

    /// `requirement`'s status in `place`, from `checks`. `account_status` is the account's
    /// own status for it, when known: an account whose requirement neither errs nor fails had
    /// no error in any of its regions.
    pub fn status_in(
        requirement: &RequirementReport,
        checks: &[CheckReport],
        place: Place<'_>,
        account_status: Option<RequirementStatus>,
    ) -> RequirementStatus {
        let errored_here = account_status
            .is_none_or(|s| matches!(s, RequirementStatus::Error | RequirementStatus::Fail));
        requirement_status(&requirement.checks, |check| {
            match checks.iter().find(|c| c.id == check) {
                Some(check) => check_state_in(check, place, errored_here),
                None => CheckState::NotRun,
            }
        })
    }
}

impl FrameworkSummary {
    /// The counts of requirements given as (assessment, status).
    pub fn of(requirements: impl Iterator<Item = (Assessment, RequirementStatus)>) -> Self {
        let mut summary = Self::default();
        for (assessment, status) in requirements {
            *summary.by_status.entry(status).or_default() += 1;
            let evaluated = matches!(
                status,
                RequirementStatus::Pass
                    | RequirementStatus::Fail
                    | RequirementStatus::Warn
                    | RequirementStatus::Waived
                    | RequirementStatus::Error
            );
            if assessment == Assessment::Automated && evaluated {
                summary.automated_evaluated += 1;
                if status == RequirementStatus::Pass {
                    summary.automated_passed += 1;
                }
            }
        }
        if summary.automated_evaluated > 0 {
            summary.pass_percent = (1000.0 * summary.automated_passed as f64
                / summary.automated_evaluated as f64)
                .round()
                / 10.0;
        }
        summary
    }
}

#[cfg(test)]
mod tests {
    use gonogo_core::{Category, Finding, Scope, Severity};

    use super::*;

    fn finding(status: Status, account: &str, region: &str) -> Finding {
        let mut finding = match status {
            Status::Fail => Finding::fail("r", "m"),
            Status::Warn => Finding::warn("r", "m"),
            _ => Finding::pass("r", "m"),
        };
        finding.account = Some(account.to_owned());
        finding.region = Some(region.to_owned());
        finding
    }

    fn check(status: Status, findings: Vec<Finding>) -> CheckReport {
        CheckReport {
            id: "c".to_owned(),
            title: "t".to_owned(),
            category: Category::Security,
            severity: Severity::Medium,
            scope: Scope::Regional,
            status,
            duration_ms: 0,
            message: String::new(),
            remediation: String::new(),
            findings: findings.into_iter().map(Into::into).collect(),
            waiver: None,
            change: None,
        }
    }

    fn at<'a>(account: &'a str, region: &'a str) -> Place<'a> {
        Place {
            account: Some(account),
            region: Some(region),
        }
    }

    fn status_of(state: CheckState) -> Option<(Status, bool)> {
        match state {
            CheckState::Ran {
                status,
                not_applicable,
            } => Some((status, not_applicable)),
            CheckState::NotRun => None,
        }
    }

    #[test]
    fn a_place_is_judged_by_its_own_findings_and_global_ones_count_everywhere() {
        let combined = check(
            Status::Fail,
            vec![
                finding(Status::Fail, "a", "us-east-1"),
                finding(Status::Pass, "a", "eu-west-1"),
                finding(Status::Warn, "b", GLOBAL_REGION),
            ],
        );
        let state = |place| status_of(check_state_in(&combined, place, true));
        assert_eq!(state(at("a", "us-east-1")), Some((Status::Fail, false)));
        assert_eq!(state(at("a", "eu-west-1")), Some((Status::Pass, false)));
        assert_eq!(state(at("b", "eu-west-1")), Some((Status::Warn, false)));
        assert_eq!(state(at("c", "eu-west-1")), Some((Status::Skip, true)));
    }

    #[test]
    fn an_error_somewhere_is_an_error_everywhere_not_known_to_be_clear() {
        let combined = check(
            Status::Error,
            vec![
                finding(Status::Fail, "a", "us-east-1"),
                finding(Status::Pass, "a", "eu-west-1"),
            ],
        );
        let state = |place, errored| status_of(check_state_in(&combined, place, errored));
        assert_eq!(
            state(at("a", "us-east-1"), true),
            Some((Status::Fail, false))
        );
        assert_eq!(
            state(at("a", "eu-west-1"), true),
            Some((Status::Error, false))
        );
        // The account's own view had no error: the error was another account's.
        assert_eq!(
            state(at("a", "eu-west-1"), false),
            Some((Status::Pass, false))
        );
    }
}

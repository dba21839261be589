//! A requirement's status, from its checks' results: never a pass over something unknown.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::outcome::Status;

/// A requirement's status.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum RequirementStatus {
    /// Every check passed (those with nothing to judge aside).
    Pass,
    /// A check failed.
    Fail,
    /// A check could not decide, or did not run, and none failed.
    Error,
    /// A check warned.
    Warn,
    /// The only problems are waived.
    Waived,
    /// Every check had nothing to judge.
    NotApplicable,
    /// No check evaluates it.
    Manual,
}

impl RequirementStatus {
    /// Every status, in summary order.
    pub const ALL: [RequirementStatus; 7] = [
        RequirementStatus::Pass,
        RequirementStatus::Fail,
        RequirementStatus::Error,
        RequirementStatus::Warn,
        RequirementStatus::Waived,
        RequirementStatus::NotApplicable,
        RequirementStatus::Manual,
    ];

    /// The kebab-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            RequirementStatus::Pass => "pass",
            RequirementStatus::Fail => "fail",
            RequirementStatus::Error => "error",
            RequirementStatus::Warn => "warn",
            RequirementStatus::Waived => "waived",
            RequirementStatus::NotApplicable => "not-applicable",
            RequirementStatus::Manual => "manual",
        }
    }
}

impl fmt::Display for RequirementStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the audit said of one check, as a requirement reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckState {
    /// It ran: its status, and whether a skip meant "nothing to judge".
    Ran {
        /// Its status.
        status: Status,
        /// A skip with nothing to judge (rather than a missing fact).
        not_applicable: bool,
    },
    /// It was not part of the audit.
    NotRun,
}

/// The status of a requirement evaluated by `checks`, given each check's state: fail if any
/// failed; error if any errored, was skipped for a missing fact or did not run; warn; waived;
/// not applicable if all had nothing to judge; pass if every check passed or had nothing to
/// judge; manual without checks.
pub fn requirement_status(
    checks: &[String],
    state: impl Fn(&str) -> CheckState,
) -> RequirementStatus {
    if checks.is_empty() {
        return RequirementStatus::Manual;
    }
    let states: Vec<CheckState> = checks.iter().map(|c| state(c)).collect();
    let any = |wanted: &dyn Fn(Status, bool) -> bool| {
        states.iter().any(|s| match *s {
            CheckState::Ran {
                status,
                not_applicable,
            } => wanted(status, not_applicable),
            CheckState::NotRun => false,
        })
    };
    if any(&|s, _| s == Status::Fail) {
        RequirementStatus::Fail
    } else if states.contains(&CheckState::NotRun)
        || any(&|s, na| s == Status::Error || (s == Status::Skip && !na))
    {
        RequirementStatus::Error
    } else if any(&|s, _| s == Status::Warn) {
        RequirementStatus::Warn
    } else if any(&|s, _| s == Status::Waived) {
        RequirementStatus::Waived
    } else if any(&|s, _| s == Status::Pass) {
        RequirementStatus::Pass
    } else {
        RequirementStatus::NotApplicable
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::{Assessment, Requirement};

    fn requirement(checks: &[&str]) -> Requirement {
        Requirement {
            id: "1".to_owned(),
            title: "t".to_owned(),
            section: "s".to_owned(),
            level: 1,
            assessment: Assessment::Automated,
            checks: checks.iter().map(|c| (*c).to_owned()).collect(),
            not_covered: None,
            severity: None,
        }
    }

    fn ran(status: Status) -> CheckState {
        CheckState::Ran {
            status,
            not_applicable: false,
        }
    }

    const NOTHING: CheckState = CheckState::Ran {
        status: Status::Skip,
        not_applicable: true,
    };

    #[test]
    fn the_worst_check_decides_and_unknown_is_never_a_pass() {
        let two = requirement(&["a", "b"]);
        let status = |a: CheckState, b: CheckState| {
            requirement_status(&two.checks, |id| if id == "a" { a } else { b })
        };
        use RequirementStatus as R;
        assert_eq!(status(ran(Status::Pass), ran(Status::Fail)), R::Fail);
        assert_eq!(status(ran(Status::Error), ran(Status::Fail)), R::Fail);
        assert_eq!(status(ran(Status::Pass), ran(Status::Error)), R::Error);
        assert_eq!(
            status(ran(Status::Pass), ran(Status::Skip)),
            R::Error,
            "a missing fact"
        );
        assert_eq!(status(ran(Status::Pass), CheckState::NotRun), R::Error);
        assert_eq!(status(ran(Status::Warn), ran(Status::Pass)), R::Warn);
        assert_eq!(status(ran(Status::Waived), ran(Status::Pass)), R::Waived);
        assert_eq!(status(ran(Status::Pass), NOTHING), R::Pass);
        assert_eq!(status(NOTHING, NOTHING), R::NotApplicable);
        assert_eq!(status(ran(Status::Pass), ran(Status::Pass)), R::Pass);
        assert_eq!(
            requirement_status(&requirement(&[]).checks, |_| NOTHING),
            R::Manual
        );
    }
}

//! Property test: for any numbers the policy parser accepts (weights, thresholds), the score of
//! any mix of results is a finite number from 0 to 100, and a policy that would not give one
//! (`nan`, `inf`, weights past 1000, every weight 0) is refused when it is read.

use gonogo_core::catalogue::Catalogue;
use gonogo_core::policy::Policy;
use gonogo_core::registry::Registry;
use gonogo_core::verdict::{Judged, judge};
use gonogo_core::{Change, Severity, Status};
use proptest::prelude::*;

#[derive(Debug)]
struct Graded {
    severity: Severity,
    status: Status,
}

impl Judged for Graded {
    fn id(&self) -> &str {
        "test.check"
    }
    fn severity(&self) -> Severity {
        self.severity
    }
    fn status(&self) -> Status {
        self.status
    }
    fn message(&self) -> &str {
        "m"
    }
    fn change(&self) -> Option<Change> {
        None
    }
}

/// Numbers as a user may write them in TOML, the hostile ones included.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..2000).prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        Just("nan".to_owned()),
        Just("inf".to_owned()),
        Just("-inf".to_owned()),
        Just("1e308".to_owned()),
        Just("0".to_owned()),
        Just("-0.0".to_owned()),
        Just("5e-324".to_owned()),
    ]
}

fn result() -> impl Strategy<Value = Graded> {
    (0..Severity::ALL.len(), 0..Status::ALL.len()).prop_map(|(s, t)| Graded {
        severity: Severity::ALL[s],
        status: Status::ALL[t],
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_score_is_always_a_number_from_0_to_100(
        weights in proptest::collection::vec(number(), 5),
        go in number(),
        no_go in number(),
        results in proptest::collection::vec(result(), 0..40),
    ) {
        let text = format!(
            "go_score = {go}\nno_go_score = {no_go}\n[weights]\ncritical = {}\nhigh = {}\nmedium = {}\nlow = {}\ninfo = {}\n",
            weights[0], weights[1], weights[2], weights[3], weights[4]
        );
        let catalogue = Catalogue::from_registrations(Registry::from_registrations([]).unwrap(), [], []).unwrap();
        let Ok(policy) = Policy::parse(&text, "p.toml", &catalogue) else {
            return Ok(());
        };
        let judgement = judge(&policy.scoring, &results, false, false, Vec::new());
        prop_assert!(
            judgement.score.is_finite() && (0.0..=100.0).contains(&judgement.score),
            "score {} for\n{text}", judgement.score
        );
        let failing = results.iter().any(|r| matches!(r.status, Status::Fail | Status::Error));
        prop_assert!(!failing || judgement.score < 100.0 || judgement.verdict != gonogo_core::judged::Verdict::Go);
    }
}

#[test]
fn hostile_weights_are_refused_with_their_place() {
    let catalogue =
        Catalogue::from_registrations(Registry::from_registrations([]).unwrap(), [], []).unwrap();
    let refused = |text: &str| {
        Policy::parse(text, "p.toml", &catalogue)
            .err()
            .map(|e| e.to_string())
    };
    assert_eq!(
        refused("[weights]\ncritical = 1e308\n").as_deref(),
        Some("p.toml:2:12: a weight must be a number from 0 to 1000")
    );
    assert_eq!(
        refused("[weights]\nhigh = nan\n").as_deref(),
        Some("p.toml:2:8: a weight must be a number from 0 to 1000")
    );
    assert_eq!(
        refused("[weights]\ncritical = 0\nhigh = 0\nmedium = 0\nlow = 0\ninfo = 0\n").as_deref(),
        Some("p.toml:2:12: every weight is 0: the score would not weigh any check")
    );
    assert_eq!(refused("[weights]\ncritical = 1000\n"), None);
}

#[test]
fn checks_that_all_weigh_nothing_still_lower_the_score() {
    let catalogue =
        Catalogue::from_registrations(Registry::from_registrations([]).unwrap(), [], []).unwrap();
    let policy = Policy::parse("", "p.toml", &catalogue).unwrap();
    let results = [
        Graded {
            severity: Severity::Info,
            status: Status::Fail,
        },
        Graded {
            severity: Severity::Info,
            status: Status::Pass,
        },
    ];
    let judgement = judge(&policy.scoring, &results, false, false, Vec::new());
    assert_eq!(judgement.score, 50.0, "{:?}", judgement.reasons);
}

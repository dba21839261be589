//! Property tests: the policy parser and the snapshot reader never panic or hang on any input,
//! and refuse what is not valid with a located message.

use gonogo_core::catalogue::Catalogue;
use gonogo_core::policy::Policy;
use gonogo_core::registry::Registry;
use gonogo_core::snapshot::Snapshot;
use proptest::prelude::*;

/// Fragments of policies, valid and not, to be shuffled into near-policies.
const POLICY_PIECES: [&str; 14] = [
    "go_score = 90\n",
    "no_go_score = 95\n",
    "max_error_percent = -3\n",
    "[weights]\ncritical = 10\n",
    "[checks.\"security.nope\"]\nenabled = false\n",
    "[[waivers]]\ncheck = \"x\"\nreason = \"r\"\nowner = \"o\"\nexpires = 2026-12-31\n",
    "[[probes.http]]\nname = \"a\"\nurl = \"http://127.0.0.1:1/\"\n",
    "[[stages]]\nkind = \"nope\"\nname = \"s\"\n",
    "errors = \"block\"\n",
    "blocking_severities = [\"critical\", \"bogus\"]\n",
    "= = =\n",
    "[weights\n",
    "\u{0}\u{1b}[31m\n",
    "go_score = 1e999\n",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn policy_parser_never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        let catalogue = Catalogue::from_registrations(Registry::from_registrations([]).unwrap(), [], []).unwrap();
        if let Err(err) = Policy::parse(&text, "fuzz.toml", &catalogue) {
            prop_assert!(err.to_string().starts_with("fuzz.toml"));
        }
    }

    #[test]
    fn policy_parser_locates_errors_in_near_policies(pieces in proptest::collection::vec(0..POLICY_PIECES.len(), 0..8)) {
        let catalogue = Catalogue::from_registrations(Registry::from_registrations([]).unwrap(), [], []).unwrap();
        let text: String = pieces.iter().map(|i| POLICY_PIECES[*i]).collect();
        if let Err(err) = Policy::parse(&text, "near.toml", &catalogue) {
            prop_assert!(err.to_string().starts_with("near.toml"), "{}", err);
            prop_assert!(!err.message.is_empty());
        }
    }

    #[test]
    fn snapshot_reader_never_panics(text in "\\PC{0,400}") {
        if let Err(err) = Snapshot::parse(&text, "fuzz.json") {
            prop_assert!(err.to_string().starts_with("fuzz.json"));
        }
    }

    #[test]
    fn truncated_snapshots_are_refused(cut in 0usize..200) {
        let text = r#"{"snapshot_version": 1, "tool_version": "0.1.0", "taken_at": "2026-11-26T12:00:00Z", "account_id": "1", "region": "us-east-1", "facts": {"sqs.queues": {"value": {"queues": []}}}}"#;
        let cut = cut.min(text.len() - 1);
        prop_assert!(Snapshot::parse(&text[..cut], "cut.json").is_err());
    }
}

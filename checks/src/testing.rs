//! Running a check over hand-built facts, for fast unit tests beside each check.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use gonogo_core::catalogue::Catalogue;
use gonogo_core::params::ParamValues;
use gonogo_core::policy::Policy;
use gonogo_core::{Check, CheckCtx, CheckMeta, Facts, Outcome, Status};

use crate::facts::CallerIdentity;

/// The catalogue of everything linked into the test binary, loaded once.
pub(crate) fn catalogue() -> &'static Catalogue {
    static CATALOGUE: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::load().unwrap())
}

/// The instant every test store is at: 2026-11-26 12:00 UTC.
pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// A store at [`now`] holding a caller identity; add the facts a check needs.
pub(crate) fn facts() -> Facts {
    let facts = Facts::new(now());
    facts.provide(CallerIdentity {
        account_id: "123456789012".to_owned(),
        arn: "arn:aws:iam::123456789012:user/auditor".to_owned(),
        user_id: "AIDA".to_owned(),
        region: "us-east-1".to_owned(),
    });
    facts
}

/// The organization `o-1`, whose management account is the test account.
pub(crate) fn organization() -> crate::facts::Organization {
    crate::facts::Organization {
        id: "o-1".to_owned(),
        arn: "arn:aws:organizations::123456789012:organization/o-1".to_owned(),
        management_account_id: "123456789012".to_owned(),
        feature_set: "ALL".to_owned(),
        is_management: true,
    }
}

/// Runs `check` over `facts` with the check table `policy` (TOML body of `[checks."<id>"]`).
pub(crate) async fn run(
    check: impl Check,
    meta: &'static CheckMeta,
    facts: Facts,
    policy: &str,
) -> Outcome {
    let text = format!("[checks.\"{}\"]\n{policy}", meta.id);
    let policy = Policy::parse(&text, "test", catalogue()).unwrap();
    let params = ParamValues::resolve(meta, policy.params_of(meta.id)).unwrap();
    let cx = CheckCtx::new(meta, Arc::new(facts), params);
    check.run(&cx).await.unwrap_or_else(Outcome::from)
}

/// Asserts the outcome's status, showing the outcome when it differs.
pub(crate) fn assert_status(outcome: &Outcome, status: Status) {
    assert_eq!(outcome.status, status, "{outcome:#?}");
}

/// A stage context over `facts` (holding, say, an `aws-smithy-mocks` client), for stage unit
/// tests.
pub(crate) fn stage_ctx(facts: Facts) -> gonogo_core::stage::StageCtx {
    gonogo_core::stage::StageCtx {
        facts: Arc::new(facts),
        auditor: Arc::new(gonogo_core::stage::NoAuditor),
        accept_risks: false,
        cancel: tokio_util::sync::CancellationToken::new(),
        run_dir: std::env::temp_dir(),
        stage_name: "test".to_owned(),
    }
}

//! The `credentials` gate: STS identity, expected account and region.

use gonogo_core::api_calls;
use gonogo_core::calls::StageCalls;
use gonogo_core::stage::{GateDecision, Stage, StageCtx, StageError, StageOutcome, StagePlan};
use gonogo_core::{async_trait, declare_stage};
use serde::Deserialize;

use super::common::params;
use crate::facts::CallerIdentity;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CredentialsGate {
    expected_account_id: Option<String>,
    expected_region: Option<String>,
}

impl CredentialsGate {
    fn build(table: &toml::Table) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(params::<CredentialsGate>(table)?))
    }
}

declare_stage!(kind: "credentials", summary: "gate: the credentials work and point at the expected account and region", build: CredentialsGate::build,
    calls: StageCalls {
        plan: &[],
        apply: api_calls!("STS", "sts": GetCallerIdentity),
        rollback: &[],
        runs_checks: false,
    },
);

#[async_trait]
impl Stage for CredentialsGate {
    async fn plan(&self, _: &StageCtx) -> Result<StagePlan, StageError> {
        Ok(StagePlan::default())
    }

    async fn apply(&self, cx: &StageCtx, _: &StagePlan) -> Result<StageOutcome, StageError> {
        let mut reasons = Vec::new();
        match cx.facts.get::<CallerIdentity>().await {
            Err(err) => reasons.push(format!("no valid credentials: {err}")),
            Ok(identity) => {
                if let Some(expected) = &self.expected_account_id
                    && expected != &identity.account_id
                {
                    reasons.push(format!(
                        "account is {}, expected {expected}",
                        identity.account_id
                    ));
                }
                if let Some(expected) = &self.expected_region
                    && expected != &identity.region
                {
                    reasons.push(format!(
                        "region is {}, expected {expected}",
                        identity.region
                    ));
                }
            }
        }
        let gate = if reasons.is_empty() {
            GateDecision::Proceed {
                accepted_risks: vec![],
            }
        } else {
            GateDecision::Stop { reasons }
        };
        Ok(StageOutcome {
            gate: Some(gate),
            ..StageOutcome::default()
        })
    }

    async fn rollback(
        &self,
        _: &StageCtx,
        _: &serde_json::Value,
    ) -> Result<Vec<String>, StageError> {
        Ok(Vec::new())
    }
}

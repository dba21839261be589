//! Flags credentials that do not work, or that point at the wrong account or region.

use crate::facts::CallerIdentity;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// STS `GetCallerIdentity` answers with the configured credentials, and the account and
    /// region match `expected_account_id` and `expected_region` when those are set.
    /// ## Why it matters
    /// An audit of the wrong account, or with no working credentials, proves nothing. When this
    /// check fails, every other AWS check is skipped ("no valid credentials").
    /// ## Remediation
    /// Check `aws sts get-caller-identity` with the same profile, region and endpoint; set
    /// `AWS_PROFILE`/`--profile` and `AWS_REGION`/`--region` to the target account.
    pub struct Credentials;
    id: "infrastructure.credentials",
    title: "Credentials work and point at the expected account and region",
    category: Infrastructure,
    severity: Critical,
    scope: Global,
    presence: Required,
    facts: [CallerIdentity],
    tags: ["quick"],
    params: [
        "expected_account_id": String = "" => "12-digit account the audit must run against",
        "expected_region": String = "" => "region the audit must run in",
    ],
}

#[async_trait]
impl Check for Credentials {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let identity = match cx.fact::<CallerIdentity>().await {
            Ok(identity) => identity,
            Err(err) => {
                let finding = Finding::fail(
                    "sts:GetCallerIdentity",
                    format!("no valid credentials: {err}"),
                );
                return Ok(cx.judge("identities", vec![finding]));
            }
        };
        let mut problems = Vec::new();
        if let Some(expected) = cx.param_opt::<String>("expected_account_id")?
            && expected != identity.account_id
        {
            problems.push(format!(
                "account is {}, expected {expected}",
                identity.account_id
            ));
        }
        if let Some(expected) = cx.param_opt::<String>("expected_region")?
            && expected != identity.region
        {
            problems.push(format!(
                "region is {}, expected {expected}",
                identity.region
            ));
        }
        let finding = if problems.is_empty() {
            Finding::pass(
                &identity.arn,
                format!("account {} in {}", identity.account_id, identity.region),
            )
        } else {
            Finding::fail(&identity.arn, problems.join("; "))
        };
        Ok(cx.judge("identities", vec![finding]))
    }
}

//! Two AWS-managed policies the benchmark wants attached, or not: AWSSupportAccess to some
//! role (CIS 2.15) and AWSCloudShellFullAccess to no one (CIS 2.20). One table, read from the
//! attached-policies listing (no call of their own).

use crate::facts::AttachedPolicies;
use crate::prelude::*;

/// One row: the policy, and whether it should be attached.
struct PolicyUse {
    /// The AWS-managed policy's name.
    name: &'static str,
    /// Wanted attached (`true`) or attached to no one.
    wanted: bool,
}

const SUPPORT: PolicyUse = PolicyUse {
    name: "AWSSupportAccess",
    wanted: true,
};
const CLOUDSHELL: PolicyUse = PolicyUse {
    name: "AWSCloudShellFullAccess",
    wanted: false,
};

impl PolicyUse {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let policies = cx.fact::<AttachedPolicies>().await?;
        let arn = format!("arn:aws:iam::aws:policy/{}", self.name);
        let attached = policies
            .aws_managed(self.name)
            .map_or(0, |policy| policy.attachments.max(1));
        let entities = if attached == 1 { "entity" } else { "entities" };
        let finding = match (attached > 0, self.wanted) {
            (true, true) => Finding::pass(
                arn,
                format!("{} is attached to {attached} {entities}", self.name),
            ),
            (false, true) => Finding::fail(arn, format!("{} is attached to no one", self.name)),
            (false, false) => Finding::pass(arn, format!("{} is attached to no one", self.name)),
            (true, false) => Finding::fail(
                arn,
                format!("{} is attached to {attached} {entities}", self.name),
            ),
        };
        Ok(cx.judge("accounts", vec![finding]))
    }
}

declare_check! {
    /// ## What it checks
    /// The AWS-managed `AWSSupportAccess` policy is attached to at least one user, group or
    /// role, so that someone can open and manage support cases.
    /// ## Why it matters
    /// In an incident, the people handling it need AWS Support without borrowing an
    /// administrator's access.
    /// ## Remediation
    /// Create a role for the support team and `aws iam attach-role-policy --policy-arn
    /// arn:aws:iam::aws:policy/AWSSupportAccess`.
    pub struct SupportRole;
    id: "security.support-role",
    title: "A role for AWS Support exists",
    category: Security,
    severity: Low,
    scope: Global,
    presence: Required,
    facts: [AttachedPolicies],
}

#[async_trait]
impl Check for SupportRole {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        SUPPORT.run(cx).await
    }
}

declare_check! {
    /// ## What it checks
    /// The AWS-managed `AWSCloudShellFullAccess` policy is attached to no user, group or role.
    /// ## Why it matters
    /// It allows uploading and downloading files to and from CloudShell, a path for data out
    /// of the account that bypasses the usual controls.
    /// ## Remediation
    /// `aws iam detach-role-policy` (or `detach-user-policy`, `detach-group-policy`) with
    /// `--policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess`; grant narrower
    /// CloudShell permissions where needed.
    pub struct CloudShellFullAccess;
    id: "security.cloudshell-full-access",
    title: "AWSCloudShellFullAccess is attached to no one",
    category: Security,
    severity: Low,
    scope: Global,
    facts: [AttachedPolicies],
}

#[async_trait]
impl Check for CloudShellFullAccess {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        CLOUDSHELL.run(cx).await
    }
}

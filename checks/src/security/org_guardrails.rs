//! Flags organization accounts that no guardrail (service control policy) restricts
//! (CIS 2.1.2).

use super::organization::organization_of;
use crate::facts::{OrganizationMembership, OrganizationTree};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every account of the organization is restricted by a service control policy other
    /// than AWS's `FullAWSAccess`, attached to the account, to an organizational unit above
    /// it, or to the root; closed and suspended accounts are left out. Judged from the
    /// management account or a delegated administrator; from another member account it is
    /// skipped, and an account in no organization is not applicable.
    /// ## Why it matters
    /// A guardrail holds even against an account's own administrators: no one can leave the
    /// organization, stop CloudTrail or use a forbidden region. An account without one is
    /// only as safe as its own IAM.
    /// ## Remediation
    /// Enable service control policies on the root (`aws organizations enable-policy-type
    /// --root-id ROOT --policy-type SERVICE_CONTROL_POLICY`) and attach a guardrail policy to
    /// the root or to each unit (`aws organizations attach-policy`).
    pub struct OrgGuardrails;
    id: "security.org-guardrails",
    title: "Every organization account has a guardrail policy",
    category: Security,
    severity: High,
    scope: Global,
    facts: [OrganizationMembership, OrganizationTree],
    tags: ["organizations"],
}

#[async_trait]
impl Check for OrgGuardrails {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let organization = match organization_of(cx).await? {
            Ok(organization) => organization,
            Err(not_applicable) => return Ok(not_applicable),
        };
        let tree = cx.fact::<OrganizationTree>().await?;
        let findings = tree
            .accounts
            .iter()
            // A closed or suspended account runs nothing that a guardrail could stop.
            .filter(|a| !matches!(a.state.as_str(), "SUSPENDED" | "PENDING_CLOSURE" | "CLOSED"))
            .map(|account| {
                let resource = format!(
                    "arn:aws:organizations::{}:account/{}/{}",
                    organization.management_account_id, organization.id, account.id
                );
                let who = format!("{} ({})", account.name, account.id);
                if !tree.scps_enabled {
                    return Finding::fail(
                        resource,
                        format!("{who}: service control policies are not enabled on the root"),
                    );
                }
                let names: Vec<&str> = tree
                    .guardrails_of(account)
                    .iter()
                    .map(|g| g.name.as_str())
                    .collect();
                if names.is_empty() {
                    Finding::fail(resource, format!("{who} has only FullAWSAccess"))
                } else {
                    Finding::pass(resource, format!("{who} is under {}", names.join(", ")))
                }
            })
            .collect();
        Ok(cx.judge("accounts", findings))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use gonogo_core::Status;

    use super::*;
    use crate::facts::{Guardrail, Organization, OrganizationAccount};
    use crate::testing::{assert_status, facts, organization, run};

    fn account(id: &str, ancestors: &[&str]) -> OrganizationAccount {
        OrganizationAccount {
            id: id.to_owned(),
            name: format!("acct-{id}"),
            state: "ACTIVE".to_owned(),
            ancestors: ancestors.iter().map(|a| (*a).to_owned()).collect(),
        }
    }

    async fn judged(membership: Option<Organization>, tree: OrganizationTree) -> Outcome {
        let facts = facts();
        facts.provide(OrganizationMembership(membership));
        facts.provide(tree);
        run(OrgGuardrails, &OrgGuardrails::META, facts, "").await
    }

    #[tokio::test]
    async fn an_account_under_a_unit_guardrail_passes_one_with_only_full_access_fails() {
        let tree = OrganizationTree {
            scps_enabled: true,
            accounts: vec![
                account("111", &["r-1", "ou-prod"]),
                account("222", &["r-1"]),
            ],
            guardrails: vec![Guardrail {
                id: "p-deny".to_owned(),
                name: "deny-leave".to_owned(),
                targets: BTreeSet::from(["ou-prod".to_owned()]),
            }],
        };
        let outcome = judged(Some(organization()), tree.clone()).await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.message,
            "1 of 2 accounts failing: acct-222 (222) has only FullAWSAccess"
        );
        let mut rooted = tree;
        rooted.guardrails[0].targets.insert("r-1".to_owned());
        assert_status(&judged(Some(organization()), rooted).await, Status::Pass);
    }

    #[tokio::test]
    async fn no_organization_is_not_applicable() {
        let tree = OrganizationTree {
            scps_enabled: false,
            accounts: Vec::new(),
            guardrails: Vec::new(),
        };
        let outcome = judged(None, tree).await;
        assert_status(&outcome, Status::Skip);
        assert_eq!(outcome.message, "not applicable: no organization");
    }
}

//! AWS Organizations: whether the account is in an organization, and, seen from the
//! management account (or a delegated administrator), the organization's tree of roots,
//! units and accounts with the service control policies attached across it.

use std::collections::BTreeSet;

use async_trait::async_trait;
use aws_sdk_organizations::types::{PolicyType, PolicyTypeStatus};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// The organization the account belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    /// `o-…`.
    pub id: String,
    /// The organization's ARN.
    pub arn: String,
    /// The management account's id.
    pub management_account_id: String,
    /// `ALL` or `CONSOLIDATED_BILLING`.
    pub feature_set: String,
    /// Whether the audited account is the management account.
    pub is_management: bool,
}

/// The account's organization (`None`: the account is in none).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationMembership(pub Option<Organization>);

#[async_trait]
impl Fact for OrganizationMembership {
    const NAME: &'static str = "organization membership";
    const KEY: &'static str = "organizations.membership";
    const CALLS: &'static [ApiCall] =
        api_calls!("Organizations", "organizations": DescribeOrganization);
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let identity = facts.get::<CallerIdentity>().await?;
        match crate::aws_client!(aws_sdk_organizations, *config)
            .describe_organization()
            .send()
            .await
        {
            Ok(out) => Ok(Self(out.organization().map(|org| {
                let management = org.master_account_id().unwrap_or_default().to_owned();
                Organization {
                    id: org.id().unwrap_or_default().to_owned(),
                    arn: org.arn().unwrap_or_default().to_owned(),
                    is_management: management == identity.account_id,
                    management_account_id: management,
                    feature_set: org
                        .feature_set()
                        .map_or_else(String::new, |f| f.as_str().to_owned()),
                }
            }))),
            Err(err)
                if err
                    .as_service_error()
                    .is_some_and(|e| e.is_aws_organizations_not_in_use_exception()) =>
            {
                Ok(Self(None))
            }
            Err(err) => Err(sdk_error(&Self::INFO, err)),
        }
    }
}

/// One account of the organization, with where it sits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationAccount {
    /// Account id.
    pub id: String,
    /// Account name.
    pub name: String,
    /// `ACTIVE`, `SUSPENDED`, `CLOSED`, … (Organizations retired the older `Status`).
    pub state: String,
    /// The ids of its parents, the root first and its own unit last.
    pub ancestors: Vec<String>,
}

/// A service control policy that restricts (any but AWS's `FullAWSAccess`), and where it is
/// attached.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Guardrail {
    /// `p-…`.
    pub id: String,
    /// Policy name.
    pub name: String,
    /// The roots, units and accounts it is attached to.
    pub targets: BTreeSet<String>,
}

/// The organization's accounts and guardrails.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganizationTree {
    /// Whether service control policies are enabled on the root.
    pub scps_enabled: bool,
    /// Every account, sorted by id.
    pub accounts: Vec<OrganizationAccount>,
    /// Every guardrail, sorted by id.
    pub guardrails: Vec<Guardrail>,
}

impl OrganizationTree {
    /// The guardrails that apply to `account`: attached to it, to a unit above it, or to
    /// the root.
    pub fn guardrails_of(&self, account: &OrganizationAccount) -> Vec<&Guardrail> {
        self.guardrails
            .iter()
            .filter(|g| {
                g.targets.contains(&account.id)
                    || account.ancestors.iter().any(|a| g.targets.contains(a))
            })
            .collect()
    }
}

/// The id of AWS's own policy attached everywhere, which allows everything.
const FULL_ACCESS: &str = "p-FullAWSAccess";

#[async_trait]
impl Fact for OrganizationTree {
    const NAME: &'static str = "organization tree";
    const KEY: &'static str = "organizations.tree";
    const CALLS: &'static [ApiCall] = api_calls!(
        "Organizations",
        "organizations": ListRoots,
        ListOrganizationalUnitsForParent,
        ListAccountsForParent,
        ListPolicies,
        ListTargetsForPolicy
    );
    const NEEDS: &'static [&'static FactInfo] = &[&OrganizationMembership::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let membership = facts.get::<OrganizationMembership>().await?;
        let config = sdk_config(facts, Self::NAME).await?;
        let client = crate::aws_client!(aws_sdk_organizations, *config);
        Self::from_client(&client, membership.0.as_ref()).await
    }
}

impl OrganizationTree {
    /// Walks the organization through `client`, from each root down.
    pub async fn from_client(
        client: &aws_sdk_organizations::Client,
        organization: Option<&Organization>,
    ) -> Result<Self, FactError> {
        let Some(organization) = organization else {
            return Err(FactError::unavailable(
                Self::NAME,
                "the account is in no organization",
            ));
        };
        let roots: Vec<_> = match client
            .list_roots()
            .into_paginator()
            .send()
            .try_collect()
            .await
        {
            Ok(pages) => pages,
            // A member account that is not a delegated administrator cannot see the tree.
            Err(err)
                if !organization.is_management
                    && err
                        .as_service_error()
                        .is_some_and(|e| e.is_access_denied_exception()) =>
            {
                return Err(FactError::unavailable(
                    Self::NAME,
                    format!(
                        "only the management account ({}) or a delegated administrator can list \
                         the organization",
                        organization.management_account_id
                    ),
                ));
            }
            Err(err) => return Err(sdk_error(&Self::INFO, err)),
        };
        let roots: Vec<_> = roots.iter().flat_map(|p| p.roots().to_vec()).collect();
        let scps_enabled = roots.iter().all(|root| {
            root.policy_types().iter().any(|t| {
                t.r#type() == Some(&PolicyType::ServiceControlPolicy)
                    && t.status() == Some(&PolicyTypeStatus::Enabled)
            })
        }) && !roots.is_empty();

        // Breadth-first, one listing of units and one of accounts per parent.
        let mut accounts = Vec::new();
        let mut parents: Vec<Vec<String>> = roots
            .iter()
            .filter_map(|root| root.id().map(|id| vec![id.to_owned()]))
            .collect();
        while let Some(path) = parents.pop() {
            let parent = path.last().cloned().unwrap_or_default();
            let units: Vec<_> = client
                .list_organizational_units_for_parent()
                .parent_id(&parent)
                .into_paginator()
                .send()
                .try_collect()
                .await
                .map_err(|err| sdk_error(&Self::INFO, err))?;
            for unit in units.iter().flat_map(|p| p.organizational_units()) {
                let mut below = path.clone();
                below.push(unit.id().unwrap_or_default().to_owned());
                parents.push(below);
            }
            let listed: Vec<_> = client
                .list_accounts_for_parent()
                .parent_id(&parent)
                .into_paginator()
                .send()
                .try_collect()
                .await
                .map_err(|err| sdk_error(&Self::INFO, err))?;
            accounts.extend(listed.iter().flat_map(|p| p.accounts()).map(|account| {
                OrganizationAccount {
                    id: account.id().unwrap_or_default().to_owned(),
                    name: account.name().unwrap_or_default().to_owned(),
                    state: account
                        .state()
                        .map(|s| s.as_str().to_owned())
                        .unwrap_or_default(),
                    ancestors: path.clone(),
                }
            }));
        }
        accounts.sort_by(|a, b| a.id.cmp(&b.id));

        let mut guardrails = Vec::new();
        if scps_enabled {
            let policies: Vec<_> = client
                .list_policies()
                .filter(PolicyType::ServiceControlPolicy)
                .into_paginator()
                .send()
                .try_collect()
                .await
                .map_err(|err| sdk_error(&Self::INFO, err))?;
            for policy in policies.iter().flat_map(|p| p.policies()) {
                let id = policy.id().unwrap_or_default().to_owned();
                if id == FULL_ACCESS {
                    continue;
                }
                let targets: Vec<_> = client
                    .list_targets_for_policy()
                    .policy_id(&id)
                    .into_paginator()
                    .send()
                    .try_collect()
                    .await
                    .map_err(|err| sdk_error(&Self::INFO, err))?;
                guardrails.push(Guardrail {
                    name: policy.name().unwrap_or_default().to_owned(),
                    targets: targets
                        .iter()
                        .flat_map(|p| p.targets())
                        .filter_map(|t| t.target_id().map(str::to_owned))
                        .collect(),
                    id,
                });
            }
            guardrails.sort_by(|a, b| a.id.cmp(&b.id));
        }
        Ok(Self {
            scps_enabled,
            accounts,
            guardrails,
        })
    }
}

//! The accounts of an AWS Organization (`--organization`), read from the management account
//! or a delegated administrator: every account, or those under some units.

use std::collections::BTreeSet;

use aws_config::SdkConfig;
use aws_sdk_organizations::Client;

use super::FleetError;
use crate::aws::{describe, find_call};

/// One account of the organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberAccount {
    /// The 12-digit account id.
    pub id: String,
    /// Its name in the organization.
    pub name: String,
    /// `ACTIVE`, `SUSPENDED`, `PENDING_ACTIVATION`, `PENDING_CLOSURE` or `CLOSED`.
    pub state: String,
}

impl MemberAccount {
    /// Whether the account can be audited: only `ACTIVE` accounts answer.
    pub fn is_active(&self) -> bool {
        self.state == "ACTIVE"
    }
}

/// What the organization answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganizationAccounts {
    /// The management account's id.
    pub management_account_id: String,
    /// The accounts in scope, sorted by id, each once.
    pub accounts: Vec<MemberAccount>,
}

/// The organization's accounts, seen with `config`'s credentials: every account
/// (ListAccounts), or with `units` only those under them, at any depth.
pub async fn organization_accounts(
    config: &SdkConfig,
    units: &[String],
) -> Result<OrganizationAccounts, FleetError> {
    // Through the call labels, so an access-denied error names the IAM action.
    let aws = crate::aws::AwsConfig::new(config.clone());
    list_organization_accounts(&crate::aws_client!(aws_sdk_organizations, aws), units).await
}

/// [`organization_accounts`] through a given client.
pub async fn list_organization_accounts(
    client: &Client,
    units: &[String],
) -> Result<OrganizationAccounts, FleetError> {
    let why = FleetError::Organization;
    let organization = client
        .describe_organization()
        .send()
        .await
        .map_err(|err| why(describe(&err, declared)))?;
    let management_account_id = organization
        .organization()
        .and_then(|o| o.master_account_id())
        .unwrap_or_default()
        .to_owned();
    let mut listed = Vec::new();
    if units.is_empty() {
        let pages: Vec<_> = client
            .list_accounts()
            .into_paginator()
            .send()
            .try_collect()
            .await
            .map_err(|err| why(describe(&err, declared)))?;
        listed.extend(pages.iter().flat_map(|p| p.accounts().to_vec()));
    } else {
        // Down from each unit, one listing of units and one of accounts per parent.
        let mut parents: Vec<String> = units.to_vec();
        let mut visited = BTreeSet::new();
        while let Some(parent) = parents.pop() {
            if !visited.insert(parent.clone()) {
                continue;
            }
            let below: Vec<_> = client
                .list_organizational_units_for_parent()
                .parent_id(&parent)
                .into_paginator()
                .send()
                .try_collect()
                .await
                .map_err(|err| why(format!("unit {parent}: {}", describe(&err, declared))))?;
            parents.extend(
                below
                    .iter()
                    .flat_map(|p| p.organizational_units())
                    .filter_map(|u| u.id().map(str::to_owned)),
            );
            let pages: Vec<_> = client
                .list_accounts_for_parent()
                .parent_id(&parent)
                .into_paginator()
                .send()
                .try_collect()
                .await
                .map_err(|err| why(format!("unit {parent}: {}", describe(&err, declared))))?;
            listed.extend(pages.iter().flat_map(|p| p.accounts().to_vec()));
        }
    }
    let mut accounts: Vec<MemberAccount> = listed
        .iter()
        .filter_map(|account| {
            Some(MemberAccount {
                id: account.id()?.to_owned(),
                name: account.name().unwrap_or_default().to_owned(),
                state: account_state(account),
            })
        })
        .collect();
    accounts.sort_by(|a, b| a.id.cmp(&b.id));
    accounts.dedup_by(|a, b| a.id == b.id);
    Ok(OrganizationAccounts {
        management_account_id,
        accounts,
    })
}

/// The account's `State`; from the retired `Status` when only that is answered (older
/// endpoints), and `UNKNOWN` (not audited) when neither is.
fn account_state(account: &aws_sdk_organizations::types::Account) -> String {
    if let Some(state) = account.state() {
        return state.as_str().to_owned();
    }
    #[allow(deprecated)]
    let status = account.status();
    status.map_or_else(|| "UNKNOWN".to_owned(), |s| s.as_str().to_owned())
}

fn declared(service: &str, operation: &str) -> Option<gonogo_core::ApiCall> {
    find_call(super::ORGANIZATION_CALLS, service, operation)
}

#[cfg(test)]
mod tests {
    //! Answers moto never gives: an account with only the retired `Status` (older endpoints)
    //! and one with neither `State` nor `Status`. These use `aws-smithy-mocks`; the listing
    //! itself, SUSPENDED accounts included, is tested against moto's Organizations in
    //! tests/integration/fleet/organization.rs.

    use aws_sdk_organizations::operation::describe_organization::DescribeOrganizationOutput;
    use aws_sdk_organizations::operation::list_accounts::ListAccountsOutput;
    use aws_sdk_organizations::types::{Account, AccountState, AccountStatus, Organization};
    use aws_smithy_mocks::{RuleMode, mock, mock_client};

    use super::*;

    #[tokio::test]
    async fn suspended_and_statusless_accounts_are_not_active() {
        let describe = mock!(Client::describe_organization).then_output(|| {
            DescribeOrganizationOutput::builder()
                .organization(
                    Organization::builder()
                        .master_account_id("111111111111")
                        .build(),
                )
                .build()
        });
        #[allow(deprecated)]
        let list = mock!(Client::list_accounts).then_output(|| {
            ListAccountsOutput::builder()
                .accounts(
                    Account::builder()
                        .id("333333333333")
                        .state(AccountState::Suspended)
                        .build(),
                )
                .accounts(
                    Account::builder()
                        .id("222222222222")
                        .status(AccountStatus::Active)
                        .build(),
                )
                .accounts(Account::builder().id("444444444444").build())
                .build()
        });
        let client = mock_client!(
            aws_sdk_organizations,
            RuleMode::MatchAny,
            [&describe, &list]
        );
        let found = list_organization_accounts(&client, &[]).await.unwrap();
        assert_eq!(found.management_account_id, "111111111111");
        let states: Vec<(&str, &str, bool)> = found
            .accounts
            .iter()
            .map(|a| (a.id.as_str(), a.state.as_str(), a.is_active()))
            .collect();
        assert_eq!(
            states,
            [
                ("222222222222", "ACTIVE", true),
                ("333333333333", "SUSPENDED", false),
                ("444444444444", "UNKNOWN", false),
            ]
        );
    }
}

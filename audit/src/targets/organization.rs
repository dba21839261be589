//! `--organization`: the accounts to audit, from AWS Organizations.

use aws_config::SdkConfig;
use gonogo_checks::fleet::{
    AccountTarget, FleetError, MemberAccount, caller_account, organization_accounts,
};
use gonogo_reports::UnauditedAccount;

use crate::request::OrganizationScope;

/// The organization's accounts in scope: those to audit, and those left out by their state.
#[derive(Debug, Default)]
pub struct Discovered {
    /// The ACTIVE accounts, sorted by id: each through its role, the management account
    /// through the scanner's own credentials when they are its.
    pub targets: Vec<AccountTarget>,
    /// The accounts that are not ACTIVE (SUSPENDED, PENDING_CLOSURE, …), with their state.
    pub not_audited: Vec<UnauditedAccount>,
}

/// Lists the organization with `base`'s credentials and keeps the accounts `scope` selects.
pub async fn discover(
    base: &SdkConfig,
    scope: &OrganizationScope,
) -> Result<Discovered, FleetError> {
    let organization = organization_accounts(base, &scope.units).await?;
    let caller = caller_account(base).await?;
    let own = (caller == organization.management_account_id).then_some(caller.as_str());
    Ok(select(organization.accounts, scope, own))
}

/// The accounts of `accounts` that `scope` keeps; `own_account` (the management account, when
/// the scanner's credentials are its) is audited with those credentials, without a role.
pub fn select(
    accounts: Vec<MemberAccount>,
    scope: &OrganizationScope,
    own_account: Option<&str>,
) -> Discovered {
    let mut discovered = Discovered::default();
    for account in accounts {
        if scope.excluded.contains(&account.id) {
            continue;
        }
        let name = (!account.name.is_empty()).then(|| account.name.clone());
        if !account.is_active() {
            discovered.not_audited.push(UnauditedAccount {
                reason: format!("{} in the organization", account.state),
                account_id: account.id,
                name,
            });
            continue;
        }
        let role_arn = (own_account != Some(account.id.as_str()))
            .then(|| format!("arn:aws:iam::{}:role/{}", account.id, scope.role_name));
        discovered.targets.push(AccountTarget {
            account_id: account.id,
            role_arn,
            external_id: None,
            name,
        });
    }
    discovered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: &str, name: &str, state: &str) -> MemberAccount {
        MemberAccount {
            id: id.to_owned(),
            name: name.to_owned(),
            state: state.to_owned(),
        }
    }

    #[test]
    fn active_accounts_get_the_role_and_the_rest_are_listed_not_audited() {
        let scope = OrganizationScope {
            role_name: "audit".to_owned(),
            units: Vec::new(),
            excluded: vec!["444444444444".to_owned()],
        };
        let found = select(
            vec![
                account("111111111111", "management", "ACTIVE"),
                account("222222222222", "prod", "ACTIVE"),
                account("333333333333", "old", "SUSPENDED"),
                account("444444444444", "sandbox", "ACTIVE"),
            ],
            &scope,
            Some("111111111111"),
        );
        let targets: Vec<(&str, Option<&str>)> = found
            .targets
            .iter()
            .map(|t| (t.account_id.as_str(), t.role_arn.as_deref()))
            .collect();
        assert_eq!(
            targets,
            [
                ("111111111111", None),
                ("222222222222", Some("arn:aws:iam::222222222222:role/audit")),
            ]
        );
        assert_eq!(found.not_audited.len(), 1);
        assert_eq!(found.not_audited[0].label(), "old (333333333333)");
        assert_eq!(found.not_audited[0].reason, "SUSPENDED in the organization");
    }
}

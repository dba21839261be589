//! Which accounts and regions an audit covers: an accounts file and its shards, one role, an
//! organization's accounts, and the regions asked for (`all` is every enabled one).

pub mod accounts_file;
pub mod organization;

use aws_config::SdkConfig;
use gonogo_checks::fleet::{AccountTarget, enabled_regions};

use crate::error::AuditError;
use crate::request::{ALL_REGIONS, Shard, Targets};

/// The accounts to assume into that need no discovery: an accounts file's (its `shard`
/// when given) or one role's; `None` for the current account or an organization.
pub(crate) fn listed(
    targets: &Targets,
    shard: Option<Shard>,
) -> Result<Option<Vec<AccountTarget>>, AuditError> {
    match targets {
        Targets::AccountsFile(path) => Ok(Some(shard_of(accounts_file::load(path)?, shard))),
        Targets::Role {
            role_arn,
            external_id,
        } => {
            let account_id = accounts_file::role_account(role_arn)
                .ok_or_else(|| {
                    AuditError::Targets(format!(
                        "--role-arn `{role_arn}` is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)"
                    ))
                })?
                .to_owned();
            Ok(Some(vec![AccountTarget {
                account_id,
                role_arn: Some(role_arn.clone()),
                external_id: external_id.clone(),
                name: None,
            }]))
        }
        Targets::CurrentAccount | Targets::Organization(_) => Ok(None),
    }
}

/// `shard`'s share of `accounts`, or all of them.
pub(crate) fn shard_of(accounts: Vec<AccountTarget>, shard: Option<Shard>) -> Vec<AccountTarget> {
    match shard {
        Some(shard) => accounts_file::shard(accounts, shard),
        None => accounts,
    }
}

/// The regions to audit with `sdk`: those `asked`, every enabled one for `all`, else the
/// configuration's region.
pub(crate) async fn regions_of(asked: &[String], sdk: &SdkConfig) -> Result<Vec<String>, String> {
    let asked: Vec<String> = asked
        .iter()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    if asked.iter().any(|r| r == ALL_REGIONS) {
        if asked.len() > 1 {
            return Err("--regions all cannot be combined with named regions".to_owned());
        }
        return enabled_regions(sdk).await.map_err(|err| err.to_string());
    }
    for region in &asked {
        gonogo_core::region_names::check_region(region)?;
    }
    if asked.is_empty() {
        return sdk
            .region()
            .map(|r| vec![r.to_string()])
            .ok_or_else(|| "no AWS region configured: pass --region or set AWS_REGION".to_owned());
    }
    let mut regions = asked;
    regions.dedup();
    Ok(regions)
}

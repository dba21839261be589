//! Reaching many accounts and regions: assuming a role into each account, and listing the
//! regions an account has enabled.

mod assume;
mod error;
mod organization;
mod regions;

pub use assume::{AccountTarget, assume_role, caller_account};
pub use error::FleetError;
pub use organization::{
    MemberAccount, OrganizationAccounts, list_organization_accounts, organization_accounts,
};
pub use regions::{enabled_regions, list_enabled_regions};

use gonogo_core::ApiCall;
use gonogo_core::api_calls;

/// What the scanner's own credentials call to reach a fleet (`--accounts`, `--role-arn`),
/// on each account's audit role.
pub const ASSUME_CALLS: &[ApiCall] = api_calls!("STS", "sts": AssumeRole, GetCallerIdentity);

/// What `--regions all` calls in each audited account.
pub const REGION_CALLS: &[ApiCall] = api_calls!("Account", "account": ListRegions);

/// What `--organization` calls with the scanner's own credentials (the management account or
/// a delegated administrator) to list the accounts.
pub const ORGANIZATION_CALLS: &[ApiCall] = api_calls!(
    "Organizations",
    "organizations": DescribeOrganization,
    ListAccounts,
    ListAccountsForParent,
    ListOrganizationalUnitsForParent
);

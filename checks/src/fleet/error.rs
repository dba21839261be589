//! Why an account of a fleet, or the fleet itself, could not be reached: each is that
//! account's error in the report (or the audit's, for the organization), never a verdict.

/// What went wrong reaching accounts and regions.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FleetError {
    /// A target without a role, and the scanner's credentials are another account's.
    #[error("no role to assume, and the scanner's own credentials are in account {0}")]
    NotOwnAccount(String),
    /// STS would not let the scanner assume the role.
    #[error("could not assume {role_arn}: {cause}")]
    AssumeRole {
        /// The role.
        role_arn: String,
        /// Why, as the SDK said it.
        cause: String,
    },
    /// STS GetCallerIdentity failed.
    #[error("could not tell whose credentials these are: {0}")]
    CallerIdentity(String),
    /// STS answered without an account.
    #[error("STS named no account for these credentials")]
    NoAccount,
    /// The Account API's ListRegions failed.
    #[error("could not list enabled regions: {0}")]
    ListRegions(String),
    /// The account lists no region at all.
    #[error("the account lists no enabled region")]
    NoRegion,
    /// An Organizations call failed.
    #[error("could not list the organization's accounts: {0}")]
    Organization(String),
}

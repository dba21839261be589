//! Auditing many accounts and regions: the accounts file, shards, and one account's audit
//! over its regions.

pub(crate) mod account;
pub(crate) mod accounts_file;
pub(crate) mod organization;

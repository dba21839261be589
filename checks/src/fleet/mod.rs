//! Reaching many accounts and regions: assuming a role into each account, and listing the
//! regions an account has enabled.

mod assume;
mod regions;

pub use assume::{AccountTarget, assume_role};
pub use regions::{enabled_regions, list_enabled_regions};

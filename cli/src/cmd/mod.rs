//! One file per subcommand.

pub(crate) mod accounts;
pub(crate) mod audit;
pub(crate) mod build_info;
pub(crate) mod deploy;
pub(crate) mod docs;
pub(crate) mod explain;
pub(crate) mod frameworks;
pub(crate) mod list;
pub(crate) mod merge;
pub(crate) mod permissions;
pub(crate) mod policy;
pub(crate) mod schema;
pub(crate) mod session;
pub(crate) mod snapshot;
pub(crate) mod whoami;

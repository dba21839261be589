//! The catalogue against moto: each check made to pass and made to fail, one file per area,
//! and the policy's HTTP probes.

mod catalogue;
mod cost;
mod golive;
mod iam_policies;
mod identity;
mod infrastructure;
mod load_balancers;
mod logging;
mod monitoring;
mod network;
mod operations;
mod organizations;
mod probes;
mod resource_policies;
mod s3;
mod security;
mod stack;
mod trail_alarms;

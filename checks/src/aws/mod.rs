//! AWS plumbing: SDK configuration as a fact, and SDK errors as fact errors.

mod budget;
mod config;
mod error;
mod labels;
mod resolver;
mod stats;
mod time;

pub use budget::{Budget, BudgetTag, RequestBudget};
pub use config::{AwsConfig, AwsOptions, ConfigError, load_sdk_config, sdk_config};
pub use error::{cause_chain, describe, find_call, sdk_error};
pub use labels::CallLabels;
pub use resolver::EndpointResolver;
pub use stats::StatsInterceptor;
pub use time::utc;

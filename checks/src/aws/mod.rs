//! AWS plumbing: SDK configuration as a fact, and SDK errors as fact errors.

mod config;
mod error;
mod stats;

pub use config::{AwsConfig, AwsOptions, ConfigError, load_sdk_config, sdk_config};
pub use error::{cause_chain, sdk_error};
pub use stats::StatsInterceptor;

//! AWS plumbing: SDK configuration as a fact, and SDK errors as fact errors.

mod config;
mod error;

pub use config::{AwsConfig, AwsOptions, ConfigError, load_sdk_config, sdk_config};
pub use error::sdk_error;

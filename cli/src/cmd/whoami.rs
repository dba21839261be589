//! `gonogo whoami`: the identity behind the credentials.

use std::sync::Arc;

use chrono::Utc;
use gonogo_checks::aws::{AwsConfig, load_sdk_config};
use gonogo_checks::facts::CallerIdentity;
use gonogo_core::Facts;

use crate::args::AwsArgs;

pub(crate) async fn run(args: &AwsArgs) -> anyhow::Result<i32> {
    let config = load_sdk_config(&args.to_options()).await?;
    let facts = Arc::new(Facts::new(Utc::now()));
    facts.insert_resource(AwsConfig::new(config));
    let identity = facts.get::<CallerIdentity>().await?;
    outln!("account: {}", identity.account_id);
    outln!("arn:     {}", identity.arn);
    outln!("region:  {}", identity.region);
    Ok(0)
}

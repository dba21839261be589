//! `gonogo accounts --organization`: the accounts file an organization audit would use.

use anyhow::Context;
use gonogo_checks::aws::load_sdk_config;

use crate::args::AccountsArgs;
use crate::cmd::session;
use crate::fleet::{accounts_file, organization};

pub(crate) async fn run(args: &AccountsArgs) -> anyhow::Result<i32> {
    if !args.organization.organization {
        anyhow::bail!(
            "`gonogo accounts` lists an organization's accounts: pass --organization \
             (with the management account's or a delegated administrator's credentials)"
        );
    }
    let base = load_sdk_config(&session::aws_options(&args.aws)).await?;
    let discovered = organization::discover(&base, &args.organization)
        .await
        .context("--organization")?;
    let text = accounts_file::render(&discovered.targets, &discovered.not_audited)?;
    out!("{text}");
    Ok(0)
}

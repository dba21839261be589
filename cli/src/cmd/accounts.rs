//! `gonogo accounts --organization`: the accounts file an organization audit would use.

use gonogo_audit::targets::{accounts_file, organization};
use gonogo_checks::aws::load_sdk_config;

use crate::args::AccountsArgs;

pub(crate) async fn run(args: &AccountsArgs) -> anyhow::Result<i32> {
    if !args.organization.organization {
        anyhow::bail!(
            "`gonogo accounts` lists an organization's accounts: pass --organization \
             (with the management account's or a delegated administrator's credentials)"
        );
    }
    let base = load_sdk_config(&args.aws.to_options()).await?;
    let discovered = organization::discover(&base, &args.organization.to_scope())
        .await
        .map_err(|err| anyhow::anyhow!("--organization: {err}"))?;
    let text = accounts_file::render(&discovered.targets, &discovered.not_audited)?;
    out!("{text}");
    Ok(0)
}

//! `gonogo permissions`: the least-privilege IAM policy of a selection, from the declarations.

use gonogo_audit::planning::{load_policy, plan_selection, selection};
use gonogo_core::calls::ApiCall;
use gonogo_core::catalogue::{Catalogue, StageKinds};
use gonogo_core::exit_codes;
use gonogo_core::outcome::quote_messages;
use gonogo_core::permissions::Needs;
use gonogo_core::policy::StageSpec;
use serde_json::json;

use crate::args::{PermissionsArgs, PermissionsFormat};
use crate::output::{cli_table, ids_whole};

/// Checks and stages named per action in the table.
const MAX_NAMED: usize = 4;

pub(crate) fn run(args: &PermissionsArgs, catalogue: &Catalogue) -> anyhow::Result<i32> {
    let policy = match load_policy(args.select.policy.as_deref(), catalogue) {
        Ok(policy) => policy,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(exit_codes::INCOMPLETE);
        }
    };
    let selection = selection(&args.select.to_request(), catalogue)?;
    let plan = plan_selection(catalogue, policy.clone(), &selection)?;
    let mut needs = Needs::of_checks(plan.checks().iter().map(|c| c.meta));
    if args.stages {
        let specs = if policy.stages.is_empty() {
            every_stage_kind(&catalogue.stages)
        } else {
            policy.stages.clone()
        };
        needs
            .add_stages(catalogue, &policy, &specs)
            .map_err(anyhow::Error::msg)?;
    }
    match args.format {
        PermissionsFormat::Json => {
            outln!("{}", serde_json::to_string_pretty(&needs.document())?);
        }
        PermissionsFormat::Calls => {
            let calls: Vec<_> = needs
                .calls()
                .into_iter()
                .map(|(call, who)| {
                    json!({
                        "service": call.service,
                        "operation": call.operation,
                        "action": call.action,
                        "needed_by": who,
                    })
                })
                .collect();
            outln!("{}", serde_json::to_string_pretty(&calls)?);
        }
        PermissionsFormat::Table => {
            let mut table = cli_table(["Action", "API call", "Needed by"]);
            for (call, who) in needs.calls() {
                let who: Vec<String> = who.into_iter().map(str::to_owned).collect();
                table.add_row([
                    call.action.to_owned(),
                    format!("{} {}", call.service, call.operation),
                    quote_messages(&who, MAX_NAMED, "checks and stages"),
                ]);
            }
            outln!("{}", ids_whole(table));
        }
    }
    eprintln!("{}", outside_the_policy());
    Ok(0)
}

/// One `[[stages]]` entry of every registered kind, with no parameters.
fn every_stage_kind(kinds: &StageKinds) -> Vec<StageSpec> {
    kinds
        .keys()
        .map(|kind| StageSpec {
            name: (*kind).to_owned(),
            kind: (*kind).to_owned(),
            params: toml::Table::new(),
            declared_at: None,
        })
        .collect()
}

/// What the document above does not cover: the scanner's own calls.
fn outside_the_policy() -> String {
    let actions = |calls: &[ApiCall]| {
        calls
            .iter()
            .map(|c| c.action)
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "note: this is the audited account's policy. A fleet scanner (--accounts, --role-arn) also needs {} on each account's audit role (Resource: the role ARNs); --organization also {} in the management account (or a delegated administrator); --regions all needs {} and --security-hub {} in the audited accounts; --publish-metrics needs {} and --notify-sqs {} with the scanner's credentials.",
        actions(gonogo_checks::fleet::ASSUME_CALLS),
        actions(gonogo_checks::fleet::ORGANIZATION_CALLS),
        actions(gonogo_checks::fleet::REGION_CALLS),
        actions(gonogo_audit::destinations::SECURITY_HUB_CALLS),
        actions(gonogo_audit::destinations::METRIC_CALLS),
        actions(gonogo_audit::destinations::NOTIFY_CALLS),
    )
}

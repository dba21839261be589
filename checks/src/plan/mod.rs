//! Terraform plans (`terraform show -json tfplan`; OpenTofu writes the same format): reading
//! one and saying what it changes. This is the input of the plan verdict (`gonogo audit
//! --plan`, issue #24), whose overlay puts each change over the facts the checks read; one
//! file per resource family will sit beside the fact it edits.

mod file;

pub use file::{Action, ChangeKind, PlanFileError, ResourceChange, TerraformPlan};

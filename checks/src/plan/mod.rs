//! Terraform plans (`terraform show -json tfplan`; OpenTofu writes the same format): reading
//! one, placing its changes, and putting them over the facts the checks read (`gonogo audit
//! --plan`). Each resource family's edit sits beside the fact it edits
//! (`facts/*_plan.rs`).

mod fact;
mod file;
mod overlay;
mod planned;
#[cfg(test)]
pub(crate) mod testing;
pub mod values;

pub use fact::{PlannedChange, TerraformChanges};
pub use file::{
    Action, ChangeKind, PlanFileError, ResourceChange, TerraformPlan, managed_addresses,
};
pub use overlay::{
    Edit, FamilyOverlay, Fill, KNOWN_AFTER_APPLY, NotEvaluated, PlanOverlay, families, is_modeled,
};
pub use planned::{Planned, PlannedChanges};

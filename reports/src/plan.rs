//! The `plan` block of a report audited with `gonogo audit --plan`: what the Terraform plan
//! changes, how the account stood before it, what it introduces and resolves, and what the
//! checks did not see.

use gonogo_core::judged::Verdict;
use serde::{Deserialize, Serialize};

use crate::contract::ResolvedProblem;

/// What a Terraform plan does to the account, as the audit judged it (an addition within
/// schema version 1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PlanReport {
    /// The plan file.
    pub source: String,
    /// The plan's `format_version`.
    pub format_version: String,
    /// The Terraform (or OpenTofu) version that wrote it.
    pub terraform_version: String,
    /// Resources it creates.
    pub create: usize,
    /// Resources it updates in place.
    pub update: usize,
    /// Resources it deletes.
    pub delete: usize,
    /// Resources it replaces (deletes and creates again).
    pub replace: usize,
    /// The verdict of the account before the change (the same audit without the plan).
    pub verdict: Verdict,
    /// The score of the account before the change.
    pub score: f64,
    /// Problems (failing or warning findings) the change introduces.
    pub new: usize,
    /// Problems there before the change and after it.
    pub unchanged: usize,
    /// Problems the change resolves.
    pub resolved: Vec<ResolvedProblem>,
    /// Planned changes the checks did not see.
    pub not_evaluated: Vec<NotEvaluatedChange>,
}

/// A planned change the checks did not see.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NotEvaluatedChange {
    /// Its Terraform address.
    pub address: String,
    /// Its resource type.
    #[serde(rename = "type")]
    pub resource_type: String,
    /// The plan's actions (`create`, `update`, `delete`).
    pub actions: Vec<String>,
    /// Why the checks did not see it.
    pub reason: String,
}

impl PlanReport {
    /// The line reports lead with: "This plan (…) introduces 2 problems, resolves 1; 14 were
    /// there before (before it: NO-GO, score 71.3)."
    pub fn headline(&self) -> String {
        let noun = |n: usize| if n == 1 { "problem" } else { "problems" };
        let before = if self.unchanged == 1 { "was" } else { "were" };
        format!(
            "This plan ({} to create, {} to update, {} to delete, {} to replace) introduces {} {}, resolves {}; {} {before} there before (before it: {}, score {}).",
            self.create,
            self.update,
            self.delete,
            self.replace,
            self.new,
            noun(self.new),
            self.resolved.len(),
            self.unchanged,
            self.verdict.label(),
            self.score,
        )
    }
}

//! Flags an account with no cost budget.

use crate::facts::{Budgets, CallerIdentity};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// At least one budget of type `COST` exists.
    /// ## Why it matters
    /// Without a cost budget nobody hears about a runaway bill until the invoice.
    /// ## Remediation
    /// `aws budgets create-budget` with a monthly COST budget and a notification.
    pub struct BudgetExists;
    id: "cost.budget-exists",
    title: "A cost budget exists",
    category: Cost,
    severity: High,
    scope: Global,
    presence: Required,
    facts: [Budgets, CallerIdentity],
    tags: ["quick"],
}

#[async_trait]
impl Check for BudgetExists {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let budgets = cx.fact::<Budgets>().await?;
        let cost: Vec<_> = budgets.budgets.iter().filter(|b| b.is_cost()).collect();
        let finding = match cost.as_slice() {
            [] => {
                let account = cx.fact::<CallerIdentity>().await?.account_id.clone();
                Finding::fail(
                    format!("arn:aws:budgets::{account}:budget/*"),
                    "no COST budget exists",
                )
            }
            [only] => Finding::pass(&only.arn, format!("cost budget {} exists", only.name)),
            [first, ..] => Finding::pass(&first.arn, format!("{} cost budgets exist", cost.len())),
        };
        Ok(cx.judge("cost budgets", vec![finding]))
    }
}

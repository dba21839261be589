//! Flags monthly cost budgets whose limit is above the policy's ceiling.

use crate::facts::Budgets;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every monthly COST budget's limit is at most `max_monthly_usd`. A limit in another
    /// currency is a warning (not compared).
    /// ## Why it matters
    /// A budget set far above the expected spend never fires.
    /// ## Remediation
    /// Lower the budget limit (`aws budgets update-budget`), or raise `max_monthly_usd` in the
    /// policy if the spend is expected.
    pub struct BudgetLimit;
    id: "cost.budget-limit",
    title: "Monthly cost budgets stay under the ceiling",
    category: Cost,
    severity: Medium,
    scope: Global,
    facts: [Budgets],
    params: ["max_monthly_usd": Float = "500" => "highest monthly limit allowed, in USD"],
}

#[async_trait]
impl Check for BudgetLimit {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let budgets = cx.fact::<Budgets>().await?;
        let max: f64 = cx.param("max_monthly_usd")?;
        let findings = budgets
            .budgets
            .iter()
            .filter(|b| b.is_cost() && b.time_unit == "MONTHLY")
            .map(|b| match &b.limit {
                None => Finding::warn(&b.arn, format!("{} has no fixed limit", b.name)),
                Some(limit) if limit.unit != "USD" => Finding::warn(
                    &b.arn,
                    format!("{} limit is in {}, not compared", b.name, limit.unit),
                ),
                Some(limit) if limit.amount > max => Finding::fail(
                    &b.arn,
                    format!("{} limit {:.2} USD > {max:.2} USD", b.name, limit.amount),
                ),
                Some(limit) => Finding::pass(
                    &b.arn,
                    format!("{} limit {:.2} USD ≤ {max:.2} USD", b.name, limit.amount),
                ),
            })
            .collect();
        Ok(cx.judge("monthly cost budgets", findings))
    }
}

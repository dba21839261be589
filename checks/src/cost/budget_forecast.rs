//! Flags cost budgets forecast to overrun, and warns when actual spend nears the limit.

use crate::facts::Budgets;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// For every COST budget, forecasted spend is at most the limit (else fail); actual spend
    /// at or above `warn_percent` of the limit is a warning; a budget without a limit or a
    /// forecast is a warning.
    /// ## Why it matters
    /// A change that ships into an overrunning month makes the overrun worse.
    /// ## Remediation
    /// Find the cost driver in Cost Explorer before the change, or raise the budget with the
    /// owner's approval.
    pub struct BudgetForecast;
    id: "cost.budget-forecast",
    title: "Cost budgets are forecast within their limit",
    category: Cost,
    severity: High,
    scope: Global,
    facts: [Budgets],
    params: ["warn_percent": Float[0, 100] = "80" => "actual spend, as % of the limit, that warns"],
}

#[async_trait]
impl Check for BudgetForecast {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let budgets = cx.fact::<Budgets>().await?;
        let warn_percent: f64 = cx.param("warn_percent")?;
        let findings = budgets
            .budgets
            .iter()
            .filter(|b| b.is_cost())
            .map(|b| {
                let (Some(limit), Some(forecast)) = (&b.limit, &b.forecast) else {
                    return Finding::warn(
                        &b.arn,
                        format!("{} has no limit or no forecast", b.name),
                    );
                };
                let actual = b.actual.as_ref().map_or(0.0, |a| a.amount);
                if forecast.amount > limit.amount {
                    Finding::fail(
                        &b.arn,
                        format!(
                            "{} forecast {:.2} > limit {:.2} {}",
                            b.name, forecast.amount, limit.amount, limit.unit
                        ),
                    )
                } else if limit.amount > 0.0 && 100.0 * actual / limit.amount >= warn_percent {
                    Finding::warn(
                        &b.arn,
                        format!(
                            "{} actual {actual:.2} is {:.0}% of limit {:.2}",
                            b.name,
                            100.0 * actual / limit.amount,
                            limit.amount
                        ),
                    )
                } else {
                    Finding::pass(
                        &b.arn,
                        format!(
                            "{} forecast {:.2} ≤ limit {:.2}",
                            b.name, forecast.amount, limit.amount
                        ),
                    )
                }
            })
            .collect();
        Ok(cx.judge("cost budgets", findings))
    }
}

//! Flags cost budgets that would alert nobody.

use crate::facts::{BudgetNotifications, Budgets};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every COST budget has at least one notification with at least one subscriber.
    /// ## Why it matters
    /// A budget that notifies nobody is a number on a page.
    /// ## Remediation
    /// `aws budgets create-notification` with an email or SNS subscriber.
    pub struct BudgetAlerts;
    id: "cost.budget-alerts",
    title: "Cost budgets notify someone",
    category: Cost,
    severity: Medium,
    tags: [],
    params: [],
}

#[async_trait]
impl Check for BudgetAlerts {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let budgets = cx.fact::<Budgets>().await?;
        let notifications = cx.fact::<BudgetNotifications>().await?;
        let findings = budgets
            .budgets
            .iter()
            .filter(|b| b.is_cost())
            .map(|b| {
                let list = notifications.by_budget.get(&b.name).map(Vec::as_slice).unwrap_or_default();
                let subscribed = list.iter().filter(|n| n.subscribers > 0).count();
                if subscribed > 0 {
                    Finding::pass(&b.arn, format!("{} has {subscribed} notification(s) with subscribers", b.name))
                } else if list.is_empty() {
                    Finding::fail(&b.arn, format!("{} has no notification", b.name))
                } else {
                    Finding::fail(&b.arn, format!("{} has notifications but no subscriber", b.name))
                }
            })
            .collect();
        Ok(Outcome::from_findings("cost budgets", findings))
    }
}

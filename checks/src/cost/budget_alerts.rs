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
    scope: Global,
    facts: [Budgets, BudgetNotifications],
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
                let list = notifications
                    .by_budget
                    .get(&b.name)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let subscribed = list.iter().filter(|n| n.subscribers > 0).count();
                if subscribed > 0 {
                    Finding::pass(
                        &b.arn,
                        format!(
                            "{} has {subscribed} notification(s) with subscribers",
                            b.name
                        ),
                    )
                } else if list.is_empty() {
                    Finding::fail(&b.arn, format!("{} has no notification", b.name))
                } else {
                    Finding::fail(
                        &b.arn,
                        format!("{} has notifications but no subscriber", b.name),
                    )
                }
            })
            .collect();
        Ok(cx.judge("cost budgets", findings))
    }
}

#[cfg(test)]
mod tests {
    //! moto (5.2) does not implement DescribeSubscribersForNotification, so the subscriber
    //! counting is covered here with `aws-smithy-mocks`; `tests/` shows moto's gap ends as an
    //! `error`, never a pass, and covers the no-notification failure against moto.

    use aws_sdk_budgets::operation::describe_notifications_for_budget::DescribeNotificationsForBudgetOutput;
    use aws_sdk_budgets::operation::describe_subscribers_for_notification::DescribeSubscribersForNotificationOutput;
    use aws_sdk_budgets::types::{
        ComparisonOperator, Notification, NotificationType, Subscriber, SubscriptionType,
    };
    use aws_smithy_mocks::{RuleMode, mock, mock_client};
    use gonogo_core::Status;

    use super::*;
    use crate::facts::{Budget, Money, collect_budget_notifications};
    use crate::testing::{assert_status, facts, run};

    fn budgets() -> Budgets {
        let money = |amount| {
            Some(Money {
                amount,
                unit: "USD".to_owned(),
            })
        };
        Budgets {
            budgets: vec![Budget {
                name: "monthly".to_owned(),
                arn: "arn:aws:budgets::123456789012:budget/monthly".to_owned(),
                budget_type: "COST".to_owned(),
                time_unit: "MONTHLY".to_owned(),
                limit: money(400.0),
                actual: money(100.0),
                forecast: money(300.0),
            }],
        }
    }

    async fn notifications(subscribers: usize) -> BudgetNotifications {
        let listed =
            mock!(aws_sdk_budgets::Client::describe_notifications_for_budget).then_output(|| {
                DescribeNotificationsForBudgetOutput::builder()
                    .notifications(
                        Notification::builder()
                            .notification_type(NotificationType::Actual)
                            .comparison_operator(ComparisonOperator::GreaterThan)
                            .threshold(80.0)
                            .build()
                            .unwrap(),
                    )
                    .build()
            });
        let subscribed = mock!(aws_sdk_budgets::Client::describe_subscribers_for_notification)
            .then_output(move || {
                let subscriber = || {
                    Subscriber::builder()
                        .subscription_type(SubscriptionType::Email)
                        .address("oncall@example.com")
                        .build()
                        .unwrap()
                };
                DescribeSubscribersForNotificationOutput::builder()
                    .set_subscribers(Some((0..subscribers).map(|_| subscriber()).collect()))
                    .build()
            });
        let client = mock_client!(aws_sdk_budgets, RuleMode::MatchAny, [&listed, &subscribed]);
        let result = collect_budget_notifications(&client, "123456789012", &["monthly".to_owned()])
            .await
            .unwrap();
        assert_eq!(subscribed.num_calls(), 1);
        result
    }

    #[tokio::test]
    async fn passes_with_a_subscribed_notification() {
        let facts = facts();
        facts.provide(budgets());
        facts.provide(notifications(2).await);
        let outcome = run(BudgetAlerts, &BudgetAlerts::META, facts, "").await;
        assert_status(&outcome, Status::Pass);
        assert_eq!(
            outcome.message,
            "monthly has 1 notification(s) with subscribers"
        );
    }

    #[tokio::test]
    async fn fails_with_a_notification_nobody_receives() {
        let facts = facts();
        facts.provide(budgets());
        facts.provide(notifications(0).await);
        let outcome = run(BudgetAlerts, &BudgetAlerts::META, facts, "").await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.message,
            "monthly has notifications but no subscriber"
        );
    }
}

//! AWS Budgets: budgets with their spend, and their notifications with subscriber counts.

use std::collections::BTreeMap;

use async_trait::async_trait;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::CallerIdentity;

/// An amount of money.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Money {
    /// Amount.
    pub amount: f64,
    /// Unit (`USD`).
    pub unit: String,
}

impl Money {
    fn from_spend(spend: &aws_sdk_budgets::types::Spend) -> Option<Self> {
        Some(Self {
            amount: spend.amount().parse().ok()?,
            unit: spend.unit().to_owned(),
        })
    }
}

/// One budget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    /// Budget name.
    pub name: String,
    /// Its ARN-like resource id.
    pub arn: String,
    /// `COST`, `USAGE`, …
    pub budget_type: String,
    /// `MONTHLY`, `QUARTERLY`, …
    pub time_unit: String,
    /// The limit, if fixed.
    pub limit: Option<Money>,
    /// Spend so far this period.
    pub actual: Option<Money>,
    /// Forecasted spend for the period.
    pub forecast: Option<Money>,
}

impl Budget {
    /// Whether this is a cost budget.
    pub fn is_cost(&self) -> bool {
        self.budget_type == "COST"
    }
}

/// Every budget of the account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Budgets {
    /// Budgets, sorted by name.
    pub budgets: Vec<Budget>,
}

#[async_trait]
impl Fact for Budgets {
    const NAME: &'static str = "budgets";
    const KEY: &'static str = "budgets.budgets";
    const CALLS: &'static [ApiCall] = &[ApiCall::new(
        "Budgets",
        "DescribeBudgets",
        "budgets:ViewBudget",
    )];
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let account = facts.get::<CallerIdentity>().await?.account_id.clone();
        let client = crate::aws_client!(aws_sdk_budgets, *config);
        let mut stream = client
            .describe_budgets()
            .account_id(&account)
            .into_paginator()
            .items()
            .send();
        let mut budgets = Vec::new();
        while let Some(item) = stream.next().await {
            let b = item.map_err(|err| sdk_error(&Self::INFO, err))?;
            let spend = b.calculated_spend();
            budgets.push(Budget {
                name: b.budget_name().to_owned(),
                arn: format!("arn:aws:budgets::{account}:budget/{}", b.budget_name()),
                budget_type: b.budget_type().as_str().to_owned(),
                time_unit: b.time_unit().as_str().to_owned(),
                limit: b.budget_limit().and_then(Money::from_spend),
                actual: spend
                    .and_then(|s| s.actual_spend())
                    .and_then(Money::from_spend),
                forecast: spend
                    .and_then(|s| s.forecasted_spend())
                    .and_then(Money::from_spend),
            });
        }
        budgets.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { budgets })
    }
}

/// One notification of a budget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetNotification {
    /// `ACTUAL` or `FORECASTED`.
    pub notification_type: String,
    /// Threshold.
    pub threshold: f64,
    /// How many subscribers receive it.
    pub subscribers: usize,
}

/// The notifications of every cost budget, by budget name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetNotifications {
    /// Budget name to its notifications.
    pub by_budget: BTreeMap<String, Vec<BudgetNotification>>,
}

#[async_trait]
impl Fact for BudgetNotifications {
    const NAME: &'static str = "budget notifications";
    const KEY: &'static str = "budgets.notifications";
    const CALLS: &'static [ApiCall] = &[
        ApiCall::new(
            "Budgets",
            "DescribeNotificationsForBudget",
            "budgets:ViewBudget",
        ),
        ApiCall::new(
            "Budgets",
            "DescribeSubscribersForNotification",
            "budgets:ViewBudget",
        ),
    ];
    const NEEDS: &'static [&'static FactInfo] = &[&CallerIdentity::INFO, &Budgets::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let config = sdk_config(facts, Self::NAME).await?;
        let account = facts.get::<CallerIdentity>().await?.account_id.clone();
        let budgets = facts.get::<Budgets>().await?;
        let names: Vec<String> = budgets
            .budgets
            .iter()
            .filter(|b| b.is_cost())
            .map(|b| b.name.clone())
            .collect();
        let client = crate::aws_client!(aws_sdk_budgets, *config);
        collect_budget_notifications(&client, &account, &names).await
    }
}

/// Lists each named budget's notifications and counts each one's subscribers.
pub async fn collect_budget_notifications(
    client: &aws_sdk_budgets::Client,
    account: &str,
    budget_names: &[String],
) -> Result<BudgetNotifications, FactError> {
    let fact = &BudgetNotifications::INFO;
    let mut by_budget = BTreeMap::new();
    for name in budget_names {
        let mut notifications = Vec::new();
        let mut listed = client
            .describe_notifications_for_budget()
            .account_id(account)
            .budget_name(name)
            .into_paginator()
            .items()
            .send();
        while let Some(notification) = listed.next().await {
            let notification = notification.map_err(|err| sdk_error(fact, err))?;
            let mut subscribers = 0;
            let mut pages = client
                .describe_subscribers_for_notification()
                .account_id(account)
                .budget_name(name)
                .notification(notification.clone())
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                subscribers += page
                    .map_err(|err| sdk_error(fact, err))?
                    .subscribers()
                    .len();
            }
            notifications.push(BudgetNotification {
                notification_type: notification.notification_type().as_str().to_owned(),
                threshold: notification.threshold(),
                subscribers,
            });
        }
        by_budget.insert(name.clone(), notifications);
    }
    Ok(BudgetNotifications { by_budget })
}

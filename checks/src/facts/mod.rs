//! Facts about the AWS account: one file per service. Each is collected once per audit,
//! paginated fully, through the widest API that serves it.

mod budgets;
mod cloudwatch;
mod iam;
mod sqs;
mod sts;

pub use budgets::{
    Budget, BudgetNotification, BudgetNotifications, Budgets, Money, collect_budget_notifications,
};
pub use cloudwatch::{
    Alarm, AlarmKind, Alarms, CanaryMetrics, CanarySeries, cloudwatch_history_minutes,
};
pub use iam::{
    AccessKey, AccountSummary, CredentialReport, CustomerManagedPolicies, IamUser, ManagedPolicy,
    PasswordPolicy, PasswordPolicySettings,
};
pub use sqs::{Queue, SqsQueues};
pub use sts::CallerIdentity;

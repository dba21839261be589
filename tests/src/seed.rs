//! Seeding moto through the AWS SDK, as a user's infrastructure code would.

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_budgets::types::{
    Budget, BudgetType, CalculatedSpend, ComparisonOperator, Notification, NotificationType, Spend,
    TimeUnit,
};
use aws_sdk_cloudwatch::types::{
    ComparisonOperator as AlarmComparison, Dimension, MetricDatum, StateValue, Statistic,
};
use aws_sdk_sqs::types::QueueAttributeName;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use aws_smithy_types::DateTime as SmithyDateTime;
use chrono::{DateTime, Utc};

use crate::Moto;

/// moto's default account.
pub const ACCOUNT: &str = "123456789012";

/// SDK clients pointed at one moto server.
pub struct Seeder {
    /// IAM.
    pub iam: aws_sdk_iam::Client,
    /// SQS.
    pub sqs: aws_sdk_sqs::Client,
    /// CloudWatch.
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    /// Budgets.
    pub budgets: aws_sdk_budgets::Client,
}

impl Seeder {
    /// Clients for `moto`, with fake credentials.
    pub async fn new(moto: &Moto) -> Self {
        let config = sdk_config(&moto.endpoint()).await;
        Self {
            iam: aws_sdk_iam::Client::new(&config),
            sqs: aws_sdk_sqs::Client::new(&config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(&config),
            budgets: aws_sdk_budgets::Client::new(&config),
        }
    }

    /// Creates a queue with attributes; returns its URL.
    pub async fn queue(&self, name: &str, attributes: &[(QueueAttributeName, &str)]) -> String {
        let mut req = self.sqs.create_queue().queue_name(name);
        for (key, value) in attributes {
            req = req.attributes(key.clone(), *value);
        }
        let out = req.send().await.expect("create_queue");
        out.queue_url().unwrap_or_default().to_owned()
    }

    /// A queue's ARN.
    pub fn queue_arn(name: &str) -> String {
        format!("arn:aws:sqs:us-east-1:{ACCOUNT}:{name}")
    }

    /// A metric alarm with one action, then set to `state`.
    pub async fn alarm(&self, name: &str, state: StateValue) {
        self.alarm_with_actions(name, &["arn:aws:sns:us-east-1:123456789012:oncall"])
            .await;
        self.set_alarm_state(name, state).await;
    }

    /// A metric alarm with these actions (left in moto's initial state).
    pub async fn alarm_with_actions(&self, name: &str, actions: &[&str]) {
        let mut req = self
            .cloudwatch
            .put_metric_alarm()
            .alarm_name(name)
            .namespace("App")
            .metric_name("Errors")
            .statistic(Statistic::Sum)
            .period(60)
            .evaluation_periods(1)
            .threshold(1.0)
            .comparison_operator(AlarmComparison::GreaterThanOrEqualToThreshold)
            .actions_enabled(true);
        for action in actions {
            req = req.alarm_actions(*action);
        }
        req.send().await.expect("put_metric_alarm");
    }

    /// Sets an alarm's state.
    pub async fn set_alarm_state(&self, name: &str, state: StateValue) {
        self.cloudwatch
            .set_alarm_state()
            .alarm_name(name)
            .state_value(state)
            .state_reason("set by test")
            .send()
            .await
            .expect("set_alarm_state");
    }

    /// A monthly COST budget with a limit and spend figures (moto keeps what it is given).
    pub async fn budget(&self, name: &str, limit: f64, actual: f64, forecast: f64) {
        let spend = |amount: f64| {
            Spend::builder()
                .amount(amount.to_string())
                .unit("USD")
                .build()
                .expect("spend")
        };
        let budget = Budget::builder()
            .budget_name(name)
            .budget_type(BudgetType::Cost)
            .time_unit(TimeUnit::Monthly)
            .budget_limit(spend(limit))
            .calculated_spend(
                CalculatedSpend::builder()
                    .actual_spend(spend(actual))
                    .forecasted_spend(spend(forecast))
                    .build(),
            )
            .build()
            .expect("budget");
        self.budgets
            .create_budget()
            .account_id(ACCOUNT)
            .budget(budget)
            .send()
            .await
            .expect("create_budget");
    }

    /// An ACTUAL > 80% notification on a budget (without subscribers: moto has no subscriber
    /// API to read them back).
    pub async fn budget_notification(&self, name: &str) {
        let notification = Notification::builder()
            .notification_type(NotificationType::Actual)
            .comparison_operator(ComparisonOperator::GreaterThan)
            .threshold(80.0)
            .build()
            .expect("notification");
        self.budgets
            .create_notification()
            .account_id(ACCOUNT)
            .budget_name(name)
            .notification(notification)
            .subscribers(
                aws_sdk_budgets::types::Subscriber::builder()
                    .subscription_type(aws_sdk_budgets::types::SubscriptionType::Email)
                    .address("oncall@example.com")
                    .build()
                    .expect("subscriber"),
            )
            .send()
            .await
            .expect("create_notification");
    }

    /// The strong password policy the checks expect.
    pub async fn strong_password_policy(&self) {
        self.iam
            .update_account_password_policy()
            .minimum_password_length(14)
            .require_uppercase_characters(true)
            .require_lowercase_characters(true)
            .require_numbers(true)
            .require_symbols(true)
            .send()
            .await
            .expect("update_account_password_policy");
    }

    /// A user, optionally with a console password, an MFA device and an access key.
    pub async fn user(&self, name: &str, console: bool, mfa: bool, access_key: bool) {
        self.iam
            .create_user()
            .user_name(name)
            .send()
            .await
            .expect("create_user");
        if console {
            self.iam
                .create_login_profile()
                .user_name(name)
                .password("Correct-Horse-Battery-9")
                .send()
                .await
                .expect("create_login_profile");
        }
        if mfa {
            let device = self
                .iam
                .create_virtual_mfa_device()
                .virtual_mfa_device_name(format!("{name}-mfa"))
                .send()
                .await
                .expect("create_virtual_mfa_device");
            let serial = device
                .virtual_mfa_device()
                .map(|d| d.serial_number().to_owned())
                .unwrap_or_default();
            self.iam
                .enable_mfa_device()
                .user_name(name)
                .serial_number(serial)
                .authentication_code1("123456")
                .authentication_code2("654321")
                .send()
                .await
                .expect("enable_mfa_device");
        }
        if access_key {
            self.iam
                .create_access_key()
                .user_name(name)
                .send()
                .await
                .expect("create_access_key");
        }
    }

    /// A customer-managed policy attached to `user`.
    pub async fn attached_policy(&self, user: &str, name: &str, document: &str) {
        let out = self
            .iam
            .create_policy()
            .policy_name(name)
            .policy_document(document)
            .send()
            .await
            .expect("create_policy");
        let arn = out
            .policy()
            .and_then(|p| p.arn())
            .unwrap_or_default()
            .to_owned();
        self.iam
            .attach_user_policy()
            .user_name(user)
            .policy_arn(arn)
            .send()
            .await
            .expect("attach_user_policy");
    }

    /// `SuccessPercent` datapoints for a canary at the given instants.
    pub async fn canary_success(&self, canary: &str, points: &[(DateTime<Utc>, f64)]) {
        let data: Vec<MetricDatum> = points
            .iter()
            .map(|(ts, value)| {
                MetricDatum::builder()
                    .metric_name("SuccessPercent")
                    .dimensions(
                        Dimension::builder()
                            .name("CanaryName")
                            .value(canary)
                            .build(),
                    )
                    .timestamp(SmithyDateTime::from_secs(ts.timestamp()))
                    .value(*value)
                    .build()
            })
            .collect();
        self.cloudwatch
            .put_metric_data()
            .namespace("CloudWatchSynthetics")
            .set_metric_data(Some(data))
            .send()
            .await
            .expect("put_metric_data");
    }

    /// An account every built-in check passes on, except what moto cannot do (root MFA) and
    /// cannot read back (budget subscribers).
    pub async fn clean_account(&self) {
        self.strong_password_policy().await;
        self.user("deployer", true, true, true).await;
        self.attached_policy(
            "deployer",
            "deploy-scoped",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}"#,
        )
        .await;
        self.queue(
            "orders-dlq",
            &[(QueueAttributeName::SqsManagedSseEnabled, "true")],
        )
        .await;
        let redrive = format!(
            r#"{{"deadLetterTargetArn":"{}","maxReceiveCount":"5"}}"#,
            Self::queue_arn("orders-dlq")
        );
        self.queue(
            "orders",
            &[
                (QueueAttributeName::SqsManagedSseEnabled, "true"),
                (QueueAttributeName::RedrivePolicy, &redrive),
            ],
        )
        .await;
        self.alarm("orders-errors", StateValue::Ok).await;
        self.budget("monthly", 400.0, 100.0, 300.0).await;
    }
}

/// SDK configuration for moto: fake static credentials, one region, the loopback endpoint.
pub async fn sdk_config(endpoint: &str) -> SdkConfig {
    let http_client = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        .build_https();
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .http_client(http_client)
        .credentials_provider(aws_sdk_sts::config::Credentials::new(
            "testing",
            "testing",
            None,
            None,
            "gonogo-tests",
        ))
        .load()
        .await
}

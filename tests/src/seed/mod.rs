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

mod ec2;
mod elb;
mod golive;
mod logging;
mod organizations;
mod policies;
mod s3;

pub use logging::{CIS_ALARM_PATTERNS, TrailSettings};
pub use organizations::SeededOrganization;
pub use policies::{open_statement, policy_document};

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
    /// ECS.
    pub ecs: aws_sdk_ecs::Client,
    /// DynamoDB.
    pub dynamodb: aws_sdk_dynamodb::Client,
    /// RDS.
    pub rds: aws_sdk_rds::Client,
    /// CloudWatch Synthetics.
    pub synthetics: aws_sdk_synthetics::Client,
    /// Lambda.
    pub lambda: aws_sdk_lambda::Client,
    /// EC2.
    pub ec2: aws_sdk_ec2::Client,
    /// CloudWatch Logs.
    pub logs: aws_sdk_cloudwatchlogs::Client,
    /// S3.
    pub s3: aws_sdk_s3::Client,
    /// CloudTrail.
    pub cloudtrail: aws_sdk_cloudtrail::Client,
    /// AWS Config.
    pub config: aws_sdk_config::Client,
    /// KMS.
    pub kms: aws_sdk_kms::Client,
    /// S3 Control (the account's public access block).
    pub s3control: aws_sdk_s3control::Client,
    /// SNS.
    pub sns: aws_sdk_sns::Client,
    /// Security Hub.
    pub securityhub: aws_sdk_securityhub::Client,
    /// EFS.
    pub efs: aws_sdk_efs::Client,
    /// Account (alternate contacts).
    pub account: aws_sdk_account::Client,
    /// Elastic Load Balancing v2.
    pub elbv2: aws_sdk_elasticloadbalancingv2::Client,
    /// Secrets Manager.
    pub secretsmanager: aws_sdk_secretsmanager::Client,
    /// EventBridge.
    pub eventbridge: aws_sdk_eventbridge::Client,
    /// Organizations.
    pub organizations: aws_sdk_organizations::Client,
    /// ACM.
    pub acm: aws_sdk_acm::Client,
    /// Route 53.
    pub route53: aws_sdk_route53::Client,
    /// GuardDuty.
    pub guardduty: aws_sdk_guardduty::Client,
    /// API Gateway (REST APIs).
    pub apigateway: aws_sdk_apigateway::Client,
    /// API Gateway v2 (HTTP and WebSocket APIs).
    pub apigatewayv2: aws_sdk_apigatewayv2::Client,
}

impl Seeder {
    /// Clients for `moto`, with fake credentials.
    pub async fn new(moto: &Moto) -> Self {
        Self::with_config(&sdk_config(&moto.endpoint()).await)
    }

    /// Clients for another account and region of `moto`: moto serves AssumeRole into any
    /// account, and keeps each account's resources apart.
    pub async fn in_account(moto: &Moto, account_id: &str, region: &str) -> Self {
        let base = sdk_config(&moto.endpoint()).await;
        let assumed = aws_sdk_sts::Client::new(&base)
            .assume_role()
            .role_arn(format!("arn:aws:iam::{account_id}:role/seeder"))
            .role_session_name("seeder")
            .send()
            .await
            .expect("assume a role into the account");
        let credentials = assumed.credentials().expect("credentials");
        let config = base
            .to_builder()
            .region(Region::new(region.to_owned()))
            .credentials_provider(
                aws_credential_types::provider::SharedCredentialsProvider::new(
                    aws_sdk_sts::config::Credentials::new(
                        credentials.access_key_id(),
                        credentials.secret_access_key(),
                        Some(credentials.session_token().to_owned()),
                        None,
                        "gonogo-tests-assumed",
                    ),
                ),
            )
            .build();
        Self::with_config(&config)
    }

    /// Clients for the default test account in another region.
    pub async fn in_region(moto: &Moto, region: &str) -> Self {
        let config = sdk_config(&moto.endpoint())
            .await
            .to_builder()
            .region(Region::new(region.to_owned()))
            .build();
        Self::with_config(&config)
    }

    fn with_config(config: &SdkConfig) -> Self {
        Self {
            iam: aws_sdk_iam::Client::new(config),
            sqs: aws_sdk_sqs::Client::new(config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(config),
            budgets: aws_sdk_budgets::Client::new(config),
            ecs: aws_sdk_ecs::Client::new(config),
            dynamodb: aws_sdk_dynamodb::Client::new(config),
            rds: aws_sdk_rds::Client::new(config),
            synthetics: aws_sdk_synthetics::Client::new(config),
            lambda: aws_sdk_lambda::Client::new(config),
            ec2: aws_sdk_ec2::Client::new(config),
            logs: aws_sdk_cloudwatchlogs::Client::new(config),
            s3: aws_sdk_s3::Client::new(config),
            cloudtrail: aws_sdk_cloudtrail::Client::new(config),
            config: aws_sdk_config::Client::new(config),
            kms: aws_sdk_kms::Client::new(config),
            s3control: aws_sdk_s3control::Client::new(config),
            sns: aws_sdk_sns::Client::new(config),
            securityhub: aws_sdk_securityhub::Client::new(config),
            efs: aws_sdk_efs::Client::new(config),
            account: aws_sdk_account::Client::new(config),
            elbv2: aws_sdk_elasticloadbalancingv2::Client::new(config),
            secretsmanager: aws_sdk_secretsmanager::Client::new(config),
            eventbridge: aws_sdk_eventbridge::Client::new(config),
            organizations: aws_sdk_organizations::Client::new(config),
            acm: aws_sdk_acm::Client::new(config),
            route53: aws_sdk_route53::Client::new(config),
            guardduty: aws_sdk_guardduty::Client::new(config),
            apigateway: aws_sdk_apigateway::Client::new(config),
            apigatewayv2: aws_sdk_apigatewayv2::Client::new(config),
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

    /// Turns on SQS-managed encryption of the queue at `url` (a fix between two runs).
    pub async fn encrypt_queue(&self, url: &str) {
        self.sqs
            .set_queue_attributes()
            .queue_url(url)
            .attributes(QueueAttributeName::SqsManagedSseEnabled, "true")
            .send()
            .await
            .expect("set_queue_attributes");
    }

    /// A queue's ARN.
    pub fn queue_arn(name: &str) -> String {
        format!("arn:aws:sqs:us-east-1:{ACCOUNT}:{name}")
    }

    /// A metric alarm with one action, then set to `state`.
    pub async fn alarm(&self, name: &str, state: StateValue) {
        let oncall = self.topic("oncall", true).await;
        self.alarm_with_actions(name, &[&oncall]).await;
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

    /// The account's security contact registered and a SAML identity provider trusted, as
    /// the identity checks want.
    pub async fn identity_settings(&self) {
        self.security_contact().await;
        self.saml_provider().await;
    }

    /// `security@example.com` registered as the account's security contact.
    pub async fn security_contact(&self) {
        self.account
            .put_alternate_contact()
            .alternate_contact_type(aws_sdk_account::types::AlternateContactType::Security)
            .name("Security team")
            .email_address("security@example.com")
            .phone_number("+1-555-0100")
            .title("Security")
            .send()
            .await
            .expect("put_alternate_contact");
    }

    /// The SAML identity provider `corp-idp` trusted by the account.
    pub async fn saml_provider(&self) {
        self.iam
            .create_saml_provider()
            .name("corp-idp")
            .saml_metadata_document(r#"<EntityDescriptor entityID="https://idp.example.com"/>"#)
            .send()
            .await
            .expect("create_saml_provider");
    }

    /// A TLS server certificate `name` stored in IAM (moto dates it to expire in 2012).
    pub async fn server_certificate(&self, name: &str) {
        self.iam
            .upload_server_certificate()
            .server_certificate_name(name)
            .certificate_body("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")
            .private_key("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----")
            .send()
            .await
            .expect("upload_server_certificate");
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
            .password_reuse_prevention(24)
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
        let arn = self.managed_policy(name, document).await;
        self.iam
            .attach_user_policy()
            .user_name(user)
            .policy_arn(arn)
            .send()
            .await
            .expect("attach_user_policy");
    }

    /// A customer-managed policy; returns its ARN.
    async fn managed_policy(&self, name: &str, document: &str) -> String {
        let out = self
            .iam
            .create_policy()
            .policy_name(name)
            .policy_document(document)
            .send()
            .await
            .expect("create_policy");
        out.policy()
            .and_then(|p| p.arn())
            .unwrap_or_default()
            .to_owned()
    }

    /// A customer-managed policy attached to a new group `group`, with `user` in it.
    pub async fn group_policy(&self, group: &str, user: &str, name: &str, document: &str) {
        let arn = self.managed_policy(name, document).await;
        self.iam
            .create_group()
            .group_name(group)
            .send()
            .await
            .expect("create_group");
        self.iam
            .attach_group_policy()
            .group_name(group)
            .policy_arn(arn)
            .send()
            .await
            .expect("attach_group_policy");
        self.iam
            .add_user_to_group()
            .group_name(group)
            .user_name(user)
            .send()
            .await
            .expect("add_user_to_group");
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

    /// An ECS cluster, with Container Insights on or off.
    pub async fn ecs_cluster(&self, name: &str, insights: bool) {
        use aws_sdk_ecs::types::{ClusterSetting, ClusterSettingName};
        let value = if insights { "enabled" } else { "disabled" };
        self.ecs
            .create_cluster()
            .cluster_name(name)
            .settings(
                ClusterSetting::builder()
                    .name(ClusterSettingName::ContainerInsights)
                    .value(value)
                    .build(),
            )
            .send()
            .await
            .expect("create_cluster");
    }

    /// An ECS service of `desired` tasks (moto runs as many as its `MOTO_ECS_SERVICE_RUNNING`
    /// says), with the circuit breaker as given (`None`: not configured), running one
    /// well-built container ([`Seeder::good_container`]).
    pub async fn ecs_service(
        &self,
        cluster: &str,
        name: &str,
        desired: i32,
        breaker: Option<(bool, bool)>,
    ) {
        self.ecs_service_of(cluster, name, desired, breaker, Self::good_container(name))
            .await;
    }

    /// A container the ECS container checks pass: a pinned image, a non-root user, a
    /// read-only root filesystem, logs to CloudWatch and its secret from Secrets Manager.
    pub fn good_container(name: &str) -> aws_sdk_ecs::types::ContainerDefinition {
        use aws_sdk_ecs::types::{
            ContainerDefinition, KeyValuePair, LogConfiguration, LogDriver, Secret,
        };
        ContainerDefinition::builder()
            .name(name)
            .image("nginx:1.27")
            .memory(256)
            .user("1000")
            .readonly_root_filesystem(true)
            .environment(
                KeyValuePair::builder()
                    .name("LOG_LEVEL")
                    .value("info")
                    .build(),
            )
            .secrets(
                Secret::builder()
                    .name("DB_PASSWORD")
                    .value_from(format!(
                        "arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db-password"
                    ))
                    .build()
                    .expect("secret"),
            )
            .log_configuration(
                LogConfiguration::builder()
                    .log_driver(LogDriver::Awslogs)
                    .options("awslogs-group", format!("/ecs/{name}"))
                    .build()
                    .expect("log configuration"),
            )
            .build()
    }

    /// An ECS service running `container` in a task definition of its own name.
    pub async fn ecs_service_of(
        &self,
        cluster: &str,
        name: &str,
        desired: i32,
        breaker: Option<(bool, bool)>,
        container: aws_sdk_ecs::types::ContainerDefinition,
    ) {
        use aws_sdk_ecs::types::{DeploymentCircuitBreaker, DeploymentConfiguration};
        self.ecs
            .register_task_definition()
            .family(name)
            .container_definitions(container)
            .send()
            .await
            .expect("register_task_definition");
        let mut req = self
            .ecs
            .create_service()
            .cluster(cluster)
            .service_name(name)
            .task_definition(name)
            .desired_count(desired);
        if let Some((enable, rollback)) = breaker {
            let breaker = DeploymentCircuitBreaker::builder()
                .enable(enable)
                .rollback(rollback)
                .build();
            req = req.deployment_configuration(
                DeploymentConfiguration::builder()
                    .deployment_circuit_breaker(breaker)
                    .build(),
            );
        }
        req.send().await.expect("create_service");
    }

    /// A DynamoDB table keyed by `pk`, protected from deletion, with TTL and point-in-time
    /// recovery as given.
    pub async fn dynamodb_table(&self, name: &str, ttl: bool, pitr: bool) {
        use aws_sdk_dynamodb::types::{
            AttributeDefinition, BillingMode, KeySchemaElement, KeyType,
            PointInTimeRecoverySpecification, ScalarAttributeType, TimeToLiveSpecification,
        };
        self.dynamodb
            .create_table()
            .table_name(name)
            .billing_mode(BillingMode::PayPerRequest)
            .deletion_protection_enabled(true)
            .attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name("pk")
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .expect("attribute"),
            )
            .key_schema(
                KeySchemaElement::builder()
                    .attribute_name("pk")
                    .key_type(KeyType::Hash)
                    .build()
                    .expect("key"),
            )
            .send()
            .await
            .expect("create_table");
        if ttl {
            self.dynamodb
                .update_time_to_live()
                .table_name(name)
                .time_to_live_specification(
                    TimeToLiveSpecification::builder()
                        .enabled(true)
                        .attribute_name("expires_at")
                        .build()
                        .expect("ttl"),
                )
                .send()
                .await
                .expect("update_time_to_live");
        }
        if pitr {
            self.dynamodb
                .update_continuous_backups()
                .table_name(name)
                .point_in_time_recovery_specification(
                    PointInTimeRecoverySpecification::builder()
                        .point_in_time_recovery_enabled(true)
                        .build()
                        .expect("pitr"),
                )
                .send()
                .await
                .expect("update_continuous_backups");
        }
    }

    /// A Postgres DB instance.
    pub async fn db_instance(&self, id: &str, db: DbSettings) {
        self.rds
            .create_db_instance()
            .db_instance_identifier(id)
            .db_instance_class("db.t3.micro")
            .engine("postgres")
            .master_username("app")
            .master_user_password("not-a-real-secret-1")
            .allocated_storage(20)
            .storage_encrypted(db.encrypted)
            .publicly_accessible(db.public)
            .backup_retention_period(db.retention_days)
            .deletion_protection(db.deletion_protection)
            .enable_performance_insights(db.performance_insights)
            .auto_minor_version_upgrade(db.auto_minor_upgrade)
            .multi_az(db.multi_az)
            .send()
            .await
            .expect("create_db_instance");
    }

    /// A Synthetics canary (it reports nothing until metrics are put for it).
    pub async fn canary(&self, name: &str) {
        use aws_sdk_synthetics::types::{CanaryCodeInput, CanaryScheduleInput};
        self.synthetics
            .create_canary()
            .name(name)
            .code(
                CanaryCodeInput::builder()
                    .handler("index.handler")
                    .s3_bucket("canaries")
                    .s3_key("code.zip")
                    .build(),
            )
            .artifact_s3_location("s3://canaries/artifacts")
            .execution_role_arn("arn:aws:iam::123456789012:role/canary")
            .schedule(
                CanaryScheduleInput::builder()
                    .expression("rate(5 minutes)")
                    .build()
                    .expect("schedule"),
            )
            .runtime_version("syn-nodejs-puppeteer-9.1")
            .send()
            .await
            .expect("create_canary");
    }

    /// A Lambda function on Python 3.12 (never invoked: its metrics are put separately).
    pub async fn lambda_function(&self, name: &str) {
        self.lambda_function_on(name, aws_sdk_lambda::types::Runtime::Python312)
            .await;
    }

    /// A Lambda function on `runtime`.
    pub async fn lambda_function_on(&self, name: &str, runtime: aws_sdk_lambda::types::Runtime) {
        let role = self
            .iam
            .create_role()
            .role_name(format!("{name}-role"))
            .assume_role_policy_document(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
            )
            .send()
            .await
            .expect("create_role");
        let arn = role.role().map(|r| r.arn().to_owned()).unwrap_or_default();
        self.lambda
            .create_function()
            .function_name(name)
            .runtime(runtime)
            .role(arn)
            .handler("index.handler")
            .code(
                aws_sdk_lambda::types::FunctionCode::builder()
                    .zip_file(aws_smithy_types::Blob::new(tiny_zip()))
                    .build(),
            )
            .send()
            .await
            .expect("create_function");
    }

    /// Sums for a Lambda metric (`Errors`, `Invocations`) at the given instants.
    pub async fn lambda_metric(
        &self,
        function: &str,
        metric: &str,
        points: &[(DateTime<Utc>, f64)],
    ) {
        let data: Vec<MetricDatum> = points
            .iter()
            .map(|(ts, value)| {
                MetricDatum::builder()
                    .metric_name(metric)
                    .dimensions(
                        Dimension::builder()
                            .name("FunctionName")
                            .value(function)
                            .build(),
                    )
                    .timestamp(SmithyDateTime::from_secs(ts.timestamp()))
                    .value(*value)
                    .build()
            })
            .collect();
        self.cloudwatch
            .put_metric_data()
            .namespace("AWS/Lambda")
            .set_metric_data(Some(data))
            .send()
            .await
            .expect("put_metric_data");
    }

    /// An account every built-in check passes on, except what moto cannot do (root MFA) and
    /// cannot read back (budget subscribers; bucket versioning, whose answer the SDK rejects). It has no RDS instance, ECS service, canary or
    /// function: moto cannot report those as fully healthy (Performance Insights, circuit
    /// breakers, Synthetics timestamps), and their checks pass with nothing to check.
    pub async fn clean_account(&self) {
        self.strong_password_policy().await;
        self.identity_settings().await;
        self.user("deployer", true, true, true).await;
        self.group_policy(
            "deployers",
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
        self.ecs_cluster("prod", true).await;
        self.dynamodb_table("sessions", true, true).await;
        self.secure_region().await;
        self.good_trail().await;
        self.secure_buckets().await;
        self.cis_alarms().await;
    }
}

impl Seeder {
    /// The demo account (`examples/demo-account.json`), modelled on a real go-live: an ECS
    /// cluster with a web and a worker service, queues with dead-letter queues, session tables,
    /// a Postgres instance, alarms, canaries, a function and a $500 budget, in an account kept
    /// as CIS asks (a logging, validated, encrypted trail with the CIS alarms, AWS Config,
    /// GuardDuty, Security Hub, S3 public access blocked, closed default security groups),
    /// with the slips a real one has: an application VPC added without a flow log, a table
    /// nobody backs up, a queue without encryption or dead-letter queue, a user without MFA.
    /// Metric datapoints sit just before `now`. moto must run with
    /// `MOTO_ECS_SERVICE_RUNNING=2`.
    pub async fn demo_account(&self, now: DateTime<Utc>) {
        use chrono::Duration;

        self.good_trail().await;
        self.cis_alarms().await;
        self.secure_buckets().await;
        self.flow_logs_on_every_vpc().await;
        let app_vpc = self.vpc("10.20.0.0/16").await;
        self.s3_gateway_endpoint(&app_vpc).await;
        self.guarded_region().await;
        self.identity_settings().await;

        self.strong_password_policy().await;
        self.user("alice", true, true, false).await;
        self.user("bob", true, false, false).await;
        self.user("deploy-bot", false, false, false).await;
        self.attached_policy(
            "deploy-bot",
            "deploy-ecs",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecs:UpdateService","ecs:DescribeServices"],"Resource":"*"}]}"#,
        )
        .await;

        self.ecs_cluster("prod", true).await;
        self.ecs_service("prod", "web", 2, Some((true, true))).await;
        self.ecs_service("prod", "worker", 3, Some((true, true)))
            .await;

        let sse = (QueueAttributeName::SqsManagedSseEnabled, "true");
        for name in ["orders-dlq", "payments-dlq"] {
            self.queue(name, std::slice::from_ref(&sse)).await;
        }
        for (name, dlq) in [("orders", "orders-dlq"), ("payments", "payments-dlq")] {
            let redrive = format!(
                r#"{{"deadLetterTargetArn":"{}","maxReceiveCount":"5"}}"#,
                Self::queue_arn(dlq)
            );
            self.queue(
                name,
                &[sse.clone(), (QueueAttributeName::RedrivePolicy, &redrive)],
            )
            .await;
        }
        let dlq_url = self
            .sqs
            .get_queue_url()
            .queue_name("payments-dlq")
            .send()
            .await
            .expect("get_queue_url")
            .queue_url()
            .unwrap_or_default()
            .to_owned();
        for body in ["charge 8812 failed", "charge 8813 failed"] {
            self.sqs
                .send_message()
                .queue_url(&dlq_url)
                .message_body(body)
                .send()
                .await
                .expect("send_message");
        }
        self.queue(
            "notifications",
            &[(QueueAttributeName::SqsManagedSseEnabled, "false")],
        )
        .await;

        self.dynamodb_table("sessions", true, true).await;
        self.dynamodb_table("carts", false, false).await;

        self.db_instance("orders-db", DbSettings::GOOD).await;

        self.alarm("orders-5xx", StateValue::Ok).await;
        self.alarm("payments-latency", StateValue::InsufficientData)
            .await;
        self.alarm_with_actions("worker-queue-depth", &[]).await;
        self.set_alarm_state("worker-queue-depth", StateValue::Ok)
            .await;

        let recent: Vec<DateTime<Utc>> = (1..=6).map(|i| now - Duration::minutes(10 * i)).collect();
        let series = |values: &[f64]| {
            recent
                .iter()
                .copied()
                .zip(values.iter().copied())
                .collect::<Vec<_>>()
        };
        self.canary_success(
            "checkout",
            &series(&[100.0, 100.0, 100.0, 100.0, 100.0, 100.0]),
        )
        .await;
        self.canary_success("login", &series(&[100.0, 100.0, 83.3, 100.0, 100.0, 100.0]))
            .await;

        self.lambda_function("thumbnailer").await;
        self.lambda_on_failure("thumbnailer", "arn:aws:sns:us-east-1:123456789012:oncall")
            .await;
        self.lambda_metric(
            "thumbnailer",
            "Invocations",
            &series(&[20.0, 18.0, 25.0, 22.0, 19.0, 21.0]),
        )
        .await;
        self.lambda_metric(
            "thumbnailer",
            "Errors",
            &series(&[0.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
        )
        .await;

        self.budget("monthly", 500.0, 420.0, 480.0).await;
    }
}

/// How a seeded DB instance is configured.
#[derive(Clone, Copy, Debug)]
pub struct DbSettings {
    /// Storage encrypted.
    pub encrypted: bool,
    /// Publicly accessible.
    pub public: bool,
    /// Backup retention in days.
    pub retention_days: i32,
    /// Deletion protection.
    pub deletion_protection: bool,
    /// Performance Insights.
    pub performance_insights: bool,
    /// Automatic minor version upgrades.
    pub auto_minor_upgrade: bool,
    /// Multi-AZ.
    pub multi_az: bool,
}

impl DbSettings {
    /// Encrypted, private, backed up a week, protected, with Performance Insights, upgraded
    /// automatically and Multi-AZ.
    pub const GOOD: DbSettings = DbSettings {
        encrypted: true,
        public: false,
        retention_days: 7,
        deletion_protection: true,
        performance_insights: true,
        auto_minor_upgrade: true,
        multi_az: true,
    };
}

/// The smallest valid zip archive (no entries): enough for a function's code.
fn tiny_zip() -> Vec<u8> {
    let mut end_of_central_directory = vec![0x50, 0x4b, 0x05, 0x06];
    end_of_central_directory.extend([0u8; 18]);
    end_of_central_directory
}

/// SDK configuration for moto: fake static credentials, one region, the loopback endpoint.
pub async fn sdk_config(endpoint: &str) -> SdkConfig {
    let http_client = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        // S3 Control puts the account id in front of the host: `123456789012.127.0.0.1`.
        .build_with_resolver(gonogo_checks::aws::EndpointResolver);
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

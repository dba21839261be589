//! Seeding resource policies: topics, functions, keys, secrets and event buses, each open to
//! everyone or limited to the account.

use super::{ACCOUNT, Seeder};

/// A policy document holding one statement.
pub fn policy_document(statement: &str) -> String {
    format!(r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#)
}

/// A statement allowing `action` on `resource` to everyone; with `limited`, only callers of
/// the test account (`aws:SourceAccount`), which makes it private.
pub fn open_statement(action: &str, resource: &str, limited: bool) -> String {
    let condition = if limited {
        format!(r#","Condition":{{"StringEquals":{{"aws:SourceAccount":"{ACCOUNT}"}}}}"#)
    } else {
        String::new()
    };
    format!(
        r#"{{"Sid":"Everyone","Effect":"Allow","Principal":{{"AWS":"*"}},"Action":"{action}","Resource":"{resource}"{condition}}}"#
    )
}

impl Seeder {
    /// Replaces a topic's policy.
    pub async fn topic_policy(&self, topic_arn: &str, policy: &str) {
        self.sns
            .set_topic_attributes()
            .topic_arn(topic_arn)
            .attribute_name("Policy")
            .attribute_value(policy)
            .send()
            .await
            .expect("set_topic_attributes");
    }

    /// Lets everyone invoke a function; with `source_account`, only on behalf of that account.
    pub async fn lambda_permission(&self, function: &str, source_account: Option<&str>) {
        self.lambda
            .add_permission()
            .function_name(function)
            .statement_id("Everyone")
            .action("lambda:InvokeFunction")
            .principal("*")
            .set_source_account(source_account.map(str::to_owned))
            .send()
            .await
            .expect("add_permission");
    }

    /// Replaces a key's `default` policy.
    pub async fn kms_key_policy(&self, key_id: &str, policy: &str) {
        self.kms
            .put_key_policy()
            .key_id(key_id)
            .policy_name("default")
            .policy(policy)
            .send()
            .await
            .expect("put_key_policy");
    }

    /// A secret, with a resource policy when one is given; returns its ARN.
    pub async fn secret(&self, name: &str, policy: Option<&str>) -> String {
        let secret = self
            .secretsmanager
            .create_secret()
            .name(name)
            .secret_string("not-a-real-secret")
            .send()
            .await
            .expect("create_secret");
        let arn = secret.arn().expect("secret arn").to_owned();
        if let Some(policy) = policy {
            self.secretsmanager
                .put_resource_policy()
                .secret_id(&arn)
                .resource_policy(policy)
                .send()
                .await
                .expect("put_resource_policy");
        }
        arn
    }

    /// An event bus, with a resource policy when one is given; returns its ARN.
    pub async fn event_bus(&self, name: &str, policy: Option<&str>) -> String {
        let bus = self
            .eventbridge
            .create_event_bus()
            .name(name)
            .send()
            .await
            .expect("create_event_bus");
        if let Some(policy) = policy {
            self.eventbridge
                .put_permission()
                .event_bus_name(name)
                .policy(policy)
                .send()
                .await
                .expect("put_permission");
        }
        bus.event_bus_arn().expect("event bus arn").to_owned()
    }
}

impl Seeder {
    /// Turns on a secret's rotation every `days` days, without a rotation function (moto
    /// then plans the next rotation and runs none).
    pub async fn rotate_secret(&self, secret: &str, days: i64) {
        self.secretsmanager
            .rotate_secret()
            .secret_id(secret)
            .rotation_rules(
                aws_sdk_secretsmanager::types::RotationRulesType::builder()
                    .automatically_after_days(days)
                    .build(),
            )
            .rotate_immediately(false)
            .send()
            .await
            .expect("rotate_secret");
    }

    /// Sends a function's failed asynchronous events to `destination`.
    pub async fn lambda_on_failure(&self, function: &str, destination: &str) {
        use aws_sdk_lambda::types::{DestinationConfig, OnFailure};
        self.lambda
            .put_function_event_invoke_config()
            .function_name(function)
            .destination_config(
                DestinationConfig::builder()
                    .on_failure(OnFailure::builder().destination(destination).build())
                    .build(),
            )
            .send()
            .await
            .expect("put_function_event_invoke_config");
    }

    /// A log group keeping its events `retention_days` (`None`: forever), encrypted with
    /// `kms_key` when one is given.
    pub async fn log_group(&self, name: &str, retention_days: Option<i32>, kms_key: Option<&str>) {
        self.logs
            .create_log_group()
            .log_group_name(name)
            .set_kms_key_id(kms_key.map(str::to_owned))
            .send()
            .await
            .expect("create_log_group");
        if let Some(days) = retention_days {
            self.logs
                .put_retention_policy()
                .log_group_name(name)
                .retention_in_days(days)
                .send()
                .await
                .expect("put_retention_policy");
        }
    }
}

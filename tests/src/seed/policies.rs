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

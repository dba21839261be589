//! Seeding Elastic Load Balancing: an application load balancer in the default VPC, its
//! listeners, and target groups of instances.

use aws_sdk_elasticloadbalancingv2::types::{
    Action, ActionTypeEnum, Certificate, LoadBalancerAttribute, ProtocolEnum, RedirectActionConfig,
    RedirectActionStatusCodeEnum, TargetDescription,
};

use super::{ACCOUNT, Seeder};

impl Seeder {
    /// An application load balancer on two of the default VPC's subnets, writing access logs
    /// to the bucket `bucket` when one is given; returns its ARN.
    pub async fn load_balancer(&self, name: &str, bucket: Option<&str>) -> String {
        let subnets = self
            .ec2
            .describe_subnets()
            .send()
            .await
            .expect("describe_subnets");
        let ids: Vec<String> = subnets
            .subnets()
            .iter()
            .filter_map(|subnet| subnet.subnet_id().map(str::to_owned))
            .take(2)
            .collect();
        let created = self
            .elbv2
            .create_load_balancer()
            .name(name)
            .set_subnets(Some(ids))
            .send()
            .await
            .expect("create_load_balancer");
        let arn = created
            .load_balancers()
            .first()
            .and_then(|lb| lb.load_balancer_arn())
            .expect("load balancer arn")
            .to_owned();
        if let Some(bucket) = bucket {
            let attribute = |key: &str, value: &str| {
                LoadBalancerAttribute::builder()
                    .key(key)
                    .value(value)
                    .build()
            };
            self.elbv2
                .modify_load_balancer_attributes()
                .load_balancer_arn(&arn)
                .attributes(attribute("access_logs.s3.enabled", "true"))
                .attributes(attribute("access_logs.s3.bucket", bucket))
                .send()
                .await
                .expect("modify_load_balancer_attributes");
        }
        arn
    }

    /// A listener on `load_balancer`: HTTPS with `ssl_policy` (and an IAM certificate) when a
    /// policy is given, else HTTP; forwarding to `target_group`, or with none redirecting to
    /// HTTPS.
    pub async fn listener(
        &self,
        load_balancer: &str,
        port: i32,
        ssl_policy: Option<&str>,
        target_group: Option<&str>,
    ) {
        let action = match target_group {
            Some(group) => Action::builder()
                .r#type(ActionTypeEnum::Forward)
                .target_group_arn(group)
                .build(),
            None => Action::builder()
                .r#type(ActionTypeEnum::Redirect)
                .redirect_config(
                    RedirectActionConfig::builder()
                        .protocol("HTTPS")
                        .port("443")
                        .status_code(RedirectActionStatusCodeEnum::Http301)
                        .build(),
                )
                .build(),
        };
        let mut request = self
            .elbv2
            .create_listener()
            .load_balancer_arn(load_balancer)
            .port(port)
            .default_actions(action);
        request = match ssl_policy {
            Some(policy) => request
                .protocol(ProtocolEnum::Https)
                .ssl_policy(policy)
                .certificates(
                    Certificate::builder()
                        .certificate_arn(format!("arn:aws:iam::{ACCOUNT}:server-certificate/www"))
                        .build(),
                ),
            None => request.protocol(ProtocolEnum::Http),
        };
        request.send().await.expect("create_listener");
    }

    /// A target group in the default VPC with `instances` registered; returns its ARN.
    pub async fn target_group(&self, name: &str, instances: &[&str]) -> String {
        let vpcs = self
            .ec2
            .describe_vpcs()
            .send()
            .await
            .expect("describe_vpcs");
        let vpc = vpcs
            .vpcs()
            .iter()
            .find(|v| v.is_default() == Some(true))
            .and_then(|v| v.vpc_id())
            .expect("default vpc")
            .to_owned();
        let created = self
            .elbv2
            .create_target_group()
            .name(name)
            .protocol(ProtocolEnum::Http)
            .port(80)
            .vpc_id(vpc)
            .send()
            .await
            .expect("create_target_group");
        let arn = created.target_groups()[0]
            .target_group_arn()
            .expect("target group arn")
            .to_owned();
        if !instances.is_empty() {
            self.elbv2
                .register_targets()
                .target_group_arn(&arn)
                .set_targets(Some(
                    instances
                        .iter()
                        .map(|id| TargetDescription::builder().id(*id).port(80).build())
                        .collect(),
                ))
                .send()
                .await
                .expect("register_targets");
        }
        arn
    }

    /// Turns a load balancer's deletion protection on.
    pub async fn protect_load_balancer(&self, load_balancer: &str) {
        self.load_balancer_attribute(load_balancer, "deletion_protection.enabled", "true")
            .await;
    }

    /// Sets one attribute of a load balancer.
    pub async fn load_balancer_attribute(&self, load_balancer: &str, key: &str, value: &str) {
        self.elbv2
            .modify_load_balancer_attributes()
            .load_balancer_arn(load_balancer)
            .attributes(
                LoadBalancerAttribute::builder()
                    .key(key)
                    .value(value)
                    .build(),
            )
            .send()
            .await
            .expect("modify_load_balancer_attributes");
    }
}

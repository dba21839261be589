//! Seeding Elastic Load Balancing: an application load balancer in the default VPC.

use aws_sdk_elasticloadbalancingv2::types::LoadBalancerAttribute;

use super::Seeder;

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
}

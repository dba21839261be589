//! Seeding EC2: security groups, network ACLs, instances, flow logs, peering, endpoints and
//! account settings.

use aws_sdk_ec2::types::{
    Filter, FlowLogsResourceType, HttpTokensState, IamInstanceProfileSpecification,
    InstanceMetadataOptionsRequest, IpPermission, IpRange, Ipv6Range, PortRange, RuleAction,
    TrafficType, VpcEndpointType,
};

use super::Seeder;

/// A role EC2 instances may assume.
const EC2_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

impl Seeder {
    /// A security group in the default VPC with one inbound rule from `source` (an IPv4 or
    /// IPv6 range); returns its id.
    pub async fn security_group(
        &self,
        name: &str,
        protocol: &str,
        ports: (i32, i32),
        source: &str,
    ) -> String {
        let group = self
            .ec2
            .create_security_group()
            .group_name(name)
            .description(name)
            .send()
            .await
            .expect("create_security_group");
        let id = group.group_id().expect("group id").to_owned();
        let mut permission = IpPermission::builder()
            .ip_protocol(protocol)
            .from_port(ports.0)
            .to_port(ports.1);
        permission = if source.contains(':') {
            permission.ipv6_ranges(Ipv6Range::builder().cidr_ipv6(source).build())
        } else {
            permission.ip_ranges(IpRange::builder().cidr_ip(source).build())
        };
        self.ec2
            .authorize_security_group_ingress()
            .group_id(&id)
            .ip_permissions(permission.build())
            .send()
            .await
            .expect("authorize_security_group_ingress");
        id
    }

    /// Every default security group of the region emptied of its rules.
    pub async fn empty_default_security_groups(&self) {
        let groups = self
            .ec2
            .describe_security_groups()
            .send()
            .await
            .expect("describe_security_groups");
        for group in groups
            .security_groups()
            .iter()
            .filter(|group| group.group_name() == Some("default"))
        {
            let id = group.group_id().expect("group id");
            if !group.ip_permissions_egress().is_empty() {
                self.ec2
                    .revoke_security_group_egress()
                    .group_id(id)
                    .set_ip_permissions(Some(group.ip_permissions_egress().to_vec()))
                    .send()
                    .await
                    .expect("revoke_security_group_egress");
            }
            if !group.ip_permissions().is_empty() {
                self.ec2
                    .revoke_security_group_ingress()
                    .group_id(id)
                    .set_ip_permissions(Some(group.ip_permissions().to_vec()))
                    .send()
                    .await
                    .expect("revoke_security_group_ingress");
            }
        }
    }

    /// Every network ACL of the region gets deny entries for SSH and RDP from `0.0.0.0/0`,
    /// numbered before its allow-all entry.
    pub async fn deny_admin_ports_in_network_acls(&self) {
        let acls = self
            .ec2
            .describe_network_acls()
            .send()
            .await
            .expect("describe_network_acls");
        for acl in acls.network_acls() {
            let id = acl.network_acl_id().expect("acl id");
            for (rule_number, port) in [(10, 22), (11, 3389)] {
                self.ec2
                    .create_network_acl_entry()
                    .network_acl_id(id)
                    .rule_number(rule_number)
                    .protocol("6")
                    .rule_action(RuleAction::Deny)
                    .egress(false)
                    .cidr_block("0.0.0.0/0")
                    .port_range(PortRange::builder().from(port).to(port).build())
                    .send()
                    .await
                    .expect("create_network_acl_entry");
            }
        }
    }

    /// An instance profile with a role of the same name.
    pub async fn instance_profile(&self, name: &str) {
        self.iam
            .create_role()
            .role_name(name)
            .assume_role_policy_document(EC2_TRUST)
            .send()
            .await
            .expect("create_role");
        self.iam
            .create_instance_profile()
            .instance_profile_name(name)
            .send()
            .await
            .expect("create_instance_profile");
        self.iam
            .add_role_to_instance_profile()
            .instance_profile_name(name)
            .role_name(name)
            .send()
            .await
            .expect("add_role_to_instance_profile");
    }

    /// Launches an instance from one of moto's images; returns its id.
    pub async fn instance(&self, imdsv2_required: bool, profile: Option<&str>) -> String {
        let images = self
            .ec2
            .describe_images()
            .owners("amazon")
            .send()
            .await
            .expect("describe_images");
        let image = images
            .images()
            .first()
            .and_then(|image| image.image_id())
            .expect("moto has images");
        let tokens = if imdsv2_required {
            HttpTokensState::Required
        } else {
            HttpTokensState::Optional
        };
        let mut request = self
            .ec2
            .run_instances()
            .image_id(image)
            .min_count(1)
            .max_count(1)
            .metadata_options(
                InstanceMetadataOptionsRequest::builder()
                    .http_tokens(tokens)
                    .build(),
            );
        if let Some(profile) = profile {
            request = request.iam_instance_profile(
                IamInstanceProfileSpecification::builder()
                    .name(profile)
                    .build(),
            );
        }
        let out = request.send().await.expect("run_instances");
        out.instances()
            .first()
            .and_then(|instance| instance.instance_id())
            .expect("instance id")
            .to_owned()
    }

    /// A flow log to CloudWatch Logs on every VPC of the region.
    pub async fn flow_logs_on_every_vpc(&self) {
        self.logs
            .create_log_group()
            .log_group_name("vpc-flow-logs")
            .send()
            .await
            .expect("create_log_group");
        let vpcs = self
            .ec2
            .describe_vpcs()
            .send()
            .await
            .expect("describe_vpcs");
        for vpc in vpcs.vpcs() {
            self.ec2
                .create_flow_logs()
                .resource_type(FlowLogsResourceType::Vpc)
                .resource_ids(vpc.vpc_id().expect("vpc id"))
                .traffic_type(TrafficType::All)
                .log_group_name("vpc-flow-logs")
                .deliver_logs_permission_arn("arn:aws:iam::123456789012:role/flow-logs")
                .send()
                .await
                .expect("create_flow_logs");
        }
    }

    /// A VPC of its own (which starts without flow logs); returns its id.
    pub async fn vpc(&self, cidr: &str) -> String {
        let out = self
            .ec2
            .create_vpc()
            .cidr_block(cidr)
            .send()
            .await
            .expect("create_vpc");
        out.vpc()
            .and_then(|vpc| vpc.vpc_id())
            .expect("vpc id")
            .to_owned()
    }

    /// A VPC `cidr` peered with a new VPC `peer_cidr`, and a route in the first VPC's main
    /// route table to `destination` through the peering; returns the route table's id.
    pub async fn peering_route(&self, cidr: &str, peer_cidr: &str, destination: &str) -> String {
        let (vpc, peer) = (self.vpc(cidr).await, self.vpc(peer_cidr).await);
        let peering = self
            .ec2
            .create_vpc_peering_connection()
            .vpc_id(&vpc)
            .peer_vpc_id(&peer)
            .send()
            .await
            .expect("create_vpc_peering_connection");
        let peering_id = peering
            .vpc_peering_connection()
            .and_then(|p| p.vpc_peering_connection_id())
            .expect("peering id")
            .to_owned();
        let table = self.main_route_table(&vpc).await;
        self.ec2
            .create_route()
            .route_table_id(&table)
            .destination_cidr_block(destination)
            .vpc_peering_connection_id(&peering_id)
            .send()
            .await
            .expect("create_route");
        table
    }

    /// The id of `vpc`'s main route table.
    pub async fn main_route_table(&self, vpc: &str) -> String {
        let tables = self
            .ec2
            .describe_route_tables()
            .filters(Filter::builder().name("vpc-id").values(vpc).build())
            .send()
            .await
            .expect("describe_route_tables");
        tables
            .route_tables()
            .first()
            .and_then(|table| table.route_table_id())
            .expect("a main route table")
            .to_owned()
    }

    /// An S3 gateway endpoint in `vpc`, on its main route table.
    pub async fn s3_gateway_endpoint(&self, vpc: &str) {
        let table = self.main_route_table(vpc).await;
        self.ec2
            .create_vpc_endpoint()
            .vpc_id(vpc)
            .service_name("com.amazonaws.us-east-1.s3")
            .vpc_endpoint_type(VpcEndpointType::Gateway)
            .route_table_ids(table)
            .send()
            .await
            .expect("create_vpc_endpoint");
    }

    /// EBS encryption by default on in the region.
    pub async fn ebs_encryption_by_default(&self) {
        self.ec2
            .enable_ebs_encryption_by_default()
            .send()
            .await
            .expect("enable_ebs_encryption_by_default");
    }

    /// The region as CIS wants it: default security groups emptied, SSH and RDP denied in
    /// every network ACL, a flow log on every VPC, EBS encryption by default on, AWS Config
    /// recording everything, Security Hub on and a GuardDuty detector enabled.
    pub async fn secure_region(&self) {
        self.flow_logs_on_every_vpc().await;
        self.guarded_region().await;
    }

    /// [`Seeder::secure_region`] but for the flow logs.
    pub async fn guarded_region(&self) {
        self.empty_default_security_groups().await;
        self.deny_admin_ports_in_network_acls().await;
        self.ebs_encryption_by_default().await;
        self.config_recorder(true, true).await;
        self.securityhub
            .enable_security_hub()
            .send()
            .await
            .expect("enable_security_hub");
        self.guardduty_detector(true).await;
    }
}

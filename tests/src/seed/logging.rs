//! Seeding the account's logging: CloudTrail trails, AWS Config recorders and KMS keys.

use aws_sdk_cloudtrail::types::{
    AdvancedEventSelector, AdvancedFieldSelector, DataResource, EventSelector, ReadWriteType,
};
use aws_sdk_config::types::{ConfigurationRecorder, DeliveryChannel, RecordingGroup};
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};

use super::Seeder;

/// How a seeded trail is configured.
#[derive(Clone, Copy, Debug)]
pub struct TrailSettings {
    /// Applies to every region.
    pub multi_region: bool,
    /// Log file validation.
    pub validation: bool,
    /// Encrypted with this KMS key.
    pub kms_key: Option<&'static str>,
    /// Started (logging).
    pub logging: bool,
}

impl TrailSettings {
    /// Multi-region, validated, KMS-encrypted, logging.
    pub const GOOD: TrailSettings = TrailSettings {
        multi_region: true,
        validation: true,
        kms_key: Some("arn:aws:kms:us-east-1:123456789012:key/trail-key"),
        logging: true,
    };
}

/// Each CIS 5.x check and the pattern AWS's Security Hub CloudWatch.1–14 guidance gives for it.
pub const CIS_ALARM_PATTERNS: [(&str, &str); 15] = [
    (
        "monitoring.alarm-unauthorized-calls",
        r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#,
    ),
    (
        "monitoring.alarm-console-without-mfa",
        r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }"#,
    ),
    (
        "monitoring.alarm-root-use",
        r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#,
    ),
    (
        "monitoring.alarm-iam-policy-changes",
        "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}",
    ),
    (
        "monitoring.alarm-cloudtrail-changes",
        "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
    ),
    (
        "monitoring.alarm-console-failures",
        r#"{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }"#,
    ),
    (
        "monitoring.alarm-kms-key-deletion",
        "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }",
    ),
    (
        "monitoring.alarm-s3-policy-changes",
        "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }",
    ),
    (
        "monitoring.alarm-config-changes",
        "{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }",
    ),
    (
        "monitoring.alarm-security-group-changes",
        "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }",
    ),
    (
        "monitoring.alarm-nacl-changes",
        "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }",
    ),
    (
        "monitoring.alarm-gateway-changes",
        "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }",
    ),
    (
        "monitoring.alarm-route-table-changes",
        "{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }",
    ),
    (
        "monitoring.alarm-vpc-changes",
        "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }",
    ),
    (
        "monitoring.alarm-organizations-changes",
        r#"{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }"#,
    ),
];

impl Seeder {
    /// A bucket in the seeder's region.
    pub async fn bucket(&self, name: &str) {
        let mut request = self.s3.create_bucket().bucket(name);
        let region = self.s3.config().region().map(|region| region.to_string());
        if let Some(region) = region.filter(|region| region != "us-east-1") {
            request = request.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(region.as_str()))
                    .build(),
            );
        }
        request.send().await.expect("create_bucket");
    }

    /// A trail delivering to a new bucket `<name>-logs`; returns its ARN.
    pub async fn trail(&self, name: &str, settings: TrailSettings) -> String {
        let bucket = format!("{name}-logs");
        self.bucket(&bucket).await;
        let mut request = self
            .cloudtrail
            .create_trail()
            .name(name)
            .s3_bucket_name(&bucket)
            .is_multi_region_trail(settings.multi_region)
            .enable_log_file_validation(settings.validation);
        if let Some(key) = settings.kms_key {
            request = request.kms_key_id(key);
        }
        let trail = request.send().await.expect("create_trail");
        if settings.logging {
            self.cloudtrail
                .start_logging()
                .name(name)
                .send()
                .await
                .expect("start_logging");
        }
        trail.trail_arn().expect("trail arn").to_owned()
    }

    /// Basic event selectors: management events and S3 object events for every bucket, both
    /// of `kind`.
    pub async fn trail_s3_data_events(&self, trail: &str, kind: ReadWriteType) {
        self.cloudtrail
            .put_event_selectors()
            .trail_name(trail)
            .event_selectors(
                EventSelector::builder()
                    .read_write_type(kind)
                    .include_management_events(true)
                    .data_resources(
                        DataResource::builder()
                            .r#type("AWS::S3::Object")
                            .values("arn:aws:s3")
                            .build(),
                    )
                    .build(),
            )
            .send()
            .await
            .expect("put_event_selectors");
    }

    /// Advanced event selectors: all management events, and S3 object reads only.
    pub async fn trail_advanced_s3_reads(&self, trail: &str) {
        let field = |name: &str, value: &str| {
            AdvancedFieldSelector::builder()
                .field(name)
                .equals(value)
                .build()
                .expect("field selector")
        };
        self.cloudtrail
            .put_event_selectors()
            .trail_name(trail)
            .advanced_event_selectors(
                AdvancedEventSelector::builder()
                    .name("management")
                    .field_selectors(field("eventCategory", "Management"))
                    .build()
                    .expect("selector"),
            )
            .advanced_event_selectors(
                AdvancedEventSelector::builder()
                    .name("s3-reads")
                    .field_selectors(field("eventCategory", "Data"))
                    .field_selectors(field("resources.type", "AWS::S3::Object"))
                    .field_selectors(field("readOnly", "true"))
                    .build()
                    .expect("selector"),
            )
            .send()
            .await
            .expect("put_event_selectors");
    }

    /// A configuration recorder, started, with a delivery channel to a new bucket.
    pub async fn config_recorder(&self, all_supported: bool, global: bool) {
        self.config
            .put_configuration_recorder()
            .configuration_recorder(
                ConfigurationRecorder::builder()
                    .name("default")
                    .role_arn("arn:aws:iam::123456789012:role/config")
                    .recording_group(
                        RecordingGroup::builder()
                            .all_supported(all_supported)
                            .include_global_resource_types(global)
                            .build(),
                    )
                    .build(),
            )
            .send()
            .await
            .expect("put_configuration_recorder");
        let region = self
            .config
            .config()
            .region()
            .map(|region| region.to_string())
            .unwrap_or_default();
        let bucket = format!("config-history-{region}");
        self.bucket(&bucket).await;
        self.bucket_tls_only(&bucket).await;
        self.config
            .put_delivery_channel()
            .delivery_channel(
                DeliveryChannel::builder()
                    .name("default")
                    .s3_bucket_name(&bucket)
                    .build(),
            )
            .send()
            .await
            .expect("put_delivery_channel");
        self.config
            .start_configuration_recorder()
            .configuration_recorder_name("default")
            .send()
            .await
            .expect("start_configuration_recorder");
    }

    /// A symmetric customer-managed key, rotating or not; returns its id.
    pub async fn kms_key(&self, rotation: bool) -> String {
        let key = self.kms.create_key().send().await.expect("create_key");
        let id = key
            .key_metadata()
            .map(|metadata| metadata.key_id().to_owned())
            .expect("key id");
        if rotation {
            self.kms
                .enable_key_rotation()
                .key_id(&id)
                .send()
                .await
                .expect("enable_key_rotation");
        }
        id
    }

    /// A multi-region trail as CIS wants it: validated, KMS-encrypted, logging management
    /// events and S3 object reads and writes.
    pub async fn good_trail(&self) {
        self.trail("main", TrailSettings::GOOD).await;
        self.trail_s3_data_events("main", ReadWriteType::All).await;
    }

    /// The trail `name` delivers to the CloudWatch Logs group `trail-events` too.
    pub async fn trail_to_log_group(&self, name: &str) {
        self.logs
            .create_log_group()
            .log_group_name("trail-events")
            .send()
            .await
            .expect("create_log_group");
        self.cloudtrail
            .update_trail()
            .name(name)
            .cloud_watch_logs_log_group_arn(
                "arn:aws:logs:us-east-1:123456789012:log-group:trail-events:*",
            )
            .cloud_watch_logs_role_arn("arn:aws:iam::123456789012:role/trail-to-logs")
            .send()
            .await
            .expect("update_trail");
    }

    /// The trail `main` delivers to `trail-events`, where every CIS 5.x pattern has a filter
    /// and an alarm (in state OK) notifying a subscribed topic.
    pub async fn cis_alarms(&self) {
        self.trail_to_log_group("main").await;
        let topic = self.topic("security-alarms", true).await;
        for (index, (_, pattern)) in CIS_ALARM_PATTERNS.iter().enumerate() {
            let name = format!("cis-5-{}", index + 1);
            self.trail_metric_alarm(&name, pattern, Some(&topic)).await;
            self.set_alarm_state(
                &format!("{name}-alarm"),
                aws_sdk_cloudwatch::types::StateValue::Ok,
            )
            .await;
        }
    }

    /// An SNS topic encrypted with SNS's AWS-managed key; with `subscriber`, an e-mail
    /// address subscribed to it (moto confirms it at once). Returns the topic ARN.
    pub async fn topic(&self, name: &str, subscriber: bool) -> String {
        let topic = self
            .sns
            .create_topic()
            .name(name)
            .attributes("KmsMasterKeyId", "alias/aws/sns")
            .send()
            .await
            .expect("create_topic");
        let arn = topic.topic_arn().expect("topic arn").to_owned();
        if subscriber {
            self.sns
                .subscribe()
                .topic_arn(&arn)
                .protocol("email")
                .endpoint(format!("{name}@example.com"))
                .send()
                .await
                .expect("subscribe");
        }
        arn
    }

    /// A metric filter `name` on `trail-events` with `pattern`, emitting `CISBenchmark/<name>`;
    /// with `topic`, an alarm on that metric notifying it.
    pub async fn trail_metric_alarm(&self, name: &str, pattern: &str, topic: Option<&str>) {
        self.logs
            .put_metric_filter()
            .log_group_name("trail-events")
            .filter_name(name)
            .filter_pattern(pattern)
            .metric_transformations(
                aws_sdk_cloudwatchlogs::types::MetricTransformation::builder()
                    .metric_namespace("CISBenchmark")
                    .metric_name(name)
                    .metric_value("1")
                    .build()
                    .expect("metric transformation"),
            )
            .send()
            .await
            .expect("put_metric_filter");
        if let Some(topic) = topic {
            self.cloudwatch
                .put_metric_alarm()
                .alarm_name(format!("{name}-alarm"))
                .namespace("CISBenchmark")
                .metric_name(name)
                .statistic(aws_sdk_cloudwatch::types::Statistic::Sum)
                .period(300)
                .evaluation_periods(1)
                .threshold(1.0)
                .comparison_operator(
                    aws_sdk_cloudwatch::types::ComparisonOperator::GreaterThanOrEqualToThreshold,
                )
                .alarm_actions(topic)
                .send()
                .await
                .expect("put_metric_alarm");
        }
    }
}

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
}

//! Seeding S3: bucket policies, public access blocks, versioning and access logging.

use aws_sdk_s3::types::{
    BucketLoggingStatus, BucketVersioningStatus, LoggingEnabled, PublicAccessBlockConfiguration,
    VersioningConfiguration,
};

use super::{ACCOUNT, Seeder};

/// All four Block Public Access switches on.
fn block_everything() -> PublicAccessBlockConfiguration {
    PublicAccessBlockConfiguration::builder()
        .block_public_acls(true)
        .ignore_public_acls(true)
        .block_public_policy(true)
        .restrict_public_buckets(true)
        .build()
}

impl Seeder {
    /// A bucket policy that denies every request without TLS.
    pub async fn bucket_tls_only(&self, bucket: &str) {
        let policy = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::{bucket}","arn:aws:s3:::{bucket}/*"],"Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}]}}"#
        );
        self.bucket_policy(bucket, &policy).await;
    }

    /// A bucket policy.
    pub async fn bucket_policy(&self, bucket: &str, policy: &str) {
        self.s3
            .put_bucket_policy()
            .bucket(bucket)
            .policy(policy)
            .send()
            .await
            .expect("put_bucket_policy");
    }

    /// The bucket's own public access block, all four switches on.
    pub async fn bucket_blocks_public_access(&self, bucket: &str) {
        self.s3
            .put_public_access_block()
            .bucket(bucket)
            .public_access_block_configuration(block_everything())
            .send()
            .await
            .expect("put_public_access_block");
    }

    /// The account's public access block (S3 Control), all four switches on.
    pub async fn account_blocks_public_access(&self) {
        let block = aws_sdk_s3control::types::PublicAccessBlockConfiguration::builder()
            .block_public_acls(true)
            .ignore_public_acls(true)
            .block_public_policy(true)
            .restrict_public_buckets(true)
            .build();
        self.s3control
            .put_public_access_block()
            .account_id(ACCOUNT)
            .public_access_block_configuration(block)
            .send()
            .await
            .expect("s3control put_public_access_block");
    }

    /// Versioning on.
    pub async fn bucket_versioning(&self, bucket: &str) {
        self.s3
            .put_bucket_versioning()
            .bucket(bucket)
            .versioning_configuration(
                VersioningConfiguration::builder()
                    .status(BucketVersioningStatus::Enabled)
                    .build(),
            )
            .send()
            .await
            .expect("put_bucket_versioning");
    }

    /// A bucket for server access logs: S3's logging service may write, and requests
    /// without TLS are denied.
    pub async fn log_bucket(&self, name: &str) {
        self.bucket(name).await;
        let policy = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"logging.s3.amazonaws.com"}},"Action":"s3:PutObject","Resource":"arn:aws:s3:::{name}/*"}},{{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::{name}","arn:aws:s3:::{name}/*"],"Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}]}}"#
        );
        self.bucket_policy(name, &policy).await;
    }

    /// Every bucket as CIS wants it: the account blocks public access, every bucket denies
    /// requests without TLS, and the trail's bucket `main-logs` logs access to a log bucket.
    pub async fn secure_buckets(&self) {
        self.account_blocks_public_access().await;
        let listed = self.s3.list_buckets().send().await.expect("list_buckets");
        for bucket in listed.buckets() {
            self.bucket_tls_only(bucket.name().expect("bucket name"))
                .await;
        }
        self.log_bucket("access-logs").await;
        self.bucket_logging("main-logs", "access-logs").await;
    }

    /// Server access logging from `bucket` into `target` (a [`Seeder::log_bucket`]).
    pub async fn bucket_logging(&self, bucket: &str, target: &str) {
        self.s3
            .put_bucket_logging()
            .bucket(bucket)
            .bucket_logging_status(
                BucketLoggingStatus::builder()
                    .logging_enabled(
                        LoggingEnabled::builder()
                            .target_bucket(target)
                            .target_prefix(format!("{bucket}/"))
                            .build()
                            .expect("logging target"),
                    )
                    .build(),
            )
            .send()
            .await
            .expect("put_bucket_logging");
    }
}

//! Security checks: identity, encryption and exposure.

mod access_key_rotation;
mod admin_policies;
mod cloudtrail_kms;
mod cloudtrail_log_validation;
mod console_users_mfa;
mod default_security_group;
mod ebs_default_encryption;
mod imdsv2;
mod instance_profiles;
mod kms_rotation;
mod nacl_admin_ports;
mod open_ports;
mod password_policy;
mod password_reuse;
mod policy_document;
mod rds_encryption;
mod rds_public_access;
mod root_access_keys;
mod root_mfa;
mod root_summary;
mod s3_mfa_delete;
mod s3_public_access_block;
mod s3_tls_only;
mod sqs_encryption;
mod sqs_public_access;

//! Operations checks: failures have somewhere to go.

mod acm_certificate_expiry;
mod api_throttling;
mod backup_coverage;
mod dynamodb_deletion_protection;
mod dynamodb_pitr;
mod dynamodb_ttl;
mod ecs_circuit_breaker;
mod elb_deletion_protection;
mod kms_key_deletion;
mod lambda_failure_destination;
mod lambda_runtime;
mod plan_destroys_data;
mod rds_backups;
mod rds_performance_insights;
mod rds_settings;
mod sqs_dead_letter;
mod vpc_endpoints;

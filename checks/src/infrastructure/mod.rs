//! Infrastructure checks: the account and its resources exist and work.

mod credentials;
mod dynamodb_tables;
mod ecs_clusters;
mod ecs_services_healthy;
mod elb_target_health;
mod rds_instances;
mod route53_health_checks;
mod sqs_queues;

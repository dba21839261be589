//! Deploy stages: gates, changes (command, Terraform, ECS, RDS, DynamoDB), validation and
//! the alarm watch. Each registers itself with `declare_stage!`.

mod audit;
mod command;
mod common;
mod credentials;
mod dynamodb_ttl;
mod ecs_circuit_breaker;
mod invocation;
mod process;
mod rds_performance_insights;
mod terraform;
mod validate;
mod watch;

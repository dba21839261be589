//! Facts about the AWS account: one file per service. Each is collected once per audit,
//! paginated fully, through the widest API that serves it.

mod access_analyzer;
mod account_contacts;
mod acm;
mod api_gateway;
mod api_gateway_plan;
mod backup;
mod budgets;
mod cloudtrail;
mod cloudtrail_plan;
mod cloudwatch;
mod cloudwatch_plan;
mod config_recorders;
mod config_recorders_plan;
mod dynamodb;
mod dynamodb_plan;
mod ec2;
mod ecs;
mod ecs_plan;
mod ecs_task_definitions;
mod efs;
mod eventbridge;
mod guardduty;
mod guardduty_plan;
mod iam;
mod iam_identity_providers;
mod iam_plan;
mod iam_policies;
mod iam_root_access;
mod iam_server_certificates;
mod iam_user_policies;
mod kms;
mod kms_plan;
mod kms_policies;
mod lambda;
mod lambda_configurations;
mod lambda_plan;
mod load_balancer_listeners;
mod load_balancers;
mod load_balancers_plan;
mod log_groups;
mod log_groups_plan;
mod macie;
mod metrics;
mod organization_delegation;
mod organizations;
mod rds;
mod rds_plan;
mod resource_policy;
mod resource_policy_plan;
mod route53;
mod s3;
mod s3_logging;
mod s3_plan;
mod secrets_manager;
mod secrets_manager_plan;
mod security_hub;
mod security_hub_plan;
mod sns;
mod sns_plan;
mod sqs;
mod sqs_plan;
mod sts;
mod synthetics;
mod target_health;
mod trail_alarms;
mod trail_alarms_plan;

pub use access_analyzer::{AccessAnalyzers, Analyzer};
pub use account_contacts::{Contact, SecurityContact};
pub use acm::{Certificate, Certificates};
pub use api_gateway::{ApiStage, ApiStages, Throttling};
pub use backup::{BACKUP_HISTORY_HOURS, BackupJob, BackupJobs};
pub use budgets::{
    Budget, BudgetNotification, BudgetNotifications, Budgets, Money, collect_budget_notifications,
};
pub use cloudtrail::{CloudTrailTrails, Recorded, Trail};
pub use cloudwatch::{
    Alarm, AlarmKind, AlarmMetric, Alarms, CANARY_HISTORY_MINUTES, CanaryMetrics, CanarySeries,
    cloudwatch_history_minutes,
};
pub use config_recorders::{ConfigRecorder, ConfigRecorders};
pub use dynamodb::{
    DynamoDbBackups, DynamoDbTable, DynamoDbTableNames, DynamoDbTables, DynamoDbTimeToLive,
};
pub use ec2::{
    AclEntry, EbsEncryptionByDefault, Ec2Instance, Ec2Instances, FlowLog, NetworkAcl, NetworkAcls,
    PeeringRoute, PeeringRoutes, SecurityGroup, SecurityGroupRule, SecurityGroups, Vpc,
    VpcEndpoint, VpcEndpoints, VpcFlowLogs,
};
pub use ecs::{EcsCluster, EcsClusters, EcsDeployment, EcsService, EcsServices};
pub use ecs_task_definitions::{ContainerDefinition, EcsTaskDefinitions, TaskDefinition};
pub use efs::{EfsFileSystems, FileSystem};
pub use eventbridge::{EventBus, EventBuses};
pub use guardduty::{
    Detector, GUARDDUTY_HISTORY_HOURS, GUARDDUTY_MIN_COLLECTED_SEVERITY, GuardDutyDetectors,
    GuardDutyFindings, ThreatFinding,
};
pub use iam::{
    AccessKey, AccountSummary, CredentialReport, IamUser, PasswordPolicy, PasswordPolicySettings,
};
pub use iam_identity_providers::IdentityProviders;
pub use iam_policies::{AttachedPolicies, ManagedPolicy};
pub use iam_root_access::CentralRootAccess;
pub use iam_server_certificates::{ServerCertificate, ServerCertificates};
pub use iam_user_policies::{IamUserPolicies, UserPolicies};
pub use kms::{KmsKey, KmsKeys};
pub use kms_policies::KmsKeyPolicies;
pub use lambda::{LAMBDA_HISTORY_MINUTES, LambdaFunction, LambdaFunctions};
pub use lambda_configurations::{
    FunctionConfiguration, LambdaConfigurations, LambdaFailureDestinations, LambdaPolicies,
};
pub use load_balancer_listeners::{Listener, ListenerAction, Listeners};
pub use load_balancers::{LoadBalancer, LoadBalancers};
pub use log_groups::{LogGroup, LogGroups};
pub use macie::MacieSession;
pub use organization_delegation::{DelegatedAdministrators, OrganizationResourcePolicy};
pub use organizations::{
    Guardrail, Organization, OrganizationAccount, OrganizationMembership, OrganizationTree,
};
pub use rds::{DbInstance, DbInstances};
pub use resource_policy::ResourcePolicy;
pub use route53::{HEALTH_CHECK_HISTORY_MINUTES, HealthCheck, HealthChecks};
pub use s3::{
    AccountPublicAccessBlock, Bucket, PublicAccessBlock, S3BucketVersioning, S3Buckets, Versioning,
};
pub use s3_logging::S3BucketLogging;
pub use secrets_manager::{Secret, SecretPolicies, Secrets};
pub use security_hub::SecurityHub;
pub use sns::{SnsSubscriptions, SnsTopics, Topic};
pub use sqs::{Queue, SqsQueues};
pub use sts::CallerIdentity;
pub use synthetics::{Canaries, Canary};
pub use target_health::{Target, TargetGroup, TargetGroups};
pub use trail_alarms::{FilterAlarm, MonitoredTrail, TrailFilter, TrailMetricAlarms};

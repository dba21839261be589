//! Monitoring checks: alarms are quiet and wired, canaries are green.

mod alarm_actions;
mod alarms_firing;
mod alarms_insufficient_data;
mod api_access_logs;
mod canary_success;
mod cloudtrail_bucket_logging;
mod cloudtrail_enabled;
mod cloudtrail_s3_data_events;
mod config_recording;
mod ecs_container_insights;
mod elb_access_logs;
mod guardduty_enabled;
mod guardduty_findings;
mod lambda_errors;
mod log_retention;
mod security_hub_enabled;
mod trail_alarms;
mod vpc_flow_logs;

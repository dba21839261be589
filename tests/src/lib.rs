//! The end-to-end harness: a real moto server on a free loopback port, AWS SDK clients to
//! seed it, and the real `gonogo` binary built from this checkout.
//!
//! Each test starts its own moto server (isolation without resets) and the server is killed
//! when the test's [`Moto`] is dropped, on success or panic. Nothing here talks to anything but
//! 127.0.0.1.
#![expect(clippy::expect_used, reason = "a test harness fails loudly")]

mod binary;
pub mod chromium;
mod fault;
mod http;
mod manual;
mod moto;
mod prometheus;
pub mod seed;
mod terraform;

pub use binary::{AuditRun, Gonogo, demo_policy, demo_snapshot, gonogo_binary, team_binary};
pub use fault::{Fault, FaultProxy, Rule};
pub use http::TestService;
pub use manual::{assert_page, manual_page, manual_pages, manual_path};
pub use moto::{Moto, free_port, request_times};
pub use prometheus::{Pushgateway, promtool};
pub use seed::{DbSettings, Seeder, TrailSettings};
pub use terraform::{Stack, Terraform, provider_block};

/// Policy lines switching off the checks whose facts moto has no API for at all: Access
/// Analyzer, GuardDuty's ListFindings and AWS Backup's ListBackupJobs answer 404. Their pass
/// and fail paths are covered with aws-smithy-mocks beside each check.
pub const MOTO_HAS_NO_API: &str = r#"
[checks."security.access-analyzer-enabled"]
enabled = false

[checks."monitoring.guardduty-findings"]
enabled = false

[checks."operations.backup-coverage"]
enabled = false
"#;

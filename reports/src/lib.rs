//! gonogo-reports: renderers of a finished audit (table, JSON, JUnit, Markdown, HTML, SARIF,
//! GitHub annotations, GitLab Code Quality), and the merge of account reports into a fleet
//! report.
//!
//! Every format is rendered from one versioned result model, [`Report`] (the JSON contract,
//! `schema_version: 1`). Text that came from AWS is escaped for the format it lands in.
#![warn(missing_docs)]

mod asff;
mod cloudwatch;
mod contract;
mod csv;
mod deploy;
mod escape;
mod exposition;
mod format;
mod framework;
mod framework_view;
mod github;
mod gitlab;
mod html;
mod json;
mod junit;
mod markdown;
mod merge;
mod model;
mod notification;
mod ocsf;
mod plan;
mod problems;
mod prose;
mod records;
mod reference;
mod resource_types;
mod sarif;
mod stats;
mod table;
mod write;

pub use asff::{
    HubCompliance, HubFinding, RegionShare, evaluated_checks, finding_type, hub_finding,
    region_shares,
};
pub use cloudwatch::{MetricPoint, metric_points};
pub use contract::{
    FindingReport, OperationReport, ResolvedProblem, ScoringReport, StatsReport, StatusCounts,
    WaiverReport, WeightsReport,
};
pub use csv::{CsvError, render_framework_csv};
pub use deploy::{
    render_deploy_json, render_deploy_junit, render_deploy_markdown, render_deploy_table,
    run_state_label,
};
pub use escape::neutralize;
pub use exposition::{AccountLabel, PROMETHEUS_CONTENT_TYPE, PrometheusError, render_prometheus};
pub use format::{Format, RenderError, RenderOptions, render};
pub use framework::Place;
pub use framework_view::{
    AccountFrameworkView, FrameworkReport, FrameworkSummary, RequirementAt, RequirementReport,
};
pub use github::{ANNOTATIONS_PER_KIND, render_github};
pub use gitlab::render_gitlab_codequality;
pub use html::render_html;
pub use json::render_json;
pub use junit::{JunitError, render_junit};
pub use markdown::render_markdown;
pub use merge::{MergeError, merge, merge_labelled, merge_labelled_with_parts};
pub use model::{
    AccountReport, BaselineReport, CheckReport, Report, ReportReadError, RunInfo, SCHEMA_VERSION,
    Source, Target, Tool, UnauditedAccount,
};
pub use notification::{Notification, dedup_id, notification};
pub use ocsf::{OCSF_VERSION, render_ocsf};
pub use plan::{NotEvaluatedChange, PlanReport};
pub use prose::reflow;
pub use records::{FindingRecord, finding_records, uid_prefix};
pub use reference::{DOCS_URL, check_anchor, check_url, render_check_reference};
pub use sarif::render_sarif;
pub use stats::render_stats;
pub use table::{TableOptions, render_table, wrap_lines};
pub use write::{OutputPathError, check_output_paths, write_file};

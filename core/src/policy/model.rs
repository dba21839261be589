//! The validated policy.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::meta::{CheckMeta, Severity};
use crate::span::Place;

/// How an `error` result counts toward the verdict.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorHandling {
    /// Like a fail: it blocks if the check's severity blocks, else makes the verdict
    /// CONDITIONAL at best.
    #[default]
    LikeFail,
    /// Any error blocks: NO-GO.
    Block,
}

/// Which failures decide the verdict when the audit has a baseline.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum GateOn {
    /// Every failure counts.
    #[default]
    All,
    /// Only regressions count: a check whose failures were all there in the baseline
    /// (`--baseline`) is reported as failing but scored as passing. Errors always count.
    New,
}

/// Score weight of each severity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Weights {
    /// Weight of a critical check.
    pub critical: f64,
    /// Weight of a high check.
    pub high: f64,
    /// Weight of a medium check.
    pub medium: f64,
    /// Weight of a low check.
    pub low: f64,
    /// Weight of an info check.
    pub info: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            critical: 10.0,
            high: 5.0,
            medium: 3.0,
            low: 1.0,
            info: 0.0,
        }
    }
}

impl Weights {
    /// The weight of `severity`.
    pub fn of(&self, severity: Severity) -> f64 {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }
}

/// The policy's scoring rules: all the verdict reads besides the results (and the waivers,
/// applied before). A report carries them, so that `gonogo merge` judges an account's region shards again exactly as the
/// multi-region audit would have.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Scoring {
    /// Severity weights.
    pub weights: Weights,
    /// Score at or above which the verdict may be GO.
    pub go_score: f64,
    /// Score under which the verdict is NO-GO.
    pub no_go_score: f64,
    /// Share of evaluated weight that errors may carry before the verdict is NO-GO.
    pub max_error_percent: f64,
    /// Severities whose failures block (NO-GO).
    pub blocking_severities: Vec<Severity>,
    /// How errors count.
    pub errors: ErrorHandling,
    /// Which failures decide the verdict against a baseline.
    pub gate_on: GateOn,
}

impl Scoring {
    /// Whether failures at this severity block.
    pub fn blocks(&self, severity: Severity) -> bool {
        self.blocking_severities.contains(&severity)
    }
}

/// One check's table in the policy.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckPolicy {
    /// `enabled = false` leaves the check out unless named with `--check`.
    pub enabled: bool,
    /// A severity that replaces the check's default.
    pub severity: Option<Severity>,
    /// Parameter values, validated against the check's declared parameters.
    pub params: BTreeMap<String, toml::Value>,
}

/// An accepted risk: a check's fail or warn on matching resources counts neither way.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiver {
    /// The check id.
    pub check: String,
    /// Glob over finding resources (`*` for all).
    pub resource: glob::Pattern,
    /// Why the risk is accepted.
    pub reason: String,
    /// Who accepted it.
    pub owner: String,
    /// Last day (UTC) the waiver holds.
    pub expires: NaiveDate,
    /// Optional ticket reference.
    pub ticket: Option<String>,
}

impl Waiver {
    /// Whether the waiver covers this finding.
    pub fn covers(&self, check: &str, resource: &str) -> bool {
        self.check == check && self.resource.matches(resource)
    }

    /// Whether the waiver still holds on `today` (it holds through its expiry date).
    pub fn is_active(&self, today: NaiveDate) -> bool {
        today <= self.expires
    }
}

/// A validated policy; the default is the built-in policy.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Policy {
    /// The file it came from; `None` for the built-in default.
    pub source: Option<PathBuf>,
    /// How results weigh and which verdict they give.
    pub scoring: Scoring,
    /// Whether the file sets `gate_on` itself: `--plan` gates on what the change introduces
    /// unless it does.
    pub gate_on_declared: bool,
    /// Per-check tables, by check id.
    pub checks: BTreeMap<String, CheckPolicy>,
    /// Waivers, in file order.
    pub waivers: Vec<Waiver>,
    /// HTTP probes (`[[probes.http]]`), each a check `probe.<name>`.
    pub probes: Vec<super::HttpProbe>,
    /// The deploy pipeline (`[[stages]]`), in order.
    pub stages: Vec<StageSpec>,
    /// Frameworks whose view every audit reports (`frameworks = ["cis-aws-7.0"]`).
    pub frameworks: Vec<String>,
    /// The most AWS requests a second a live audit sends to one account and region, all
    /// services together, on top of each service's default budget (`--max-rps` wins).
    pub max_requests_per_second: Option<f64>,
}

/// The largest `max_requests_per_second` a policy may set.
pub const MAX_REQUESTS_PER_SECOND: f64 = 10_000.0;

/// One `[[stages]]` entry, validated against its kind's registration by the pipeline
/// (`pipeline::build_stages`).
#[derive(Clone, Debug, PartialEq)]
pub struct StageSpec {
    /// Unique name in the pipeline.
    pub name: String,
    /// Registered stage kind.
    pub kind: String,
    /// The rest of the table: the stage's parameters.
    pub params: toml::Table,
    /// Where it is declared, for errors: the policy file, line and column, or the journal a
    /// rollback rebuilt it from.
    pub declared_at: Option<Place>,
}

impl Default for Scoring {
    fn default() -> Self {
        Self {
            weights: Weights::default(),
            go_score: 90.0,
            no_go_score: 60.0,
            max_error_percent: 20.0,
            blocking_severities: vec![Severity::Critical],
            errors: ErrorHandling::default(),
            gate_on: GateOn::default(),
        }
    }
}

impl Policy {
    /// The severity a check runs at under this policy.
    pub fn severity_of(&self, meta: &CheckMeta) -> Severity {
        self.checks
            .get(meta.id)
            .and_then(|c| c.severity)
            .unwrap_or(meta.severity)
    }

    /// Whether the policy leaves the check enabled.
    pub fn is_enabled(&self, id: &str) -> bool {
        self.checks.get(id).is_none_or(|c| c.enabled)
    }

    /// The parameter values the policy sets for a check.
    pub fn params_of(&self, id: &str) -> Option<&BTreeMap<String, toml::Value>> {
        self.checks.get(id).map(|c| &c.params)
    }
}

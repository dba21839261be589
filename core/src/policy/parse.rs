//! Reading a policy file: TOML with spans, validated against the registry. Every error names
//! the file, line and column.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::model::{
    CheckPolicy, ErrorHandling, GateOn, MAX_REQUESTS_PER_SECOND, Policy, Scoring, StageSpec,
    Waiver, Weights,
};
use super::probes::RawProbes;
use crate::catalogue::Catalogue;
use crate::document_kind::DocumentKind;
use crate::input::{MAX_CONFIG_BYTES, read_text};
use crate::meta::Severity;
use crate::params::accept;
use crate::span::{ConfigError, Place, line_column};

/// The largest weight a severity may have.
pub const MAX_WEIGHT: f64 = 1000.0;

/// A gonogo policy file (`gonogo.toml`). Unknown keys are errors.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "gonogo policy")]
pub(super) struct RawPolicy {
    /// Score (0-100) at or above which the verdict may be GO (default 90).
    #[schemars(with = "Option<f64>", range(min = 0, max = 100))]
    go_score: Option<Spanned<f64>>,
    /// Score under which the verdict is NO-GO (default 60).
    #[schemars(with = "Option<f64>", range(min = 0, max = 100))]
    no_go_score: Option<Spanned<f64>>,
    /// Share (%) of the evaluated weight in `error` results above which the verdict is
    /// NO-GO whatever the score (default 20).
    #[schemars(with = "Option<f64>", range(min = 0, max = 100))]
    max_error_percent: Option<Spanned<f64>>,
    /// Severities whose fail (or error) is NO-GO (default `["critical"]`).
    blocking_severities: Option<Vec<Severity>>,
    /// How an `error` counts (default `like-fail`).
    errors: Option<ErrorHandling>,
    /// With `--baseline`, which failures decide the verdict (default `all`).
    gate_on: Option<GateOn>,
    /// Weight of each severity in the score.
    weights: Option<RawWeights>,
    /// Per-check settings: `enabled`, `severity` and the check's parameters.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, BTreeMap<String, serde_json::Value>>")]
    checks: BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    /// Accepted risks: the check still runs, its matching findings count neither way.
    #[serde(default)]
    waivers: Vec<RawWaiver>,
    /// HTTP probes, each a check `probe.<name>`.
    probes: Option<RawProbes>,
    /// The deploy pipeline (`gonogo deploy`): each stage has a `kind`, a `name` and the
    /// kind's settings.
    #[serde(default)]
    #[schemars(with = "Vec<serde_json::Map<String, serde_json::Value>>")]
    stages: Vec<Spanned<toml::Table>>,
    /// Compliance frameworks whose requirement view every audit reports.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    frameworks: Vec<Spanned<String>>,
    /// The most AWS requests a second a live audit sends to one account and region, all
    /// services together, on top of each service's default budget (`--max-rps` overrides).
    #[schemars(with = "Option<f64>", range(min = 0.001, max = 10000))]
    max_requests_per_second: Option<Spanned<f64>>,
}

/// Weight of each severity in the score.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawWeights {
    /// Default 10.
    #[schemars(with = "Option<f64>", range(min = 0, max = 1000))]
    critical: Option<Spanned<f64>>,
    /// Default 5.
    #[schemars(with = "Option<f64>", range(min = 0, max = 1000))]
    high: Option<Spanned<f64>>,
    /// Default 3.
    #[schemars(with = "Option<f64>", range(min = 0, max = 1000))]
    medium: Option<Spanned<f64>>,
    /// Default 1.
    #[schemars(with = "Option<f64>", range(min = 0, max = 1000))]
    low: Option<Spanned<f64>>,
    /// Default 0.
    #[schemars(with = "Option<f64>", range(min = 0, max = 1000))]
    info: Option<Spanned<f64>>,
}

/// An accepted risk.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    /// The check it waives.
    #[schemars(with = "String")]
    check: Spanned<String>,
    /// A glob over the finding's resource (default `*`).
    #[schemars(with = "Option<String>")]
    resource: Option<Spanned<String>>,
    /// Why the risk is accepted.
    #[schemars(with = "String", length(min = 1))]
    reason: Spanned<String>,
    /// Who accepted it.
    #[schemars(with = "String", length(min = 1))]
    owner: Spanned<String>,
    /// Last day it holds (a UTC date, inclusive).
    #[schemars(with = "chrono::NaiveDate")]
    expires: Spanned<toml::Value>,
    /// A ticket, if any.
    ticket: Option<String>,
}

impl Policy {
    /// Reads and validates a policy file.
    pub fn load(path: &Path, catalogue: &Catalogue) -> Result<Policy, ConfigError> {
        let origin = path.display().to_string();
        let text = read_text(path, MAX_CONFIG_BYTES).map_err(|err| ConfigError {
            origin: origin.clone(),
            position: None,
            message: format!("failed to read policy: {err}"),
        })?;
        let mut policy = Self::parse(&text, &origin, catalogue)?;
        policy.source = Some(path.to_path_buf());
        Ok(policy)
    }

    /// Parses and validates policy text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str, catalogue: &Catalogue) -> Result<Policy, ConfigError> {
        let registry = &catalogue.checks;
        let at = |span: Option<Range<usize>>, message: String| ConfigError {
            origin: origin.to_owned(),
            position: span.map(|s| line_column(text, s.start)),
            message,
        };
        let raw: RawPolicy = toml::from_str(text).map_err(|err| {
            match crate::document_kind::wrong_kind(text, DocumentKind::Policy) {
                // Another kind of file entirely: say which, not the first key TOML missed.
                Some(message) => ConfigError {
                    origin: origin.to_owned(),
                    position: None,
                    message,
                },
                None => at(err.span(), err.message().to_owned()),
            }
        })?;
        let defaults = Scoring::default();

        let percent = |value: Option<Spanned<f64>>, default: f64, key: &str| match value {
            None => Ok(default),
            Some(v) if (0.0..=100.0).contains(v.get_ref()) => Ok(*v.get_ref()),
            Some(v) => Err(at(
                Some(v.span()),
                format!("`{key}` must be between 0 and 100"),
            )),
        };
        let go_score = percent(raw.go_score, defaults.go_score, "go_score")?;
        let no_go_span = raw.no_go_score.as_ref().map(Spanned::span);
        let no_go_score = percent(raw.no_go_score, defaults.no_go_score, "no_go_score")?;
        if no_go_score > go_score {
            return Err(at(
                no_go_span,
                format!("`no_go_score` ({no_go_score}) is above `go_score` ({go_score})"),
            ));
        }
        let max_error_percent = percent(
            raw.max_error_percent,
            defaults.max_error_percent,
            "max_error_percent",
        )?;

        let weights = match raw.weights {
            None => defaults.weights,
            Some(w) => {
                let base = Weights::default();
                let first_span = [&w.critical, &w.high, &w.medium, &w.low, &w.info]
                    .into_iter()
                    .flatten()
                    .map(Spanned::span)
                    .next();
                // At most MAX_WEIGHT, so that a sum over every check stays a finite number.
                let weight = |value: Option<Spanned<f64>>, default: f64| match value {
                    None => Ok(default),
                    Some(v) if (0.0..=MAX_WEIGHT).contains(v.get_ref()) => Ok(*v.get_ref()),
                    Some(v) => Err(at(
                        Some(v.span()),
                        format!("a weight must be a number from 0 to {MAX_WEIGHT}"),
                    )),
                };
                let weights = Weights {
                    critical: weight(w.critical, base.critical)?,
                    high: weight(w.high, base.high)?,
                    medium: weight(w.medium, base.medium)?,
                    low: weight(w.low, base.low)?,
                    info: weight(w.info, base.info)?,
                };
                if Severity::ALL.iter().all(|s| weights.of(*s) == 0.0) {
                    return Err(at(
                        first_span,
                        "every weight is 0: the score would not weigh any check".to_owned(),
                    ));
                }
                weights
            }
        };

        let max_requests_per_second = match raw.max_requests_per_second {
            None => None,
            Some(v) if *v.get_ref() > 0.0 && *v.get_ref() <= MAX_REQUESTS_PER_SECOND => {
                Some(*v.get_ref())
            }
            Some(v) => {
                return Err(at(
                    Some(v.span()),
                    format!(
                        "`max_requests_per_second` must be a number above 0 and at most {MAX_REQUESTS_PER_SECOND}"
                    ),
                ));
            }
        };

        let mut checks = BTreeMap::new();
        for (id, table) in raw.checks {
            let Some(registration) = registry.get(id.get_ref()) else {
                return Err(at(
                    Some(id.span()),
                    format!(
                        "unknown check `{}`{} (see `gonogo list`)",
                        id.get_ref(),
                        crate::suggest::did_you_mean(
                            id.get_ref(),
                            registry.iter().map(|r| r.meta.id)
                        )
                    ),
                ));
            };
            let mut policy = CheckPolicy {
                enabled: true,
                severity: None,
                params: BTreeMap::new(),
            };
            for (key, value) in table {
                let span = Some(value.span());
                match (key.get_ref().as_str(), value.into_inner()) {
                    ("enabled", toml::Value::Boolean(b)) => policy.enabled = b,
                    ("enabled", other) => {
                        return Err(at(
                            span,
                            format!("`enabled` must be a boolean, found {}", other.type_str()),
                        ));
                    }
                    ("severity", value) => {
                        let severity = value.try_into::<Severity>().map_err(|_| {
                            at(
                                span,
                                "`severity` must be one of: critical, high, medium, low, info"
                                    .to_owned(),
                            )
                        })?;
                        policy.severity = Some(severity);
                    }
                    (name, value) => {
                        let Some(param) = registration.meta.param(name) else {
                            let known: Vec<_> =
                                registration.meta.params.iter().map(|p| p.name).collect();
                            return Err(at(
                                Some(key.span()),
                                format!(
                                    "unknown key `{name}` for check `{}` (expected `enabled`, `severity`{})",
                                    registration.meta.id,
                                    known.iter().map(|k| format!(", `{k}`")).collect::<String>()
                                ),
                            ));
                        };
                        let value = accept(param, value)
                            .map_err(|err| at(span, format!("`{name}`: {err}")))?;
                        policy.params.insert(name.to_owned(), value);
                    }
                }
            }
            checks.insert(id.into_inner(), policy);
        }

        let known = &catalogue.frameworks;
        let mut frameworks = Vec::with_capacity(raw.frameworks.len());
        for id in raw.frameworks {
            if known.get(id.get_ref()).is_none() {
                return Err(at(
                    Some(id.span()),
                    format!(
                        "unknown framework `{}`{} (see `gonogo frameworks`)",
                        id.get_ref(),
                        crate::suggest::did_you_mean(
                            id.get_ref(),
                            known.iter().map(|f| f.id.as_str())
                        )
                    ),
                ));
            }
            frameworks.push(id.into_inner());
        }

        let mut waivers = Vec::with_capacity(raw.waivers.len());
        for w in raw.waivers {
            if registry.get(w.check.get_ref()).is_none() {
                return Err(at(
                    Some(w.check.span()),
                    format!("waiver names unknown check `{}`", w.check.get_ref()),
                ));
            }
            for field in [&w.reason, &w.owner] {
                if field.get_ref().trim().is_empty() {
                    return Err(at(
                        Some(field.span()),
                        "a waiver needs a non-empty reason and owner".to_owned(),
                    ));
                }
            }
            let resource = match &w.resource {
                None => glob::Pattern::new("*"),
                Some(r) => glob::Pattern::new(r.get_ref()),
            }
            .map_err(|err| {
                at(
                    w.resource.as_ref().map(Spanned::span),
                    format!("bad resource pattern: {err}"),
                )
            })?;
            let expires_span = Some(w.expires.span());
            let expires =
                utc_date(w.expires.into_inner()).map_err(|message| at(expires_span, message))?;
            waivers.push(Waiver {
                check: w.check.into_inner(),
                resource,
                reason: w.reason.into_inner(),
                owner: w.owner.into_inner(),
                expires,
                ticket: w.ticket,
            });
        }

        let mut probes = Vec::new();
        for raw in raw.probes.map(|p| p.http).unwrap_or_default() {
            let probe = raw
                .validate(&probes)
                .map_err(|(span, message)| at(Some(span), message))?;
            probes.push(probe);
        }

        // Each stage's kind and parameters are validated by the pipeline
        // (`pipeline::build_stages`), which has the stage kinds; here only its shape.
        let mut stages: Vec<StageSpec> = Vec::new();
        for table in raw.stages {
            let span = Some(table.span());
            let mut params = table.into_inner();
            let mut string = |key: &str| match params.remove(key) {
                Some(toml::Value::String(value)) if !value.is_empty() => Ok(value),
                _ => Err(at(span.clone(), format!("a stage needs a `{key}` string"))),
            };
            let (kind, name) = (string("kind")?, string("name")?);
            if stages.iter().any(|s| s.name == name) {
                return Err(at(span, format!("stage `{name}` is declared twice")));
            }
            stages.push(StageSpec {
                name,
                kind,
                params,
                declared_at: Some(Place {
                    origin: origin.to_owned(),
                    position: span.map(|s| line_column(text, s.start)),
                }),
            });
        }

        Ok(Policy {
            source: None,
            gate_on_declared: raw.gate_on.is_some(),
            scoring: Scoring {
                weights,
                go_score,
                no_go_score,
                max_error_percent,
                blocking_severities: raw
                    .blocking_severities
                    .unwrap_or(defaults.blocking_severities),
                errors: raw.errors.unwrap_or_default(),
                gate_on: raw.gate_on.unwrap_or_default(),
            },
            checks,
            waivers,
            probes,
            stages,
            frameworks,
            max_requests_per_second,
        })
    }
}

/// A waiver expiry: a TOML date (`2026-12-31`) or a string in that form.
fn utc_date(value: toml::Value) -> Result<NaiveDate, String> {
    let bad = || "`expires` must be a date such as 2026-12-31".to_owned();
    let text = match value {
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
        toml::Value::String(s) => s,
        _ => return Err(bad()),
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::CheckRegistration;
    use crate::declare_check;
    use crate::meta::{CheckMeta, ParamKind, ParamMeta};

    declare_check! {
        /// ## What it checks
        /// Test.
        pub struct BudgetLimit;
        id: "cost.budget-limit",
        title: "t",
        category: Cost,
        severity: Medium,
        params: ["max_monthly_usd": Float = "500" => "limit"],
    }

    #[async_trait::async_trait]
    impl crate::check::Check for BudgetLimit {
        async fn run(
            &self,
            _: &crate::check::CheckCtx,
        ) -> Result<crate::outcome::Outcome, crate::outcome::CheckError> {
            Ok(crate::outcome::Outcome::from_findings("budgets", vec![]))
        }
    }

    static REG: CheckRegistration = CheckRegistration {
        meta: &BudgetLimit::META,
        build: || Box::new(BudgetLimit),
    };

    fn catalogue() -> Catalogue {
        let checks = crate::registry::Registry::from_registrations([&REG]).unwrap();
        Catalogue::from_registrations(checks, [], []).unwrap()
    }

    fn parse(text: &str) -> Result<Policy, ConfigError> {
        Policy::parse(text, "gonogo.toml", &catalogue())
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn empty_policy_is_the_default() {
        assert_eq!(parse("").unwrap(), Policy::default());
    }

    #[test]
    fn full_policy_parses() {
        let policy = parse(
            r#"
go_score = 95
no_go_score = 70
max_error_percent = 10
blocking_severities = ["critical", "high"]
errors = "block"
[weights]
critical = 20
[checks."cost.budget-limit"]
enabled = false
severity = "high"
max_monthly_usd = 250
[[waivers]]
check = "cost.budget-limit"
resource = "arn:aws:budgets::*"
reason = "accepted"
owner = "platform"
expires = 2026-12-31
ticket = "OPS-1"
"#,
        )
        .unwrap();
        assert_eq!(
            (
                policy.scoring.go_score,
                policy.scoring.no_go_score,
                policy.scoring.max_error_percent
            ),
            (95.0, 70.0, 10.0)
        );
        assert_eq!(
            policy.scoring.blocking_severities,
            vec![Severity::Critical, Severity::High]
        );
        assert_eq!(policy.scoring.errors, ErrorHandling::Block);
        assert_eq!(policy.scoring.weights.critical, 20.0);
        assert_eq!(policy.scoring.weights.high, 5.0);
        let check = &policy.checks["cost.budget-limit"];
        assert!(!check.enabled);
        assert_eq!(check.severity, Some(Severity::High));
        assert_eq!(check.params["max_monthly_usd"], toml::Value::Float(250.0));
        let waiver = &policy.waivers[0];
        assert_eq!(
            waiver.expires,
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
        assert!(waiver.covers("cost.budget-limit", "arn:aws:budgets::1:budget/x"));
        assert!(!waiver.covers("cost.budget-limit", "other"));
        assert_eq!(waiver.ticket.as_deref(), Some("OPS-1"));
    }

    #[test]
    fn unknown_top_level_key_names_line_and_column() {
        assert_eq!(
            error("go_score = 90\n  bogus = 1\n"),
            "gonogo.toml:2:3: unknown field `bogus`, expected one of `go_score`, `no_go_score`, `max_error_percent`, `blocking_severities`, `errors`, `gate_on`, `weights`, `checks`, `waivers`, `probes`, `stages`, `frameworks`, `max_requests_per_second`"
        );
    }

    #[test]
    fn wrong_type_names_the_value() {
        assert_eq!(
            error("go_score = \"high\""),
            "gonogo.toml:1:12: invalid type: string \"high\", expected f64"
        );
    }

    #[test]
    fn unknown_check_and_unknown_param_are_errors() {
        assert_eq!(
            error("[checks.\"cost.nope\"]\n"),
            "gonogo.toml:1:9: unknown check `cost.nope` (see `gonogo list`)"
        );
        assert_eq!(
            error("[checks.\"cost.budget-limit\"]\nmax_usd = 5\n"),
            "gonogo.toml:2:1: unknown key `max_usd` for check `cost.budget-limit` (expected `enabled`, `severity`, `max_monthly_usd`)"
        );
        assert_eq!(
            error("[checks.\"cost.budget-limit\"]\nmax_monthly_usd = \"lots\"\n"),
            "gonogo.toml:2:19: `max_monthly_usd`: expected number, found string"
        );
    }

    #[test]
    fn bad_dates_and_thresholds_are_errors() {
        let waiver =
            "[[waivers]]\ncheck = \"cost.budget-limit\"\nreason = \"r\"\nowner = \"o\"\nexpires = ";
        assert_eq!(
            error(&format!("{waiver}\"2026-13-01\"\n")),
            "gonogo.toml:5:11: `expires` must be a date such as 2026-12-31"
        );
        assert!(parse(&format!("{waiver}\"2026-12-01\"\n")).is_ok());
        assert_eq!(
            error("go_score = 50\nno_go_score = 70\n"),
            "gonogo.toml:2:15: `no_go_score` (70) is above `go_score` (50)"
        );
        assert_eq!(
            error("go_score = 101"),
            "gonogo.toml:1:12: `go_score` must be between 0 and 100"
        );
    }

    #[test]
    fn probes_parse_with_defaults_and_reject_bad_values() {
        let policy = parse(
            "[[probes.http]]\nname = \"api-health\"\nurl = \"http://127.0.0.1:8080/health\"\n\n[[probes.http]]\nname = \"api-limit\"\nurl = \"http://127.0.0.1:8080/v1\"\nmethod = \"post\"\nrate_limit = { requests = 30, limited_after = 20 }\nseverity = \"critical\"\n",
        )
        .unwrap();
        let health = &policy.probes[0];
        assert_eq!(
            (
                health.method.as_str(),
                health.expect_status,
                health.timeout.as_secs()
            ),
            ("GET", 200, 10)
        );
        assert_eq!(health.check_id(), "probe.api-health");
        let limit = &policy.probes[1];
        assert_eq!(limit.method, "POST");
        assert_eq!(
            limit.rate_limit,
            Some(crate::policy::RateLimit {
                requests: 30,
                limited_after: 20
            })
        );
        assert_eq!(limit.severity, Severity::Critical);

        let probe = |body: &str| error(&format!("[[probes.http]]\n{body}"));
        assert_eq!(
            probe("name = \"Api\"\nurl = \"http://x\""),
            "gonogo.toml:2:8: a probe name is kebab-case: lowercase letters, digits and `-`"
        );
        assert_eq!(
            probe("name = \"a\"\nurl = \"ftp://x\""),
            "gonogo.toml:3:7: a probe url starts with http:// or https://"
        );
        assert_eq!(
            probe(
                "name = \"a\"\nurl = \"http://x\"\nrate_limit = { requests = 5, limited_after = 5 }"
            ),
            "gonogo.toml:4:14: rate_limit needs 0 ≤ limited_after < requests ≤ 1000"
        );
        assert!(
            probe("name = \"a\"\nurl = \"http://x\"\nheaders = 1")
                .contains("unknown field `headers`")
        );
        assert_eq!(
            error(
                "[[probes.http]]\nname = \"a\"\nurl = \"http://x\"\n[[probes.http]]\nname = \"a\"\nurl = \"http://y\"\n"
            ),
            "gonogo.toml:5:8: probe `a` is declared twice"
        );
    }

    #[test]
    fn waiver_fields_are_required() {
        assert!(error("[[waivers]]\ncheck = \"cost.budget-limit\"\n").contains("missing field"));
    }

    #[test]
    fn meta_param_lookup() {
        let meta: &CheckMeta = &BudgetLimit::META;
        assert!(matches!(
            meta.param("max_monthly_usd"),
            Some(ParamMeta {
                kind: ParamKind::Float,
                ..
            })
        ));
    }
}

//! The policy and the plan: what every audit, snapshot, permission listing and deploy stage
//! starts from. One way to read the policy (its `[[stages]]` validated against the stage
//! kinds) and one way to plan the selected checks with the policy's probes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use gonogo_checks::probes::HttpProbes;
use gonogo_core::catalogue::Catalogue;
use gonogo_core::engine::{AuditPlan, PlanError};
use gonogo_core::framework::Framework;
use gonogo_core::pipeline::build_stages;
use gonogo_core::policy::Policy;
use gonogo_core::registry::Selection;
use gonogo_core::span::ConfigError;

use crate::error::AuditError;
use crate::request::CheckRequest;

/// The policy at `path`, or `gonogo.toml` in the working directory when there is one, or the
/// defaults; its stages are built once to validate their kinds and parameters.
pub fn load_policy(path: Option<&Path>, catalogue: &Catalogue) -> Result<Policy, ConfigError> {
    let default_path = PathBuf::from("gonogo.toml");
    let policy = match path {
        Some(path) => Policy::load(path, catalogue)?,
        None if default_path.is_file() => Policy::load(&default_path, catalogue)?,
        None => Policy::default(),
    };
    build_stages(&policy.stages, &catalogue.stages)?;
    Ok(policy)
}

/// The frameworks `request` names, each registered.
pub fn named_frameworks<'a>(
    request: &CheckRequest,
    catalogue: &'a Catalogue,
) -> Result<Vec<&'a Framework>, AuditError> {
    request
        .frameworks
        .iter()
        .map(|id| {
            catalogue
                .frameworks
                .get(id)
                .ok_or_else(|| AuditError::UnknownFramework(id.clone()))
        })
        .collect()
}

/// The selection `request` makes; its frameworks narrow it to their checks.
pub fn selection(request: &CheckRequest, catalogue: &Catalogue) -> Result<Selection, AuditError> {
    let within = if request.frameworks.is_empty() {
        None
    } else {
        let mut ids = Vec::new();
        for framework in named_frameworks(request, catalogue)? {
            ids.extend(framework.check_ids(request.framework_profile));
        }
        Some(ids)
    };
    Ok(Selection {
        ids: request.ids.clone(),
        categories: request.categories.clone(),
        tags: request.tags.clone(),
        within,
    })
}

/// The engine's plan of `selection` under `policy`, with the policy's probes.
pub fn plan_selection(
    catalogue: &Catalogue,
    policy: Policy,
    selection: &Selection,
) -> Result<AuditPlan, PlanError> {
    AuditPlan::new(
        &catalogue.checks,
        policy,
        selection,
        Some(Arc::new(HttpProbes)),
    )
}

/// Reads the policy and plans the checks `request` selects.
pub fn plan(request: &CheckRequest, catalogue: &Catalogue) -> Result<AuditPlan, AuditError> {
    let policy = load_policy(request.policy.as_deref(), catalogue)?;
    let selection = selection(request, catalogue)?;
    Ok(plan_selection(catalogue, policy, &selection)?)
}

/// The audit's clock: `text` (RFC 3339 or YYYY-MM-DD) when given, else `default`.
pub fn audit_clock(
    text: Option<&str>,
    default: DateTime<Utc>,
) -> Result<DateTime<Utc>, AuditError> {
    let Some(text) = text else { return Ok(default) };
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| AuditError::Clock(text.to_owned()))?;
    Ok(date.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc())
}

//! Merging the reports of separate runs (`gonogo merge`): an account's region shards into
//! that account's multi-region report, accounts and account shards into one fleet, each
//! re-judged from its checks, with the framework views the reports asked for derived again
//! from the merged checks.

use std::path::{Path, PathBuf};

use gonogo_core::framework::{Frameworks, Profile};
use gonogo_reports::Report;

use crate::error::AuditError;
use crate::service::load_report;
use crate::views::framework_views;

/// The files to merge: each argument, or every `*.json` in a directory argument, sorted.
pub fn report_paths(args: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut paths = Vec::new();
    for arg in args {
        if !arg.is_dir() {
            paths.push(arg.clone());
            continue;
        }
        let entries = std::fs::read_dir(arg).map_err(|err| format!("{}: {err}", arg.display()))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
            .collect();
        if found.is_empty() {
            return Err(format!(
                "{}: no *.json report in the directory",
                arg.display()
            ));
        }
        found.sort();
        paths.extend(found);
    }
    Ok(paths)
}

/// The reports at `paths`, merged, with their framework views.
pub fn merge_report_files(
    frameworks: &Frameworks,
    paths: &[PathBuf],
) -> Result<Report, AuditError> {
    let reports = paths
        .iter()
        .map(|path| read(path).map(|report| (path.display().to_string(), report)))
        .collect::<Result<Vec<_>, _>>()?;
    // The framework views asked for in the reports, derived again from the merged checks.
    let mut named: Vec<(String, Option<Profile>)> = Vec::new();
    for (_, report) in &reports {
        for view in &report.frameworks {
            let entry = (view.id.clone(), view.profile);
            if !named.contains(&entry) {
                named.push(entry);
            }
        }
    }
    let (mut fleet, parts) = gonogo_reports::merge_labelled_with_parts(reports)?;
    fleet.frameworks = framework_views(frameworks, &named, &fleet, &parts)?;
    Ok(fleet)
}

fn read(path: &Path) -> Result<Report, AuditError> {
    load_report(path).map_err(|message| AuditError::Report {
        path: path.display().to_string(),
        message,
    })
}

//! `gonogo frameworks`: each registered framework with its counts, and the framework side of
//! `gonogo explain` (a framework, `ID:REQUIREMENT`, or the requirements a check evaluates).

use gonogo_core::framework::{Assessment, Framework, Frameworks, Requirement};
use serde_json::json;

use crate::args::{FrameworksArgs, ListFormat};
use crate::output::{cli_table, ids_whole};

pub(crate) fn run(args: &FrameworksArgs, frameworks: &Frameworks) -> anyhow::Result<i32> {
    match args.format {
        ListFormat::Json => {
            let list: Vec<_> = frameworks
                .iter()
                .map(|f| {
                    let counts = Counts::of(f);
                    json!({
                        "id": f.id,
                        "title": f.title,
                        "version": f.version,
                        "source": f.source,
                        "requirements": counts.requirements,
                        "automated": counts.automated,
                        "covered": counts.covered,
                    })
                })
                .collect();
            outln!("{}", serde_json::to_string_pretty(&list)?);
        }
        ListFormat::Table => {
            let mut table =
                cli_table(["Framework", "Title", "Requirements", "Automated", "Covered"]);
            for f in frameworks.iter() {
                let counts = Counts::of(f);
                table.add_row([
                    f.id.clone(),
                    format!("{} {}", f.title, f.version),
                    counts.requirements.to_string(),
                    counts.automated.to_string(),
                    counts.covered.to_string(),
                ]);
            }
            outln!("{}", ids_whole(table));
        }
    }
    Ok(0)
}

/// A framework's requirement counts: all, automated, and those some check evaluates.
struct Counts {
    requirements: usize,
    automated: usize,
    covered: usize,
}

impl Counts {
    fn of(framework: &Framework) -> Self {
        let requirements = &framework.requirements;
        Self {
            requirements: requirements.len(),
            automated: requirements
                .iter()
                .filter(|r| r.assessment == Assessment::Automated)
                .count(),
            covered: requirements.iter().filter(|r| !r.checks.is_empty()).count(),
        }
    }
}

/// `explain ID` for a framework or `ID:REQUIREMENT`; `None` when `id` names neither.
pub(crate) fn explain(frameworks: &Frameworks, id: &str) -> Option<String> {
    let (framework_id, requirement) = match id.split_once(':') {
        Some((f, r)) => (f, Some(r)),
        None => (id, None),
    };
    let framework = frameworks.get(framework_id)?;
    let Some(requirement) = requirement else {
        let counts = Counts::of(framework);
        let mut table = cli_table(["Requirement", "Level", "Assessment", "Title", "Checks"]);
        for r in &framework.requirements {
            table.add_row([
                r.id.clone(),
                r.level.to_string(),
                assessment(r).to_owned(),
                r.title.clone(),
                coverage(r),
            ]);
        }
        return Some(format!(
            "{}: {} {}\nsource: {}\n{} requirements, {} automated, {} evaluated by a check\n\n{}",
            framework.id,
            framework.title,
            framework.version,
            framework.source,
            counts.requirements,
            counts.automated,
            counts.covered,
            ids_whole(table)
        ));
    };
    let r = framework.requirement(requirement)?;
    let severity = r
        .severity
        .map(|s| format!("  severity: {}", s.as_str()))
        .unwrap_or_default();
    Some(format!(
        "{}:{}: {}\nsection: {}  level: {}  assessment: {}{severity}\nchecks: {}",
        framework.id,
        r.id,
        r.title,
        r.section,
        r.level,
        assessment(r),
        coverage(r)
    ))
}

/// The requirements a check evaluates, one line each (`cis-aws-7.0:2.5 The root user has MFA`).
pub(crate) fn requirements_of(frameworks: &Frameworks, check: &str) -> Vec<String> {
    frameworks
        .iter()
        .flat_map(|f| {
            f.requirements_of(check)
                .map(move |r| format!("{}:{} {}", f.id, r.id, r.title))
        })
        .collect()
}

fn assessment(r: &Requirement) -> &'static str {
    match r.assessment {
        Assessment::Automated => "automated",
        Assessment::Manual => "manual",
    }
}

fn coverage(r: &Requirement) -> String {
    match (&r.not_covered, r.checks.is_empty()) {
        (_, false) => r.checks.join(", "),
        (Some(why), true) => format!("not covered: {why}"),
        (None, true) => "manual: no check".to_owned(),
    }
}

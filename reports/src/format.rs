//! The one table of report formats: what `--format` can print and which `--<format> FILE`
//! flags exist both come from [`Format`], and [`render`] renders any of them, with one error
//! type. (The deploy journal's renderers, the Prometheus metrics and `--stats` are not a
//! report's formats.)

use strum::{EnumIter, EnumString, IntoEnumIterator, IntoStaticStr};

use crate::csv::{CsvError, render_framework_csv};
use crate::junit::{JunitError, render_junit};
use crate::table::{TableOptions, render_table};
use crate::{
    Report, render_github, render_gitlab_codequality, render_html, render_json, render_markdown,
    render_ocsf, render_sarif,
};

/// A format a report renders to; its name (kebab-case) is the `--format` value and the
/// per-file flag (`--gitlab-codequality FILE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, EnumString, IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum Format {
    /// A table for people, with the verdict and reasons.
    Table,
    /// The JSON report (schema version 1).
    Json,
    /// JUnit XML for CI test reporters.
    Junit,
    /// Markdown for a CI job summary.
    Markdown,
    /// A self-contained HTML page.
    Html,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// GitLab Code Quality JSON.
    GitlabCodequality,
    /// OCSF 1.5 Detection Findings.
    Ocsf,
    /// The framework views as CSV.
    FrameworkCsv,
}

impl Format {
    /// Its name: the `--format` value and the per-file flag.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// Every format, in the order of this table.
    pub fn all() -> impl Iterator<Item = Format> {
        Format::iter()
    }

    /// What it is, when `--format` can print it on stdout.
    pub fn printed(self) -> Option<&'static str> {
        Some(match self {
            Format::Table => "A table for people, with the verdict and reasons",
            Format::Json => "The JSON report (schema version 1)",
            Format::Junit => "JUnit XML for CI test reporters",
            Format::Markdown => "Markdown for a CI job summary",
            Format::Html => "A self-contained HTML page",
            Format::Sarif => "SARIF 2.1.0 for GitHub code scanning",
            Format::Github => {
                "GitHub Actions annotations: `::error` per blocking failure, `::warning` per \
                 other problem, ten of each at most, then a `::notice` with the verdict"
            }
            Format::GitlabCodequality | Format::Ocsf | Format::FrameworkCsv => return None,
        })
    }

    /// What its `--<name> FILE` flag writes, when it has one.
    pub fn written(self) -> Option<&'static str> {
        Some(match self {
            Format::Json => "Also write the JSON report to FILE",
            Format::Junit => "Also write the JUnit report to FILE",
            Format::Markdown => "Also write the Markdown report to FILE",
            Format::Html => "Also write a self-contained HTML report to FILE",
            Format::FrameworkCsv => {
                "Also write the framework views (`--framework`) as CSV to FILE: a row per \
                 requirement"
            }
            Format::Sarif => {
                "Also write SARIF 2.1.0 to FILE, for GitHub code scanning: a result per \
                 failing or warning finding, anchored at the policy file"
            }
            Format::GitlabCodequality => {
                "Also write GitLab Code Quality JSON to FILE (a merge request's code quality \
                 widget), anchored like SARIF"
            }
            Format::Ocsf => {
                "Also write OCSF 1.5 Detection Findings (class 2004) to FILE: one JSON array \
                 with a finding per finding, passing ones too, statuses mapped as Prowler's \
                 OCSF output does"
            }
            Format::Table | Format::Github => return None,
        })
    }
}

/// How formats that need more than the report render it.
pub struct RenderOptions<'a> {
    /// The table's colour and width.
    pub table: TableOptions,
    /// The repository path SARIF and GitLab results point at (the policy file).
    pub anchor: &'a str,
    /// A check's full description for its SARIF rule (its "What it checks"); `None` for a
    /// check without one (a policy's probe), whose title stands in.
    pub describe: &'a dyn Fn(&str) -> Option<String>,
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The JUnit XML could not be written.
    #[error(transparent)]
    Junit(#[from] JunitError),
    /// The CSV could not be written.
    #[error(transparent)]
    Csv(#[from] CsvError),
}

/// `report` in `format`.
pub fn render(
    report: &Report,
    format: Format,
    options: &RenderOptions<'_>,
) -> Result<String, RenderError> {
    Ok(match format {
        Format::Table => render_table(report, options.table),
        Format::Json => render_json(report),
        Format::Junit => render_junit(report)?,
        Format::Markdown => render_markdown(report),
        Format::Html => render_html(report),
        Format::Sarif => render_sarif(report, options.anchor, options.describe),
        Format::Github => render_github(report),
        Format::GitlabCodequality => render_gitlab_codequality(report, options.anchor),
        Format::Ocsf => render_ocsf(report),
        Format::FrameworkCsv => render_framework_csv(report)?,
    })
}

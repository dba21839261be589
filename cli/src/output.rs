//! Printing a finished report and writing its files: shared by `audit` and `merge`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use gonogo_core::registry::Registry;
use gonogo_reports::{Report, TableOptions};

use crate::args::{ColorChoice, OutputArgs, ReportFormat as Format};

/// Stands for the shard index in report paths.
const SHARD_PLACEHOLDER: &str = "{shard}";

/// Width of the table when stdout is not a terminal (comfy-table cannot measure a pipe).
const PIPED_TABLE_WIDTH: u16 = 120;

/// Where SARIF results point when no policy file was named: the default policy's path.
pub(crate) const DEFAULT_ANCHOR: &str = "gonogo.toml";

/// The repository path SARIF results are anchored at: the policy file as named (forward
/// slashes, no leading `./`), else [`DEFAULT_ANCHOR`].
pub(crate) fn sarif_anchor(policy: Option<&Path>) -> String {
    match policy {
        Some(path) => {
            let text = path.to_string_lossy().replace('\\', "/");
            text.strip_prefix("./").unwrap_or(&text).to_owned()
        }
        None => DEFAULT_ANCHOR.to_owned(),
    }
}

/// The report as SARIF, each rule described by its check's "What it checks".
fn render_sarif(report: &Report, anchor: &str) -> String {
    let registry = Registry::load().ok();
    gonogo_reports::render_sarif(report, anchor, |id| {
        registry
            .as_ref()?
            .get(id)?
            .meta
            .doc_section("What it checks")
    })
}

/// Writes the report files asked for (each whole or not at all) and returns their absolute
/// paths. With a shard, `{shard}` in a path becomes the shard's index. SARIF results point
/// at `anchor`.
pub(crate) fn write_reports(
    args: &OutputArgs,
    report: &Report,
    shard: Option<usize>,
    anchor: &str,
) -> anyhow::Result<Vec<String>> {
    let mut written = Vec::new();
    let mut write = |path: &Path, contents: String| {
        let path = match shard {
            Some(index) => PathBuf::from(
                path.to_string_lossy()
                    .replace(SHARD_PLACEHOLDER, &index.to_string()),
            ),
            None => path.to_path_buf(),
        };
        let path = path.as_path();
        gonogo_reports::write_atomic(path, contents.as_bytes())
            .with_context(|| format!("failed to write report {}", path.display()))?;
        written.push(
            std::path::absolute(path)
                .unwrap_or_else(|_| path.to_path_buf())
                .display()
                .to_string(),
        );
        anyhow::Ok(())
    };
    if let Some(path) = &args.json {
        write(path, gonogo_reports::render_json(report))?;
    }
    if let Some(path) = &args.junit {
        write(path, gonogo_reports::render_junit(report)?)?;
    }
    if let Some(path) = &args.markdown {
        write(path, gonogo_reports::render_markdown(report))?;
    }
    if let Some(path) = &args.html {
        write(path, gonogo_reports::render_html(report))?;
    }
    if let Some(path) = &args.framework_csv {
        write(path, gonogo_reports::render_framework_csv(report)?)?;
    }
    if let Some(path) = &args.sarif {
        write(path, render_sarif(report, anchor))?;
    }
    if let Some(path) = &args.ocsf {
        write(path, gonogo_reports::render_ocsf(report))?;
    }
    if let Some(path) = &args.gitlab_codequality {
        write(
            path,
            gonogo_reports::render_gitlab_codequality(report, anchor),
        )?;
    }
    Ok(written)
}

/// Prints the report on stdout in the chosen format (SARIF pointing at `anchor`).
pub(crate) fn print_report(args: &OutputArgs, report: &Report, anchor: &str) -> anyhow::Result<()> {
    let stdout = match args.format {
        Format::Table => gonogo_reports::render_table(report, table_options(args.color)),
        Format::Json => gonogo_reports::render_json(report),
        Format::Junit => gonogo_reports::render_junit(report)?,
        Format::Markdown => gonogo_reports::render_markdown(report),
        Format::Html => gonogo_reports::render_html(report),
        Format::Sarif => render_sarif(report, anchor),
        Format::Github => gonogo_reports::render_github(report),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(stdout.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Colour and width of the table for this terminal (or pipe).
pub(crate) fn table_options(color: ColorChoice) -> TableOptions {
    let tty = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    TableOptions {
        color: match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        },
        width: (!tty).then_some(PIPED_TABLE_WIDTH),
    }
}

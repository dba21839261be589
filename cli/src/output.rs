//! Printing a finished report and writing its files: shared by `audit` and `merge`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use gonogo_core::registry::Registry;
use gonogo_reports::{Format, RenderOptions, Report, TableOptions};

use crate::args::{ColorChoice, OutputArgs};

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

/// How reports render: SARIF results point at `anchor`, and each SARIF rule is described by
/// its check's "What it checks" from the catalogue.
pub(crate) struct Rendering<'a> {
    /// The repository path SARIF results are anchored at ([`sarif_anchor`]).
    pub anchor: String,
    /// The checks, for the rules' descriptions.
    pub checks: &'a Registry,
}

impl Rendering<'_> {
    /// `report` in `format`; the table at `table`'s colour and width (a file's table, which
    /// no flag writes, has neither).
    fn render(
        &self,
        report: &Report,
        format: Format,
        table: Option<TableOptions>,
    ) -> anyhow::Result<String> {
        let describe = |id: &str| self.checks.get(id)?.meta.doc_section("What it checks");
        let options = RenderOptions {
            table: table.unwrap_or(TableOptions {
                color: false,
                width: Some(PIPED_TABLE_WIDTH),
                all: true,
            }),
            anchor: &self.anchor,
            describe: &describe,
        };
        Ok(gonogo_reports::render(report, format, &options)?)
    }
}

/// Writes the accounts' metrics (each labelled with its account) to `path`, whole or not at
/// all, for node_exporter's textfile collector (`--prometheus-file`).
pub(crate) fn write_prometheus_file(path: &Path, accounts: &[Report]) -> anyhow::Result<()> {
    let text = gonogo_reports::render_prometheus(accounts, gonogo_reports::AccountLabel::Labelled)?;
    gonogo_reports::write_file(path, text.as_bytes())
        .with_context(|| format!("failed to write the metrics file {}", path.display()))
}

/// The report files asked for, each with its format, `{shard}` in a path being the shard's
/// index.
pub(crate) fn report_paths(args: &OutputArgs, shard: Option<usize>) -> Vec<(Format, PathBuf)> {
    let with_shard = |path: &Path| match shard {
        Some(index) => PathBuf::from(
            path.to_string_lossy()
                .replace(SHARD_PLACEHOLDER, &index.to_string()),
        ),
        None => path.to_path_buf(),
    };
    args.files
        .iter()
        .map(|(format, path)| (*format, with_shard(path)))
        .collect()
}

/// Checks every file an audit or a merge will write (`extra`: other files, by flag) before
/// it starts: a path given twice, a missing or read-only directory is exit 3 at once.
pub(crate) fn check_paths(
    args: &OutputArgs,
    shard: Option<usize>,
    extra: &[(&str, &Path)],
) -> anyhow::Result<()> {
    let reports: Vec<(String, PathBuf)> = report_paths(args, shard)
        .into_iter()
        .map(|(format, path)| (format!("--{}", format.name()), path))
        .collect();
    let mut all: Vec<(&str, &Path)> = reports
        .iter()
        .map(|(flag, path)| (flag.as_str(), path.as_path()))
        .collect();
    all.extend_from_slice(extra);
    gonogo_reports::check_output_paths(&all)?;
    Ok(())
}

/// What writing the report files came to: the absolute paths written, and an error for each
/// one that could not be (the others are written all the same).
#[derive(Default)]
pub(crate) struct Written {
    /// The files written, absolute.
    pub(crate) files: Vec<String>,
    /// Why each other file was not.
    pub(crate) errors: Vec<anyhow::Error>,
}

impl Written {
    /// Notes the outcome of writing `path`.
    pub(crate) fn record(&mut self, path: &Path, result: anyhow::Result<()>) {
        match result {
            Ok(()) => self.files.push(
                std::path::absolute(path)
                    .unwrap_or_else(|_| path.to_path_buf())
                    .display()
                    .to_string(),
            ),
            Err(err) => self.errors.push(err),
        }
    }

    /// Prints each failure; true when there was one (the exit is then 3).
    pub(crate) fn report_failures(&self) -> bool {
        for err in &self.errors {
            eprintln!("error: {err:#}");
        }
        !self.errors.is_empty()
    }
}

/// Writes the report files asked for, each whole or not at all; one that fails does not stop
/// the others.
pub(crate) fn write_reports(
    args: &OutputArgs,
    report: &Report,
    shard: Option<usize>,
    rendering: &Rendering<'_>,
) -> Written {
    let mut written = Written::default();
    for (format, path) in report_paths(args, shard) {
        let result = rendering.render(report, format, None).and_then(|contents| {
            gonogo_reports::write_file(&path, contents.as_bytes())
                .with_context(|| format!("failed to write report {}", path.display()))
        });
        written.record(&path, result);
    }
    written
}

/// Prints the report on stdout in the chosen format.
pub(crate) fn print_report(
    args: &OutputArgs,
    report: &Report,
    rendering: &Rendering<'_>,
) -> anyhow::Result<()> {
    let stdout = rendering.render(
        report,
        args.format,
        Some(table_options(args.color, args.all)),
    )?;
    match write_stdout(stdout.as_bytes()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(()),
    }
}

/// Writes `bytes` to stdout and flushes.
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// What [`out!`] and [`outln!`] print through: a closed pipe is no error (whoever read the
/// output stopped reading), anything else is said on stderr once per write.
pub(crate) fn stdout(args: std::fmt::Arguments<'_>) {
    let text = args.to_string();
    match write_stdout(text.as_bytes()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write to standard output: {err}");
        }
        _ => {}
    }
}

/// The width tables and wrapped lines are drawn at: `COLUMNS` when set, else the
/// terminal's, else (piped) a stable [`PIPED_TABLE_WIDTH`], so that logs and files do not
/// change with the window they were made in.
pub(crate) fn width() -> u16 {
    const NARROWEST: u16 = 40;
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
    {
        return columns.max(NARROWEST);
    }
    if std::io::stdout().is_terminal()
        && let Some((terminal_size::Width(columns), _)) = terminal_size::terminal_size()
    {
        return columns.max(NARROWEST);
    }
    PIPED_TABLE_WIDTH
}

/// A table of a command's listing in gonogo's style, at [`width`], cells wrapped to fit.
pub(crate) fn cli_table<const N: usize>(header: [&str; N]) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table
        .load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_width(width())
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_header(header);
    table
}

/// The table with its first column (the ids) kept whole, not split mid-word, where it takes
/// at most three fifths of the width; the other columns wrap.
pub(crate) fn ids_whole(mut table: comfy_table::Table) -> comfy_table::Table {
    let first = table.column_max_content_widths().first().copied();
    if let Some(first) = first {
        // A column's width counts its padding, one space each side.
        let needed = first.saturating_add(2);
        if u32::from(needed) * 5 <= u32::from(width()) * 3
            && let Some(column) = table.column_mut(0)
        {
            column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                comfy_table::Width::Fixed(needed),
            ));
        }
    }
    table
}

/// Colour and width of the table for this terminal (or pipe).
pub(crate) fn table_options(color: ColorChoice, all: bool) -> TableOptions {
    let tty = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    TableOptions {
        color: match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        },
        width: Some(width()),
        all,
    }
}

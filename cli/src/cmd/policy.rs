//! `gonogo policy init|check`.

use std::path::Path;

use anyhow::bail;
use gonogo_audit::planning::load_policy;
use gonogo_core::catalogue::Catalogue;
use gonogo_core::exit_codes;
use gonogo_core::policy::{default_policy_toml, policy_schema};
use gonogo_reports::write_file;

use crate::args::{PolicyCheckArgs, PolicyInitArgs};

/// The policy's JSON Schema, written beside it: the file its `#:schema` directive names.
pub(crate) const SCHEMA_FILE: &str = "gonogo.schema.json";

pub(crate) fn init(args: &PolicyInitArgs, catalogue: &Catalogue) -> anyhow::Result<i32> {
    // Taplo (Even Better TOML) reads the directive and validates and completes the file
    // against the schema, resolved beside it.
    let text = format!(
        "#:schema ./{SCHEMA_FILE}\n{}",
        default_policy_toml(&catalogue.checks)
    );
    if args.output == Path::new("-") {
        out!("{text}");
        eprintln!("note: write the schema it names with `gonogo schema policy > {SCHEMA_FILE}`");
        return Ok(0);
    }
    let schema_path = args
        .output
        .parent()
        .unwrap_or_else(|| Path::new(""))
        .join(SCHEMA_FILE);
    for path in [&args.output, &schema_path] {
        if path.exists() && !args.force {
            bail!("{} exists; pass --force to overwrite it", path.display());
        }
    }
    let schema = serde_json::to_string_pretty(&policy_schema(catalogue))? + "\n";
    write_file(&schema_path, schema.as_bytes())?;
    write_file(&args.output, text.as_bytes())?;
    eprintln!(
        "wrote {} and its schema {}",
        args.output.display(),
        schema_path.display()
    );
    Ok(0)
}

pub(crate) fn check(args: &PolicyCheckArgs, catalogue: &Catalogue) -> anyhow::Result<i32> {
    match load_policy(Some(&args.file), catalogue) {
        Ok(policy) => {
            outln!(
                "{}: ok ({} check table(s), {} waiver(s), {} probe(s), {} stage(s))",
                args.file.display(),
                policy.checks.len(),
                policy.waivers.len(),
                policy.probes.len(),
                policy.stages.len()
            );
            Ok(0)
        }
        Err(err) => {
            eprintln!("error: {err}");
            Ok(exit_codes::INCOMPLETE)
        }
    }
}

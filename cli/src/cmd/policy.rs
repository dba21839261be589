//! `gonogo policy init|check`.

use std::io::Write;
use std::path::Path;

use anyhow::bail;
use gonogo_core::policy::{Policy, default_policy_toml};
use gonogo_core::registry::Registry;
use gonogo_core::verdict::EXIT_INCOMPLETE;
use gonogo_reports::write_atomic;

use crate::args::{PolicyCheckArgs, PolicyInitArgs};

pub(crate) fn init(args: &PolicyInitArgs) -> anyhow::Result<i32> {
    let registry = Registry::load()?;
    let text = default_policy_toml(&registry);
    if args.output == Path::new("-") {
        std::io::stdout().write_all(text.as_bytes())?;
        return Ok(0);
    }
    if args.output.exists() && !args.force {
        bail!(
            "{} exists; pass --force to overwrite it",
            args.output.display()
        );
    }
    write_atomic(&args.output, text.as_bytes())?;
    eprintln!("wrote {}", args.output.display());
    Ok(0)
}

pub(crate) fn check(args: &PolicyCheckArgs) -> anyhow::Result<i32> {
    let registry = Registry::load()?;
    match Policy::load(&args.file, &registry) {
        Ok(policy) => {
            println!(
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
            Ok(EXIT_INCOMPLETE)
        }
    }
}

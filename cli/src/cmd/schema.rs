//! `gonogo schema policy|report`: JSON Schemas generated from the Rust types.

use std::io::Write;

use gonogo_core::policy::policy_schema;
use gonogo_core::registry::Registry;
use gonogo_reports::Report;

use crate::args::{SchemaArgs, SchemaKind};

pub(crate) fn run(args: &SchemaArgs) -> anyhow::Result<i32> {
    let schema = match args.kind {
        SchemaKind::Policy => policy_schema(&Registry::load()?),
        SchemaKind::Report => Report::json_schema(),
    };
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &schema)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(0)
}

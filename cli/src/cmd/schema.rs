//! `gonogo schema policy|report`: JSON Schemas generated from the Rust types.

use gonogo_core::catalogue::Catalogue;
use gonogo_core::policy::policy_schema;
use gonogo_reports::Report;

use crate::args::{SchemaArgs, SchemaKind};

pub(crate) fn run(args: &SchemaArgs, catalogue: &Catalogue) -> anyhow::Result<i32> {
    let schema = match args.kind {
        SchemaKind::Policy => policy_schema(catalogue),
        SchemaKind::Report => Report::json_schema(),
    };
    outln!("{}", serde_json::to_string_pretty(&schema)?);
    Ok(0)
}

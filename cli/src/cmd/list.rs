//! `gonogo list`: every registered check.

use anyhow::Context;
use gonogo_core::catalogue::{Catalogue, StageKinds};
use serde_json::json;

use crate::args::{ListArgs, ListFormat};
use crate::cmd::explain::tag_list;
use crate::output::{cli_table, ids_whole};

/// The narrowest terminal the check list is a table in.
const WIDE_LIST: u16 = 110;

pub(crate) fn run(args: &ListArgs, catalogue: &Catalogue) -> anyhow::Result<i32> {
    if args.stages {
        return list_stages(args.format, &catalogue.stages);
    }
    let registry = &catalogue.checks;
    let mapped = match &args.framework {
        Some(id) => {
            let framework = catalogue.frameworks.get(id).with_context(|| {
                let near = gonogo_core::suggest::did_you_mean(
                    id,
                    catalogue.frameworks.iter().map(|f| f.id.as_str()),
                );
                format!("unknown framework `{id}`{near} (see `gonogo frameworks`)")
            })?;
            Some(framework.check_ids(None))
        }
        None => None,
    };
    let selected = || {
        registry.iter().filter(|r| {
            mapped
                .as_ref()
                .is_none_or(|ids| ids.iter().any(|id| id == r.meta.id))
        })
    };
    match args.format {
        ListFormat::Json => {
            let checks: Vec<_> = selected()
                .map(|r| {
                    let m = r.meta;
                    json!({
                        "id": m.id,
                        "title": m.title,
                        "category": m.category,
                        "severity": m.severity,
                        "scope": m.scope,
                        "presence": m.presence.as_str(),
                        "presence_params": m.presence.params(),
                        "tags": m.tags,
                        "params": m.params.iter().map(|p| json!({
                            "name": p.name,
                            "type": p.kind.as_str(),
                            "default": (!p.default.is_empty()).then_some(p.default),
                            "doc": p.doc,
                        })).collect::<Vec<_>>(),
                        "description": m.doc_section("What it checks"),
                        "remediation": m.doc_section("Remediation"),
                    })
                })
                .collect();
            outln!("{}", serde_json::to_string_pretty(&checks)?);
        }
        // Too narrow for five columns with whole ids: each check on a line, its title and
        // what it does when the resource is absent under it.
        ListFormat::Table if crate::output::width() < WIDE_LIST => {
            let width = crate::output::width();
            for r in selected() {
                let m = r.meta;
                outln!("{}  {}  [{}]", m.id, m.severity.as_str(), tag_list(m.tags));
                let about = format!("{} (when absent: {})", m.title, m.presence.when_absent());
                out!(
                    "{}",
                    gonogo_reports::wrap_lines(&about, width, "    ", "    ")
                );
            }
            outln!("{} checks", selected().count());
            if mapped.is_none() {
                list_stages(ListFormat::Table, &catalogue.stages)?;
            }
        }
        ListFormat::Table => {
            let mut table = cli_table(["Check", "Severity", "Tags", "When absent", "Title"]);
            for r in selected() {
                let m = r.meta;
                table.add_row([
                    m.id,
                    m.severity.as_str(),
                    &tag_list(m.tags),
                    &m.presence.when_absent(),
                    m.title,
                ]);
            }
            outln!("{}\n{} checks", ids_whole(table), selected().count());
            if mapped.is_none() {
                list_stages(ListFormat::Table, &catalogue.stages)?;
            }
        }
    }
    Ok(0)
}

fn list_stages(format: ListFormat, kinds: &StageKinds) -> anyhow::Result<i32> {
    match format {
        ListFormat::Json => {
            let stages: Vec<_> = kinds
                .values()
                .map(|s| json!({ "kind": s.kind, "summary": s.summary }))
                .collect();
            outln!("{}", serde_json::to_string_pretty(&stages)?);
        }
        ListFormat::Table => {
            let mut table = cli_table(["Stage kind", "What it does"]);
            for stage in kinds.values() {
                table.add_row([stage.kind, stage.summary]);
            }
            outln!(
                "\n{}\n{} stage kinds (for [[stages]] in gonogo.toml)",
                ids_whole(table),
                kinds.len()
            );
        }
    }
    Ok(0)
}

//! `gonogo explain ID`: a check's documentation, parameters and remediation.

use anyhow::Context;
use gonogo_core::catalogue::Catalogue;

use crate::cmd::frameworks;

use crate::args::ExplainArgs;

pub(crate) fn run(args: &ExplainArgs, catalogue: &Catalogue) -> anyhow::Result<i32> {
    let registry = &catalogue.checks;
    if let Some(text) = frameworks::explain(&catalogue.frameworks, &args.id) {
        outln!("{text}");
        return Ok(0);
    }
    let registration = registry.get(&args.id).with_context(|| {
        let near = gonogo_core::suggest::did_you_mean(
            &args.id,
            registry
                .iter()
                .map(|r| r.meta.id)
                .chain(catalogue.frameworks.iter().map(|f| f.id.as_str())),
        );
        format!(
            "unknown check `{}`{near} (see `gonogo list`; frameworks and their requirements: `gonogo frameworks`)",
            args.id
        )
    })?;
    let meta = registration.meta;
    let width = crate::output::width();
    let line = |text: String| gonogo_reports::wrap_lines(&text, width, "", "  ");
    let scope = match meta.scope {
        gonogo_core::Scope::Regional => "regional (runs in each audited region)",
        gonogo_core::Scope::Global => "global (runs once per account)",
    };
    let mut text = line(format!("{}: {}", meta.id, meta.title));
    text += &line(format!(
        "category: {}  severity: {}  scope: {scope}  tags: {}",
        meta.category,
        meta.severity,
        tag_list(meta.tags)
    ));
    text += &line(format!("absence: {}", meta.presence.describe()));
    // The documentation and what follows are Markdown, reflowed to the terminal.
    let mut prose = format!("\n{}\n\n", meta.docs_text());
    if meta.params.is_empty() {
        prose += "## Parameters\nnone\n";
    } else {
        prose += &format!(
            "## Parameters  (set in [checks.\"{}\"] of gonogo.toml)\n",
            meta.id
        );
        for param in meta.params {
            let default = if param.default.is_empty() {
                "unset"
            } else {
                param.default
            };
            prose += &format!(
                "- {} ({}, default {}): {}\n",
                param.name,
                param.describe_kind(),
                default,
                param.doc
            );
        }
    }
    prose += &format!("\nDocs: {}\n", gonogo_reports::check_url(meta.id));
    let requirements = frameworks::requirements_of(&catalogue.frameworks, meta.id);
    if !requirements.is_empty() {
        prose += "\n## Framework requirements\n";
        for requirement in requirements {
            prose += &format!("- {requirement}\n");
        }
    }
    text += &gonogo_reports::reflow(&prose, width);
    out!("{text}");
    Ok(0)
}

pub(crate) fn tag_list(tags: &[&str]) -> String {
    if tags.is_empty() {
        "-".to_owned()
    } else {
        tags.join(", ")
    }
}

//! The check reference (`docs/checks.md` of the manual), generated from the checks' own
//! declarations: the catalogue table, then one section per check with its doc comment,
//! scope, presence rule and parameters. `gonogo docs checks` prints it; a test fails when the
//! page in the repository differs (rewrite it with `GONOGO_BLESS=1`). `gonogo explain` and the
//! SARIF rules link to each check's section ([`check_url`]).

use std::fmt::Write;

use gonogo_core::meta::{CheckMeta, Scope};
use gonogo_core::registry::Registry;

/// Where the manual is published (`site_url` in `mkdocs.yml`).
pub const DOCS_URL: &str = "https://gonogo.readthedocs.io/";

/// The anchor of a check's section in the reference: its id.
pub fn check_anchor(id: &str) -> &str {
    id
}

/// The address of a check's section in the published manual.
pub fn check_url(id: &str) -> String {
    format!("{DOCS_URL}checks/#{}", check_anchor(id))
}

const INTRO: &str = "\
# Check reference

Every check linked into `gonogo`, generated from the checks' declarations by
`gonogo docs checks` (a test fails when this page is out of date). `gonogo explain ID` prints the
same for one check, with the framework requirements it evaluates.

\"When absent\" says what a check makes of a region or account without the things it judges:

- **n/a**: nothing to judge is `skip`, \"not applicable: no queues in eu-west-1\". It is never a
  pass (it does not raise the score) and never a fail, so an account that does not use a
  service, or a region it does not use, is not held against it. Skips are not evaluated; an
  audit where nothing at all was evaluated is NO-GO.
- **n/a unless `param`**: the same, unless the policy asks for presence, with an `expected_*`
  list (those named must exist) or a `require_*` switch (off by default: `require_alarms`,
  `require_canaries`, `require_services`), for a go-live where absence is itself the risk.
- **fails**: the check's subject is presence (a cost budget, a password policy, root MFA, working
  credentials), so absence fails.

In a multi-region or fleet audit a check's result is the worst over the regions where it was
evaluated; it is `skip` only when it was not applicable anywhere. When the credentials do not
work, `infrastructure.credentials` fails and every other AWS check is skipped (\"no valid
credentials\") instead of a wall of errors.
";

/// The whole reference page, in Markdown.
pub fn render_check_reference(checks: &Registry) -> String {
    let mut page = String::from(INTRO);
    page.push_str("\n## Catalogue\n\n");
    page.push_str("| Check | Severity | Tags | When absent | Title |\n|---|---|---|---|---|\n");
    for registration in checks.iter() {
        let meta = registration.meta;
        let _ = writeln!(
            page,
            "| [`{}`](#{}) | {} | {} | {} | {} |",
            meta.id,
            check_anchor(meta.id),
            meta.severity,
            meta.tags.join(", "),
            when_absent(meta),
            meta.title
        );
    }
    for registration in checks.iter() {
        page.push('\n');
        page.push_str(&section(registration.meta));
    }
    page
}

/// "When absent", with the parameters in code.
fn when_absent(meta: &CheckMeta) -> String {
    let params = meta.presence.params();
    if params.is_empty() {
        meta.presence.when_absent()
    } else {
        let named: Vec<String> = params.iter().map(|p| format!("`{p}`")).collect();
        format!("n/a unless {}", named.join(" or "))
    }
}

/// One check's section.
fn section(meta: &CheckMeta) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "## {} {{ #{} }}\n", meta.id, check_anchor(meta.id));
    let _ = writeln!(text, "**{}**\n", meta.title);
    let scope = match meta.scope {
        Scope::Regional => "regional (each audited region)",
        Scope::Global => "global (once per account)",
    };
    let tags = if meta.tags.is_empty() {
        "none".to_owned()
    } else {
        meta.tags.join(", ")
    };
    let _ = writeln!(
        text,
        "Category {} · severity {} · {scope} · tags: {tags} · when absent: {}\n",
        meta.category,
        meta.severity,
        meta.presence.describe()
    );
    // The doc comment's `## Heading` sections sit under the check's heading.
    for line in meta.docs_text().lines() {
        match line.strip_prefix("## ") {
            Some(heading) => {
                let _ = writeln!(text, "### {heading}");
            }
            None => {
                let _ = writeln!(text, "{line}");
            }
        }
    }
    text.push('\n');
    if meta.params.is_empty() {
        text.push_str("No parameters.\n");
    } else {
        let _ = writeln!(
            text,
            "Parameters, set in `[checks.\"{}\"]` of the policy:\n\n| Parameter | Type | Default | Meaning |\n|---|---|---|---|",
            meta.id
        );
        for param in meta.params {
            let default = if param.default.is_empty() {
                "unset".to_owned()
            } else {
                format!("`{}`", param.default)
            };
            let _ = writeln!(
                text,
                "| `{}` | {} | {default} | {} |",
                param.name,
                param.describe_kind(),
                param.doc.replace('|', "\\|")
            );
        }
    }
    text
}

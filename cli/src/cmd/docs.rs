//! `gonogo docs checks`: the manual's generated pages, from the catalogue (`docs/checks.md`
//! is this output; a test fails when they differ).

use gonogo_core::catalogue::Catalogue;

use crate::args::{DocsArgs, DocsPage};

pub(crate) fn run(args: &DocsArgs, catalogue: &Catalogue) -> anyhow::Result<i32> {
    match args.page {
        DocsPage::Checks => out!(
            "{}",
            gonogo_reports::render_check_reference(&catalogue.checks)
        ),
    }
    Ok(0)
}

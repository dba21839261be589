//! GitHub Actions workflow commands: an `::error` annotation per blocking failure, a
//! `::warning` per other problem, most severe first, at most ten of each (GitHub shows no more
//! per step), then one `::notice` with the verdict and what was left out.

use gonogo_core::policy::{ErrorHandling, Scoring};
use gonogo_core::{Severity, Status};

use crate::model::{CheckReport, Report};
use crate::problems::problems;

/// Annotations of one kind GitHub shows per step.
pub const ANNOTATIONS_PER_KIND: usize = 10;

/// One annotation, before it is cut to the limit.
struct Annotation {
    blocking: bool,
    severity: Severity,
    title: String,
    message: String,
}

/// The report as workflow commands, newline-terminated.
pub fn render_github(report: &Report) -> String {
    let scoring = report
        .scoring
        .as_ref()
        .map(Scoring::from)
        .unwrap_or_default();
    let mut annotations = annotations(report, &scoring);
    // Blocking first, then by severity, most severe first; the report's order within.
    annotations.sort_by(|a, b| {
        b.blocking
            .cmp(&a.blocking)
            .then(b.severity.cmp(&a.severity))
    });
    let (errors, warnings): (Vec<_>, Vec<_>) = annotations.into_iter().partition(|a| a.blocking);
    let mut out = String::new();
    for (command, list) in [("error", &errors), ("warning", &warnings)] {
        for a in list.iter().take(ANNOTATIONS_PER_KIND) {
            out.push_str(&format!(
                "::{command} title={}::{}\n",
                property(&a.title),
                data(&a.message)
            ));
        }
    }
    let hidden = |n: usize| n.saturating_sub(ANNOTATIONS_PER_KIND);
    let mut summary = format!(
        "score {}; {} blocking and {} other problems",
        report.score,
        errors.len(),
        warnings.len()
    );
    if hidden(errors.len()) + hidden(warnings.len()) > 0 {
        summary.push_str(&format!(
            " ({} and {} not annotated: GitHub shows {ANNOTATIONS_PER_KIND} of each per step)",
            hidden(errors.len()),
            hidden(warnings.len())
        ));
    }
    if let Some(reason) = report.reasons.first() {
        summary.push_str(&format!("; {reason}"));
    }
    out.push_str(&format!(
        "::notice title={}::{}\n",
        property(&format!("gonogo: {}", report.verdict.label())),
        data(&summary)
    ));
    out
}

/// An annotation per problem (waived findings are none), and one per check that could not
/// be evaluated.
fn annotations(report: &Report, scoring: &Scoring) -> Vec<Annotation> {
    let title = |check: &CheckReport| format!("{} ({})", check.id, check.severity);
    let errors = report
        .checks
        .iter()
        .filter(|c| c.status == Status::Error)
        .map(|check| Annotation {
            blocking: scoring.blocks(check.severity) || scoring.errors == ErrorHandling::Block,
            severity: check.severity,
            title: title(check),
            message: format!("could not be evaluated: {}", check.message),
        });
    let problems = problems(report).into_iter().map(|problem| Annotation {
        blocking: problem.status == Status::Fail && scoring.blocks(problem.check.severity),
        severity: problem.check.severity,
        title: title(problem.check),
        message: problem.text(),
    });
    errors.chain(problems).collect()
}

/// A command's message: `%`, CR and LF escaped, as the runner reads them.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: also `:` and `,`, which end it.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_properties_escape_what_the_runner_reads() {
        assert_eq!(data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(
            property("a:b,c%\n::error::x"),
            "a%3Ab%2Cc%25%0A%3A%3Aerror%3A%3Ax"
        );
        // A message cannot start a second command: its newline is escaped.
        assert!(!data("ok\n::error::forged").contains('\n'));
    }
}

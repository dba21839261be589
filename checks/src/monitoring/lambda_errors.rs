//! Flags Lambda functions that error, and required ones that were never invoked.

use chrono::Duration;

use crate::facts::{LAMBDA_HISTORY_MINUTES, LambdaFunctions};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// For every function (or only those in `functions`), the `Errors` sum over the last
    /// `window_minutes` is at most `max_errors`; every function in `expected_functions` has
    /// `Invocations` above zero in the window. A named function that does not exist fails.
    /// ## Why it matters
    /// Errors after a deploy are the first sign it broke something; a function nothing invokes
    /// any more often means a trigger was lost.
    /// ## Remediation
    /// Read the function's logs for the errors; check its event source mappings and triggers.
    pub struct LambdaErrors;
    id: "monitoring.lambda-errors",
    title: "Lambda functions run without errors",
    category: Monitoring,
    severity: High,
    presence: OnRequest["functions", "expected_functions"],
    facts: [LambdaFunctions],
    tags: ["post-deploy"],
    params: [
        "window_minutes": Integer[1, LAMBDA_HISTORY_MINUTES] = "60" => "how far back to sum, in minutes (at most 1440)",
        "max_errors": Integer = "0" => "most errors a function may have in the window",
        "functions": StringList = "[]" => "only these functions (default: all)",
        "expected_functions": StringList = "[]" => "functions that must have been invoked in the window",
    ],
}

#[async_trait]
impl Check for LambdaErrors {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let lambdas = cx.fact::<LambdaFunctions>().await?;
        let window: i64 = cx.param("window_minutes")?;
        let max_errors: i64 = cx.param("max_errors")?;
        let only: Vec<String> = cx.param("functions")?;
        let invoked: Vec<String> = cx.param("expected_functions")?;
        if !(1..=LAMBDA_HISTORY_MINUTES).contains(&window) {
            return Err(CheckError::Failed(format!(
                "window_minutes must be between 1 and {LAMBDA_HISTORY_MINUTES}"
            )));
        }
        let since = cx.now() - Duration::minutes(window);
        let mut findings = Vec::new();
        for f in lambdas
            .functions
            .iter()
            .filter(|f| only.is_empty() || only.contains(&f.name))
        {
            let errors = f.errors_since(since);
            let invocations = f.invocations_since(since);
            let summary = format!(
                "{} had {errors} errors in {invocations} invocations over {window} min",
                f.name
            );
            findings.push(if errors > max_errors as f64 {
                Finding::fail(&f.arn, summary)
            } else if invoked.contains(&f.name) && invocations <= 0.0 {
                Finding::fail(
                    &f.arn,
                    format!("{} was not invoked in the last {window} min", f.name),
                )
            } else {
                Finding::pass(&f.arn, summary)
            });
        }
        for name in only.iter().chain(&invoked) {
            if !lambdas.functions.iter().any(|f| &f.name == name)
                && !findings.iter().any(|f| &f.resource == name)
            {
                findings.push(Finding::fail(
                    name,
                    format!("function {name} does not exist"),
                ));
            }
        }
        Ok(cx.judge("functions", findings))
    }
}

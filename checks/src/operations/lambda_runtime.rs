//! Flags Lambda functions on a runtime Lambda has deprecated, or soon will.

use chrono::NaiveDate;

use crate::facts::LambdaConfigurations;
use crate::prelude::*;

/// Each runtime and the day Lambda deprecates it (stops patching it, then blocks creating
/// and updating functions on it), from AWS's table at
/// <https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html> as read in
/// November 2025. A runtime not listed is unknown here and warns: update the table.
const DEPRECATIONS: &[(&str, (i32, u32, u32))] = &[
    ("dotnet10", (2028, 11, 14)),
    ("dotnet9", (2026, 11, 10)),
    ("dotnet8", (2026, 11, 10)),
    ("dotnet7", (2024, 5, 14)),
    ("dotnet6", (2024, 12, 20)),
    ("dotnetcore3.1", (2023, 4, 3)),
    ("dotnetcore2.1", (2022, 1, 5)),
    ("go1.x", (2024, 1, 8)),
    ("java25", (2029, 6, 30)),
    ("java21", (2029, 6, 30)),
    ("java17", (2026, 6, 30)),
    ("java11", (2026, 6, 30)),
    ("java8.al2", (2026, 6, 30)),
    ("java8", (2024, 1, 8)),
    ("nodejs24.x", (2028, 4, 30)),
    ("nodejs22.x", (2027, 4, 30)),
    ("nodejs20.x", (2026, 4, 30)),
    ("nodejs18.x", (2025, 9, 1)),
    ("nodejs16.x", (2024, 6, 12)),
    ("nodejs14.x", (2023, 12, 4)),
    ("nodejs12.x", (2023, 3, 31)),
    ("nodejs10.x", (2021, 7, 30)),
    ("provided.al2023", (2029, 6, 30)),
    ("provided.al2", (2026, 6, 30)),
    ("provided", (2024, 1, 8)),
    ("python3.14", (2029, 6, 30)),
    ("python3.13", (2029, 6, 30)),
    ("python3.12", (2028, 10, 31)),
    ("python3.11", (2026, 6, 30)),
    ("python3.10", (2026, 6, 30)),
    ("python3.9", (2025, 12, 15)),
    ("python3.8", (2024, 10, 14)),
    ("python3.7", (2023, 12, 4)),
    ("python3.6", (2022, 7, 18)),
    ("python2.7", (2021, 7, 15)),
    ("ruby3.4", (2028, 3, 31)),
    ("ruby3.3", (2027, 3, 31)),
    ("ruby3.2", (2026, 3, 31)),
    ("ruby2.7", (2023, 12, 7)),
];

declare_check! {
    /// ## What it checks
    /// No function runs on a runtime whose Lambda deprecation date has passed (fail) or
    /// falls within `warn_days` (warn), by a dated table in the check taken from AWS's list
    /// of runtimes. A runtime the table does not know warns. Functions packaged as container
    /// images bring their own runtime and are not judged.
    /// ## Why it matters
    /// A deprecated runtime gets no security patches, and soon after Lambda refuses to
    /// update the function: the next urgent fix cannot be deployed.
    /// ## Remediation
    /// Move the function to a supported runtime (`aws lambda update-function-configuration
    /// --function-name NAME --runtime python3.13`) after testing it there.
    pub struct LambdaRuntime;
    id: "operations.lambda-runtime",
    title: "Lambda functions run on supported runtimes",
    category: Operations,
    severity: High,
    facts: [LambdaConfigurations],
    params: ["warn_days": Integer = "90" => "days before a deprecation that a function warns"],
}

#[async_trait]
impl Check for LambdaRuntime {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let functions = cx.fact::<LambdaConfigurations>().await?;
        let warn_days: i64 = cx.param("warn_days")?;
        let today = cx.now().date_naive();
        let findings = functions
            .functions
            .iter()
            .filter_map(|function| {
                let runtime = function.runtime.as_deref()?;
                let deprecated = DEPRECATIONS
                    .iter()
                    .find(|(name, _)| *name == runtime)
                    .and_then(|(_, (y, m, d))| NaiveDate::from_ymd_opt(*y, *m, *d));
                let who = format!("{} ({runtime})", function.name);
                Some(match deprecated {
                    None => Finding::warn(
                        &function.arn,
                        format!("{who}: a runtime gonogo's table does not list"),
                    ),
                    Some(day) if day <= today => {
                        Finding::fail(&function.arn, format!("{who}: deprecated since {day}"))
                    }
                    Some(day) if (day - today).num_days() <= warn_days => Finding::warn(
                        &function.arn,
                        format!(
                            "{who}: deprecated on {day}, in {} days",
                            (day - today).num_days()
                        ),
                    ),
                    Some(day) => {
                        Finding::pass(&function.arn, format!("{who}: supported until {day}"))
                    }
                })
            })
            .collect();
        Ok(cx.judge("functions on a managed runtime", findings))
    }
}

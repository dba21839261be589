//! Flags log groups that keep their events too briefly.

use crate::facts::LogGroups;
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every log group keeps its events at least `min_days` days. A group that never expires
    /// its events passes.
    /// ## Why it matters
    /// The logs of an incident are read weeks after it: a group that keeps a week has lost
    /// the evidence by then.
    /// ## Remediation
    /// `aws logs put-retention-policy --log-group-name NAME --retention-in-days 365`.
    pub struct LogRetention;
    id: "monitoring.log-retention",
    title: "Log groups keep their events long enough",
    category: Monitoring,
    severity: Medium,
    facts: [LogGroups],
    tags: ["logging"],
    params: ["min_days": Integer[1, 3653] = "365" => "fewest days a log group may keep its events"],
}

#[async_trait]
impl Check for LogRetention {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let groups = cx.fact::<LogGroups>().await?;
        let min_days: i64 = cx.param("min_days")?;
        let findings = groups
            .groups
            .iter()
            .map(|group| match group.retention_days {
                None => Finding::pass(&group.arn, format!("{} never expires", group.name)),
                Some(days) if i64::from(days) < min_days => Finding::fail(
                    &group.arn,
                    format!("{} keeps {days} days < {min_days}", group.name),
                ),
                Some(days) => {
                    Finding::pass(&group.arn, format!("{} keeps {days} days", group.name))
                }
            })
            .collect();
        Ok(cx.judge("log groups", findings))
    }
}

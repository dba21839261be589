//! Flags secrets that do not rotate, or whose rotation is overdue.

use chrono::Duration;

use crate::facts::{Secret, Secrets};
use crate::prelude::*;

declare_check! {
    /// ## What it checks
    /// Every Secrets Manager secret rotates automatically, and its rotation is on time: its
    /// last rotation (or, never rotated, its creation) plus the schedule's days, or for a
    /// schedule expression the rotation Secrets Manager plans, is not more than `grace_days`
    /// in the past. A secret whose rotation is on but whose timing Secrets Manager does not
    /// report warns: it cannot be shown to rotate.
    /// ## Why it matters
    /// A secret that never changes stays valid in every log, laptop and former employee's
    /// notes it ever reached. A rotation that is on but failing is worse: it looks safe.
    /// ## Remediation
    /// `aws secretsmanager rotate-secret --secret-id SECRET --rotation-lambda-arn FUNCTION
    /// --rotation-rules AutomaticallyAfterDays=30`; for an overdue one, read the rotation
    /// function's logs.
    pub struct SecretsRotation;
    id: "security.secrets-rotation",
    title: "Secrets rotate on schedule",
    category: Security,
    severity: Medium,
    facts: [Secrets],
    params: ["grace_days": Integer = "2" => "days a rotation may be late before it fails"],
}

/// When the secret should have rotated next: its last rotation (or, never rotated, its
/// creation) plus the schedule's days; for a schedule expression, the date Secrets Manager
/// plans. A rotation that keeps failing leaves the last rotation behind, whatever is planned.
fn due(secret: &Secret) -> Option<chrono::DateTime<chrono::Utc>> {
    match (secret.rotation_days, secret.last_rotated.or(secret.created)) {
        (Some(days), Some(since)) => Some(since + Duration::days(days)),
        _ => secret.next_rotation,
    }
}

#[async_trait]
impl Check for SecretsRotation {
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let secrets = cx.fact::<Secrets>().await?;
        let grace = Duration::days(cx.param::<i64>("grace_days")?);
        let now = cx.now();
        let findings = secrets
            .secrets
            .iter()
            .map(|secret| {
                if !secret.rotation_enabled {
                    return Finding::fail(&secret.arn, format!("{} does not rotate", secret.name));
                }
                match due(secret) {
                    Some(due) if due + grace < now => Finding::fail(
                        &secret.arn,
                        format!(
                            "{}'s rotation is {} days overdue (due {})",
                            secret.name,
                            (now - due).num_days(),
                            due.format("%Y-%m-%d")
                        ),
                    ),
                    Some(due) => Finding::pass(
                        &secret.arn,
                        format!("{} rotates next by {}", secret.name, due.format("%Y-%m-%d")),
                    ),
                    None => Finding::warn(
                        &secret.arn,
                        format!(
                            "{} rotates, but Secrets Manager reports no rotation dates",
                            secret.name
                        ),
                    ),
                }
            })
            .collect();
        Ok(cx.judge("secrets", findings))
    }
}

#[cfg(test)]
mod tests {
    //! moto cannot backdate a rotation, so the overdue side is covered here over
    //! hand-built facts; the moto tests show rotation off and on time.

    use chrono::{TimeZone, Utc};
    use gonogo_core::Status;

    use super::*;
    use crate::testing::{assert_status, facts, run};

    async fn judged(secret: Secret) -> Outcome {
        let facts = facts().in_region("us-east-1");
        facts.provide(Secrets {
            secrets: vec![secret],
        });
        run(SecretsRotation, &SecretsRotation::META, facts, "").await
    }

    fn rotating(last_rotated: (i32, u32, u32)) -> Secret {
        let (y, m, d) = last_rotated;
        Secret {
            name: "db".to_owned(),
            arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf".to_owned(),
            rotation_enabled: true,
            rotation_days: Some(30),
            rotation_schedule: None,
            last_rotated: Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).single(),
            next_rotation: None,
            created: None,
        }
    }

    #[tokio::test]
    async fn a_rotation_past_its_schedule_and_grace_fails() {
        // The store's clock is 2026-11-26; 30 days after 2026-10-01 is 2026-10-31.
        let outcome = judged(rotating((2026, 10, 1))).await;
        assert_status(&outcome, Status::Fail);
        assert_eq!(
            outcome.message,
            "db's rotation is 26 days overdue (due 2026-10-31)"
        );
        let outcome = judged(rotating((2026, 11, 1))).await;
        assert_status(&outcome, Status::Pass);
        assert_eq!(outcome.message, "db rotates next by 2026-12-01");
    }

    #[tokio::test]
    async fn rotation_without_dates_warns() {
        let mut secret = rotating((2026, 11, 1));
        secret.last_rotated = None;
        assert_status(&judged(secret).await, Status::Warn);
    }
}

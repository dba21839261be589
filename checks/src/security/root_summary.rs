//! What the root-user checks share: one counter of the IAM account summary judged against
//! the value it must have, as one finding on the root user.

use crate::facts::{AccountSummary, CallerIdentity};
use crate::prelude::*;

/// One summary counter's expectation.
pub(super) struct RootCounter {
    /// The summary key (`AccountMFAEnabled`).
    pub key: &'static str,
    /// The value that passes.
    pub passes_at: i32,
    /// The finding's message when it does.
    pub pass: &'static str,
    /// The finding's message when it does not.
    pub fail: &'static str,
}

impl RootCounter {
    /// Judges the root user by the counter; a summary without it is an error, never a pass.
    pub(super) async fn judge(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
        let summary = cx.fact::<AccountSummary>().await?;
        let identity = cx.fact::<CallerIdentity>().await?;
        let root = identity.root_arn();
        let finding = match summary.values.get(self.key) {
            Some(value) if *value == self.passes_at => Finding::pass(root, self.pass),
            Some(_) => Finding::fail(root, self.fail),
            None => {
                return Err(CheckError::Failed(format!(
                    "the account summary has no {}",
                    self.key
                )));
            }
        };
        Ok(cx.judge("root users", vec![finding]))
    }
}

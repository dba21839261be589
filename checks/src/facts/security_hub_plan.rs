//! The plan over Security Hub: `aws_securityhub_account` (subscribed or not).

use gonogo_core::Fact;

use super::SecurityHub;
use crate::plan::{Edit, FamilyOverlay};

const ACCOUNT: &str = "aws_securityhub_account";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: SecurityHub::KEY,
        resource_types: &[ACCOUNT],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply),
    }
}

fn apply(fact: &mut SecurityHub, edit: &Edit<'_>) {
    for planned in edit.of_type(ACCOUNT) {
        fact.hub_arn = planned
            .remains()
            .then(|| edit.name(planned, planned.after_str("arn")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn the_account_subscribes() {
        let hub = created::<SecurityHub>(serde_json::json!({"hub_arn": null})).await;
        assert_eq!(hub.hub_arn.as_deref(), Some("aws_securityhub_account.main"));
    }
}

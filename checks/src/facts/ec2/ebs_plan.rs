//! The plan over EBS encryption by default (`aws_ebs_encryption_by_default`), a per-region
//! account setting.

use gonogo_core::Fact;

use super::EbsEncryptionByDefault;
use crate::plan::{Edit, FamilyOverlay};

const SETTING: &str = "aws_ebs_encryption_by_default";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: EbsEncryptionByDefault::KEY,
        resource_types: &[SETTING],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply),
    }
}

fn apply(fact: &mut EbsEncryptionByDefault, edit: &Edit<'_>) {
    for planned in edit.of_type(SETTING) {
        // Removing the resource turns the setting off (the provider disables it on destroy).
        fact.enabled = if planned.remains() {
            planned.after_bool("enabled")
        } else {
            Some(false)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn the_setting_is_the_plans() {
        let fact = created::<EbsEncryptionByDefault>(serde_json::json!({"enabled": false})).await;
        assert_eq!(fact.enabled, Some(true));
    }
}

//! What the families' unit tests share: the checked-in plans real Terraform wrote
//! (`testdata/`), and a fact as a plan leaves it, through the real overlay.

use std::collections::BTreeMap;
use std::sync::Arc;

use gonogo_core::facts::RecordedFact;
use gonogo_core::{Fact, Facts};

use super::{Fill, PlanOverlay, PlannedChanges, TerraformPlan};

/// The plan that creates one resource of every modeled family (see `testdata/README.md`).
pub(crate) fn every_family() -> Arc<PlannedChanges> {
    let text = include_str!("testdata/every_family.plan.json");
    let plan = TerraformPlan::parse(text.as_bytes(), "every_family.plan.json").unwrap();
    Arc::new(PlannedChanges::new(&plan, "us-east-1"))
}

/// `T` as `changes` leave it, over an account whose `T` is `before` (JSON, as a snapshot
/// records it) and whose other facts are `also`, with unknown values filled with `fill`;
/// returns the overlay too, for its names and unknown values.
pub(crate) async fn planned<T: Fact>(
    changes: &Arc<PlannedChanges>,
    before: serde_json::Value,
    also: &[(&str, serde_json::Value)],
    fill: Fill,
) -> (Arc<T>, Arc<PlanOverlay>) {
    let mut recorded = BTreeMap::from([(T::KEY.to_owned(), RecordedFact::Value(before))]);
    for (key, value) in also {
        recorded.insert((*key).to_owned(), RecordedFact::Value(value.clone()));
    }
    let now = crate::testing::now();
    let base = Arc::new(Facts::replay(now, recorded).in_region("us-east-1"));
    let overlay = Arc::new(PlanOverlay::new(Arc::clone(changes), fill, now));
    let overlaid = Facts::overlaid(base, Arc::clone(&overlay) as _);
    (overlaid.get::<T>().await.unwrap(), overlay)
}

/// `T` as the every-family plan leaves an account that had none of it (low fill).
pub(crate) async fn created<T: Fact>(empty: serde_json::Value) -> Arc<T> {
    planned::<T>(&every_family(), empty, &[], Fill::Low).await.0
}

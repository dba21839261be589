//! The overlay: a plan's changes put over the facts the checks read, so that the same checks
//! judge the account as it will be.
//!
//! Each resource family registers how its changes edit one fact ([`FamilyOverlay`], in a
//! file beside that fact); the types no family models are listed as not evaluated. While
//! editing, a family names each planned resource (its id or ARN when the plan knows it, else
//! its address) and reads each value a check needs through [`Edit`], which fills a value
//! known only after apply one way or the other ([`Fill`]) and records it. The account as it
//! will be is judged twice, once with each fill: a finding that comes out differently
//! depends on a value the plan does not know, and [`annotate`] makes it a warning that says
//! so; a finding that comes out the same was judged on what the plan knows.

use std::any::Any;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use gonogo_core::outcome::{Outcome, Status};
use gonogo_core::runner::RunReport;
use gonogo_core::{Fact, FactEditor, Facts, Finding};

use super::file::Action;
use super::planned::{Planned, PlannedChanges};

/// How one resource family's changes edit the fact it feeds.
pub struct FamilyOverlay {
    /// The key of the fact it edits (`ec2.security-groups`).
    pub fact: &'static str,
    /// The Terraform resource types it models.
    pub resource_types: &'static [&'static str],
    /// Whether the fact holds one region's resources (else the account's, whatever region a
    /// resource is planned in).
    pub regional: bool,
    /// Edits the fact (a `&mut` of its type, as `Any`) with the family's changes.
    pub edit: fn(&mut dyn Any, &Edit<'_>),
}

gonogo_core::inventory::collect!(FamilyOverlay);

/// Every registered family.
pub fn families() -> impl Iterator<Item = &'static FamilyOverlay> {
    gonogo_core::inventory::iter::<FamilyOverlay>.into_iter()
}

/// Whether some family models resources of `resource_type`.
pub fn is_modeled(resource_type: &str) -> bool {
    families().any(|family| family.resource_types.contains(&resource_type))
}

/// How a value known only after apply is filled in: two audits of the account as it will
/// be, one per fill, tell the findings that depend on such a value from those that do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// Off, none, zero, no rules: the value absent.
    Low,
    /// On, present, the largest number, everything open: the value present.
    High,
}

/// What one edit of one fact sees: the family's changes in the store's region, the fill,
/// and where to record names and unknown values.
pub struct Edit<'a> {
    changes: &'a PlannedChanges,
    family: &'a FamilyOverlay,
    base: &'a Facts,
    fill: Fill,
    now: DateTime<Utc>,
    marks: &'a Mutex<Marks>,
}

impl<'a> Edit<'a> {
    /// Edits `value` as a `T` with `apply` (a family's edit is `|v, e| e.typed(v, apply)`).
    pub fn typed<T: 'static>(&self, value: &mut dyn Any, apply: fn(&mut T, &Edit<'_>)) {
        if let Some(fact) = value.downcast_mut::<T>() {
            apply(fact, self);
        }
    }

    /// The family's changes of `resource_type` that this store holds.
    pub fn of_type(&self, resource_type: &'a str) -> impl Iterator<Item = &'a Planned> + '_ {
        self.changes.changes.iter().filter(move |planned| {
            planned.resource_type() == resource_type
                && (!self.family.regional || self.region() == Some(planned.region.as_str()))
        })
    }

    /// The region of the store being edited (an account-wide fact holding regional
    /// resources, such as trails, picks those that apply to it).
    pub fn region(&self) -> Option<&'a str> {
        self.base.region()
    }

    /// A fact of the account as it is, when this audit has collected it (never collected
    /// here): what a family reads of the account besides the fact it edits.
    pub fn as_is<T: Fact>(&self) -> Option<Arc<T>> {
        self.base.collected::<T>()
    }

    /// The audit's clock: when a resource the plan creates is created.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The planned change at `address` (a resource another one refers to).
    pub fn planned(&self, address: &str) -> Option<&'a Planned> {
        self.changes.at(address)
    }

    /// What the resource is called in findings: `known` (its id, name or ARN, as the plan
    /// knows it) or else its address. Either way, findings on that name carry the address.
    pub fn name(&self, planned: &Planned, known: Option<&str>) -> String {
        let name = known.map_or_else(|| planned.address().to_owned(), str::to_owned);
        self.marks()
            .addresses
            .insert(name.clone(), planned.address().to_owned());
        name
    }

    /// How unknown values are filled in this audit.
    pub fn fill(&self) -> Fill {
        self.fill
    }

    /// Whether `attribute` of `planned` is known only after apply; if so, it is recorded for
    /// the resource named `name` (a family that fills the value itself asks this).
    pub fn unknown(&self, planned: &Planned, name: &str, attribute: &str) -> bool {
        let unknown = planned.is_unknown(attribute);
        if unknown {
            self.record_unknown(name, attribute);
        }
        unknown
    }

    /// Records that `attribute` of the resource named `name` is known only after apply.
    pub fn record_unknown(&self, name: &str, attribute: &str) {
        self.marks()
            .unknown
            .entry((self.family.fact, name.to_owned()))
            .or_default()
            .insert(attribute.to_owned());
    }

    /// A boolean a check reads: as planned, or filled when known only after apply.
    pub fn bool(&self, planned: &Planned, name: &str, attribute: &str) -> Option<bool> {
        if self.unknown(planned, name, attribute) {
            return Some(self.fill == Fill::High);
        }
        planned.after_bool(attribute)
    }

    /// A string a check reads: as planned, or filled (present or absent) when known only
    /// after apply.
    pub fn string(&self, planned: &Planned, name: &str, attribute: &str) -> Option<String> {
        if self.unknown(planned, name, attribute) {
            return (self.fill == Fill::High).then(|| KNOWN_AFTER_APPLY.to_owned());
        }
        planned.after_str(attribute).map(str::to_owned)
    }

    /// A value in a nested block a check reads (`point_in_time_recovery.enabled`): as
    /// planned, `Ok(None)` when absent, or, when the plan knows it only after apply (the
    /// block computed), `Err` with the fill to use, recorded as unknown.
    pub fn block_value<'p>(
        &self,
        planned: &'p Planned,
        name: &str,
        path: &str,
    ) -> Result<Option<&'p serde_json::Value>, Fill> {
        let (outer, field) = path.split_once('.').unwrap_or((path, ""));
        let value = super::values::block(&planned.change.after, outer)
            .and_then(|values| values.get(field))
            .filter(|value| !value.is_null());
        match value {
            Some(value) => Ok(Some(value)),
            None if self.unknown(planned, name, outer) => Err(self.fill),
            None => Ok(None),
        }
    }

    /// A reference a check reads for its presence (a KMS key, a log destination; in a nested
    /// block as `block.argument`): as planned; while known only after apply, the resource of
    /// the plan it refers to, named by its ARN or address (it will be there); else filled like
    /// [`Edit::string`].
    pub fn reference(&self, planned: &Planned, name: &str, attribute: &str) -> Option<String> {
        let (outer, known) = match attribute.split_once('.') {
            Some((block, field)) => (
                block,
                super::values::block(&planned.change.after, block)
                    .and_then(|values| super::values::string(values, field)),
            ),
            None => (attribute, planned.after_str(attribute).map(str::to_owned)),
        };
        if known.is_some() {
            return known;
        }
        if planned.is_unknown(outer)
            && let Some(parent) = planned
                .references
                .get(attribute)
                .and_then(|address| self.changes.at(address))
                .filter(|parent| parent.remains())
        {
            return Some(
                parent
                    .after_str("arn")
                    .unwrap_or_else(|| parent.address())
                    .to_owned(),
            );
        }
        if self.unknown(planned, name, outer) {
            return (self.fill == Fill::High).then(|| KNOWN_AFTER_APPLY.to_owned());
        }
        None
    }

    /// A number a check reads: as planned, or filled (0 or the largest) when known only
    /// after apply.
    pub fn int(&self, planned: &Planned, name: &str, attribute: &str) -> Option<i32> {
        if self.unknown(planned, name, attribute) {
            return Some(match self.fill {
                Fill::Low => 0,
                Fill::High => i32::MAX,
            });
        }
        super::values::int(&planned.change.after, attribute)
    }

    /// The name of the resource a satellite's `argument` points at. A deleted satellite
    /// points at what its state says; any other at the value when the plan knows it, else
    /// at the name given to the planned resource it refers to (its address, while its id is
    /// unknown).
    pub fn parent(&self, satellite: &Planned, argument: &str, parent_id: &str) -> Option<String> {
        if !satellite.remains() {
            return satellite.before_str(argument).map(str::to_owned);
        }
        if let Some(value) = satellite.after_str(argument) {
            return Some(value.to_owned());
        }
        let address = satellite.references.get(argument)?;
        let parent = self.changes.at(address)?;
        Some(
            parent
                .after_str(parent_id)
                .map_or_else(|| parent.address().to_owned(), str::to_owned),
        )
    }

    fn marks(&self) -> std::sync::MutexGuard<'_, Marks> {
        self.marks.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The placeholder of a string known only after apply, in the [`Fill::High`] audit.
pub const KNOWN_AFTER_APPLY: &str = "(known after apply)";

/// What the edits recorded.
#[derive(Debug, Default)]
struct Marks {
    /// Planned resource name → its address.
    addresses: BTreeMap<String, String>,
    /// (fact key, resource name) → the values known only after apply that checks of that
    /// fact read.
    unknown: BTreeMap<(&'static str, String), BTreeSet<String>>,
}

/// A plan's changes as a [`FactEditor`]: the stores of the account as it will be read
/// their base store's facts through it.
pub struct PlanOverlay {
    changes: Arc<PlannedChanges>,
    fill: Fill,
    now: DateTime<Utc>,
    marks: Mutex<Marks>,
}

/// A planned change the checks did not see, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct NotEvaluated {
    /// Its address.
    pub address: String,
    /// Its type.
    pub resource_type: String,
    /// The plan's actions (`create`, `delete`, …).
    pub actions: Vec<Action>,
    /// Why it was not evaluated.
    pub reason: String,
}

impl PlanOverlay {
    /// The overlay of these changes, unknown values filled with `fill`, on the audit's
    /// clock `now`.
    pub fn new(changes: Arc<PlannedChanges>, fill: Fill, now: DateTime<Utc>) -> Self {
        Self {
            changes,
            fill,
            now,
            marks: Mutex::new(Marks::default()),
        }
    }

    /// The changes.
    pub fn changes(&self) -> &PlannedChanges {
        &self.changes
    }

    /// The changes the checks do not see: a type no family models, or a region this audit
    /// does not cover (`regions`).
    pub fn not_evaluated(&self, regions: &[String]) -> Vec<NotEvaluated> {
        self.changes
            .changes
            .iter()
            .filter_map(|planned| {
                let reason = if !is_modeled(planned.resource_type()) {
                    "gonogo does not model this resource type".to_owned()
                } else if families().any(|family| {
                    family.regional && family.resource_types.contains(&planned.resource_type())
                }) && !regions.contains(&planned.region)
                {
                    format!(
                        "planned in {}, a region this audit does not cover",
                        planned.region
                    )
                } else {
                    return None;
                };
                Some(NotEvaluated {
                    address: planned.address().to_owned(),
                    resource_type: planned.resource_type().to_owned(),
                    actions: planned.change.actions.clone(),
                    reason,
                })
            })
            .collect()
    }

    /// Gives the findings of `report` (judged with this overlay) on planned resources their
    /// address, which their messages name. Where `other` (the same checks judged with the other [`Fill`]) comes out
    /// differently, the finding depends on a value known only after apply: it becomes a
    /// warning that says which (never a pass, and no failure the apply may not produce).
    pub fn annotate(&self, report: &mut RunReport, other: &RunReport) {
        let marks = self.marks.lock().unwrap_or_else(PoisonError::into_inner);
        for result in &mut report.results {
            let Some(twin) = other.results.iter().find(|r| r.meta.id == result.meta.id) else {
                continue;
            };
            let twin_status = |finding: &Finding| {
                twin.outcome
                    .findings
                    .iter()
                    .find(|f| f.resource == finding.resource && f.region == finding.region)
                    .map(|f| f.status)
            };
            let facts: Vec<&'static str> = result.meta.facts.iter().map(|f| f.key).collect();
            let mut turned = false;
            let Outcome {
                findings, message, ..
            } = &mut result.outcome;
            for finding in findings.iter_mut() {
                if let Some(address) = marks.addresses.get(&finding.resource) {
                    finding.address = Some(address.clone());
                    // Findings on a planned resource name its address, and so do the check's
                    // message and the reasons quoting it.
                    if !finding.message.contains(address.as_str()) {
                        let named = format!("{} ({address})", finding.message);
                        *message = message.replacen(&finding.message, &named, 1);
                        finding.message = named;
                    }
                }
                if twin_status(finding).is_some_and(|status| status != finding.status) {
                    let unknown: BTreeSet<&str> = facts
                        .iter()
                        .filter_map(|fact| marks.unknown.get(&(*fact, finding.resource.clone())))
                        .flatten()
                        .map(String::as_str)
                        .collect();
                    *finding = known_only_after_apply(finding, &unknown);
                    turned = true;
                }
            }
            if turned {
                let findings = std::mem::take(&mut result.outcome.findings);
                result.outcome = Outcome::from_findings("resources", findings);
            } else if twin.outcome.status != result.outcome.status {
                result.outcome.status = Status::Warn;
                result.outcome.message =
                    format!("known only after apply: {}", result.outcome.message);
            }
        }
    }
}

/// The finding as a warning on values known only after apply.
fn known_only_after_apply(finding: &Finding, unknown: &BTreeSet<&str>) -> Finding {
    let values = if unknown.is_empty() {
        "some values".to_owned()
    } else {
        unknown.iter().copied().collect::<Vec<_>>().join(", ")
    };
    Finding {
        status: Status::Warn,
        message: format!("known only after apply ({values}): {}", finding.message),
        ..finding.clone()
    }
}

impl FactEditor for PlanOverlay {
    fn edit(&self, key: &'static str, base: &Facts, value: &mut dyn Any) {
        for family in families().filter(|family| family.fact == key) {
            let edit = Edit {
                changes: &self.changes,
                family,
                base,
                fill: self.fill,
                now: self.now,
                marks: &self.marks,
            };
            (family.edit)(value, &edit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::every_family;

    #[test]
    fn what_no_family_models_is_not_evaluated() {
        let overlay = PlanOverlay::new(every_family(), Fill::Low, crate::testing::now());
        let not_evaluated = overlay.not_evaluated(&["us-east-1".to_owned()]);
        assert_eq!(
            not_evaluated,
            [NotEvaluated {
                address: "aws_ssm_parameter.unmodeled".to_owned(),
                resource_type: "aws_ssm_parameter".to_owned(),
                actions: vec![Action::Create],
                reason: "gonogo does not model this resource type".to_owned(),
            }]
        );
        let elsewhere = overlay.not_evaluated(&["eu-west-1".to_owned()]);
        assert!(
            elsewhere
                .iter()
                .any(|change| change.address == "aws_security_group.web"
                    && change.reason == "planned in us-east-1, a region this audit does not cover"),
            "{elsewhere:?}"
        );
    }
}

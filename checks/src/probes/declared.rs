//! The probes a policy declares, as checks the audit engine plans beside the registered ones.

use gonogo_core::Facts;
use gonogo_core::engine::DeclaredChecks;
use gonogo_core::params::ParamValues;
use gonogo_core::policy::Policy;
use gonogo_core::runner::PlannedCheck;

use super::http::{SelectedProbes, probe_check};

/// Check ids of HTTP probes start with this.
const PROBE_PREFIX: &str = "probe.";

/// `[[probes.http]]`: each probe is the check `probe.<name>`.
#[derive(Clone, Copy, Debug, Default)]
pub struct HttpProbes;

impl DeclaredChecks for HttpProbes {
    fn declare(&self, policy: &Policy) -> Vec<PlannedCheck> {
        policy
            .probes
            .iter()
            .map(|probe| {
                let (meta, check) = probe_check(probe);
                PlannedCheck {
                    meta,
                    check,
                    params: ParamValues::default(),
                }
            })
            .collect()
    }

    fn unknown(&self, id: &str) -> Option<String> {
        id.starts_with(PROBE_PREFIX).then(|| {
            format!("unknown probe `{id}`: no [[probes.http]] with that name in the policy")
        })
    }

    fn prepare(&self, policy: &Policy, selected: &[&'static str], facts: &Facts) {
        let probes = policy
            .probes
            .iter()
            .filter(|p| selected.contains(&p.check_id().as_str()))
            .cloned()
            .collect();
        facts.insert_resource(SelectedProbes(probes));
    }
}

//! The plan over VPCs and their flow logs: `aws_vpc` and `aws_flow_log` (joined to its VPC).

use gonogo_core::Fact;

use super::{FlowLog, Vpc, VpcFlowLogs};
use crate::plan::{Edit, FamilyOverlay};

const VPC: &str = "aws_vpc";
const FLOW_LOG: &str = "aws_flow_log";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: VpcFlowLogs::KEY,
        resource_types: &[VPC, FLOW_LOG],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply),
    }
}

fn apply(facts: &mut VpcFlowLogs, edit: &Edit<'_>) {
    for planned in edit.of_type(VPC) {
        let live = planned
            .before_str("id")
            .and_then(|id| facts.vpcs.iter().position(|vpc| vpc.id == id))
            .map(|at| facts.vpcs.remove(at));
        if planned.remains() {
            facts.vpcs.push(Vpc {
                id: edit.name(planned, planned.after_str("id")),
                arn: edit.name(planned, planned.after_str("arn")),
                is_default: false,
                // A replaced VPC is a new one: its flow logs went with the old.
                flow_logs: live
                    .filter(|_| !planned.removes())
                    .map(|vpc| vpc.flow_logs)
                    .unwrap_or_default(),
            });
        }
    }
    for planned in edit.of_type(FLOW_LOG) {
        if let Some(id) = planned.before_str("id") {
            for vpc in &mut facts.vpcs {
                vpc.flow_logs.retain(|log| log.id != id);
            }
        }
        if !planned.remains() {
            continue;
        }
        let Some(vpc_id) = edit.parent(planned, "vpc_id", "id") else {
            continue;
        };
        let Some(vpc) = facts.vpcs.iter_mut().find(|vpc| vpc.id == vpc_id) else {
            continue;
        };
        vpc.flow_logs.push(FlowLog {
            id: edit.name(planned, planned.after_str("id")),
            // A flow log delivers once created.
            status: Some("ACTIVE".to_owned()),
            traffic_type: planned.after_str("traffic_type").map(str::to_owned),
        });
    }
    facts.vpcs.sort_by(|a, b| a.id.cmp(&b.id));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn a_flow_log_reaches_its_new_vpc() {
        let vpcs = created::<VpcFlowLogs>(serde_json::json!({"vpcs": []})).await;
        let main = &vpcs.vpcs[0];
        assert_eq!(main.id, "aws_vpc.main");
        assert_eq!(main.flow_logs.len(), 1);
        assert!(main.flow_logs[0].is_active());
        assert_eq!(main.flow_logs[0].traffic_type.as_deref(), Some("ALL"));
    }
}

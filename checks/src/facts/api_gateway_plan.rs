//! The plan over API Gateway stages: `aws_api_gateway_stage` (REST; its stage-wide
//! throttling from `aws_api_gateway_method_settings` on `*/*`) and `aws_apigatewayv2_stage`
//! (HTTP and WebSocket; throttling from its default route settings), with their access logs
//! and their API's name and protocol (`aws_api_gateway_rest_api`, `aws_apigatewayv2_api`).

use gonogo_core::Fact;
use serde_json::Value;

use super::{ApiStage, ApiStages, Throttling};
use crate::plan::values::{block, int};
use crate::plan::{Edit, FamilyOverlay, Planned};

const REST_STAGE: &str = "aws_api_gateway_stage";
const METHOD_SETTINGS: &str = "aws_api_gateway_method_settings";
const V2_STAGE: &str = "aws_apigatewayv2_stage";
/// The APIs themselves: their names and protocols reach their stages.
const APIS: [&str; 2] = ["aws_api_gateway_rest_api", "aws_apigatewayv2_api"];

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: ApiStages::KEY,
        resource_types: &[REST_STAGE, METHOD_SETTINGS, V2_STAGE, APIS[0], APIS[1]],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply),
    }
}

/// Throttling from a block with both limits.
fn throttling(settings: Option<&Value>) -> Option<Throttling> {
    let settings = settings?;
    Some(Throttling {
        rate_limit: settings.get("throttling_rate_limit")?.as_f64()?,
        burst_limit: int(settings, "throttling_burst_limit")?,
    })
}

fn apply(facts: &mut ApiStages, edit: &Edit<'_>) {
    for (resource_type, api_argument) in [(REST_STAGE, "rest_api_id"), (V2_STAGE, "api_id")] {
        for planned in edit.of_type(resource_type) {
            let stage_argument = stage_argument(resource_type);
            let before = (
                planned.before_str(api_argument),
                planned.before_str(stage_argument),
            );
            let live = facts
                .stages
                .iter()
                .position(|s| (Some(s.api_id.as_str()), Some(s.stage.as_str())) == before)
                .map(|at| facts.stages.remove(at));
            if !planned.remains() {
                continue;
            }
            let Some(api_id) = edit.parent(planned, api_argument, "id") else {
                continue;
            };
            let stage = planned_stage(planned, resource_type, api_id, live.as_ref(), facts, edit);
            facts.stages.push(stage);
        }
    }
    for planned in edit.of_type(METHOD_SETTINGS) {
        if planned.after_str("method_path") != Some("*/*") {
            continue;
        }
        let (Some(api_id), Some(stage)) = (
            edit.parent(planned, "rest_api_id", "id"),
            edit.parent(planned, "stage_name", "stage_name"),
        ) else {
            continue;
        };
        if let Some(entry) = facts
            .stages
            .iter_mut()
            .find(|s| s.api_id == api_id && s.stage == stage)
        {
            entry.throttling = if planned.remains() {
                throttling(block(&planned.change.after, "settings"))
            } else {
                None
            };
        }
    }
    facts
        .stages
        .sort_by(|a, b| (&a.api_name, &a.stage).cmp(&(&b.api_name, &b.stage)));
}

/// The argument that names a stage.
fn stage_argument(resource_type: &str) -> &'static str {
    if resource_type == REST_STAGE {
        "stage_name"
    } else {
        "name"
    }
}

/// The stage as the plan leaves it; the API's name and protocol come from the API resource
/// the plan writes, or from the API's other stages the account has. A REST stage's
/// throttling is its method settings' (`live`'s until the plan's settings say otherwise).
fn planned_stage(
    planned: &Planned,
    resource_type: &str,
    api_id: String,
    live: Option<&ApiStage>,
    facts: &ApiStages,
    edit: &Edit<'_>,
) -> ApiStage {
    let api = planned
        .references
        .get(if resource_type == REST_STAGE {
            "rest_api_id"
        } else {
            "api_id"
        })
        .and_then(|address| edit.planned(address));
    let sibling = facts.stages.iter().find(|s| s.api_id == api_id);
    let api_name = api
        .and_then(|api| api.after_str("name"))
        .map(str::to_owned)
        .or_else(|| sibling.map(|s| s.api_name.clone()))
        .unwrap_or_else(|| api_id.clone());
    let protocol = if resource_type == REST_STAGE {
        "REST".to_owned()
    } else {
        api.and_then(|api| api.after_str("protocol_type"))
            .map(str::to_owned)
            .or_else(|| sibling.map(|s| s.protocol.clone()))
            .unwrap_or_else(|| "HTTP".to_owned())
    };
    let arn = edit.name(planned, planned.after_str("arn"));
    let access_logs = edit.reference(planned, &arn, "access_log_settings.destination_arn");
    ApiStage {
        stage: planned
            .after_str(stage_argument(resource_type))
            .map_or_else(|| planned.address().to_owned(), str::to_owned),
        throttling: if resource_type == REST_STAGE {
            live.and_then(|l| l.throttling)
        } else {
            throttling(block(&planned.change.after, "default_route_settings"))
        },
        access_log_destination: access_logs,
        api_id,
        api_name,
        protocol,
        arn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn stages_take_their_api_and_throttling() {
        let stages = created::<ApiStages>(serde_json::json!({"stages": []})).await;
        let prod = stages.stages.iter().find(|s| s.stage == "prod").unwrap();
        assert_eq!(
            (prod.api_name.as_str(), prod.protocol.as_str()),
            ("api", "REST")
        );
        assert_eq!(prod.throttling.as_ref().map(|t| t.burst_limit), Some(50));
        let http = stages
            .stages
            .iter()
            .find(|s| s.stage == "$default")
            .unwrap();
        assert_eq!(
            (http.api_name.as_str(), http.protocol.as_str()),
            ("http", "HTTP")
        );
        assert_eq!(http.throttling.as_ref().map(|t| t.burst_limit), Some(5));
    }
}

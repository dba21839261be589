//! The plan over ECS: `aws_ecs_cluster` (Container Insights), `aws_ecs_service` (desired and
//! running tasks, the deployment circuit breaker, its task definition) and
//! `aws_ecs_task_definition` (its `container_definitions` JSON) for the services that use it.

use gonogo_core::Fact;
use serde_json::Value;

use super::{
    ContainerDefinition, EcsCluster, EcsClusters, EcsService, EcsServices, EcsTaskDefinitions,
    TaskDefinition,
};
use crate::plan::values::{block, boolean, string};
use crate::plan::{Edit, FamilyOverlay, Fill, Planned};

const CLUSTER: &str = "aws_ecs_cluster";
const SERVICE: &str = "aws_ecs_service";
const TASK_DEFINITION: &str = "aws_ecs_task_definition";

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: EcsClusters::KEY,
        resource_types: &[CLUSTER],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_clusters),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: EcsServices::KEY,
        resource_types: &[SERVICE],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_services),
    }
}

gonogo_core::inventory::submit! {
    FamilyOverlay {
        fact: EcsTaskDefinitions::KEY,
        resource_types: &[TASK_DEFINITION],
        regional: true,
        edit: |fact, edit| edit.typed(fact, apply_task_definitions),
    }
}

fn apply_clusters(facts: &mut EcsClusters, edit: &Edit<'_>) {
    for planned in edit.of_type(CLUSTER) {
        if let Some(arn) = planned.before_str("arn") {
            facts.clusters.retain(|cluster| cluster.arn != arn);
        }
        if !planned.remains() {
            continue;
        }
        let arn = edit.name(planned, planned.after_str("arn"));
        let insights = planned
            .after("setting")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|setting| string(setting, "name").as_deref() == Some("containerInsights"))
            .and_then(|setting| string(setting, "value"));
        facts.clusters.push(EcsCluster {
            name: planned
                .after_str("name")
                .map_or_else(|| planned.address().to_owned(), str::to_owned),
            arn,
            status: "ACTIVE".to_owned(),
            container_insights: insights,
        });
    }
    facts.clusters.sort_by(|a, b| a.name.cmp(&b.name));
}

fn apply_services(facts: &mut EcsServices, edit: &Edit<'_>) {
    for planned in edit.of_type(SERVICE) {
        let live = planned
            .before_str("id")
            .and_then(|arn| facts.services.iter().position(|s| s.arn == arn))
            .map(|at| facts.services.remove(at));
        if !planned.remains() {
            continue;
        }
        let arn = edit.name(planned, planned.after_str("id"));
        let desired = edit.int(planned, &arn, "desired_count").unwrap_or(0);
        // How many tasks run once it is deployed is known only after apply.
        edit.record_unknown(&arn, "running tasks");
        let running = match edit.fill() {
            Fill::Low => 0,
            Fill::High => desired,
        };
        let breaker = block(&planned.change.after, "deployment_circuit_breaker");
        let task_definition = planned
            .after_str("task_definition")
            .map(str::to_owned)
            .or_else(|| edit.parent(planned, "task_definition", "arn"));
        facts.services.push(EcsService {
            name: planned
                .after_str("name")
                .map_or_else(|| planned.address().to_owned(), str::to_owned),
            cluster: edit
                .parent(planned, "cluster", "arn")
                .or_else(|| live.as_ref().map(|s| s.cluster.clone()))
                .unwrap_or_default(),
            desired,
            running,
            deployments: Vec::new(),
            circuit_breaker_enabled: Some(
                breaker.and_then(|b| boolean(b, "enable")).unwrap_or(false),
            ),
            circuit_breaker_rollback: Some(
                breaker
                    .and_then(|b| boolean(b, "rollback"))
                    .unwrap_or(false),
            ),
            task_definition,
            arn,
        });
    }
    facts.services.sort_by(|a, b| a.name.cmp(&b.name));
}

fn apply_task_definitions(facts: &mut EcsTaskDefinitions, edit: &Edit<'_>) {
    // The fact holds the task definitions the services run: those the plan's services refer
    // to, and new revisions of the families the account's services run.
    let services = edit.as_is::<EcsServices>();
    let used = |planned: &Planned, family: &str| {
        edit.of_type(SERVICE).any(|service| {
            service
                .references
                .get("task_definition")
                .map(String::as_str)
                == Some(planned.address())
        }) || services.as_ref().is_some_and(|services| {
            services.services.iter().any(|s| {
                s.task_definition
                    .as_deref()
                    .is_some_and(|arn| arn.contains(&format!(":task-definition/{family}:")))
            })
        })
    };
    for planned in edit.of_type(TASK_DEFINITION) {
        if let Some(arn) = planned.before_str("arn") {
            facts.definitions.retain(|definition| definition.arn != arn);
        }
        let Some(family) = planned.after_str("family") else {
            continue;
        };
        if !planned.remains() || !used(planned, family) {
            continue;
        }
        let arn = edit.name(planned, planned.after_str("arn"));
        let containers = match planned.after_str("container_definitions") {
            Some(json) => containers(json),
            None => {
                edit.record_unknown(&arn, "container_definitions");
                Vec::new()
            }
        };
        facts.definitions.push(TaskDefinition {
            name: match planned.after("revision").and_then(Value::as_i64) {
                Some(revision) => format!("{family}:{revision}"),
                None => format!("{family}:(next)"),
            },
            arn,
            containers,
        });
    }
    facts.definitions.sort_by(|a, b| a.name.cmp(&b.name));
}

/// The containers of a `container_definitions` document (ECS's JSON, camelCase).
fn containers(json: &str) -> Vec<ContainerDefinition> {
    let Ok(Value::Array(containers)) = serde_json::from_str::<Value>(json) else {
        return Vec::new();
    };
    let names = |c: &Value, key: &str| -> Vec<String> {
        c.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| string(v, "name"))
            .collect()
    };
    containers
        .iter()
        .map(|c| ContainerDefinition {
            name: string(c, "name").unwrap_or_default(),
            image: string(c, "image").unwrap_or_default(),
            privileged: boolean(c, "privileged").unwrap_or(false),
            user: string(c, "user"),
            read_only_root: boolean(c, "readonlyRootFilesystem").unwrap_or(false),
            environment: names(c, "environment"),
            secrets: names(c, "secrets"),
            log_driver: c
                .get("logConfiguration")
                .and_then(|l| string(l, "logDriver")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::testing::created;

    #[tokio::test]
    async fn cluster_service_and_task_definition() {
        let clusters = created::<EcsClusters>(serde_json::json!({"clusters": []})).await;
        assert_eq!(
            clusters.clusters[0].container_insights.as_deref(),
            Some("enabled")
        );
        let services = created::<EcsServices>(serde_json::json!({"services": []})).await;
        let app = &services.services[0];
        assert_eq!((app.desired, app.running), (2, 0), "running is filled low");
        assert_eq!(app.circuit_breaker_enabled, Some(true));
        assert_eq!(
            app.task_definition.as_deref(),
            Some("aws_ecs_task_definition.app")
        );
        let definitions =
            created::<EcsTaskDefinitions>(serde_json::json!({"definitions": []})).await;
        let container = &definitions.definitions[0].containers[0];
        assert!(container.privileged);
        assert_eq!(container.environment, ["DB_PASSWORD"]);
        assert_eq!(container.log_driver.as_deref(), Some("awslogs"));
    }
}

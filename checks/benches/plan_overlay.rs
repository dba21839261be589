//! The plan overlay on a large plan: 10,000 resource changes (creates with satellites joined
//! through the configuration, updates and deletes of the account's own resources, types
//! gonogo does not model) over the facts of a scale-100 account.
//!
//! The account is the snapshot at `$GONOGO_BENCH_SNAPSHOT` (`bench/plan.sh` records one at
//! scale 100 and runs this); without it, the demo snapshot. Measured: reading the plan
//! JSON, placing its changes (regions, references), and editing every fact the plan touches
//! (a fresh overlay store each time, over a base store that has decoded its facts).
#![expect(
    clippy::expect_used,
    reason = "a benchmark fails loudly on its own setup"
)]

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use gonogo_checks::facts::{
    DynamoDbTableNames, DynamoDbTables, S3BucketVersioning, S3Buckets, SecurityGroups, SqsQueues,
};
use gonogo_checks::plan::{Fill, PlanOverlay, PlannedChanges, TerraformPlan};
use gonogo_core::facts::RecordedFact;
use gonogo_core::snapshot::Snapshot;
use gonogo_core::{Fact, Facts};
use serde_json::{Value, json};

/// The account: the snapshot the environment names, else the demo.
fn snapshot() -> Snapshot {
    let path = std::env::var("GONOGO_BENCH_SNAPSHOT").unwrap_or_else(|_| {
        eprintln!("GONOGO_BENCH_SNAPSHOT is not set: the demo snapshot stands in for scale 100");
        concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/demo-account.json").to_owned()
    });
    Snapshot::load(std::path::Path::new(&path)).expect("the benchmark's snapshot")
}

/// A recorded fact's items under `list`, as JSON.
fn recorded<'s>(snapshot: &'s Snapshot, key: &str, list: &str) -> Vec<&'s Value> {
    match snapshot.facts.get(key) {
        Some(RecordedFact::Value(value)) => value[list].as_array().into_iter().flatten().collect(),
        _ => Vec::new(),
    }
}

/// One resource change and its configuration block.
fn change(
    kind: &str,
    name: &str,
    actions: &[&str],
    before: Value,
    after: Value,
    unknown: Value,
    references: &[(&str, String)],
) -> (Value, Value) {
    let address = format!("{kind}.{name}");
    let mut expressions = serde_json::Map::new();
    for (argument, target) in references {
        expressions.insert(
            (*argument).to_owned(),
            json!({"references": [format!("{target}.id"), target.clone()]}),
        );
    }
    (
        json!({
            "address": address, "mode": "managed", "type": kind, "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": actions, "before": before, "after": after,
                       "after_unknown": unknown}
        }),
        json!({"address": address, "mode": "managed", "type": kind, "name": name,
               "provider_config_key": "aws", "expressions": expressions}),
    )
}

/// A plan of 10,000 changes over `snapshot`'s account.
fn plan_json(snapshot: &Snapshot) -> Vec<u8> {
    let mut changes = Vec::new();
    let create = ["create"];
    for i in 0..2000 {
        changes.push(change(
            "aws_security_group",
            &format!("g{i}"),
            &create,
            Value::Null,
            json!({"name": format!("g{i}"), "ingress": [{"protocol": "tcp", "from_port": 22,
                   "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}]}),
            json!({"id": true, "arn": true, "egress": true}),
            &[],
        ));
        changes.push(change(
            "aws_security_group_rule",
            &format!("r{i}"),
            &create,
            Value::Null,
            json!({"type": "ingress", "protocol": "tcp", "from_port": 3389, "to_port": 3389,
                   "cidr_blocks": ["0.0.0.0/0"]}),
            json!({"id": true, "security_group_id": true}),
            &[("security_group_id", format!("aws_security_group.g{i}"))],
        ));
    }
    for i in 0..1000 {
        changes.push(change(
            "aws_s3_bucket",
            &format!("b{i}"),
            &create,
            Value::Null,
            json!({"bucket": format!("plan-bucket-{i}")}),
            json!({"id": true, "arn": true, "policy": true, "logging": true}),
            &[],
        ));
        changes.push(change(
            "aws_s3_bucket_public_access_block",
            &format!("b{i}"),
            &create,
            Value::Null,
            json!({"block_public_acls": true, "ignore_public_acls": true,
                   "block_public_policy": true, "restrict_public_buckets": true}),
            json!({"id": true, "bucket": true}),
            &[("bucket", format!("aws_s3_bucket.b{i}"))],
        ));
        changes.push(change(
            "aws_dynamodb_table",
            &format!("t{i}"),
            &create,
            Value::Null,
            json!({"name": format!("plan-table-{i}"), "deletion_protection_enabled": true}),
            json!({"arn": true, "point_in_time_recovery": true, "ttl": true}),
            &[],
        ));
        changes.push(change(
            "aws_sqs_queue",
            &format!("q{i}"),
            &create,
            Value::Null,
            json!({"name": format!("plan-queue-{i}")}),
            json!({"arn": true, "url": true, "policy": true, "sqs_managed_sse_enabled": true}),
            &[],
        ));
    }
    for i in 0..500 {
        changes.push(change(
            "aws_sqs_queue_policy",
            &format!("q{i}"),
            &create,
            Value::Null,
            json!({"policy": "{\"Statement\":[]}"}),
            json!({"id": true, "queue_url": true}),
            &[("queue_url", format!("aws_sqs_queue.q{i}"))],
        ));
        changes.push(change(
            "aws_ssm_parameter",
            &format!("p{i}"),
            &create,
            Value::Null,
            json!({"name": format!("/p/{i}")}),
            json!({"arn": true}),
            &[],
        ));
    }
    // The account's own queues updated and tables deleted, 500 of each (as many as it has).
    let queues = recorded(snapshot, "sqs.queues", "queues");
    for (i, queue) in queues.iter().cycle().take(500).enumerate() {
        let values = json!({"url": queue["url"], "name": queue["name"], "arn": queue["arn"],
                            "sqs_managed_sse_enabled": true});
        changes.push(change(
            "aws_sqs_queue",
            &format!("live{i}"),
            &["update"],
            values.clone(),
            values,
            json!({}),
            &[],
        ));
    }
    let tables = recorded(snapshot, "dynamodb.tables", "tables");
    for (i, table) in tables.iter().cycle().take(500).enumerate() {
        changes.push(change(
            "aws_dynamodb_table",
            &format!("live{i}"),
            &["delete"],
            json!({"name": table["name"], "arn": table["arn"]}),
            Value::Null,
            Value::Null,
            &[],
        ));
    }
    let (resource_changes, resources): (Vec<Value>, Vec<Value>) = changes.into_iter().unzip();
    serde_json::to_vec(&json!({
        "format_version": "1.2", "terraform_version": "1.11.4",
        "planned_values": {"root_module": {}},
        "resource_changes": resource_changes,
        "configuration": {
            "provider_config": {"aws": {"name": "aws", "expressions":
                {"region": {"constant_value": "us-east-1"}}}},
            "root_module": {"resources": resources}
        }
    }))
    .expect("the plan as JSON")
}

/// Edits `T` through a fresh overlay over `base`.
async fn edit<T: Fact>(base: &Arc<Facts>, overlay: &Arc<PlanOverlay>) -> usize {
    let overlaid = Facts::overlaid(Arc::clone(base), Arc::clone(overlay) as _);
    usize::from(overlaid.get::<T>().await.is_ok())
}

fn bench(c: &mut Criterion) {
    let snapshot = snapshot();
    let region = snapshot
        .region
        .clone()
        .unwrap_or_else(|| "us-east-1".to_owned());
    let bytes = plan_json(&snapshot);
    let plan = TerraformPlan::parse(&bytes, "bench.plan.json").expect("the generated plan");
    assert_eq!(plan.resource_changes.len(), 10_000);
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let base =
        Arc::new(Facts::replay(snapshot.taken_at, snapshot.facts.clone()).in_region(&region));
    runtime.block_on(async {
        // The base decodes its facts once, as an audit's does before the overlays read them.
        let _ = base.get::<SecurityGroups>().await;
        let _ = base.get::<S3Buckets>().await;
        let _ = base.get::<S3BucketVersioning>().await;
        let _ = base.get::<DynamoDbTables>().await;
        let _ = base.get::<DynamoDbTableNames>().await;
        let _ = base.get::<SqsQueues>().await;
    });

    let mut group = c.benchmark_group("plan of 10,000 changes");
    group.sample_size(10);
    group.bench_function("read the plan JSON", |b| {
        b.iter(|| TerraformPlan::parse(&bytes, "bench.plan.json").map(|p| p.resource_changes.len()))
    });
    group.bench_function("place the changes", |b| {
        b.iter(|| PlannedChanges::new(&plan, &region).changes.len())
    });
    let changes = Arc::new(PlannedChanges::new(&plan, &region));
    group.bench_function("edit the facts it touches", |b| {
        b.iter(|| {
            let overlay = Arc::new(PlanOverlay::new(
                Arc::clone(&changes),
                Fill::Low,
                snapshot.taken_at,
            ));
            runtime.block_on(async {
                edit::<SecurityGroups>(&base, &overlay).await
                    + edit::<S3Buckets>(&base, &overlay).await
                    + edit::<S3BucketVersioning>(&base, &overlay).await
                    + edit::<DynamoDbTables>(&base, &overlay).await
                    + edit::<DynamoDbTableNames>(&base, &overlay).await
                    + edit::<SqsQueues>(&base, &overlay).await
            })
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

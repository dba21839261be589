//! The runner alone: 10,000 synthetic checks that return at once, so what is measured is the
//! runner's own cost per check (spawn, semaphore, timeout, channel, sort).

use std::sync::Arc;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use gonogo_core::params::ParamValues;
use gonogo_core::runner::{self, PlannedCheck, RunOptions};
use gonogo_core::{
    Category, Check, CheckCtx, CheckError, CheckMeta, Facts, Finding, Outcome, Severity,
    async_trait,
};

struct Instant;

#[async_trait]
impl Check for Instant {
    async fn run(&self, _: &CheckCtx) -> Result<Outcome, CheckError> {
        Ok(Outcome::from_findings(
            "things",
            vec![Finding::pass("thing", "fine")],
        ))
    }
}

static META: CheckMeta = CheckMeta {
    id: "operations.instant",
    title: "returns at once",
    category: Category::Operations,
    severity: Severity::Low,
    scope: gonogo_core::meta::Scope::Regional,
    presence: gonogo_core::meta::Presence::NotJudged,
    facts: &[],
    tags: &[],
    params: &[],
    docs: "",
    file: file!(),
    line: line!(),
};

fn checks(count: usize) -> Vec<PlannedCheck> {
    (0..count)
        .map(|_| PlannedCheck {
            meta: &META,
            check: Arc::new(Instant),
            params: ParamValues::default(),
        })
        .collect()
}

fn bench_runner(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|err| panic!("runtime: {err}"));
    let mut group = c.benchmark_group("runner");
    group.sample_size(20);
    group.bench_function("10000 instant checks", |b| {
        b.to_async(&runtime).iter(|| async {
            let facts = Arc::new(Facts::new(Utc::now()));
            let report = runner::run(checks(10_000), facts, RunOptions::default(), None).await;
            assert_eq!(report.results.len(), 10_000);
        });
    });
    group.finish();
}

criterion_group!(benches, bench_runner);
criterion_main!(benches);

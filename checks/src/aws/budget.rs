//! Request budgets: gonogo runs minutes before a production change, in the account that is
//! about to change, and must never take more than a share of an API's quota there. AWS
//! throttles per account and region; a scanner's burst of Describe calls can starve the
//! autoscaler and the deploy tooling of theirs.
//!
//! Every request of a live audit's store (one account, one region) takes a token from its
//! service's bucket (or its API's, where AWS meters each API alone, as EC2 does), retries
//! included, and with `--max-rps` from one bucket for the whole store too. A bucket refills
//! at [`Budget::rate`] a second, at most half of AWS's documented sustained rate, and holds
//! at most [`Budget::burst`]. The wait happens in the HTTP connector, after signing and before
//! sending, so every attempt of every client built from the store's configuration is
//! metered, and the time spent waiting is counted for `--stats`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use gonogo_core::stats::ApiCounter;
use tokio::time::Instant;

/// Request header the tag interceptor sets and the connector removes: `<Service> <Operation>`.
const BUDGET_HEADER: &str = "x-gonogo-budget";

/// A token bucket's rate and size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Budget {
    /// Tokens added a second: the sustained request rate.
    pub rate: f64,
    /// Most tokens held: how many requests may go at once after a pause.
    pub burst: f64,
}

/// Whether a service's budget is one bucket for the service, or one for each of its APIs.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Metered {
    PerService,
    PerApi,
}

/// The default budgets by service (as the SDK names it), each with where its figure comes
/// from. A service that is not listed gets [`DEFAULT_BUDGET`].
const BUDGETS: &[(&str, Metered, Budget, &str)] = &[
    (
        "EC2",
        Metered::PerApi,
        Budget {
            rate: 10.0,
            burst: 50.0,
        },
        "EC2 API reference, Request throttling: each non-mutating API (Describe*) has its own \
         bucket of 100 tokens refilled at 20 a second; half of both",
    ),
    (
        "Lambda",
        Metered::PerService,
        Budget {
            rate: 7.0,
            burst: 7.0,
        },
        "Lambda quotas: control plane requests (other than invocations, GetFunction and \
         GetPolicy) 15 a second, GetPolicy 15 a second; under half of the lower",
    ),
    (
        "CloudWatch",
        Metered::PerService,
        Budget {
            rate: 4.0,
            burst: 4.0,
        },
        "CloudWatch service quotas: DescribeAlarms 9 transactions a second (GetMetricData 50, \
         ListMetrics 25); under half of the lowest the audit calls",
    ),
    (
        "SecurityHub",
        Metered::PerService,
        Budget {
            rate: 5.0,
            burst: 5.0,
        },
        "Security Hub quotas: BatchImportFindings 10 requests a second (burst 30); half",
    ),
    (
        "S3",
        Metered::PerService,
        Budget {
            rate: 2750.0,
            burst: 2750.0,
        },
        "S3 performance guidelines: 5,500 GET/HEAD requests a second per prefix; half",
    ),
    (
        "DynamoDB",
        Metered::PerService,
        Budget {
            rate: 1250.0,
            burst: 1250.0,
        },
        "DynamoDB developer guide, Best practices for managing the control plane: control plane \
         requests are throttled at 2,500 a second; half",
    ),
    (
        "SQS",
        Metered::PerService,
        Budget {
            rate: 500.0,
            burst: 500.0,
        },
        "SQS quotas: standard queues take 'a very high, nearly unlimited number of API calls per \
         second, per action'; no lower figure is published for queue reads. 500 a second, a \
         tenth of S3's published GET rate, is the ceiling taken",
    ),
    (
        "STS",
        Metered::PerService,
        Budget {
            rate: 300.0,
            burst: 300.0,
        },
        "STS quotas: 600 requests a second per account and region; half",
    ),
];

/// What a service gets when AWS documents no rate for the reads the audit makes (ELB, KMS's
/// reads, SNS, Secrets Manager, API Gateway's reads, IAM, …): 50 a second after a burst of
/// 100, the size of the smallest read bucket AWS documents in a per-API table (EC2's Describe
/// calls: 100 tokens). Services that document a lower rate are listed in [`BUDGETS`].
const DEFAULT_BUDGET: Budget = Budget {
    rate: 50.0,
    burst: 100.0,
};

/// The budget and metering of `service`.
fn budget_of(service: &str) -> (Metered, Budget) {
    BUDGETS.iter().find(|(name, ..)| *name == service).map_or(
        (Metered::PerService, DEFAULT_BUDGET),
        |(_, metered, budget, _)| (*metered, *budget),
    )
}

/// A token bucket that lends ahead: a request takes its token now and waits until the bucket
/// would have had it, so waiters are served in order with no polling.
#[derive(Debug)]
struct Bucket {
    budget: Budget,
    /// Tokens now (negative: lent ahead), as of `at`.
    state: Mutex<(f64, Instant)>,
}

impl Bucket {
    fn new(budget: Budget) -> Self {
        Self {
            budget,
            state: Mutex::new((budget.burst, Instant::now())),
        }
    }

    /// Takes a token; returns how long to wait before using it.
    fn take(&self) -> Duration {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let (tokens, at) = *state;
        let refilled = (tokens + now.duration_since(at).as_secs_f64() * self.budget.rate)
            .min(self.budget.burst)
            - 1.0;
        *state = (refilled, now);
        if refilled >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-refilled / self.budget.rate)
        }
    }
}

/// The request budgets of one live store (one account, one region).
#[derive(Debug)]
pub struct RequestBudget {
    buckets: Mutex<HashMap<String, Arc<Bucket>>>,
    total: Option<Bucket>,
    counter: Arc<ApiCounter>,
}

impl RequestBudget {
    /// The default budgets, with `max_rps` (when given) capping the store's requests as a
    /// whole, and waits counted into `counter`.
    pub fn new(max_rps: Option<f64>, counter: Arc<ApiCounter>) -> Self {
        Self {
            buckets: Mutex::new(HashMap::new()),
            // One request at a time at that rate: never more than `max_rps` in any second.
            total: max_rps.map(|rate| Bucket::new(Budget { rate, burst: 1.0 })),
            counter,
        }
    }

    /// Waits until a request of `service`'s `operation` may go; returns how long it waited.
    async fn admit(&self, service: &str, operation: &str) -> Duration {
        let bucket = {
            let (metered, budget) = budget_of(service);
            let key = match metered {
                Metered::PerService => service.to_owned(),
                Metered::PerApi => format!("{service} {operation}"),
            };
            let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(
                buckets
                    .entry(key)
                    .or_insert_with(|| Arc::new(Bucket::new(budget))),
            )
        };
        let mut waited = bucket.take();
        tokio::time::sleep(waited).await;
        if let Some(total) = &self.total {
            let more = total.take();
            tokio::time::sleep(more).await;
            waited += more;
        }
        if !waited.is_zero() {
            self.counter.budget_wait(waited);
        }
        waited
    }

    /// `client` with every request it sends first admitted by this budget.
    pub fn wrap(self: &Arc<Self>, client: SharedHttpClient) -> SharedHttpClient {
        SharedHttpClient::new(BudgetedClient {
            inner: client,
            budget: Arc::clone(self),
        })
    }
}

/// An HTTP client whose connectors wait on the budget before each request.
#[derive(Debug)]
struct BudgetedClient {
    inner: SharedHttpClient,
    budget: Arc<RequestBudget>,
}

impl HttpClient for BudgetedClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(BudgetedConnector {
            inner: self.inner.http_connector(settings, components),
            budget: Arc::clone(&self.budget),
        })
    }
}

#[derive(Debug)]
struct BudgetedConnector {
    inner: SharedHttpConnector,
    budget: Arc<RequestBudget>,
}

impl HttpConnector for BudgetedConnector {
    fn call(&self, mut request: HttpRequest) -> HttpConnectorFuture {
        let tag = request
            .headers_mut()
            .remove(BUDGET_HEADER)
            .unwrap_or_default();
        let (service, operation) = tag.split_once(' ').unwrap_or((tag.as_str(), ""));
        let (service, operation) = (service.to_owned(), operation.to_owned());
        let inner = self.inner.clone();
        let budget = Arc::clone(&self.budget);
        HttpConnectorFuture::new(async move {
            budget.admit(&service, &operation).await;
            inner.call(request).await
        })
    }
}

/// Tags each request with its service and operation for the budgeted connector (which
/// removes the tag before sending).
#[derive(Clone, Debug, Default)]
pub struct BudgetTag;

impl Intercept for BudgetTag {
    fn name(&self) -> &'static str {
        "gonogo-budget-tag"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(call) = super::labels::call_of(cfg) {
            context
                .request_mut()
                .headers_mut()
                .insert(BUDGET_HEADER, call);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: Duration, seconds: f64) -> bool {
        (actual.as_secs_f64() - seconds).abs() < 0.01
    }

    #[test]
    fn a_bucket_lends_its_burst_then_spaces_requests_at_its_rate() {
        let bucket = Bucket::new(Budget {
            rate: 10.0,
            burst: 2.0,
        });
        assert_eq!(bucket.take(), Duration::ZERO);
        assert_eq!(bucket.take(), Duration::ZERO);
        let third = bucket.take();
        let fourth = bucket.take();
        assert!(close(third, 0.1), "{third:?}");
        assert!(close(fourth, 0.2), "{fourth:?}");
    }

    #[tokio::test]
    async fn max_rps_caps_the_store_whatever_the_services() {
        let counter = Arc::new(ApiCounter::default());
        let budget = RequestBudget::new(Some(50.0), Arc::clone(&counter));
        let started = Instant::now();
        for service in ["S3", "STS", "S3", "IAM", "S3", "STS"] {
            budget.admit(service, "Get").await;
        }
        // One at once, then one every 20 ms: never faster, whichever services they are.
        let elapsed = started.elapsed();
        assert!(elapsed >= Duration::from_millis(100), "{elapsed:?}");
        // The waits are counted (less whatever each sleep overshot, which the next wait then
        // saves: the cap is on the schedule, not on the sleeps).
        let waited = counter.snapshot().budget_wait_ms;
        assert!(
            waited > 0 && u128::from(waited) <= elapsed.as_millis(),
            "{waited}"
        );
    }

    #[test]
    fn ec2_is_metered_per_api_and_others_per_service() {
        assert_eq!(budget_of("EC2").0, Metered::PerApi);
        assert_eq!(budget_of("IAM"), (Metered::PerService, DEFAULT_BUDGET));
        for (service, _, budget, source) in BUDGETS {
            assert!(budget.rate > 0.0 && budget.burst >= 1.0, "{service}");
            assert!(
                !source.is_empty(),
                "{service} says where its figure comes from"
            );
        }
    }
}

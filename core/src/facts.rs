//! The facts store: typed pieces of the world, collected once per audit.
//!
//! Checks ask for facts by type. The first ask collects; every concurrent or later ask waits
//! for and shares that one collection, success or failure. A failed collection is an error for
//! every check that needed it, never a pass.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tokio::sync::OnceCell;

/// A typed piece of the world that checks read.
#[async_trait]
pub trait Fact: Send + Sync + Sized + 'static {
    /// What the fact is, for messages ("SQS queues").
    const NAME: &'static str;

    /// Collects the fact; may ask the store for other facts it depends on.
    async fn collect(facts: &Facts) -> Result<Self, FactError>;
}

/// Why a fact is not available.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FactError {
    /// Not collectable here (no credentials, not configured): checks that need it are skipped.
    #[error("{fact} unavailable: {reason}")]
    Unavailable {
        /// The fact's name.
        fact: &'static str,
        /// Why.
        reason: String,
    },
    /// Collection failed (API error, bad data): checks that need it are errors.
    #[error("failed to collect {fact}: {message}")]
    Failed {
        /// The fact's name.
        fact: &'static str,
        /// The cause, with its chain.
        message: String,
    },
}

impl FactError {
    /// A fact that cannot be had here.
    pub fn unavailable(fact: &'static str, reason: impl Into<String>) -> Self {
        FactError::Unavailable {
            fact,
            reason: reason.into(),
        }
    }

    /// A collection that failed.
    pub fn failed(fact: &'static str, message: impl Into<String>) -> Self {
        FactError::Failed {
            fact,
            message: message.into(),
        }
    }
}

type Slot = Result<Arc<dyn Any + Send + Sync>, FactError>;

/// The memoized, concurrent-safe store of one audit's facts.
pub struct Facts {
    now: DateTime<Utc>,
    cells: Mutex<HashMap<TypeId, Arc<OnceCell<Slot>>>>,
}

impl Facts {
    /// An empty store whose clock reads `now` for the whole audit.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            now,
            cells: Mutex::new(HashMap::new()),
        }
    }

    /// The audit's instant: key ages, metric windows and waiver expiry are measured from it.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Puts a value in the store as if it had been collected (configuration, test data).
    pub fn provide<T: Fact>(&self, value: T) {
        let cell = self.cell::<T>();
        let _already_set = cell.set(Ok(Arc::new(value) as Arc<dyn Any + Send + Sync>));
    }

    /// The fact of type `T`, collecting it on first use.
    pub async fn get<T: Fact>(&self) -> Result<Arc<T>, FactError> {
        let cell = self.cell::<T>();
        let slot = cell
            .get_or_init(|| async {
                tracing::debug!(fact = T::NAME, "collecting");
                T::collect(self)
                    .await
                    .map(|value| Arc::new(value) as Arc<dyn Any + Send + Sync>)
            })
            .await;
        match slot {
            Ok(value) => Arc::clone(value).downcast::<T>().map_err(|_| {
                FactError::failed(T::NAME, "internal error: fact stored under the wrong type")
            }),
            Err(err) => Err(err.clone()),
        }
    }

    fn cell<T: Fact>(&self) -> Arc<OnceCell<Slot>> {
        let mut cells = self.cells.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(cells.entry(TypeId::of::<T>()).or_default())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    static COLLECTIONS: AtomicUsize = AtomicUsize::new(0);

    struct Slow(u32);

    #[async_trait]
    impl Fact for Slow {
        const NAME: &'static str = "slow fact";
        async fn collect(_: &Facts) -> Result<Self, FactError> {
            COLLECTIONS.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
            Ok(Slow(7))
        }
    }

    struct Broken;

    #[async_trait]
    impl Fact for Broken {
        const NAME: &'static str = "broken fact";
        async fn collect(_: &Facts) -> Result<Self, FactError> {
            Err(FactError::failed(Self::NAME, "AccessDenied"))
        }
    }

    #[tokio::test]
    async fn ten_concurrent_asks_cause_one_collection() {
        let facts = Arc::new(Facts::new(Utc::now()));
        let asks = (0..10).map(|_| {
            let facts = Arc::clone(&facts);
            tokio::spawn(async move { facts.get::<Slow>().await.map(|f| f.0) })
        });
        for ask in futures::future::join_all(asks).await {
            assert_eq!(ask.unwrap(), Ok(7));
        }
        assert_eq!(COLLECTIONS.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_failed_collection_is_shared_as_an_error() {
        let facts = Facts::new(Utc::now());
        let first = facts.get::<Broken>().await.err();
        let second = facts.get::<Broken>().await.err();
        assert_eq!(
            first,
            Some(FactError::failed("broken fact", "AccessDenied"))
        );
        assert_eq!(first, second);
    }

    #[tokio::test]
    async fn provided_facts_are_not_collected() {
        let facts = Facts::new(Utc::now());
        facts.provide(Broken);
        assert!(facts.get::<Broken>().await.is_ok());
    }
}

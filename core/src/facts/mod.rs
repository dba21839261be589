//! The facts store: typed pieces of the world, collected once per audit.
//!
//! Checks ask for facts by type. The first ask collects; every concurrent or later ask waits
//! for and shares that one collection, success or failure. A failed collection is an error for
//! every check that needed it, never a pass.
//!
//! Every collection is also recorded by its [`Fact::KEY`], so the facts of one audit can be
//! written as a snapshot (`gonogo_core::snapshot::Snapshot`); a store built with
//! [`Facts::replay`] answers from a snapshot and never collects.

use std::any::{Any, TypeId};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use tokio::sync::OnceCell;

use crate::calls::{ApiCall, FactInfo};

mod subset;

pub use subset::Subset;

/// A typed piece of the world that checks read.
#[async_trait]
pub trait Fact: Serialize + DeserializeOwned + Send + Sync + Sized + 'static {
    /// What the fact is, for messages ("SQS queues").
    const NAME: &'static str;
    /// Its stable key in snapshots ("sqs.queues").
    const KEY: &'static str;
    /// The AWS API calls its collection makes (none for a fact that calls no AWS API).
    const CALLS: &'static [ApiCall];
    /// The facts its collection asks the store for.
    const NEEDS: &'static [&'static FactInfo] = &[];
    /// Whether every audit provides it (the Terraform plan), so that no snapshot holds it.
    const GIVEN: bool = false;
    /// All of the above, for permissions and error messages.
    const INFO: FactInfo = FactInfo {
        key: Self::KEY,
        name: Self::NAME,
        calls: Self::CALLS,
        needs: Self::NEEDS,
        given: Self::GIVEN,
    };

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
    /// A replayed snapshot does not hold the fact (it was recorded for other checks): what
    /// the account holds there is unknown, so the checks that need it are errors, never
    /// "not applicable".
    #[error("{fact} is {NOT_IN_SNAPSHOT}")]
    NotInSnapshot {
        /// The fact's name.
        fact: &'static str,
    },
}

/// Why a check that needs a fact a snapshot lacks is an error, and what to do about it.
pub const NOT_IN_SNAPSHOT: &str =
    "not in the snapshot: record it with `gonogo snapshot` without --check";

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

/// One fact as recorded in a snapshot: its value, or why there was none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordedFact {
    /// Collected.
    Value(serde_json::Value),
    /// Not collectable (the checks that need it were skipped).
    Unavailable(String),
    /// Collection failed (the checks that need it were errors).
    Failed(String),
    /// Collected for some resources only (a [`Subset`] fact): the keys asked for and the
    /// value holding their details. A replay asked for another key is an error.
    Subset {
        /// The keys asked for, sorted.
        keys: Vec<String>,
        /// The fact holding their details.
        value: serde_json::Value,
    },
}

type Slot = Result<Arc<dyn Any + Send + Sync>, FactError>;

/// Edits facts as a store reads them: what a Terraform plan would change
/// (`gonogo audit --plan`). The editor knows the fact types it edits; it downcasts `value`
/// by `key` and leaves any other fact alone.
pub trait FactEditor: Send + Sync {
    /// Edits the fact stored under `key` (a [`Fact::KEY`]), copied from `base`: the store
    /// it reads, whose region is the edited store's and whose other facts, as collected, the
    /// editor may read ([`Facts::collected`]).
    fn edit(&self, key: &'static str, base: &Facts, value: &mut dyn Any);
}

/// A store that reads another store's facts through an editor.
struct Overlay {
    base: Arc<Facts>,
    editor: Arc<dyn FactEditor>,
}

/// The memoized, concurrent-safe store of one audit's facts.
pub struct Facts {
    now: DateTime<Utc>,
    region: Option<String>,
    replay: Option<BTreeMap<String, RecordedFact>>,
    overlay: Option<Overlay>,
    cells: Mutex<HashMap<TypeId, Arc<OnceCell<Slot>>>>,
    subsets: Mutex<HashMap<TypeId, Arc<tokio::sync::Mutex<subset::Collected>>>>,
    recorded: Mutex<BTreeMap<&'static str, RecordedFact>>,
    resources: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl Facts {
    /// An empty store that collects live; its clock reads `now` for the whole audit.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            now,
            region: None,
            replay: None,
            overlay: None,
            cells: Mutex::new(HashMap::new()),
            subsets: Mutex::new(HashMap::new()),
            recorded: Mutex::new(BTreeMap::new()),
            resources: Mutex::new(HashMap::new()),
        }
    }

    /// A store that answers from recorded facts and never collects: a fact that was not
    /// recorded is [`FactError::NotInSnapshot`], an error for the checks that need it.
    pub fn replay(now: DateTime<Utc>, recorded: BTreeMap<String, RecordedFact>) -> Self {
        Self {
            replay: Some(recorded),
            ..Self::new(now)
        }
    }

    /// A store whose every fact is `base`'s, copied and edited by `editor`: the account as a
    /// change would leave it. It never collects; `base` does (once, shared with its own
    /// audit), and `base`'s errors are its errors. Its region and clock are `base`'s.
    pub fn overlaid(base: Arc<Facts>, editor: Arc<dyn FactEditor>) -> Self {
        let now = base.now;
        Self {
            region: base.region.clone(),
            overlay: Some(Overlay { base, editor }),
            ..Self::new(now)
        }
    }

    /// The same store, its regional facts being those of `region`: what "not applicable: no
    /// queues in <region>" names.
    pub fn in_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The audit's instant: key ages, metric windows and waiver expiry are measured from it.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The region whose facts this store holds, when it was told.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// Puts a value in the store as if it had been collected (test data, precomputed facts).
    pub fn provide<T: Fact>(&self, value: T) {
        self.record::<T>(&Ok(&value));
        let cell = self.cell::<T>();
        let _already_set = cell.set(Ok(Arc::new(value) as Arc<dyn Any + Send + Sync>));
    }

    /// The fact of type `T`, collected (or replayed) on first use.
    pub async fn get<T: Fact>(&self) -> Result<Arc<T>, FactError> {
        let cell = self.cell::<T>();
        let slot = cell
            .get_or_init(|| async {
                let result = match (&self.overlay, &self.replay) {
                    (Some(overlay), _) => self.edited::<T>(overlay).await,
                    (None, Some(recorded)) => replayed::<T>(recorded.get(T::KEY)),
                    (None, None) => {
                        tracing::debug!(fact = T::KEY, "collecting");
                        let result = T::collect(self).await;
                        self.record::<T>(&result.as_ref());
                        result
                    }
                };
                result.map(|value| Arc::new(value) as Arc<dyn Any + Send + Sync>)
            })
            .await;
        match slot {
            Ok(value) => Arc::clone(value).downcast::<T>().map_err(|_| {
                FactError::failed(T::NAME, "internal error: fact stored under the wrong type")
            }),
            Err(err) => Err(err.clone()),
        }
    }

    /// The fact of type `T` if the store has it without collecting: collected already, or
    /// recorded in the snapshot it replays. Never collects (after an interrupted run, asking
    /// again would start a new collection).
    pub fn collected<T: Fact>(&self) -> Option<Arc<T>> {
        match self.cell::<T>().get() {
            Some(Ok(value)) => Arc::clone(value).downcast::<T>().ok(),
            Some(Err(_)) => None,
            None => {
                let recorded = self.replay.as_ref()?;
                replayed::<T>(recorded.get(T::KEY)).ok().map(Arc::new)
            }
        }
    }

    /// Every fact collected so far, by key: what a snapshot holds.
    pub fn recorded(&self) -> BTreeMap<String, RecordedFact> {
        let recorded = self.recorded.lock().unwrap_or_else(PoisonError::into_inner);
        recorded
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    /// Stores a resource that collectors use but that is not itself a fact (an SDK
    /// configuration, a client).
    pub fn insert_resource<R: Send + Sync + 'static>(&self, resource: R) {
        let mut resources = self
            .resources
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        resources.insert(TypeId::of::<R>(), Arc::new(resource));
    }

    /// A resource stored with [`insert_resource`](Self::insert_resource).
    pub fn resource<R: Send + Sync + 'static>(&self) -> Option<Arc<R>> {
        let resources = self
            .resources
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        resources
            .get(&TypeId::of::<R>())
            .and_then(|r| Arc::clone(r).downcast::<R>().ok())
    }

    /// `T` as the overlay's base holds it, copied (through its serialized form, which every
    /// fact has) and edited.
    async fn edited<T: Fact>(&self, overlay: &Overlay) -> Result<T, FactError> {
        // Boxed: the base's `get` is this same function one store down.
        let base = Box::pin(overlay.base.get::<T>()).await?;
        edited_copy(overlay, &base)
    }

    fn record<T: Fact>(&self, result: &Result<&T, &FactError>) {
        if T::GIVEN {
            // Given by the audit, not read from the account: no snapshot holds it.
            return;
        }
        let entry = match result {
            Ok(value) => match serde_json::to_value(value) {
                Ok(json) => RecordedFact::Value(json),
                Err(err) => RecordedFact::Failed(format!("could not record {}: {err}", T::NAME)),
            },
            Err(FactError::Unavailable { reason, .. }) => RecordedFact::Unavailable(reason.clone()),
            Err(FactError::Failed { message, .. }) => RecordedFact::Failed(message.clone()),
            Err(err @ FactError::NotInSnapshot { .. }) => RecordedFact::Failed(err.to_string()),
        };
        let mut recorded = self.recorded.lock().unwrap_or_else(PoisonError::into_inner);
        recorded.insert(T::KEY, entry);
    }

    fn cell<T: Fact>(&self) -> Arc<OnceCell<Slot>> {
        let mut cells = self.cells.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(cells.entry(TypeId::of::<T>()).or_default())
    }
}

/// `base`'s value of `T`, copied (through its serialized form, which every fact has) and
/// edited by the overlay's editor.
fn edited_copy<T: Fact>(overlay: &Overlay, base: &T) -> Result<T, FactError> {
    let copy = serde_json::to_value(base)
        .and_then(serde_json::from_value::<T>)
        .map_err(|err| FactError::failed(T::NAME, format!("could not copy it: {err}")))?;
    let mut value: Box<dyn Any> = Box::new(copy);
    overlay.editor.edit(T::KEY, &overlay.base, value.as_mut());
    value
        .downcast::<T>()
        .map(|value| *value)
        .map_err(|_| FactError::failed(T::NAME, "internal error: edited into another type"))
}

/// A fact from a snapshot entry, with the entry's own error when it recorded one.
fn replayed<T: Fact>(entry: Option<&RecordedFact>) -> Result<T, FactError> {
    match entry {
        None => Err(FactError::NotInSnapshot { fact: T::NAME }),
        Some(RecordedFact::Value(json)) => serde_json::from_value(json.clone()).map_err(|err| {
            FactError::failed(
                T::NAME,
                format!("the snapshot's `{}` is unreadable: {err}", T::KEY),
            )
        }),
        Some(RecordedFact::Unavailable(reason)) => {
            Err(FactError::unavailable(T::NAME, reason.clone()))
        }
        Some(RecordedFact::Failed(message)) => Err(FactError::failed(T::NAME, message.clone())),
        // Recorded for some resources only: what the others hold is unknown.
        Some(RecordedFact::Subset { .. }) => Err(FactError::NotInSnapshot { fact: T::NAME }),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    static COLLECTIONS: AtomicUsize = AtomicUsize::new(0);

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Slow(u32);

    #[async_trait]
    impl Fact for Slow {
        const NAME: &'static str = "slow fact";
        const KEY: &'static str = "test.slow";
        const CALLS: &'static [ApiCall] = &[];
        async fn collect(_: &Facts) -> Result<Self, FactError> {
            COLLECTIONS.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
            Ok(Slow(7))
        }
    }

    static REPLAYABLE_COLLECTIONS: AtomicUsize = AtomicUsize::new(0);

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Replayable(u32);

    #[async_trait]
    impl Fact for Replayable {
        const NAME: &'static str = "replayable fact";
        const KEY: &'static str = "test.replayable";
        const CALLS: &'static [ApiCall] = &[];
        async fn collect(_: &Facts) -> Result<Self, FactError> {
            REPLAYABLE_COLLECTIONS.fetch_add(1, Ordering::SeqCst);
            Ok(Replayable(7))
        }
    }

    #[derive(Debug, Serialize, Deserialize)]
    struct Broken;

    #[async_trait]
    impl Fact for Broken {
        const NAME: &'static str = "broken fact";
        const KEY: &'static str = "test.broken";
        const CALLS: &'static [ApiCall] = &[];
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
        assert!(facts.collected::<Broken>().is_none());
        facts.provide(Broken);
        assert!(facts.collected::<Broken>().is_some());
        assert!(facts.get::<Broken>().await.is_ok());
    }

    #[tokio::test]
    async fn recorded_facts_replay_without_collecting() {
        let live = Facts::new(Utc::now());
        live.get::<Replayable>().await.unwrap();
        let _ = live.get::<Broken>().await;
        let recorded = live.recorded();
        assert_eq!(
            recorded["test.replayable"],
            RecordedFact::Value(serde_json::json!(7))
        );
        assert_eq!(
            recorded["test.broken"],
            RecordedFact::Failed("AccessDenied".to_owned())
        );

        let before = REPLAYABLE_COLLECTIONS.load(Ordering::SeqCst);
        let replay = Facts::replay(Utc::now(), recorded);
        assert_eq!(
            replay.collected::<Replayable>().map(|r| r.0),
            Some(7),
            "a recorded fact is had without collecting"
        );
        assert_eq!(replay.get::<Replayable>().await.unwrap().0, 7);
        assert_eq!(
            REPLAYABLE_COLLECTIONS.load(Ordering::SeqCst),
            before,
            "replay never collects"
        );
        assert_eq!(
            replay.get::<Broken>().await.err().map(|e| e.to_string()),
            Some("failed to collect broken fact: AccessDenied".to_owned()),
            "the same message as live"
        );

        let empty = Facts::replay(Utc::now(), BTreeMap::new());
        assert_eq!(
            empty.get::<Replayable>().await.err(),
            Some(FactError::NotInSnapshot {
                fact: "replayable fact"
            })
        );
        let unknown: crate::outcome::Outcome =
            crate::outcome::CheckError::from(empty.get::<Replayable>().await.err().unwrap()).into();
        assert_eq!(
            (unknown.status, unknown.message.as_str()),
            (
                crate::outcome::Status::Error,
                "replayable fact is not in the snapshot: record it with `gonogo snapshot` without --check"
            ),
            "unknown, never \"not applicable\""
        );
    }

    struct Doubler;

    impl FactEditor for Doubler {
        fn edit(&self, key: &'static str, base: &Facts, value: &mut dyn Any) {
            if let (Replayable::KEY, Some("eu-west-1"), Some(value)) =
                (key, base.region(), value.downcast_mut::<Replayable>())
            {
                value.0 *= 2;
            }
        }
    }

    #[tokio::test]
    async fn an_overlay_edits_a_copy_of_its_base_facts() {
        let base = Arc::new(Facts::new(Utc::now()).in_region("eu-west-1"));
        base.provide(Replayable(7));
        let overlaid = Facts::overlaid(Arc::clone(&base), Arc::new(Doubler));
        assert_eq!(overlaid.region(), Some("eu-west-1"));
        assert_eq!(overlaid.now(), base.now());
        assert_eq!(overlaid.get::<Replayable>().await.unwrap().0, 14);
        assert_eq!(
            base.get::<Replayable>().await.unwrap().0,
            7,
            "the base is not edited"
        );
        assert_eq!(
            overlaid.get::<Broken>().await.err(),
            Some(FactError::failed("broken fact", "AccessDenied")),
            "the base's errors are the overlay's"
        );
    }

    #[test]
    fn resources_are_stored_by_type() {
        let facts = Facts::new(Utc::now());
        facts.insert_resource(String::from("config"));
        assert_eq!(
            facts.resource::<String>().as_deref().map(String::as_str),
            Some("config")
        );
        assert!(facts.resource::<u8>().is_none());
    }
}

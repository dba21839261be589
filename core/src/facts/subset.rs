//! Facts fetched for the resources checks ask about: a fact that costs one call per resource
//! (a table's time to live, a bucket's access logging) is collected for the resources a check
//! judges, not for every resource of the account.
//!
//! Each resource's detail is fetched once per audit however many checks ask: the asks of one
//! fact are served in turn, and each fetches only the keys no ask fetched before, in one batch
//! (which the fact's collector makes concurrent). A snapshot records the keys fetched with the
//! value; a replay asked for a key it did not record is an error, never a pass.

use std::any::{Any, TypeId};
use std::collections::BTreeSet;
use std::sync::{Arc, PoisonError};

use async_trait::async_trait;

use super::{Fact, FactError, Facts, RecordedFact, edited_copy, replayed};

/// A fact that holds one detail per resource and can be collected for some resources only.
/// Checks ask for it with [`CheckCtx::fact_for`](crate::CheckCtx::fact_for).
#[async_trait]
pub trait Subset: Fact + Clone + Default {
    /// Collects the details of `keys` only (sorted, each asked for the first time, never
    /// empty). A key that names no resource is left out, as a full collection leaves it out.
    async fn collect_subset(facts: &Facts, keys: &[String]) -> Result<Self, FactError>;

    /// Adds the details of another batch.
    fn merge(&mut self, other: Self);
}

/// What the live asks of one subset fact collected so far.
#[derive(Default)]
pub(super) struct Collected {
    /// The merged value of every batch (a `T`), once there is one.
    value: Option<Box<dyn Any + Send + Sync>>,
    /// The keys fetched.
    keys: BTreeSet<String>,
    /// The first batch that failed: every later ask is that error.
    failed: Option<FactError>,
}

impl Facts {
    /// The fact of type `T` holding at least the details of `keys`, collected (or replayed)
    /// for the keys no ask fetched before. A value the store holds whole (provided, collected
    /// by [`Facts::get`], or recorded whole in the snapshot it replays) serves every ask.
    pub async fn get_subset<T: Subset>(&self, keys: &[String]) -> Result<Arc<T>, FactError> {
        if let Some(whole) = self.collected::<T>() {
            return Ok(whole);
        }
        if let Some(overlay) = &self.overlay {
            // Boxed: the base's `get_subset` is this same function one store down.
            let base = Box::pin(overlay.base.get_subset::<T>(keys)).await?;
            return edited_copy(overlay, &*base).map(Arc::new);
        }
        if let Some(recorded) = &self.replay {
            return match recorded.get(T::KEY) {
                Some(RecordedFact::Subset { keys: held, value }) => {
                    match keys.iter().find(|key| !held.contains(key)) {
                        Some(_) => Err(FactError::NotInSnapshot { fact: T::NAME }),
                        None => replayed::<T>(Some(&RecordedFact::Value(value.clone()))),
                    }
                }
                other => replayed::<T>(other),
            }
            .map(Arc::new);
        }
        let state = self.subset_state::<T>();
        let mut state = state.lock().await;
        if let Some(err) = &state.failed {
            return Err(err.clone());
        }
        let missing: Vec<String> = keys
            .iter()
            .filter(|key| !state.keys.contains(*key))
            .cloned()
            .collect::<BTreeSet<String>>()
            .into_iter()
            .collect();
        if !missing.is_empty() || state.value.is_none() {
            let batch = if missing.is_empty() {
                Ok(T::default())
            } else {
                tracing::debug!(fact = T::KEY, keys = missing.len(), "collecting a subset");
                T::collect_subset(self, &missing).await
            };
            match batch {
                Ok(batch) => {
                    let mut merged = state
                        .value
                        .take()
                        .and_then(|value| value.downcast::<T>().ok())
                        .map_or_else(T::default, |value| *value);
                    merged.merge(batch);
                    state.keys.extend(missing);
                    self.record_subset(&merged, &state.keys);
                    state.value = Some(Box::new(merged));
                }
                Err(err) => {
                    self.record::<T>(&Err(&err));
                    state.failed = Some(err.clone());
                    return Err(err);
                }
            }
        }
        state
            .value
            .as_ref()
            .and_then(|value| value.downcast_ref::<T>())
            .map(|value| Arc::new(value.clone()))
            .ok_or_else(|| {
                FactError::failed(
                    T::NAME,
                    "internal error: subset stored under the wrong type",
                )
            })
    }

    fn record_subset<T: Fact>(&self, value: &T, keys: &BTreeSet<String>) {
        let entry = match serde_json::to_value(value) {
            Ok(value) => RecordedFact::Subset {
                keys: keys.iter().cloned().collect(),
                value,
            },
            Err(err) => RecordedFact::Failed(format!("could not record {}: {err}", T::NAME)),
        };
        let mut recorded = self.recorded.lock().unwrap_or_else(PoisonError::into_inner);
        recorded.insert(T::KEY, entry);
    }

    fn subset_state<T: Subset>(&self) -> Arc<tokio::sync::Mutex<Collected>> {
        let mut subsets = self.subsets.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(subsets.entry(TypeId::of::<T>()).or_default())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    use chrono::Utc;
    use serde::{Deserialize, Serialize};

    use super::*;
    use crate::calls::ApiCall;

    /// Every key fetched, in order, by every store of these tests (each test uses its own
    /// key names).
    static FETCHED: Mutex<Vec<String>> = Mutex::new(Vec::new());

    /// One detail per key: its length; the key `denied` fails.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Lengths {
        by_key: BTreeMap<String, usize>,
    }

    #[async_trait]
    impl Fact for Lengths {
        const NAME: &'static str = "lengths";
        const KEY: &'static str = "test.lengths";
        const CALLS: &'static [ApiCall] = &[];
        async fn collect(_: &Facts) -> Result<Self, FactError> {
            Err(FactError::failed(Self::NAME, "asked whole"))
        }
    }

    #[async_trait]
    impl Subset for Lengths {
        async fn collect_subset(_: &Facts, keys: &[String]) -> Result<Self, FactError> {
            FETCHED.lock().unwrap().extend(keys.iter().cloned());
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            if keys.iter().any(|key| key == "denied") {
                return Err(FactError::failed(Self::NAME, "AccessDenied"));
            }
            Ok(Self {
                by_key: keys.iter().map(|key| (key.clone(), key.len())).collect(),
            })
        }

        fn merge(&mut self, other: Self) {
            self.by_key.extend(other.by_key);
        }
    }

    fn keys(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    fn fetched(prefix: &str) -> Vec<String> {
        let fetched = FETCHED.lock().unwrap();
        fetched
            .iter()
            .filter(|key| key.starts_with(prefix))
            .cloned()
            .collect()
    }

    #[tokio::test]
    async fn concurrent_asks_fetch_each_key_once_and_only_the_keys_asked() {
        let facts = Arc::new(Facts::new(Utc::now()));
        let asks = [
            keys(&["a-one", "a-two"]),
            keys(&["a-two", "a-three"]),
            keys(&["a-one"]),
        ]
        .into_iter()
        .map(|asked| {
            let facts = Arc::clone(&facts);
            tokio::spawn(async move {
                let lengths = facts.get_subset::<Lengths>(&asked).await.unwrap();
                asked
                    .iter()
                    .all(|key| lengths.by_key.get(key) == Some(&key.len()))
            })
        });
        for ask in futures::future::join_all(asks).await {
            assert!(ask.unwrap(), "every ask holds its keys");
        }
        let mut once = fetched("a-");
        once.sort();
        assert_eq!(
            once,
            keys(&["a-one", "a-three", "a-two"]),
            "each key fetched once"
        );
        match &facts.recorded()["test.lengths"] {
            RecordedFact::Subset { keys: held, value } => {
                assert_eq!(held, &keys(&["a-one", "a-three", "a-two"]));
                assert_eq!(value["by_key"]["a-three"], 7);
            }
            other => panic!("recorded as {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_replay_serves_the_keys_it_recorded_and_no_other() {
        let live = Facts::new(Utc::now());
        live.get_subset::<Lengths>(&keys(&["b-one"])).await.unwrap();
        let replay = Facts::replay(Utc::now(), live.recorded());
        let served = replay
            .get_subset::<Lengths>(&keys(&["b-one"]))
            .await
            .unwrap();
        assert_eq!(served.by_key["b-one"], 5);
        assert_eq!(
            replay
                .get_subset::<Lengths>(&keys(&["b-one", "b-two"]))
                .await
                .err(),
            Some(FactError::NotInSnapshot { fact: "lengths" }),
            "what the recording did not fetch is unknown: an error, never a pass"
        );
        assert_eq!(
            replay.get::<Lengths>().await.err(),
            Some(FactError::NotInSnapshot { fact: "lengths" }),
            "nor is the whole fact known"
        );
        assert_eq!(fetched("b-"), keys(&["b-one"]), "a replay fetches nothing");
    }

    #[tokio::test]
    async fn a_failed_batch_is_the_error_of_every_later_ask_and_is_recorded() {
        let facts = Facts::new(Utc::now());
        let denied = FactError::failed("lengths", "AccessDenied");
        assert_eq!(
            facts.get_subset::<Lengths>(&keys(&["denied"])).await.err(),
            Some(denied.clone())
        );
        assert_eq!(
            facts.get_subset::<Lengths>(&keys(&["c-one"])).await.err(),
            Some(denied)
        );
        assert_eq!(
            facts.recorded()["test.lengths"],
            RecordedFact::Failed("AccessDenied".to_owned())
        );
    }

    #[tokio::test]
    async fn a_provided_whole_fact_serves_every_ask() {
        let facts = Facts::new(Utc::now());
        facts.provide(Lengths {
            by_key: BTreeMap::from([("d-one".to_owned(), 1)]),
        });
        let served = facts
            .get_subset::<Lengths>(&keys(&["d-one"]))
            .await
            .unwrap();
        assert_eq!(served.by_key["d-one"], 1);
        assert!(fetched("d-").is_empty());
    }
}

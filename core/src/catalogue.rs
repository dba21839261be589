//! The catalogue: every check, framework and deploy stage kind linked into this binary, from
//! any crate, loaded and validated once at start-up and passed down to whatever needs it (the
//! policy parser, the planner, `list`, `explain`, the pipeline).

use std::collections::BTreeMap;

use crate::framework::{FrameworkError, FrameworkRegistration, Frameworks};
use crate::registry::{DuplicateCheck, Registry};
use crate::stage::StageRegistration;

/// The deploy stage kinds, by `kind`.
pub type StageKinds = BTreeMap<&'static str, &'static StageRegistration>;

/// Why the catalogue could not be loaded: two registrations under one name, or a framework
/// file that does not parse. Every command stops on it at start-up.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CatalogueError {
    /// Two checks with one id.
    #[error(transparent)]
    DuplicateCheck(#[from] DuplicateCheck),
    /// A broken framework file, or two frameworks with one id.
    #[error(transparent)]
    Framework(#[from] FrameworkError),
    /// Two stages with one kind.
    #[error("stage kind `{0}` is registered twice")]
    DuplicateStage(&'static str),
}

/// Everything registered, validated.
pub struct Catalogue {
    /// The checks, by id.
    pub checks: Registry,
    /// The compliance frameworks, by id.
    pub frameworks: Frameworks,
    /// The deploy stage kinds, by kind.
    pub stages: StageKinds,
}

impl Catalogue {
    /// Everything submitted through `inventory`.
    pub fn load() -> Result<Self, CatalogueError> {
        Self::from_registrations(
            Registry::load()?,
            inventory::iter::<FrameworkRegistration>,
            inventory::iter::<StageRegistration>,
        )
    }

    /// From explicit checks, framework files and stage kinds (tests).
    pub fn from_registrations(
        checks: Registry,
        frameworks: impl IntoIterator<Item = &'static FrameworkRegistration>,
        stages: impl IntoIterator<Item = &'static StageRegistration>,
    ) -> Result<Self, CatalogueError> {
        let mut kinds = StageKinds::new();
        for registration in stages {
            if kinds.insert(registration.kind, registration).is_some() {
                return Err(CatalogueError::DuplicateStage(registration.kind));
            }
        }
        Ok(Self {
            checks,
            frameworks: Frameworks::from_registrations(frameworks)?,
            stages: kinds,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::StageCalls;
    use crate::stage::{Stage, StageError};

    fn build(_: &toml::Table) -> Result<Box<dyn Stage>, StageError> {
        Err(StageError::new("never built"))
    }

    const NO_CALLS: StageCalls = StageCalls {
        plan: &[],
        apply: &[],
        rollback: &[],
        runs_checks: false,
    };
    static ONE: StageRegistration = StageRegistration {
        kind: "notify",
        summary: "one",
        build,
        calls: NO_CALLS,
    };
    static AGAIN: StageRegistration = StageRegistration {
        kind: "notify",
        summary: "the same kind again",
        build,
        calls: NO_CALLS,
    };

    fn no_checks() -> Registry {
        Registry::from_registrations([]).unwrap()
    }

    #[test]
    fn two_stages_with_one_kind_stop_the_catalogue() {
        let err = Catalogue::from_registrations(no_checks(), [], [&ONE, &AGAIN])
            .err()
            .unwrap();
        assert_eq!(err, CatalogueError::DuplicateStage("notify"));
        assert_eq!(err.to_string(), "stage kind `notify` is registered twice");
    }

    #[test]
    fn each_stage_kind_is_found_by_its_kind() {
        let catalogue = Catalogue::from_registrations(no_checks(), [], [&ONE]).unwrap();
        assert_eq!(catalogue.stages["notify"].summary, "one");
        assert!(catalogue.frameworks.iter().next().is_none());
    }
}

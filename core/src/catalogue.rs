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

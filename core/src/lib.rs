//! gonogo-core: the framework every gonogo plugin is written against.
//!
//! A [`Check`](check::Check) reads [`Facts`](facts::Facts) and returns an
//! [`Outcome`](outcome::Outcome); the [`runner`] runs the selected checks concurrently; the
//! [`policy`] says how results weigh; [`verdict`] turns them into GO, CONDITIONAL GO or NO-GO.
//! Nothing here knows about AWS: an AWS client is just a fact that checks ask for.
#![warn(missing_docs)]

pub mod baseline;
pub mod calls;
pub mod catalogue;
pub mod check;
pub mod combine;
pub mod document_kind;
pub mod engine;
pub mod exit_codes;
pub mod facts;
pub mod framework;
pub mod holds;
pub mod input;
pub mod journal;
pub mod judged;
pub mod meta;
pub mod outcome;
pub mod params;
pub mod permissions;
pub mod pipeline;
pub mod policy;
pub mod reasons;
pub mod region_names;
pub mod regions;
pub mod registry;
pub mod runner;
pub mod snapshot;
pub mod span;
pub mod stage;
pub mod stats;
pub mod suggest;
pub mod verdict;

pub use async_trait::async_trait;
pub use calls::{ApiCall, FactInfo};
pub use check::{Check, CheckCtx, CheckRegistration};
pub use facts::{Fact, FactEditor, FactError, Facts, Subset};
pub use holds::Property;
pub use meta::{Category, CheckMeta, ParamKind, ParamMeta, Presence, Scope, Severity};
pub use outcome::{Change, CheckError, Finding, Outcome, Status};

#[doc(hidden)]
pub use inventory;

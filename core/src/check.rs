//! What a check does, and how it registers itself: the behaviour trait, the context a run
//! gets, and [`declare_check!`](crate::declare_check).
//!
//! A check is one file: a unit struct declared with [`declare_check!`](crate::declare_check)
//! and an `impl Check`. The macro submits a [`CheckRegistration`] to `inventory`, so adding a
//! check edits no central list. What the macro declares is the check's metadata
//! ([`crate::meta`]).

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::facts::{Fact, FactError, Facts, Subset};
use crate::holds::Property;
use crate::meta::{CheckMeta, Scope};
use crate::outcome::{CheckError, Finding, Outcome};
use crate::params::ParamValues;

/// What a check receives when it runs.
pub struct CheckCtx {
    meta: &'static CheckMeta,
    facts: Arc<Facts>,
    params: ParamValues,
}

impl CheckCtx {
    /// A context for the check `meta` over a facts store and its resolved parameters.
    pub fn new(meta: &'static CheckMeta, facts: Arc<Facts>, params: ParamValues) -> Self {
        Self {
            meta,
            facts,
            params,
        }
    }

    /// The region a regional check looks at; `None` for a global check or a store that was
    /// not told its region.
    pub fn region(&self) -> Option<&str> {
        match self.meta.scope {
            Scope::Regional => self.facts.region(),
            Scope::Global => None,
        }
    }

    /// The outcome of `findings`, the resources being `noun` (plural): with none at all the
    /// check had nothing to judge and is not applicable ([`Outcome::not_applicable`]).
    pub fn judge(&self, noun: &str, findings: Vec<Finding>) -> Outcome {
        if findings.is_empty() {
            self.not_applicable(noun)
        } else {
            Outcome::from_findings(noun, findings)
        }
    }

    /// The outcome of a check whose every resource must hold `property`: each resource's
    /// `(ARN, name, value)`, a value AWS did not report failing ([`crate::holds`] says why);
    /// with none, not applicable.
    pub fn judge_each<'a>(
        &self,
        property: &Property,
        resources: impl IntoIterator<Item = (&'a str, &'a str, Option<bool>)>,
    ) -> Outcome {
        let findings = resources
            .into_iter()
            .map(|(resource, name, value)| property.finding(resource, name, value))
            .collect();
        self.judge(property.noun, findings)
    }

    /// `skip`: "not applicable: no <noun> in <region>".
    pub fn not_applicable(&self, noun: &str) -> Outcome {
        Outcome::not_applicable(noun, self.region())
    }

    /// `fail`, for a check whose policy asks for presence: "no <noun> in <region>", one failing
    /// finding on the region (empty for a global check) so that waivers and baselines see it.
    pub fn absent(&self, noun: &str) -> Outcome {
        let place = self.region().unwrap_or_default();
        let message = match self.region() {
            Some(region) => format!("no {noun} in {region}"),
            None => format!("no {noun}"),
        };
        Outcome::from_findings(noun, vec![Finding::fail(place, message)])
    }

    /// A fact, collected once per audit however many checks ask for it. The check must
    /// declare it (`facts: [...]`), so that its permissions are known.
    pub async fn fact<T: Fact>(&self) -> Result<Arc<T>, FactError> {
        self.declared::<T>()?;
        self.facts.get::<T>().await
    }

    /// A fact holding the details of the resources named by `keys` (the tables a check
    /// judges, the trails' buckets), fetched once per audit however many checks ask: what a
    /// check does not judge is never fetched. Declared as [`fact`](Self::fact) is.
    pub async fn fact_for<T: Subset>(&self, keys: &[String]) -> Result<Arc<T>, FactError> {
        self.declared::<T>()?;
        self.facts.get_subset::<T>(keys).await
    }

    fn declared<T: Fact>(&self) -> Result<(), FactError> {
        if self.meta.facts.iter().any(|f| f.key == T::KEY) {
            return Ok(());
        }
        Err(FactError::failed(
            T::NAME,
            format!(
                "check {} reads `{}` without declaring it in `facts: [...]`",
                self.meta.id,
                T::KEY
            ),
        ))
    }

    /// The audit's clock: every check of one audit sees the same instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.facts.now()
    }

    /// A parameter's value from the policy, or its declared default.
    pub fn param<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, CheckError> {
        self.params.get(name)
    }

    /// An optional parameter: `None` when neither the policy nor a default sets it.
    pub fn param_opt<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
    ) -> Result<Option<T>, CheckError> {
        self.params.get_opt(name)
    }
}

/// The behaviour of a check: read facts, decide, return an outcome.
///
/// Returning `Err` is for "could not decide": [`CheckError::Unavailable`] becomes `skip`,
/// [`CheckError::Failed`] becomes `error`. A failing account is an `Ok` outcome.
#[async_trait]
pub trait Check: Send + Sync + 'static {
    /// Run the check once.
    async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError>;
}

/// What [`declare_check!`](crate::declare_check) submits to `inventory`.
pub struct CheckRegistration {
    /// The check's metadata.
    pub meta: &'static CheckMeta,
    /// Builds the check.
    pub build: fn() -> Box<dyn Check>,
}

inventory::collect!(CheckRegistration);

/// Declares a check: the struct, its `META` constant and its registration.
///
/// ```ignore
/// declare_check! {
///     /// ## What it checks
///     /// ...
///     pub struct SqsEncryption;
///     id: "security.sqs-encryption",
///     title: "SQS queues encrypt messages at rest",
///     category: Security,
///     severity: Medium,
///     facts: [SqsQueues],
/// }
/// ```
///
/// A check that reads only global facts (IAM, budgets) adds `scope: Global,` after its
/// severity, so that a multi-region audit runs it once per account.
///
/// A check names the facts it reads after that, `facts: [SqsQueues, CallerIdentity],`, then
/// its tags, `tags: ["quick"],`, and its parameters, `params: [...]`; a check without tags or
/// parameters leaves them out.
///
/// A check whose subject is presence adds `presence: Required,`; one whose policy can ask for
/// presence names those parameters, `presence: OnRequest["expected_queues"],`. Without
/// either, absence is "not applicable" (`Presence::NotJudged`).
///
/// Parameters are declared as `"name": Kind = "toml default" => "what it means"`, with an
/// empty default for a parameter that is unset unless the policy sets it. A number may name
/// the values it accepts, `"window_minutes": Integer[1, 1440] = "60" => "…"`; one that does
/// not accepts finite numbers from 0 up (`ParamRange::NON_NEGATIVE`). The policy parser
/// refuses a value outside the range, with its file, line and column.
#[macro_export]
macro_rules! declare_check {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident;
        id: $id:literal,
        title: $title:literal,
        category: $category:ident,
        severity: $severity:ident,
        $(scope: $scope:ident,)?
        $(presence: $presence:ident $([$($pparam:literal),* $(,)?])?,)?
        $(facts: [$($fact:ty),* $(,)?] $(,)?)?
        $(tags: [$($tag:literal),* $(,)?] $(,)?)?
        $(params: [$($pname:literal : $pkind:ident $([$pmin:expr, $pmax:expr])? = $pdefault:literal => $pdoc:literal),* $(,)?] $(,)?)?
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $name;

        impl $name {
            /// This check's metadata.
            pub const META: $crate::meta::CheckMeta = $crate::meta::CheckMeta {
                id: $id,
                title: $title,
                category: $crate::meta::Category::$category,
                severity: $crate::meta::Severity::$severity,
                scope: $crate::__check_scope!($($scope)?),
                presence: $crate::__check_presence!($($presence $([$($pparam),*])?)?),
                facts: &[$($(&<$fact as $crate::facts::Fact>::INFO),*)?],
                tags: &[$($($tag),*)?],
                params: &[$($($crate::meta::ParamMeta {
                    name: $pname,
                    kind: $crate::meta::ParamKind::$pkind,
                    declared_range: $crate::__param_range!($($pmin, $pmax)?),
                    default: $pdefault,
                    doc: $pdoc,
                }),*)?],
                docs: concat!($($doc, "\n"),*),
                file: file!(),
                line: line!(),
            };
        }

        $crate::inventory::submit! {
            $crate::check::CheckRegistration {
                meta: &$name::META,
                build: || ::std::boxed::Box::new($name),
            }
        }
    };
}

/// The range a [`declare_check!`](crate::declare_check) parameter names, `None` when it names
/// none.
#[doc(hidden)]
#[macro_export]
macro_rules! __param_range {
    () => {
        ::std::option::Option::None
    };
    ($min:expr, $max:expr) => {
        ::std::option::Option::Some($crate::meta::ParamRange {
            min: ($min) as f64,
            max: ($max) as f64,
        })
    };
}

/// The scope a [`declare_check!`](crate::declare_check) names, regional when it names none.
#[doc(hidden)]
#[macro_export]
macro_rules! __check_scope {
    () => {
        $crate::meta::Scope::Regional
    };
    ($scope:ident) => {
        $crate::meta::Scope::$scope
    };
}

/// The presence a [`declare_check!`](crate::declare_check) names, not judged when it names none.
#[doc(hidden)]
#[macro_export]
macro_rules! __check_presence {
    () => {
        $crate::meta::Presence::NotJudged
    };
    ($presence:ident) => {
        $crate::meta::Presence::$presence
    };
    ($presence:ident [$($param:literal),*]) => {
        $crate::meta::Presence::$presence(&[$($param),*])
    };
}

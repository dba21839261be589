//! What a check is: static metadata, the behaviour trait, and how it registers itself.
//!
//! A check is one file: a unit struct declared with [`declare_check!`](crate::declare_check)
//! and an `impl Check`. The macro submits a [`CheckRegistration`] to `inventory`, so adding a
//! check edits no central list.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::facts::{Fact, FactError, Facts};
use crate::outcome::{CheckError, Finding, Outcome};
use crate::params::ParamValues;
use crate::permissions::FactInfo;

/// The area of the account a check looks at.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Resources exist and are in a working state.
    Infrastructure,
    /// Identity, encryption and exposure.
    Security,
    /// Budgets and spend.
    Cost,
    /// Alarms, canaries and metrics.
    Monitoring,
    /// Operability: dead-letter queues, rollbacks, recovery.
    Operations,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 5] = [
        Category::Infrastructure,
        Category::Security,
        Category::Cost,
        Category::Monitoring,
        Category::Operations,
    ];

    /// The lowercase name used in ids, reports and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Infrastructure => "infrastructure",
            Category::Security => "security",
            Category::Cost => "cost",
            Category::Monitoring => "monitoring",
            Category::Operations => "operations",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown category `{s}` (expected one of: infrastructure, security, cost, monitoring, operations)"))
    }
}

/// How much a failing check matters. Ordered from least to most severe.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational: weighs nothing by default.
    Info,
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical: blocks a GO by default.
    Critical,
}

impl Severity {
    /// Every severity, most severe first.
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    /// The lowercase name used in reports and policies.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a check looks: in each audited region, or once per account.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Reads regional facts (queues, alarms, tables): runs once per audited region.
    #[default]
    Regional,
    /// Reads only global facts (IAM, budgets, the caller) or nothing from AWS: runs once per
    /// account, however many regions are audited.
    Global,
}

/// What a check makes of the absence of what it judges: the choice `explain` and the README
/// list, so that nobody has to read a check's code to know whether "none" passes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Presence {
    /// Absence means nothing to judge: the check is `skip`, "not applicable: no <things> in
    /// <region>". Never a pass, never a fail.
    #[default]
    NotJudged,
    /// Absence fails when the policy sets one of these parameters (an `expected_*` list, a
    /// `require_*` switch); otherwise it is not applicable.
    OnRequest(&'static [&'static str]),
    /// The check's subject is presence (a budget, a password policy, working credentials):
    /// absence always fails.
    Required,
}

impl Presence {
    /// The kebab-case name in `gonogo list --format json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::NotJudged => "not-judged",
            Presence::OnRequest(_) => "on-request",
            Presence::Required => "required",
        }
    }

    /// The parameters that ask for presence (empty unless [`Presence::OnRequest`]).
    pub fn params(self) -> &'static [&'static str] {
        match self {
            Presence::OnRequest(params) => params,
            Presence::NotJudged | Presence::Required => &[],
        }
    }

    /// A few words for the README's catalogue: `fails`, `n/a`, `n/a unless expected_queues`.
    pub fn when_absent(self) -> String {
        match self {
            Presence::NotJudged => "n/a".to_owned(),
            Presence::OnRequest(params) => format!("n/a unless {}", params.join(" or ")),
            Presence::Required => "fails".to_owned(),
        }
    }

    /// One line for `explain`.
    pub fn describe(self) -> String {
        match self {
            Presence::NotJudged => "not applicable when there is nothing to judge".to_owned(),
            Presence::OnRequest(params) => format!(
                "not applicable when there is nothing to judge, unless {} asks for presence",
                params
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            Presence::Required => "judges presence: absence fails".to_owned(),
        }
    }
}

/// The TOML type a check parameter takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// A whole number.
    Integer,
    /// A number; integers are accepted.
    Float,
    /// A string.
    String,
    /// An array of strings.
    StringList,
    /// `true` or `false`.
    Bool,
}

impl ParamKind {
    /// The name shown in `explain` and in policy errors.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamKind::Integer => "integer",
            ParamKind::Float => "number",
            ParamKind::String => "string",
            ParamKind::StringList => "array of strings",
            ParamKind::Bool => "boolean",
        }
    }
}

/// The values a number parameter accepts, both ends included. A number is always finite.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamRange {
    /// The smallest value.
    pub min: f64,
    /// The largest value; infinite when there is no upper bound.
    pub max: f64,
}

impl ParamRange {
    /// What a number parameter that declares no range accepts: a count, a number of days, an
    /// amount of money: finite and at least 0.
    pub const NON_NEGATIVE: ParamRange = ParamRange {
        min: 0.0,
        max: f64::INFINITY,
    };

    /// Whether `value` is finite and in the range.
    pub fn contains(self, value: f64) -> bool {
        value.is_finite() && value >= self.min && value <= self.max
    }
}

impl fmt::Display for ParamRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.max.is_finite() {
            write!(f, "{} to {}", self.min, self.max)
        } else {
            write!(f, "at least {}", self.min)
        }
    }
}

/// One parameter a check reads from its policy table.
#[derive(Debug)]
pub struct ParamMeta {
    /// The key in `[checks."<id>"]`.
    pub name: &'static str,
    /// Its type.
    pub kind: ParamKind,
    /// For a number, the values it accepts when it declares them (`Integer[1, 1440]`);
    /// [`ParamMeta::range`] says what applies.
    pub declared_range: Option<ParamRange>,
    /// Its default as a TOML literal (`"90"`, `"[]"`); empty when it has none (unset).
    pub default: &'static str,
    /// What it means.
    pub doc: &'static str,
}

impl ParamMeta {
    /// The values a number parameter accepts (its declared range, else
    /// [`ParamRange::NON_NEGATIVE`]); `None` for other kinds.
    pub fn range(&self) -> Option<ParamRange> {
        match self.kind {
            ParamKind::Integer | ParamKind::Float => {
                Some(self.declared_range.unwrap_or(ParamRange::NON_NEGATIVE))
            }
            ParamKind::String | ParamKind::StringList | ParamKind::Bool => None,
        }
    }

    /// Its type and, for a number, its range: "integer, 1 to 1440".
    pub fn describe_kind(&self) -> String {
        match self.range() {
            Some(range) => format!("{}, {range}", self.kind.as_str()),
            None => self.kind.as_str().to_owned(),
        }
    }
}

/// Static metadata of a check: also its documentation.
#[derive(Debug)]
pub struct CheckMeta {
    /// Stable id, `category.kebab-case`.
    pub id: &'static str,
    /// One line saying what passes.
    pub title: &'static str,
    /// The category, also the id's prefix.
    pub category: Category,
    /// Default severity; a policy may override it.
    pub severity: Severity,
    /// Regional (runs per region) or global (once per account).
    pub scope: Scope,
    /// Whether absence fails or means "not applicable".
    pub presence: Presence,
    /// The facts it reads: what `gonogo permissions` derives its IAM actions from. Reading
    /// an undeclared fact is an error.
    pub facts: &'static [&'static FactInfo],
    /// Free-form tags for selection (`quick`, `post-deploy`).
    pub tags: &'static [&'static str],
    /// Parameters the policy may set.
    pub params: &'static [ParamMeta],
    /// Markdown docs from the doc comment, with `## What it checks`, `## Why it matters` and
    /// `## Remediation` sections.
    pub docs: &'static str,
    /// Source file that declares the check.
    pub file: &'static str,
    /// Line of the declaration.
    pub line: u32,
}

impl CheckMeta {
    /// The docs with the single leading space of each doc-comment line removed.
    pub fn docs_text(&self) -> String {
        self.docs
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
    }

    /// The body of one `## Heading` section of the docs, if present.
    pub fn doc_section(&self, heading: &str) -> Option<String> {
        let docs = self.docs_text();
        let marker = format!("## {heading}");
        let start = docs.find(&marker)? + marker.len();
        let rest = &docs[start..];
        let end = rest.find("\n## ").unwrap_or(rest.len());
        let body = rest[..end].trim();
        (!body.is_empty()).then(|| body.to_owned())
    }

    /// The parameter named `name`, if the check declares it.
    pub fn param(&self, name: &str) -> Option<&'static ParamMeta> {
        self.params.iter().find(|p| p.name == name)
    }
}

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
        if !self.meta.facts.iter().any(|f| f.key == T::KEY) {
            return Err(FactError::failed(
                T::NAME,
                format!(
                    "check {} reads `{}` without declaring it in `facts: [...]`",
                    self.meta.id,
                    T::KEY
                ),
            ));
        }
        self.facts.get::<T>().await
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
///     tags: [],
///     params: [],
/// }
/// ```
///
/// A check that reads only global facts (IAM, budgets) adds `scope: Global,` after its
/// severity, so that a multi-region audit runs it once per account.
///
/// A check names the facts it reads after that, `facts: [SqsQueues, CallerIdentity],`.
///
/// A check whose subject is presence adds `presence: Required,`; one whose policy can ask for
/// presence names those parameters, `presence: OnRequest["expected_queues"],`. Without
/// either, absence is "not applicable" ([`Presence::NotJudged`]).
///
/// Parameters are declared as `"name": Kind = "toml default" => "what it means"`, with an
/// empty default for a parameter that is unset unless the policy sets it. A number may name
/// the values it accepts, `"window_minutes": Integer[1, 1440] = "60" => "…"`; one that does
/// not accepts finite numbers from 0 up ([`ParamRange::NON_NEGATIVE`]). The policy parser
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
        $(facts: [$($fact:ty),* $(,)?],)?
        tags: [$($tag:literal),* $(,)?],
        params: [$($pname:literal : $pkind:ident $([$pmin:expr, $pmax:expr])? = $pdefault:literal => $pdoc:literal),* $(,)?] $(,)?
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $name;

        impl $name {
            /// This check's metadata.
            pub const META: $crate::check::CheckMeta = $crate::check::CheckMeta {
                id: $id,
                title: $title,
                category: $crate::check::Category::$category,
                severity: $crate::check::Severity::$severity,
                scope: $crate::__check_scope!($($scope)?),
                presence: $crate::__check_presence!($($presence $([$($pparam),*])?)?),
                facts: &[$($(&<$fact as $crate::facts::Fact>::INFO),*)?],
                tags: &[$($tag),*],
                params: &[$($crate::check::ParamMeta {
                    name: $pname,
                    kind: $crate::check::ParamKind::$pkind,
                    declared_range: $crate::__param_range!($($pmin, $pmax)?),
                    default: $pdefault,
                    doc: $pdoc,
                }),*],
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
        ::std::option::Option::Some($crate::check::ParamRange {
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
        $crate::check::Scope::Regional
    };
    ($scope:ident) => {
        $crate::check::Scope::$scope
    };
}

/// The presence a [`declare_check!`](crate::declare_check) names, not judged when it names none.
#[doc(hidden)]
#[macro_export]
macro_rules! __check_presence {
    () => {
        $crate::check::Presence::NotJudged
    };
    ($presence:ident) => {
        $crate::check::Presence::$presence
    };
    ($presence:ident [$($param:literal),*]) => {
        $crate::check::Presence::$presence(&[$($param),*])
    };
}

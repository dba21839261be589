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
use crate::outcome::{CheckError, Outcome};
use crate::params::ParamValues;

/// The area of the account a check looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Reads regional facts (queues, alarms, tables): runs once per audited region.
    #[default]
    Regional,
    /// Reads only global facts (IAM, budgets, the caller) or nothing from AWS: runs once per
    /// account, however many regions are audited.
    Global,
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

/// One parameter a check reads from its policy table.
#[derive(Debug)]
pub struct ParamMeta {
    /// The key in `[checks."<id>"]`.
    pub name: &'static str,
    /// Its type.
    pub kind: ParamKind,
    /// Its default as a TOML literal (`"90"`, `"[]"`); empty when it has none (unset).
    pub default: &'static str,
    /// What it means.
    pub doc: &'static str,
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
    facts: Arc<Facts>,
    params: ParamValues,
}

impl CheckCtx {
    /// A context over a facts store and this check's resolved parameters.
    pub fn new(facts: Arc<Facts>, params: ParamValues) -> Self {
        Self { facts, params }
    }

    /// A fact, collected once per audit however many checks ask for it.
    pub async fn fact<T: Fact>(&self) -> Result<Arc<T>, FactError> {
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
/// Parameters are declared as `"name": Kind = "toml default" => "what it means"`, with an
/// empty default for a parameter that is unset unless the policy sets it.
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
        tags: [$($tag:literal),* $(,)?],
        params: [$($pname:literal : $pkind:ident = $pdefault:literal => $pdoc:literal),* $(,)?] $(,)?
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
                tags: &[$($tag),*],
                params: &[$($crate::check::ParamMeta {
                    name: $pname,
                    kind: $crate::check::ParamKind::$pkind,
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

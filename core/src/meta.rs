//! What a check is, as data: its id, title, category, severity, scope, the facts it reads and
//! the parameters it takes. `gonogo list`, `explain`, the policy parser, the permissions and
//! the reports read this; only the runner needs the behaviour (the `check` module).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::calls::FactInfo;

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
#[derive(strum::IntoStaticStr, strum::Display)]
#[strum(serialize_all = "lowercase")]
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
        self.into()
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
#[derive(strum::IntoStaticStr, strum::Display)]
#[strum(serialize_all = "lowercase")]
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
        self.into()
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

/// What a check makes of the absence of what it judges: the choice `explain` and the check
/// reference show, so that nobody has to read a check's code to know whether "none" passes.
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

    /// A few words for the check reference's catalogue: `fails`, `n/a`, `n/a unless expected_queues`.
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

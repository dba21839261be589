//! What a framework file holds.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Whether the benchmark considers a requirement automatable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Assessment {
    /// The benchmark's "Automated".
    Automated,
    /// The benchmark's "Manual" (a check may still answer it where an API does).
    Manual,
}

/// A profile: the requirements of its level and below.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub enum Profile {
    /// Level 1 only.
    #[serde(rename = "level1")]
    Level1,
    /// Levels 1 and 2.
    #[serde(rename = "level2")]
    Level2,
}

impl Profile {
    /// Whether a requirement of `level` belongs to the profile.
    pub fn includes(self, level: u8) -> bool {
        match self {
            Profile::Level1 => level <= 1,
            Profile::Level2 => level <= 2,
        }
    }

    /// `level1` or `level2`.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Level1 => "level1",
            Profile::Level2 => "level2",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Profile {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "level1" => Ok(Profile::Level1),
            "level2" => Ok(Profile::Level2),
            other => Err(format!(
                "unknown profile `{other}` (expected level1 or level2)"
            )),
        }
    }
}

/// One requirement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Its id in the framework (`2.8`, `6.1.1`).
    pub id: String,
    /// A short title, in our own words.
    pub title: String,
    /// The section it belongs to (`2 Identity and Access Management`).
    pub section: String,
    /// Its profile level (1 or 2).
    pub level: u8,
    /// Automated or manual, as the framework says.
    pub assessment: Assessment,
    /// The checks that evaluate it; none: it is reported as manual.
    #[serde(default)]
    pub checks: Vec<String>,
    /// Why an automated requirement has no check yet.
    #[serde(default)]
    pub not_covered: Option<String>,
    /// The severity the framework gives it, where it gives one (AWS's for an FSBP control).
    #[serde(default)]
    pub severity: Option<crate::meta::Severity>,
}

/// A framework: its identity and its requirements, in the framework's order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Stable id (`cis-aws-7.0`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its version.
    pub version: String,
    /// Where it is published.
    pub source: String,
    /// The requirements.
    pub requirements: Vec<Requirement>,
}

impl Framework {
    /// Parses a framework file; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self, FrameworkError> {
        toml::from_str(text).map_err(|err: toml::de::Error| {
            let (line, column) = err
                .span()
                .map(|span| crate::span::line_column(text, span.start))
                .unwrap_or((1, 1));
            FrameworkError::Invalid {
                origin: origin.to_owned(),
                line,
                column,
                message: err.message().to_owned(),
            }
        })
    }

    /// The requirement with this id.
    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }

    /// The requirements of `profile` (all without one).
    pub fn in_profile(&self, profile: Option<Profile>) -> impl Iterator<Item = &Requirement> {
        self.requirements
            .iter()
            .filter(move |r| profile.is_none_or(|p| p.includes(r.level)))
    }

    /// Every check id the requirements of `profile` name, sorted, once each.
    pub fn check_ids(&self, profile: Option<Profile>) -> Vec<String> {
        let mut ids: Vec<String> = self
            .in_profile(profile)
            .flat_map(|r| r.checks.iter().cloned())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// The requirements that name `check`.
    pub fn requirements_of<'a>(&'a self, check: &'a str) -> impl Iterator<Item = &'a Requirement> {
        self.requirements
            .iter()
            .filter(move |r| r.checks.iter().any(|c| c == check))
    }
}

/// A framework that cannot be used.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum FrameworkError {
    /// Not a framework file.
    #[error("{origin}:{line}:{column}: not a framework: {message}")]
    Invalid {
        /// The file.
        origin: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// Two frameworks with one id.
    #[error("framework id `{id}` is registered twice: by {first} and by {second}")]
    Duplicate {
        /// The id.
        id: String,
        /// One file.
        first: String,
        /// The other.
        second: String,
    },
}

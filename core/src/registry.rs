//! The registry: every check linked into this binary, from any crate, sorted by id.

use std::collections::BTreeMap;

use crate::check::CheckRegistration;
use crate::meta::{Category, CheckMeta};

/// Two registrations under one id: an error at start-up, never a silent pick.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("check id `{id}` is registered twice: at {first} and at {second}")]
pub struct DuplicateCheck {
    /// The id.
    pub id: &'static str,
    /// `file:line` of one declaration.
    pub first: String,
    /// `file:line` of the other.
    pub second: String,
}

/// A check the user named that no crate registered.
#[derive(Debug, thiserror::Error)]
#[error("unknown check `{0}`{1} (see `gonogo list`)")]
pub struct UnknownCheck(pub String, pub String);

/// The checks linked into this binary.
pub struct Registry {
    checks: BTreeMap<&'static str, &'static CheckRegistration>,
}

impl Registry {
    /// Collects every registration submitted through `inventory`.
    pub fn load() -> Result<Self, DuplicateCheck> {
        Self::from_registrations(inventory::iter::<CheckRegistration>)
    }

    /// Builds a registry from explicit registrations (used by tests).
    pub fn from_registrations(
        registrations: impl IntoIterator<Item = &'static CheckRegistration>,
    ) -> Result<Self, DuplicateCheck> {
        let mut checks = BTreeMap::new();
        for registration in registrations {
            if let Some(previous) = checks.insert(registration.meta.id, registration) {
                let location = |m: &CheckMeta| format!("{}:{}", m.file, m.line);
                return Err(DuplicateCheck {
                    id: registration.meta.id,
                    first: location(previous.meta),
                    second: location(registration.meta),
                });
            }
        }
        Ok(Self { checks })
    }

    /// Every check, sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = &'static CheckRegistration> + '_ {
        self.checks.values().copied()
    }

    /// The check with this id.
    pub fn get(&self, id: &str) -> Option<&'static CheckRegistration> {
        self.checks.get(id).copied()
    }

    /// How many checks are registered.
    pub fn len(&self) -> usize {
        self.checks.len()
    }

    /// Whether none are.
    pub fn is_empty(&self) -> bool {
        self.checks.is_empty()
    }

    /// The checks a selection picks, sorted by id. Named ids must exist.
    pub fn select(
        &self,
        selection: &Selection,
    ) -> Result<Vec<&'static CheckRegistration>, UnknownCheck> {
        if let Some(unknown) = selection
            .ids
            .iter()
            .find(|id| !self.checks.contains_key(id.as_str()))
        {
            let near = crate::suggest::did_you_mean(unknown, self.checks.keys().copied());
            return Err(UnknownCheck(unknown.clone(), near));
        }
        Ok(self.iter().filter(|r| selection.matches(r.meta)).collect())
    }
}

/// Which checks to run: each kind of filter narrows; values within a kind widen.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Check ids (`--check`); empty means any.
    pub ids: Vec<String>,
    /// Categories (`--category`); empty means any.
    pub categories: Vec<Category>,
    /// Tags (`--tag`); empty means any.
    pub tags: Vec<String>,
    /// Only among these ids (the checks a framework maps, `--framework`); `None` means any.
    /// Unlike `ids`, it never runs a check the policy disables.
    pub within: Option<Vec<String>>,
}

impl Selection {
    /// Whether a check passes every filter.
    pub fn matches(&self, meta: &CheckMeta) -> bool {
        (self.ids.is_empty() || self.ids.iter().any(|id| id == meta.id))
            && (self.categories.is_empty() || self.categories.contains(&meta.category))
            && (self.tags.is_empty() || self.tags.iter().any(|t| meta.tags.contains(&t.as_str())))
            && self
                .within
                .as_ref()
                .is_none_or(|within| within.iter().any(|id| id == meta.id))
    }

    /// Whether the check was named explicitly (which overrides `enabled = false` in a policy).
    pub fn names(&self, id: &str) -> bool {
        self.ids.iter().any(|i| i == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Check, CheckCtx};
    use crate::meta::{Category, Severity};
    use crate::outcome::{CheckError, Outcome};

    struct Noop;

    #[async_trait::async_trait]
    impl Check for Noop {
        async fn run(&self, _: &CheckCtx) -> Result<Outcome, CheckError> {
            Ok(Outcome::from_findings("things", vec![]))
        }
    }

    const fn meta(
        id: &'static str,
        file: &'static str,
        tags: &'static [&'static str],
    ) -> CheckMeta {
        CheckMeta {
            id,
            title: "t",
            category: Category::Security,
            severity: Severity::Low,
            scope: crate::meta::Scope::Regional,
            presence: crate::meta::Presence::NotJudged,
            facts: &[],
            tags,
            params: &[],
            docs: "",
            file,
            line: 7,
        }
    }

    static A: CheckMeta = meta("security.a", "team_a/src/a.rs", &["quick"]);
    static A_AGAIN: CheckMeta = meta("security.a", "team_b/src/a.rs", &[]);
    static B: CheckMeta = meta("security.b", "b.rs", &[]);
    static REG_A: CheckRegistration = CheckRegistration {
        meta: &A,
        build: || Box::new(Noop),
    };
    static REG_A_AGAIN: CheckRegistration = CheckRegistration {
        meta: &A_AGAIN,
        build: || Box::new(Noop),
    };
    static REG_B: CheckRegistration = CheckRegistration {
        meta: &B,
        build: || Box::new(Noop),
    };

    #[test]
    fn duplicate_ids_from_any_crate_are_an_error_naming_both() {
        let err = Registry::from_registrations([&REG_A, &REG_B, &REG_A_AGAIN])
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "check id `security.a` is registered twice: at team_a/src/a.rs:7 and at team_b/src/a.rs:7"
            )
        );
    }

    #[test]
    fn selection_narrows_by_kind_and_rejects_unknown_ids() {
        let registry = Registry::from_registrations([&REG_B, &REG_A]).unwrap();
        let ids = |s: &Selection| {
            registry
                .select(s)
                .unwrap()
                .iter()
                .map(|r| r.meta.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ids(&Selection::default()),
            ["security.a", "security.b"],
            "sorted by id"
        );
        let quick = Selection {
            tags: vec!["quick".into()],
            ..Selection::default()
        };
        assert_eq!(ids(&quick), ["security.a"]);
        let none = Selection {
            tags: vec!["quick".into()],
            ids: vec!["security.b".into()],
            ..Selection::default()
        };
        assert!(
            ids(&none).is_empty(),
            "filters of different kinds intersect"
        );
        let within = Selection {
            within: Some(vec!["security.b".into()]),
            ..Selection::default()
        };
        assert_eq!(ids(&within), ["security.b"]);
        let unknown = Selection {
            ids: vec!["security.zzz".into()],
            ..Selection::default()
        };
        assert_eq!(
            registry.select(&unknown).err().map(|e| e.0),
            Some("security.zzz".to_owned())
        );
    }
}

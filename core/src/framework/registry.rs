//! Every framework linked into this binary, from any crate.

use std::collections::BTreeMap;

use super::model::{Framework, FrameworkError};

/// What [`declare_framework!`](crate::declare_framework) submits to `inventory`.
pub struct FrameworkRegistration {
    /// The framework file's text.
    pub text: &'static str,
    /// Its path, for errors.
    pub origin: &'static str,
}

inventory::collect!(FrameworkRegistration);

/// Registers a framework file (a path relative to the crate's manifest), embedded at build
/// time: `declare_framework!("frameworks/cis-aws-7.0.toml");`.
#[macro_export]
macro_rules! declare_framework {
    ($path:literal) => {
        $crate::inventory::submit! {
            $crate::framework::FrameworkRegistration {
                text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $path)),
                origin: concat!(env!("CARGO_PKG_NAME"), "/", $path),
            }
        }
    };
}

/// The frameworks, by id.
#[derive(Debug, Default)]
pub struct Frameworks {
    by_id: BTreeMap<String, (Framework, &'static str)>,
}

impl Frameworks {
    /// From framework files; a broken file or two frameworks with one id is an error naming
    /// the files.
    pub fn from_registrations(
        registrations: impl IntoIterator<Item = &'static FrameworkRegistration>,
    ) -> Result<Self, FrameworkError> {
        let mut by_id = BTreeMap::new();
        for registration in registrations {
            let framework = Framework::parse(registration.text, registration.origin)?;
            let id = framework.id.clone();
            if let Some((_, first)) = by_id.insert(id.clone(), (framework, registration.origin)) {
                let (mut first, mut second) = (first.to_owned(), registration.origin.to_owned());
                if first > second {
                    std::mem::swap(&mut first, &mut second);
                }
                return Err(FrameworkError::Duplicate { id, first, second });
            }
        }
        Ok(Self { by_id })
    }

    /// The framework with this id.
    pub fn get(&self, id: &str) -> Option<&Framework> {
        self.by_id.get(id).map(|(f, _)| f)
    }

    /// Every framework, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Framework> {
        self.by_id.values().map(|(f, _)| f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static A: FrameworkRegistration = FrameworkRegistration {
        text: "id = \"x\"\ntitle = \"X\"\nversion = \"1\"\nsource = \"s\"\nrequirements = []\n",
        origin: "a/x.toml",
    };
    static B: FrameworkRegistration = FrameworkRegistration {
        text: "id = \"x\"\ntitle = \"X again\"\nversion = \"1\"\nsource = \"s\"\nrequirements = []\n",
        origin: "b/x.toml",
    };
    static BROKEN: FrameworkRegistration = FrameworkRegistration {
        text: "id = \"y\"\ntitle = \"Y\"\nversion = \"1\"\nsource = \"s\"\nrequirements = []\nlevel = 3\n",
        origin: "c/y.toml",
    };

    #[test]
    fn two_frameworks_with_one_id_name_both_files() {
        let err = Frameworks::from_registrations([&A, &B]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "framework id `x` is registered twice: by a/x.toml and by b/x.toml"
        );
    }

    #[test]
    fn a_broken_file_names_its_line_and_column() {
        let err = Frameworks::from_registrations([&BROKEN]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("c/y.toml:6:1: not a framework: unknown field `level`"),
            "{err}"
        );
    }
}

//! Places in configuration text: the line and column of a byte offset, and the error that
//! names its file, line and column (`gonogo.toml:12:5: …`). Every reader of a TOML file the
//! user wrote (policy, accounts file, framework) reports its mistakes through these.

use std::fmt;

/// A configuration file (a policy, an accounts file, a framework) that could not be read or
/// is not valid, with the place of the mistake.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    /// The file (or `<built-in>`).
    pub origin: String,
    /// 1-based line and column, when the error has a place.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.origin, self.message),
            None => write!(f, "{}: {}", self.origin, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Where something is written: a file, and the line and column when known.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// The file.
    pub origin: String,
    /// 1-based line and column.
    pub position: Option<(usize, usize)>,
}

impl Place {
    /// The error `message` at this place.
    pub fn error(&self, message: impl Into<String>) -> ConfigError {
        ConfigError {
            origin: self.origin.clone(),
            position: self.position,
            message: message.into(),
        }
    }
}

/// The 1-based line and column of a byte offset in `text`, for file:line:column errors.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

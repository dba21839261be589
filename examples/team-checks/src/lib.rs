//! A team's own gonogo checks, in a crate of its own.
//!
//! Each check is one file with `declare_check!` and an `impl Check`, exactly like the built-in
//! ones; it reads the built-in facts (or facts of its own). The team's binary (`src/main.rs`)
//! links this crate and runs the whole gonogo CLI. Its go-live standard is a framework file,
//! registered the same way.

mod alarm_naming;
mod queue_naming;
mod release_note;

// The team's go-live standard: a framework of built-in and team checks.
gonogo_core::declare_framework!("frameworks/acme-go-live.toml");

/// Makes sure a binary links this crate and so registers its checks.
pub fn link() {}

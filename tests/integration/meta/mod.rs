//! What the binary is made of: the registered catalogue and its reference page, the
//! frameworks and their coverage, and a team's own crate of checks beside the built-in ones.

mod framework_mix;
pub(crate) mod frameworks;
pub(crate) mod registry;
mod team;

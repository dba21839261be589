//! One report from the reports of separate runs: `gonogo merge`, and a many-account audit in
//! one run (which builds one report per account and merges them the same way).
//!
//! Reports of one account that cover disjoint regions are combined first, as a multi-region
//! run of that account would have been ([`regions`]); the accounts are then one fleet
//! ([`fleet`]).

mod fleet;
mod regions;

pub use fleet::{MergeError, merge, merge_labelled, merge_labelled_with_parts};

//! One report from the reports of separate runs: `gonogo merge`, and a many-account audit in
//! one run (which builds one report per account and merges them the same way).
//!
//! Reports of one account that cover disjoint regions are combined first, as a multi-region
//! run of that account would have been ([`regions`]); the accounts are then one fleet
//! ([`fleet`]). Every report is first judged again from its checks ([`verify`]): a stored
//! verdict that does not follow from them is refused.

mod fleet;
mod regions;
mod verify;

pub use fleet::{MergeError, merge, merge_labelled, merge_labelled_with_parts};

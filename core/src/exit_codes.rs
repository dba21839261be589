//! Every exit code gonogo has, one name each: what an audit decides, what a deploy or a
//! rollback did, and what stops either before or while it runs.
//!
//! | code | audit, merge | deploy | rollback |
//! |---|---|---|---|
//! | 0 | GO | deployed | everything undone (or nothing to undo) |
//! | 1 | CONDITIONAL GO | | |
//! | 2 | NO-GO | stopped at a gate before any change; a dry run whose plan failed | |
//! | 3 | could not audit: bad usage or configuration, interrupted, AWS unreachable, a report not written | bad usage or configuration | bad usage or configuration |
//! | 4 | | failed, every change rolled back | |
//! | 5 | | failed, the rollback incomplete | something left undone |

/// GO; a deploy that deployed; a rollback with nothing left undone.
pub const GO: i32 = 0;
/// CONDITIONAL GO.
pub const CONDITIONAL: i32 = 1;
/// NO-GO; a deploy stopped at a gate before any change.
pub const NO_GO: i32 = 2;
/// Could not be done, or not finished: bad usage or configuration, interrupted, AWS
/// unreachable, a report that could not be written.
pub const INCOMPLETE: i32 = 3;
/// A deploy failed, and every change was rolled back.
pub const ROLLED_BACK: i32 = 4;
/// A deploy failed and its rollback did not complete; or a rollback left something undone.
pub const ROLLBACK_INCOMPLETE: i32 = 5;

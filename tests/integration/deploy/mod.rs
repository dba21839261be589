//! `gonogo deploy` and `gonogo rollback`: the journaled pipeline, its gates, validation and
//! watch after the change, and rollback.

mod pipeline;
mod post_deploy;
mod terraform;

//! Operations checks: failures have somewhere to go.

mod sqs_dead_letter;

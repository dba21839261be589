//! Infrastructure checks: the account and its resources exist and work.

mod credentials;
mod sqs_queues;

//! Times the SDK returns, as the facts keep them.

use chrono::{DateTime, Utc};

/// An SDK timestamp in UTC (`None` for one chrono cannot hold).
pub fn utc(time: &aws_smithy_types::DateTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(time.secs(), time.subsec_nanos())
}

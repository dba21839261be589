//! What every check file needs.

pub(crate) use gonogo_core::{
    Check, CheckCtx, CheckError, Finding, Outcome, Property, async_trait, declare_check,
};

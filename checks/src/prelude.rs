//! What every check file needs.

pub(crate) use gonogo_core::{
    Check, CheckCtx, CheckError, Finding, Outcome, async_trait, declare_check,
};

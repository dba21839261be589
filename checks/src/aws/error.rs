//! SDK errors as fact errors, with their whole cause chain.

use aws_smithy_types::error::display::DisplayErrorContext;
use gonogo_core::FactError;

/// A failed collection of `fact` caused by an SDK error.
pub fn sdk_error(fact: &'static str, err: impl std::error::Error) -> FactError {
    FactError::failed(fact, DisplayErrorContext(err).to_string())
}

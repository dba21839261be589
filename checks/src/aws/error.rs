//! SDK errors as fact errors: the cause chain, one short line.

use gonogo_core::FactError;

/// A failed collection of `fact` caused by an SDK error. The message is the chain of causes'
/// `Display` texts (never their `Debug`, which carries the raw HTTP response).
pub fn sdk_error(fact: &'static str, err: impl std::error::Error) -> FactError {
    FactError::failed(fact, cause_chain(&err))
}

/// The `Display` texts of an error and its sources, repeated texts once, joined by `: `.
pub fn cause_chain(err: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(err);
    while let Some(err) = next {
        let text = err.to_string();
        if parts.last() != Some(&text) {
            parts.push(text);
        }
        next = err.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("service error")]
    struct Outer(#[source] Inner);

    #[derive(Debug, thiserror::Error)]
    #[error("AccessDenied: not authorized")]
    struct Inner;

    #[test]
    fn message_is_the_display_chain() {
        assert_eq!(
            sdk_error("x", Outer(Inner)).to_string(),
            "failed to collect x: service error: AccessDenied: not authorized"
        );
    }
}

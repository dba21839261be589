//! "Each resource holds or not": the shape of most per-resource checks (is it encrypted, is it
//! protected from deletion, does it rotate), in one place with one rule for a value AWS did
//! not report.
//!
//! The rule: **a resource whose value was not reported fails**, and says so ("db-1 does not
//! report storage encryption"). Not knowing that a resource holds is not knowing that it is
//! safe: a pass would be a pass over something unknown, and a warning would let an account
//! whose state nobody read reach a CONDITIONAL GO. A finding has no "unknown" status, and an
//! `error` is for a check that could not decide at all; the failing finding names the one
//! resource and why, so a waiver or a fix can target it.

use crate::outcome::Finding;

/// A property every resource of a check must have, as its findings word it:
/// `<name> <holds>`, `<name> <lacks>`, `<name> does not report <named>`.
#[derive(Clone, Copy, Debug)]
pub struct Property {
    /// The resources, plural ("DB instances"): "not applicable: no DB instances in …".
    pub noun: &'static str,
    /// What follows the resource's name when it holds ("storage is encrypted").
    pub holds: &'static str,
    /// What follows the name when it does not ("storage is not encrypted").
    pub lacks: &'static str,
    /// The property, after "does not report" ("storage encryption").
    pub named: &'static str,
}

impl Property {
    /// The finding of `resource` (its ARN), called `name`, whose value AWS reported as
    /// `value` (`None`: not reported, which fails).
    pub fn finding(&self, resource: &str, name: &str, value: Option<bool>) -> Finding {
        match value {
            Some(true) => Finding::pass(resource, format!("{name} {}", self.holds)),
            Some(false) => Finding::fail(resource, format!("{name} {}", self.lacks)),
            None => Finding::fail(resource, format!("{name} does not report {}", self.named)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Status;

    const ENCRYPTED: Property = Property {
        noun: "volumes",
        holds: "is encrypted",
        lacks: "is not encrypted",
        named: "encryption",
    };

    #[test]
    fn holds_passes_lacks_fails_and_unreported_fails_saying_so() {
        let pass = ENCRYPTED.finding("arn:v-1", "v-1", Some(true));
        let fail = ENCRYPTED.finding("arn:v-2", "v-2", Some(false));
        let unknown = ENCRYPTED.finding("arn:v-3", "v-3", None);
        assert_eq!(
            (pass.status, pass.message.as_str()),
            (Status::Pass, "v-1 is encrypted")
        );
        assert_eq!(
            (fail.status, fail.message.as_str()),
            (Status::Fail, "v-2 is not encrypted")
        );
        assert_eq!(
            (unknown.status, unknown.message.as_str()),
            (Status::Fail, "v-3 does not report encryption")
        );
        assert_eq!(unknown.resource, "arn:v-3");
    }
}

//! Worst first: one result from one check's results in several places.
//!
//! A multi-region run combines a check's regions, `gonogo merge` combines region shards of one
//! account and then the accounts of a fleet. All three go through [`worst_first`], so a place
//! that could not be read is never hidden by one that passed, and the three agree by
//! construction: error over fail over warn over waived over pass over skip ([`Status::badness`]).

use crate::outcome::{Status, quote_messages};

/// A check's result in one place (a region, a shard, an account), as combining needs it.
pub trait Part: Sized {
    /// Its status.
    fn status(&self) -> Status;
    /// Its one-line message.
    fn message(&self) -> &str;
    /// Takes in another place's result of the same check: its findings, and whatever else
    /// adds up (the longer duration, the higher severity).
    fn absorb(&mut self, other: Self);
    /// Sets the combined status and message.
    fn set_result(&mut self, status: Status, message: String);
}

/// Combines one check's `parts`, each labelled with its place, in the order given: the worst
/// status; a message quoting the worst places (at most `max_quoted`, then "(+N more
/// <noun>)"), each as `place: message` unless the message names its place already; every
/// part's findings. One part is returned as it is.
pub fn worst_first<P: Part>(parts: Vec<(String, P)>, max_quoted: usize, noun: &str) -> Option<P> {
    let worst = parts
        .iter()
        .map(|(_, part)| part.status())
        .max_by_key(|status| status.badness())?;
    if parts.len() == 1 {
        return parts.into_iter().next().map(|(_, part)| part);
    }
    let quoted: Vec<String> = parts
        .iter()
        .filter(|(_, part)| part.status() == worst)
        .map(|(place, part)| {
            // "not applicable: no queues in eu-west-1" names its place already.
            if place.is_empty() || part.message().contains(place.as_str()) {
                part.message().to_owned()
            } else {
                format!("{place}: {}", part.message())
            }
        })
        .collect();
    let message = quote_messages(&quoted, max_quoted, noun);
    let mut parts = parts.into_iter().map(|(_, part)| part);
    let mut combined = parts.next()?;
    for part in parts {
        combined.absorb(part);
    }
    combined.set_result(worst, message);
    Some(combined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Seen {
        status: Status,
        message: String,
        findings: Vec<&'static str>,
    }

    impl Part for Seen {
        fn status(&self) -> Status {
            self.status
        }
        fn message(&self) -> &str {
            &self.message
        }
        fn absorb(&mut self, other: Self) {
            self.findings.extend(other.findings);
        }
        fn set_result(&mut self, status: Status, message: String) {
            self.status = status;
            self.message = message;
        }
    }

    fn seen(status: Status, message: &str, finding: &'static str) -> Seen {
        Seen {
            status,
            message: message.to_owned(),
            findings: vec![finding],
        }
    }

    #[test]
    fn the_worst_places_are_quoted_and_every_finding_kept() {
        let combined = worst_first(
            vec![
                ("a".to_owned(), seen(Status::Pass, "fine", "1")),
                ("b".to_owned(), seen(Status::Fail, "down", "2")),
                ("c".to_owned(), seen(Status::Fail, "down in c", "3")),
                ("d".to_owned(), seen(Status::Skip, "nothing", "4")),
            ],
            1,
            "regions",
        );
        assert_eq!(
            combined,
            Some(Seen {
                status: Status::Fail,
                message: "b: down (+1 more regions)".to_owned(),
                findings: vec!["1", "2", "3", "4"],
            })
        );
    }

    #[test]
    fn one_part_is_kept_as_it_is_and_none_is_nothing() {
        let one = worst_first(vec![("a".to_owned(), seen(Status::Warn, "w", "1"))], 3, "x");
        assert_eq!(one, Some(seen(Status::Warn, "w", "1")));
        assert_eq!(worst_first::<Seen>(Vec::new(), 3, "x"), None);
    }
}

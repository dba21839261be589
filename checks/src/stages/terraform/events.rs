//! What Terraform said it did: the machine-readable lines of `apply -json` (one JSON object
//! per line, `type` `apply_start`, `apply_complete`, `diagnostic`, …) and the diagnostics of
//! its human output.

use serde_json::Value;

/// What an apply reported, in the order it reported it.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Applied {
    /// Each resource action started: address and action (`create`, `update`, `delete`,
    /// `replace`), once per pair.
    pub started: Vec<(String, String)>,
    /// Each resource action completed: address and action.
    pub completed: Vec<(String, String)>,
}

impl Applied {
    /// Reads the lines of an `apply -json` log; lines that are not Terraform's events (its
    /// standard error) are passed over.
    pub(crate) fn read<'a>(lines: impl IntoIterator<Item = &'a str>) -> Self {
        let mut applied = Self::default();
        for line in lines {
            let Ok(event) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let list = match event["type"].as_str() {
                Some("apply_start") => &mut applied.started,
                Some("apply_complete") => &mut applied.completed,
                _ => continue,
            };
            let hook = &event["hook"];
            if let (Some(address), Some(action)) =
                (hook["resource"]["addr"].as_str(), hook["action"].as_str())
            {
                let pair = (address.to_owned(), action.to_owned());
                if !list.contains(&pair) {
                    list.push(pair);
                }
            }
        }
        applied
    }

    /// Whether the apply finished creating `address`.
    pub(crate) fn created(&self, address: &str) -> bool {
        self.completed
            .iter()
            .any(|(a, action)| a == address && action == "create")
    }

    /// One line per completed action: `created aws_dynamodb_table.carts`.
    pub(crate) fn lines(&self) -> Vec<String> {
        self.completed
            .iter()
            .map(|(address, action)| {
                let done = match action.as_str() {
                    "create" => "created",
                    "update" => "updated",
                    "delete" => "deleted",
                    "replace" => "replaced",
                    other => other,
                };
                format!("{done} {address}")
            })
            .collect()
    }
}

/// How a line of `apply -json` is shown to a person: its `@message` (`aws_dynamodb_table.a:
/// Creating...`); a line that is not an event is shown as it is.
pub(crate) fn message(line: &str) -> Option<String> {
    match serde_json::from_str::<Value>(line) {
        Ok(event) => event["@message"].as_str().map(str::to_owned),
        Err(_) => Some(line.to_owned()),
    }
}

/// The errors a failed Terraform command gave, in a sentence each: the `diagnostic` events of
/// `-json` output ("Saved plan is stale: The given plan file …"), else the human output from
/// its first `Error:` line (where the state lock's holder is named), else its last lines.
pub(crate) fn errors(lines: &[String]) -> String {
    let diagnostics: Vec<String> = lines
        .iter()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|event| event["type"] == "diagnostic" && event["@level"] == "error")
        .map(|event| {
            let diagnostic = &event["diagnostic"];
            let summary = diagnostic["summary"].as_str().unwrap_or_default();
            match diagnostic["detail"].as_str() {
                Some(detail) if !detail.is_empty() => format!("{summary}: {detail}"),
                _ => summary.to_owned(),
            }
        })
        .collect();
    if !diagnostics.is_empty() {
        return diagnostics.join("; ");
    }
    let text: Vec<&str> = match lines
        .iter()
        .position(|l| l.trim_start().starts_with("Error:"))
    {
        Some(first) => lines[first..].iter().map(|l| l.trim_end()).collect(),
        None => lines[lines.len().saturating_sub(5)..]
            .iter()
            .map(|l| l.trim_end())
            .collect(),
    };
    let text: Vec<&str> = text.into_iter().filter(|l| !l.trim().is_empty()).collect();
    text.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of `terraform apply -json` as Terraform 1.11 writes them (a replace is a delete
    /// then a create of the same address).
    const LOG: &str = r#"{"@level":"info","@message":"Terraform 1.11.4","type":"version"}
{"@level":"info","@message":"aws_dynamodb_table.b: Creating...","hook":{"resource":{"addr":"aws_dynamodb_table.b"},"action":"create"},"type":"apply_start"}
{"@level":"info","@message":"aws_dynamodb_table.a: Destroying...","hook":{"resource":{"addr":"aws_dynamodb_table.a"},"action":"delete"},"type":"apply_start"}
{"@level":"info","@message":"aws_dynamodb_table.b: Creation complete after 0s [id=b]","hook":{"resource":{"addr":"aws_dynamodb_table.b"},"action":"create","id_key":"id","id_value":"b"},"type":"apply_complete"}
{"@level":"info","@message":"aws_dynamodb_table.a: Destruction complete after 0s","hook":{"resource":{"addr":"aws_dynamodb_table.a"},"action":"delete"},"type":"apply_complete"}
{"@level":"info","@message":"aws_dynamodb_table.a: Creating...","hook":{"resource":{"addr":"aws_dynamodb_table.a"},"action":"create"},"type":"apply_start"}
some line of standard error
{"@level":"error","@message":"Error: creating table","diagnostic":{"severity":"error","summary":"creating table","detail":"ResourceInUseException"},"type":"diagnostic"}"#;

    #[test]
    fn an_apply_log_says_what_started_and_what_completed() {
        let applied = Applied::read(LOG.lines());
        assert_eq!(
            applied.started,
            [
                ("aws_dynamodb_table.b".to_owned(), "create".to_owned()),
                ("aws_dynamodb_table.a".to_owned(), "delete".to_owned()),
                ("aws_dynamodb_table.a".to_owned(), "create".to_owned()),
            ]
        );
        assert_eq!(
            applied.lines(),
            [
                "created aws_dynamodb_table.b",
                "deleted aws_dynamodb_table.a"
            ]
        );
        assert!(applied.created("aws_dynamodb_table.b"));
        assert!(
            !applied.created("aws_dynamodb_table.a"),
            "its create started, and did not complete"
        );
    }

    #[test]
    fn errors_come_from_diagnostics_or_from_the_first_error_line() {
        let lines: Vec<String> = LOG.lines().map(str::to_owned).collect();
        assert_eq!(errors(&lines), "creating table: ResourceInUseException");
        let locked: Vec<String> = [
            "Acquiring state lock. This may take a few moments...",
            "",
            "Error: Error acquiring the state lock",
            "",
            "Lock Info:",
            "  Who:       ci@runner-7",
        ]
        .iter()
        .map(|l| (*l).to_owned())
        .collect();
        assert_eq!(
            errors(&locked),
            "Error: Error acquiring the state lock\nLock Info:\n  Who:       ci@runner-7"
        );
    }

    #[test]
    fn events_are_shown_as_their_message() {
        assert_eq!(
            message(r#"{"@message":"aws_dynamodb_table.b: Creating...","type":"apply_start"}"#),
            Some("aws_dynamodb_table.b: Creating...".to_owned())
        );
        assert_eq!(message("plain"), Some("plain".to_owned()));
    }
}

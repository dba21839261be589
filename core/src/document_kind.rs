//! What a file is, when it is not what a command expected: a snapshot given as a report, a
//! report given as a policy. Each error then says what the file is and which flag takes it,
//! instead of the first field a parser missed.

/// The kinds of document gonogo (and Terraform) write, told apart by their top-level keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    /// `gonogo snapshot`'s facts.
    Snapshot,
    /// A gonogo JSON report.
    Report,
    /// A deploy journal.
    Journal,
    /// `terraform show -json` of a plan.
    TerraformPlan,
    /// `terraform show -json` of a state.
    TerraformState,
    /// A gonogo policy (TOML).
    Policy,
}

impl DocumentKind {
    /// What it is, and what takes it: "a gonogo snapshot (give it to --snapshot)".
    pub fn described(self) -> &'static str {
        match self {
            DocumentKind::Snapshot => "a gonogo snapshot (`gonogo audit --snapshot` reads it)",
            DocumentKind::Report => "a gonogo report (`--baseline` and `gonogo merge` read it)",
            DocumentKind::Journal => "a deploy journal (`gonogo rollback --run` reads it)",
            DocumentKind::TerraformPlan => {
                "a Terraform plan's JSON (`gonogo audit --plan` reads it)"
            }
            DocumentKind::TerraformState => {
                "a Terraform state's JSON, not a plan (`terraform show -json tfplan` prints the plan)"
            }
            DocumentKind::Policy => "a gonogo policy (`--policy` reads it)",
        }
    }

    /// The kind of `text`, when it is one of these.
    pub fn of(text: &str) -> Option<Self> {
        let trimmed = text.trim_start();
        if !trimmed.starts_with('{') {
            let policy = toml::from_str::<toml::Table>(text).ok()?;
            let keys = ["checks", "scoring", "waivers", "stages", "frameworks"];
            return keys
                .iter()
                .any(|k| policy.contains_key(*k))
                .then_some(DocumentKind::Policy);
        }
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        let has = |key: &str| value.get(key).is_some();
        if has("snapshot_version") && has("facts") {
            Some(DocumentKind::Snapshot)
        } else if has("schema_version") && has("verdict") {
            Some(DocumentKind::Report)
        } else if has("journal_version") && has("stages") {
            Some(DocumentKind::Journal)
        } else if has("planned_values") && has("format_version") {
            Some(DocumentKind::TerraformPlan)
        } else if has("format_version") && has("terraform_version") {
            Some(DocumentKind::TerraformState)
        } else {
            None
        }
    }
}

/// The error of a reader that expected `expected` and got a known document of another kind:
/// "this is a gonogo snapshot (…), not a report" (the reader names the file); `None` when
/// the text is none of them or is of the expected kind (the reader's own error then says what
/// is wrong).
pub fn wrong_kind(text: &str, expected: DocumentKind) -> Option<String> {
    let kind = DocumentKind::of(text)?;
    if kind == expected {
        return None;
    }
    let wanted = match expected {
        DocumentKind::Snapshot => "a snapshot",
        DocumentKind::Report => "a report",
        DocumentKind::Journal => "a journal",
        DocumentKind::TerraformPlan => "a plan",
        DocumentKind::TerraformState => "a state",
        DocumentKind::Policy => "a policy",
    };
    Some(format!("this is {}, not {wanted}", kind.described()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_told_by_its_keys() {
        let cases = [
            (
                r#"{"snapshot_version": 1, "facts": {}}"#,
                Some(DocumentKind::Snapshot),
            ),
            (
                r#"{"schema_version": 1, "verdict": "GO"}"#,
                Some(DocumentKind::Report),
            ),
            (
                r#"{"journal_version": 1, "stages": []}"#,
                Some(DocumentKind::Journal),
            ),
            (
                r#"{"format_version": "1.2", "planned_values": {}}"#,
                Some(DocumentKind::TerraformPlan),
            ),
            (
                r#"{"format_version": "1.0", "terraform_version": "1.11.4"}"#,
                Some(DocumentKind::TerraformState),
            ),
            ("[scoring]\ngo_score = 90\n", Some(DocumentKind::Policy)),
            (r#"{"something": "else"}"#, None),
            ("not json, not toml = = =", None),
        ];
        for (text, kind) in cases {
            assert_eq!(DocumentKind::of(text), kind, "{text}");
        }
    }

    #[test]
    fn a_snapshot_given_as_a_report_says_what_it_is() {
        assert_eq!(
            wrong_kind(
                r#"{"snapshot_version": 1, "facts": {}}"#,
                DocumentKind::Report
            )
            .as_deref(),
            Some("this is a gonogo snapshot (`gonogo audit --snapshot` reads it), not a report")
        );
        assert_eq!(
            wrong_kind(
                r#"{"schema_version": 1, "verdict": "GO"}"#,
                DocumentKind::Report
            ),
            None
        );
    }
}

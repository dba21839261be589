//! "Did you mean": the known ids nearest to one a user typed, for every "unknown check",
//! "unknown framework" and "unknown stage kind".

/// How alike two ids must be (Jaro-Winkler, 0 to 1) to be suggested.
const ALIKE: f64 = 0.85;

/// Suggestions at most.
const SUGGESTED: usize = 3;

/// ` (did you mean `security.root-mfa`?)` for the ids of `known` nearest to `unknown`: one
/// whose part after the category is what was typed (`root-mfa`), then the most alike; empty
/// when none is near.
pub fn did_you_mean<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let typed = unknown.to_lowercase();
    // Ids are `category.name`: names are compared with names, so that a shared category
    // does not make `security.rootmfa` look like `security.kms-rotation`.
    let (typed_category, typed_name) = category_and_name(&typed);
    let mut near: Vec<(f64, &str)> = known
        .into_iter()
        .filter_map(|id| {
            let lower = id.to_lowercase();
            let (category, name) = category_and_name(&lower);
            if !typed_category.is_empty() && !category.is_empty() && typed_category != category {
                let whole = strsim::jaro_winkler(&typed, &lower);
                return (whole >= ALIKE).then_some((whole, id));
            }
            let score = if name == typed_name || lower == typed {
                2.0
            } else if !typed_name.is_empty()
                && (name.contains(typed_name) || typed_name.contains(name))
            {
                1.0 + strsim::jaro_winkler(typed_name, name)
            } else {
                strsim::jaro_winkler(typed_name, name)
            };
            (score >= ALIKE).then_some((score, id))
        })
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let names: Vec<String> = near
        .iter()
        .take(SUGGESTED)
        .map(|(_, id)| format!("`{id}`"))
        .collect();
    match names.len() {
        0 => String::new(),
        1 => format!(" (did you mean {}?)", names[0]),
        _ => format!(" (did you mean one of {}?)", names.join(", ")),
    }
}

/// A check id's category and name (`security`, `root-mfa`); other ids (a framework's
/// `cis-aws-7.0`) are all name.
fn category_and_name(id: &str) -> (&str, &str) {
    match id.split_once('.') {
        Some((category, name)) if category.chars().all(|c| c.is_ascii_lowercase()) => {
            (category, name)
        }
        _ => ("", id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 5] = [
        "security.root-mfa",
        "security.root-access-keys",
        "security.console-users-mfa",
        "monitoring.cloudtrail-enabled",
        "cost.budget-exists",
    ];

    #[test]
    fn a_check_named_without_its_category_is_found() {
        assert_eq!(
            did_you_mean("root-mfa", IDS),
            " (did you mean `security.root-mfa`?)"
        );
    }

    #[test]
    fn a_typo_gets_the_nearest_ids() {
        assert_eq!(
            did_you_mean("monitoring.cloudtrial-enabled", IDS),
            " (did you mean `monitoring.cloudtrail-enabled`?)"
        );
        assert_eq!(
            did_you_mean("teraform", ["terraform", "command"]),
            " (did you mean `terraform`?)"
        );
    }

    #[test]
    fn names_are_compared_with_names() {
        assert_eq!(
            did_you_mean("security.rootmfa", IDS),
            " (did you mean `security.root-mfa`?)"
        );
    }

    #[test]
    fn a_framework_id_is_not_split_at_its_version() {
        assert_eq!(
            did_you_mean("cis-aws-7", ["cis-aws-7.0", "fsbp"]),
            " (did you mean `cis-aws-7.0`?)"
        );
    }

    #[test]
    fn nothing_near_suggests_nothing() {
        assert_eq!(did_you_mean("xyz", IDS), "");
    }
}

//! The accounts file (`--accounts FILE`) and its shards (`--shard I/N`).
//!
//! ```toml
//! [[accounts]]
//! id = "111111111111"
//! role_arn = "arn:aws:iam::111111111111:role/gonogo-audit"
//! external_id = "optional"
//! name = "prod"            # optional, shown in reports
//!
//! [[accounts]]
//! id = "222222222222"      # no role: the scanner's own credentials, which must be its
//! ```

use std::ops::Range;
use std::path::Path;

use gonogo_checks::fleet::AccountTarget;
use gonogo_core::input::{MAX_CONFIG_BYTES, read_text};
use gonogo_core::span::{ConfigError, line_column};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::request::Shard;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    accounts: Vec<RawAccount>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccount {
    id: Spanned<String>,
    role_arn: Option<Spanned<String>>,
    external_id: Option<String>,
    name: Option<String>,
}

/// Reads and validates an accounts file: 12-digit ids, each once, each role in its account.
pub fn load(path: &Path) -> Result<Vec<AccountTarget>, ConfigError> {
    let origin = path.display().to_string();
    let text = read_text(path, MAX_CONFIG_BYTES).map_err(|err| ConfigError {
        origin: origin.clone(),
        position: None,
        message: format!("failed to read the accounts file: {err}"),
    })?;
    parse(&text, &origin)
}

/// Parses accounts-file text; `origin` names it in errors.
pub fn parse(text: &str, origin: &str) -> Result<Vec<AccountTarget>, ConfigError> {
    let at = |span: Option<Range<usize>>, message: String| ConfigError {
        origin: origin.to_owned(),
        position: span.map(|s| line_column(text, s.start)),
        message,
    };
    let raw: RawFile =
        toml::from_str(text).map_err(|err| at(err.span(), err.message().to_owned()))?;
    if raw.accounts.is_empty() {
        return Err(at(None, "no [[accounts]] in the file".to_owned()));
    }
    let mut accounts: Vec<AccountTarget> = Vec::new();
    for account in raw.accounts {
        let id = account.id.get_ref();
        if id.len() != 12 || !id.chars().all(|c| c.is_ascii_digit()) {
            return Err(at(
                Some(account.id.span()),
                format!("`{id}` is not a 12-digit account id"),
            ));
        }
        if accounts.iter().any(|a| &a.account_id == id) {
            return Err(at(
                Some(account.id.span()),
                format!("account {id} is listed twice"),
            ));
        }
        if let Some(role_arn) = &account.role_arn {
            let role = role_arn.get_ref();
            let role_account = role_account(role).ok_or_else(|| {
                at(
                    Some(role_arn.span()),
                    format!("`{role}` is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)"),
                )
            })?;
            if role_account != id {
                return Err(at(
                    Some(role_arn.span()),
                    format!("the role is in account {role_account}, not in account {id}"),
                ));
            }
        }
        accounts.push(AccountTarget {
            account_id: id.clone(),
            role_arn: account.role_arn.map(Spanned::into_inner),
            external_id: account.external_id,
            name: account.name,
        });
    }
    Ok(accounts)
}

#[derive(Serialize)]
struct FileOut<'a> {
    accounts: Vec<AccountOut<'a>>,
}

#[derive(Serialize)]
struct AccountOut<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    role_arn: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

/// The accounts file of `targets`, which [`parse`] reads back; `left_out` become comments
/// at the top, one per account, with why.
pub fn render(
    targets: &[AccountTarget],
    left_out: &[gonogo_reports::UnauditedAccount],
) -> Result<String, toml::ser::Error> {
    let mut out = String::from("# gonogo accounts file (`gonogo audit --accounts FILE`).\n");
    for account in left_out {
        let label = account.label().replace(['\n', '\r'], " ");
        out.push_str(&format!("# not audited: {label}: {}\n", account.reason));
    }
    let file = FileOut {
        accounts: targets
            .iter()
            .map(|t| AccountOut {
                id: &t.account_id,
                role_arn: t.role_arn.as_deref(),
                external_id: t.external_id.as_deref(),
                name: t.name.as_deref(),
            })
            .collect(),
    };
    out.push('\n');
    out.push_str(&toml::to_string(&file)?);
    Ok(out)
}

/// The account an IAM role ARN is in, if it is one.
pub fn role_account(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    let (prefix, _partition, service, _region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let valid = prefix == "arn"
        && service == "iam"
        && account.len() == 12
        && account.chars().all(|c| c.is_ascii_digit())
        && resource.starts_with("role/");
    valid.then_some(account)
}

/// Shard `index` of `count`: the accounts sorted by id, every `count`-th from `index`. Each
/// account lands in exactly one shard, the same one on every machine reading the same file.
pub fn shard(mut accounts: Vec<AccountTarget>, shard: Shard) -> Vec<AccountTarget> {
    accounts.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    accounts
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % shard.count == shard.index)
        .map(|(_, a)| a)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
[[accounts]]
id = "333333333333"
role_arn = "arn:aws:iam::333333333333:role/audit"

[[accounts]]
id = "111111111111"
role_arn = "arn:aws:iam::111111111111:role/audit"
external_id = "x-1"
name = "prod"

[[accounts]]
id = "222222222222"
role_arn = "arn:aws:iam::222222222222:role/audit"
"#;

    #[test]
    fn reads_accounts_and_shards_cover_each_exactly_once() {
        let accounts = parse(FILE, "accounts.toml").unwrap();
        assert_eq!(accounts.len(), 3);
        assert_eq!(accounts[1].name.as_deref(), Some("prod"));
        assert_eq!(accounts[1].external_id.as_deref(), Some("x-1"));
        let mut seen: Vec<String> = (0..2)
            .flat_map(|index| shard(accounts.clone(), Shard { index, count: 2 }))
            .map(|a| a.account_id)
            .collect();
        seen.sort();
        assert_eq!(seen, ["111111111111", "222222222222", "333333333333"]);
        let first = shard(accounts.clone(), Shard { index: 0, count: 2 });
        assert_eq!(first, shard(accounts, Shard { index: 0, count: 2 }));
    }

    #[test]
    fn a_rendered_file_reads_back_the_same_accounts() {
        let mut accounts = parse(FILE, "accounts.toml").unwrap();
        accounts[0].role_arn = None;
        let left_out = [gonogo_reports::UnauditedAccount {
            account_id: "444444444444".to_owned(),
            name: Some("old\n[[accounts]]".to_owned()),
            reason: "SUSPENDED in the organization".to_owned(),
        }];
        let text = render(&accounts, &left_out).unwrap();
        assert!(
            text.contains("# not audited: old [[accounts]] (444444444444): SUSPENDED"),
            "{text}"
        );
        assert_eq!(parse(&text, "out.toml").unwrap(), accounts);
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let typo = "[[accounts]]\nid = \"111111111111\"\nrole = \"x\"\n";
        let err = parse(typo, "accounts.toml").unwrap_err().to_string();
        assert!(
            err.starts_with("accounts.toml:3:1: unknown field `role`"),
            "{err}"
        );

        let short =
            "[[accounts]]\nid = \"1234\"\nrole_arn = \"arn:aws:iam::123456789012:role/a\"\n";
        let err = parse(short, "a.toml").unwrap_err().to_string();
        assert_eq!(err, "a.toml:2:6: `1234` is not a 12-digit account id");

        let elsewhere = "[[accounts]]\nid = \"111111111111\"\nrole_arn = \"arn:aws:iam::222222222222:role/a\"\n";
        let err = parse(elsewhere, "a.toml").unwrap_err().to_string();
        assert_eq!(
            err,
            "a.toml:3:12: the role is in account 222222222222, not in account 111111111111"
        );
    }
}

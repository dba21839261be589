//! `gonogo policy init`: the default policy, commented, with every check's parameters.

use std::fmt::Write as _;

use crate::meta::ParamKind;
use crate::registry::Registry;

const HEADER: &str = r#"# gonogo policy. Every value below is the built-in default; uncomment to change it.
# Unknown keys are errors, so a typo never passes silently.

# Score (0-100) at or above which the verdict may be GO.
# go_score = 90
# Score under which the verdict is NO-GO.
# no_go_score = 60
# When `error` results carry more than this share (%) of the evaluated weight, the verdict is
# NO-GO whatever the score: too much unknown is not a GO.
# max_error_percent = 20
# Severities whose fail (or error) is NO-GO.
# blocking_severities = ["critical"]
# How an `error` counts: "like-fail" (blocks if the check blocks) or "block" (always NO-GO).
# errors = "like-fail"
# With `gonogo audit --baseline PREVIOUS.json`, which failures decide the verdict: "all", or
# "new" (only regressions: failures already in the baseline are shown but do not gate).
# gate_on = "all"
# Compliance frameworks whose requirement view every audit reports (see `gonogo frameworks`).
# frameworks = ["cis-aws-7.0"]

# Weight of each severity in the score.
# [weights]
# critical = 10
# high = 5
# medium = 3
# low = 1
# info = 0

# A waiver accepts a known risk: the check still runs and is listed as `waived`, but its
# matching findings count neither way. Expired waivers are ignored and named in the reasons.
# [[waivers]]
# check = "security.root-mfa"
# resource = "*"                 # glob over the finding's resource
# reason = "root MFA is enforced by the organization's SCP"
# owner = "platform-team"
# expires = 2026-12-31           # UTC date, inclusive
# ticket = "OPS-123"             # optional
"#;

/// The default policy as a commented TOML file: parsing it gives the built-in default.
pub fn default_policy_toml(registry: &Registry) -> String {
    let mut out = HEADER.to_owned();
    out.push_str("\n# Per-check settings: `enabled`, `severity`, and the check's parameters.\n");
    for registration in registry.iter() {
        let meta = registration.meta;
        let _ = write!(out, "\n# [checks.\"{}\"]    # {}\n", meta.id, meta.title);
        let _ = writeln!(out, "# enabled = true");
        let _ = writeln!(out, "# severity = \"{}\"", meta.severity);
        for param in meta.params {
            let (value, note) = match (param.default, param.kind) {
                ("", ParamKind::StringList) => ("[]", " (unset by default)"),
                ("", _) => ("\"<value>\"", " (unset by default)"),
                (default, _) => (default, ""),
            };
            let _ = writeln!(out, "# {} = {value}    # {}{note}", param.name, param.doc);
        }
    }
    out
}

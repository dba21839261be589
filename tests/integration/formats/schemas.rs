//! `gonogo schema policy|report`: the example policies (the README's, the default that
//! `policy init` writes) and real reports (one account, a framework view, a baseline, a
//! merged fleet) validate against the schemas; what the parser rejects, the policy schema
//! rejects too.

use gonogo_tests::Gonogo;
use serde_json::Value;

/// `gonogo schema KIND`, compiled.
/// The JSON report's schema is a contract (`schema_version: 1`): the schema gonogo generates
/// must equal the checked-in one, so a field renamed anywhere below the report (core's types
/// included) shows in this snapshot instead of slipping into version 1. The reports the tests
/// validate are validated against it.
#[test]
fn the_report_schema_is_the_checked_in_contract() {
    let out = Gonogo::new(None).run(&["schema", "report"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!("report_schema", String::from_utf8(out.stdout).unwrap());
}

fn validator(gonogo: &Gonogo, kind: &str) -> jsonschema::Validator {
    let out = gonogo.run(&["schema", kind]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::validator_for(&schema).unwrap()
}

/// TOML as a TOML language server hands it to JSON Schema: dates become strings.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

fn policy_json(text: &str) -> Value {
    toml_to_json(toml::Value::Table(toml::from_str(text).unwrap()))
}

/// Every ```toml block of the manual (the README and `docs/`).
fn manual_toml_blocks() -> Vec<String> {
    gonogo_tests::manual_pages()
        .into_iter()
        .flat_map(|(_, text)| {
            text.split("```toml\n")
                .skip(1)
                .filter_map(|rest| rest.split_once("```").map(|(block, _)| block.to_owned()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_example_policies_validate_and_what_the_parser_rejects_the_schema_rejects() {
    let gonogo = Gonogo::new(None);
    let schema = validator(&gonogo, "policy");
    let mut policies = 0;
    for block in manual_toml_blocks() {
        // The manual's accounts files are TOML too: only its policies are judged here.
        gonogo.file("candidate.toml", &block);
        if !gonogo
            .run(&["policy", "check", "candidate.toml"])
            .status
            .success()
        {
            continue;
        }
        policies += 1;
        let problems = errors(&schema, &policy_json(&block));
        assert!(problems.is_empty(), "{problems:?} in\n{block}");
    }
    assert!(policies >= 3, "only {policies} policies in the manual");

    // `policy init`: the directive on line 1, the schema beside it, the default valid.
    let out = gonogo.run(&["policy", "init", "--output", "init/gonogo.toml"]);
    assert!(!out.status.success(), "init/ does not exist yet");
    std::fs::create_dir(gonogo.dir().join("init")).unwrap();
    let out = gonogo.run(&["policy", "init", "--output", "init/gonogo.toml"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(gonogo.dir().join("init/gonogo.toml")).unwrap();
    assert_eq!(
        written.lines().next(),
        Some("#:schema ./gonogo.schema.json")
    );
    let beside: Value = serde_json::from_str(
        &std::fs::read_to_string(gonogo.dir().join("init/gonogo.schema.json")).unwrap(),
    )
    .unwrap();
    let printed: Value = serde_json::from_slice(&gonogo.run(&["schema", "policy"]).stdout).unwrap();
    assert_eq!(beside, printed);
    assert!(errors(&schema, &policy_json(&written)).is_empty());
    // A second init keeps both files unless --force.
    let again = gonogo.run(&["policy", "init", "--output", "init/gonogo.toml"]);
    assert_eq!(again.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));

    // A typo, an unknown check, a parameter of the wrong type, an unknown framework, a
    // waiver without an owner: errors for the parser and for the schema alike.
    for bad in [
        "go_scor = 90\n",
        "[checks.\"security.nope\"]\nenabled = true\n",
        "[checks.\"cost.budget-limit\"]\nmax_monthly_usd = \"lots\"\n",
        "[checks.\"cost.budget-limit\"]\nmax_monthly = 5\n",
        "[checks.\"cost.budget-limit\"]\nseverity = \"urgent\"\n",
        "frameworks = [\"cis-aws-0.1\"]\n",
        "[[waivers]]\ncheck = \"security.root-mfa\"\nreason = \"x\"\nexpires = 2030-01-01\n",
        // Numbers out of what they accept: the parameter's declared range, weights, the cap.
        "[checks.\"monitoring.canary-success\"]\nwindow_minutes = 2000\n",
        "[checks.\"monitoring.canary-success\"]\nmin_success_percent = 101\n",
        "[checks.\"cost.budget-limit\"]\nmax_monthly_usd = -5\n",
        "[weights]\ncritical = 5000\n",
        "max_requests_per_second = 0\n",
    ] {
        gonogo.file("bad.toml", bad);
        let parsed = gonogo.run(&["policy", "check", "bad.toml"]);
        assert_eq!(parsed.status.code(), Some(3), "the parser accepted {bad}");
        assert!(
            !errors(&schema, &policy_json(bad)).is_empty(),
            "the schema accepted {bad}"
        );
    }
}

#[test]
fn real_reports_validate_against_the_report_schema() {
    let gonogo = Gonogo::new(None);
    let schema = validator(&gonogo, "report");
    let audit = |extra: &[&str], out: &str| -> Value {
        gonogo.audit_demo(&[&["--json", out], extra].concat());
        gonogo.read_json(out)
    };
    let plain = audit(&[], "plain.json");
    let framed = audit(&["--framework", "cis-aws-7.0", "--stats"], "framed.json");
    let compared = audit(&["--baseline", "plain.json"], "compared.json");
    assert!(framed.get("frameworks").is_some() && compared.get("baseline").is_some());
    // Two reports of the one account are refused by merge; a hand-made second account is
    // not: the fleet report, with its accounts section.
    let mut other = plain.clone();
    other["target"]["account_id"] = Value::from("210987654321");
    std::fs::write(gonogo.dir().join("other.json"), other.to_string()).unwrap();
    let merged = gonogo.run(&["merge", "plain.json", "other.json", "--format", "json"]);
    assert_eq!(
        merged.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let fleet: Value = serde_json::from_slice(&merged.stdout).unwrap();
    assert_eq!(fleet["accounts"].as_array().unwrap().len(), 2);
    for (name, report) in [
        ("plain", &plain),
        ("framed", &framed),
        ("compared", &compared),
        ("fleet", &fleet),
    ] {
        let problems = errors(&schema, report);
        assert!(problems.is_empty(), "{name}: {problems:?}");
    }
    // A status the report never has is refused.
    let mut wrong = plain.clone();
    wrong["checks"][0]["status"] = Value::from("maybe");
    assert!(!errors(&schema, &wrong).is_empty());
}

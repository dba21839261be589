//! `examples/schedule/` stays valid: every file parses in its own format (crontab, systemd
//! units, Kubernetes YAML, AWS Batch JSON, the accounts file), and every gonogo command line
//! in them parses against the CLI as it is now.

use std::path::PathBuf;

use serde_json::Value;
use yaml_rust2::{Yaml, YamlLoader};

fn example(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/schedule")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// Parses `gonogo ARGS` with the CLI's own definition.
fn assert_valid_command(args: &[String]) {
    let argv = std::iter::once("gonogo".to_owned()).chain(args.iter().cloned());
    if let Err(err) = gonogo_cli::parse_arguments(argv) {
        panic!("`gonogo {}` does not parse:\n{err}", args.join(" "));
    }
}

/// The arguments after the gonogo binary in a command line (no shell in these files).
fn gonogo_args(command_line: &str) -> Vec<String> {
    let words: Vec<&str> = command_line.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| w.ends_with("/gonogo") || *w == "gonogo")
        .unwrap_or_else(|| panic!("no gonogo in `{command_line}`"));
    words[at + 1..].iter().map(|w| (*w).to_owned()).collect()
}

#[test]
fn the_accounts_file_is_valid() {
    let accounts: toml::Table = toml::from_str(&example("accounts.toml")).unwrap();
    let accounts = accounts["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 3);
    for account in accounts {
        let id = account["id"].as_str().unwrap();
        assert!(account["role_arn"].as_str().unwrap().contains(id));
    }
}

#[test]
fn the_crontab_schedules_a_valid_audit() {
    let text = example("crontab");
    let entries: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.contains('='))
        .collect();
    assert_eq!(entries.len(), 1, "{text}");
    let fields: Vec<&str> = entries[0].splitn(6, ' ').collect();
    let schedule = fields[..5].join(" ");
    schedule
        .parse::<croner::Cron>()
        .unwrap_or_else(|err| panic!("`{schedule}`: {err}"));
    let args = gonogo_args(fields[5]);
    assert_eq!(args[0], "audit");
    assert!(
        !fields[5].contains('%'),
        "cron would cut the command at a %"
    );
    assert_valid_command(&args);
}

#[test]
fn the_systemd_timer_starts_a_valid_service() {
    let timer = ini::Ini::load_from_str(&example("gonogo-audit.timer")).unwrap();
    let calendar = timer.get_from(Some("Timer"), "OnCalendar").unwrap();
    assert!(calendar.contains("06:00"), "{calendar}");
    assert_eq!(
        timer.get_from(Some("Install"), "WantedBy"),
        Some("timers.target")
    );

    let service = ini::Ini::load_from_str(&example("gonogo-audit.service")).unwrap();
    assert_eq!(service.get_from(Some("Service"), "Type"), Some("oneshot"));
    assert_eq!(
        service.get_from(Some("Service"), "SuccessExitStatus"),
        Some("1 2"),
        "CONDITIONAL and NO-GO are answers, not failures"
    );
    let stop: u64 = service
        .get_from(Some("Service"), "TimeoutStopSec")
        .unwrap()
        .parse()
        .unwrap();
    assert!(stop >= 60, "time to write the reports after SIGTERM");
    let exec = service.get_from(Some("Service"), "ExecStart").unwrap();
    assert!(
        exec.starts_with('/'),
        "systemd needs an absolute path: {exec}"
    );
    assert_valid_command(&gonogo_args(exec));
}

/// The container args of every Job or CronJob document.
fn container_args(doc: &Yaml) -> Vec<Vec<String>> {
    let spec = match doc["kind"].as_str() {
        Some("CronJob") => &doc["spec"]["jobTemplate"]["spec"],
        Some("Job") => &doc["spec"],
        other => panic!("unexpected kind {other:?}"),
    };
    let grace = spec["template"]["spec"]["terminationGracePeriodSeconds"]
        .as_i64()
        .unwrap_or(30);
    assert!(
        grace >= 60,
        "time to write the reports after SIGTERM: {grace}"
    );
    spec["template"]["spec"]["containers"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|c| {
            c["args"]
                .as_vec()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn the_kubernetes_cronjob_runs_a_valid_audit() {
    let docs = YamlLoader::load_from_str(&example("cronjob.yaml")).unwrap();
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc["apiVersion"].as_str(), Some("batch/v1"));
    doc["spec"]["schedule"]
        .as_str()
        .unwrap()
        .parse::<croner::Cron>()
        .unwrap();
    for args in container_args(doc) {
        assert_eq!(args[0], "audit");
        assert_valid_command(&args);
    }
}

#[test]
fn the_indexed_job_shards_by_its_index_and_a_second_job_merges() {
    let docs = YamlLoader::load_from_str(&example("indexed-job.yaml")).unwrap();
    assert_eq!(docs.len(), 2);
    let shards = &docs[0];
    assert_eq!(shards["spec"]["completionMode"].as_str(), Some("Indexed"));
    let completions = shards["spec"]["completions"].as_i64().unwrap();
    let args = &container_args(shards)[0];
    assert_valid_command(args);
    let shard = &args[args.iter().position(|a| a == "--shard").unwrap() + 1];
    assert_eq!(shard, &format!("JOB_COMPLETION_INDEX/{completions}"));
    assert!(
        args.iter().any(|a| a.contains("{shard}")),
        "one report per shard"
    );

    let merge = &container_args(&docs[1])[0];
    assert_eq!(merge[0], "merge");
    assert_valid_command(merge);
}

#[test]
fn the_batch_array_job_shards_by_its_index_and_a_dependent_job_merges() {
    let definition: Value = serde_json::from_str(&example("batch-job-definition.json")).unwrap();
    let command: Vec<String> = definition["containerProperties"]["command"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect();
    assert_valid_command(&command);
    assert!(
        definition["timeout"]["attemptDurationSeconds"]
            .as_u64()
            .is_some_and(|s| s >= 60),
        "a hung scan is stopped (SIGTERM, reports written)"
    );
    let submit: Value = serde_json::from_str(&example("batch-submit-jobs.json")).unwrap();
    let size = submit["shards"]["arrayProperties"]["size"]
        .as_u64()
        .unwrap();
    let shard = &command[command.iter().position(|a| a == "--shard").unwrap() + 1];
    assert_eq!(shard, &format!("AWS_BATCH_JOB_ARRAY_INDEX/{size}"));
    let merge: Vec<String> = submit["merge"]["containerOverrides"]["command"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(merge[0], "merge");
    assert_valid_command(&merge);
    assert!(
        submit["merge"]["dependsOn"]
            .as_array()
            .is_some_and(|d| !d.is_empty())
    );
}

#[test]
fn a_bad_command_line_is_caught() {
    let err =
        gonogo_cli::parse_arguments(["gonogo", "audit", "--shard", "4/4", "--accounts", "a.toml"]);
    assert!(err.is_err());
    let err = gonogo_cli::parse_arguments(["gonogo", "audit", "--region-list", "x"]);
    assert!(err.is_err());
}

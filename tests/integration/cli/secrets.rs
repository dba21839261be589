//! Credentials never reach a report, a log line or an error message, at any `-v` level.

use gonogo_tests::Gonogo;

use crate::account;

const KEY_ID: &str = "AKIAGONOGOTESTKEY7Q";
const SECRET: &str = "gonogo/test+secret+value/0123456789abcdef";
const TOKEN: &str = "GonogoTestSessionTokenValue987654321";
const PROFILE_KEY_ID: &str = "AKIAGONOGOPROFILE3Z";
const PROFILE_SECRET: &str = "gonogo/profile+secret/fedcba9876543210";

fn assert_clean(what: &str, text: &str) {
    for secret in [KEY_ID, SECRET, TOKEN, PROFILE_KEY_ID, PROFILE_SECRET] {
        assert!(!text.contains(secret), "{what} contains a credential value");
    }
}

/// Audits at every `-v` level and checks that stdout, stderr and every report file hold no
/// credential. Each run must have written its reports: a run that wrote nothing would "contain
/// no credential" and prove nothing.
fn audit_everything(gonogo: &Gonogo, extra_env: &[(&str, &str)], remove: &[&str], args: &[&str]) {
    for verbosity in [None, Some("-v"), Some("-vv")] {
        for file in ["r.json", "r.xml", "r.md"] {
            let _ = std::fs::remove_file(gonogo.dir().join(file));
        }
        let mut cmd = gonogo.command();
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        for k in remove {
            cmd.env_remove(k);
        }
        if let Some(v) = verbosity {
            cmd.arg(v);
        }
        let out = cmd
            .args([
                "audit",
                "--quiet",
                "--stats",
                "--json",
                "r.json",
                "--junit",
                "r.xml",
                "--markdown",
                "r.md",
            ])
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_clean("stdout", &String::from_utf8_lossy(&out.stdout));
        assert_clean("stderr", &stderr);
        for file in ["r.json", "r.xml", "r.md"] {
            let text = std::fs::read_to_string(gonogo.dir().join(file)).unwrap_or_else(|err| {
                panic!("{file} was not written ({err}): no audit ran; stderr:\n{stderr}")
            });
            assert_clean(file, &text);
        }
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(gonogo.dir().join("r.json")).unwrap())
                .unwrap();
        assert_eq!(report["schema_version"], 1, "a report of an audit that ran");
        assert!(report["verdict"].is_string());
    }
}

#[tokio::test]
async fn environment_credentials_are_never_printed() {
    let (_moto, seed, gonogo) = account().await;
    seed.clean_account().await;
    let env = [
        ("AWS_ACCESS_KEY_ID", KEY_ID),
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_SESSION_TOKEN", TOKEN),
    ];
    audit_everything(&gonogo, &env, &[], &[]);
}

#[tokio::test]
async fn profile_credentials_are_never_printed_even_when_the_endpoint_fails() {
    let (_moto, _seed, gonogo) = account().await;
    let credentials = gonogo.file(
        "credentials",
        &format!("[audit]\naws_access_key_id = {PROFILE_KEY_ID}\naws_secret_access_key = {PROFILE_SECRET}\n"),
    );
    let env = [("AWS_SHARED_CREDENTIALS_FILE", credentials.to_str().unwrap())];
    let remove = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];
    audit_everything(&gonogo, &env, &remove, &["--profile", "audit"]);
    // And with nothing listening: the errors say why, never with what.
    let offline = Gonogo::new(Some(format!(
        "http://127.0.0.1:{}",
        gonogo_tests::free_port()
    )));
    let credentials = offline.file(
        "credentials",
        &format!("[audit]\naws_access_key_id = {PROFILE_KEY_ID}\naws_secret_access_key = {PROFILE_SECRET}\n"),
    );
    let env = [("AWS_SHARED_CREDENTIALS_FILE", credentials.to_str().unwrap())];
    audit_everything(
        &offline,
        &env,
        &remove,
        &["--profile", "audit", "--timeout", "20"],
    );
}

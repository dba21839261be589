//! Running the real `gonogo` binary, and making sure it is this checkout's.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::SystemTime;

use serde_json::Value;
use tempfile::TempDir;

/// Fake credentials moto accepts; never real ones.
const TEST_ACCESS_KEY: &str = "testing";

/// `examples/demo-account.json`: the snapshot the demo and the format tests audit.
pub fn demo_snapshot() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/demo-account.json")
}

/// `examples/demo-policy.toml`: the demo's policy (one waiver).
pub fn demo_policy() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/demo-policy.toml")
}

/// The `gonogo` binary of this checkout.
pub fn gonogo_binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| verified_binary("gonogo", &[]))
}

/// The example team binary (`examples/team-checks`) of this checkout.
pub fn team_binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| verified_binary("team-gonogo", &["examples/team-checks"]))
}

/// Crates every binary built on `gonogo_cli::main()` is built from.
const CLI_SOURCES: [&str; 5] = ["core", "checks", "reports", "audit", "cli"];

/// Finds `name` in the target directory these tests were built into, and refuses it unless it
/// was built from this checkout and is newer than every source file it is built from (the CLI's
/// crates plus `extra_sources`): a target directory shared between clones must never make the
/// tests run another clone's binary, nor a stale one.
fn verified_binary(name: &str, extra_sources: &[&str]) -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps layout");
    let bin = profile_dir.join(name);
    let hint = "build it first: `cargo build --workspace --bins --locked` (scripts/test.sh does)";
    let built = std::fs::metadata(&bin)
        .and_then(|m| m.modified())
        .unwrap_or_else(|err| panic!("{} not found ({err}): {hint}", bin.display()));

    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let out = Command::new(&bin)
        .arg("build-info")
        .output()
        .expect("run build-info");
    let info: Value = serde_json::from_slice(&out.stdout).expect("build-info prints JSON");
    let manifest_dir = PathBuf::from(info["manifest_dir"].as_str().unwrap_or_default());
    assert_eq!(
        manifest_dir,
        workspace.join("cli"),
        "{} was built from another checkout: {hint}",
        bin.display()
    );
    // What goes into the binary: each crate's `src/` and manifest (not its tests or benches).
    let sources: Vec<PathBuf> = CLI_SOURCES
        .iter()
        .chain(extra_sources)
        .flat_map(|d| {
            [
                workspace.join(d).join("src"),
                workspace.join(d).join("Cargo.toml"),
            ]
        })
        .collect();
    let newest = newest_source(sources);
    assert!(
        newest <= built,
        "{} is older than the sources of this checkout: {hint}",
        bin.display()
    );
    bin
}

/// The newest modification time of the `.rs` and `Cargo.toml` files under `roots`.
fn newest_source(mut stack: Vec<PathBuf>) -> SystemTime {
    let mut newest = SystemTime::UNIX_EPOCH;
    while let Some(path) = stack.pop() {
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.flatten().map(|e| e.path()));
            }
        } else if (path.extension().is_some_and(|e| e == "rs") || path.ends_with("Cargo.toml"))
            && let Ok(modified) = meta.modified()
        {
            newest = newest.max(modified);
        }
    }
    newest
}

/// A `gonogo` invocation with a clean, loopback-only AWS environment in a scratch directory.
pub struct Gonogo {
    bin: PathBuf,
    dir: TempDir,
    endpoint: Option<String>,
    envs: Vec<(String, String)>,
}

/// What one `gonogo audit` produced.
#[derive(Debug)]
pub struct AuditRun {
    /// Exit code.
    pub code: i32,
    /// Stdout.
    pub stdout: String,
    /// Stderr.
    pub stderr: String,
    /// The JSON report (`--json`), when one was written.
    pub json: Option<Value>,
}

impl AuditRun {
    /// The JSON report; panics when none was written.
    pub fn report(&self) -> &Value {
        self.json
            .as_ref()
            .unwrap_or_else(|| panic!("no JSON report; stderr:\n{}", self.stderr))
    }

    /// The check with this id in the report.
    pub fn check(&self, id: &str) -> &Value {
        self.report()["checks"]
            .as_array()
            .and_then(|checks| checks.iter().find(|c| c["id"] == id))
            .unwrap_or_else(|| panic!("check {id} not in report: {}", self.report()))
    }

    /// That check's status.
    pub fn status(&self, id: &str) -> &str {
        self.check(id)["status"].as_str().unwrap_or_default()
    }
}

impl Gonogo {
    /// The `gonogo` binary against an endpoint (`None`: no endpoint at all).
    pub fn new(endpoint: Option<String>) -> Self {
        Self::with_binary(gonogo_binary(), endpoint)
    }

    /// Another binary built on `gonogo_cli::main()`.
    pub fn with_binary(bin: &Path, endpoint: Option<String>) -> Self {
        Self {
            bin: bin.to_path_buf(),
            dir: tempfile::tempdir().expect("scratch dir"),
            endpoint,
            envs: Vec::new(),
        }
    }

    /// Adds an environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.envs.push((key.to_owned(), value.to_owned()));
        self
    }

    /// The scratch directory the binary runs in.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file into the scratch directory and returns its path.
    pub fn file(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write scratch file");
        path
    }

    /// The command, with the environment cleared down to a fake, loopback-only AWS setup.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(&self.bin);
        let empty = self.file(".aws-empty", "");
        cmd.current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", TEST_ACCESS_KEY)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", &empty)
            .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
            .env("NO_COLOR", "1");
        if let Some(endpoint) = &self.endpoint {
            cmd.env("AWS_ENDPOINT_URL", endpoint);
        }
        for (k, v) in &self.envs {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs `gonogo ARGS` and returns its output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run gonogo")
    }

    /// Runs `gonogo audit --quiet --snapshot DEMO ARGS` in the scratch directory and checks
    /// that it gives the demo's NO-GO (exit 2); the files it writes are read with
    /// [`Gonogo::read_json`].
    pub fn audit_demo(&self, args: &[&str]) -> Output {
        let out = self
            .command()
            .args(["audit", "--quiet", "--snapshot"])
            .arg(demo_snapshot())
            .args(args)
            .output()
            .expect("run gonogo audit");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// A JSON file in the scratch directory (a report the binary wrote).
    pub fn read_json(&self, name: &str) -> Value {
        let path = self.dir.path().join(name);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("{} cannot be read: {err}", path.display()));
        serde_json::from_str(&text)
            .unwrap_or_else(|err| panic!("{} is not JSON ({err}):\n{text}", path.display()))
    }

    /// Runs `gonogo audit --quiet --json report.json ARGS`, with `policy` (if any) as the policy.
    pub fn audit(&self, policy: Option<&str>, args: &[&str]) -> AuditRun {
        let report = self.dir.path().join("report.json");
        let _ = std::fs::remove_file(&report);
        let mut cmd = self.command();
        cmd.args(["audit", "--quiet", "--json"]).arg(&report);
        if let Some(policy) = policy {
            cmd.arg("--policy").arg(self.file("policy.toml", policy));
        }
        let out = cmd.args(args).output().expect("run gonogo audit");
        let json = std::fs::read_to_string(&report).ok().map(|text| {
            serde_json::from_str(&text)
                .unwrap_or_else(|err| panic!("report.json is not JSON ({err}):\n{text}"))
        });
        AuditRun {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            json,
        }
    }
}

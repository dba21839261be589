//! Real Terraform with the real `hashicorp/aws` provider against a test's moto server: a
//! stack of `.tf` files in a scratch directory, initialized from the machine's local
//! provider mirror (there is no network to fetch one), applied and planned as a user would.
//!
//! [`Terraform::find`] is `None` where `terraform` or the mirror is missing; the tests that
//! need it then say so and skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// Where the provider mirror is looked for: the folder above `registry.terraform.io`.
const MIRROR_ROOTS: &[&str] = &["/opt/tf-plugins", "/usr/share/terraform/plugins"];

/// The `terraform` program and the provider mirror of this machine.
#[derive(Clone, Debug)]
pub struct Terraform {
    program: PathBuf,
    mirror: PathBuf,
}

impl Terraform {
    /// Terraform and its `hashicorp/aws` mirror (`$GONOGO_TF_MIRROR` first), or why not.
    pub fn find() -> Result<Self, String> {
        let program = std::env::var_os("PATH")
            .into_iter()
            .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
            .map(|dir| dir.join("terraform"))
            .find(|candidate| candidate.is_file())
            .ok_or("terraform is not on PATH")?;
        let mirror = std::env::var_os("GONOGO_TF_MIRROR")
            .map(PathBuf::from)
            .into_iter()
            .chain(MIRROR_ROOTS.iter().map(PathBuf::from))
            .find(|root| root.join("registry.terraform.io/hashicorp/aws").is_dir())
            .ok_or("no hashicorp/aws provider mirror (set GONOGO_TF_MIRROR)")?;
        Ok(Self { program, mirror })
    }

    /// Terraform for the tests of `what`: `None`, saying why, where it cannot run here; a
    /// panic instead when `GONOGO_REQUIRE_TERRAFORM` is set (`scripts/test.sh` sets it when
    /// it found terraform and the mirror: those tests must then run, not skip).
    pub fn for_tests(what: &str) -> Option<Self> {
        match Self::find() {
            Ok(terraform) => Some(terraform),
            Err(why) if std::env::var_os("GONOGO_REQUIRE_TERRAFORM").is_some() => {
                panic!("{why}, though GONOGO_REQUIRE_TERRAFORM says the {what} must run")
            }
            Err(why) => {
                eprintln!("SKIPPED: {why}: the {what} need terraform and its mirror");
                None
            }
        }
    }

    /// A new, empty stack against moto at `endpoint`, in `region`.
    pub fn stack(&self, endpoint: &str, region: &str) -> Stack {
        let dir = tempfile::tempdir().expect("stack dir");
        let config = dir.path().join("cli.tfrc");
        std::fs::write(
            &config,
            format!(
                "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"registry.terraform.io/hashicorp/*\"]\n  }}\n}}\n",
                self.mirror.display()
            ),
        )
        .expect("write the CLI configuration");
        let stack = Stack {
            terraform: self.clone(),
            dir,
            config,
            endpoint: endpoint.to_owned(),
        };
        stack.write("provider.tf", &provider_block(region, None));
        stack
    }
}

/// The provider block of a stack against moto (`alias` for a second region).
pub fn provider_block(region: &str, alias: Option<&str>) -> String {
    let alias = alias.map_or_else(String::new, |a| format!("  alias = \"{a}\"\n"));
    format!(
        r#"provider "aws" {{
{alias}  region                      = "{region}"
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true
}}
"#
    )
}

/// One Terraform working directory.
pub struct Stack {
    terraform: Terraform,
    dir: TempDir,
    config: PathBuf,
    endpoint: String,
}

impl Stack {
    /// The directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (or replaces) a configuration file.
    pub fn write(&self, name: &str, contents: &str) {
        std::fs::write(self.dir.path().join(name), contents).expect("write a .tf file");
    }

    /// Removes a configuration file.
    pub fn remove(&self, name: &str) {
        std::fs::remove_file(self.dir.path().join(name)).expect("remove a .tf file");
    }

    /// The `terraform` program.
    pub fn program(&self) -> &Path {
        &self.terraform.program
    }

    /// What a program running Terraform on this stack needs in its environment besides
    /// moto's endpoint: the provider mirror, no update check.
    pub fn env(&self) -> [(&'static str, String); 2] {
        [
            ("TF_CLI_CONFIG_FILE", self.config.display().to_string()),
            ("CHECKPOINT_DISABLE", "1".to_owned()),
        ]
    }

    /// `terraform ARGS` here, not run yet.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.terraform.program);
        command
            .args(args)
            .current_dir(self.dir.path())
            .envs(self.env())
            .env("TF_IN_AUTOMATION", "1")
            .env("AWS_ENDPOINT_URL", &self.endpoint)
            .env("AWS_EC2_METADATA_DISABLED", "true");
        command
    }

    /// Runs `terraform ARGS` here, asserting it succeeds.
    pub fn run(&self, args: &[&str]) -> Output {
        let out = self.command(args).output().expect("run terraform");
        assert!(
            out.status.success(),
            "terraform {args:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// `init` (from the mirror) then `apply`: the stack as it exists before a change.
    pub fn apply(&self) {
        self.init();
        self.run(&["apply", "-input=false", "-auto-approve", "-no-color"]);
    }

    /// `init`, once per directory (again after a provider block changes is harmless).
    pub fn init(&self) {
        self.run(&["init", "-input=false", "-no-color"]);
    }

    /// `plan -out tfplan` and `show -json tfplan > plan.json`; returns plan.json's path.
    pub fn plan(&self) -> PathBuf {
        self.init();
        self.run(&["plan", "-input=false", "-no-color", "-out=tfplan"]);
        let shown = self.run(&["show", "-json", "tfplan"]);
        let path = self.dir.path().join("plan.json");
        std::fs::write(&path, &shown.stdout).expect("write plan.json");
        path
    }

    /// `apply tfplan`: exactly the saved plan.
    pub fn apply_saved_plan(&self) {
        self.run(&["apply", "-input=false", "-no-color", "tfplan"]);
    }
}

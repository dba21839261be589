//! The `terraform` stage: a preset of `command` (init, plan, apply -auto-approve; rollback
//! destroy -auto-approve) in `dir`, with `vars`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use gonogo_core::stage::{Stage, StageCtx, StageError, StageOutcome, StagePlan};
use gonogo_core::{async_trait, declare_stage};
use serde::{Deserialize, Serialize};

use super::command::Invocation;
use super::common::params;

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Terraform {
    dir: PathBuf,
    #[serde(default)]
    vars: BTreeMap<String, String>,
    #[serde(default = "default_binary")]
    binary: String,
    #[serde(default = "default_timeout")]
    timeout_seconds: u64,
}

fn default_binary() -> String {
    "terraform".to_owned()
}

fn default_timeout() -> u64 {
    1800
}

impl Terraform {
    fn build(table: &toml::Table) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(params::<Terraform>(table)?))
    }

    fn invocation(&self, args: &[&str]) -> Invocation {
        let mut argv = vec![self.binary.clone()];
        argv.extend(args.iter().map(|a| (*a).to_owned()));
        if matches!(args.first(), Some(&("plan" | "apply" | "destroy"))) {
            for (key, value) in &self.vars {
                argv.push("-var".to_owned());
                argv.push(format!("{key}={value}"));
            }
        }
        Invocation {
            argv,
            env: BTreeMap::from([("TF_IN_AUTOMATION".to_owned(), "1".to_owned())]),
            dir: Some(self.dir.clone()),
            timeout_seconds: self.timeout_seconds,
        }
    }
}

declare_stage!(kind: "terraform", summary: "terraform init, plan, apply -auto-approve in `dir` with `vars`; rollback destroy -auto-approve", build: Terraform::build);

#[async_trait]
impl Stage for Terraform {
    async fn plan(&self, _: &StageCtx) -> Result<StagePlan, StageError> {
        let undo = serde_json::to_value(self).map_err(|err| StageError::new(err.to_string()))?;
        Ok(StagePlan {
            changes: vec![format!("terraform apply in {}", self.dir.display())],
            undo,
        })
    }

    async fn apply(&self, cx: &StageCtx, _: &StagePlan) -> Result<StageOutcome, StageError> {
        let mut output = String::new();
        for args in [
            &["init", "-input=false"][..],
            &["plan", "-input=false"],
            &["apply", "-input=false", "-auto-approve"],
        ] {
            let step = self.invocation(args);
            output.push_str(&step.run(cx, args[0]).await?);
            output.push('\n');
        }
        Ok(StageOutcome {
            changed: vec![format!("terraform applied {}", self.dir.display())],
            output,
            gate: None,
        })
    }

    async fn rollback(
        &self,
        cx: &StageCtx,
        undo: &serde_json::Value,
    ) -> Result<Vec<String>, StageError> {
        let recorded: Terraform = serde_json::from_value(undo.clone())
            .map_err(|err| StageError::new(format!("bad undo record: {err}")))?;
        recorded
            .invocation(&["destroy", "-input=false", "-auto-approve"])
            .run(cx, "destroy")
            .await?;
        Ok(vec![format!(
            "terraform destroyed {}",
            recorded.dir.display()
        )])
    }
}

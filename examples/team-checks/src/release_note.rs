//! A team's own deploy stage: appends a line to the team's release log, and a correction when
//! the deploy is rolled back.

use std::io::Write;
use std::path::PathBuf;

use gonogo_core::stage::{Stage, StageCtx, StageError, StageOutcome, StagePlan};
use gonogo_core::{async_trait, declare_stage};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReleaseNote {
    path: PathBuf,
    message: String,
}

impl ReleaseNote {
    fn build(table: &toml::Table) -> Result<Box<dyn Stage>, StageError> {
        let note: ReleaseNote = toml::Value::Table(table.clone())
            .try_into()
            .map_err(|err: toml::de::Error| StageError::new(err.message()))?;
        Ok(Box::new(note))
    }

    fn append(&self, line: &str) -> Result<(), StageError> {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|err| StageError::new(format!("{}: {err}", self.path.display())))?;
        writeln!(file, "{line}")
            .map_err(|err| StageError::new(format!("{}: {err}", self.path.display())))
    }
}

declare_stage!(kind: "team-release-note", summary: "team: appends the release to the team's release log", build: ReleaseNote::build);

#[async_trait]
impl Stage for ReleaseNote {
    async fn plan(&self, _: &StageCtx) -> Result<StagePlan, StageError> {
        Ok(StagePlan {
            changes: vec![format!(
                "note `{}` in {}",
                self.message,
                self.path.display()
            )],
            undo: serde_json::Value::Null,
            gate: None,
        })
    }

    async fn apply(&self, _: &StageCtx, _: &StagePlan) -> Result<StageOutcome, StageError> {
        self.append(&format!("released: {}", self.message))?;
        Ok(StageOutcome {
            changed: vec![format!("noted in {}", self.path.display())],
            ..StageOutcome::default()
        })
    }

    async fn rollback(
        &self,
        _: &StageCtx,
        _: &serde_json::Value,
    ) -> Result<Vec<String>, StageError> {
        self.append(&format!("rolled back: {}", self.message))?;
        Ok(vec![format!(
            "noted the rollback in {}",
            self.path.display()
        )])
    }
}

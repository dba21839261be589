//! ECS: the task definitions that services run, with each container's settings (one
//! DescribeTaskDefinition per distinct definition: ECS has no batch describe).

use std::collections::BTreeSet;

use async_trait::async_trait;
use futures::{StreamExt, TryStreamExt};
use gonogo_core::api_calls;
use gonogo_core::{ApiCall, Fact, FactError, FactInfo, Facts};
use serde::{Deserialize, Serialize};

use crate::aws::{sdk_config, sdk_error};
use crate::facts::EcsServices;

/// Definitions described at once.
const DESCRIBE_CONCURRENCY: usize = 8;

/// One container of a task definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContainerDefinition {
    /// Container name.
    pub name: String,
    /// Its image (`repo:tag` or `repo@sha256:…`).
    pub image: String,
    /// Runs privileged.
    pub privileged: bool,
    /// The user it runs as (`None`: the image's, often root).
    pub user: Option<String>,
    /// Its root filesystem is read-only.
    pub read_only_root: bool,
    /// The names of its plain environment variables (never their values).
    pub environment: Vec<String>,
    /// The names of the variables it takes from Secrets Manager or SSM.
    pub secrets: Vec<String>,
    /// Its log driver (`awslogs`, `awsfirelens`, …; `None`: no log configuration).
    pub log_driver: Option<String>,
}

/// One task definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskDefinition {
    /// `family:revision`.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// Its containers.
    pub containers: Vec<ContainerDefinition>,
}

/// Every task definition a service in the region runs, sorted by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EcsTaskDefinitions {
    /// The definitions.
    pub definitions: Vec<TaskDefinition>,
}

#[async_trait]
impl Fact for EcsTaskDefinitions {
    const NAME: &'static str = "ECS task definitions";
    const KEY: &'static str = "ecs.task-definitions";
    const CALLS: &'static [ApiCall] = api_calls!("ECS", "ecs": DescribeTaskDefinition);
    const NEEDS: &'static [&'static FactInfo] = &[&EcsServices::INFO];

    async fn collect(facts: &Facts) -> Result<Self, FactError> {
        let services = facts.get::<EcsServices>().await?;
        let config = sdk_config(facts, Self::NAME).await?;
        let client = crate::aws_client!(aws_sdk_ecs, *config);
        let arns: BTreeSet<String> = services
            .services
            .iter()
            .filter_map(|s| s.task_definition.clone())
            .collect();
        let mut definitions: Vec<TaskDefinition> = futures::stream::iter(arns)
            .map(|arn| {
                let client = client.clone();
                async move {
                    let out = client
                        .describe_task_definition()
                        .task_definition(&arn)
                        .send()
                        .await
                        .map_err(|err| sdk_error(&Self::INFO, err))?;
                    let Some(definition) = out.task_definition() else {
                        return Err(FactError::Failed {
                            fact: Self::NAME,
                            message: format!("ECS described no task definition for {arn}"),
                        });
                    };
                    Ok(TaskDefinition {
                        name: format!(
                            "{}:{}",
                            definition.family().unwrap_or_default(),
                            definition.revision()
                        ),
                        containers: definition
                            .container_definitions()
                            .iter()
                            .map(|c| ContainerDefinition {
                                name: c.name().unwrap_or_default().to_owned(),
                                image: c.image().unwrap_or_default().to_owned(),
                                privileged: c.privileged().unwrap_or(false),
                                user: c.user().filter(|u| !u.is_empty()).map(str::to_owned),
                                read_only_root: c.readonly_root_filesystem().unwrap_or(false),
                                environment: c
                                    .environment()
                                    .iter()
                                    .filter_map(|v| v.name().map(str::to_owned))
                                    .collect(),
                                secrets: c.secrets().iter().map(|v| v.name().to_owned()).collect(),
                                log_driver: c
                                    .log_configuration()
                                    .map(|l| l.log_driver().as_str().to_owned()),
                            })
                            .collect(),
                        arn,
                    })
                }
            })
            .buffer_unordered(DESCRIBE_CONCURRENCY)
            .try_collect()
            .await?;
        definitions.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { definitions })
    }
}

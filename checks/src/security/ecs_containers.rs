//! The containers of the task definitions that ECS services run: privileges, user, root
//! filesystem, secrets in plain environment variables, logging and image tags. One table;
//! a check per row, each finding per task definition naming the containers at fault.

use crate::facts::{ContainerDefinition, EcsTaskDefinitions};
use crate::prelude::*;

/// Words that mark an environment variable as holding a secret.
const SECRET_WORDS: &[&str] = &["PASSWORD", "SECRET", "TOKEN", "KEY"];

fn privileged(c: &ContainerDefinition) -> Option<String> {
    c.privileged.then(|| "runs privileged".to_owned())
}

fn runs_as_root(c: &ContainerDefinition) -> Option<String> {
    match c.user.as_deref() {
        None => Some("sets no user (the image's, often root)".to_owned()),
        Some(user) => {
            let name = user.split(':').next().unwrap_or(user);
            matches!(name, "root" | "0").then(|| format!("runs as {user}"))
        }
    }
}

fn writable_root(c: &ContainerDefinition) -> Option<String> {
    (!c.read_only_root).then(|| "has a writable root filesystem".to_owned())
}

fn plain_secrets(c: &ContainerDefinition) -> Option<String> {
    let named: Vec<&str> = c
        .environment
        .iter()
        .filter(|name| {
            let upper = name.to_ascii_uppercase();
            SECRET_WORDS.iter().any(|word| upper.contains(word))
        })
        .map(String::as_str)
        .collect();
    (!named.is_empty())
        .then(|| format!("keeps {} in plain environment variables", named.join(", ")))
}

fn no_logs(c: &ContainerDefinition) -> Option<String> {
    c.log_driver
        .is_none()
        .then(|| "has no log configuration".to_owned())
}

fn moving_tag(c: &ContainerDefinition) -> Option<String> {
    if c.image.contains('@') {
        return None; // Pinned by digest.
    }
    let last = c.image.rsplit('/').next().unwrap_or(&c.image);
    match last.split_once(':') {
        Some((_, "latest")) => Some(format!("runs {} (the moving `latest` tag)", c.image)),
        Some(_) => None,
        None => Some(format!("runs {} with no tag (`latest`)", c.image)),
    }
}

/// A finding per task definition: the containers `problem` finds, or a pass. With `soft`,
/// problems warn instead of failing.
fn judge(
    definitions: &EcsTaskDefinitions,
    problem: fn(&ContainerDefinition) -> Option<String>,
    soft: bool,
) -> Vec<Finding> {
    definitions
        .definitions
        .iter()
        .map(|definition| {
            let faults: Vec<String> = definition
                .containers
                .iter()
                .filter_map(|c| problem(c).map(|why| format!("{} {why}", c.name)))
                .collect();
            if faults.is_empty() {
                Finding::pass(
                    &definition.arn,
                    format!(
                        "{}: all {} containers pass",
                        definition.name,
                        definition.containers.len()
                    ),
                )
            } else if soft {
                Finding::warn(
                    &definition.arn,
                    format!("{}: {}", definition.name, faults.join("; ")),
                )
            } else {
                Finding::fail(
                    &definition.arn,
                    format!("{}: {}", definition.name, faults.join("; ")),
                )
            }
        })
        .collect()
}

/// Declares a check per row: struct, id, title, category, severity, the rule in words, why it
/// matters, the fix, the container predicate, its parameters, and whether the policy's
/// parameters make its problems warnings.
macro_rules! container_checks {
    ($(
        $name:ident, $id:literal, $title:literal, $category:ident, $severity:ident,
        rule: $rule:literal,
        why: $why:literal,
        remediation: $remediation:literal,
        problem: $problem:ident,
        params: [$($params:tt)*],
        soft: |$cx:ident| $soft:expr;
    )+) => {$(
        declare_check! {
            /// ## What it checks
            /// In every task definition an ECS service runs, no container breaks this rule:
            #[doc = $rule]
            /// ## Why it matters
            #[doc = $why]
            /// ## Remediation
            #[doc = $remediation]
            /// Then register the definition's new revision and update the service to it.
            pub struct $name;
            id: $id,
            title: $title,
            category: $category,
            severity: $severity,
            facts: [EcsTaskDefinitions],
            tags: ["containers"],
            params: [$($params)*],
        }

        #[async_trait]
        impl Check for $name {
            async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
                let definitions = cx.fact::<EcsTaskDefinitions>().await?;
                let $cx = cx;
                let soft: bool = $soft;
                Ok(cx.judge("task definitions in use", judge(&definitions, $problem, soft)))
            }
        }
    )+};
}

container_checks! {
    EcsPrivileged, "security.ecs-privileged",
    "ECS containers are not privileged", Security, High,
    rule: "a container runs privileged (`privileged: true`).",
    why: "A privileged container is root on its host: it can reach every other task there \
          and the host's own credentials.",
    remediation: "Remove `privileged` from the container definition; grant the one Linux \
                  capability it needs with `linuxParameters.capabilities.add` instead.",
    problem: privileged,
    params: [],
    soft: |_cx| false;

    EcsNonRootUser, "security.ecs-non-root-user",
    "ECS containers run as a non-root user", Security, Medium,
    rule: "a container sets no `user`, or runs as `root` or `0`. It warns unless the policy \
           sets `required = true`, for teams whose images all support a non-root user.",
    why: "Code that escapes a container running as root is root on the host.",
    remediation: "Set `user` to an unprivileged uid (`\"user\": \"1000\"`) and build the image \
                  to run as it.",
    problem: runs_as_root,
    params: ["required": Bool = "false" => "fail, not warn, for a container running as root"],
    soft: |cx| !cx.param::<bool>("required")?;

    EcsReadOnlyRoot, "security.ecs-read-only-root",
    "ECS containers have a read-only root filesystem", Security, Medium,
    rule: "a container's root filesystem is writable (`readonlyRootFilesystem` not true).",
    why: "An intruder who cannot write to the filesystem cannot drop tools or change the \
          application's code.",
    remediation: "Set `readonlyRootFilesystem: true` and mount a volume where the \
                  application must write.",
    problem: writable_root,
    params: [],
    soft: |_cx| false;

    EcsPlainSecrets, "security.ecs-plain-secrets",
    "ECS containers take secrets from Secrets Manager, not plain variables", Security, High,
    rule: "a plain environment variable's name holds PASSWORD, SECRET, TOKEN or KEY. Only \
           names are read, never values.",
    why: "A plain variable's value is in the task definition for anyone who can describe \
          it, and in every copy of it.",
    remediation: "Move the value to Secrets Manager or SSM Parameter Store and reference it \
                  under `secrets` (`valueFrom`).",
    problem: plain_secrets,
    params: [],
    soft: |_cx| false;

    EcsLogConfiguration, "monitoring.ecs-log-configuration",
    "ECS containers send their logs somewhere", Monitoring, Medium,
    rule: "a container has no `logConfiguration`.",
    why: "Without one, a task's output is lost when it stops: there is nothing to read \
          after a failed deploy.",
    remediation: "Add `logConfiguration` with the `awslogs` driver and a log group.",
    problem: no_logs,
    params: [],
    soft: |_cx| false;

    EcsImageTags, "operations.ecs-image-tags",
    "ECS containers run pinned images", Operations, Medium,
    rule: "a container's image has the tag `latest` or no tag at all (a digest, \
           `@sha256:…`, pins it).",
    why: "A moving tag means a task started tomorrow may run other code than the one \
          tested today, and a rollback may not return to what ran before.",
    remediation: "Reference the image by a version tag or its digest.",
    problem: moving_tag,
    params: [],
    soft: |_cx| false;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container() -> ContainerDefinition {
        ContainerDefinition {
            name: "web".to_owned(),
            image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2".to_owned(),
            privileged: false,
            user: Some("1000".to_owned()),
            read_only_root: true,
            environment: vec!["LOG_LEVEL".to_owned()],
            secrets: vec!["DB_PASSWORD".to_owned()],
            log_driver: Some("awslogs".to_owned()),
        }
    }

    #[test]
    fn a_well_built_container_breaks_no_rule() {
        let c = container();
        for problem in [
            privileged,
            runs_as_root,
            writable_root,
            plain_secrets,
            no_logs,
            moving_tag,
        ] {
            assert_eq!(problem(&c), None);
        }
    }

    #[test]
    fn each_rule_names_what_it_found() {
        let mut c = container();
        c.privileged = true;
        c.user = Some("0:0".to_owned());
        c.read_only_root = false;
        c.environment = vec!["API_TOKEN".to_owned(), "PORT".to_owned()];
        c.log_driver = None;
        c.image = "registry:5000/team/web".to_owned();
        assert_eq!(privileged(&c).as_deref(), Some("runs privileged"));
        assert_eq!(runs_as_root(&c).as_deref(), Some("runs as 0:0"));
        assert!(writable_root(&c).is_some() && no_logs(&c).is_some());
        assert_eq!(
            plain_secrets(&c).as_deref(),
            Some("keeps API_TOKEN in plain environment variables")
        );
        assert_eq!(
            moving_tag(&c).as_deref(),
            Some("runs registry:5000/team/web with no tag (`latest`)")
        );
        c.image = "nginx@sha256:abc".to_owned();
        assert_eq!(moving_tag(&c), None);
    }
}

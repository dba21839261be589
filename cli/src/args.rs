//! Command-line arguments (clap derive).

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Arg, ArgMatches, Args, FromArgMatches, Parser, Subcommand, ValueEnum};
use gonogo_audit::request::DEFAULT_ROLE_NAME;
use gonogo_audit::{
    AuditRequest, CheckRequest, FactSource, OrganizationScope, RunSettings, ShardSpec, Targets,
};
use gonogo_checks::aws::AwsOptions;
use gonogo_core::Category;
use gonogo_core::framework::Profile;
use gonogo_reports::Format;

/// Is this AWS account fit for a production change? Runs the check catalogue concurrently,
/// scores it against a policy and answers GO (exit 0), CONDITIONAL GO (1) or NO-GO (2);
/// exit 3 means the audit could not be performed or finished.
#[derive(Debug, Parser)]
#[command(name = "gonogo", version, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// More log output on stderr (-v info, -vv debug); `GONOGO_LOG` takes a filter too.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Audit the account and give the verdict.
    Audit(Box<AuditArgs>),
    /// List every registered check with its metadata.
    List(ListArgs),
    /// Explain a check: what it checks, why, its parameters and remediation.
    Explain(ExplainArgs),
    /// Collect the facts the selected checks need and write them to a snapshot file, to audit
    /// later with `gonogo audit --snapshot FILE` and no network.
    Snapshot(Box<SnapshotArgs>),
    /// Run the deploy pipeline (`[[stages]]`): gates, changes, validation, watch; roll back
    /// what changed when a stage fails. Exit 0 deployed, 2 stopped at a gate before any
    /// change, 4 failed and rolled back, 5 failed and the rollback did not complete.
    Deploy(Box<DeployArgs>),
    /// Undo a deploy run from its journal (default: the latest unfinished run).
    Rollback(Box<RollbackArgs>),
    /// Merge JSON reports of separate runs (accounts, shards) into one fleet report, in every
    /// format; exits with the fleet's code.
    Merge(Box<MergeArgs>),
    /// List the compliance frameworks (CIS AWS Foundations…) with their requirement counts.
    Frameworks(FrameworksArgs),
    /// Show the account, caller ARN and region the credentials resolve to.
    Whoami(AwsArgs),
    /// Print the accounts file `audit --organization` would use (`--accounts FILE` takes it):
    /// the ACTIVE accounts, each with its role; the others as comments.
    Accounts(AccountsArgs),
    /// Print the least-privilege IAM policy the selected checks (and, with `--stages`, the
    /// deploy pipeline) need, derived from what each fact and stage declares it calls.
    Permissions(PermissionsArgs),
    /// Write or validate a policy file.
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
    /// Print a JSON Schema, generated from gonogo's own types: `policy` (for editors:
    /// `gonogo policy init` points the policy at it) or `report` (the JSON report).
    Schema(SchemaArgs),
    /// Print a generated page of the manual: `checks` (docs/checks.md, every check's section).
    Docs(DocsArgs),
    /// Print where this binary was built from (used by the test suite).
    #[command(hide = true)]
    BuildInfo,
}

/// Where and how to reach AWS; anything unset comes from the standard chain (`AWS_REGION`,
/// `AWS_PROFILE`, `AWS_ENDPOINT_URL`, profiles, SSO, …).
#[derive(Debug, Args)]
pub(crate) struct AwsArgs {
    /// AWS region to audit.
    #[arg(long)]
    pub region: Option<String>,
    /// Named profile from the AWS config files.
    #[arg(long)]
    pub profile: Option<String>,
    /// Send every AWS call to this endpoint (moto, LocalStack).
    #[arg(long)]
    pub endpoint_url: Option<String>,
}

impl AwsArgs {
    /// The AWS configuration overrides these flags give.
    pub(crate) fn to_options(&self) -> AwsOptions {
        AwsOptions {
            region: self.region.clone(),
            profile: self.profile.clone(),
            endpoint_url: self.endpoint_url.clone(),
            call_timeout: None,
        }
    }
}

/// Which checks, under which policy.
#[derive(Debug, Args)]
pub(crate) struct SelectArgs {
    /// Policy file; default `./gonogo.toml` when present, else the built-in policy.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Only checks of this category (repeatable).
    #[arg(long, value_parser = parse_category, value_name = "CATEGORY")]
    pub category: Vec<Category>,
    /// Only this check (repeatable); runs it even if the policy disables it.
    #[arg(long, value_name = "ID")]
    pub check: Vec<String>,
    /// Only checks with this tag (repeatable), e.g. `quick`.
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// Only the checks this framework maps (repeatable, e.g. `cis-aws-7.0`); the report
    /// shows each requirement's status (see `gonogo frameworks`).
    #[arg(long, value_name = "ID")]
    pub framework: Vec<String>,
    /// With `--framework`: only the requirements of this profile, `level1` or `level2`
    /// (`--profile` is the AWS profile).
    #[arg(long, value_parser = parse_profile, value_name = "LEVEL", requires = "framework")]
    pub framework_profile: Option<Profile>,
}

impl SelectArgs {
    /// The checks these flags ask for.
    pub(crate) fn to_request(&self) -> CheckRequest {
        CheckRequest {
            policy: self.policy.clone(),
            categories: self.category.clone(),
            ids: self.check.clone(),
            tags: self.tag.clone(),
            frameworks: self.framework.clone(),
            framework_profile: self.framework_profile,
        }
    }
}

/// Which checks run, under which policy, and how.
#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    #[command(flatten)]
    pub select: SelectArgs,
    /// Checks run at once.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,
    /// Seconds a check may take before it is an error; also the longest any one AWS call
    /// may take, retries included.
    #[arg(long, default_value_t = 60, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// The most AWS requests a second sent to one account and region, all services
    /// together, retries included; each service also keeps to its default budget, at most
    /// half of AWS's documented rate (policy `max_requests_per_second`).
    #[arg(long, value_name = "N", value_parser = requests_per_second)]
    pub max_rps: Option<f64>,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// The audit's clock (RFC 3339 or YYYY-MM-DD), for reproducible runs and tests.
    #[arg(long, env = "GONOGO_NOW", hide = true)]
    pub now: Option<String>,
}

/// `--max-rps`: a number above 0, at most the policy's limit.
fn requests_per_second(text: &str) -> Result<f64, String> {
    let limit = gonogo_core::policy::MAX_REQUESTS_PER_SECOND;
    match text.parse::<f64>() {
        Ok(rate) if rate > 0.0 && rate <= limit => Ok(rate),
        _ => Err(format!("a number above 0 and at most {limit}")),
    }
}

impl RunArgs {
    /// How the checks run.
    pub(crate) fn to_settings(&self) -> RunSettings {
        RunSettings {
            concurrency: usize::from(self.concurrency),
            timeout: Duration::from_secs(self.timeout),
            max_rps: self.max_rps,
            now: self.now.clone(),
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct AuditArgs {
    #[command(flatten)]
    pub aws: AwsArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// Audit the facts in this snapshot (from `gonogo snapshot`) instead of AWS: no network.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["region", "profile", "endpoint_url", "regions", "accounts", "role_arn", "organization", "security_hub"])]
    pub snapshot: Option<PathBuf>,
    #[command(flatten)]
    pub fleet: FleetArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Compare with a previous JSON report: each problem is marked new or unchanged, and
    /// what was fixed is listed as resolved (policy `gate_on = "new"` gates on regressions only).
    #[arg(long, value_name = "PREVIOUS.json")]
    pub baseline: Option<PathBuf>,
    /// Judge the account as this Terraform plan leaves it (`terraform show -json tfplan >
    /// plan.json`; OpenTofu's too): each finding is marked new, unchanged or resolved
    /// against the account as it is, and the verdict gates on what the plan introduces.
    #[arg(long, value_name = "PLAN.json")]
    pub plan: Option<PathBuf>,
    /// Put the score, the verdict (0/1/2) and counts by status and category into CloudWatch
    /// (dimensions Account and Region), under NAMESPACE (default `gonogo`).
    #[arg(long, value_name = "NAMESPACE", num_args = 0..=1, default_missing_value = "gonogo")]
    pub publish_metrics: Option<String>,
    /// Send a JSON summary (verdict, score, new failures, report files) to this SQS queue;
    /// FIFO queues get a message group and deduplication id.
    #[arg(long, value_name = "QUEUE_URL")]
    pub notify_sqs: Option<String>,
    /// Write the posture metrics (score, verdict, checks and findings by status, …) to FILE
    /// in the Prometheus text format, atomically, for node_exporter's textfile collector.
    #[arg(long, value_name = "FILE")]
    pub prometheus_file: Option<PathBuf>,
    /// Push the same metrics to this Prometheus Pushgateway (`http://host:9091`): job
    /// `gonogo`, one group per account.
    #[arg(long, value_name = "URL")]
    pub pushgateway: Option<String>,
    /// Import the findings into AWS Security Hub (ASFF) in each audited account and region,
    /// with the credentials each account was audited with, and archive the earlier runs'
    /// findings this run saw resolved (only of the checks that ran, there).
    #[arg(long)]
    pub security_hub: bool,
    /// Count the AWS API calls (per service and operation, retries, throttling): a table on
    /// stderr and a `stats` block in the JSON report.
    #[arg(long)]
    pub stats: bool,
}

impl AuditArgs {
    /// The audit these arguments ask for.
    pub(crate) fn to_request(&self) -> AuditRequest {
        AuditRequest {
            checks: self.run.select.to_request(),
            run: self.run.to_settings(),
            source: match &self.snapshot {
                Some(path) => FactSource::Snapshot(path.clone()),
                None => FactSource::Live(self.aws.to_options()),
            },
            targets: self.fleet.to_targets(),
            regions: self.fleet.regions.clone(),
            shard: self.fleet.shard.clone(),
            account_concurrency: usize::from(self.fleet.account_concurrency),
            baseline: self.baseline.clone(),
            plan: self.plan.clone(),
        }
    }
}

/// Which accounts and regions to audit.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("account_list").args(["accounts", "organization"])))]
pub(crate) struct FleetArgs {
    /// Regions to audit, comma-separated, or `all` for every region the account has enabled.
    /// Regional checks run in each, global ones (IAM, budgets) once. Default: the one region
    /// of the AWS configuration.
    #[arg(long, value_name = "REGION,...|all", value_delimiter = ',')]
    pub regions: Vec<String>,
    /// A TOML file of accounts to audit (`[[accounts]]` with `id`, `role_arn`, optional
    /// `external_id` and `name`): each role is assumed through STS and the accounts are
    /// audited concurrently into one fleet report.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["role_arn", "organization"])]
    pub accounts: Option<PathBuf>,
    #[command(flatten)]
    pub organization: OrganizationArgs,
    /// Audit the account of this role, assumed through STS.
    #[arg(long, value_name = "ARN", conflicts_with = "organization")]
    pub role_arn: Option<String>,
    /// The external id the role asks for (with `--role-arn`).
    #[arg(long, value_name = "ID", requires = "role_arn")]
    pub external_id: Option<String>,
    /// Audit only shard I of N (0-based: `0/4` … `3/4`) of the accounts file or of the
    /// organization's accounts: a stable subset, so N machines each audit their share and
    /// `gonogo merge` joins the reports. I may name an environment variable
    /// (`JOB_COMPLETION_INDEX/4`); `{shard}` in report paths becomes I.
    #[arg(long, value_name = "I/N", requires = "account_list", value_parser = parse_shard)]
    pub shard: Option<ShardSpec>,
    /// Accounts audited at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
    pub account_concurrency: u16,
}

impl FleetArgs {
    /// The accounts these flags name.
    fn to_targets(&self) -> Targets {
        if let Some(path) = &self.accounts {
            Targets::AccountsFile(path.clone())
        } else if let Some(role_arn) = &self.role_arn {
            Targets::Role {
                role_arn: role_arn.clone(),
                external_id: self.external_id.clone(),
            }
        } else if self.organization.organization {
            Targets::Organization(self.organization.to_scope())
        } else {
            Targets::CurrentAccount
        }
    }
}

/// The accounts of an AWS Organization, as `audit` and `accounts` discover them.
#[derive(Debug, Args)]
pub(crate) struct OrganizationArgs {
    /// Audit every ACTIVE account of the organization (listed with the scanner's credentials,
    /// from the management account or a delegated administrator), assuming `--role-name` in
    /// each; the management account with the scanner's own credentials.
    #[arg(long)]
    pub organization: bool,
    /// The role assumed in each account of the organization.
    #[arg(long, value_name = "NAME", default_value = DEFAULT_ROLE_NAME, requires = "organization")]
    pub role_name: String,
    /// Only the accounts under this organizational unit (or root), at any depth (repeatable).
    #[arg(long = "ou", value_name = "ID", requires = "organization")]
    pub units: Vec<String>,
    /// Leave this account out (repeatable).
    #[arg(long = "exclude-account", value_name = "ACCOUNT", requires = "organization", value_parser = parse_account_id)]
    pub excluded: Vec<String>,
}

impl OrganizationArgs {
    /// The organization's accounts these flags keep.
    pub(crate) fn to_scope(&self) -> OrganizationScope {
        OrganizationScope {
            role_name: self.role_name.clone(),
            units: self.units.clone(),
            excluded: self.excluded.clone(),
        }
    }
}

fn parse_account_id(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.len() == 12 && text.chars().all(|c| c.is_ascii_digit()) {
        Ok(text.to_owned())
    } else {
        Err(format!("`{text}` is not a 12-digit account id"))
    }
}

/// `--shard I/N` ([`ShardSpec`]).
fn parse_shard(text: &str) -> Result<ShardSpec, String> {
    text.parse()
}

/// What to print and which report files to write: `--format` and one `--<format> FILE` per
/// format a report file can be written in, both from the one table of formats
/// ([`gonogo_reports::Format`]), and `--color`.
#[derive(Debug)]
pub(crate) struct OutputArgs {
    /// Printed on stdout.
    pub format: Format,
    /// Also written, each to its file, in the order of the table.
    pub files: Vec<(Format, PathBuf)>,
    /// When to colour the table.
    pub color: ColorChoice,
    /// The table lists every check, not only those that need attention.
    pub all: bool,
}

impl FromArgMatches for OutputArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let format = matches
            .get_one::<String>("format")
            .map_or(Ok(Format::Table), |name| name.parse::<Format>())
            .map_err(|err| clap::Error::raw(clap::error::ErrorKind::InvalidValue, err))?;
        let files = Format::all()
            .filter(|format| format.written().is_some())
            .filter_map(|format| {
                let path = matches.get_one::<PathBuf>(format.name())?;
                Some((format, path.clone()))
            })
            .collect();
        let color = matches
            .get_one::<ColorChoice>("color")
            .copied()
            .unwrap_or(ColorChoice::Auto);
        Ok(Self {
            format,
            files,
            color,
            all: matches.get_flag("all"),
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for OutputArgs {
    fn augment_args(command: clap::Command) -> clap::Command {
        let printed: Vec<PossibleValue> = Format::all()
            .filter_map(|format| Some(PossibleValue::new(format.name()).help(format.printed()?)))
            .collect();
        let mut command = command.arg(
            Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .help("Format printed on stdout")
                .value_parser(PossibleValuesParser::new(printed))
                .default_value(Format::Table.name()),
        );
        for format in Format::all() {
            if let Some(help) = format.written() {
                command = command.arg(
                    Arg::new(format.name())
                        .long(format.name())
                        .value_name("FILE")
                        .help(help)
                        .value_parser(clap::value_parser!(PathBuf)),
                );
            }
        }
        command
            .arg(
                Arg::new("color")
                    .long("color")
                    .value_name("COLOR")
                    .help("When to colour the table")
                    .value_parser(clap::value_parser!(ColorChoice))
                    .default_value("auto"),
            )
            .arg(
                Arg::new("all")
                    .long("all")
                    .help("The table lists every check: passes and not-applicable ones too (else they are counted in one line; JSON and JUnit are always complete)")
                    .action(clap::ArgAction::SetTrue),
            )
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        Self::augment_args(command)
    }
}

#[derive(Debug, Args)]
pub(crate) struct AccountsArgs {
    #[command(flatten)]
    pub aws: AwsArgs,
    #[command(flatten)]
    pub organization: OrganizationArgs,
}

#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// JSON reports of separate runs (one per account or shard); a directory stands for
    /// every `*.json` file in it.
    #[arg(required = true, value_name = "REPORT.json|DIR")]
    pub reports: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Send the fleet's JSON summary to this SQS queue (as `audit --notify-sqs` does), e.g.
    /// once all shards are merged.
    #[arg(long, value_name = "QUEUE_URL")]
    pub notify_sqs: Option<String>,
    #[command(flatten)]
    pub aws: AwsArgs,
}

/// Where deploy journals live.
#[derive(Debug, Args)]
pub(crate) struct JournalArgs {
    /// Journal directory (one sub-directory per run, and a lock).
    #[arg(long, value_name = "DIR", default_value = ".gonogo/runs")]
    pub journal: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct DeployArgs {
    #[command(flatten)]
    pub aws: AwsArgs,
    #[command(flatten)]
    pub journal: JournalArgs,
    /// Policy file (gates and validation judge by it; its `[[stages]]` are the pipeline).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Take the `[[stages]]` from this file instead of the policy.
    #[arg(long, value_name = "FILE")]
    pub pipeline: Option<PathBuf>,
    /// Print every stage's plan; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Proceed past a CONDITIONAL GO gate; the accepted reasons are recorded.
    #[arg(long)]
    pub accept_risks: bool,
    /// Format printed on stdout.
    #[arg(long, value_enum, default_value_t = DeployFormat::Table)]
    pub format: DeployFormat,
    /// Also write the JSON report to FILE.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Also write the JUnit report to FILE.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Also write the Markdown report to FILE.
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// No live view of the stages on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct RollbackArgs {
    #[command(flatten)]
    pub aws: AwsArgs,
    #[command(flatten)]
    pub journal: JournalArgs,
    /// Policy file (for stages that judge by it).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// The run to undo; default the latest unfinished one.
    #[arg(long, value_name = "ID")]
    pub run: Option<String>,
    /// Format printed on stdout.
    #[arg(long, value_enum, default_value_t = DeployFormat::Table)]
    pub format: DeployFormat,
}

#[derive(Debug, Args)]
pub(crate) struct SnapshotArgs {
    #[command(flatten)]
    pub aws: AwsArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// Where to write the snapshot.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// List the deploy stage kinds instead of the checks.
    #[arg(long)]
    pub stages: bool,
    /// Only the checks this framework maps (see `gonogo frameworks`).
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct PermissionsArgs {
    /// The checks, as `audit` selects them (the policy's disabled checks left out; its
    /// `[[stages]]` with `--stages`).
    #[command(flatten)]
    pub select: SelectArgs,
    /// Also what `gonogo deploy` needs for the policy's `[[stages]]` (every stage kind when
    /// it has none).
    #[arg(long)]
    pub stages: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PermissionsFormat::Json)]
    pub format: PermissionsFormat,
}

/// `permissions` output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum PermissionsFormat {
    /// The IAM policy document: one Allow statement, sorted actions, every resource.
    Json,
    /// Each action with the API call behind it and what needs it.
    Table,
    /// JSON, one object per API call: service, operation, action, needed_by.
    Calls,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// Check id (`security.root-mfa`), framework id (`cis-aws-7.0`) or requirement
    /// (`cis-aws-7.0:2.8`).
    pub id: String,
}

#[derive(Debug, Args)]
pub(crate) struct FrameworksArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Subcommand)]
pub(crate) enum PolicyCommand {
    /// Write the default policy, commented, with every check's parameters, and its JSON
    /// Schema beside it (`gonogo.schema.json`, named by a `#:schema` directive for editors).
    Init(PolicyInitArgs),
    /// Validate a policy file against the registered checks.
    Check(PolicyCheckArgs),
}

#[derive(Debug, Args)]
pub(crate) struct PolicyInitArgs {
    /// Where to write it (`-` for stdout).
    #[arg(long, short, default_value = "gonogo.toml", value_name = "FILE")]
    pub output: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub(crate) struct DocsArgs {
    /// Which page.
    #[arg(value_enum)]
    pub page: DocsPage,
}

/// The pages `gonogo docs` generates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum DocsPage {
    /// The check reference: the catalogue table and one section per check.
    Checks,
}

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// Which schema.
    #[arg(value_enum)]
    pub kind: SchemaKind,
}

/// The schemas `gonogo schema` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaKind {
    /// The policy file (`gonogo.toml`), with every registered check and its parameters.
    Policy,
    /// The JSON report (`--json`).
    Report,
}

#[derive(Debug, Args)]
pub(crate) struct PolicyCheckArgs {
    /// The policy file.
    pub file: PathBuf,
}

/// Deploy and rollback output formats (the journal's, not a report's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum DeployFormat {
    /// A table for people, with the verdict and reasons.
    Table,
    /// The JSON report (schema version 1).
    Json,
    /// JUnit XML for CI test reporters.
    Junit,
    /// Markdown for a CI job summary.
    Markdown,
}

/// `list` output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    /// A table.
    Table,
    /// JSON, one object per check.
    Json,
}

/// When to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

fn parse_category(text: &str) -> Result<Category, String> {
    text.parse()
}

fn parse_profile(text: &str) -> Result<Profile, String> {
    text.parse()
}

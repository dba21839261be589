//! What an audit is asked to do, in plain types: which checks under which policy, where the
//! facts come from (live AWS or a snapshot), which accounts and regions, the baseline and the
//! clock. The CLI maps its arguments to an [`AuditRequest`]; a deploy stage or a scheduler can
//! build one directly.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use gonogo_checks::aws::AwsOptions;
use gonogo_core::framework::Profile;
use gonogo_core::meta::Category;

/// `regions = ["all"]`: every region the account has enabled.
pub const ALL_REGIONS: &str = "all";

/// The role Organizations creates in the accounts it creates.
pub const DEFAULT_ROLE_NAME: &str = "OrganizationAccountAccessRole";

/// One audit.
#[derive(Clone, Debug)]
pub struct AuditRequest {
    /// Which checks, under which policy.
    pub checks: CheckRequest,
    /// How the checks run.
    pub run: RunSettings,
    /// Where the facts come from.
    pub source: FactSource,
    /// Which accounts.
    pub targets: Targets,
    /// The regions, as asked: empty for the configuration's region, `["all"]` for every
    /// enabled one.
    pub regions: Vec<String>,
    /// Only this shard of the accounts (an accounts file or an organization).
    pub shard: Option<ShardSpec>,
    /// Accounts audited at once.
    pub account_concurrency: usize,
    /// A previous JSON report to compare with.
    pub baseline: Option<PathBuf>,
    /// A Terraform plan (`terraform show -json`) to judge the account as it will leave it.
    pub plan: Option<PathBuf>,
}

/// Which checks run, under which policy.
#[derive(Clone, Debug, Default)]
pub struct CheckRequest {
    /// The policy file; `None` reads `gonogo.toml` when there is one, else the defaults.
    pub policy: Option<PathBuf>,
    /// Only these categories.
    pub categories: Vec<Category>,
    /// Only these check ids.
    pub ids: Vec<String>,
    /// Only checks with one of these tags.
    pub tags: Vec<String>,
    /// Only the checks of these frameworks, whose views the report also carries.
    pub frameworks: Vec<String>,
    /// The frameworks' profile (level), when one is asked for.
    pub framework_profile: Option<Profile>,
}

/// How the checks run.
#[derive(Clone, Debug)]
pub struct RunSettings {
    /// Checks run at once.
    pub concurrency: usize,
    /// How long a check (and any one AWS call) may take.
    pub timeout: Duration,
    /// The most AWS requests a second to one account and region; `None` leaves it to the
    /// policy's `max_requests_per_second`.
    pub max_rps: Option<f64>,
    /// The audit's clock (RFC 3339 or YYYY-MM-DD); `None` is now (a snapshot's time for a
    /// snapshot).
    pub now: Option<String>,
}

impl Default for RunSettings {
    fn default() -> Self {
        Self {
            concurrency: 16,
            timeout: Duration::from_secs(60),
            max_rps: None,
            now: None,
        }
    }
}

/// Where the facts come from.
#[derive(Clone, Debug)]
pub enum FactSource {
    /// AWS, through the SDK configuration these options resolve to.
    Live(AwsOptions),
    /// The facts recorded in this snapshot file (`gonogo snapshot`): no network.
    Snapshot(PathBuf),
}

/// Which accounts to audit.
#[derive(Clone, Debug, Default)]
pub enum Targets {
    /// The account of the current credentials.
    #[default]
    CurrentAccount,
    /// The accounts of an accounts file, each through its role.
    AccountsFile(PathBuf),
    /// The account of one role, assumed through STS.
    Role {
        /// The role's ARN.
        role_arn: String,
        /// The external id the role asks for.
        external_id: Option<String>,
    },
    /// The ACTIVE accounts of the organization the credentials can list.
    Organization(OrganizationScope),
}

/// The accounts of an AWS Organization to audit.
#[derive(Clone, Debug)]
pub struct OrganizationScope {
    /// The role assumed in each account.
    pub role_name: String,
    /// Only the accounts under these organizational units (or roots), at any depth.
    pub units: Vec<String>,
    /// Accounts left out.
    pub excluded: Vec<String>,
}

impl Default for OrganizationScope {
    fn default() -> Self {
        Self {
            role_name: DEFAULT_ROLE_NAME.to_owned(),
            units: Vec::new(),
            excluded: Vec::new(),
        }
    }
}

/// One shard of N (`I/N`), its index given or read from an environment variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardSpec {
    /// This shard, 0-based, or the environment variable that holds it.
    pub index: ShardIndex,
    /// How many there are.
    pub count: usize,
}

/// Where the shard index comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShardIndex {
    /// Given.
    Number(usize),
    /// Read from this environment variable when the audit starts.
    Env(String),
}

/// A shard with its index known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// This shard, 0-based.
    pub index: usize,
    /// How many there are.
    pub count: usize,
}

impl ShardSpec {
    /// The shard, reading the index from the environment when it names a variable.
    pub fn resolve(&self) -> Result<Shard, String> {
        let index = match &self.index {
            ShardIndex::Number(index) => *index,
            ShardIndex::Env(name) => {
                let value = std::env::var(name)
                    .map_err(|_| format!("--shard: the environment variable {name} is not set"))?;
                value
                    .trim()
                    .parse()
                    .map_err(|_| format!("--shard: {name} is `{value}`, not a shard index"))?
            }
        };
        if index >= self.count {
            return Err(format!(
                "--shard {index}/{}: the index must be 0 to {}",
                self.count,
                self.count - 1
            ));
        }
        Ok(Shard {
            index,
            count: self.count,
        })
    }
}

/// `I/N`, where `I` is a number or the name of an environment variable holding it
/// (`JOB_COMPLETION_INDEX/4` in a Kubernetes Indexed Job, `AWS_BATCH_JOB_ARRAY_INDEX/4` in an
/// AWS Batch array job), so schedulers need no shell to pass their index.
impl FromStr for ShardSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (index, count) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}` is not I/N"))?;
        let index = index.trim();
        let index = if !index.is_empty() && index.chars().all(|c| c.is_ascii_digit()) {
            ShardIndex::Number(
                index
                    .parse()
                    .map_err(|_| format!("`{index}` is not a shard index"))?,
            )
        } else if !index.is_empty()
            && index
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            ShardIndex::Env(index.to_owned())
        } else {
            return Err(format!(
                "`{index}` is neither a shard index nor an environment variable name"
            ));
        };
        let count: usize = count
            .trim()
            .parse()
            .map_err(|_| format!("`{count}` is not a shard count"))?;
        if count == 0 {
            return Err("the shard count must be at least 1".to_owned());
        }
        if let ShardIndex::Number(i) = index
            && i >= count
        {
            return Err(format!(
                "shard {i}/{count}: the index must be 0 to {}",
                count - 1
            ));
        }
        Ok(ShardSpec { index, count })
    }
}

//! A plan's changes made ready for the overlay: each resource's region (its provider
//! configuration's, when that is a constant) and the resources it refers to (from the plan's
//! `configuration`), so that a satellite finds its parent even when the parent's id is known
//! only after apply.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use super::file::{ChangeKind, ResourceChange, TerraformPlan};

/// One planned change with what the overlay needs to place it.
#[derive(Clone, Debug)]
pub struct Planned {
    /// The change as the plan has it.
    pub change: ResourceChange,
    /// What it does.
    pub kind: ChangeKind,
    /// The region it goes to: its provider configuration's when that is a constant, else the
    /// audited region.
    pub region: String,
    /// For each argument that refers to another resource of the plan, that resource's address
    /// (`bucket` → `aws_s3_bucket.logs`; a nested block's argument as
    /// `access_log_settings.destination_arn`).
    pub references: BTreeMap<String, String>,
}

impl Planned {
    /// Its address.
    pub fn address(&self) -> &str {
        &self.change.address
    }

    /// Its type.
    pub fn resource_type(&self) -> &str {
        &self.change.resource_type
    }

    /// The value of `attribute` after the change, when known and not null.
    pub fn after(&self, attribute: &str) -> Option<&Value> {
        self.change.after.get(attribute).filter(|v| !v.is_null())
    }

    /// A string attribute after the change, when known and not empty.
    pub fn after_str(&self, attribute: &str) -> Option<&str> {
        self.after(attribute)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }

    /// A boolean attribute after the change, when known.
    pub fn after_bool(&self, attribute: &str) -> Option<bool> {
        self.after(attribute).and_then(Value::as_bool)
    }

    /// The value of `attribute` before the change (the live resource's, as Terraform's state
    /// has it).
    pub fn before_str(&self, attribute: &str) -> Option<&str> {
        self.change.before.get(attribute).and_then(Value::as_str)
    }

    /// Whether any part of `attribute` is known only after apply.
    pub fn is_unknown(&self, attribute: &str) -> bool {
        self.change
            .after_unknown
            .get(attribute)
            .is_some_and(contains_true)
    }

    /// Whether the change removes the resource from the account as it will be (a replace
    /// removes the old one and adds the new).
    pub fn removes(&self) -> bool {
        matches!(self.kind, ChangeKind::Delete | ChangeKind::Replace)
    }

    /// Whether the resource exists after the change.
    pub fn remains(&self) -> bool {
        matches!(
            self.kind,
            ChangeKind::Create | ChangeKind::Update | ChangeKind::Replace
        )
    }
}

fn contains_true(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::Array(items) => items.iter().any(contains_true),
        Value::Object(fields) => fields.values().any(contains_true),
        _ => false,
    }
}

/// Every change of a plan that does something, placed.
#[derive(Clone, Debug, Default)]
pub struct PlannedChanges {
    /// The plan's `format_version`.
    pub format_version: String,
    /// The Terraform (or OpenTofu) version that wrote it.
    pub terraform_version: String,
    /// The changes, in the plan's order (no-ops and reads left out).
    pub changes: Vec<Planned>,
    /// Each change's position in `changes`, by address.
    by_address: HashMap<String, usize>,
}

impl PlannedChanges {
    /// Places the changes of `plan`; a resource whose provider region is not a constant goes
    /// to `audited_region`.
    pub fn new(plan: &TerraformPlan, audited_region: &str) -> Self {
        let configuration = ConfigIndex::new(&plan.configuration);
        let addresses: HashSet<&str> = plan
            .resource_changes
            .iter()
            .map(|change| change.address.as_str())
            .collect();
        let changes: Vec<Planned> = plan
            .resource_changes
            .iter()
            .filter(|change| change.kind() != ChangeKind::None)
            .map(|change| {
                let config = configuration.resource(change);
                Planned {
                    kind: change.kind(),
                    region: config
                        .and_then(|c| configuration.region(c, &change.address))
                        .unwrap_or_else(|| audited_region.to_owned()),
                    references: config
                        .map(|c| references(c, change, &addresses))
                        .unwrap_or_default(),
                    change: change.clone(),
                }
            })
            .collect();
        let by_address = changes
            .iter()
            .enumerate()
            .map(|(at, planned)| (planned.address().to_owned(), at))
            .collect();
        Self {
            format_version: plan.format_version.clone(),
            terraform_version: plan.terraform_version.clone(),
            changes,
            by_address,
        }
    }

    /// The change at `address`.
    pub fn at(&self, address: &str) -> Option<&Planned> {
        self.by_address.get(address).map(|at| &self.changes[*at])
    }

    /// How many changes do `kind`.
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }
}

/// The plan's configuration, indexed by each resource's module path and `type.name`.
struct ConfigIndex<'p> {
    resources: BTreeMap<String, &'p Value>,
    providers: &'p Value,
}

impl<'p> ConfigIndex<'p> {
    fn new(configuration: &'p Value) -> Self {
        let mut resources = BTreeMap::new();
        if let Some(root) = configuration.get("root_module") {
            index_module(root, "", &mut resources);
        }
        Self {
            resources,
            providers: &configuration["provider_config"],
        }
    }

    /// The configuration block of a change's resource (module instance keys and the
    /// resource's own index dropped: every instance shares its block).
    fn resource(&self, change: &ResourceChange) -> Option<&'p Value> {
        self.resources
            .get(&without_indexes(&change.address))
            .copied()
    }

    /// The region of the resource's provider configuration, when it is a constant.
    fn region(&self, resource: &Value, address: &str) -> Option<String> {
        let key = resource.get("provider_config_key")?.as_str()?;
        // Inside a module the key may be `module:aws`, or name the parent's configuration.
        let provider = self.providers.get(key).or_else(|| {
            key.rsplit_once(':')
                .and_then(|(_, own)| self.providers.get(own))
        });
        let region = provider?
            .pointer("/expressions/region/constant_value")?
            .as_str()?;
        tracing::debug!(address, region, "planned resource placed by its provider");
        Some(region.to_owned())
    }
}

fn index_module<'p>(module: &'p Value, prefix: &str, into: &mut BTreeMap<String, &'p Value>) {
    for resource in module["resources"].as_array().into_iter().flatten() {
        if let Some(address) = resource["address"].as_str() {
            into.insert(format!("{prefix}{address}"), resource);
        }
    }
    for (name, call) in module["module_calls"].as_object().into_iter().flatten() {
        if let Some(child) = call.get("module") {
            index_module(child, &format!("{prefix}module.{name}."), into);
        }
    }
}

/// `module.net["a"].aws_sg.web[0]` → `module.net.aws_sg.web`.
fn without_indexes(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0usize;
    let mut in_string = false;
    for ch in address.chars() {
        match ch {
            '"' if depth > 0 => in_string = !in_string,
            '[' if !in_string => depth += 1,
            ']' if !in_string => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out
}

/// For each argument of `resource` that refers to a resource of the plan, that resource's
/// address, in the same module (and the same index, for `count` and `for_each` resources
/// referring to their siblings).
fn references(
    resource: &Value,
    change: &ResourceChange,
    addresses: &HashSet<&str>,
) -> BTreeMap<String, String> {
    let module = module_prefix(&change.address);
    let own_index = change
        .address
        .strip_prefix(&module)
        .and_then(|local| local.find('[').map(|at| &local[at..]))
        .unwrap_or("");
    let mut found = BTreeMap::new();
    // An argument's expression, and a nested block's (`access_log_settings.destination_arn`).
    let mut expressions: Vec<(String, &Value)> = Vec::new();
    for (argument, expression) in resource["expressions"].as_object().into_iter().flatten() {
        expressions.push((argument.clone(), expression));
        for block in expression.as_array().into_iter().flatten() {
            for (field, nested) in block.as_object().into_iter().flatten() {
                expressions.push((format!("{argument}.{field}"), nested));
            }
        }
    }
    for (argument, expression) in expressions {
        let refs = expression["references"].as_array().into_iter().flatten();
        for reference in refs.filter_map(Value::as_str) {
            let Some(target) = resource_of(reference) else {
                continue;
            };
            let candidates = [
                format!("{module}{target}"),
                format!("{module}{target}{own_index}"),
            ];
            if let Some(address) = candidates
                .into_iter()
                .find(|candidate| addresses.contains(candidate.as_str()))
            {
                found.insert(argument, address);
                break;
            }
        }
    }
    found
}

/// The module part of an address, with its trailing dot (`module.net.`), or "".
fn module_prefix(address: &str) -> String {
    let mut prefix = String::new();
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find('.').map_or(after.len(), |dot| dot + 1);
        prefix.push_str("module.");
        prefix.push_str(&after[..end]);
        rest = &after[end..];
    }
    prefix
}

/// The resource a reference names (`aws_s3_bucket.logs.id` → `aws_s3_bucket.logs`, keeping
/// an index: `aws_s3_bucket.logs[0].id` → `aws_s3_bucket.logs[0]`); `None` for variables,
/// locals, data sources, modules and the like.
fn resource_of(reference: &str) -> Option<&str> {
    let (kind, rest) = reference.split_once('.')?;
    if !kind.starts_with("aws_") {
        return None;
    }
    let name_end = rest.find('.').unwrap_or(rest.len());
    Some(&reference[..kind.len() + 1 + name_end])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan of `testdata/regions`, placed with eu-west-1 audited.
    fn regions() -> PlannedChanges {
        let text = include_str!("testdata/regions.plan.json");
        let plan = TerraformPlan::parse(text.as_bytes(), "regions.plan.json").unwrap();
        PlannedChanges::new(&plan, "eu-west-1")
    }

    #[test]
    fn a_resource_goes_to_its_providers_constant_region() {
        let changes = regions();
        let region = |address: &str| changes.at(address).unwrap().region.as_str();
        assert_eq!(
            region("aws_sqs_queue.here"),
            "us-east-1",
            "the default provider's"
        );
        assert_eq!(region("aws_sqs_queue.west"), "us-west-2", "an alias's");
        assert_eq!(
            region("aws_sqs_queue.chosen"),
            "eu-west-1",
            "a region the configuration does not fix: the audited one"
        );
        assert_eq!(
            region("module.net.aws_security_group.g"),
            "us-west-2",
            "a module's resource, through the provider the module was given"
        );
    }

    #[test]
    fn satellites_find_their_parent_through_the_configuration() {
        let changes = regions();
        let references = |address: &str| changes.at(address).unwrap().references.clone();
        assert_eq!(
            references("aws_s3_bucket_public_access_block.logs[1]")["bucket"],
            "aws_s3_bucket.logs[1]",
            "a counted satellite, its own index"
        );
        assert_eq!(
            references("module.net.aws_vpc_security_group_ingress_rule.ssh")["security_group_id"],
            "module.net.aws_security_group.g",
            "in the module it is declared in"
        );
    }

    #[test]
    fn addresses_lose_their_indexes() {
        assert_eq!(
            without_indexes("module.net[\"a.b\"].aws_sg.web[0]"),
            "module.net.aws_sg.web"
        );
        assert_eq!(
            module_prefix("module.a.module.b[1].aws_sg.web"),
            "module.a.module.b[1]."
        );
        assert_eq!(module_prefix("aws_sg.web"), "");
    }

    #[test]
    fn references_name_resources_only() {
        assert_eq!(
            resource_of("aws_s3_bucket.logs.id"),
            Some("aws_s3_bucket.logs")
        );
        assert_eq!(
            resource_of("aws_s3_bucket.logs[0].id"),
            Some("aws_s3_bucket.logs[0]")
        );
        assert_eq!(
            resource_of("aws_s3_bucket.logs"),
            Some("aws_s3_bucket.logs")
        );
        assert_eq!(resource_of("var.bucket"), None);
        assert_eq!(resource_of("data.aws_caller_identity.me.id"), None);
    }
}

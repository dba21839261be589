//! CIS 5.1 to 5.15: the multi-region trail's log group has a metric filter for a kind of
//! event, an alarm watches the filter's metric, and the alarm notifies an SNS topic someone
//! subscribes to. One table of patterns; a check per row.
//!
//! A filter matches when its pattern holds every term of the row, compared without spaces
//! or quotes, each term ending where a name ends (`CreateRoute` is not `CreateRouteTable`).
//! Extra terms in the pattern (narrowing by user, say) are accepted, as AWS's guidance does.

use crate::facts::{MonitoredTrail, TrailMetricAlarms};
use crate::prelude::*;

/// A pattern without spaces or double quotes.
fn normalized(pattern: &str) -> String {
    pattern
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '"')
        .collect()
}

/// Whether `pattern` holds `term` as a whole: the character after it does not continue a name.
fn holds(pattern: &str, term: &str) -> bool {
    let term = normalized(term);
    pattern.match_indices(&term).any(|(at, _)| {
        pattern[at + term.len()..]
            .chars()
            .next()
            .is_none_or(|next| !next.is_alphanumeric() && next != '_')
    })
}

/// Whether a filter pattern covers every term.
fn covers(pattern: &str, terms: &[&str]) -> bool {
    let pattern = normalized(pattern);
    terms.iter().all(|term| holds(&pattern, term))
}

/// The finding for one requirement over every monitored trail: the first complete chain, or
/// the furthest link reached.
fn judge(trails: &TrailMetricAlarms, what: &str, terms: &[&str], account: &str) -> Finding {
    let anywhere = format!("arn:aws:cloudtrail::{account}:trail/*");
    if trails.trails.is_empty() {
        return Finding::fail(
            anywhere,
            "no logging multi-region trail delivers to CloudWatch Logs",
        );
    }
    let mut furthest = String::new();
    for MonitoredTrail {
        log_group, filters, ..
    } in &trails.trails
    {
        for filter in filters.iter().filter(|f| covers(&f.pattern, terms)) {
            if let Some(alarm) = filter
                .alarms
                .iter()
                .find(|alarm| !alarm.subscribed_topics.is_empty())
            {
                return Finding::pass(
                    &alarm.arn,
                    format!(
                        "{} on {log_group} alarms {} to {}",
                        filter.name,
                        alarm.name,
                        alarm.subscribed_topics.join(", ")
                    ),
                );
            }
            furthest = match filter.alarms.first() {
                Some(alarm) => format!(
                    "alarm {} on {} notifies no SNS topic with a subscriber",
                    alarm.name, filter.name
                ),
                None => format!("metric filter {} on {log_group} has no alarm", filter.name),
            };
        }
    }
    if furthest.is_empty() {
        let groups: Vec<&str> = trails.trails.iter().map(|t| t.log_group.as_str()).collect();
        furthest = format!("no metric filter on {} catches {what}", groups.join(", "));
    }
    Finding::fail(anywhere, furthest)
}

/// Declares a check per row: its struct, id, title, severity, the events in words, why they
/// matter, the guidance's pattern (for the remediation) and the terms a filter must hold.
macro_rules! trail_alarm_checks {
    ($(
        $name:ident, $id:literal, $title:literal, $severity:ident,
        what: $what:literal,
        why: $why:literal,
        pattern: $pattern:literal,
        terms: [$($term:literal),+ $(,)?];
    )+) => {$(
        declare_check! {
            /// ## What it checks
            /// An alarm that reaches someone is raised on these events:
            #[doc = $what]
            /// The chain: a logging multi-region trail delivers to CloudWatch Logs, a metric
            /// filter on that log group holds every term of AWS's pattern, an alarm watches the
            /// filter's metric, and the alarm notifies an SNS topic with a confirmed subscriber.
            /// ## Why it matters
            #[doc = $why]
            /// ## Remediation
            /// Put a metric filter on the trail's log group with the pattern
            #[doc = $pattern]
            /// (`aws logs put-metric-filter`), an alarm on its metric (`aws cloudwatch
            /// put-metric-alarm --alarm-actions TOPIC`), and subscribe someone to the topic.
            pub struct $name;
            id: $id,
            title: $title,
            category: Monitoring,
            severity: $severity,
            scope: Global,
            presence: Required,
            facts: [TrailMetricAlarms, crate::facts::CallerIdentity],
            tags: ["logging", "alarms"],
        }

        #[async_trait]
        impl Check for $name {
            async fn run(&self, cx: &CheckCtx) -> Result<Outcome, CheckError> {
                let trails = cx.fact::<TrailMetricAlarms>().await?;
                let identity = cx.fact::<crate::facts::CallerIdentity>().await?;
                let finding = judge(&trails, $what, &[$($term),+], &identity.account_id);
                Ok(cx.judge("accounts", vec![finding]))
            }
        }
    )+};
}

trail_alarm_checks! {
    UnauthorizedCallsAlarm, "monitoring.alarm-unauthorized-calls",
    "Unauthorized API calls are alarmed on", Medium,
    what: "unauthorized API calls",
    why: "A burst of AccessDenied errors is how a stolen key probing its permissions shows.",
    pattern: "`{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }`",
    terms: ["$.errorCode = \"*UnauthorizedOperation\"", "$.errorCode = \"AccessDenied*\""];

    ConsoleNoMfaAlarm, "monitoring.alarm-console-without-mfa",
    "Console sign-in without MFA is alarmed on", Medium,
    what: "console sign-in without MFA",
    why: "A console sign-in without MFA means a password alone opened the account.",
    pattern: "`{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") }`",
    terms: ["$.eventName = \"ConsoleLogin\"", "$.additionalEventData.MFAUsed != \"Yes\""];

    RootUseAlarm, "monitoring.alarm-root-use",
    "Use of the root user is alarmed on", High,
    what: "use of the root user",
    why: "The root user can do anything and should never be used day to day.",
    pattern: "`{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }`",
    terms: ["$.userIdentity.type = \"Root\"", "$.userIdentity.invokedBy NOT EXISTS", "$.eventType != \"AwsServiceEvent\""];

    IamPolicyChangesAlarm, "monitoring.alarm-iam-policy-changes",
    "IAM policy changes are alarmed on", Medium,
    what: "IAM policy changes",
    why: "A changed policy is how access widens, by mistake or by an intruder.",
    pattern: "`{ ($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || … || ($.eventName=DetachGroupPolicy) }`",
    terms: ["$.eventName=DeleteGroupPolicy", "$.eventName=DeleteRolePolicy", "$.eventName=DeleteUserPolicy",
        "$.eventName=PutGroupPolicy", "$.eventName=PutRolePolicy", "$.eventName=PutUserPolicy",
        "$.eventName=CreatePolicy", "$.eventName=DeletePolicy", "$.eventName=CreatePolicyVersion",
        "$.eventName=DeletePolicyVersion", "$.eventName=AttachRolePolicy", "$.eventName=DetachRolePolicy",
        "$.eventName=AttachUserPolicy", "$.eventName=DetachUserPolicy", "$.eventName=AttachGroupPolicy",
        "$.eventName=DetachGroupPolicy"];

    CloudTrailChangesAlarm, "monitoring.alarm-cloudtrail-changes",
    "CloudTrail configuration changes are alarmed on", Medium,
    what: "CloudTrail configuration changes",
    why: "Stopping or changing a trail is the first thing an intruder covering their tracks does.",
    pattern: "`{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }`",
    terms: ["$.eventName=CreateTrail", "$.eventName=UpdateTrail", "$.eventName=DeleteTrail",
        "$.eventName=StartLogging", "$.eventName=StopLogging"];

    ConsoleFailuresAlarm, "monitoring.alarm-console-failures",
    "Console authentication failures are alarmed on", Low,
    what: "console authentication failures",
    why: "Repeated failed sign-ins are a password being guessed.",
    pattern: "`{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }`",
    terms: ["$.eventName = ConsoleLogin", "$.errorMessage = \"Failed authentication\""];

    KmsKeyDeletionAlarm, "monitoring.alarm-kms-key-deletion",
    "Disabling or deleting customer KMS keys is alarmed on", Medium,
    what: "disabling or scheduled deletion of customer KMS keys",
    why: "Data encrypted under a deleted key is gone for good.",
    pattern: "`{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }`",
    terms: ["$.eventSource = kms.amazonaws.com", "$.eventName = DisableKey", "$.eventName = ScheduleKeyDeletion"];

    BucketPolicyChangesAlarm, "monitoring.alarm-s3-policy-changes",
    "S3 bucket policy changes are alarmed on", Medium,
    what: "S3 bucket policy changes",
    why: "A changed bucket policy or ACL is how a bucket becomes public.",
    pattern: "`{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || … || ($.eventName = DeleteBucketReplication)) }`",
    terms: ["$.eventSource = s3.amazonaws.com", "$.eventName = PutBucketAcl", "$.eventName = PutBucketPolicy",
        "$.eventName = PutBucketCors", "$.eventName = PutBucketLifecycle", "$.eventName = PutBucketReplication",
        "$.eventName = DeleteBucketPolicy", "$.eventName = DeleteBucketCors",
        "$.eventName = DeleteBucketLifecycle", "$.eventName = DeleteBucketReplication"];

    ConfigChangesAlarm, "monitoring.alarm-config-changes",
    "AWS Config changes are alarmed on", Low,
    what: "AWS Config configuration changes",
    why: "Stopping the recorder blinds the configuration history.",
    pattern: "`{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }`",
    terms: ["$.eventSource = config.amazonaws.com", "$.eventName = StopConfigurationRecorder",
        "$.eventName = DeleteDeliveryChannel", "$.eventName = PutDeliveryChannel",
        "$.eventName = PutConfigurationRecorder"];

    SecurityGroupChangesAlarm, "monitoring.alarm-security-group-changes",
    "Security group changes are alarmed on", Low,
    what: "security group changes",
    why: "An opened security group exposes whatever it guards.",
    pattern: "`{ ($.eventName = AuthorizeSecurityGroupIngress) || … || ($.eventName = DeleteSecurityGroup) }`",
    terms: ["$.eventName = AuthorizeSecurityGroupIngress", "$.eventName = AuthorizeSecurityGroupEgress",
        "$.eventName = RevokeSecurityGroupIngress", "$.eventName = RevokeSecurityGroupEgress",
        "$.eventName = CreateSecurityGroup", "$.eventName = DeleteSecurityGroup"];

    NetworkAclChangesAlarm, "monitoring.alarm-nacl-changes",
    "Network ACL changes are alarmed on", Low,
    what: "network ACL changes",
    why: "A changed network ACL can open a whole subnet.",
    pattern: "`{ ($.eventName = CreateNetworkAcl) || … || ($.eventName = ReplaceNetworkAclAssociation) }`",
    terms: ["$.eventName = CreateNetworkAcl", "$.eventName = CreateNetworkAclEntry", "$.eventName = DeleteNetworkAcl",
        "$.eventName = DeleteNetworkAclEntry", "$.eventName = ReplaceNetworkAclEntry",
        "$.eventName = ReplaceNetworkAclAssociation"];

    GatewayChangesAlarm, "monitoring.alarm-gateway-changes",
    "Network gateway changes are alarmed on", Low,
    what: "network gateway changes",
    why: "A new or moved gateway changes what can reach the internet and what the internet can reach.",
    pattern: "`{ ($.eventName = CreateCustomerGateway) || … || ($.eventName = DetachInternetGateway) }`",
    terms: ["$.eventName = CreateCustomerGateway", "$.eventName = DeleteCustomerGateway",
        "$.eventName = AttachInternetGateway", "$.eventName = CreateInternetGateway",
        "$.eventName = DeleteInternetGateway", "$.eventName = DetachInternetGateway"];

    RouteTableChangesAlarm, "monitoring.alarm-route-table-changes",
    "Route table changes are alarmed on", Low,
    what: "route table changes",
    why: "A changed route can send private traffic somewhere else.",
    pattern: "`{ ($.eventName = CreateRoute) || … || ($.eventName = DisassociateRouteTable) }`",
    terms: ["$.eventName = CreateRoute", "$.eventName = CreateRouteTable", "$.eventName = ReplaceRoute",
        "$.eventName = ReplaceRouteTableAssociation", "$.eventName = DeleteRouteTable",
        "$.eventName = DeleteRoute", "$.eventName = DisassociateRouteTable"];

    VpcChangesAlarm, "monitoring.alarm-vpc-changes",
    "VPC changes are alarmed on", Low,
    what: "VPC changes",
    why: "A new peering or a changed VPC attribute joins networks that were apart.",
    pattern: "`{ ($.eventName = CreateVpc) || … || ($.eventName = EnableVpcClassicLink) }`",
    terms: ["$.eventName = CreateVpc", "$.eventName = DeleteVpc", "$.eventName = ModifyVpcAttribute",
        "$.eventName = AcceptVpcPeeringConnection", "$.eventName = CreateVpcPeeringConnection",
        "$.eventName = DeleteVpcPeeringConnection", "$.eventName = RejectVpcPeeringConnection",
        "$.eventName = AttachClassicLinkVpc", "$.eventName = DetachClassicLinkVpc",
        "$.eventName = DisableVpcClassicLink", "$.eventName = EnableVpcClassicLink"];

    OrganizationsChangesAlarm, "monitoring.alarm-organizations-changes",
    "AWS Organizations changes are alarmed on", Low,
    what: "AWS Organizations changes",
    why: "Changes to the organization move accounts and guardrails.",
    pattern: "`{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = \"AcceptHandshake\") || … || ($.eventName = \"UpdateOrganizationalUnit\")) }`",
    terms: ["$.eventSource = organizations.amazonaws.com", "$.eventName = AcceptHandshake",
        "$.eventName = AttachPolicy", "$.eventName = CreateAccount", "$.eventName = CreateOrganizationalUnit",
        "$.eventName = CreatePolicy", "$.eventName = DeclineHandshake", "$.eventName = DeleteOrganization",
        "$.eventName = DeleteOrganizationalUnit", "$.eventName = DeletePolicy", "$.eventName = DetachPolicy",
        "$.eventName = DisablePolicyType", "$.eventName = EnablePolicyType",
        "$.eventName = InviteAccountToOrganization", "$.eventName = LeaveOrganization",
        "$.eventName = MoveAccount", "$.eventName = RemoveAccountFromOrganization",
        "$.eventName = UpdatePolicy", "$.eventName = UpdateOrganizationalUnit"];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_without_spaces_or_quotes_and_by_whole_names() {
        let root = r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#;
        assert!(covers(
            root,
            &[
                "$.userIdentity.type = \"Root\"",
                "$.userIdentity.invokedBy NOT EXISTS",
                "$.eventType != \"AwsServiceEvent\""
            ]
        ));
        assert!(!covers(
            r#"{ $.userIdentity.type = "Root" }"#,
            &[
                "$.userIdentity.type = \"Root\"",
                "$.eventType != \"AwsServiceEvent\""
            ]
        ));
        let tables = "{ ($.eventName = CreateRouteTable) }";
        assert!(covers(tables, &["$.eventName = CreateRouteTable"]));
        assert!(
            !covers(tables, &["$.eventName = CreateRoute"]),
            "a longer name is another event"
        );
    }
}

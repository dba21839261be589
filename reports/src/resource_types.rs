//! ASFF resource types (`AwsS3Bucket`), which Security Hub and OCSF consumers (Prowler's
//! `resources.type`) both read, from a resource's ARN.

/// ASFF resource types by ARN service and resource-type prefix; any other ARN is `Other`.
const RESOURCE_TYPES: &[(&str, &str, &str)] = &[
    ("s3", "", "AwsS3Bucket"),
    ("iam", "role/", "AwsIamRole"),
    ("iam", "user/", "AwsIamUser"),
    ("iam", "policy/", "AwsIamPolicy"),
    ("iam", "group/", "AwsIamGroup"),
    ("iam", "root", "AwsAccount"),
    ("ec2", "security-group/", "AwsEc2SecurityGroup"),
    ("ec2", "instance/", "AwsEc2Instance"),
    ("ec2", "vpc/", "AwsEc2Vpc"),
    ("ec2", "volume/", "AwsEc2Volume"),
    ("ec2", "subnet/", "AwsEc2Subnet"),
    ("ec2", "network-acl/", "AwsEc2NetworkAcl"),
    ("sqs", "", "AwsSqsQueue"),
    ("sns", "", "AwsSnsTopic"),
    ("lambda", "function:", "AwsLambdaFunction"),
    ("rds", "db:", "AwsRdsDbInstance"),
    ("rds", "cluster:", "AwsRdsDbCluster"),
    ("kms", "key/", "AwsKmsKey"),
    ("dynamodb", "table/", "AwsDynamoDbTable"),
    ("cloudtrail", "trail/", "AwsCloudTrailTrail"),
    (
        "elasticloadbalancing",
        "loadbalancer/",
        "AwsElbv2LoadBalancer",
    ),
    ("acm", "certificate/", "AwsCertificateManagerCertificate"),
    ("secretsmanager", "secret:", "AwsSecretsManagerSecret"),
    ("ecs", "task-definition/", "AwsEcsTaskDefinition"),
    ("ecs", "cluster/", "AwsEcsCluster"),
    ("logs", "log-group:", "AwsLogsLogGroup"),
    ("guardduty", "detector/", "AwsGuardDutyDetector"),
];

/// The ASFF type of `resource`: by its ARN, `AwsAccount` for the account itself (a
/// check-level record), else `Other`.
pub fn resource_type(resource: &str) -> &'static str {
    if resource.is_empty() {
        return "AwsAccount";
    }
    let mut parts = resource.splitn(6, ':');
    let (Some("arn"), Some(_), Some(service), Some(_), Some(_), Some(rest)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return "Other";
    };
    RESOURCE_TYPES
        .iter()
        .find(|(s, prefix, _)| *s == service && rest.starts_with(prefix))
        .map_or("Other", |(_, _, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_types_come_from_the_arn() {
        assert_eq!(resource_type("arn:aws:s3:::logs"), "AwsS3Bucket");
        assert_eq!(
            resource_type("arn:aws:iam::123456789012:role/x"),
            "AwsIamRole"
        );
        assert_eq!(
            resource_type("arn:aws:ec2:us-east-1:123456789012:security-group/sg-1"),
            "AwsEc2SecurityGroup"
        );
        assert_eq!(resource_type(""), "AwsAccount");
        assert_eq!(
            resource_type("https://sqs.us-east-1.amazonaws.com/1/q"),
            "Other"
        );
        assert_eq!(resource_type("arn:aws:xray:us-east-1:1:group/x"), "Other");
    }
}

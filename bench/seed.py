"""Seeds a moto server with an account of a given scale for the benchmark.

Scale 1 is 5 IAM users, 5 queues, 5 alarms, 3 tables, 1 DB instance and 1 ECS service, and for
the CIS and FSBP checks 2 security groups, 2 buckets (one with a policy), 1 KMS key, 1 SNS topic
with a subscriber, 1 EFS file system, 1 instance, 1 VPC, 1 secret with a resource policy, 1 event
bus, 1 log group, 1 load balancer with a target group and a listener, 1 imported ACM
certificate, 1 Route 53 health check with its status metric, 1 REST API and 1 HTTP API with a
stage each; scale N is N times that (scale 100: 500 users, 500 queues, 500 alarms, 300 tables,
100 DB instances, 100 ECS services, 200 groups, 200 buckets, 100 keys, 100 topics, 100 file
systems, 100 instances, 100 VPCs, 100 secrets, 100 event buses, 100 log groups, 100 load
balancers, 100 certificates, 100 health checks and 200 APIs). Each account also gets a
multi-region trail into CloudWatch Logs with a metric filter and its alarm, a Config recorder,
Security Hub and a GuardDuty detector. Run by bench/run.sh and bench/fleet.sh, not by CI.

    seed.py ENDPOINT SCALE [ACCOUNT_ID [REGION]]

With an account id, the account is reached by assuming a role into it (moto serves AssumeRole
into any account); with a region, the regional resources go there.
"""
import datetime
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

endpoint, scale = sys.argv[1], int(sys.argv[2])
account = sys.argv[3] if len(sys.argv) > 3 else None
region = sys.argv[4] if len(sys.argv) > 4 else "us-east-1"
kw = dict(endpoint_url=endpoint, region_name=region,
          aws_access_key_id="testing", aws_secret_access_key="testing")
if account:
    creds = boto3.client("sts", **kw).assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/seeder", RoleSessionName="bench")["Credentials"]
    kw.update(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
              aws_session_token=creds["SessionToken"])
iam, sqs, cw = boto3.client("iam", **kw), boto3.client("sqs", **kw), boto3.client("cloudwatch", **kw)
ddb, rds, ecs = boto3.client("dynamodb", **kw), boto3.client("rds", **kw), boto3.client("ecs", **kw)
budgets = boto3.client("budgets", **kw)
ec2, s3, kms = boto3.client("ec2", **kw), boto3.client("s3", **kw), boto3.client("kms", **kw)
sns, efs, logs = boto3.client("sns", **kw), boto3.client("efs", **kw), boto3.client("logs", **kw)
trail, config = boto3.client("cloudtrail", **kw), boto3.client("config", **kw)
hub = boto3.client("securityhub", **kw)
secrets, events = boto3.client("secretsmanager", **kw), boto3.client("events", **kw)
elbv2, lam = boto3.client("elbv2", **kw), boto3.client("lambda", **kw)
acm, route53 = boto3.client("acm", **kw), boto3.client("route53", **kw)
apigw, apigw2 = boto3.client("apigateway", **kw), boto3.client("apigatewayv2", **kw)
guardduty = boto3.client("guardduty", **kw)
tag = f"{account or 'default'}-{region}"


def user(i):
    iam.create_user(UserName=f"user-{i}")
    if i % 2 == 0:
        iam.create_login_profile(UserName=f"user-{i}", Password="Correct-Horse-9!")
    iam.create_access_key(UserName=f"user-{i}")


def queue(i):
    attrs = {"SqsManagedSseEnabled": "true" if i % 3 else "false"}
    sqs.create_queue(QueueName=f"queue-{i}", Attributes=attrs)


def alarm(i):
    cw.put_metric_alarm(AlarmName=f"alarm-{i}", Namespace="App", MetricName=f"m{i}", Statistic="Sum",
                        Period=60, EvaluationPeriods=1, Threshold=1,
                        ComparisonOperator="GreaterThanThreshold",
                        AlarmActions=["arn:aws:sns:us-east-1:123456789012:oncall"])


def table(i):
    ddb.create_table(TableName=f"table-{i}", BillingMode="PAY_PER_REQUEST", DeletionProtectionEnabled=i % 2 == 0,
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])


def db(i):
    rds.create_db_instance(DBInstanceIdentifier=f"db-{i}", DBInstanceClass="db.t3.micro", Engine="postgres",
                           MasterUsername="app", MasterUserPassword="not-a-secret-1", AllocatedStorage=20,
                           StorageEncrypted=True, BackupRetentionPeriod=7)


def security_group(i):
    group = ec2.create_security_group(GroupName=f"sg-{i}", Description="bench")["GroupId"]
    cidr = "0.0.0.0/0" if i % 4 == 0 else "10.0.0.0/8"
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": cidr}]}])


def bucket(i):
    name = f"bench-{tag}-{i}"
    args = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    s3.create_bucket(Bucket=name, **args)
    if i % 2 == 0:
        s3.put_bucket_policy(Bucket=name, Policy=(
            '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*",'
            f'"Resource":["arn:aws:s3:::{name}","arn:aws:s3:::{name}/*"],'
            '"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}'))


def key(i):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    if i % 2 == 0:
        kms.enable_key_rotation(KeyId=key_id)


def topic(i):
    attrs = {"KmsMasterKeyId": "alias/aws/sns"} if i % 2 == 0 else {}
    arn = sns.create_topic(Name=f"topic-{i}", Attributes=attrs)["TopicArn"]
    sns.subscribe(TopicArn=arn, Protocol="email", Endpoint=f"oncall-{i}@example.com")


def secret(i):
    arn = secrets.create_secret(Name=f"secret-{i}", SecretString="not-a-real-secret")["ARN"]
    secrets.put_resource_policy(SecretId=arn, ResourcePolicy=(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},'
        '"Action":"secretsmanager:GetSecretValue","Resource":"*",'
        f'"Condition":{{"StringEquals":{{"aws:PrincipalAccount":"{account or "123456789012"}"}}}}}}]}}'))


def event_bus(i):
    events.create_event_bus(Name=f"bus-{i}")


def log_group(i):
    logs.create_log_group(logGroupName=f"/app/service-{i}")
    logs.put_retention_policy(logGroupName=f"/app/service-{i}", retentionInDays=30 if i % 2 else 400)


def load_balancer(i):
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]][:2]
    lb = elbv2.create_load_balancer(Name=f"lb-{i}", Subnets=subnets)["LoadBalancers"][0]
    vpc = [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v.get("IsDefault")][0]
    group = elbv2.create_target_group(Name=f"tg-{i}", Protocol="HTTP", Port=80, VpcId=vpc)
    elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                          DefaultActions=[{"Type": "forward",
                                           "TargetGroupArn": group["TargetGroups"][0]["TargetGroupArn"]}])


def file_system(i):
    efs.create_file_system(CreationToken=f"fs-{i}", Encrypted=i % 2 == 0)


def instance(i):
    ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t3.micro",
                      MetadataOptions={"HttpTokens": "required" if i % 2 else "optional"})


def vpc(i):
    ec2.create_vpc(CidrBlock=f"10.{i % 250}.0.0/16")


def certificate(i):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"site-{i}.example.com")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=20 + i % 200)).sign(key, hashes.SHA256()))
    acm.import_certificate(Certificate=cert.public_bytes(serialization.Encoding.PEM),
                           PrivateKey=key.private_bytes(serialization.Encoding.PEM,
                                                        serialization.PrivateFormat.TraditionalOpenSSL,
                                                        serialization.NoEncryption()))


def health_check(i):
    check = route53.create_health_check(CallerReference=f"{tag}-{i}", HealthCheckConfig={
        "Type": "HTTPS", "FullyQualifiedDomainName": f"site-{i}.example.com", "Port": 443,
        "ResourcePath": "/health"})["HealthCheck"]["Id"]
    boto3.client("cloudwatch", **{**kw, "region_name": "us-east-1"}).put_metric_data(
        Namespace="AWS/Route53", MetricData=[{
            "MetricName": "HealthCheckStatus", "Dimensions": [{"Name": "HealthCheckId", "Value": check}],
            "Timestamp": datetime.datetime.now(datetime.timezone.utc), "Value": 1.0 if i % 5 else 0.0}])


def rest_api(i):
    api = apigw.create_rest_api(name=f"rest-{i}")["id"]
    root = [r["id"] for r in apigw.get_resources(restApiId=api)["items"] if r["path"] == "/"][0]
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    apigw.create_deployment(restApiId=api, stageName="prod")
    if i % 2 == 0:
        apigw.update_stage(restApiId=api, stageName="prod", patchOperations=[
            {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "100"},
            {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "200"}])


def http_api(i):
    api = apigw2.create_api(Name=f"http-{i}", ProtocolType="HTTP")["ApiId"]
    settings = {"ThrottlingRateLimit": 100.0, "ThrottlingBurstLimit": 200} if i % 2 else {}
    apigw2.create_stage(ApiId=api, StageName="prod", DefaultRouteSettings=settings)


def service(i):
    ecs.create_service(cluster="prod", serviceName=f"service-{i}", taskDefinition="web", desiredCount=0)


ecs.create_cluster(clusterName="prod")
ecs.register_task_definition(family="web", containerDefinitions=[{"name": "web", "image": "nginx", "memory": 256}])
# Global resources (IAM users, the budget) once per account: with the home region.
home = region == "us-east-1"
if home:
    budgets.create_budget(AccountId=account or "123456789012", Budget={
        "BudgetName": "monthly", "BudgetLimit": {"Amount": "500", "Unit": "USD"},
        "TimeUnit": "MONTHLY", "BudgetType": "COST"})
# The trail into CloudWatch Logs with one CIS metric filter and its alarm, Config and Security Hub.
s3.create_bucket(Bucket=f"trail-{tag}", **({} if region == "us-east-1" else
                 {"CreateBucketConfiguration": {"LocationConstraint": region}}))
logs.create_log_group(logGroupName="trail-events")
trail.create_trail(Name="main", S3BucketName=f"trail-{tag}", IsMultiRegionTrail=True,
                   EnableLogFileValidation=True,
                   CloudWatchLogsLogGroupArn=f"arn:aws:logs:{region}:{account or '123456789012'}:log-group:trail-events:*",
                   CloudWatchLogsRoleArn=f"arn:aws:iam::{account or '123456789012'}:role/trail")
trail.start_logging(Name="main")
logs.put_metric_filter(logGroupName="trail-events", filterName="root-use",
                       filterPattern='{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
                                     '&& $.eventType != "AwsServiceEvent" }',
                       metricTransformations=[{"metricName": "RootUse", "metricNamespace": "CIS",
                                               "metricValue": "1"}])
cw.put_metric_alarm(AlarmName="root-use", Namespace="CIS", MetricName="RootUse", Statistic="Sum",
                    Period=300, EvaluationPeriods=1, Threshold=1,
                    ComparisonOperator="GreaterThanOrEqualToThreshold",
                    AlarmActions=[sns.create_topic(Name="security")["TopicArn"]])
config.put_configuration_recorder(ConfigurationRecorder={
    "name": "default", "roleARN": f"arn:aws:iam::{account or '123456789012'}:role/config",
    "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}})
hub.enable_security_hub()
guardduty.create_detector(Enable=True)
kinds = [(queue, 5), (alarm, 5), (table, 3), (db, 1), (service, 1), (security_group, 2), (bucket, 2),
         (key, 1), (topic, 1), (file_system, 1), (instance, 1), (vpc, 1), (secret, 1),
         (event_bus, 1), (log_group, 1), (load_balancer, 1), (certificate, 1), (rest_api, 1),
         (http_api, 1)] + ([(user, 5), (health_check, 1)] if home else [])
with ThreadPoolExecutor(8) as pool:
    for fn, count in kinds:
        list(pool.map(fn, range(count * scale)))

"""Seeds a moto server with the wide account: every service gonogo and Prowler both audit, for
the call-count comparison of bench/wide.sh. Scale 1 is 4 buckets, 2 IAM users with a customer
policy each, 3 DynamoDB tables, 3 queues, 1 VPC with 2 security groups, 1 KMS key, 1 SNS topic,
1 Lambda function, 1 load balancer with a target group and a listener, 1 secret, 1 log group,
1 RDS instance and 1 ECS service (about 25 resources); scale N is N times that (scale 100:
about 2,500). The account also has a multi-region trail into CloudWatch Logs. Run by
bench/wide.sh, not by CI.

    wide.py ENDPOINT SCALE
"""
import io
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor

import boto3

endpoint, scale = sys.argv[1], int(sys.argv[2])
kw = dict(endpoint_url=endpoint, region_name="us-east-1",
          aws_access_key_id="testing", aws_secret_access_key="testing")
iam, sqs, ddb = boto3.client("iam", **kw), boto3.client("sqs", **kw), boto3.client("dynamodb", **kw)
rds, ecs, ec2 = boto3.client("rds", **kw), boto3.client("ecs", **kw), boto3.client("ec2", **kw)
s3, kms, sns = boto3.client("s3", **kw), boto3.client("kms", **kw), boto3.client("sns", **kw)
logs, trail = boto3.client("logs", **kw), boto3.client("cloudtrail", **kw)
secrets, elbv2 = boto3.client("secretsmanager", **kw), boto3.client("elbv2", **kw)
lam = boto3.client("lambda", **kw)

zipped = io.BytesIO()
with zipfile.ZipFile(zipped, "w") as archive:
    archive.writestr("index.py", "def handler(event, context):\n    return event\n")
role = iam.create_role(RoleName="fn-role", AssumeRolePolicyDocument=(
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":'
    '"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'))["Role"]["Arn"]


def bucket(i):
    s3.create_bucket(Bucket=f"wide-{i}")


def user(i):
    iam.create_user(UserName=f"user-{i}")
    arn = iam.create_policy(PolicyName=f"policy-{i}", PolicyDocument=(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",'
        f'"Resource":"arn:aws:s3:::wide-{i}/*"}}]}}'))["Policy"]["Arn"]
    iam.attach_user_policy(UserName=f"user-{i}", PolicyArn=arn)


def table(i):
    ddb.create_table(TableName=f"table-{i}", BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])


def queue(i):
    sqs.create_queue(QueueName=f"queue-{i}", Attributes={"SqsManagedSseEnabled": "true"})


def vpc(i):
    vpc_id = ec2.create_vpc(CidrBlock=f"10.{i % 250}.0.0/16")["Vpc"]["VpcId"]
    for g in range(2):
        ec2.create_security_group(GroupName=f"sg-{i}-{g}", Description="wide", VpcId=vpc_id)


def key(i):
    kms.create_key()


def topic(i):
    sns.create_topic(Name=f"topic-{i}")


def function(i):
    lam.create_function(FunctionName=f"fn-{i}", Runtime="python3.12", Role=role,
                        Handler="index.handler", Code={"ZipFile": zipped.getvalue()})


def load_balancer(i):
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"] if s.get("DefaultForAz")][:2]
    default_vpc = [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v.get("IsDefault")][0]
    lb = elbv2.create_load_balancer(Name=f"lb-{i}", Subnets=subnets)["LoadBalancers"][0]
    group = elbv2.create_target_group(Name=f"tg-{i}", Protocol="HTTP", Port=80, VpcId=default_vpc)
    elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                          DefaultActions=[{"Type": "forward",
                                           "TargetGroupArn": group["TargetGroups"][0]["TargetGroupArn"]}])


def secret(i):
    secrets.create_secret(Name=f"secret-{i}", SecretString="not-a-real-secret")


def log_group(i):
    logs.create_log_group(logGroupName=f"/app/service-{i}")


def db(i):
    rds.create_db_instance(DBInstanceIdentifier=f"db-{i}", DBInstanceClass="db.t3.micro", Engine="postgres",
                           MasterUsername="app", MasterUserPassword="not-a-secret-1", AllocatedStorage=20,
                           StorageEncrypted=True, BackupRetentionPeriod=7)


def service(i):
    ecs.create_service(cluster="prod", serviceName=f"service-{i}", taskDefinition="web", desiredCount=0)


ecs.create_cluster(clusterName="prod")
ecs.register_task_definition(family="web", containerDefinitions=[{"name": "web", "image": "nginx", "memory": 256}])
s3.create_bucket(Bucket="trail-logs")
logs.create_log_group(logGroupName="trail-events")
trail.create_trail(Name="main", S3BucketName="trail-logs", IsMultiRegionTrail=True, EnableLogFileValidation=True,
                   CloudWatchLogsLogGroupArn="arn:aws:logs:us-east-1:123456789012:log-group:trail-events:*",
                   CloudWatchLogsRoleArn="arn:aws:iam::123456789012:role/trail")
trail.start_logging(Name="main")
kinds = [(bucket, 4), (user, 2), (table, 3), (queue, 3), (vpc, 1), (key, 1), (topic, 1), (function, 1),
         (load_balancer, 1), (secret, 1), (log_group, 1), (db, 1), (service, 1)]
with ThreadPoolExecutor(8) as pool:
    for fn, count in kinds:
        list(pool.map(fn, range(count * scale)))

"""Seeds a moto server with an account of a given scale for the benchmark.

Scale 1 is 5 IAM users, 5 queues, 5 alarms, 3 tables, 1 DB instance and 1 ECS service; scale N
is N times that (scale 100: 500 users, 500 queues, 500 alarms, 300 tables, 100 DB instances,
100 ECS services). Run by bench/run.sh and bench/fleet.sh, not by CI.

    seed.py ENDPOINT SCALE [ACCOUNT_ID [REGION]]

With an account id, the account is reached by assuming a role into it (moto serves AssumeRole
into any account); with a region, the regional resources go there.
"""
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3

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
    ddb.create_table(TableName=f"table-{i}", BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])


def db(i):
    rds.create_db_instance(DBInstanceIdentifier=f"db-{i}", DBInstanceClass="db.t3.micro", Engine="postgres",
                           MasterUsername="app", MasterUserPassword="not-a-secret-1", AllocatedStorage=20,
                           StorageEncrypted=True, BackupRetentionPeriod=7)


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
kinds = [(queue, 5), (alarm, 5), (table, 3), (db, 1), (service, 1)] + ([(user, 5)] if home else [])
with ThreadPoolExecutor(8) as pool:
    for fn, count in kinds:
        list(pool.map(fn, range(count * scale)))

# Where planned resources go: the source of regions.plan.json (see ../README.md). The default
# provider's region is a constant (us-east-1, in provider.tf); `west` is another constant;
# `chosen` takes its region from a variable, which the plan does not fix in configuration.

variable "region" {
  type    = string
  default = "eu-central-1"
}

provider "aws" {
  alias                       = "west"
  region                      = "us-west-2"
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true
}

provider "aws" {
  alias                       = "chosen"
  region                      = var.region
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true
}

resource "aws_sqs_queue" "here" {
  name = "here"
}

resource "aws_sqs_queue" "west" {
  provider = aws.west
  name     = "west"
}

resource "aws_sqs_queue" "chosen" {
  provider = aws.chosen
  name     = "chosen"
}

resource "aws_s3_bucket" "logs" {
  count  = 2
  bucket = "regions-logs-${count.index}"
}

resource "aws_s3_bucket_public_access_block" "logs" {
  count                   = 2
  bucket                  = aws_s3_bucket.logs[count.index].id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

module "net" {
  source = "./net"
  providers = {
    aws = aws.west
  }
}

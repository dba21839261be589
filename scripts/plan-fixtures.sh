#!/usr/bin/env bash
# Remakes the checked-in Terraform plans the plan overlay's unit tests read
# (checks/src/plan/testdata/*.plan.json) with real Terraform and the hashicorp/aws provider
# from the local mirror, against a moto server on a free loopback port:
#   every_family: `plan` of checks/src/plan/testdata/every_family/*.tf (nothing applied: a
#   plan of resources that do not exist yet makes no AWS call for them);
#   regions: the same of testdata/regions (aliased providers, a module, count).
# Needs terraform, the provider mirror (GONOGO_TF_MIRROR or /opt/tf-plugins) and moto_server.
set -euo pipefail
cd "$(dirname "$0")/.."

mirror=""
for root in ${GONOGO_TF_MIRROR:-} /opt/tf-plugins /usr/share/terraform/plugins; do
  if [ -d "${root}/registry.terraform.io/hashicorp/aws" ]; then mirror=$root; break; fi
done
[ -n "$mirror" ] || { echo "no hashicorp/aws provider mirror" >&2; exit 1; }

work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${MOTO_SERVER:-moto_server}" -p "$port" >"$work/moto.log" 2>&1 &
moto=$!
trap 'kill "$moto" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
  sleep 0.2
done

cat >"$work/cli.tfrc" <<TFRC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
}
TFRC

testdata=checks/src/plan/testdata
for stack in every_family regions; do
  dir="$work/$stack"
  mkdir -p "$dir"
  cp -r "$testdata/$stack"/. "$dir/"
  cat >"$dir/provider.tf" <<'PROVIDER'
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true
}
PROVIDER
  (
    cd "$dir"
    export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
    export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_EC2_METADATA_DISABLED=true
    terraform init -input=false -no-color >/dev/null
    terraform plan -input=false -no-color -out=tfplan >/dev/null
    terraform show -json tfplan
  ) | python3 -c 'import json, sys; json.dump(json.load(sys.stdin), sys.stdout, indent=1, sort_keys=True); print()' \
    >"$testdata/$stack.plan.json"
  echo "wrote $testdata/$stack.plan.json" >&2
done

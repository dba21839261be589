#!/usr/bin/env bash
# The one test command. Installs what the tests need (moto[server], for a real AWS-compatible
# server on loopback) when it is missing, builds the binaries the end-to-end tests run, then
# runs every test of the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

# moto 5.2.x is what the suite is verified against; aws-sdk-cloudwatch is pinned to the last
# awsQuery release for it (see Cargo.toml).
MOTO_REQUIREMENT="moto[server]==5.2.1"

if [ -z "${MOTO_SERVER:-}" ] && ! command -v moto_server >/dev/null 2>&1; then
  echo "scripts/test.sh: moto_server not found, installing ${MOTO_REQUIREMENT}" >&2
  python3 -m pip install --quiet --disable-pip-version-check "${MOTO_REQUIREMENT}"
  command -v pyenv >/dev/null 2>&1 && pyenv rehash || true
  if ! command -v moto_server >/dev/null 2>&1; then
    scripts_dir=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
    export MOTO_SERVER="${scripts_dir}/moto_server"
  fi
fi

# The metrics tests run a real Pushgateway and `promtool` (Debian's prometheus-pushgateway and
# prometheus). Installed when missing and possible; without them those tests say why and skip.
if ! command -v promtool >/dev/null 2>&1 \
    || ! { command -v prometheus-pushgateway >/dev/null 2>&1 || command -v pushgateway >/dev/null 2>&1; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "scripts/test.sh: installing prometheus-pushgateway and prometheus (promtool)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        prometheus-pushgateway prometheus >/dev/null) \
      || echo "scripts/test.sh: could not install them; the Pushgateway and promtool tests will skip" >&2
  else
    echo "scripts/test.sh: the Pushgateway or promtool is missing; those tests will skip" >&2
  fi
fi

# The Terraform tests (`gonogo audit --plan`, the `terraform` deploy stage) run real terraform
# with the hashicorp/aws provider from a local filesystem mirror against moto
# (tests/src/terraform.rs looks in the same places); there is no network to install either, so
# say up front whether they will run. When they will, a test that cannot find them fails
# instead of skipping (GONOGO_REQUIRE_TERRAFORM).
tf_mirror=""
for root in ${GONOGO_TF_MIRROR:-} /opt/tf-plugins /usr/share/terraform/plugins; do
  if [ -d "${root}/registry.terraform.io/hashicorp/aws" ]; then tf_mirror=$root; break; fi
done
if command -v terraform >/dev/null 2>&1 && [ -n "$tf_mirror" ]; then
  echo "scripts/test.sh: the Terraform plan and deploy tests will run ($(terraform version 2>/dev/null | head -n 1), provider mirror ${tf_mirror})" >&2
  export GONOGO_REQUIRE_TERRAFORM=1
else
  echo "scripts/test.sh: terraform or its hashicorp/aws provider mirror is missing: the Terraform plan and deploy tests will skip" >&2
fi

# The end-to-end tests run the real binaries; they check that what they run was built from
# this checkout and is newer than its sources, so build them first. `--tests` builds them with
# the features the test build turns on (the SDKs' `test-util` for aws-smithy-mocks), so that
# `cargo test` below reuses every crate instead of compiling the SDKs a second time.
cargo build --workspace --bins --tests --locked

# cargo prints one "test result" line per test binary, the last usually a doc-test binary with
# nothing in it; close with the whole suite's count so the last line says what ran.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --workspace --locked "$@" 2>&1 | tee "$log"
awk '/^test result:/ {
       for (i = 1; i < NF; i++) {
         if ($(i + 1) ~ /^passed/) passed += $i
         if ($(i + 1) ~ /^failed/) failed += $i
         if ($(i + 1) ~ /^ignored/) ignored += $i
       }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, ignored }' "$log"

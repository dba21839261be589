#!/usr/bin/env bash
# The fleet benchmark: seeds ACCOUNTS accounts in two regions of one moto server (scale SCALE
# each), then audits the fleet with the release binary three ways and prints a table:
#   one run over every account (--accounts, 4 at a time), both regions;
#   SHARDS shard runs one after another (as SHARDS machines would run them at once), then merge;
#   the merge alone.
# Run by hand (not by CI):   bench/fleet.sh [ACCOUNTS] [SCALE] [SHARDS]    e.g. bench/fleet.sh 12 1 4
set -euo pipefail
cd "$(dirname "$0")/.."

accounts=${1:-12}
scale=${2:-1}
shards=${3:-4}

cargo build --release --locked --bin gonogo >&2
bin=$PWD/target/release/gonogo
work=$(mktemp -d)
trap 'kill "${moto_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

. bench/env.sh

start_moto

: > "$work/accounts.toml"
for i in $(seq "$accounts"); do
  id=$(printf '%012d' $((100000000000 + i)))
  printf '[[accounts]]\nid = "%s"\nrole_arn = "arn:aws:iam::%s:role/gonogo-audit"\nname = "acct-%s"\n\n' "$id" "$id" "$i" >> "$work/accounts.toml"
  python3 bench/seed.py "$endpoint" "$scale" "$id" us-east-1
  python3 bench/seed.py "$endpoint" "$scale" "$id" eu-west-1
done
audit=("$bin" audit --quiet --stats --accounts "$work/accounts.toml" --regions us-east-1,eu-west-1)
"${audit[@]}" --format json > /dev/null 2>&1 || true   # warm moto's lazy backends

measure() {  # label, then the command; prints one row
  local label=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" > /dev/null 2> "$work/stderr" || true
  read -r wall user sys kib < <(tail -n 1 "$work/time")
  calls=$(grep -oE 'API calls: [0-9]+' "$work/stderr" | grep -oE '[0-9]+' | head -1 || true)
  printf '| %s | %s | %s | %.0f | %s |\n' "$label" "$wall" "$(python3 -c "print(round($user + $sys, 2))")" "$((kib / 1024))" "${calls:--}"
}

printf '| %s accounts x 2 regions, scale %s | wall s | CPU s | peak RSS MiB | API calls |\n' "$accounts" "$scale"
printf '|---|---:|---:|---:|---:|\n'
measure "one run, 4 accounts at a time" "${audit[@]}" --json "$work/fleet.json"
mkdir -p "$work/shards"
start=$(date +%s.%N)
for s in $(seq 0 $((shards - 1))); do
  "${audit[@]}" --shard "$s/$shards" --json "$work/shards/shard-{shard}.json" > /dev/null 2>&1 || true
done
end=$(date +%s.%N)
printf '| %s shards run one after another (sum) | %s | - | - | - |\n' "$shards" "$(python3 -c "print(round($end - $start, 2))")"
measure "merge of the $shards shard reports" "$bin" merge "$work/shards" --json "$work/merged.json"
python3 - "$work/fleet.json" "$work/merged.json" <<'PY'
import json, sys
fleet, merged = (json.load(open(p)) for p in sys.argv[1:])
same = all(fleet[k] == merged[k] for k in ("verdict", "exit_code", "score", "summary", "accounts"))
print(f"\nfleet verdict {fleet['verdict']}, {len(fleet['accounts'])} accounts, "
      f"{sum(len(c['findings']) for c in fleet['checks'])} findings; merged shards equal the one run: {same}")
PY

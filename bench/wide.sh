#!/usr/bin/env bash
# The wide account (bench/wide.py): every service gonogo and Prowler both audit, at scales 1, 10
# and 100. For each scale it prints the audit's API calls by service, wall time (median of
# RUNS), gonogo's CPU and peak RSS; with BEFORE=/path/to/an/older/gonogo it audits with both
# binaries on the same seeded server and says which checks' statuses differ. Run by hand:
#
#   BEFORE=/tmp/gonogo-before bench/wide.sh [SCALES...]      e.g.  bench/wide.sh 1 10 100
#
# moto answers every call, so wall time is mostly moto's; calls are what a real account pays.
set -euo pipefail
cd "$(dirname "$0")/.."

scales=("$@")
[ $# -eq 0 ] && scales=(1 10 100)
runs=${RUNS:-3}

cargo build --release --locked --bin gonogo >&2
bins=(target/release/gonogo)
[ -n "${BEFORE:-}" ] && bins=("$BEFORE" target/release/gonogo)
work=$(mktemp -d)
trap 'kill "${moto_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

. bench/env.sh

for scale in "${scales[@]}"; do
  start_moto
  python3 bench/wide.py "$endpoint" "$scale"
  target/release/gonogo audit --quiet --format json > /dev/null || true   # warm moto's lazy backends
  for bin in "${bins[@]}"; do
    tag=$(basename "$(dirname "$bin")")-$(basename "$bin")
    : > "$work/times-$tag"
    for _ in $(seq "$runs"); do
      /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" audit --quiet --stats --json "$work/report-$tag.json" > /dev/null 2>&1 || true
      # GNU time prefixes "Command exited with non-zero status" (NO-GO exits 2): take its last line.
      tail -n 1 "$work/time" >> "$work/times-$tag"
    done
  done
  python3 - "$scale" "$work" "${bins[@]}" <<'PY'
import json, os, statistics, sys
scale, work, bins = sys.argv[1], sys.argv[2], sys.argv[3:]
rows, reports = [], []
for bin in bins:
    tag = os.path.basename(os.path.dirname(bin)) + "-" + os.path.basename(bin)
    times = [line.split() for line in open(f"{work}/times-{tag}") if line.strip()]
    wall = statistics.median(float(t[0]) for t in times)
    cpu = statistics.median(float(t[1]) + float(t[2]) for t in times)
    rss = max(int(t[3]) for t in times) / 1024
    report = json.load(open(f"{work}/report-{tag}.json"))
    reports.append((bin, report))
    by_service = {}
    for op in report["stats"]["operations"]:
        by_service[op["service"]] = by_service.get(op["service"], 0) + op["calls"]
    rows.append((bin, report["stats"]["calls"], wall, cpu, rss, by_service))
print(f"\n### scale {scale}\n")
print("| binary | API calls | wall s (median) | CPU s | peak RSS MiB |")
print("|---|---:|---:|---:|---:|")
for bin, calls, wall, cpu, rss, _ in rows:
    print(f"| {bin} | {calls} | {wall:.2f} | {cpu:.2f} | {rss:.1f} |")
services = sorted(set().union(*(r[5] for r in rows)))
print("\n| service | " + " | ".join(os.path.basename(os.path.dirname(r[0])) + "/" + os.path.basename(r[0]) for r in rows) + " |")
print("|---|" + "---:|" * len(rows))
for service in services:
    print(f"| {service} | " + " | ".join(str(r[5].get(service, 0)) for r in rows) + " |")
if len(reports) == 2:
    before = {c["id"]: c["status"] for c in reports[0][1]["checks"]}
    after = {c["id"]: c["status"] for c in reports[1][1]["checks"]}
    changed = sorted(i for i in after if before.get(i) != after[i])
    print("\nstatuses that differ: " + (", ".join(f"{i} {before.get(i)} -> {after[i]}" for i in changed) or "none"))
PY
  kill "$moto_pid"; wait "$moto_pid" 2>/dev/null || true
done

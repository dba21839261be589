#!/usr/bin/env bash
# The benchmark: seeds moto at scale 1, 10 and 100, audits each several times with the release
# binary, replays each one's snapshot, and prints a table. Run by hand (not by CI):
#
#   bench/run.sh [SCALES...] [RUNS]     e.g.  bench/run.sh 1 10 100
#
# Wall time is the median (min-max) of RUNS audits; CPU is gonogo's own user+sys; RSS is its
# peak; calls and the time requests waited on gonogo's request budgets (summed over calls)
# come from --stats. moto answers every call, so wall time is mostly moto's.
set -euo pipefail
cd "$(dirname "$0")/.."

scales=("${@:-1 10 100}")
[ $# -eq 0 ] && scales=(1 10 100)
runs=${RUNS:-5}

cargo build --release --locked --bin gonogo >&2
bin=target/release/gonogo
work=$(mktemp -d)
trap 'kill "${moto_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

. bench/env.sh

printf '| scale | resources | audit wall s, median (min-max) | gonogo CPU s | CPU / wall | peak RSS MiB | API calls | budget wait ms | findings | replay wall s |\n'
printf '|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n'
for scale in "${scales[@]}"; do
  start_moto
  python3 bench/seed.py "$endpoint" "$scale"
  "$bin" audit --quiet --format json > /dev/null || true   # warm moto's lazy backends
  walls=(); cpus=(); rss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" audit --quiet --stats --json "$work/report.json" > /dev/null 2>&1 || true
    # GNU time prefixes "Command exited with non-zero status" (NO-GO exits 2): take its last line.
    read -r wall user sys kib < <(tail -n 1 "$work/time")
    walls+=("$wall"); cpus+=("$(python3 -c "print($user + $sys)")"); rss+=("$kib")
  done
  "$bin" snapshot --quiet --out "$work/snapshot.json" 2>/dev/null
  /usr/bin/time -f '%e' -o "$work/replay" "$bin" audit --quiet --snapshot "$work/snapshot.json" > /dev/null 2>&1 || true
  python3 - "$scale" "$work/report.json" "$(tail -n 1 "$work/replay")" "${walls[*]}" "${cpus[*]}" "${rss[*]}" <<'PY'
import json, statistics, sys
scale, report, replay, walls, cpus, rss = sys.argv[1:]
walls = [float(w) for w in walls.split()]; cpus = [float(c) for c in cpus.split()]
rss = max(int(k) for k in rss.split()) / 1024
r = json.load(open(report))
findings = sum(len(c["findings"]) for c in r["checks"])
resources = 24 * int(scale)
med = statistics.median(walls)
print(f"| {scale} | {resources} | {med:.2f} ({min(walls):.2f}-{max(walls):.2f}) | {statistics.median(cpus):.2f} "
      f"| {100 * statistics.median(cpus) / med:.0f}% | {rss:.1f} | {r['stats']['calls']} "
      f"| {r['stats'].get('budget_wait_ms', 0)} | {findings} | {float(replay):.2f} |")
PY
  kill "$moto_pid"; wait "$moto_pid" 2>/dev/null || true
done

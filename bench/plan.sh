#!/usr/bin/env bash
# The plan overlay's benchmark on a real scale-100 account: seeds moto at scale 100
# (bench/seed.py), records its snapshot with the release binary, then runs the criterion
# benchmark checks/benches/plan_overlay.rs (10,000 planned changes) over it. By hand, not CI:
#
#   bench/plan.sh [SCALE]      (default 100)
set -euo pipefail
cd "$(dirname "$0")/.."

scale=${1:-100}
cargo build --release --locked --bin gonogo >&2
work=$(mktemp -d)
trap 'kill "${moto_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
. bench/env.sh
start_moto
python3 bench/seed.py "$AWS_ENDPOINT_URL" "$scale"
target/release/gonogo snapshot --quiet --out "$work/scale-$scale.json"
echo "snapshot: $(wc -c < "$work/scale-$scale.json") bytes at scale $scale" >&2
GONOGO_BENCH_SNAPSHOT="$work/scale-$scale.json" cargo bench --locked -p gonogo-checks --bench plan_overlay

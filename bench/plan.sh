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
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${MOTO_SERVER:-moto_server}" -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; do sleep 0.1; done

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL="http://127.0.0.1:$port" NO_COLOR=1
python3 bench/seed.py "$AWS_ENDPOINT_URL" "$scale"
target/release/gonogo snapshot --quiet --out "$work/scale-$scale.json"
echo "snapshot: $(wc -c < "$work/scale-$scale.json") bytes at scale $scale" >&2
GONOGO_BENCH_SNAPSHOT="$work/scale-$scale.json" cargo bench --locked -p gonogo-checks --bench plan_overlay

# Sourced by the benchmarks after they set $work (a scratch directory): a free loopback port
# for moto, the environment that points gonogo and the seeders at it with moto's test
# credentials (and an empty AWS config of its own, not the user's profiles), and start_moto.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
endpoint="http://127.0.0.1:$port"
: > "$work/aws-config"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL="$endpoint"
export AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-config" NO_COLOR=1

# Starts moto on $port (its pid in $moto_pid) and waits until it listens.
start_moto() {
  "${MOTO_SERVER:-moto_server}" -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
  moto_pid=$!
  until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; do sleep 0.1; done
}

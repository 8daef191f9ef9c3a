#!/usr/bin/env bash
# make load-gateway: a gateway load run (docs/load.md).
# Usage: ops/load/load-gateway.sh [options of `Battleship.Load gateway`, e.g. --scenario rooms --players 200 --seconds 30]
#        ops/load/load-gateway.sh smoke   (15-second runs of scenarios (a) and (b) on one stack; make test runs it)
#        ops/load/load-gateway.sh idle [SECONDS]   (the stack's CPU at rest: no player at all, after 20 s to settle)
# Without --gateway it brings up its own local stack first (two game silos and a gateway with the
# limits of ops/load/gateway.env, on ports of their own and in a cluster of their own, so a stack of
# `make up` may run beside it), reports the CPU of those processes, and stops them at the end.
# With --gateway URL it only runs the tool against that gateway.
# Settings (environment): CONFIGURATION (Release), DOTNET (dotnet), LOAD_GATEWAY_PORT (5180),
# Battleship__Database__ConnectionString (the Makefile passes the local cluster's),
# LOAD_DB_DELAY_MS (0: the stack's database link takes that many ms longer a round trip once the
# stack is up, through ops/chaos/delay-proxy.mjs; the run's warm-up and measurement see it).
set -euo pipefail

# shellcheck source=ops/load/tool.sh
. "$(dirname "$0")/../load/tool.sh"

if [[ " $* " == *" --gateway "* || " $* " == *" --gateway="* ]]; then
  exec "$dotnet" "$tool" gateway "$@"
fi

port=${LOAD_GATEWAY_PORT:-5180}
delay=${LOAD_DB_DELAY_MS:-0}
delay_proxy=
if [ "$delay" != 0 ]; then
  [[ "$delay" =~ ^[0-9]+$ ]] || { echo "LOAD_DB_DELAY_MS must be a number of milliseconds, not '$delay'" >&2; exit 2; }
  connection=${Battleship__Database__ConnectionString:?LOAD_DB_DELAY_MS needs Battleship__Database__ConnectionString}
  db_host=$(sed -nE 's/(^|.*;)Host=([^;]+).*/\2/ip' <<<"$connection")
  db_port=$(sed -nE 's/(^|.*;)Port=([0-9]+).*/\2/ip' <<<"$connection")
  proxy_port=$((${db_port:-5432} + 1000))
  node ops/chaos/delay-proxy.mjs 127.0.0.1 "$proxy_port" "${db_host:-127.0.0.1}" "${db_port:-5432}" "$delay" &
  delay_proxy=$!
  on_stack_exit() { kill "$delay_proxy" 2>/dev/null || true; }
  trap on_stack_exit EXIT
  Battleship__Database__ConnectionString=$(sed -E "s/(^|;)Host=[^;]+/\1Host=127.0.0.1/I; s/(^|;)Port=[0-9]+/\1Port=$proxy_port/I" <<<"$connection")
  export Battleship__Database__ConnectionString
fi
# shellcheck source=ops/load/stack-of-its-own.sh
. ops/load/stack-of-its-own.sh
start_stack_of_its_own load "$repo/artifacts/load-stack" "$port" 70
if [ -n "$delay_proxy" ]; then
  kill -USR1 "$delay_proxy"
  echo "database link: +$delay ms a round trip from $(date -u +%T) UTC"
fi
processes=()
for name in gateway silo-0 silo-1; do
  processes+=(--process "$name=$(cat "$STACK_STATE/$name.pid")")
done
run() { "$dotnet" "$tool" gateway --gateway "http://127.0.0.1:$port" "${processes[@]}" "$@"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
if [ "${1:-}" = idle ]; then
  seconds=${2:-60}
  sleep 20
  declare -A before
  for name in gateway silo-0 silo-1; do before[$name]=$(cpu_ticks "$(cat "$STACK_STATE/$name.pid")"); done
  sleep "$seconds"
  hz=$(getconf CLK_TCK)
  echo "CPU at rest over ${seconds} s (no players; load average: $(cut -d' ' -f1-3 /proc/loadavg)):"
  for name in gateway silo-0 silo-1; do
    after=$(cpu_ticks "$(cat "$STACK_STATE/$name.pid")")
    awk -v n="$name" -v d=$((after - ${before[$name]})) -v hz="$hz" -v s="$seconds" \
      'BEGIN { printf "  %-8s %6.1f ms of CPU per second (%.1f %% of a core)\n", n, d * 1000 / hz / s, d * 100 / hz / s }'
  done
  exit 0
fi
if [ "${1:-}" = smoke ]; then
  smoke=(--seconds 15 --warmup 5 --pgbench-seconds 3 --metrics-url none)
  run --scenario vs-agent --players 8 "${smoke[@]}" --report artifacts/load-gateway/smoke-vs-agent.json
  run --scenario rooms --players 16 --spectators 4 "${smoke[@]}" --report artifacts/load-gateway/smoke-rooms.json
else
  run "$@"
fi

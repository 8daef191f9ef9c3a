#!/usr/bin/env bash
# make chaos: faults injected into a local stack while the gateway load tool plays through it
# (docs/chaos.md). Experiments so far:
#   silo-kill [ROUNDS] [PERIOD]   SIGKILL a game silo (alternately silo-0 and silo-1) every PERIOD
#                                 seconds (default 5 rounds, 30 s), restarting it 5 s later.
# The players are scenario `rooms` at 200 players, one shot a second each (paced: the figures show
# the fault, not a saturated machine). At the end it prints a table per round (the slowest Fire
# acknowledged across the kill, the seconds until throughput is back to 90 %, errors) and the run's
# checks (acknowledged shots lost, errors by code), and writes artifacts/chaos/<experiment>.json.
# It fails if any acknowledged shot is lost or any call failed with a code other than Unavailable.
# Settings (environment): CONFIGURATION (Release), DOTNET (dotnet), CHAOS_PLAYERS (200),
# Battleship__Database__ConnectionString (the Makefile passes the local cluster's).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
configuration=${CONFIGURATION:-Release}
dotnet=${DOTNET:-dotnet}
tool="tests/Load/bin/$configuration/net10.0/Battleship.Load.dll"
[ -f "$tool" ] || { echo "$tool is missing: run make build" >&2; exit 1; }
experiment=${1:-silo-kill}
rounds=${2:-5}
period=${3:-30}
players=${CHAOS_PLAYERS:-200}
[ "$experiment" = silo-kill ] || { echo "unknown experiment '$experiment' (known: silo-kill)" >&2; exit 2; }
((rounds >= 1 && period >= 20)) || { echo "at least 1 round of at least 20 s" >&2; exit 2; }

out="$repo/artifacts/chaos"
mkdir -p "$out"
port=5190
log() { printf '[chaos] %s\n' "$*" >&2; }
# shellcheck source=ops/load/stack-of-its-own.sh
. ops/load/stack-of-its-own.sh
start_stack_of_its_own chaos "$out/stack" "$port" 80

warmup=40
seconds=$((rounds * period + 15))
tool_log="$out/$experiment.log"
"$dotnet" "$tool" gateway --gateway "http://127.0.0.1:$port" --scenario rooms --players "$players" --spectators 0 \
  --ramp 10 --warmup "$warmup" --seconds "$seconds" --pgbench-seconds 0 --metrics-url none \
  --report "$out/$experiment-load.json" >"$tool_log" 2>&1 &
load=$!

# The measured window opens when the tool says so; kills are placed relative to it.
until grep -q "measuring" "$tool_log" 2>/dev/null; do
  kill -0 "$load" 2>/dev/null || { log "the load tool stopped early:"; tail -n 20 "$tool_log" >&2; exit 1; }
  sleep 0.2
done
t0=$(date +%s.%N)
events="$out/$experiment-events.json"
echo "[" >"$events"
for ((r = 0; r < rounds; r++)); do
  at=$((r * period + 10))
  sleep "$(awk -v t0="$t0" -v at="$at" -v now="$(date +%s.%N)" 'BEGIN { d = t0 + at - now; print (d > 0 ? d : 0) }')"
  victim="silo-$((r % 2))"
  pid=$(cat "$STACK_STATE/$victim.pid")
  kill -9 "$pid"
  offset=$(awk -v t0="$t0" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - t0 }')
  log "round $((r + 1)): SIGKILL $victim (pid $pid) at ${offset} s"
  printf '%s{"round": %d, "fault": "SIGKILL %s", "at": %s}\n' "$([ "$r" -gt 0 ] && echo ,)" $((r + 1)) "$victim" "$offset" >>"$events"
  sleep 5
  CONFIGURATION=$configuration DOTNET=$dotnet ops/local/stack.sh up >/dev/null
  log "round $((r + 1)): $victim restarted"
done
echo "]" >>"$events"
wait "$load" || true
tail -n 25 "$tool_log"
node ops/chaos/report.mjs "$experiment" "$out/$experiment-load.json" "$events" "$out/$experiment.json"

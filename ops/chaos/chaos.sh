#!/usr/bin/env bash
# make chaos: faults injected into the cluster, on hosts of its own (ops/chaos/hosts.sh: network
# namespaces for PostgreSQL, two game silos, two gateways behind nginx, and the load tool), while
# the gateway load tool plays through the load balancer (docs/chaos.md).
# Usage: ops/chaos/chaos.sh EXPERIMENT [ROUNDS] [PERIOD]    (EXPERIMENT all: every one in turn)
#   silo-kill     SIGKILL the game silo that hosts the most matches
#   silo-hang     SIGSTOP it for 20 s, then SIGCONT (it wakes up declared dead)
#   link-cut      take its link down for 20 s, then up again
#   gateway-kill  SIGKILL a gateway (gateway-0 and gateway-1 in turn)
#   db-outage     stop PostgreSQL for 10 s; 10 s later, 200 ms added to its link for 30 s
#   trainer-kill  SIGKILL the trainer silo (it also runs the DQN agent's policy) during a training
#                 job, while the players play the DQN agent (scenario vs-dqn)
# A supervisor restarts whatever exits, 5 s later. Default rounds: 5; period: per experiment. The
# players are scenario `rooms`, CHAOS_PLAYERS (200) players at one shot a second each. Afterwards
# every acknowledged shot is looked up in the replays (once, same outcome), every match must be
# over, every match archived with its ratings applied exactly once; the run fails if not, or if any
# call failed (a call retried after Unavailable or a lost connection is fine and counted).
# Prints a table per round and writes artifacts/chaos/<experiment>.json.
# Settings (environment): CONFIGURATION (Release), DOTNET (dotnet), CHAOS_PLAYERS (200; 40 for
# trainer-kill), CHAOS_WARMUP (40 s), DOTNET_TORCH (trainer-kill: the TorchSharp-compatible dotnet,
# found with ops/torch/dotnet-torch.sh when unset).
set -euo pipefail

# shellcheck source=ops/load/tool.sh
. "$(dirname "$0")/../load/tool.sh"
experiments=(silo-kill silo-hang link-cut gateway-kill db-outage trainer-kill)
experiment=${1:-silo-kill}
if [ "$experiment" = all ]; then
  for e in "${experiments[@]}"; do "$0" "$e" "${2:-5}"; done
  exit 0
fi
case $experiment in
  silo-kill | gateway-kill) default_period=30 ;;
  silo-hang | link-cut) default_period=50 ;;
  db-outage) default_period=70 ;;
  trainer-kill) default_period=90 ;; # a running job resumes at its next reminder tick (each minute) or call
  *) echo "unknown experiment '$experiment' (known: ${experiments[*]} all)" >&2; exit 2 ;;
esac
rounds=${2:-5}
period=${3:-$default_period}
scenario=rooms default_players=200
if [ "$experiment" = trainer-kill ]; then
  scenario=vs-dqn default_players=40
  export HOSTS_TRAINER=1
  DOTNET_TORCH=${DOTNET_TORCH:-$(DOTNET=$dotnet ops/torch/dotnet-torch.sh path)}
  export DOTNET_TORCH
fi
players=${CHAOS_PLAYERS:-$default_players}
((rounds >= 1 && period >= 20)) || { echo "at least 1 round of at least 20 s" >&2; exit 2; }
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "make chaos needs root (network namespaces), or sudo" >&2; exit 1; }
  exec sudo --preserve-env "$0" "$@"
fi

out="$repo/artifacts/chaos"
state="$out/$experiment"
mkdir -p "$out"
rm -rf "$state"
mkdir -p "$state"
log() { printf '[chaos] %s\n' "$*" >&2; }
# shellcheck source=ops/chaos/hosts.sh
. ops/chaos/hosts.sh
hosts_session

# The game silo where most play happens now: the larger rise of its engine's shot counter
# (battleship_shots_total) over one second. Match activations would also count matches that are
# over and idle, which a fault there would not touch.
shots_of() {
  http_get "$(host_ip "$1")" $HOSTS_SILO_WEB_PORT /metrics | awk '/^battleship_shots_total\{/ { n += $NF } END { printf "%d", n }'
}
busiest_silo() {
  local a0 a1 b0 b1
  a0=$(shots_of silo-0) a1=$(shots_of silo-1)
  sleep 1
  b0=$(shots_of silo-0) b1=$(shots_of silo-1)
  log "shots in one second: silo-0 $((b0 - a0)), silo-1 $((b1 - a1))"
  if ((b1 - a1 > b0 - a0)); then echo silo-1; else echo silo-0; fi
}
pid_of() { cat "$state/$1.pid"; }

# trainer-kill: a training job runs on the trainer silo throughout, submitted over REST through the
# balancer as a user would; each poll of its progress (every 5 s, as its page in the web client
# polls) is also a call that brings it back on a live trainer silo after a kill.
api() { # METHOD PATH [BODY]: the answer's body; fails on an HTTP error
  curl -sS --fail-with-body -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "http://$(host_ip lb)$2"
}
job=""
if [ "$experiment" = trainer-kill ]; then
  token=$(curl -sS --fail-with-body -X POST -H 'Content-Type: application/json' --data '{"displayName":"chaos trainer"}' \
    "http://$(host_ip lb)/auth/dev-token" | node -e 'process.stdin.on("data", d => console.log(JSON.parse(d).accessToken))')
  job=$(api POST /api/training-jobs '{"name":"chaos","config":{"totalEnvSteps":5000000,"timeLimitMinutes":60}}' |
    node -e 'process.stdin.on("data", d => console.log(JSON.parse(d).id))')
  log "training job $job submitted"
  (while sleep 5; do api GET "/api/training-jobs/$job" >"$state/job.json.tmp" 2>/dev/null && mv "$state/job.json.tmp" "$state/job.json"; done) &
  job_poller=$!
fi

warmup=${CHAOS_WARMUP:-40}
seconds=$((rounds * period + 15))
tool_log="$out/$experiment.log"
on_host load "$dotnet" "$tool" gateway --gateway "http://$(host_ip lb)" --scenario "$scenario" --players "$players" --spectators 0 \
  --ramp 10 --warmup "$warmup" --seconds "$seconds" --pgbench-seconds 0 --database none --metrics-url none \
  --report "$out/$experiment-load.json" >"$tool_log" 2>&1 &
load=$!

# The measured window opens when the tool says so; faults are placed relative to it.
until grep -q "measuring" "$tool_log" 2>/dev/null; do
  kill -0 "$load" 2>/dev/null || { log "the load tool stopped early:"; tail -n 20 "$tool_log" >&2; exit 1; }
  sleep 0.2
done
t0=$(date +%s.%N)
now() { awk -v t0="$t0" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - t0 }'; }
events="$out/$experiment-events.json"
echo "[" >"$events"
event() { # ROUND FAULT AT [UNTIL]
  printf '%s{"round": %d, "fault": "%s", "at": %s, "until": %s}\n' "$([ "$1" -gt 1 ] && echo ,)" "$1" "$2" "$3" "${4:-$3}" >>"$events"
}
for ((r = 1; r <= rounds; r++)); do
  at=$(((r - 1) * period + 10))
  sleep "$(awk -v t0="$t0" -v at="$at" -v now="$(date +%s.%N)" 'BEGIN { d = t0 + at - now; print (d > 0 ? d : 0) }')"
  case $experiment in
    silo-kill)
      victim=$(busiest_silo)
      kill -KILL "$(pid_of "$victim")"
      start=$(now)
      log "round $r: SIGKILL $victim at ${start} s"
      event "$r" "SIGKILL $victim" "$start"
      ;;
    silo-hang)
      victim=$(busiest_silo)
      pid=$(pid_of "$victim")
      kill -STOP "$pid"
      start=$(now)
      log "round $r: SIGSTOP $victim at ${start} s"
      sleep 20
      kill -CONT "$pid" 2>/dev/null || true
      end=$(now)
      log "round $r: SIGCONT $victim at ${end} s"
      event "$r" "SIGSTOP $victim 20 s" "$start" "$end"
      ;;
    link-cut)
      victim=$(busiest_silo)
      ip link set "$(host_link "$victim")" down
      start=$(now)
      log "round $r: link of $victim down at ${start} s"
      sleep 20
      ip link set "$(host_link "$victim")" up
      end=$(now)
      log "round $r: link of $victim up at ${end} s"
      event "$r" "link of $victim cut 20 s" "$start" "$end"
      ;;
    gateway-kill)
      victim="gateway-$(((r - 1) % 2))"
      kill -KILL "$(pid_of "$victim")"
      start=$(now)
      log "round $r: SIGKILL $victim at ${start} s"
      event "$r" "SIGKILL $victim" "$start"
      ;;
    trainer-kill)
      kill -KILL "$(pid_of trainer-0)"
      start=$(now)
      date +%s.%N >>"$state/kills"
      log "round $r: SIGKILL trainer-0 at ${start} s"
      event "$r" "SIGKILL trainer-0" "$start"
      ;;
    db-outage)
      hosts_db down >/dev/null 2>&1
      start=$(now)
      log "round $r: PostgreSQL stopped at ${start} s"
      sleep 10
      hosts_db up >/dev/null 2>&1
      end=$(now)
      log "round $r: PostgreSQL back at ${end} s"
      event "$r" "PostgreSQL stopped 10 s" "$start" "$end"
      sleep 10
      hosts_db_delay on
      start=$(now)
      log "round $r: +200 ms on the database link at ${start} s"
      sleep 30
      hosts_db_delay off
      end=$(now)
      log "round $r: database link back to normal at ${end} s"
      printf ',{"round": %d, "fault": "database link +200 ms 30 s", "at": %s, "until": %s}\n' "$r" "$start" "$end" >>"$events"
      ;;
  esac
done
echo "]" >>"$events"
wait "$load" || true
tail -n 25 "$tool_log"

# trainer-kill: the job must have gone on after every kill (a progress report after it) and not failed.
training=null
if [ -n "$job" ]; then
  kill "$job_poller" 2>/dev/null || true
  api GET "/api/training-jobs/$job" >"$state/job.json"
  training=$(node -e '
    const fs = require("fs");
    const job = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const kills = fs.readFileSync(process.argv[2], "utf8").trim().split("\n").map(Number);
    const points = job.history.map((p) => ({ at: Date.parse(p.at) / 1000, step: p.step }));
    const resumed = kills.map((k) => { const p = points.find((q) => q.at > k); return p ? Math.round(p.at - k) : null; });
    console.log(JSON.stringify({ status: job.status, steps: job.progress?.step ?? 0, error: job.error ?? null, secondsUntilProgressAfterEachKill: resumed }));
  ' "$state/job.json" "$state/kills")
  log "training job: $training"
fi

# The database's side of the checks: every match played is archived (its end is completed within
# seconds; wait up to 60 s) and every rating changed once per rated match.
export PGPASSWORD=battleship
sql() { psql -h "$(host_ip db)" -p "$HOSTS_DB_PORT" -U battleship -d battleship -qAt -c "$1"; }
unarchived=-1
for ((i = 0; i < 120; i++)); do
  unarchived=$(sql "select count(distinct match_id) from match_log l where not exists (select 1 from matches m where m.id = l.match_id)")
  [ "$unarchived" = 0 ] && break
  sleep 0.5
done
db_check="$out/$experiment-db.json"
cat >"$db_check" <<JSON
{
  "matchesPlayed": $(sql "select count(distinct match_id) from match_log"),
  "matchesArchived": $(sql "select count(*) from matches"),
  "matchesNotArchived": $unarchived,
  "ratedMatchesWithoutTwoRatingChanges": $(sql "select count(*) from matches m where m.winner is not null and (select count(*) from rating_history h where h.match_id = m.id) <> 2"),
  "ratingsWhoseGamesDifferFromTheirChanges": $(sql "select count(*) from ratings r where r.games <> (select count(*) from rating_history h where h.rating_id = r.id)"),
  "restarts": $(grep -c restarted "$state/restarts.log" 2>/dev/null || echo 0),
  "training": $training
}
JSON
node ops/chaos/report.mjs "$experiment" "$out/$experiment-load.json" "$events" "$db_check" "$out/$experiment.json"

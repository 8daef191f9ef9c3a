#!/usr/bin/env bash
# The local stack of `make run`, `make up` and `make down`: one game silo, one trainer silo (DQN
# agents and training jobs) and the gateway, next to the private PostgreSQL cluster (started and
# migrated by the Makefile before this runs).
# Usage: ops/local/stack.sh up|down|status|run
#   up      start whatever is not running yet (in the background), wait until the gateway is ready
#   trainer start the game silo and the trainer silo only (what `make train` needs)
#   down    stop what `up` started
#   status  say what runs
#   run     up, print the URLs, then wait: Ctrl+C stops the silos and the gateway
# Settings (environment): CONFIGURATION (Release), GATEWAY_PORT (5080), SILO_WEB_PORT (8080; silo n
# uses +n), SILO_PORT (11111; +n), SILO_GATEWAY_PORT (30000; +n), GAME_SILOS (1), TRAINER_SILO (1: start
# one; 0: none), TRAINER_WEB_PORT (8090), STACK_STATE (artifacts/run: pid files and logs), DOTNET_TORCH
# (the dotnet that runs TorchSharp; the Makefile passes it), Battleship__Database__ConnectionString
# (required; the Makefile passes the local cluster's). ops/load/load-gateway.sh runs a second stack
# beside this one with its own ports, state folder and cluster.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
configuration=${CONFIGURATION:-Release}
gateway_port=${GATEWAY_PORT:-5080}
silo_web_port=${SILO_WEB_PORT:-8080}
silo_port=${SILO_PORT:-11111}
silo_gateway_port=${SILO_GATEWAY_PORT:-30000}
game_silos=${GAME_SILOS:-1}
trainer=${TRAINER_SILO:-1}
trainer_web_port=${TRAINER_WEB_PORT:-8090}
state=${STACK_STATE:-$repo/artifacts/run}
bin="bin/$configuration/net10.0"
dotnet=${DOTNET:-dotnet}
dotnet_torch=${DOTNET_TORCH:-$dotnet}

log() { printf '[stack] %s\n' "$*" >&2; }

# shellcheck source=ops/local/processes.sh
. "$repo/ops/local/processes.sh"

# Game silo number $1 (0 when omitted): ports silo_port+n, silo_gateway_port+n, web silo_web_port+n.
game_silo() {
  local n=${1:-0}
  : "${Battleship__Database__ConnectionString:?set Battleship__Database__ConnectionString (make up does)}"
  [ -f "$repo/Silo/$bin/Battleship.Silo.dll" ] || { log "Silo/$bin/Battleship.Silo.dll is missing: run make build"; exit 1; }
  (
    cd "$repo"
    export Battleship__Silo__SiloPort=$((silo_port + n)) Battleship__Silo__GatewayPort=$((silo_gateway_port + n))
    export Battleship__Silo__WebUrl="http://127.0.0.1:$((silo_web_port + n))"
    start "silo-$n" "$dotnet" "Silo/$bin/Battleship.Silo.dll"
  )
}

game_silos() {
  for ((n = 0; n < game_silos; n++)); do game_silo "$n"; done
  for ((n = 0; n < game_silos; n++)); do wait_for "silo-$n" 127.0.0.1 $((silo_web_port + n)) /ready 120; done
}

trainer_silo() {
  [ -f "$repo/Trainer/$bin/Battleship.Trainer.dll" ] || { log "Trainer/$bin/Battleship.Trainer.dll is missing: run make build"; exit 1; }
  (
    # From the repository root: training runs go to artifacts/training/<job>.
    cd "$repo"
    export Battleship__Silo__SiloPort=11121 Battleship__Silo__GatewayPort=30020
    export Battleship__Silo__WebUrl="http://127.0.0.1:$trainer_web_port"
    start trainer-0 nice -n 5 "$dotnet_torch" "Trainer/$bin/Battleship.Trainer.dll" silo
  )
  wait_for trainer-0 127.0.0.1 "$trainer_web_port" /ready 120
}

up() {
  game_silos
  if [ "$trainer" != 0 ]; then trainer_silo; fi
  [ -f "$repo/Gateway/$bin/Battleship.Gateway.dll" ] || { log "Gateway/$bin/Battleship.Gateway.dll is missing: run make build"; exit 1; }
  (
    cd "$repo/Gateway"
    export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
    export ASPNETCORE_URLS="http://127.0.0.1:$gateway_port"
    start gateway "$dotnet" "$bin/Battleship.Gateway.dll"
  )
  wait_for gateway 127.0.0.1 "$gateway_port" /health/ready 120
  urls
}

urls() {
  cat <<URLS

  Battleship is running.
    Web client              http://127.0.0.1:$gateway_port/
    API reference (Scalar)  http://127.0.0.1:$gateway_port/docs
    OpenAPI document        http://127.0.0.1:$gateway_port/openapi/v1.json
    Status                  http://127.0.0.1:$gateway_port/status
    Silo dashboard          http://127.0.0.1:$silo_web_port/dashboard
    Trainer silo health     http://127.0.0.1:$trainer_web_port/ready
    Logs                    $state/*.log
  Sign in (local issuer):   curl -s -X POST http://127.0.0.1:$gateway_port/auth/dev-token \\
                              -H 'Content-Type: application/json' -d '{"displayName":"Alice"}'

URLS
}

names() {
  echo gateway trainer-0
  for pid in "$state"/silo-*.pid; do [ -e "$pid" ] && basename "$pid" .pid; done
  return 0
}

down() {
  for name in $(names); do stop "$name"; done
}

status() {
  for name in $(names); do
    if alive "$name"; then echo "$name: running (pid $(cat "$state/$name.pid"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in
  up) up ;;
  trainer)
    game_silos
    trainer_silo
    ;;
  down) down ;;
  status) status ;;
  run)
    trap 'echo; down; exit 0' INT TERM
    up
    echo "  Ctrl+C stops the silos and the gateway (PostgreSQL keeps running: make db-down)."
    while alive silo-0 && { [ "$trainer" = 0 ] || alive trainer-0; } && alive gateway; do sleep 1; done
    log "a process exited; stopping the rest"
    down
    exit 1
    ;;
  *)
    echo "usage: $0 up|trainer|down|status|run" >&2
    exit 2
    ;;
esac

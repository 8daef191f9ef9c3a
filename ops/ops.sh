#!/usr/bin/env bash
# The observability stack's tooling; the Makefile's obs-* and ops-check targets call this.
#   ops/ops.sh tools   install promtool (Debian: prometheus) and docker-compose if missing
#   ops/ops.sh check   promtool check config + rules, docker-compose config (the observability services
#                      and the container stack), the Grafana dashboards' shape
#   ops/ops.sh up|down start or stop the stack of ops/compose.yaml (needs a Docker engine)
#   ops/ops.sh smoke   the real Prometheus scrapes a running silo and gateway while a match is
#                      played, and the battleship metrics are asserted through its HTTP API
set -euo pipefail
cd "$(dirname "$0")/.."
OPS=ops
DOTNET=${DOTNET:-dotnet}
BIN=bin/${CONFIGURATION:-Release}/net10.0

log() { echo "ops: $*" >&2; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; exit 1
  fi
}

tools() {
  local missing=()
  command -v promtool >/dev/null || missing+=(prometheus)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v jq >/dev/null || missing+=(jq)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from apt"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # No service is started: there is no init system here, and the package's own unit is not used.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

check() {
  tools
  promtool check config "$OPS/prometheus/prometheus.yml"
  promtool check rules "$OPS"/prometheus/rules/*.yml
  docker-compose -f "$OPS/compose.yaml" config -q
  # The container stack, with the example settings (ops/.env is not committed).
  promtool check config "$OPS/prometheus/stack.yml"
  docker-compose -f "$OPS/compose.yaml" -f "$OPS/compose.stack.yaml" --env-file "$OPS/.env.example" config -q
  log "compose files valid"
  # Every dashboard: valid JSON, a uid and a title, panels whose Prometheus queries each name a metric
  # (tests/Telemetry.Tests checks those names against what the hosts really export).
  local dashboard
  for dashboard in "$OPS"/grafana/dashboards/*.json; do
    jq -e '(.uid | length > 0) and (.title | length > 0) and (.panels | length > 0)
           and all(.panels[].targets[] | select(.datasource.uid == "prometheus"); .expr | test("[a-z_]+_[a-z0-9_]+"))' "$dashboard" >/dev/null \
      || { log "$dashboard: not a valid dashboard (uid, title, panels, a metric in every query)"; exit 1; }
  done
  log "dashboards valid: $(cd "$OPS/grafana/dashboards" && echo *.json)"
}

compose() {
  if docker compose version >/dev/null 2>&1; then docker compose -f "$OPS/compose.yaml" "$@"; else docker-compose -f "$OPS/compose.yaml" "$@"; fi
}

up() {
  command -v docker >/dev/null || { log "a Docker engine is required for the stack (docs/observability.md)"; exit 1; }
  compose up -d
  log "Grafana http://localhost:3000  Prometheus http://localhost:9090  OTLP localhost:4317 (gRPC) / 4318 (HTTP)"
  log "start the hosts with OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317 to send traces and logs"
}

down() {
  command -v docker >/dev/null || { log "no Docker engine: nothing to stop"; return 0; }
  compose down
}

# ---- smoke ------------------------------------------------------------------------------------
SMOKE=artifacts/obs-smoke
SILO_WEB=8187
GATEWAY_WEB=8188
PROM=127.0.0.1:9189
PIDS=()

stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}

wait_for() { # url, what
  for _ in $(seq 240); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done
  log "$2 did not come up ($1); logs in $SMOKE/"; exit 1
}

json_field() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" | head -1; }

query() { # PromQL -> JSON of /api/v1/query
  curl -sfG "http://$PROM/api/v1/query" --data-urlencode "query=$1"
}

expect_series() { # PromQL, description: waits up to 60 s for a non-empty result
  local result=""
  for _ in $(seq 120); do
    result=$(query "$1" || true)
    if [[ "$result" == *'"result":[{'* ]]; then
      log "ok: $2"
      return 0
    fi
    sleep 0.5
  done
  log "FAILED: $2: no series for $1 (last answer: ${result:0:300})"
  return 1
}

smoke() {
  tools
  command -v prometheus >/dev/null || { log "prometheus binary missing"; exit 1; }
  rm -rf "$SMOKE" && mkdir -p "$SMOKE/data"
  trap stop_all EXIT
  local cluster="obs-smoke-$$"
  local db=${Battleship__Database__ConnectionString:?set by the Makefile}

  Battleship__Database__ConnectionString="$db" Battleship__Cluster__ClusterId="$cluster" Battleship__Cluster__ServiceId="$cluster" \
    Battleship__Silo__SiloPort=11187 Battleship__Silo__GatewayPort=30087 Battleship__Silo__WebUrl=http://127.0.0.1:$SILO_WEB \
    Battleship__Dashboard__Enabled=false OTEL_SERVICE_NAME=battleship-silo-smoke \
    "$DOTNET" "Silo/$BIN/Battleship.Silo.dll" >"$SMOKE/silo.log" 2>&1 &
  PIDS+=($!)
  Battleship__Database__ConnectionString="$db" Battleship__Cluster__ClusterId="$cluster" Battleship__Cluster__ServiceId="$cluster" \
    ASPNETCORE_ENVIRONMENT=Development Auth__LocalIssuer__Enabled=true ASPNETCORE_URLS=http://127.0.0.1:$GATEWAY_WEB OTEL_SERVICE_NAME=battleship-gateway-smoke \
    "$DOTNET" "Gateway/$BIN/Battleship.Gateway.dll" >"$SMOKE/gateway.log" 2>&1 &
  PIDS+=($!)

  cat >"$SMOKE/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $PWD/$OPS/prometheus/rules/*.yml
scrape_configs:
  - job_name: battleship-silo
    static_configs: [{ targets: ["127.0.0.1:$SILO_WEB"], labels: { role: game } }]
  - job_name: battleship-gateway
    static_configs: [{ targets: ["127.0.0.1:$GATEWAY_WEB"], labels: { role: gateway } }]
YAML
  promtool check config "$SMOKE/prometheus.yml" >/dev/null
  prometheus --config.file="$SMOKE/prometheus.yml" --storage.tsdb.path="$SMOKE/data" \
    --web.listen-address="$PROM" --log.level=warn >"$SMOKE/prometheus.log" 2>&1 &
  PIDS+=($!)

  wait_for "http://127.0.0.1:$SILO_WEB/ready" "the silo"
  wait_for "http://127.0.0.1:$GATEWAY_WEB/health/ready" "the gateway"
  wait_for "http://$PROM/-/ready" "Prometheus"

  # A scripted match through the gateway's REST API against the built-in density agent.
  local api="http://127.0.0.1:$GATEWAY_WEB"
  local token match turn
  token=$(curl -sf -X POST "$api/auth/dev-token" -H 'content-type: application/json' -d '{"displayName":"Smoke"}' | json_field accessToken)
  [ -n "$token" ] || { log "no token from /auth/dev-token"; exit 1; }
  local auth=(-H "authorization: Bearer $token" -H 'content-type: application/json')
  curl -sf "${auth[@]}" "$api/api/me" >/dev/null
  match=$(curl -sf "${auth[@]}" -X POST "$api/api/matches" -d '{"agentId":"00000000-0000-4000-a000-000000000004","youFirst":true}' | json_field matchId)
  [ -n "$match" ] || { log "no match created"; exit 1; }
  turn=$(curl -sf "${auth[@]}" -X POST "$api/api/matches/$match/place" -d '{"random":true}' | json_field turnNumber)
  curl -sf "${auth[@]}" -X POST "$api/api/matches/$match/fire" -d "{\"cell\":0,\"expectedTurn\":$turn}" >/dev/null
  curl -s -o /dev/null "${auth[@]}" -X POST "$api/api/matches/$match/fire" -d "{\"cell\":999,\"expectedTurn\":$((turn + 1))}"
  curl -sf "${auth[@]}" -X POST "$api/api/matches/$match/resign" >/dev/null
  curl -s -o /dev/null -H 'authorization: Bearer not-a-token' "$api/api/me"
  log "played match $match"

  local failed=0
  expect_series 'up{job="battleship-silo"} == 1' "Prometheus scrapes the silo" || failed=1
  expect_series 'up{job="battleship-gateway"} == 1' "Prometheus scrapes the gateway" || failed=1
  expect_series 'battleship_game_started_total{job="battleship-silo"} >= 1' "games started on the silo" || failed=1
  expect_series 'battleship_game_completed_total{job="battleship-silo",outcome="resign"} >= 1' "games completed by outcome" || failed=1
  expect_series 'battleship_shots_total{job="battleship-silo",player=~"one|two",result=~"miss|hit|sunk|win"}' "shots by result and player" || failed=1
  expect_series 'battleship_game_duration_seconds_count{job="battleship-silo"} >= 1' "game duration histogram" || failed=1
  expect_series 'battleship_matches_ended_total{job="battleship-silo",reason="resign"} >= 1' "matches ended by reason" || failed=1
  expect_series 'http_server_request_duration_seconds_count{job="battleship-gateway",http_route="/api/matches/{id:guid}/fire"}' "gateway requests by route" || failed=1
  expect_series 'battleship_auth_token_validations_total{job="battleship-gateway",result="invalid"}' "token validations by result" || failed=1
  expect_series 'sli:api_requests:rate5m' "the SLI recording rules evaluate" || failed=1
  local rules
  rules=$(curl -sf "http://$PROM/api/v1/rules")
  [[ "$rules" == *'"BattleshipTargetDown"'* ]] && log "ok: the alert rules are loaded" || { log "FAILED: alert rules not loaded"; failed=1; }
  if [ "$failed" -ne 0 ]; then
    log "obs-smoke failed; logs in $SMOKE/"
    exit 1
  fi
  log "obs-smoke passed"
}

case "${1:-}" in
  tools) tools ;;
  check) check ;;
  up) up ;;
  down) down ;;
  smoke) smoke ;;
  *) echo "usage: $0 tools|check|up|down|smoke" >&2; exit 2 ;;
esac

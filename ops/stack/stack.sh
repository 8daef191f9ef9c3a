#!/usr/bin/env bash
# The container stack of ops/compose.yaml + ops/compose.stack.yaml (docs/deploy.md).
#   ops/stack/stack.sh up [SERVICE...]     start it (all services, or those named) in the background
#   ops/stack/stack.sh down [--volumes]    stop and remove it (--volumes: its data too)
#   ops/stack/stack.sh test                build the images, start the application part (PostgreSQL,
#                                          migrator, silos, trainer, gateways, HAProxy) in a project of its
#                                          own, play a match through HAProxy and read its replay, stop it
#   ops/stack/stack.sh chaos               on a running stack (up with BATTLESHIP_GATEWAY_ENV_FILE=./load/gateway.env):
#                                          players through HAProxy while silo-2 and then gateway-1 are
#                                          killed and started again; fails if an acknowledged move is lost
#   ops/stack/stack.sh deploy              the images of this commit from $BATTLESHIP_REGISTRY onto the
#                                          engine of DOCKER_HOST (ssh://host), settings from
#                                          $BATTLESHIP_DEPLOY_ENV (an .env's content) or ops/.env
#   ops/stack/stack.sh compose ARGS...     any compose command on the stack (ps, logs -f gateway-1, ...)
# With a Docker engine, `docker compose` (or docker-compose) drives it. Without one, podman does:
# its Docker-compatible API on a socket of this checkout's, Debian's docker-compose, and (since
# podman runs health checks from systemd timers, and this may be a host without systemd) a loop
# here that runs the containers' health checks.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$root/ops/images/podman.sh"
cd "$root"

state=$root/.stack
project=${BATTLESHIP_STACK_PROJECT:-battleship}
env_file=${BATTLESHIP_STACK_ENV:-$root/ops/.env}
app_services=(postgres migrator silo-1 silo-2 trainer gateway-1 gateway-2 lb)
log() { printf '[stack] %s\n' "$*" >&2; }

# Whether Docker Hub (the official images of the services that are not ours) answers.
registry_reachable() { images_registry_reachable registry-1.docker.io; }

random_secret() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }

# ops/.env from the example, with fresh secrets, when there is none.
ensure_env() {
  [ -f "$env_file" ] && return 0
  log "creating $env_file with fresh secrets (from ops/.env.example)"
  sed -e "s|^POSTGRES_PASSWORD=.*|POSTGRES_PASSWORD=$(random_secret 18 | tr '+/' '-_')|" \
    -e "s|^GRAFANA_ADMIN_PASSWORD=.*|GRAFANA_ADMIN_PASSWORD=$(random_secret 12 | tr '+/' '-_')|" \
    -e "s|^LOCAL_ISSUER_SIGNING_KEY=.*|LOCAL_ISSUER_SIGNING_KEY=$(random_secret 32)|" \
    ops/.env.example >"$env_file"
  if ! registry_reachable; then
    log "no registry answers: using the local PostgreSQL and HAProxy images (ops/images/local-bases.sh), no OTLP export"
    sed -i -e 's|^#POSTGRES_IMAGE=.*|POSTGRES_IMAGE=localhost/battleship-base/postgres:17|' \
      -e 's|^#HAPROXY_IMAGE=.*|HAPROXY_IMAGE=localhost/battleship-base/haproxy:3|' \
      -e 's|^OTEL_EXPORTER_OTLP_ENDPOINT=.*|OTEL_EXPORTER_OTLP_ENDPOINT=|' "$env_file"
  fi
  chmod 600 "$env_file"
}

# Decided once, before this script points DOCKER_HOST at podman's socket (after which `docker info`
# would answer through podman); the image build uses the same engine.
engine=$(images_engine)
docker_engine() { [ "$engine" = docker ]; }

# Podman's Docker API on $state/podman.sock, started once per checkout.
podman_api() {
  images_podman
  mkdir -p "$state"
  export DOCKER_HOST=unix://$state/podman.sock
  if [ -S "$state/podman.sock" ] && curl -fsS --unix-socket "$state/podman.sock" -o /dev/null http://d/_ping 2>/dev/null; then
    return 0
  fi
  rm -f "$state/podman.sock"
  setsid podman system service --time=0 "$DOCKER_HOST" >"$state/podman-service.log" 2>&1 &
  echo $! >"$state/podman-service.pid"
  for _ in $(seq 50); do
    curl -fsS --unix-socket "$state/podman.sock" -o /dev/null http://d/_ping 2>/dev/null && return 0
    sleep 0.2
  done
  log "podman's API did not start: $state/podman-service.log"; return 1
}

# Runs each container's health check: every 2 s until it is healthy, then every 15 s.
health_loop() {
  declare -A next=()
  while sleep 2; do
    local now id status
    now=$(date +%s)
    for id in $(podman ps -q --filter "label=com.docker.compose.project=$project" 2>/dev/null); do
      status=$(podman inspect -f '{{if .State.Healthcheck}}{{.State.Healthcheck.Status}}{{end}}' "$id" 2>/dev/null || true)
      [ -n "$status" ] || continue
      [ "$status" = healthy ] && [ "${next[$id]:-0}" -gt "$now" ] && continue
      podman healthcheck run "$id" >/dev/null 2>&1 || true
      next[$id]=$((now + 15))
    done
  done
}

start_health_loop() {
  stop_health_loop
  health_loop >/dev/null 2>&1 &
  echo $! >"$state/health-$project.pid"
}

stop_health_loop() {
  local pidfile=$state/health-$project.pid
  [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
}

stop_podman_api() {
  # Only when no other project of this checkout still runs.
  compgen -G "$state/health-*.pid" >/dev/null && return 0
  [ -f "$state/podman-service.pid" ] && kill "$(cat "$state/podman-service.pid")" 2>/dev/null || true
  rm -f "$state/podman-service.pid" "$state/podman.sock"
}

compose() {
  local files=(-f ops/compose.yaml -f ops/compose.stack.yaml --env-file "$env_file" -p "$project")
  if docker_engine; then
    if docker compose version >/dev/null 2>&1; then docker compose "${files[@]}" "$@"; else docker-compose "${files[@]}" "$@"; fi
  else
    command -v docker-compose >/dev/null || images_require docker-compose:docker-compose
    podman_api
    docker-compose "${files[@]}" "$@"
  fi
}

up() {
  ensure_env
  if ! docker_engine; then
    podman_api
    start_health_loop
  fi
  local services=("$@")
  if [ ${#services[@]} -eq 0 ] && ! registry_reachable; then
    # The observability images (collector, Prometheus, Tempo, Loki, Grafana) come only from a registry.
    log "no registry answers: starting the application services only (${app_services[*]})"
    services=("${app_services[@]}")
  fi
  compose up -d --no-build "${services[@]}"
  log "up: http://127.0.0.1:$(sed -n 's/^BATTLESHIP_HTTP_PORT=//p' "$env_file" | tail -1 || true) (ops/stack/stack.sh compose ps)"
}

down() {
  local volumes=()
  [ "${1:-}" = --volumes ] && volumes=(--volumes)
  if [ -f "$env_file" ]; then compose down --remove-orphans "${volumes[@]}"; fi
  if ! docker_engine; then
    stop_health_loop
    stop_podman_api
  fi
}

# The proof: images built here, the application part up, a match through HAProxy, everything stopped.
stack_test() {
  local started=$SECONDS port=${BATTLESHIP_STACK_TEST_PORT:-18000}
  project=battleship-stack-test
  mkdir -p "$state"
  env_file=$state/test.env
  local bases=${BATTLESHIP_LOCAL_BASES:-auto}
  if [ "$bases" = auto ]; then
    if images_registry_reachable mcr.microsoft.com; then bases=0; else bases=1; fi
  fi
  BATTLESHIP_LOCAL_BASES=$bases BATTLESHIP_IMAGE_TAG=stack-test "$root/ops/images/build.sh"
  {
    echo "POSTGRES_PASSWORD=$(random_secret 18 | tr '+/' '-_')"
    echo "LOCAL_ISSUER_ENABLED=true"
    echo "LOCAL_ISSUER_SIGNING_KEY=$(random_secret 32)"
    echo "BATTLESHIP_TAG=stack-test"
    echo "BATTLESHIP_HTTP_PORT=$port"
    echo "BATTLESHIP_CLUSTER_ID=stack-test"
    echo "OTEL_EXPORTER_OTLP_ENDPOINT="
    if [ "$bases" = 1 ]; then
      echo "POSTGRES_IMAGE=localhost/battleship-base/postgres:17"
      echo "HAPROXY_IMAGE=localhost/battleship-base/haproxy:3"
    fi
  } >"$env_file"
  trap 'test_cleanup' EXIT
  down --volumes >/dev/null 2>&1 || true
  log "starting ${app_services[*]}"
  local up_started=$SECONDS
  up "${app_services[@]}"
  log "compose up returned after $((SECONDS - up_started)) s"
  [ -d Client/node_modules/@microsoft/signalr ] || (cd Client && npm ci --no-audit --no-fund >/dev/null)
  node ops/stack/smoke.mjs "http://127.0.0.1:$port" --wait 180
  compose ps
  log "passed in $((SECONDS - started)) s"
}

# Kills a container (SIGKILL, as a crash would), waits, starts it again.
crash() {
  local service=$1 down_for=$2
  log "$(date +%T) killing $service"
  compose kill "$service" >/dev/null 2>&1
  sleep "$down_for"
  log "$(date +%T) starting $service again"
  compose start "$service" >/dev/null 2>&1
}

chaos() {
  ensure_env
  local port players=${CHAOS_PLAYERS:-40} seconds=${CHAOS_SECONDS:-90}
  port=$(sed -n 's/^BATTLESHIP_HTTP_PORT=//p' "$env_file" | tail -1)
  log "players: $players against the Random agent for $seconds s through HAProxy on :${port:-8000}"
  make --no-print-directory load-gateway ARGS="--scenario vs-agent --players $players --seconds $seconds --warmup 5 \
    --gateway http://127.0.0.1:${port:-8000} --database none --report artifacts/stack-chaos.json" &
  local load=$!
  sleep 25
  crash silo-2 10
  sleep 20
  crash gateway-1 5
  wait "$load"
}

deploy() {
  : "${BATTLESHIP_REGISTRY:?set BATTLESHIP_REGISTRY (where make images-push put the images)}"
  if [ -n "${BATTLESHIP_DEPLOY_ENV:-}" ]; then
    mkdir -p "$state"
    env_file=$state/deploy.env
    (umask 077 && printf '%s\n' "$BATTLESHIP_DEPLOY_ENV" >"$env_file")
  fi
  [ -f "$env_file" ] || { log "no settings: set BATTLESHIP_DEPLOY_ENV or write $env_file (ops/.env.example)"; exit 1; }
  # The shell's values win over the .env file's in compose.
  export BATTLESHIP_IMAGE_PREFIX=$BATTLESHIP_REGISTRY
  BATTLESHIP_TAG=${BATTLESHIP_IMAGE_TAG:-$(git rev-parse --short=12 HEAD)}
  export BATTLESHIP_TAG
  log "deploying $BATTLESHIP_IMAGE_PREFIX/*:$BATTLESHIP_TAG to ${DOCKER_HOST:-the local engine}"
  compose pull --quiet
  compose up -d --no-build --remove-orphans
}

test_cleanup() {
  local code=$?
  if [ $code -ne 0 ]; then
    log "failed: the containers' last log lines follow"
    for service in "${app_services[@]}"; do
      echo "--- $service" >&2
      compose logs --no-color --tail 25 "$service" >&2 2>/dev/null || true
    done
  fi
  down --volumes >/dev/null 2>&1 || true
  rm -f "$env_file"
  exit $code
}

case ${1:-} in
  up) shift; up "$@" ;;
  down) shift; down "$@" ;;
  test) stack_test ;;
  chaos) chaos ;;
  deploy) deploy ;;
  compose) shift; ensure_env; compose "$@" ;;
  *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

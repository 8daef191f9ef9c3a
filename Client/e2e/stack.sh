#!/usr/bin/env bash
# Runs the end-to-end suite (run.mjs) against a real stack that this script starts and stops:
# one game silo and one gateway serving the built client, on ports of their own, over the
# database named by Battleship__Database__ConnectionString (the Makefile's private PostgreSQL,
# migrated). Installs Debian's Chromium when it is missing. Logs and screenshots: artifacts/e2e.
# Usage (from the repository root, after `make web-build build migrate`): Client/e2e/stack.sh
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
configuration=${CONFIGURATION:-Release}
bin="bin/$configuration/net10.0"
port=${E2E_GATEWAY_PORT:-5181}
silo_offset=${E2E_SILO_OFFSET:-71}
otlp_port=${E2E_OTLP_PORT:-5191}
out="$repo/artifacts/e2e"
mkdir -p "$out"
rm -f "$out"/*.png

log() { printf '[e2e] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; exit 1; fi
}

chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  log "installing Chromium from apt"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

[ -f Client/dist/index.html ] || { log "no client bundle: run make web-build"; exit 1; }
: "${Battleship__Database__ConnectionString:?set it (the Makefile does)}"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

log "starting a silo and a gateway on http://127.0.0.1:$port"
Battleship__Silo__SiloPort=$((11100 + silo_offset)) Battleship__Silo__GatewayPort=$((30000 + silo_offset)) \
  Battleship__Silo__WebUrl=http://127.0.0.1:$((8100 + silo_offset)) \
  dotnet "Silo/$bin/Battleship.Silo.dll" >"$out/silo.log" 2>&1 &
pids+=($!)
ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
  Auth__LocalIssuer__Enabled=true Client__RootPath="$repo/Client/dist" \
  Client__OtlpTracesEndpoint="http://127.0.0.1:$otlp_port/v1/traces" \
  dotnet "Gateway/$bin/Battleship.Gateway.dll" >"$out/gateway.log" 2>&1 &
pids+=($!)

for _ in $(seq 240); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { log "a process exited; see $out/*.log"; exit 1; }; done
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { log "the stack is not ready; see $out/*.log"; exit 1; }

cd Client
BASE_URL="http://127.0.0.1:$port" E2E_OTLP_PORT="$otlp_port" CHROMIUM_PATH="$chromium" E2E_ARTIFACTS="$out" node e2e/run.mjs

#!/usr/bin/env bash
# make chaos-web: the web client, in Debian's Chromium, behind the load balancer of the chaos hosts
# (ops/chaos/hosts.sh) while each of the two gateways is killed in turn in the middle of a game:
# the page must reconnect through nginx, resync and go on to the end (Client/e2e/failover.mjs,
# docs/chaos.md). Needs root (network namespaces), the built client (make web-build) and Chromium.
# Settings (environment): CONFIGURATION (Release), DOTNET (dotnet), CHROMIUM_PATH (/usr/bin/chromium).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
configuration=${CONFIGURATION:-Release}
dotnet=${DOTNET:-dotnet}
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "make chaos-web needs root (network namespaces), or sudo" >&2; exit 1; }
  exec sudo --preserve-env "$0" "$@"
fi
[ -f Client/dist/index.html ] || { echo "Client/dist is missing: run make web-build" >&2; exit 1; }
state="$repo/artifacts/chaos/web-failover"
rm -rf "$state"
mkdir -p "$state"
log() { printf '[chaos] %s\n' "$*" >&2; }
# shellcheck source=ops/chaos/hosts.sh
. ops/chaos/hosts.sh
hosts_session
(cd Client && BASE_URL="http://$(host_ip lb)" CHAOS_STATE="$state" E2E_ARTIFACTS="$state/screens" node e2e/failover.mjs)

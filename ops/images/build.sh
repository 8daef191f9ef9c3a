#!/usr/bin/env bash
# `make images`: the four Battleship images from ops/images/Dockerfile, tagged with the commit.
#   ops/images/build.sh [gateway silo trainer migrator]
# Tags: $BATTLESHIP_IMAGE_PREFIX/<name>:<tag> (prefix localhost/battleship) where the tag is the
# commit's short id, with "-dirty" when the work tree has uncommitted changes, also tagged "latest".
# Bases: the official images unless BATTLESHIP_LOCAL_BASES=1, which builds and uses local stand-ins
# (ops/images/local-bases.sh) for hosts without a registry; "auto" (the default) picks local bases
# when mcr.microsoft.com does not answer.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$root/ops/images/podman.sh"
cd "$root"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(gateway silo trainer migrator)
prefix=${BATTLESHIP_IMAGE_PREFIX:-localhost/battleship}
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
tag=${BATTLESHIP_IMAGE_TAG:-$(git rev-parse --short=12 HEAD 2>/dev/null || echo dev)}
if [ -z "${BATTLESHIP_IMAGE_TAG:-}" ] && [ -n "$(git status --porcelain 2>/dev/null)" ]; then tag=$tag-dirty; fi

engine=$(images_engine)
args=(--build-arg "REVISION=$revision" --build-arg "VERSION=$tag")
# Podman writes OCI images unless told otherwise, and the OCI format has no field for HEALTHCHECK.
[ "$engine" = podman ] && args+=(--format docker)
local_bases=${BATTLESHIP_LOCAL_BASES:-auto}
if [ "$local_bases" = auto ]; then
  if images_registry_reachable mcr.microsoft.com; then local_bases=0; else local_bases=1; fi
fi
if [ "$local_bases" = 1 ]; then
  [ "$engine" = podman ] || { images_log "local base images need podman (BATTLESHIP_ENGINE=podman)"; exit 1; }
  images_log "no registry: using the local base images (ops/images/local-bases.sh)"
  "$root/ops/images/local-bases.sh" >/dev/null
  args+=(--build-arg SDK_IMAGE=localhost/battleship-base/sdk:10.0
    --build-arg NODE_IMAGE=localhost/battleship-base/sdk:10.0
    --build-arg ASPNET_IMAGE=localhost/battleship-base/aspnet:10.0)
fi

for target in "${targets[@]}"; do
  case $target in gateway | silo | trainer | migrator) ;; *) images_log "unknown image '$target'"; exit 2 ;; esac
  start=$SECONDS
  "$engine" build -f ops/images/Dockerfile --target "$target" "${args[@]}" \
    -t "$prefix/$target:$tag" -t "$prefix/$target:latest" . >"${BATTLESHIP_IMAGE_LOG:-/dev/null}" \
    || { images_log "building $target failed (BATTLESHIP_IMAGE_LOG=file to keep the build's output)"; exit 1; }
  images_log "$prefix/$target:$tag built in $((SECONDS - start)) s"
done
"$engine" images --filter "reference=$prefix/*:$tag" --format '{{.Repository}}:{{.Tag}}  {{.Size}}'

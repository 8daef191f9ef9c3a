#!/usr/bin/env bash
# `make images-push`: the images of this commit (make images) to $BATTLESHIP_REGISTRY, for example
# ghcr.io/owner/battleship, as <registry>/<name>:<commit> and :latest (the names the stack's
# BATTLESHIP_IMAGE_PREFIX expects). Logs in first when
# BATTLESHIP_REGISTRY_USER and BATTLESHIP_REGISTRY_PASSWORD are set (the pipeline's token).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$root/ops/images/podman.sh"
cd "$root"
: "${BATTLESHIP_REGISTRY:?set BATTLESHIP_REGISTRY, for example ghcr.io/owner/battleship}"
engine=$(images_engine)
prefix=${BATTLESHIP_IMAGE_PREFIX:-localhost/battleship}
tag=${BATTLESHIP_IMAGE_TAG:-$(git rev-parse --short=12 HEAD)}
if [ -n "${BATTLESHIP_REGISTRY_USER:-}" ]; then
  printf '%s' "${BATTLESHIP_REGISTRY_PASSWORD:?}" | "$engine" login --username "$BATTLESHIP_REGISTRY_USER" --password-stdin "${BATTLESHIP_REGISTRY%%/*}"
fi
for name in gateway silo trainer migrator; do
  for target in "$tag" latest; do
    "$engine" tag "$prefix/$name:$tag" "$BATTLESHIP_REGISTRY/$name:$target"
    "$engine" push "$BATTLESHIP_REGISTRY/$name:$target"
  done
  images_log "pushed $BATTLESHIP_REGISTRY/$name:$tag"
done

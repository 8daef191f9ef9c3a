# Sourced by the image and stack scripts: podman (and runc, debootstrap) from apt when missing, with
# ops/images/containers.conf. Debian/Ubuntu; needs root or sudo only to install.
images_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$images_dir/containers.conf}

images_log() { printf '[images] %s\n' "$*" >&2; }

images_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    images_log "need root to run: $*"; return 1; fi
}

# Installs the Debian packages whose commands are missing: images_require podman:podman runc:runc ...
images_require() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  images_log "installing ${missing[*]} (apt)"
  images_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { images_as_root apt-get update -qq && images_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

images_podman() {
  images_require podman:podman runc:runc
}

# Whether an image registry answers (HTTP 401 counts: it is there, it wants a token).
images_registry_reachable() {
  local code
  code=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' "https://$1/v2/" 2>/dev/null || true)
  [ "$code" = 200 ] || [ "$code" = 401 ]
}

# The engine that builds and runs the images: Docker when its engine answers, podman otherwise
# (installed from apt when missing). Decided before anything points DOCKER_HOST at podman's socket.
images_engine() {
  if [ -z "${BATTLESHIP_ENGINE:-}" ]; then
    if command -v docker >/dev/null && docker info >/dev/null 2>&1; then BATTLESHIP_ENGINE=docker; else BATTLESHIP_ENGINE=podman; fi
    export BATTLESHIP_ENGINE
  fi
  [ "$BATTLESHIP_ENGINE" = podman ] && images_podman
  echo "$BATTLESHIP_ENGINE"
}

#!/usr/bin/env bash
# Local stand-ins for the official base images, for hosts that reach no image registry (this
# project's own machines): Debian 13 from debootstrap plus the .NET runtime and SDK of this host's
# dotnet, imported with podman. `make images` uses them when BATTLESHIP_LOCAL_BASES=1 (the default
# when mcr.microsoft.com does not answer); a host with Docker Hub and MCR needs none of this.
#   localhost/battleship-base/debian:13    Debian minbase with CA certificates, ICU, OpenSSL, tzdata
#   localhost/battleship-base/aspnet:10.0  + the ASP.NET Core and .NET runtimes (as mcr's aspnet:10.0)
#   localhost/battleship-base/sdk:10.0     + the whole SDK and Node.js (as mcr's sdk:10.0 and node:20)
#   localhost/battleship-base/postgres:17  PostgreSQL 17 with the official image's POSTGRES_* interface
#   localhost/battleship-base/haproxy:3    HAProxy from Debian, laid out like the official image
# Idempotent: an image that exists is kept (FORCE=1 rebuilds). Needs root (debootstrap, podman).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/podman.sh"

suite=${LOCAL_BASE_SUITE:-trixie}
mirror=${LOCAL_BASE_MIRROR:-http://deb.debian.org/debian}
cache=${BATTLESHIP_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/battleship/images}
prefix=localhost/battleship-base
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")

exists() { [ "${FORCE:-0}" != 1 ] && podman image exists "$1"; }

images_podman
images_require debootstrap:debootstrap

rootfs=$cache/rootfs-$suite

# The host's own certificate authorities (a TLS-inspecting proxy's, say) are trusted in the images
# built here too, so that npm, NuGet and apt work inside the build as they do on the host.
trust_host_certificates() {
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    mkdir -p "$rootfs/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
    chroot "$rootfs" update-ca-certificates >/dev/null 2>&1
  fi
}
if [ ! -f "$rootfs/.complete" ]; then
  images_log "debootstrap $suite into $rootfs (a few minutes, once)"
  rm -rf "$rootfs"; mkdir -p "$cache"
  debootstrap --variant=minbase --include=ca-certificates,libicu76,libssl3t64,tzdata,zlib1g \
    "$suite" "$rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
  trust_host_certificates
  chroot "$rootfs" apt-get clean
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/*.log
  touch "$rootfs/.complete"
fi

# import NAME DIR [--change ...]: the folder as a one-layer image.
import() {
  local name=$1 dir=$2; shift 2
  images_log "importing $name"
  tar --numeric-owner --exclude=./.complete -C "$dir" -c . | podman import -q "$@" - "$name" >/dev/null
}

# A staging copy of the root file system with extra folders, hard-linked (cheap) where possible.
stage() {
  local dir=$cache/stage-$1
  rm -rf "$dir"; cp -al "$rootfs" "$dir"
  echo "$dir"
}

if ! exists "$prefix/debian:13"; then
  import "$prefix/debian:13" "$rootfs" --change 'CMD ["bash"]'
fi

dotnet_env=(--change 'ENV DOTNET_ROOT=/usr/share/dotnet' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/share/dotnet'
  --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' --change 'ENV APP_UID=1654')

if ! exists "$prefix/aspnet:10.0"; then
  dir=$(stage aspnet)
  mkdir -p "$dir/usr/share/dotnet"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/shared" "$dotnet_root/LICENSE.txt" "$dir/usr/share/dotnet/" 2>/dev/null \
    || cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/shared" "$dir/usr/share/dotnet/"
  ln -sf /usr/share/dotnet/dotnet "$dir/usr/bin/dotnet"
  echo 'app:x:1654:1654:app:/home/app:/usr/sbin/nologin' >>"$dir/etc/passwd"
  echo 'app:x:1654:' >>"$dir/etc/group"
  mkdir -p "$dir/home/app" && chown 1654:1654 "$dir/home/app"
  import "$prefix/aspnet:10.0" "$dir" "${dotnet_env[@]}" --change 'ENV ASPNETCORE_HTTP_PORTS=8080'
  rm -rf "$dir"
fi

if ! exists "$prefix/sdk:10.0"; then
  dir=$(stage sdk)
  mkdir -p "$dir/usr/share/dotnet" "$dir/usr/lib/node_modules"
  cp -a "$dotnet_root"/. "$dir/usr/share/dotnet/"
  ln -sf /usr/share/dotnet/dotnet "$dir/usr/bin/dotnet"
  node=$(readlink -f "$(command -v node)")
  cp -a "$node" "$dir/usr/bin/node"
  cp -a "$(dirname "$node")/../lib/node_modules/npm" "$dir/usr/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$dir/usr/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$dir/usr/bin/npx"
  sdk_env=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
  # A host that checks NuGet signatures' revocation offline (no OCSP/CRL access) does so in the build too.
  [ -n "${NUGET_CERT_REVOCATION_MODE:-}" ] && sdk_env+=(--change "ENV NUGET_CERT_REVOCATION_MODE=$NUGET_CERT_REVOCATION_MODE")
  import "$prefix/sdk:10.0" "$dir" "${dotnet_env[@]}" "${sdk_env[@]}" --change 'CMD ["bash"]'
  rm -rf "$dir"
fi

here=$(dirname "${BASH_SOURCE[0]}")
for image in postgres:17 haproxy:3; do
  if ! exists "$prefix/$image"; then
    images_log "building $prefix/$image"
    podman build -q --build-arg "BASE=$prefix/debian:13" -t "$prefix/$image" \
      -f "$here/local/${image%%:*}.Dockerfile" "$here/local" >/dev/null
  fi
done
podman images --filter "reference=$prefix/*" --format '{{.Repository}}:{{.Tag}}  {{.Size}}'

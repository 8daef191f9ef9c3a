#!/usr/bin/env bash
# The `dotnet` to build, test and run TorchSharp code with.
# Usage: ops/torch/dotnet-torch.sh path|ensure|check|clean
#   path    print the dotnet to use, building the compatible runtime first when this host needs it
#   ensure  build the compatible runtime when needed (idempotent), print nothing on stdout
#   check   exit 0 when the system libstdc++ is new enough for TorchSharp, 1 when it is not
#   clean   delete the cached runtime
#
# TorchSharp 0.107 ships native code built with GCC 13+, which needs GLIBCXX_3.4.32. Older hosts
# (Debian 12) lack it. There this script, without changing the system, downloads libc6, libstdc++6
# and libgcc-s1 from Debian 13 (trixie) with a private apt configuration, unpacks them into a cache,
# makes a hard-linked copy of the dotnet root and patches that copy's `dotnet` (patchelf) to use the
# newer loader and libraries. Every process started by that dotnet (build servers, test hosts) runs
# on those libraries; the system's dotnet and libraries are left alone.
# Settings (environment): BATTLESHIP_TORCH_CACHE (~/.cache/battleship/torch-runtime),
# DOTNET (dotnet), TORCH_RUNTIME_SUITE (trixie), TORCH_RUNTIME_MIRROR (http://deb.debian.org/debian).
set -euo pipefail

cache=${BATTLESHIP_TORCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/battleship/torch-runtime}
suite=${TORCH_RUNTIME_SUITE:-trixie}
mirror=${TORCH_RUNTIME_MIRROR:-http://deb.debian.org/debian}
needed_symbol=GLIBCXX_3.4.32
packages=(libc6 libstdc++6 libgcc-s1)

log() { printf '[torch-runtime] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; exit 1; fi
}

system_dotnet() {
  local cmd=${DOTNET:-dotnet}
  command -v "$cmd" >/dev/null || { log "the .NET 10 SDK is required (no '$cmd' on PATH)"; exit 1; }
  readlink -f "$(command -v "$cmd")"
}

system_libstdcxx() {
  local lib
  lib=$(/sbin/ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}')
  [ -n "$lib" ] || lib=$(ls /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 2>/dev/null | head -n 1 || true)
  echo "$lib"
}

# Whether the host can load TorchSharp's native library as it is.
host_is_compatible() {
  [ "$(uname -s)" != Linux ] && return 0
  [ "$(uname -m)" != x86_64 ] && return 0  # the recipe is for x86-64 only; elsewhere use the system dotnet
  local lib
  lib=$(system_libstdcxx)
  [ -n "$lib" ] && grep -qa "$needed_symbol" "$lib"
}

# A key of the dotnet installation, so an SDK update rebuilds the copy.
dotnet_key() {
  local root=$1
  { echo "$root"; ls "$root/sdk" "$root/shared/Microsoft.NETCore.App" 2>/dev/null; stat -c %Y "$root/dotnet"; } | md5sum | cut -c1-12
}

ensure_tools() {
  local missing=()
  command -v patchelf >/dev/null || missing+=(patchelf)
  command -v apt-get >/dev/null || { log "apt-get is required to fetch the compatible runtime"; exit 1; }
  command -v dpkg-deb >/dev/null || { log "dpkg-deb is required to unpack the compatible runtime"; exit 1; }
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from apt"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Downloads and unpacks the newer C and C++ runtime into $cache/sysroot (once).
ensure_libraries() {
  local sysroot=$cache/sysroot
  [ -f "$sysroot/.complete" ] && return 0
  log "fetching ${packages[*]} from Debian $suite into $cache"
  local apt_dir=$cache/apt
  rm -rf "$apt_dir" "$sysroot"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/debs" "$sysroot"
  echo "deb $mirror $suite main" > "$apt_dir/sources.list"
  local apt_opts=(
    -o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=-
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache::archives=$apt_dir/archives"
    -o "Dir::Cache=$apt_dir" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
    -o APT::Get::List-Cleanup=0 -o Debug::NoLocking=1
  )
  # apt's download sandbox user cannot write into a private cache folder; download as ourselves.
  [ "$(id -u)" -eq 0 ] && apt_opts+=(-o APT::Sandbox::User=root)
  apt-get "${apt_opts[@]}" update -qq
  (cd "$apt_dir/debs" && apt-get "${apt_opts[@]}" download "${packages[@]}" >/dev/null)
  local deb
  for deb in "$apt_dir"/debs/*.deb; do
    dpkg-deb -x "$deb" "$sysroot"
  done
  [ -e "$sysroot/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" ] || { log "the downloaded packages have no loader"; exit 1; }
  grep -qa "$needed_symbol" "$sysroot/usr/lib/x86_64-linux-gnu/libstdc++.so.6" || { log "the downloaded libstdc++ lacks $needed_symbol"; exit 1; }
  rm -rf "$apt_dir/lists" "$apt_dir/archives"
  touch "$sysroot/.complete"
}

# Makes the hard-linked dotnet root with a patched `dotnet` (once per dotnet installation).
ensure_dotnet() {
  local real root key target lib
  real=$(system_dotnet)
  root=$(dirname "$real")
  key=$(dotnet_key "$root")
  target=$cache/dotnet-$key
  if [ -x "$target/dotnet" ] && [ -f "$target/.complete" ]; then echo "$target/dotnet"; return 0; fi
  log "making a patched copy of $root in $target"
  rm -rf "$target" "$target.tmp"
  mkdir -p "$cache"
  cp -al "$root" "$target.tmp" 2>/dev/null || { rm -rf "$target.tmp"; cp -a "$root" "$target.tmp"; }
  rm -f "$target.tmp/dotnet"
  cp "$real" "$target.tmp/dotnet"
  lib=$cache/sysroot/usr/lib/x86_64-linux-gnu
  patchelf --set-interpreter "$lib/ld-linux-x86-64.so.2" --force-rpath --set-rpath "$lib" "$target.tmp/dotnet"
  "$target.tmp/dotnet" --version >/dev/null || { log "the patched dotnet does not start"; exit 1; }
  touch "$target.tmp/.complete"
  mv "$target.tmp" "$target"
  # Older copies (a previous SDK) are no longer used.
  find "$cache" -maxdepth 1 -name 'dotnet-*' ! -name "dotnet-$key" -exec rm -rf {} + 2>/dev/null || true
  echo "$target/dotnet"
}

ensure() {
  if host_is_compatible; then
    command -v "${DOTNET:-dotnet}"
    return 0
  fi
  mkdir -p "$cache"
  # One builder at a time (several checkouts or make jobs may ask at once).
  exec 9>"$cache/.lock"
  flock 9
  ensure_tools
  ensure_libraries
  ensure_dotnet
}

case "${1:-}" in
  path) ensure ;;
  ensure) ensure >/dev/null ;;
  check) host_is_compatible ;;
  clean) rm -rf "$cache" ;;
  *) echo "usage: $0 path|ensure|check|clean" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# A private PostgreSQL cluster for development and tests, on 127.0.0.1 and a non-default port.
# Usage: db/local-postgres.sh up|down|reset|status|url
# Installs PostgreSQL from apt when missing (Debian/Ubuntu), never touches the system cluster,
# and is safe to run twice. Settings (environment): PGPORT_LOCAL (55432), PGDATA_LOCAL
# (<repo>/.postgres, or a folder under /var/tmp when the postgres user cannot reach the repo),
# PGHOST_LOCAL (the address it listens on: 127.0.0.1), PG_NETNS (a network namespace to run the
# server in; ops/chaos/hosts.sh gives PostgreSQL a host of its own that way), PG_CLIENT_NET (a
# further network allowed to sign in, e.g. 10.231.0.0/24).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
port=${PGPORT_LOCAL:-55432}
host=${PGHOST_LOCAL:-127.0.0.1}
netns=${PG_NETNS:-}
client_net=${PG_CLIENT_NET:-}
db_name=${PG_DATABASE:-battleship}
db_user=${PG_USER:-battleship}
db_password=${PG_PASSWORD:-battleship}

log() { printf '[postgres] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; exit 1; fi
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

install_postgres() {
  if [ -z "$(pg_bin)" ] || ! command -v psql >/dev/null || ! ls /usr/lib/postgresql/*/bin/pgbench >/dev/null 2>&1; then
    log "installing PostgreSQL from apt"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
  fi
}

# When running as root the server runs as the postgres user; otherwise as the current user.
in_netns() {
  if [ -n "$netns" ]; then ip netns exec "$netns" "$@"; else "$@"; fi
}

run_pg() {
  if [ "$(id -u)" -eq 0 ]; then in_netns runuser -u postgres -- "$@"; else in_netns "$@"; fi
}

data_dir() {
  if [ -n "${PGDATA_LOCAL:-}" ]; then echo "$PGDATA_LOCAL"; return; fi
  local dir="$repo/.postgres"
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$repo"; then
    dir="/var/tmp/battleship-postgres-$(printf '%s' "$repo" | md5sum | cut -c1-8)"
  fi
  echo "$dir"
}

is_running() {
  local dir=$1
  [ -f "$dir/PG_VERSION" ] && run_pg "$(pg_bin)/pg_ctl" -D "$dir" status >/dev/null 2>&1
}

start_own() {
  local bin=$1 dir=$2
  if [ ! -f "$dir/PG_VERSION" ]; then
    log "creating a cluster in $dir"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    chmod 700 "$dir"
    local pwfile="$dir.pwfile"
    printf '%s\n' "$db_password" > "$pwfile"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pwfile"
    run_pg "$bin/initdb" -D "$dir" -U postgres --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  if [ -n "$client_net" ] && ! grep -q "^host all all $client_net " "$dir/pg_hba.conf"; then
    echo "host all all $client_net scram-sha-256" >>"$dir/pg_hba.conf"
  fi
  if ! is_running "$dir"; then
    log "starting on $host:$port"
    run_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=$host -c unix_socket_directories=$dir -c max_connections=300 -c fsync=on" start >/dev/null
  fi
}

up() {
  install_postgres
  local bin dir
  bin=$(pg_bin)
  dir=$(data_dir)
  if ! is_running "$dir" && in_netns "$bin/pg_isready" -q -h "$host" -p "$port"; then
    # Another checkout's cluster (a second worktree, say) already serves this port: share it.
    log "$host:$port already answers (another checkout's cluster?); using that server"
  else
    start_own "$bin" "$dir"
  fi
  export PGPASSWORD=$db_password
  local psql=(in_netns psql -h "$host" -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt)
  if [ "$("${psql[@]}" -d postgres -c "select 1 from pg_roles where rolname = '$db_user'")" != 1 ]; then
    "${psql[@]}" -d postgres -c "create role $db_user login createdb password '$db_password'"
  fi
  if [ "$("${psql[@]}" -d postgres -c "select 1 from pg_database where datname = '$db_name'")" != 1 ]; then
    "${psql[@]}" -d postgres -c "create database $db_name owner $db_user"
  fi
  log "ready: $(url)"
}

down() {
  local bin dir
  bin=$(pg_bin) || true
  dir=$(data_dir)
  if [ -n "$bin" ] && is_running "$dir"; then
    log "stopping"
    run_pg "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
  fi
}

reset() {
  down
  local dir
  dir=$(data_dir)
  log "removing $dir"
  rm -rf "$dir"
  up
}

url() {
  echo "Host=$host;Port=$port;Database=$db_name;Username=$db_user;Password=$db_password"
}

status() {
  if [ -n "$(pg_bin)" ] && is_running "$(data_dir)"; then echo "running: $(url)"; else echo "stopped"; exit 3; fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  reset) reset ;;
  status) status ;;
  url) url ;;
  *) echo "usage: $0 up|down|reset|status|url" >&2; exit 2 ;;
esac

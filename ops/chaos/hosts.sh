# Sourced by ops/chaos/chaos.sh (from the repository's root, with $configuration, $dotnet and
# $state set and log() defined): the cluster on hosts of their own, all inside this machine. Each
# process gets a network namespace with one veth link to a bridge, so it has its own address and a
# link that can be cut or slowed (docs/chaos.md):
#
#   bridge bsc0 10.231.0.1 (this machine: runs the chaos script)
#   db 10.231.0.2 (PostgreSQL :5432)   silo-0 .10, silo-1 .11, trainer-0 .12 (silo :11111,
#   gateway :30000, web :8080)   gateway-0 .20, gateway-1 .21 (:5080)   lb .30 (nginx :80)
#   load .40 (the load tool)
#
# Silos advertise their own address and the gateways find them in the membership table, as in a
# deployment; nginx balances REST and WebSockets over the two gateways. A supervisor restarts any
# process that exits, 5 s later, as systemd's Restart=always or a Kubernetes Deployment would.
# Needs root (ip netns) and installs nginx from apt when it is missing.

CHAOS_SUBNET=${CHAOS_SUBNET:-10.231.0}
HOSTS_BRIDGE=bsc0
declare -A HOST_OCTET=([db]=2 [silo-0]=10 [silo-1]=11 [trainer-0]=12 [gateway-0]=20 [gateway-1]=21 [lb]=30 [load]=40)
HOSTS_DB_PORT=5432
HOSTS_SILO_PORT=11111
HOSTS_SILO_GATEWAY_PORT=30000
HOSTS_SILO_WEB_PORT=8080
HOSTS_GATEWAY_PORT=5080
HOSTS_CLUSTER=battleship-chaos
HOSTS_RESTART_DELAY=5

host_ip() { echo "$CHAOS_SUBNET.${HOST_OCTET[$1]}"; }
# Brings the hosts up for the rest of the calling script, and down when it exits or is interrupted.
hosts_session() {
  trap 'hosts_down' EXIT
  trap 'exit 130' INT TERM
  hosts_up
}
host_ns() { echo "bsc-$1"; }
# The machine's side of the host's veth (on the bridge): cut or slow the host's link here.
host_link() { echo "bsc${HOST_OCTET[$1]}"; }
on_host() {
  local host=$1
  shift
  ip netns exec "$(host_ns "$host")" "$@"
}

# shellcheck source=ops/local/processes.sh
. ops/local/processes.sh

hosts_network_up() {
  [ "$(id -u)" -eq 0 ] || { log "network namespaces need root"; return 1; }
  hosts_network_down
  ip link add "$HOSTS_BRIDGE" type bridge
  ip addr add "$CHAOS_SUBNET.1/24" dev "$HOSTS_BRIDGE"
  ip link set "$HOSTS_BRIDGE" up
  local host ns link
  for host in "${!HOST_OCTET[@]}"; do
    ns=$(host_ns "$host")
    link=$(host_link "$host")
    ip netns add "$ns"
    # No resolver is reachable from the hosts: point theirs at their own loopback, where the query
    # is refused at once (ip netns exec mounts this file over /etc/resolv.conf). Npgsql looks a
    # name up while it connects (Kerberos), and an unreachable resolver costs it its whole timeout.
    mkdir -p "/etc/netns/$ns"
    echo "nameserver 127.0.0.1" >"/etc/netns/$ns/resolv.conf"
    ip link add "$link" type veth peer name eth0 netns "$ns"
    ip link set "$link" master "$HOSTS_BRIDGE" up
    ip -n "$ns" addr add "$(host_ip "$host")/24" dev eth0
    ip -n "$ns" link set lo up
    ip -n "$ns" link set eth0 up
    ip -n "$ns" route add default via "$CHAOS_SUBNET.1"
  done
  log "hosts: ${#HOST_OCTET[@]} namespaces on $CHAOS_SUBNET.0/24 (bridge $HOSTS_BRIDGE)"
}

hosts_network_down() {
  local host
  for host in "${!HOST_OCTET[@]}"; do
    ip netns del "$(host_ns "$host")" 2>/dev/null || true
    rm -rf "/etc/netns/$(host_ns "$host")"
    ip link del "$(host_link "$host")" 2>/dev/null || true
  done
  ip link del "$HOSTS_BRIDGE" 2>/dev/null || true
}

hosts_connection_string() {
  echo "Host=$(host_ip db);Port=$HOSTS_DB_PORT;Database=battleship;Username=battleship;Password=battleship;Timeout=5"
}

# PostgreSQL on host db: a cluster of its own in $state/postgres (created once per run), on the
# host's loopback; the host's address is served by a relay that can slow the link
# (ops/chaos/delay-proxy.mjs: `tc netem` where the kernel has it would do the same).
hosts_db() {
  PGDATA_LOCAL="$state/postgres" PGHOST_LOCAL=127.0.0.1 PGPORT_LOCAL=$HOSTS_DB_PORT PG_NETNS=$(host_ns db) \
    db/local-postgres.sh "$1"
}

# The database link's added latency: hosts_db_delay on|off.
hosts_db_delay() {
  kill "-$([ "$1" = on ] && echo USR1 || echo USR2)" "$(cat "$state/db-link.pid")"
}

# What each process needs, by name; `supervise` restarts them with these.
hosts_start() {
  local name=$1 ip
  ip=$(host_ip "${name/db-link/db}")
  case $name in
    silo-* | trainer-*)
      local program=(Silo/bin/$configuration/net10.0/Battleship.Silo.dll) role=game runner=$dotnet
      if [[ $name == trainer-* ]]; then
        program=(Trainer/bin/$configuration/net10.0/Battleship.Trainer.dll silo)
        role=trainer
        runner=${DOTNET_TORCH:-$dotnet}
      fi
      start "$name" env Battleship__Silo__AdvertisedAddress="$ip" Battleship__Silo__SiloPort=$HOSTS_SILO_PORT \
        Battleship__Silo__GatewayPort=$HOSTS_SILO_GATEWAY_PORT Battleship__Silo__WebUrl="http://$ip:$HOSTS_SILO_WEB_PORT" \
        Battleship__Silo__Role=$role \
        ip netns exec "$(host_ns "$name")" "$runner" "${program[@]}"
      ;;
    gateway-*)
      # From Gateway/ (its content root); both gateways sign and accept the same local-issuer tokens.
      start "$name" env -C Gateway ASPNETCORE_URLS="http://$ip:$HOSTS_GATEWAY_PORT" \
        Auth__LocalIssuer__SigningKey="$HOSTS_SIGNING_KEY" \
        ip netns exec "$(host_ns "$name")" "$dotnet" "bin/$configuration/net10.0/Battleship.Gateway.dll"
      ;;
    db-link)
      start db-link ip netns exec "$(host_ns db)" node ops/chaos/delay-proxy.mjs "$ip" $HOSTS_DB_PORT 127.0.0.1 $HOSTS_DB_PORT 200
      ;;
    lb)
      start lb ip netns exec "$(host_ns lb)" nginx -p "$state/nginx" -c "$state/nginx/nginx.conf" -e "$state/nginx/error.log"
      ;;
    *) log "unknown process $name"; return 1 ;;
  esac
}

hosts_wait() {
  local name=$1
  case $name in
    silo-* | trainer-*) wait_for "$name" "$(host_ip "$name")" $HOSTS_SILO_WEB_PORT /ready 120 ;;
    gateway-*) wait_for "$name" "$(host_ip "$name")" $HOSTS_GATEWAY_PORT /health/ready 120 ;;
    lb) wait_for lb "$(host_ip lb)" 80 /health 30 ;;
  esac
}

hosts_nginx_conf() {
  mkdir -p "$state/nginx"
  cat >"$state/nginx/nginx.conf" <<NGINX
# The load balancer in front of the two gateways (written by ops/chaos/hosts.sh).
daemon off;
worker_processes 1;
pid $state/nginx/nginx.pid;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $state/nginx/body;
  proxy_temp_path $state/nginx/proxy;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }
  upstream gateways {
    # max_fails=0: no gateway is ever marked down for a while. A dead one refuses connections at
    # once and the request goes to the next (proxy_next_upstream below); with max_fails=1 a single
    # failed request (a keep-alive connection closed as it was reused) took a healthy gateway out
    # for fail_timeout, and with both out nginx answered 502 "no live upstreams" to everything.
    server $(host_ip gateway-0):$HOSTS_GATEWAY_PORT max_fails=0;
    server $(host_ip gateway-1):$HOSTS_GATEWAY_PORT max_fails=0;
    keepalive 64;
  }
  server {
    listen $(host_ip lb):80;
    location / {
      proxy_pass http://gateways;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      # A gateway that refuses or resets a connection: the request goes to the other one (a
      # request that was never sent is safe to send again, whatever its method).
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
    }
  }
}
NGINX
}

# Restarts, HOSTS_RESTART_DELAY seconds later, any process of $HOSTS_SUPERVISED that is not
# running and not held ($state/NAME.held); logs each restart to $state/restarts.log.
supervise() {
  declare -A down_since=()
  while sleep 0.5; do
    local name now
    now=$(date +%s)
    for name in $HOSTS_SUPERVISED; do
      if alive "$name" || [ -e "$state/$name.held" ]; then
        unset "down_since[$name]"
        continue
      fi
      : "${down_since[$name]:=$now}"
      if ((now - down_since[$name] >= HOSTS_RESTART_DELAY)); then
        unset "down_since[$name]"
        printf '%s %s restarted\n' "$(date +%s.%N)" "$name" >>"$state/restarts.log"
        hosts_start "$name" >/dev/null 2>&1 || true
      fi
    done
  done
}

# Brings everything up: network, PostgreSQL (migrated), two game silos (and the trainer silo when
# HOSTS_TRAINER=1), two gateways, nginx and the supervisor. hosts_down undoes it all.
hosts_up() {
  command -v nginx >/dev/null && command -v ip >/dev/null || {
    log "installing nginx and iproute2 from apt"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx iproute2 >/dev/null
  }
  hosts_network_up
  rm -rf "$state/postgres"
  hosts_db up >/dev/null
  hosts_start db-link
  for ((i = 0; i < 50; i++)); do (exec 3<>"/dev/tcp/$(host_ip db)/$HOSTS_DB_PORT") 2>/dev/null && break; sleep 0.1; done
  Battleship__Database__ConnectionString=$(hosts_connection_string) \
    "$dotnet" "db/Migrator/bin/$configuration/net10.0/Battleship.Db.Migrator.dll" migrate >"$state/migrate.log" 2>&1 || {
    log "migration failed:"
    tail -n 20 "$state/migrate.log" >&2
    return 1
  }
  HOSTS_SIGNING_KEY=$(head -c 32 /dev/urandom | base64)
  export HOSTS_SIGNING_KEY
  export Battleship__Database__ConnectionString
  Battleship__Database__ConnectionString=$(hosts_connection_string)
  export Battleship__Cluster__ClusterId=$HOSTS_CLUSTER Battleship__Cluster__ServiceId=$HOSTS_CLUSTER
  export ASPNETCORE_ENVIRONMENT=Development
  set -a
  # shellcheck source=ops/load/gateway.env
  . ops/load/gateway.env
  set +a
  hosts_nginx_conf
  HOSTS_SUPERVISED="silo-0 silo-1 gateway-0 gateway-1 lb"
  [ "${HOSTS_TRAINER:-0}" = 1 ] && HOSTS_SUPERVISED="silo-0 silo-1 trainer-0 gateway-0 gateway-1 lb"
  local name silos=() front=()
  for name in $HOSTS_SUPERVISED; do
    if [[ $name == gateway-* || $name == lb ]]; then front+=("$name"); else silos+=("$name"); fi
  done
  # The silos first (the first one creates the cluster), then the gateways and the balancer.
  for name in "${silos[@]}"; do hosts_start "$name"; done
  for name in "${silos[@]}"; do hosts_wait "$name"; done
  for name in "${front[@]}"; do hosts_start "$name"; done
  for name in "${front[@]}"; do hosts_wait "$name"; done
  supervise &
  HOSTS_SUPERVISOR=$!
  log "hosts: up (${HOSTS_SUPERVISED// /, }; PostgreSQL on $(host_ip db))"
}

hosts_down() {
  [ -n "${HOSTS_SUPERVISOR:-}" ] && kill "$HOSTS_SUPERVISOR" 2>/dev/null
  local name
  for name in lb gateway-0 gateway-1 trainer-0 silo-0 silo-1 db-link; do
    [ -e "$state/$name.pid" ] && kill -CONT "$(cat "$state/$name.pid")" 2>/dev/null
    stop "$name" >/dev/null 2>&1
  done
  hosts_db down >/dev/null 2>&1
  hosts_network_down
}

# Sourced by ops/load/load-gateway.sh and ops/chaos/chaos.sh (from the repository's root, with
# $configuration and $dotnet set): brings up a local stack of two game silos and a gateway with the
# load-test limits of ops/load/gateway.env, on ports and in a cluster of its own (so a stack of
# `make up` may run beside it), and stops it when the sourcing script exits (then calls the
# sourcing script's on_stack_exit, when it defines one).
# Usage: start_stack_of_its_own NAME STATE_DIR GATEWAY_PORT PORT_OFFSET
#   silo ports 11101+OFFSET, silo gateway ports 30001+OFFSET, silo web ports 8101+OFFSET (n for silo n)
start_stack_of_its_own() {
  local name=$1 state=$2 port=$3 offset=$4
  export STACK_STATE=$state GATEWAY_PORT=$port GAME_SILOS=2 TRAINER_SILO=0
  export SILO_PORT=$((11101 + offset)) SILO_GATEWAY_PORT=$((30001 + offset)) SILO_WEB_PORT=$((8101 + offset))
  export Battleship__Cluster__ClusterId=battleship-$name Battleship__Cluster__ServiceId=battleship-$name
  export ASPNETCORE_ENVIRONMENT=Development
  set -a
  # shellcheck source=ops/load/gateway.env
  . ops/load/gateway.env
  set +a
  trap 'ops/local/stack.sh down >/dev/null 2>&1 || true; if declare -F on_stack_exit >/dev/null; then on_stack_exit; fi' EXIT
  trap 'exit 130' INT TERM
  CONFIGURATION=$configuration DOTNET=$dotnet ops/local/stack.sh up >/dev/null
}

# Sourced by the scripts that run the load tool (ops/load/load-gateway.sh, ops/chaos/chaos.sh):
# works from the repository's root and sets $repo, $configuration (CONFIGURATION, Release),
# $dotnet (DOTNET, dotnet) and $tool, the built load tool; stops when it is not built.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
configuration=${CONFIGURATION:-Release}
dotnet=${DOTNET:-dotnet}
tool="tests/Load/bin/$configuration/net10.0/Battleship.Load.dll"
[ -f "$tool" ] || { echo "$tool is missing: run make build" >&2; exit 1; }

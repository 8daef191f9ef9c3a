#!/usr/bin/env bash
# Every project of Battleship.sln must appear in docs/architecture.md by its folder (for example
# `db/Db` or `tests/Load`), so the architecture document cannot fall behind the solution.
set -euo pipefail
cd "$(dirname "$0")/../.."
doc=docs/architecture.md
missing=0
while IFS= read -r project; do
    folder=$(dirname "${project//\\//}")
    if ! grep -qF "\`$folder/\`" "$doc" && ! grep -qF "\`$folder\`" "$doc"; then
        echo "docs/architecture.md does not mention the project folder \`$folder\` ($project)" >&2
        missing=1
    fi
done < <(grep -E '^Project\(' Battleship.sln | sed -E 's/^[^,]*, "([^"]+\.csproj)".*/\1/' | grep '\.csproj$')
if [ "$missing" -ne 0 ]; then
    echo "Add each project to the project graph and table of docs/architecture.md." >&2
    exit 1
fi
echo "docs/architecture.md names all $(grep -cE '^Project\(.*\.csproj' Battleship.sln) projects of Battleship.sln"

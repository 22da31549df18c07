#!/bin/sh
# Print the path of a CPython interpreter of version $1 (such as 3.12), or
# nothing and exit 1 when this machine has none. Looks on PATH (python3.12),
# in pyenv's versions, in uv's managed Pythons, then in /usr/local and /usr.
set -eu
version=$1

works() {
    "$1" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$version'.split('.'))))" \
        >/dev/null 2>&1
}

# `command -v` would find pyenv's shim, which fails when the version is not installed: works() checks.
candidates=$(command -v "python$version" 2>/dev/null || true)
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
for dir in "$pyenv_root"/versions/"$version".*; do
    candidates="$candidates $dir/bin/python$version"
done
if command -v uv >/dev/null 2>&1; then
    candidates="$candidates $(uv python find --no-project "$version" 2>/dev/null || true)"
fi
candidates="$candidates /usr/local/bin/python$version /usr/bin/python$version"

for candidate in $candidates; do
    if [ -x "$candidate" ] && works "$candidate"; then
        echo "$candidate"
        exit 0
    fi
done
exit 1

#!/bin/sh
# Print the path of a CPython interpreter of version $1 (such as 3.12), or
# nothing and exit 1 when this machine has none. Looks in pyenv's versions, on
# PATH (python3.12), in uv's managed Pythons, then in /usr/local and /usr.
set -eu
version=$1

works() {
    "$1" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$version'.split('.'))))" \
        >/dev/null 2>&1
}

# pyenv's builds first (this project's machines have them); then PATH, where `command -v`
# may find a pyenv shim that fails for a version not selected: works() checks each one.
candidates=""
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
for dir in "$pyenv_root"/versions/"$version".*; do
    candidates="$candidates $dir/bin/python$version"
done
candidates="$candidates $(command -v "python$version" 2>/dev/null || true)"
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

#!/bin/sh
# Make sure a CPython $1 (such as 3.12) is on this machine, as scripts/find-python.sh
# finds it: install Debian's python3.X package when there is one and we are root,
# or let uv install it when uv is on PATH; otherwise say what to do and exit 1.
set -eu
version=$1
if sh scripts/find-python.sh "$version" >/dev/null; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -q >/dev/null
    if apt-cache show "python$version-venv" >/dev/null 2>&1; then
        echo "Installing Python $version (Debian packages python$version, python$version-venv)..."
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "python$version" "python$version-venv"
        exit 0
    fi
fi
if command -v uv >/dev/null 2>&1 && uv python install "$version"; then
    exit 0
fi
echo "Python $version is not on this machine and cannot be installed here: this Debian" >&2
echo "release has no python$version package and uv is missing or cannot download it." >&2
echo "Install it with pyenv (pyenv install $version) or put python$version on PATH." >&2
exit 1

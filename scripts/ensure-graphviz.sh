#!/bin/sh
# Make sure the Graphviz `dot` program is on PATH: install Debian's package when
# we are root, otherwise say how to install it.
set -eu
if command -v dot >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Graphviz (Debian package 'graphviz')..."
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q graphviz
    exit 0
fi
echo "The Graphviz 'dot' program is missing. Install it, then run this again:" >&2
echo "    sudo apt-get install graphviz      # Debian, Ubuntu" >&2
echo "    brew install graphviz              # macOS" >&2
exit 1

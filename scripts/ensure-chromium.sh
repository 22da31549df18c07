#!/bin/sh
# Make sure a Chromium browser is installed for the page's browser tests:
# install Debian's package when we are root, otherwise say how to install it.
# Without it the browser tests are skipped (outside CI) with this reason.
set -eu
for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then
        exit 0
    fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium (Debian package 'chromium') for the browser tests..."
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
    exit 0
fi
echo "Chromium is missing, so the browser tests will be skipped. To run them:" >&2
echo "    sudo apt-get install chromium      # Debian, Ubuntu" >&2
echo "or set ORGCHART_CHROMIUM=/path/to/chromium" >&2
exit 0

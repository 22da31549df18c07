#!/bin/sh
# Create or reuse the virtual environment and install orgchart, with the extras
# named in EXTRAS (default "dev"; empty for the library alone).
set -eu
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
EXTRAS=${EXTRAS-dev}

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "orgchart needs Python 3.11 or newer as '$PYTHON' (set PYTHON=/path/to/python3.11)." >&2
    exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
        # Debian ships venv/ensurepip separately from the interpreter.
        rm -rf "$VENV"
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            apt-get update -q && apt-get install -y -q python3-venv
            "$PYTHON" -m venv "$VENV"
        else
            echo "Cannot create a virtual environment: install Debian's python3-venv" >&2
            echo "    sudo apt-get install python3-venv" >&2
            exit 1
        fi
    fi
fi

"$VENV/bin/python" -m pip install -q --upgrade pip
if [ -n "$EXTRAS" ]; then
    "$VENV/bin/python" -m pip install -q -e ".[$EXTRAS]"
else
    "$VENV/bin/python" -m pip install -q -e .
fi

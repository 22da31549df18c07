#!/bin/sh
# The test suite on every supported Python, each in its own virtual environment:
# the whole suite in .venv (the Makefile's $PYTHON, set up by `make test`), then the suite
# without the browser and documentation tests (the same code, and the slowest) on
# each other supported version, in .venv-3.X. Each run spreads over the cores
# (pytest-xdist). Ends with one line per Python and its counts.
#
# The supported versions are pyproject.toml's "Programming Language :: Python :: 3.X"
# classifiers. A newer one (NEWER, 3.14) is tested too when it is on the machine.
# A supported version this machine lacks is skipped with how to install it;
# under CI (CI=true) it is installed (scripts/ensure-python.sh), and one that
# cannot be installed fails the run.
set -u
NEWER=${NEWER:-3.14}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 1)}
LOGS=build/test-logs
mkdir -p "$LOGS"

supported=$(sed -n 's/.*"Programming Language :: Python :: \(3\.[0-9][0-9]*\)".*/\1/p' pyproject.toml | tr '\n' ' ')
default=$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
summary=""
failed=0

# Add the line $1 to the summary.
note() {
    summary="$summary$1
"
}

# Run pytest in venv $1 (what is run: $2) with the arguments after them; note its counts.
run_suite() {
    venv=$1
    what=$2
    shift 2
    version=$("$venv/bin/python" -c 'import platform; print(platform.python_version())')
    log="$LOGS/python-$version.log"
    echo "=== pytest on Python $version ($venv, $what) ==="
    { "$venv/bin/python" -m pytest -n "$JOBS" --dist loadgroup "$@"; echo $? >"$log.status"; } 2>&1 | tee "$log"
    counts=$(tail -n 1 "$log" | tr -d '=' | sed 's/^ *//; s/ *$//')
    if [ "$(cat "$log.status")" = 0 ]; then
        note "Python $version ($venv, $what): $counts"
    else
        note "Python $version ($venv, $what): FAILED: $counts"
        failed=1
    fi
}

run_suite .venv "the whole suite"

for version in $supported $NEWER; do
    [ "$version" = "$default" ] && continue
    promised=yes
    case " $supported " in *" $version "*) ;; *) promised=no ;; esac
    if ! interpreter=$(sh scripts/find-python.sh "$version"); then
        if [ "$promised" = no ]; then
            note "Python $version: not on this machine, not tested (newer than the supported versions)"
            continue
        fi
        if [ "${CI:-}" = true ] && sh scripts/ensure-python.sh "$version"; then
            interpreter=$(sh scripts/find-python.sh "$version")
        elif [ "${CI:-}" = true ]; then
            note "Python $version: FAILED: supported, missing, and it cannot be installed here"
            failed=1
            continue
        else
            note "Python $version: SKIPPED: not on this machine (pyenv install $version, or set up python$version on PATH)"
            continue
        fi
    fi
    venv=.venv-$version
    if [ ! -f "$venv/.installed-dev" ] || [ pyproject.toml -nt "$venv/.installed-dev" ]; then
        echo "=== setting up $venv with $interpreter ==="
        if ! PYTHON=$interpreter VENV=$venv EXTRAS=dev sh scripts/setup-venv.sh; then
            if [ "$promised" = no ]; then
                note "Python $version: not tested: its environment cannot be set up (dependencies missing for it)"
            else
                note "Python $version: FAILED: its environment cannot be set up"
                failed=1
            fi
            continue
        fi
        touch "$venv/.installed-dev"
    fi
    run_suite "$venv" "without browser and docs tests" \
        --ignore=tests/test_browser.py --ignore=tests/test_docs.py
done

echo "=== pytest on each Python ==="
printf '%s' "$summary"
exit $failed

#!/usr/bin/env bash
# Create ./.venv and make it hold exactly requirements.lock plus this project (editable), whenever the venv
# is missing or the lock or pyproject.toml changed since the last install. Run by ./aksedge-wizard and
# ./run-tests, so a fresh machine needs only Python 3.11+ and pip.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${AKSEDGE_WIZARD_VENV:-$root/.venv}"
python="${PYTHON:-python3}"
lock="$root/requirements.lock"
if ! "$python" -c 'import sys; raise SystemExit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "aksedge-wizard needs Python 3.11 or newer (found: $("$python" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
    exit 2
fi
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
stamp="$venv/.aksedge-wizard-installed"
want="$(cat "$lock" "$root/pyproject.toml" | cksum)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "installing requirements.lock into $venv (first run, or the lock changed)..." >&2
    pip=("$venv/bin/python" -m pip --disable-pip-version-check --quiet)
    "${pip[@]}" install --no-deps --requirement "$lock" >&2
    "${pip[@]}" install --no-deps --no-build-isolation --editable "$root" >&2
    # Anything an older lock brought that this one no longer names goes, so the venv equals the lock.
    extra="$("$venv/bin/python" "$root/scripts/unlocked.py" "$lock")"
    if [ -n "$extra" ]; then
        # shellcheck disable=SC2086
        "${pip[@]}" uninstall --yes $extra >&2
    fi
    "${pip[@]}" check >&2
    echo "$want" > "$stamp"
fi

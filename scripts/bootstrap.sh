#!/usr/bin/env bash
# Create ./.venv and install the project into it (with the extras named in $1) when missing or stale.
# Sourced by ./aksedge-wizard and ./run-tests, so a fresh machine needs only Python 3.11+ and pip.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
extras="${1:-}"
venv="${AKSEDGE_WIZARD_VENV:-$root/.venv}"
python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; raise SystemExit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "aksedge-wizard needs Python 3.11 or newer (found: $("$python" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
    exit 2
fi
stamp="$venv/.installed${extras:+-$extras}"
want="$(cat "$root/pyproject.toml" | cksum)"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setting up $venv (first run only)..." >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$root${extras:+[$extras]}" >&2
    echo "$want" > "$stamp"
fi

#!/usr/bin/env bash
# Regenerate requirements.lock (runtime + test dependencies, every platform and Python >= 3.11) from the
# ranges in pyproject.toml. Without arguments it keeps every pin that still satisfies the ranges; pass
# --upgrade (or --upgrade-package NAME) to move pins. After a bump: ./run-tests, look at every snapshot
# that changed, regenerate them with --snapshot-update, and commit lock and SVGs together.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${TMPDIR:-/tmp}/aksedge-wizard-lock-tools"
python="${PYTHON:-python3}"
[ -x "$tools/bin/uv" ] || { "$python" -m venv "$tools" && "$tools/bin/pip" install --quiet uv; }
cd "$root"
"$tools/bin/uv" pip compile pyproject.toml --extra test --universal --python-version 3.11 \
    --no-header --quiet -o requirements.lock "$@"
tmp="$(mktemp)"
{ echo "# The dependencies every test run installs, pinned (./run-tests and ./aksedge-wizard install exactly these)."
  echo "# Regenerate with scripts/lock.sh; see README, 'Dependencies'."
  grep -v -e '^# The dependencies' -e '^# Regenerate' requirements.lock; } > "$tmp"
mv "$tmp" requirements.lock

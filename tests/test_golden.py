"""Golden folders (Proxmox style): good inputs validate clean; bad inputs give exactly the recorded findings.

To record a new bad case: add tests/golden/bad/NAME.json, run with GOLDEN_UPDATE=1, read the .expected.json
it writes and keep it only if every finding is right.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from wizard import rules, store

GOLDEN = Path(__file__).parent / "golden"
GOOD = sorted((GOLDEN / "good").glob("*.json"))
BAD = sorted(p for p in (GOLDEN / "bad").glob("*.json") if not p.name.endswith(".expected.json"))


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_inputs_are_clean(path: Path) -> None:
    assert rules.validate(store.load(path)) == []


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_inputs_give_exact_findings(path: Path) -> None:
    got = [f.to_dict() for f in rules.validate(store.load(path))]
    expected_file = path.with_suffix(".expected.json")
    if os.environ.get("GOLDEN_UPDATE"):
        expected_file.write_text(json.dumps(got, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert got == expected
    assert got, "a bad input must give at least one finding"

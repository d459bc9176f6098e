"""Microsoft's own sample configs and the reference examples: load, validate as documented, round-trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wizard import rules, store

from .conftest import EXAMPLES, GA_SAMPLES, LEGACY_SAMPLE


def test_reference_files_are_present() -> None:
    assert len(GA_SAMPLES) >= 14 and len(EXAMPLES) == 7 and LEGACY_SAMPLE.exists()


@pytest.mark.parametrize("path", GA_SAMPLES + EXAMPLES, ids=lambda p: p.name)
def test_ga_files_validate_without_errors(path: Path) -> None:
    findings = rules.validate(store.load(path))
    assert not rules.errors(findings), [f.message for f in findings]
    allowed = {"arc.missing", "arc.partial", "key.unknown"}
    assert {f.rule for f in findings} <= allowed


@pytest.mark.parametrize("path", GA_SAMPLES + EXAMPLES, ids=lambda p: p.name)
def test_round_trip_is_byte_for_byte(path: Path, tmp_path: Path) -> None:
    draft = store.load(path)
    assert draft.to_json().encode("utf-8") == path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    assert store.write(store.load(copy), copy).written is False


def test_aio_deploy_key_is_kept_and_named() -> None:
    for path in GA_SAMPLES:
        if '"AioDeploy"' in path.read_text(encoding="utf-8"):
            draft = store.load(path)
            assert list(json.loads(draft.to_json()))[3] == "AioDeploy"
            findings = rules.validate(draft)
            assert any(f.path == "AioDeploy" and f.rule == "key.unknown" and not f.is_error for f in findings)


def test_legacy_sample_is_rejected_clearly() -> None:
    findings = rules.validate(store.load(LEGACY_SAMPLE))
    assert {f.path for f in findings} == {"DeployOptions", "EndUser", "LinuxVm", "Network.VSwitch"}
    assert all(f.rule == "legacy.layout" and "1.1 layout" in f.message for f in findings)

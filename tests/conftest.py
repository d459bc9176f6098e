"""Shared fixtures. The developer's own environment (proxy variables, NO_COLOR) is kept out of every test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wizard import store
from wizard.draft import Draft

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"
EXAMPLES = sorted((REFERENCE / "examples").glob("*.json"))
SAMPLES = sorted((REFERENCE / "microsoft-samples").glob("*.json"))
LEGACY_SAMPLE = REFERENCE / "microsoft-samples" / "aksedge-config-a080545.json"
GA_SAMPLES = [p for p in SAMPLES if p != LEGACY_SAMPLE]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "NO_COLOR",
                 "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def load_example(name: str) -> Draft:
    return store.load(REFERENCE / "examples" / name)


@pytest.fixture
def scalable() -> Draft:
    """A valid scalable first machine: 192.168.1.0/24, gateway .1, CP .191, services .151-.160, Linux .171."""
    return load_example("03-scalable-first-controlplane-static.json")


@pytest.fixture
def single() -> Draft:
    return load_example("01-single-machine-linux.json")


@pytest.fixture
def mixed() -> Draft:
    """Scalable, K8s/calico, proxy, two DNS servers, Linux + Windows with MACs, MTU 1450, 10.0.0.0/24."""
    return load_example("04-scalable-proxy-dns-mac-mtu.json")


def as_json(draft: Draft) -> dict:
    return json.loads(draft.to_json())

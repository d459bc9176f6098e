"""Shared fixtures. The developer's own environment (proxy variables, NO_COLOR) is kept out of every test."""

from __future__ import annotations

import ipaddress as _ipaddress
import json
import socket as _socket
from pathlib import Path
from typing import Any

import pytest

from wizard import store
from wizard.draft import Draft

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_DIR = FIXTURES / "samples"  # copies of the reference samples, see its README for their origin
EXAMPLES = sorted((SAMPLE_DIR / "examples").glob("*.json"))
SAMPLES = sorted((SAMPLE_DIR / "microsoft").glob("*.json"))
LEGACY_SAMPLE = SAMPLE_DIR / "microsoft" / "aksedge-config-a080545.json"
GA_SAMPLES = [p for p in SAMPLES if p != LEGACY_SAMPLE]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "http_proxy",
        "https_proxy",
        "no_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "NO_PROXY",
        "NO_COLOR",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)


def load_example(name: str) -> Draft:
    return store.load(SAMPLE_DIR / "examples" / name)


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


# -- network safety: tests may reach only the loopback range ----------------------------------------------


def _loopback_only(address: object) -> None:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, (bytes, str)) and str(host).startswith("/"):
        return  # a Unix socket
    try:
        ip = _ipaddress.ip_address(str(host).split("%")[0])
    except ValueError:
        raise AssertionError(f"a test tried to reach {host!r} by name; tests use 127.0.0.1 only") from None
    if not ip.is_loopback:
        raise AssertionError(f"a test tried to reach {ip}; tests may send traffic only to 127.0.0.0/8 and ::1")


@pytest.fixture(autouse=True)
def _only_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect, real_connect_ex, real_sendto = (
        _socket.socket.connect,
        _socket.socket.connect_ex,
        _socket.socket.sendto,
    )

    def connect(self: _socket.socket, address: object) -> None:
        if self.family in (_socket.AF_INET, _socket.AF_INET6):
            _loopback_only(address)
        return real_connect(self, address)

    def connect_ex(self: _socket.socket, address: object) -> int:
        if self.family in (_socket.AF_INET, _socket.AF_INET6):
            _loopback_only(address)
        return real_connect_ex(self, address)

    def sendto(self: _socket.socket, data: bytes, *args: object) -> int:
        if args and self.family in (_socket.AF_INET, _socket.AF_INET6):
            _loopback_only(args[-1])
        return real_sendto(self, data, *args)

    monkeypatch.setattr(_socket.socket, "connect", connect)
    monkeypatch.setattr(_socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(_socket.socket, "sendto", sendto)

    async def no_real_ping(address: str, timeout: float) -> bool:
        _loopback_only(address)
        from wizard.probes import _real_system_ping

        return await _real_system_ping(address, timeout)

    import wizard.probes

    monkeypatch.setattr(wizard.probes, "system_ping", no_real_ping)


def demo_wizard(config: Path, answers: Path | None = None):  # type: ignore[no-untyped-def]
    """The wizard as `aksedge-wizard --demo --config CONFIG [--answers F]` builds it (probes off)."""
    import argparse

    from wizard.app import build_app

    return build_app(argparse.Namespace(config=config, demo=True, adapters_file=None, offline=True, answers=answers))


class RecordedWindows:
    """A Windows box for the platform seam (wizard/system.py): each command's output comes from a recording,
    and every command run is kept so tests can check exactly what would have run."""

    def __init__(self) -> None:
        from wizard.system import Completed

        self.ran: list[list[str]] = []
        self.answers: list[tuple[str, Completed]] = []  # (word in the argv, what it prints)
        self.user = "EDGE-BOX\\operator"
        self.on_close: list[Any] = []  # what the app asked to run when the console goes away

    def answer(self, word: str, stdout: bytes, returncode: int = 0, stderr: bytes = b"") -> None:
        from wizard.system import Completed

        self.answers.insert(0, (word, Completed(returncode, stdout, stderr)))

    def _run(self, argv: Any, timeout: float) -> Any:
        from wizard.system import Completed

        self.ran.append(list(argv))
        for word, result in self.answers:
            if any(word in part for part in argv):
                return result
        return Completed(1, b"", b"not recorded")

    async def _run_async(self, argv: Any, timeout: float) -> Any:
        return self._run(argv, timeout)

    def system(self) -> Any:
        from wizard.system import System

        return System(
            windows=True,
            run=self._run,
            run_async=self._run_async,
            which=lambda name: (
                f"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\{name}" if "powershell" in name else None
            ),
            user=lambda: self.user,
            on_console_close=self.on_close.append,
        )


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> RecordedWindows:
    """Run the Windows branches here: the platform seam says Windows and replays recorded outputs."""
    import wizard.system

    box = RecordedWindows()
    monkeypatch.setattr(wizard.system, "CURRENT", box.system())  # the loopback guard stays in front of ping
    return box

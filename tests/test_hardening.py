"""Hardening: random keys on every screen, files that fight back, interruptions, secrets, small terminals."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input

from screens.dialogs import ConfirmScreen, WriteElsewhereScreen
from wizard import store
from wizard.app import WizardApp

from .conftest import EXAMPLES, ROOT, demo_wizard
from .pilot import make_app, settle

KEYS = list("0123456789.abcxyz:-/ ") + [
    "tab",
    "shift+tab",
    "enter",
    "escape",
    "backspace",
    "delete",
    "up",
    "down",
    "left",
    "right",
    "space",
    "ctrl+g",
    "ctrl+r",
    "ctrl+l",
    "ctrl+n",
    "f1",
    "home",
    "end",
    "pageup",
    "pagedown",
]


@pytest.mark.parametrize("step", ["deployment", "adapter", "addressing", "dns", "proxy", "machine", "arc", "review"])
async def test_random_keys_never_crash(step: str, tmp_path: Path) -> None:
    rng = random.Random(step)  # seeded: a failure replays exactly
    app = make_app(tmp_path)
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(pilot)
        app.change_deployment_type("ScalableCluster")
        app.show_step(step)
        await settle(pilot)
        for _batch in range(30):  # 300 keys, ten at a time as fast as a typist's burst: no waiting between them
            for key in (rng.choice(KEYS) for _ in range(10)):
                char = key if len(key) == 1 else {"space": " ", "tab": "\t", "enter": "\r"}.get(key)
                name = {" ": "space", ".": "full_stop", ":": "colon", "-": "minus", "/": "slash"}.get(key, key)
                app.post_message(events.Key(name, char))
            await settle(pilot)
            while len(app.screen_stack) > 1:  # close any dialog or help the keys opened
                await pilot.press("escape")
                await settle(pilot)
            if app.current == "done":
                break
        await settle(pilot)
        assert app.is_running
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


async def test_resize_below_minimum_and_back_on_every_step(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        app.change_deployment_type("ScalableCluster")
        for step in [s.id for s in app.session.steps()]:
            app.show_step(step)
            await settle(pilot)
            await pilot.resize_terminal(60, 20)
            await settle(pilot)
            assert app.query_one("#too-small").display
            await pilot.resize_terminal(100, 32)
            await settle(pilot)
            assert not app.query_one("#too-small").display and app.current == step


async def test_no_color_is_respected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert app.no_color


async def test_file_changed_on_disk_is_detected_and_asked(tmp_path: Path) -> None:
    target = tmp_path / "c.json"
    target.write_bytes(EXAMPLES[2].read_bytes())
    app = demo_wizard(target)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.session.set_value("Init.ServiceIPRangeSize", 12)
        someone_else = target.read_text(encoding="utf-8").replace(
            '"ServiceIPRangeSize": 10', '"ServiceIPRangeSize": 30'
        )
        target.write_text(someone_else, encoding="utf-8")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and "changed on disk" in str(
            app.screen.query_one("#question").render()
        )
        await pilot.press("escape")
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == someone_else  # kept
        await pilot.press("ctrl+w")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.current == "done"
    assert json.loads(target.read_text(encoding="utf-8"))["Init"]["ServiceIPRangeSize"] == 12
    assert (tmp_path / "c.json.bak").read_text(encoding="utf-8") == someone_else


async def write_from_review(pilot: Any) -> None:
    """The licence accepted, Review open, Ctrl+W pressed: what a person does to write."""
    await settle(pilot)
    pilot.app.session.set_value("User.AcceptEula", True)
    pilot.app.show_step("review")
    await settle(pilot)
    await pilot.press("ctrl+w")
    await settle(pilot)


async def test_write_failure_is_a_message_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(tmp_path)

    def refuse(*_a: object, **_k: object) -> None:
        raise store.StoreError(f"cannot write in {tmp_path}: permission denied; choose another folder")

    monkeypatch.setattr(store, "write", refuse)
    async with app.run_test(size=(100, 32)) as pilot:
        await write_from_review(pilot)
        assert app.current == "review" and app.is_running
        assert isinstance(app.screen, WriteElsewhereScreen) and "permission denied" in app.screen.why
        await pilot.press("escape")  # back to Review: the answers are all still there
        await settle(pilot)
        assert app.session.draft.get("User.AcceptEula") is True and app.current == "review"


async def test_missing_folder_is_created_from_review(tmp_path: Path) -> None:
    from .pilot import make_session

    target = tmp_path / "new" / "deeper" / "aksedge-config.json"
    app = WizardApp(make_session(target))
    async with app.run_test(size=(100, 32)) as pilot:
        await write_from_review(pilot)
        assert isinstance(app.screen, WriteElsewhereScreen) and "does not exist" in app.screen.why
        await pilot.press("enter")  # the focused "Create deeper" button
        await settle(pilot)
        assert app.current == "done" and target.is_file()


async def test_another_path_from_review(tmp_path: Path) -> None:
    from .pilot import make_session

    app = WizardApp(make_session(tmp_path / "missing" / "aksedge-config.json"))
    async with app.run_test(size=(100, 32)) as pilot:
        await write_from_review(pilot)
        field = app.screen.query_one("#elsewhere-path", Input)
        field.value = str(tmp_path)  # a folder: the file keeps its name there
        field.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.current == "done" and (tmp_path / "aksedge-config.json").is_file()
        assert not (tmp_path / "missing").exists()


def test_unreadable_file_gives_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "c.json"
    target.write_text("{}", encoding="utf-8")

    real_open = os.open

    def denied(path: object, *args: object, **kw: object) -> int:
        if str(path) == str(target):  # as root, chmod 000 would not stop us: deny the open itself
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(store.StoreError, match="cannot be read: permission denied"):
        store.load(target)


def test_folder_without_write_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def denied(*_a: object, **_k: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(store.StoreError, match="permission denied; choose another folder"):
        store.write(store.load(EXAMPLES[0]), tmp_path / "c.json")


def test_fifty_megabyte_file_is_refused_quickly(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.write(b'{"pad": "')
        handle.write(b"x" * (50 * 1024 * 1024))
        handle.write(b'"}')
    with pytest.raises(store.StoreError, match="50 MB; a deployment file is a few KB"):
        store.load(big)


WRITER = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {root!r})
    from wizard import store
    draft = store.load({src!r})
    draft.set("Init.ServiceIPRangeSize", 42)
    real_fsync = os.fsync
    def slow_fsync(fd):
        print("writing", flush=True)
        time.sleep(1.5)
        real_fsync(fd)
    os.fsync = slow_fsync
    store.write(draft, {target!r})
    print("written", flush=True)
    time.sleep(30)
""")


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_signal_during_write_leaves_a_whole_file_and_no_temp(signum: int, tmp_path: Path) -> None:
    target = tmp_path / "c.json"
    target.write_bytes(EXAMPLES[0].read_bytes())
    script = WRITER.format(root=str(ROOT), src=str(EXAMPLES[0]), target=str(target))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing"
    proc.send_signal(signum)  # mid-write: delivered only once the file is complete
    proc.wait(timeout=20)
    assert proc.returncode != 0
    assert json.loads(target.read_text(encoding="utf-8"))["Init"]["ServiceIPRangeSize"] == 42
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.json", "c.json.bak"]


def _wizard_on_a_pty(config: Path) -> tuple[subprocess.Popen[bytes], int]:
    """`aksedge-wizard --demo --config CONFIG` on a fresh pty, in CONFIG's folder: the process and the
    terminal's end the test reads and types on."""
    import pty

    master, slave = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color", PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "wizard.cli", "--demo", "--config", str(config)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=config.parent,
        start_new_session=True,
    )
    os.close(slave)
    return proc, master


def _read_until(master: int, marker: bytes, seen: bytes = b"", timeout: float = 30) -> bytes:
    import select

    deadline = time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        if select.select([master], [], [], 0.2)[0]:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
    assert marker in seen
    return seen


def _stop(proc: subprocess.Popen[bytes], master: int, how: str) -> tuple[int, bytes]:
    """Send `how` (a signal's name, or "hangup": the terminal goes away) and wait for the wizard to end;
    its exit code and what it wrote to the terminal meanwhile."""
    import select

    seen = b""
    try:
        if how == "hangup":
            os.close(master)  # the terminal goes away, and its session is hung up
            proc.send_signal(signal.SIGHUP)
            return proc.wait(timeout=20), seen
        proc.send_signal(getattr(signal, how))
        # Read on as a terminal does: a full terminal buffer would hold the app's last writes, and it with them.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the process and its end of the terminal are gone
                    break
                if not chunk:
                    break
                seen += chunk
            elif proc.poll() is not None:
                break
        return proc.wait(timeout=max(0.1, deadline - time.monotonic())), seen
    finally:
        if proc.poll() is None:
            proc.kill()
        if how != "hangup":
            os.close(master)


EXIT_CODES = {"SIGINT": 130, "SIGTERM": 143, "hangup": -signal.SIGHUP}


@pytest.mark.skipif(os.name != "posix", reason="POSIX pty and signals")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "hangup"])
def test_interrupting_the_wizard_leaves_nothing(how: str, tmp_path: Path) -> None:
    proc, master = _wizard_on_a_pty(tmp_path / "c.json")
    _read_until(master, b"Deployment")
    code, seen = _stop(proc, master, how)
    assert list(tmp_path.iterdir()) == []  # nothing typed, nothing kept
    # SIGINT and SIGTERM end the run through the app's exit (the terminal restored, the code says which);
    # a hang-up ends it as a hang-up does, there being no terminal left to restore.
    assert code == EXIT_CODES[how]
    if how != "hangup":  # the alternate screen left, and one line saying why
        assert b"\x1b[?1049l" in seen and f"stopped by {how}; nothing was written".encode() in seen


@pytest.mark.skipif(os.name != "posix", reason="POSIX pty and signals")
@pytest.mark.parametrize("how", ["hangup", "SIGTERM"])
async def test_a_hang_up_or_sigterm_keeps_what_was_typed_for_the_next_start(how: str, tmp_path: Path) -> None:
    """An SSH session that drops, or a shutdown, is not a choice to quit: the answers are saved owner-only,
    as after an internal error, and the next start offers them. (SIGINT, sent on purpose, keeps nothing.)"""
    import stat

    config = tmp_path / "c.json"
    proc, master = _wizard_on_a_pty(config)
    assert b"Adapter" not in _read_until(master, b"Deployment")
    os.write(master, b"\x1b[B\r")  # Down, Enter: a scalable cluster, which adds the Adapter step
    _read_until(master, b"Adapter")  # drawn: the answer is in the session
    code, said = _stop(proc, master, how)
    assert code == EXIT_CODES[how]
    saved = config.with_name("c.json.recovery")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.json.recovery"]  # the file itself not written
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert json.loads(saved.read_text())["DeploymentType"] == "ScalableCluster"
    if how == "SIGTERM":
        assert f"what you typed is kept in {saved}".encode() in said.replace(b"\r\n", b"")

    again = demo_wizard(config)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, ConfirmScreen) and "the terminal went away" in again.screen.question
        assert again.screen.focused is not None and again.screen.focused.id == "yes"  # Enter restores
        await pilot.press("escape")  # and so does Escape: only Discard, chosen, loses the answers
        await settle(pilot)
        assert again.session.draft.get("DeploymentType") == "ScalableCluster" and not saved.exists()


async def test_secrets_are_masked_on_screen_and_in_the_diff(tmp_path: Path) -> None:
    from screens.widgets import FieldRow

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.session.set_value("Arc.ClientSecret", "topsecret-value")
        app.session.set_value("Network.Proxy.Http", "http://bob:hunter2@proxy.corp.example:3128")
        app.show_step("arc")
        await settle(pilot)
        assert app.query_one("#row-f-Arc_ClientSecret", FieldRow).control.password
        app.show_step("proxy")
        await settle(pilot)
        assert app.query_one("#row-f-Network_Proxy_Http", FieldRow).control.password
        app.show_step("review")
        await settle(pilot)
        assert "topsecret-value" not in app.view.diff_text and "hunter2" not in app.view.diff_text
        assert "****" in app.view.diff_text or app.session.disk_text is None

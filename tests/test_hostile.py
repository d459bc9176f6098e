"""Hostile input and faults: a FIFO, a device, a planted link, a huge, deep or bomb-shaped file, a secret of
the wrong type, escape sequences, a crash. Each gets one clear line and the right exit code; nothing on disk
changes; nothing hangs; no secret and no raw control character reaches the output."""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from wizard import cli, files, store
from wizard.draft import Draft

from .conftest import EXAMPLES, demo_wizard
from .pilot import settle

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to chown and make other users' links")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


# -- only regular files --------------------------------------------------------------------------------
def test_fifo_to_validate_is_refused_without_blocking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)  # nobody writes to it: opening it for reading would block forever
    code, out, err = run(capsys, "validate", str(fifo))
    assert code == 2 and "named pipe (FIFO), not a regular file" in one_line(out + err)


def test_fifo_as_answers_and_as_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from wizard.app import build_session

    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    code, out, err = run(capsys, "render", str(fifo), "-o", str(tmp_path / "out.json"))
    assert code == 2 and "named pipe" in one_line(err) and not (tmp_path / "out.json").exists()
    session = build_session(argparse.Namespace(config=str(fifo), answers=None), None)
    assert session.broken is not None and "named pipe" in session.broken  # the TUI offers its broken-file screen


def test_device_is_neither_read_nor_replaced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", "/dev/zero")
    assert code == 2 and "character device" in one_line(out + err)
    answers = tmp_path / "a.yaml"
    answers.write_text("DeploymentType: SingleMachineCluster\nUser:\n  AcceptEula: true\n", encoding="utf-8")
    code, out, err = run(capsys, "render", str(answers), "-o", "/dev/null")
    assert code == 2 and "only regular files are replaced" in one_line(err)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_read_stops_at_the_limit_whatever_the_size_says() -> None:
    maps = Path("/proc/self/maps")  # a regular file whose st_size is 0 yet holds kilobytes
    assert maps.stat().st_size == 0
    with pytest.raises(files.FileRefused, match="larger than"):
        files.read_bytes(maps, limit=64)


@root_only
def test_link_planted_by_another_user_in_a_shared_folder_is_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "tmp"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    victim = tmp_path / "victim.json"
    victim.write_bytes(EXAMPLES[0].read_bytes())
    link = shared / "aksedge-config.json"
    link.symlink_to(victim)
    os.lchown(link, 54321, 54321)
    code, out, err = run(capsys, "validate", str(link))
    assert code == 2 and "link made by another user" in one_line(out + err)
    with pytest.raises(store.StoreError, match="not followed"):
        store.write(store.load(EXAMPLES[0]), link)
    assert victim.read_bytes() == EXAMPLES[0].read_bytes()
    os.lchown(link, 0, 0)  # our own link in the same folder is followed, as the kernel would
    assert store.load(link).get("DeploymentType")


# -- rewrite keeps who owns the file and who may read it --------------------------------------------------
@root_only
def test_root_rewrite_keeps_owner_group_and_mode(tmp_path: Path) -> None:
    target = tmp_path / "c.json"
    target.write_bytes(EXAMPLES[4].read_bytes())  # no secret
    os.chown(target, 54321, 54322)
    os.chmod(target, 0o640)
    draft = store.load(target)
    draft.set("Network.DnsServers", ["192.168.1.53"])
    result = store.write(draft, target)
    st = os.stat(target)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (54321, 54322, 0o640)
    assert result.backup is not None and os.stat(result.backup).st_uid == 54321


def test_secret_file_made_owner_only_even_when_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "c.json"
    target.write_bytes(EXAMPLES[2].read_bytes())  # holds an Arc client secret
    os.chmod(target, 0o644)
    result = store.write(store.load(target), target)
    assert result.written is False and stat.S_IMODE(target.stat().st_mode) == 0o600


# -- temp files -------------------------------------------------------------------------------------------
def test_long_target_name_and_stale_temps(tmp_path: Path) -> None:
    stale = tmp_path / f"{files.TEMP_PREFIX}killed{files.TEMP_SUFFIX}"
    stale.write_text('{"Arc": {"ClientSecret": "left over"}}')
    old = time.time() - files.STALE_SECONDS - 60
    os.utime(stale, (old, old))
    fresh = tmp_path / f"{files.TEMP_PREFIX}running{files.TEMP_SUFFIX}"  # another run, writing right now
    fresh.write_text("{}")
    name = "a" * 250 + ".json"  # near the 255-byte limit: a temp name built from it would not fit
    result = store.write(store.load(EXAMPLES[0]), tmp_path / name)
    assert result.written and (tmp_path / name).exists()
    assert not stale.exists() and fresh.exists()


def test_failed_rename_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "c.json"
    target.write_text("{}")

    def fails(*_a: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", fails)
    with pytest.raises(store.StoreError, match="No space left on device. The original file is unchanged"):
        store.write(store.load(EXAMPLES[0]), target)
    monkeypatch.undo()
    assert target.read_text() == "{}" and sorted(p.name for p in tmp_path.iterdir()) == ["c.json"]


# -- bounded parsing --------------------------------------------------------------------------------------
def test_deeply_nested_file_is_refused_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"Machines": ' + "[" * 600 + "]" * 600 + "}")  # 1.2 KB
    started = time.perf_counter()
    code, out, err = run(capsys, "validate", str(deep))
    assert code == 2 and "nested more than 32 levels" in one_line(out + err)
    assert time.perf_counter() - started < 5  # not a timing assertion of speed: a hang guard
    deeper = tmp_path / "deeper.json"
    deeper.write_text("[" * 100_000 + "]" * 100_000)
    code, out, err = run(capsys, "validate", str(deeper))
    assert code == 2 and "nested too deeply" in one_line(out + err)


def test_yaml_alias_bomb_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = tmp_path / "bomb.yaml"
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(
            f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]"
        )
    bomb.write_text("\n".join(lines) + "\n")  # ~330 bytes, 9^9 strings once expanded
    code, out, err = run(capsys, "render", str(bomb), "-o", str(tmp_path / "o.json"))
    assert code == 2 and "more than 64 aliases" in one_line(err)


def test_huge_number_is_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(EXAMPLES[0].read_text())
    doc["Machines"][0]["LinuxNode"]["CpuCount"] = 0  # replaced by the long literal below
    text = json.dumps(doc).replace('"CpuCount": 0', '"CpuCount": ' + "9" * 5000)
    big = tmp_path / "big.json"
    big.write_text(text)
    code, out, err = run(capsys, "validate", str(big))
    assert code == 1 and "Linux CPUs is a number of 5000 digits" in out and "Traceback" not in out + err
    assert len(out) < 2000


# -- secrets and escapes never reach the output ----------------------------------------------------------
def test_wrong_typed_secret_and_schemeless_proxy_password_stay_hidden(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(EXAMPLES[2].read_text())
    doc["Arc"]["ClientSecret"] = 98765432
    doc["Network"]["Proxy"] = {"Http": "user:hunter22@proxy.local:3128", "Https": None, "No": "localhost"}
    target = tmp_path / "c.json"
    target.write_text(json.dumps(doc, indent=4))
    for fmt in ("text", "json"):
        code, out, err = run(capsys, "validate", "--format", fmt, str(target))
        assert code == 1
        assert "98765432" not in out + err and "hunter22" not in out + err
    draft = store.load(target)
    draft.set("Arc.ClientSecret", 12345678)
    shown = store.diff(target.read_text(), draft) + store.masked_text(draft.to_json(), draft)
    assert "98765432" not in shown and "12345678" not in shown and "hunter22" not in shown


def test_escape_sequences_from_a_file_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(EXAMPLES[0].read_text())
    doc["Network"]["\x1b]0;owned\x07Evil"] = "\x1b[2J"
    doc["Machines"][0].setdefault("NetworkConnection", {})["AdapterName"] = "Eth\x1b[31mred"
    target = tmp_path / "esc\x1b[1m.json"
    target.write_text(json.dumps(doc))
    for fmt in ("text", "json"):
        code, out, err = run(capsys, "validate", "--format", fmt, str(target))
        assert "\x1b" not in out + err and "\x07" not in out + err
    assert "\\x1b" in run(capsys, "validate", str(target))[1]


# -- no traceback, ever -----------------------------------------------------------------------------------
def test_cli_internal_error_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from wizard import rules

    def broken(*_a: Any, **_k: Any) -> None:
        secret = "do-not-print-me"  # noqa: F841  # a local a traceback with locals would show
        raise KeyError("do-not-print-me")

    monkeypatch.setattr(rules, "validate", broken)
    code, out, err = run(capsys, "validate", str(EXAMPLES[0]))
    assert code == 2 and "internal error (KeyError in test_hostile.py" in one_line(err)
    assert "do-not-print-me" not in out + err


async def test_tui_crash_saves_answers_owner_only_and_reports_without_locals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wizard.session import Session

    config = tmp_path / "aksedge-config.json"
    shutil.copyfile(EXAMPLES[2], config)
    app = demo_wizard(config)

    def crash(self: Session, **_k: Any) -> None:
        secret = self.draft.get("Arc.ClientSecret")  # noqa: F841
        raise RuntimeError("boom")

    monkeypatch.setattr(Session, "write", crash)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.session.set_value("Network.DnsServers", ["192.168.1.53"])
            app.show_step("review")
            await settle(pilot)
            await pilot.press("ctrl+w")
            await settle(pilot)
    secret = Draft(json.loads(EXAMPLES[2].read_text())).get("Arc.ClientSecret")
    assert app.return_code == 2
    assert "internal error (RuntimeError" in app.crash_report and str(secret) not in app.crash_report
    saved = config.with_name(config.name + ".recovery")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert json.loads(saved.read_text())["Network"]["DnsServers"] == ["192.168.1.53"]
    assert config.read_bytes() == EXAMPLES[2].read_bytes()  # the file itself untouched

    monkeypatch.undo()
    again = demo_wizard(config)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("y")  # "Restore them?"
        await settle(pilot)
        assert again.session.draft.get("Network.DnsServers") == ["192.168.1.53"]
        assert again.session.unsaved() and not saved.exists()


async def test_thousands_of_machines_are_judged_off_the_ui_thread(tmp_path: Path) -> None:
    from textual.widgets import OptionList

    from wizard.present import MAX_LISTED

    doc = json.loads(EXAMPLES[2].read_text())
    doc["Machines"] = [json.loads(json.dumps(doc["Machines"][0])) for _ in range(2000)]
    config = tmp_path / "fleet.json"
    config.write_text(json.dumps(doc, indent=4))
    app = demo_wizard(config)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.session.large and len(app.session.findings) > 2000
        app.session.set_value("Network.DnsServers", ["192.168.1.53"])
        assert app.session.stale  # the key press returned without judging 2000 machines
        await settle(pilot)
        assert not app.session.stale and app.session.validated
        app.show_step("review")
        await settle(pilot)
        assert app.query_one("#review-findings", OptionList).option_count == MAX_LISTED + 1  # "... and N more"
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert app.current == "review" and config.read_text() == json.dumps(doc, indent=4)  # refused: errors

"""The Windows branches, run here through the platform seam with recorded outputs (tests/fixtures/windows):
host facts decoded as the UTF-8 PowerShell is told to write, ping judged by its reply line, the neighbour
table as second opinion, secret files restricted with icacls, encodings kept, commands that paste."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wizard import commands, host, plan, probes, store
from wizard.draft import Draft
from wizard.probes import State

from .conftest import EXAMPLES, RecordedWindows

RECORDED = Path(__file__).parent / "fixtures" / "windows"


def test_host_facts_keep_localized_adapter_names(windows: RecordedWindows) -> None:
    windows.answer("Get-NetAdapter", (RECORDED / "localized.json").read_bytes())
    facts = host.facts_for()
    assert facts.source == "windows"
    assert [a.name for a in facts.adapters] == ["Conexión de área local", "Ethernet 2 (Büro)"]
    assert facts.adapters[0].gateway == "192.168.1.1" and facts.memory_mb == 16384
    argv = windows.ran[0]
    assert argv[0].endswith("powershell.exe") and argv[1:4] == ["-NoProfile", "-NonInteractive", "-Command"]
    assert argv[4].startswith("[Console]::OutputEncoding = [System.Text.UTF8Encoding]::new($false)")


def test_host_facts_with_a_bom_and_a_failing_powershell(windows: RecordedWindows) -> None:
    windows.answer("Get-NetAdapter", b"\xef\xbb\xbf" + (RECORDED / "localized.json").read_bytes())
    assert host.facts_for().adapters[0].name == "Conexión de área local"
    windows.answer("Get-NetAdapter", b"", 1, b"Get-NetAdapter : Zugriff verweigert")
    facts = host.facts_for()
    assert facts.adapters == () and "Zugriff verweigert" in facts.problems[0]


@pytest.mark.parametrize(
    ("recording", "answered"),
    [
        ("en-reply.txt", True),
        ("en-unreachable.txt", False),  # exit 0, yet nobody answered
        ("en-timeout.txt", False),
        ("de-reply.txt", True),
        ("de-unreachable.txt", False),
    ],
)
async def test_windows_ping_is_judged_by_its_reply_line(
    windows: RecordedWindows, recording: str, answered: bool
) -> None:
    code = 1 if "timeout" in recording else 0
    windows.answer("ping", (RECORDED / "ping" / recording).read_bytes(), code)
    assert await probes.system_ping("127.0.0.77", 1.0) is answered  # the recording answers; nothing is sent
    assert windows.ran[-1] == ["ping", "-n", "1", "-w", "1000", "127.0.0.77"]


async def test_address_check_asks_the_neighbour_table_when_ping_gets_no_reply(windows: RecordedWindows) -> None:
    windows.answer("ping", (RECORDED / "ping" / "en-unreachable.txt").read_bytes())
    windows.answer("Get-NetNeighbor", b"00-15-5D-3A-10-77\r\n")
    taken = await probes.check_address_free("127.0.0.77", "Network.ControlPlaneEndpointIp", arp_table=None)
    assert taken.state == State.FAILED and "neighbour" in taken.detail
    script = windows.ran[-1][-1]
    assert "Get-NetNeighbor -AddressFamily IPv4 -IPAddress '127.0.0.77'" in script
    windows.answer("Get-NetNeighbor", b"")  # Incomplete / Unreachable entries are filtered out by the script
    free = await probes.check_address_free("127.0.0.77", "Network.ControlPlaneEndpointIp", arp_table=None)
    assert free.state == State.OK


def test_transport_uses_no_proc_arp_on_windows(windows: RecordedWindows) -> None:
    assert probes.Transport().arp_table is None


def secret_doc() -> Draft:
    draft = store.load(EXAMPLES[2])
    draft.set("Arc.ClientSecret", "s3cr3t-value")
    return draft


def test_secret_file_and_backup_restricted_with_icacls(windows: RecordedWindows, tmp_path: Path) -> None:
    windows.answer("icacls", b"processed file\r\n")
    target = tmp_path / "aksedge-config.json"
    target.write_text("{}", encoding="utf-8")
    result = store.write(secret_doc(), target)
    grants = [argv for argv in windows.ran if argv[0] == "icacls"]
    assert len(grants) == 2  # the backup and the file, each before it takes its name
    for argv in grants:
        assert argv[2:] == [
            "/inheritance:r",
            "/grant:r", "EDGE-BOX\\operator:(F)",
            "/grant:r", "*S-1-5-32-544:(F)",
            "/grant:r", "*S-1-5-18:(F)",
        ]  # fmt: skip
    assert result.backup is not None and result.backup.read_text() == "{}"


def test_icacls_failure_leaves_the_file_unchanged(windows: RecordedWindows, tmp_path: Path) -> None:
    windows.answer("icacls", b"", 5, b"Access is denied.")
    target = tmp_path / "aksedge-config.json"
    target.write_text("{}", encoding="utf-8")
    with pytest.raises(store.StoreError, match="icacls could not restrict .*Access is denied"):
        store.write(secret_doc(), target)
    assert target.read_text() == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aksedge-config.json"]


def test_no_icacls_without_a_secret(windows: RecordedWindows, tmp_path: Path) -> None:
    store.write(store.load(EXAMPLES[4]), tmp_path / "plain.json")  # offline, no Arc: no secret
    assert not [argv for argv in windows.ran if argv[0] == "icacls"]


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(b"", "utf-8"), (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")],
)
def test_rewrite_keeps_encoding_and_bom(tmp_path: Path, bom: bytes, codec: str) -> None:
    target = tmp_path / "aksedge-config.json"
    target.write_bytes(bom + EXAMPLES[2].read_text(encoding="utf-8").encode(codec))
    draft = store.load(target)
    draft.set("Network.DnsServers", ["192.168.1.53"])
    store.write(draft, target)
    raw = target.read_bytes()
    assert raw.startswith(bom) and (bom or not raw.startswith(b"\xef\xbb\xbf"))
    assert json.loads(raw[len(bom) :].decode(codec))["Network"]["DnsServers"] == ["192.168.1.53"]


def test_new_file_with_non_ascii_text_gets_a_bom_for_powershell_5(tmp_path: Path) -> None:
    draft = store.load(EXAMPLES[4])
    draft.encoding = None  # a new document
    store.write(draft, tmp_path / "ascii.json")
    assert not (tmp_path / "ascii.json").read_bytes().startswith(b"\xef\xbb\xbf")
    draft.set("Machines[0].NetworkConnection.AdapterName", "Conexión de área local")
    store.write(draft, tmp_path / "spanish.json")
    raw = (tmp_path / "spanish.json").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "Conexión".encode() in raw


def test_commands_are_absolute_and_single_quoted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = commands.deploy_commands("it's $HOME.json", scalable=True)
    quoted = "'" + str(tmp_path / "it''s $HOME.json") + "'"
    assert lines == [
        f"Test-AksEdgeNetworkParameters -JsonConfigFilePath {quoted}",
        f"New-AksEdgeDeployment -JsonConfigFilePath {quoted}",
    ]
    assert plan.ps_quote("C:\\a'b") == "'C:\\a''b'"


def test_ascii_drawing_chosen_for_the_old_console_only(windows: RecordedWindows) -> None:
    from screens.glyphs import console_lacks_glyphs

    assert console_lacks_glyphs({})  # conhost
    assert not console_lacks_glyphs({"WT_SESSION": "5c1d"})  # Windows Terminal
    assert not console_lacks_glyphs({"TERM_PROGRAM": "vscode"})


def test_ascii_flag_and_automatic_choice(
    windows: RecordedWindows, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    from wizard.app import build_app

    monkeypatch.delenv("WT_SESSION", raising=False)
    monkeypatch.delenv("TERM_PROGRAM", raising=False)

    def app(ascii_flag: bool | None) -> object:
        args = argparse.Namespace(
            config=tmp_path / "c.json", demo=True, adapters_file=None, offline=True, ascii=ascii_flag
        )
        return build_app(args)._ascii

    assert app(None) is not None and app(True) is not None
    assert app(False) is None  # --unicode


def test_no_ascii_by_default_off_windows(tmp_path: Path) -> None:
    from screens.glyphs import console_lacks_glyphs

    assert not console_lacks_glyphs({})


def test_arc_later_command_is_absolute_and_quoted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = commands.deploy_commands("a.json", scalable=False, arc_later=True)
    assert lines[-1].startswith(f"Connect-AksEdgeArc -JsonConfigFilePath '{tmp_path / 'a.json'}'")


def test_cli_adapters_and_render_from_host_on_windows(
    windows: RecordedWindows, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wizard import cli

    windows.answer("Get-NetAdapter", (RECORDED / "localized.json").read_bytes())
    assert cli.main(["adapters"]) == 0
    out = capsys.readouterr().out
    assert "Conexión de área local" in out and "192.168.1.50/24" in out
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "DeploymentType: ScalableCluster\nUser:\n  AcceptEula: true\nArc: {}\nMachines:\n"
        "  - LinuxNode:\n      Ip4Address: 192.168.1.171\nNetwork:\n  ControlPlaneEndpointIp: 192.168.1.191\n"
        "Init:\n  ServiceIPRangeStart: 192.168.1.151\n",
        encoding="utf-8",
    )
    out_file = tmp_path / "out.json"
    assert cli.main(["render", str(answers), "-o", str(out_file), "--from-host"]) == 0, capsys.readouterr().err
    written = out_file.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf")  # a localized adapter name: a BOM for PowerShell 5.1
    assert json.loads(written[3:])["Machines"][0]["NetworkConnection"]["AdapterName"] == "Conexión de área local"


def test_the_console_handler_acts_only_when_the_console_goes_away() -> None:
    from wizard.system import console_routine

    seen: list[str] = []
    routine = console_routine(lambda: seen.append("kept"))
    assert [routine(event) for event in (0, 1)] == [False, False] and seen == []  # Ctrl+C, Ctrl+Break
    assert [routine(event) for event in (2, 5, 6)] == [False] * 3 and seen == ["kept"] * 3  # close, log-off, shutdown

    def failing() -> None:
        raise OSError("disk gone")

    assert console_routine(failing)(2) is False  # passed on to Windows, which ends the process as before


@pytest.mark.parametrize("loop_answers", [True, False])
async def test_closing_the_console_keeps_what_was_typed(
    windows: RecordedWindows, tmp_path: Path, loop_answers: bool
) -> None:
    """The console window closed or the OpenSSH session dropped: Windows calls the handler in a thread of its
    own and ends the process when it returns. The typed answers are saved for the next start, by the app's
    thread, or by the handler's when the app's does not answer within 2 s."""
    import asyncio

    from .conftest import demo_wizard
    from .pilot import settle

    windows.answer("icacls", b"processed file\r\n")
    config = tmp_path / "c.json"
    app = demo_wizard(config)
    app.trap_signals = True  # as run() sets it
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        [closing] = windows.on_close
        await asyncio.to_thread(closing)
        assert list(tmp_path.iterdir()) == []  # nothing typed, nothing kept
        await pilot.press("down", "enter")  # a scalable cluster
        await settle(pilot)
        if loop_answers:
            await asyncio.to_thread(closing)
        else:
            closing()  # called on the app's own thread: it cannot answer, the handler saves after 2 s
        saved = config.with_name("c.json.recovery")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["c.json.recovery"]
        assert json.loads(saved.read_text())["DeploymentType"] == "ScalableCluster"
        assert windows.ran[-1][0] == "icacls" and "/inheritance:r" in windows.ran[-1]  # owner-only, as on Windows

"""Reconfiguration: open every sample and example, change one thing, write; nothing else may change."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from screens.dialogs import BrokenFileScreen, ConfirmScreen, MigrateScreen
from wizard import rules, store
from wizard.app import WizardApp

from .conftest import EXAMPLES, GA_SAMPLES, LEGACY_SAMPLE, demo_wizard
from .pilot import settle, type_into


def open_app(path: Path, tmp_path: Path) -> tuple[WizardApp, Path]:
    target = tmp_path / path.name
    target.write_bytes(path.read_bytes())
    app = demo_wizard(target)
    return app, target


def key_order(node: object) -> object:
    if isinstance(node, dict):
        return [(k, key_order(v)) for k, v in node.items()]
    if isinstance(node, list):
        return [key_order(v) for v in node]
    return None


def _joins(path: Path) -> bool:
    from wizard.steps import is_joining

    return is_joining(store.load(path))


FIRST_MACHINES = [p for p in GA_SAMPLES + EXAMPLES if not _joins(p)]
JOIN_FILES = [p for p in GA_SAMPLES + EXAMPLES if _joins(p)]


@pytest.mark.parametrize("path", JOIN_FILES, ids=lambda p: p.name)
async def test_join_file_change_the_node_address_and_nothing_else(path: Path, tmp_path: Path) -> None:
    app, target = open_app(path, tmp_path)
    original = json.loads(path.read_text(encoding="utf-8-sig"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert app.current == "cluster"  # a join file opens on the cluster it joins, not the overview
        app.show_step("addressing")
        await settle(pilot)
        await type_into(pilot, "Machines[0].LinuxNode.Ip4Address", "192.168.1.173")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert app.current == "done"
    written = json.loads(target.read_text(encoding="utf-8"))
    expected = copy.deepcopy(original)
    expected["Machines"][0]["LinuxNode"]["Ip4Address"] = "192.168.1.173"
    assert written == expected
    assert key_order(written) == key_order(expected)


@pytest.mark.parametrize("path", FIRST_MACHINES, ids=lambda p: p.name)
async def test_change_one_dns_server_and_nothing_else(path: Path, tmp_path: Path) -> None:
    app, target = open_app(path, tmp_path)
    original = json.loads(path.read_text(encoding="utf-8-sig"))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert app.current == "overview"
        await pilot.press("4")  # DNS is the fourth section... unless the adapter step is absent
        await settle(pilot)
        if app.current != "dns":
            app.show_step("dns")
            await settle(pilot)
        assert app.current == "dns"
        app.query_one("#dns-add").focus()
        await pilot.press(*list("192.168.1.53"), "enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        diff = app.view.diff_text  # type: ignore[union-attr]
        assert "+" in diff and "192.168.1.53" in diff
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert app.current == "done"
    written = json.loads(target.read_text(encoding="utf-8"))
    expected = copy.deepcopy(original)
    network = next(v for k, v in expected.items() if k.casefold() == "network")
    dns_key = next((k for k in network if k.casefold() == "dnsservers"), "DnsServers")
    network[dns_key] = list(network.get(dns_key) or []) + ["192.168.1.53"]
    assert written == expected
    assert key_order(written) == key_order(expected)
    assert (tmp_path / f"{path.name}.bak").read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", [EXAMPLES[3], GA_SAMPLES[0]], ids=lambda p: p.name)
async def test_proxy_change_touches_one_line(path: Path, tmp_path: Path) -> None:
    app, target = open_app(path, tmp_path)
    before = path.read_text(encoding="utf-8-sig")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.show_step("proxy")
        await settle(pilot)
        await type_into(pilot, "Network.Proxy.Http", "http://proxy.corp.example:8080")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+w")
        await settle(pilot)
    after = target.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=False) if a != b]
    assert len(before.splitlines()) == len(after.splitlines()) and len(changed) == 1
    assert '"Http": "http://proxy.corp.example:8080"' in changed[0][1]


async def test_unchanged_document_writes_nothing_and_says_so(tmp_path: Path) -> None:
    app, target = open_app(EXAMPLES[2], tmp_path)
    mtime = target.stat().st_mtime_ns
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert "Nothing: the document equals the file on disk" in str(app.query_one("#review-diff").render())
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert app.current == "done"
        assert "Nothing to write" in str(app.query_one("#step-done").query("Static").first().render()) or any(
            "Nothing to write" in str(s.render()) for s in app.query_one("#step-done").query("Static")
        )
    assert target.stat().st_mtime_ns == mtime and not (tmp_path / f"{target.name}.bak").exists()


async def test_findings_of_the_file_show_on_open_and_jump_to_the_field(tmp_path: Path) -> None:
    bad = Path(__file__).parent / "golden" / "bad" / "gateway-outside-subnet.json"
    app, _target = open_app(bad, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        listing = app.query_one("#overview-findings")
        assert listing.option_count >= 6 and app.focused is listing
        await pilot.press("enter")  # the first finding
        await settle(pilot)
        assert app.current == "addressing"
        assert app.focused is not None and app.focused.id == "f-Init_ServiceIPRangeStart"


async def test_case_variant_duplicate_and_wrong_type_files_open(tmp_path: Path) -> None:
    for name in ("duplicate-case-keys.json", "wrong-types.json"):
        app, _ = open_app(Path(__file__).parent / "golden" / "bad" / name, tmp_path)
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            assert app.current == "overview" and any(f.is_error for f in app.session.findings)


async def test_broken_file_shows_where_and_never_overwrites_without_asking(tmp_path: Path) -> None:
    target = tmp_path / "aksedge-config.json"
    broken = '{\n    "SchemaVersion": "1.16",\n    "Version": "1.0"\n    "DeploymentType": "x"\n}\n'
    target.write_text(broken, encoding="utf-8")
    app = demo_wizard(target)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrokenFileScreen)
        why = str(app.screen.query_one("#broken-why").render())
        assert "line 4, column 5" in why and '"DeploymentType": "x"' in why
        await pilot.press("n")  # start fresh
        await settle(pilot)
        app.session.set_value("User.AcceptEula", True)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # keep the broken file
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == broken
        await pilot.press("ctrl+w")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.current == "done"
    assert (tmp_path / "aksedge-config.json.bak").read_text(encoding="utf-8") == broken
    assert json.loads(target.read_text(encoding="utf-8"))["User"]["AcceptEula"] is True


async def test_broken_file_quit_leaves_it(tmp_path: Path) -> None:
    target = tmp_path / "c.json"
    target.write_text("not json", encoding="utf-8")
    app = demo_wizard(target)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    assert app.return_value == 2 and target.read_text(encoding="utf-8") == "not json"


async def test_legacy_file_migrates_to_a_valid_document(tmp_path: Path) -> None:
    app, target = open_app(LEGACY_SAMPLE, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MigrateScreen)
        mapping = str(app.screen.query_one("#migrate-mapping").render())
        assert "LinuxVm.CpuCount → Machines[0].LinuxNode.CpuCount" in mapping
        assert "EndUser.AcceptEula → User.AcceptEula" in mapping
        await pilot.press("m")
        await settle(pilot)
        assert app.current == "overview" and not rules.legacy_keys(app.session.draft.data)
        await pilot.press("r")
        await settle(pilot)
        from screens.widgets import FieldRow

        app.query_one("#row-f-User_AcceptEula", FieldRow).control.focus()
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert app.current == "done"
    migrated = store.load(target)
    assert rules.errors(rules.validate(migrated)) == []
    assert migrated.get("DeploymentType") == "SingleMachineCluster"
    assert migrated.get("Machines[0].LinuxNode.DataSizeInGB") == 20
    assert (tmp_path / f"{target.name}.bak").read_bytes() == LEGACY_SAMPLE.read_bytes()


async def test_single_to_scalable_walks_the_new_required_steps(tmp_path: Path) -> None:
    app, target = open_app(EXAMPLES[0], tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        app.query_one("#deployment-type").focus()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.session.draft.get("DeploymentType") == "ScalableCluster"
        assert [s.id for s in app.session.steps()][:4] == ["overview", "deployment", "adapter", "addressing"]
        assert app.session.draft.get("Network.Ip4GatewayAddress") == "192.168.1.1"  # prefilled from the adapter
        assert app.session.draft.get("Machines[0].NetworkConnection.AdapterName") == "Ethernet"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.current == "adapter"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.current == "addressing" and app.query_one("#next").disabled

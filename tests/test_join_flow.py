"""Joining a machine in the TUI: a join file opens on the cluster's summary, asks only this machine's
adapter, node address and sizes, writes a file the rules accept, and Done prints the command to run."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from wizard import rules, store
from wizard.app import WizardApp, build_session
from wizard.draft import Draft

from .pilot import DEMO, settle

JOIN = Path(__file__).parent / "fixtures" / "join" / "ScaleConfig-k3s-worker.json"


def join_app(tmp_path: Path) -> tuple[WizardApp, Path]:
    config = tmp_path / "ScaleConfig.json"
    shutil.copyfile(JOIN, config)
    session = build_session(argparse.Namespace(config=str(config), answers=None), DEMO)
    session.offline = True
    app = WizardApp(session)
    app.CURSOR_BLINK = False
    return app, config


async def test_join_file_to_written_file(tmp_path: Path) -> None:
    app, config = join_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.current == "cluster"
        assert [s.id for s in app.session.steps()] == ["cluster", "adapter", "addressing", "machine", "review"]
        summary = str(app.query_one("#cluster-summary").render())
        assert "K3s" in summary and "192.168.1.191" in summary and "Linux worker node" in summary
        assert "K10a1b2c3" not in summary  # the token is only said to be there
        await pilot.press("enter")
        await settle(pilot)
        assert app.current == "adapter"
        await pilot.press("enter")  # the highlighted adapter: Ethernet, on the cluster's subnet
        await settle(pilot)
        assert app.session.draft.get("Machines[0].NetworkConnection.AdapterName") == "Ethernet"
        assert app.session.draft.get("Network.Ip4GatewayAddress") == "192.168.1.1"  # the cluster's, untouched
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.current == "addressing"
        await pilot.press("ctrl+g")
        await settle(pilot)
        address = app.session.draft.get("Machines[0].LinuxNode.Ip4Address")
        assert address and address not in ("192.168.1.1", "192.168.1.191", "192.168.1.50")
        assert app.session.draft.get("Init") is None  # a join file is given no service range
        for _ in range(2):
            await pilot.press("ctrl+n")
            await settle(pilot)
        assert app.current == "review"
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert app.current == "done"
        commands = str(app.query_one("#next-commands").render())
        assert f"New-AksEdgeDeployment -JsonConfigFilePath '{config}'" in commands
    written = store.load(config)
    assert [f for f in rules.validate(written) if f.is_error] == []
    assert set(json.loads(config.read_text())) == set(json.loads(JOIN.read_text()))  # nothing added


def test_join_file_steps_place_cluster_findings_on_the_summary() -> None:
    draft = Draft(json.loads(JOIN.read_text()))
    draft.set("Network.Ip4PrefixLength", 40)
    from wizard.steps import findings_by_step

    placed = findings_by_step(rules.validate(draft), draft)
    assert any(f.path == "Network.Ip4PrefixLength" for f in placed["cluster"])
    assert any(f.path == "Machines[0].NetworkConnection.AdapterName" for f in placed["adapter"])


async def test_plan_screen_from_the_overview_follows_what_is_typed(tmp_path: Path) -> None:
    from screens.plan import PlanScreen

    from .conftest import EXAMPLES, demo_wizard

    config = tmp_path / "aksedge-config.json"
    shutil.copyfile(EXAMPLES[2], config)
    app = demo_wizard(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.current == "overview"
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlanScreen)
        assert "New-AksEdgeScaleConfig -outFile '" in screen.text and "machine 3:" in screen.text
        assert "-ScaleType AddNode -NodeType Windows" in screen.text  # the first machine has no Windows node
        await pilot.press("backspace", "3", "0", "0")
        await settle(pilot)
        assert "room for" in screen.text and "not 300" in screen.text
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not screen and app.current == "overview"


async def test_a_join_file_offers_no_plan(tmp_path: Path) -> None:
    app, _ = join_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]

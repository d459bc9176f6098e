"""The key table (wizard/present.KEYS) is the one README shows and F1 shows, and every step keeps to it:
Enter walks the fields in screen order and leaves from the last one, Enter on a choice picks it, Ctrl+C
asks before quitting, Ctrl+P finds fields."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from screens.dialogs import ConfirmScreen, HelpScreen
from screens.widgets import ChoiceList, FieldRow
from wizard import present, store
from wizard.app import ADVANCE_THROUGH, WizardApp
from wizard.session import Session
from wizard.template import node_types

from .conftest import EXAMPLES, ROOT
from .pilot import DEMO, make_app, open_step, queue_keys, row, settle


def test_readme_shows_the_key_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert present.keys_markdown() in readme


def app_for(example: Path, tmp_path: Path) -> WizardApp:
    draft = store.load(example)
    session = Session(draft, config_path=tmp_path / "c.json", host=DEMO, offline=True, mac_rng=random.Random(1))
    app = WizardApp(session)
    app.CURSOR_BLINK = False
    return app


FLOWS = {
    "single": (EXAMPLES[0], ["deployment", "addressing", "dns", "proxy", "machine", "arc", "review"]),
    "scalable": (EXAMPLES[2], ["deployment", "adapter", "addressing", "dns", "proxy", "machine", "arc", "review"]),
}


@pytest.mark.parametrize("flow", FLOWS)
async def test_enter_walks_every_step_in_order(flow: str, tmp_path: Path) -> None:
    example, steps = FLOWS[flow]
    app = app_for(example, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert [s.id for s in app.session.steps()] == steps
        for step, following in zip(steps, steps[1:] + ["review"], strict=True):
            app.show_step(step)
            await settle(pilot)
            controls = [w for w in app.view.query(ADVANCE_THROUGH) if w.focusable and w.display]
            assert controls, step
            controls[0].focus()
            await settle(pilot)
            seen = []
            for _ in range(len(controls) + 2):
                if app.current != step or (app.focused is not None and app.focused.id == "write"):
                    break
                seen.append(app.focused)
                await pilot.press("enter")
                await settle(pilot)
            if step == "review":
                assert app.focused is app.view.query_one("#write") and app.current == "review"  # never writes
            else:
                assert app.current == following, (step, app.session.step_errors(step))
                assert seen == controls[: len(seen)] and len(seen) == len(controls), step


async def test_enter_on_a_choice_picks_it_and_moves_on(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "deployment-type"
        await pilot.press("down", "enter")  # the highlighted "Scalable cluster"
        await settle(pilot)
        assert app.session.draft.get("DeploymentType") == "ScalableCluster"
        assert app.focused is not None and app.focused.id == "node-types"


async def test_a_choice_is_picked_by_space_and_by_click_and_the_mark_follows(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        nodes = app.query_one("#node-types", ChoiceList)
        nodes.focus()
        await pilot.press("down", "down", "up")  # moving the highlight picks nothing
        await settle(pilot)
        assert nodes.picked == "Linux" and app.focused is nodes
        await pilot.press("space")  # picks "Linux and Windows" and stays
        await settle(pilot)
        assert node_types(app.session.draft) == "LinuxAndWindows" and app.focused is nodes
        assert "▐●▌ Linux and Windows nodes" in str(nodes.render())
        await pilot.click(app.query_one("#distribution", ChoiceList), offset=(3, 1))  # the second line
        await settle(pilot)
        assert app.session.draft.get("Network.NetworkPlugin") == "calico"


async def test_space_ticks_and_enter_moves_on(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_step(pilot, "dns")
        app.view.query_one("#f-Network_InternetDisabled").focus()
        await pilot.press("space")
        await settle(pilot)
        assert app.session.draft.get("Network.InternetDisabled") is True
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.draft.get("Network.InternetDisabled") is True and app.focused is not None
        assert app.focused.id == "f-Network_SkipDnsCheck"


async def test_characters_typed_at_a_switch_are_not_lost_without_a_word(tmp_path: Path, monkeypatch: Any) -> None:
    """An address typed after Enter moved past an empty field onto a switch goes nowhere: the wizard says
    so, once for the whole address, and the switch and the document stay as they were."""
    app = make_app(tmp_path)
    said: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: said.append(message))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_step(pilot, "dns", focus="Network.InternetDisabled")
        await pilot.press(*"10.0.0.10")
        await settle(pilot)
        assert said == [present.typed_at_switch("Offline (no internet)")]
        assert app.session.draft.get("Network.InternetDisabled") is not True
        await pilot.press("space", "1")  # Space is the switch's own key; no second word in the same visit
        await settle(pilot)
        assert app.session.draft.get("Network.InternetDisabled") is True and len(said) == 1
        await pilot.press("enter", "x")  # on to the next switch: a new visit, said again
        await settle(pilot)
        assert said[-1] == present.typed_at_switch("Skip DNS check") and len(said) == 2
        app.view.query_one("#dns-add").focus()
        await pilot.press(*"10.0.0.10")  # characters that an input takes: nothing to say
        await settle(pilot)
        assert len(said) == 2 and app.view.query_one("#dns-add", Input).value == "10.0.0.10"


@pytest.mark.parametrize("key", ["ctrl+c", "ctrl+q"])
async def test_ctrl_c_and_ctrl_q_ask_before_quitting(key: str, tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and "Quit without writing" in app.screen.question
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running


async def test_f1_shows_the_key_table(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.set_focus(None)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen) and present.keys_text() in app.screen.text


@pytest.mark.parametrize(
    ("typed", "path"), [("mtu", "Machines[0].NetworkConnection.Mtu"), ("DnsServers", "Network.DnsServers")]
)
async def test_palette_jumps_to_a_field_by_label_or_key(typed: str, path: str, tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*typed)
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        expected = "dns-add" if path == "Network.DnsServers" else "f-Machines_0__NetworkConnection_Mtu"
        assert app.focused is not None and app.focused.id == expected


async def test_a_newcomer_sets_up_a_single_machine_with_enter_space_and_arrows(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(60):
            if app.current == "review":
                break
            await pilot.press("enter")
            await settle(pilot)
        assert app.current == "review"
        await pilot.press("enter")  # on the first finding (the licence): goes to its field
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "f-User_AcceptEula"
        await pilot.press("space", "enter", "enter")  # tick it; on past telemetry to the Write button
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "write"
        assert str(app.query_one("#nav-reason").render()).strip() == present.READY_TO_WRITE  # names its button
        await pilot.press("enter")
        await settle(pilot)
        assert app.current == "done" and (tmp_path / "aksedge-config.json").is_file()


async def test_keys_typed_right_after_tab_land_in_the_next_field(tmp_path: Path) -> None:
    """Over SSH a Tab and the next characters often arrive in one read: the characters belong to the field
    Tab moved to, not to the one it left."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_step(pilot, "addressing", scalable=True, focus="Network.Ip4PrefixLength")
        queue_keys(app, "\t", *"10.0.0.1")
        await settle(pilot)
        assert row(app, "Network.Ip4PrefixLength").control.value == "24"
        assert row(app, "Network.Ip4GatewayAddress").control.value.endswith("10.0.0.1")
        queue_keys(app, "shift+tab", "1")
        await settle(pilot)
        assert row(app, "Network.Ip4PrefixLength").control.value == "241"


async def test_keys_typed_right_after_enter_land_in_the_next_field(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_step(pilot, "addressing", scalable=True, focus="Network.Ip4PrefixLength")
        queue_keys(app, "\r", "9")
        await settle(pilot)
        assert row(app, "Network.Ip4PrefixLength").control.value == "24"
        assert row(app, "Network.Ip4GatewayAddress").control.value.endswith("9")


async def test_keys_in_one_read_with_an_enter_on_a_choice_go_where_they_were_meant(tmp_path: Path) -> None:
    """The app picks on Enter as it reads the key, and moves the highlight the same way: a Down before the
    Enter in one read picks the answer it moved to; a Down after it moves the next question's highlight."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        kinds, nodes = app.query_one("#deployment-type", ChoiceList), app.query_one("#node-types", ChoiceList)
        assert app.focused is kinds
        queue_keys(app, "down", "\r", "down", " ")
        await settle(pilot)
        assert app.session.draft.get("DeploymentType") == "ScalableCluster"
        assert app.focused is nodes and kinds.cursor == 1 and nodes.cursor == 1
        assert node_types(app.session.draft) == "LinuxAndWindows"  # the Space picked on the list it moved to


async def test_keys_in_one_read_with_an_enter_in_the_dns_list_go_where_they_were_meant(tmp_path: Path) -> None:
    """Down and Del before the Enter act on the list, in order; characters after it go to the add field."""
    app = make_app(tmp_path)
    app.session.draft.set("Network.DnsServers", ["10.0.0.1", "10.0.0.2", "10.0.0.3"])
    async with app.run_test(size=(100, 32)) as pilot:
        await open_step(pilot, "dns")
        app.query_one("#dns-list").focus()
        await settle(pilot)
        queue_keys(app, "down", "delete", "\r", *"10.0.0.9")
        await settle(pilot)
        assert app.session.draft.get("Network.DnsServers") == ["10.0.0.1", "10.0.0.3"]
        assert isinstance(app.focused, Input) and app.focused.id == "dns-add" and app.focused.value == "10.0.0.9"


async def test_keys_in_one_read_with_an_enter_on_the_adapters_go_where_they_were_meant(tmp_path: Path) -> None:
    """A Down before the Enter picks the adapter it moved to; characters after it belong to the next step."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_step(pilot, "adapter", scalable=True)
        assert app.focused is not None and app.focused.id == "adapters"
        assert app.session.draft.get("Machines[0].NetworkConnection.AdapterName") == "Ethernet"  # the first row
        queue_keys(app, "down", "\r", *"192")  # the second row is Wi-Fi
        await settle(pilot)
        assert app.session.draft.get("Machines[0].NetworkConnection.AdapterName") == "Wi-Fi"
        assert app.current == "addressing"
        assert isinstance(app.focused, Input) and app.focused.value.endswith("192")


async def on_the_last_field_of_addressing(pilot: Pilot[int], app: WizardApp) -> FieldRow:
    await open_step(pilot, "addressing")
    last = [r for r in app.view.rows() if r.control.focusable][-1]
    last.control.focus()
    await settle(pilot)
    return last


async def test_keys_typed_while_the_next_step_is_built_go_to_its_first_field(tmp_path: Path) -> None:
    """Enter on a step's last field, then typing at once: the characters belong to the next step's first
    field; the field being left keeps its value."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        last = await on_the_last_field_of_addressing(pilot, app)
        before = app.session.draft.get(last.path)
        queue_keys(app, "\r", *"9.9")
        await settle(pilot)
        assert app.current == "dns"
        assert app.session.draft.get(last.path) == before
        assert isinstance(app.focused, Input) and app.focused.value.endswith("9.9")


async def test_an_enter_pressed_while_the_next_step_is_built_is_given_to_it(tmp_path: Path) -> None:
    """Enter on a step's last field, a server typed at once and Enter again: the second Enter reaches the
    next step's field with the characters (it adds the server), instead of being dropped mid-swap."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_the_last_field_of_addressing(pilot, app)
        queue_keys(app, "\r", *"10.0.0.53", "\r")
        await settle(pilot)
        assert app.current == "dns"
        assert "10.0.0.53" in app.session.draft.get("Network.DnsServers")


async def test_host_facts_arriving_while_typing_keep_the_field_and_the_keys(tmp_path: Path) -> None:
    """The host's adapters load in the background; when they arrive the step is built again. The person
    typing in its third field stays there, and what they type meanwhile lands there."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_step(pilot, "addressing", scalable=True, focus="Network.Ip4GatewayAddress")
        app._host_loaded(DEMO)
        queue_keys(app, *"77")
        await settle(pilot)
        assert app.focused is row(app, "Network.Ip4GatewayAddress").control
        assert app.focused.value.endswith("77")
        assert app.session.draft.get("Machines[0].LinuxNode.Ip4Address") in (None, "")

"""The wizard driven by keys through Pilot: both flows end to end, live errors, navigation, quitting."""

from __future__ import annotations

import json
import random
from pathlib import Path

from textual.command import CommandPalette

from screens.dialogs import ConfirmScreen, HelpScreen
from screens.widgets import KeyBar, StepList, TitleBar
from wizard import present, probes, template

from .conftest import demo_wizard
from .loopback_servers import LOOPBACK, DnsServer
from .pilot import make_app, message, open_step, row, settle, type_into


async def test_single_machine_flow_writes_a_valid_file(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert app.current == "deployment"
        visited = []
        for _ in range(6):
            await pilot.press("ctrl+n")
            await settle(pilot)
            visited.append(app.current)
        assert visited == ["addressing", "dns", "proxy", "machine", "arc", "review"]
        assert app.query_one("#write").disabled  # the EULA is not accepted yet
        row(app, "User.AcceptEula").control.focus()
        await pilot.press("space")
        await settle(pilot)
        assert not app.query_one("#write").disabled
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert app.current == "done"
    doc = json.loads((tmp_path / "aksedge-config.json").read_text(encoding="utf-8"))
    assert doc["DeploymentType"] == "SingleMachineCluster" and doc["User"]["AcceptEula"] is True
    assert doc["User"]["AcceptOptionalTelemetry"] is False
    assert doc["Network"]["NetworkPlugin"] == "flannel" and doc["Network"]["DnsServers"] == ["192.168.1.1"]
    assert doc["Machines"] == [{"LinuxNode": {"CpuCount": 4, "MemoryInMB": 4096, "DataSizeInGB": 10, "LogSizeInGB": 1}}]
    assert "Ip4GatewayAddress" not in doc["Network"]


async def test_scalable_flow_with_a_wrong_gateway_fixed(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.query_one("#deployment-type").focus()
        await pilot.press("down", "enter")  # Scalable cluster
        await settle(pilot)
        assert app.session.draft.get("DeploymentType") == "ScalableCluster"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.current == "adapter"
        await pilot.press("enter")  # the highlighted (first, Up, wired) adapter
        await settle(pilot)
        assert app.session.draft.get("Machines[0].NetworkConnection.AdapterName") == "Ethernet"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.current == "addressing"
        await type_into(pilot, "Machines[0].LinuxNode.Ip4Address", "192.168.1.171")
        await type_into(pilot, "Network.ControlPlaneEndpointIp", "192.168.1.191")
        await type_into(pilot, "Init.ServiceIPRangeStart", "192.168.1.151")
        await type_into(pilot, "Network.Ip4GatewayAddress", "192.168.2.1")
        await pilot.press("tab")  # leave the field: its error shows from now on
        await settle(pilot)
        assert "✗ Error" in message(app, "Network.Ip4GatewayAddress")
        assert "192.168.2.0/24" in message(app, "Machines[0].LinuxNode.Ip4Address")  # on every field involved
        assert app.query_one("#next").disabled
        assert "Blocked" in str(app.query_one("#nav-reason").render())
        await pilot.press("ctrl+n")  # refused, stays
        await settle(pilot)
        assert app.current == "addressing"
        await type_into(pilot, "Network.Ip4GatewayAddress", "192.168.1.1")
        assert "✗" not in message(app, "Machines[0].LinuxNode.Ip4Address")  # cleared the moment it is fixed
        assert not app.query_one("#next").disabled
        for expected in ("dns", "proxy", "machine", "arc", "review"):
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert app.current == expected
        row(app, "User.AcceptEula").control.focus()
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("ctrl+n")  # Next on Review writes
        await settle(pilot)
        assert app.current == "done"
        assert "Test-AksEdgeNetworkParameters" in str(app.query_one("#next-commands").render())
    doc = json.loads((tmp_path / "aksedge-config.json").read_text(encoding="utf-8"))
    assert doc["DeploymentType"] == "ScalableCluster"
    assert doc["Network"]["Ip4GatewayAddress"] == "192.168.1.1" and doc["Network"]["Ip4PrefixLength"] == 24
    assert doc["Network"]["ControlPlaneEndpointIp"] == "192.168.1.191"
    assert doc["Network"]["DnsServers"] == ["192.168.1.1"]
    assert doc["Init"] == {"ServiceIPRangeStart": "192.168.1.151", "ServiceIPRangeSize": 10}
    assert doc["Machines"][0]["NetworkConnection"] == {"AdapterName": "Ethernet", "Mtu": 0}
    assert doc["Machines"][0]["LinuxNode"]["Ip4Address"] == "192.168.1.171"
    assert doc["Machines"][0]["LinuxNode"]["ControlPlane"] is True
    assert list(doc) == ["SchemaVersion", "Version", "DeploymentType", "Init", "Arc", "Network", "User", "Machines"]


async def test_error_waits_for_the_field_to_be_left(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.change_deployment_type("ScalableCluster")
        app.show_step("addressing")
        await settle(pilot)
        await type_into(pilot, "Network.ControlPlaneEndpointIp", "192.168")
        assert "✗" not in message(app, "Network.ControlPlaneEndpointIp")  # still typing
        await pilot.press("tab")
        await settle(pilot)
        assert "is not an IPv4 address" in message(app, "Network.ControlPlaneEndpointIp")
        await type_into(pilot, "Network.ControlPlaneEndpointIp", "192.168.1.19", clear=True)
        assert "✗" not in message(app, "Network.ControlPlaneEndpointIp")  # re-checked on every keystroke


async def test_a_keys_findings_are_ready_before_its_frame_is_painted(tmp_path: Path) -> None:
    """The typed character and what it changed are painted together: the findings are computed while the
    key is handled, not a frame later from a message."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_step(pilot, "addressing", scalable=True)
        path = "Network.ControlPlaneEndpointIp"
        row(app, path).touched = True
        widget = row(app, path).control
        widget.value = "192.168.1.19"
        assert app.session.draft.get(path) == "192.168.1.19"  # no await in between
        assert "✗" not in message(app, path)
        widget.insert_text_at_cursor("x")
        assert "is not an IPv4 address" in message(app, path)
        assert any("✗" in text for _, text in app.query_one("#step-list", StepList).labels)  # counted there too


async def test_rows_keep_their_height_while_findings_come_and_go(tmp_path: Path) -> None:
    """A long error then a short help text: the row keeps its height, so the fields below stay put."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_step(pilot, "addressing", scalable=True)
        await type_into(pilot, "Machines[0].LinuxNode.Ip4Address", "192.168.1.171")
        gateway = row(app, "Network.Ip4GatewayAddress")
        gateway.touched = True
        below = row(app, "Network.ControlPlaneEndpointIp")
        await type_into(pilot, "Network.Ip4GatewayAddress", "10.1.1.1")
        assert "✗" in message(app, "Network.Ip4GatewayAddress")
        tall, where = gateway.size.height, below.region.y
        assert tall > 2  # label line and a message of more than one line
        await type_into(pilot, "Network.Ip4GatewayAddress", "192.168.1.1")
        assert "✗" not in message(app, "Network.Ip4GatewayAddress")
        assert (gateway.size.height, below.region.y) == (tall, where)
        app.show_step("dns")
        await settle(pilot)
        app.show_step("addressing")
        await settle(pilot)
        assert row(app, "Network.Ip4GatewayAddress").size.height < tall  # a step opens at its natural height


async def test_the_blocked_line_keeps_its_place_while_errors_come_and_go(tmp_path: Path) -> None:
    """Once a step has shown why Next is refused, the line stays (saying the step is clear) until another
    step opens: the step above it does not change height with every key."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_step(pilot, "addressing", scalable=True)
        reason = app.query_one("#nav-reason")
        assert reason.display and "Blocked" in str(reason.render())
        where = (reason.region, app.view.region)
        await pilot.press("ctrl+g")  # suggests every empty address: no errors left
        await settle(pilot)
        assert not app.session.step_errors("addressing", app.session.by_step())
        assert str(reason.render()).strip() == present.READY_NOTE
        assert (reason.region, app.view.region) == where  # the step (made anew by Ctrl+G) keeps its size
        app.show_step("dns")
        await settle(pilot)
        assert not reason.display  # a step without errors opens without the line


async def test_a_click_on_the_step_list_opens_that_step(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        listing = app.query_one("#step-list", StepList)
        steps = [step.id for step in app.session.steps()]
        assert [step_id for step_id, _ in listing.labels] == steps
        assert listing.current == steps[0]
        await pilot.click(listing, offset=(2, 1))
        await settle(pilot)
        assert app.current == listing.current == steps[1]
        assert listing.labels[1][1].startswith("▶2")


async def test_back_and_forward_keep_values(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_step(pilot, "machine")
        await type_into(pilot, "Machines[0].LinuxNode.CpuCount", "6")
        await pilot.press("escape")
        await settle(pilot)
        assert app.current == "proxy"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert row(app, "Machines[0].LinuxNode.CpuCount").text() == "6"
        assert app.session.draft.get("Machines[0].LinuxNode.CpuCount") == 6


async def test_wrong_type_is_named_not_swallowed(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_step(pilot, "machine")
        await type_into(pilot, "Machines[0].LinuxNode.MemoryInMB", "4k")
        await pilot.press("tab")
        await settle(pilot)
        assert "must be a whole number, not '4k'" in message(app, "Machines[0].LinuxNode.MemoryInMB")
        assert app.query_one("#next").disabled


async def test_switching_type_asks_before_dropping_values(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        app.change_deployment_type("ScalableCluster")
        app.session.draft.set("Machines[0].LinuxNode.Ip4Address", "192.168.1.171")
        app.show_step("deployment")
        await settle(pilot)
        app.query_one("#deployment-type").focus()
        await pilot.press("up", "enter")  # back to single machine
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and "Linux node IP" in str(
            app.screen.query_one("#question").render()
        )
        await pilot.press("escape")  # keep
        await settle(pilot)
        assert app.session.draft.get("DeploymentType") == "ScalableCluster"
        assert app.session.draft.get("Machines[0].LinuxNode.Ip4Address") == "192.168.1.171"
        app.query_one("#deployment-type").focus()
        await pilot.press("up", "enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.session.draft.get("DeploymentType") == "SingleMachineCluster"
        assert not app.session.draft.has("Machines[0].LinuxNode.Ip4Address")


async def test_quit_with_unsaved_changes_asks(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running and not isinstance(app.screen, ConfirmScreen)
        await pilot.press("ctrl+c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert app.return_value == 1
    assert not (tmp_path / "aksedge-config.json").exists()


async def test_help_for_the_focused_field(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_step(pilot, "machine")
        row(app, "Machines[0].LinuxNode.MemoryInMB").control.focus()
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert "Linux memory (MB)" in text and "Range: 2048" in text and "MemoryInMB" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


async def test_dns_list_add_remove_reorder(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_step(pilot, "dns")
        app.query_one("#dns-add").focus()
        await pilot.press(*list("192.168.1.2"), "enter")
        await settle(pilot)
        await pilot.press(*list("999.1.1.1"), "enter")
        await settle(pilot)
        assert "not an IPv4 address" in str(app.query_one("#dns-message").render())
        assert app.session.draft.get("Network.DnsServers") == ["192.168.1.1", "192.168.1.2"]
        listing = app.query_one("#dns-list")
        listing.focus()
        listing.index = 1
        await pilot.press("shift+up")
        await settle(pilot)
        assert app.session.draft.get("Network.DnsServers") == ["192.168.1.2", "192.168.1.1"]
        await pilot.press("delete")
        await settle(pilot)
        assert app.session.draft.get("Network.DnsServers") == ["192.168.1.1"]


async def test_generate_mac_is_seeded_and_valid(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_step(pilot, "machine")
        await pilot.press("ctrl+g")
        await settle(pilot)
        mac = app.session.draft.get("Machines[0].LinuxNode.MacAddress")
    assert mac == template_mac()
    first = int(mac[:2], 16)
    assert first & 1 == 0 and first & 2 == 2


def template_mac() -> str:
    from wizard.values import generate_mac

    return generate_mac(random.Random(7))


async def test_dns_check_runs_on_entering_the_step(tmp_path: Path) -> None:
    server = await DnsServer().start()
    try:
        transport = probes.Transport(dns_port=server.port, timeout=1)
        app = make_app(tmp_path, offline=False, transport=transport)
        app.session.draft.set("Network.DnsServers", [LOOPBACK])
        async with app.run_test(size=(100, 32)) as pilot:
            await settle(pilot)
            app.show_step("dns")
            await settle(pilot)
            panel = str(app.query_one("#probes-dns").render())
            assert "✓ ok" in panel and "resolved" in panel
    finally:
        server.close()


async def test_failed_address_check_offers_the_skip_switch(tmp_path: Path) -> None:
    async def everything_answers(address: str, timeout: float) -> bool:
        return True

    app = make_app(tmp_path, offline=False, transport=probes.Transport(ping=everything_answers, timeout=0.5))
    app.session.draft.set("Network.SkipDnsCheck", True)  # the DNS step that follows must not ask the demo's 192.168.1.1
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.change_deployment_type("ScalableCluster")
        for path, value in (
            ("Machines[0].LinuxNode.Ip4Address", "192.168.1.171"),
            ("Network.ControlPlaneEndpointIp", "192.168.1.191"),
            ("Init.ServiceIPRangeStart", "192.168.1.151"),
        ):
            app.session.set_value(path, value)
        app.show_step("addressing")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert "! failed" in str(app.query_one("#probes-address").render())
        assert "in use" in message(app, "Network.ControlPlaneEndpointIp")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.session.draft.get("Network.SkipAddressFreeCheck") is True and app.current == "dns"


async def test_command_palette_lists_every_step(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Go to step 6: Arc" in titles and "Go to step 7: Review" in titles


async def test_the_title_bar_icon_opens_the_palette_and_the_title_follows_the_file(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        bar = app.query_one(TitleBar)
        shown = str(bar.render())
        assert shown.startswith(" ⎈") and "AKS Edge Essentials setup — /" in shown and "…" in shown  # a long path
        app.sub_title = "elsewhere.json"
        await settle(pilot)
        assert "— elsewhere.json" in str(bar.render())
        await pilot.click(TitleBar, offset=(40, 0))  # the title itself does nothing
        await settle(pilot)
        assert not isinstance(app.screen, CommandPalette)
        await pilot.hover(TitleBar, offset=(1, 0))
        assert bar.tooltip == "Open the command palette"
        await pilot.click(TitleBar, offset=(1, 0))
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)


async def test_the_key_bar_shows_the_keys_that_work_here_and_a_click_runs_one(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        bar = app.query_one(KeyBar)
        shown = str(bar.render())
        assert shown.startswith(" ^q Quit  ^n Next ") and shown.rstrip().endswith("▏^p palette")
        assert "esc Back" not in shown  # nothing to go back to on the first step
        x = shown.index("^n Next")
        await pilot.hover(KeyBar, offset=(x, 0))
        assert bar.tooltip
        await pilot.click(KeyBar, offset=(x, 0))
        await settle(pilot)
        assert app.current == "addressing"
        assert "esc Back" in str(bar.render())  # the keys follow the step
        await pilot.click(KeyBar, offset=(99, 0))
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)


async def test_too_small_terminal_says_so(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert app.query_one("#too-small").display
        await pilot.resize_terminal(100, 32)
        await settle(pilot)
        assert not app.query_one("#too-small").display and app.query_one("#main").display


async def test_ctrl_r_adds_the_cluster_ranges_to_no_proxy(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        app.session.set_value("Network.Proxy.Http", "http://proxy.corp.example:3128")
        app.session.set_value("Network.Proxy.No", "localhost,.corp.example")
        app.show_step("proxy")
        await settle(pilot)
        assert any(f.rule == "proxy.no-missing" for f in app.session.findings)
        await pilot.press("ctrl+r")
        await settle(pilot)
        value = app.session.draft.get("Network.Proxy.No")
        assert value.startswith("localhost,.corp.example,") and "10.42.0.0/16" in value and ".svc" in value
        assert not any(f.rule == "proxy.no-missing" for f in app.session.findings)
        assert row(app, "Network.Proxy.No").text() == value


def test_answers_prefill_the_wizard(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "DeploymentType: ScalableCluster\nNetwork: {ControlPlaneEndpointIp: 192.168.1.191}\n", encoding="utf-8"
    )
    app = demo_wizard(tmp_path / "c.json", answers)
    assert app.session.draft.get("DeploymentType") == "ScalableCluster"
    assert app.session.draft.get("Network.ControlPlaneEndpointIp") == "192.168.1.191"
    assert app.session.draft.get("Network.Ip4GatewayAddress") == "192.168.1.1"  # from the demo host
    assert not app.session.reconfigure and app.session.offline


def test_suggestions_stay_cheap_on_a_huge_subnet() -> None:
    from wizard.suggest import suggest_addresses

    draft = template.new_document("ScalableCluster")
    draft.set("Network.Ip4GatewayAddress", "192.0.0.1")
    draft.set("Network.Ip4PrefixLength", 2)
    proposals = suggest_addresses(draft)
    assert set(proposals) >= {"Network.ControlPlaneEndpointIp", "Init.ServiceIPRangeStart"}

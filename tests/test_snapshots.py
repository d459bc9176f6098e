"""Every screen and state a user meets, pinned as SVG snapshots at 80x24 and 120x40 (key ones in the light
theme too). Deterministic: demo adapters, relative paths, seeded MACs, probes faked, no cursor blink.

Update with `./run-tests tests/test_snapshots.py --snapshot-update` only after opening each changed SVG
(tests/__snapshots__/test_snapshots/) and meaning the change."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from screens.glyphs import AsciiFilter
from wizard import commands, template
from wizard.app import WizardApp
from wizard.host import facts_for
from wizard.probes import CheckResult, State
from wizard.session import Session

from .conftest import EXAMPLES, LEGACY_SAMPLE, demo_wizard
from .pilot import settle

DEMO = facts_for(demo=True)
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


class SnapshotApp(WizardApp):
    CURSOR_BLINK = False
    preset: list[CheckResult] = []

    def run_probes(self, kind: str) -> None:
        """Never touch the network in a snapshot: show the preset results for this kind instead."""
        for result in self.preset:
            if result.kind == kind:
                self.session.probe_results[result.path] = result
        self.session.revalidate()
        self.refresh_findings()


def new_app(
    scalable: bool = False,
    nodes: str = "Linux",
    offline: bool = True,
    theme: str | None = None,
    preset: list[CheckResult] | None = None,
) -> SnapshotApp:
    draft = template.new_document(host=DEMO.defaults())
    if scalable:
        template.switch_mode(draft, "ScalableCluster", DEMO.defaults())
    if nodes != "Linux":
        template.set_nodes(draft, nodes)  # type: ignore[arg-type]
    app = SnapshotApp(
        Session(draft, config_path=Path("aksedge-config.json"), host=DEMO, offline=offline, mac_rng=random.Random(3))
    )
    app.preset = preset or []
    if theme:
        app.theme = theme
    return app


def goto(step: str, *then: Callable[[WizardApp], None]) -> Callable[[Any], Awaitable[None]]:
    async def run(pilot: Any) -> None:
        await settle(pilot)
        for action in then:
            action(pilot.app)
        pilot.app.show_step(step)
        await settle(pilot)

    return run


def reveal(step: str) -> Callable[[Any], Awaitable[None]]:
    async def run(pilot: Any) -> None:
        await goto(step)(pilot)
        await pilot.press("ctrl+n")  # refused: every error shows, Next stays disabled with its reason
        await settle(pilot)

    return run


def fill_scalable(app: WizardApp) -> None:
    for path, value in (
        ("Machines[0].LinuxNode.Ip4Address", "192.168.1.171"),
        ("Network.ControlPlaneEndpointIp", "192.168.1.191"),
        ("Init.ServiceIPRangeStart", "192.168.1.151"),
    ):
        app.session.set_value(path, value)


def wrong_gateway(app: WizardApp) -> None:
    fill_scalable(app)
    app.session.set_value("Network.Ip4GatewayAddress", "192.168.2.1")


def proxy_values(app: WizardApp) -> None:
    app.session.set_value("Network.Proxy.Http", "http://edge:S3cret@proxy.corp.example:3128")
    app.session.set_value("Network.Proxy.Https", "http://edge:S3cret@proxy.corp.example:3128")
    app.session.set_value("Network.Proxy.No", "localhost,.corp.example")


def choose(name: str) -> Callable[[WizardApp], None]:
    return lambda app: app.session.choose_adapter(name)


DNS_STATES = [
    CheckResult(
        "dns",
        "Network.DnsServers[0]",
        "192.168.1.1",
        State.OK,
        "DNS server 192.168.1.1 resolved mcr.microsoft.com to 203.0.113.7 (UDP)",
    ),
    CheckResult(
        "dns", "Network.DnsServers[1]", "192.168.1.2", State.FAILED, "DNS server 192.168.1.2 did not answer within 2 s"
    ),
    CheckResult("dns", "Network.DnsServers[2]", "192.168.1.3", State.RUNNING, "192.168.1.3"),
]


def three_dns(app: WizardApp) -> None:
    app.session.set_value("Network.DnsServers", ["192.168.1.1", "192.168.1.2", "192.168.1.3", "192.168.1.4"])


CASES: dict[str, tuple[Callable[[], WizardApp], Callable[[Any], Awaitable[None]] | None, tuple[str, ...]]] = {
    "deployment-new": (lambda: new_app(), goto("deployment"), ()),
    "deployment-scalable-both": (lambda: new_app(True, "LinuxAndWindows"), goto("deployment"), ()),
    "adapter-table": (lambda: new_app(True), goto("adapter"), ()),
    "adapter-wifi-warning": (lambda: new_app(True), goto("adapter", choose("Wi-Fi")), ()),
    "adapter-disconnected-warning": (lambda: new_app(True), goto("adapter", choose("Ethernet 2")), ()),
    "addressing-empty": (lambda: new_app(True), goto("addressing"), ()),
    "addressing-next-refused": (lambda: new_app(True), reveal("addressing"), ()),
    "addressing-filled": (lambda: new_app(True, "LinuxAndWindows"), goto("addressing"), ("ctrl+g",)),
    "addressing-gateway-error": (lambda: new_app(True), goto("addressing", wrong_gateway), ()),
    "addressing-single": (lambda: new_app(), goto("addressing"), ()),
    "dns-list": (lambda: new_app(), goto("dns"), ()),
    "dns-probe-states": (lambda: new_app(offline=False, preset=DNS_STATES), goto("dns", three_dns), ()),
    "dns-offline-skipped": (
        lambda: new_app(
            offline=False,
            preset=[
                CheckResult(
                    "dns",
                    "Network.DnsServers[0]",
                    "192.168.1.1",
                    State.SKIPPED,
                    "DNS check skipped: offline deployment (InternetDisabled)",
                )
            ],
        ),
        goto("dns", lambda a: a.session.set_value("Network.InternetDisabled", True)),
        (),
    ),
    "proxy-empty": (lambda: new_app(), goto("proxy"), ()),
    "proxy-masked-and-warning": (
        lambda: new_app(
            offline=False,
            preset=[
                CheckResult(
                    "proxy",
                    "Network.Proxy.Http",
                    "http://edge:****@proxy.corp.example:3128",
                    State.FAILED,
                    "proxy http://edge:****@proxy.corp.example:3128 answered: HTTP/1.1 407 Proxy Authentication Required",
                )
            ],
        ),
        goto("proxy", proxy_values),
        (),
    ),
    "machine": (lambda: new_app(True, "LinuxAndWindows"), goto("machine"), ("ctrl+g",)),
    "machine-errors": (
        lambda: new_app(),
        goto("machine", lambda a: a.session.set_value("Machines[0].LinuxNode.MemoryInMB", 3001)),
        (),
    ),
    "arc": (lambda: new_app(), goto("arc"), ()),
    "review-findings": (lambda: new_app(True), goto("review", wrong_gateway), ()),
    "review-ready": (lambda: new_app(), goto("review", lambda a: a.session.set_value("User.AcceptEula", True)), ()),
    "help-panel": (lambda: new_app(), goto("machine"), ("f1",)),
}


def reconfigure_app(path: Path) -> WizardApp:
    app = demo_wizard(path)
    app.CURSOR_BLINK = False
    return app


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("size", SIZES, ids=str)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_screen(case: str, size: str, snap_compare: Any) -> None:
    make, before, press = CASES[case]
    assert snap_compare(make(), press=press, terminal_size=SIZES[size], run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=str)
@pytest.mark.parametrize(
    "case", ["deployment-new", "addressing-gateway-error", "review-findings", "dns-probe-states"], ids=str
)
def test_light_theme(case: str, size: str, snap_compare: Any) -> None:
    make, before, press = CASES[case]
    app = make()
    app.theme = "textual-light"
    assert snap_compare(app, press=press, terminal_size=SIZES[size], run_before=before)


@pytest.fixture
def box_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands name absolute paths; in a snapshot they are the edge box's, not this run's temp folder."""
    monkeypatch.setattr(commands, "absolute", lambda path: "C:\\AksEdge\\" + Path(path).name)


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_done(size: str, snap_compare: Any, in_tmp: Path, box_paths: None) -> None:
    app = new_app()

    async def write(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.session.set_value("User.AcceptEula", True)
        pilot.app.action_write()
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=write)


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_reconfigure_overview(size: str, snap_compare: Any, in_tmp: Path) -> None:
    Path("aksedge-config.json").write_bytes(EXAMPLES[3].read_bytes())
    app = reconfigure_app(Path("aksedge-config.json"))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=goto("overview"))


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_review_with_diff(size: str, snap_compare: Any, in_tmp: Path) -> None:
    Path("aksedge-config.json").write_bytes(EXAMPLES[3].read_bytes())
    app = reconfigure_app(Path("aksedge-config.json"))
    change = goto("review", lambda a: a.session.set_value("Network.DnsServers", ["10.0.0.10", "10.0.0.12"]))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=change)


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_broken_file(size: str, snap_compare: Any, in_tmp: Path) -> None:
    Path("aksedge-config.json").write_text('{\n  "SchemaVersion": "1.16"\n  "Version": "1.0"\n}\n', encoding="utf-8")
    app = reconfigure_app(Path("aksedge-config.json"))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_legacy_migration(size: str, snap_compare: Any, in_tmp: Path) -> None:
    Path("aksedge-config.json").write_bytes(LEGACY_SAMPLE.read_bytes())
    app = reconfigure_app(Path("aksedge-config.json"))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=settle)


JOIN = Path(__file__).parent / "fixtures" / "join" / "ScaleConfig-k3s-worker.json"


def join_app() -> WizardApp:
    """The wizard on a copy of the fixture join file in the current (temporary) folder."""
    Path("ScaleConfig.json").write_bytes(JOIN.read_bytes())
    return reconfigure_app(Path("ScaleConfig.json"))


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_join_cluster_summary(size: str, snap_compare: Any, in_tmp: Path) -> None:
    app = join_app()
    assert snap_compare(app, terminal_size=SIZES[size], run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_join_addressing_suggested(size: str, snap_compare: Any, in_tmp: Path) -> None:
    app = join_app()

    async def suggest(pilot: Any) -> None:
        await goto("addressing", lambda a: a.session.choose_adapter("Ethernet"))(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=suggest)


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_join_done(size: str, snap_compare: Any, in_tmp: Path, box_paths: None) -> None:
    app = join_app()

    async def write(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.session.choose_adapter("Ethernet")
        pilot.app.session.set_value("Machines[0].LinuxNode.Ip4Address", "192.168.1.170")
        pilot.app.action_write()
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=write)


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_plan_screen(size: str, snap_compare: Any, in_tmp: Path, box_paths: None) -> None:
    Path("aksedge-config.json").write_bytes(EXAMPLES[2].read_bytes())
    app = reconfigure_app(Path("aksedge-config.json"))

    async def plan(pilot: Any) -> None:
        await goto("overview")(pilot)
        await pilot.press("p")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=plan)


@pytest.mark.parametrize("case", ["deployment-new", "review-findings"], ids=str)
def test_ascii_fallback(case: str, snap_compare: Any) -> None:
    """What the old Windows console shows (--ascii, or automatic there): every glyph one ASCII cell."""
    make, before, press = CASES[case]
    app = make()
    app._ascii = AsciiFilter()
    assert snap_compare(app, press=press, terminal_size=SIZES["80x24"], run_before=before)


def _dns_list_marked(app: WizardApp) -> None:
    app.session.set_value("Network.DnsServers", ["192.168.1.1", "10.0.0.10", "10.0.0.11"])


async def _focus_list_and_move(pilot: Any) -> None:
    await goto("dns", _dns_list_marked)(pilot)
    listing = pilot.app.query_one("#dns-list")
    listing.focus()
    listing.index = 2
    await settle(pilot)
    await pilot.press("shift+up")  # 10.0.0.11 moves up and stays marked
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_dns_list_marked_after_a_move(size: str, snap_compare: Any) -> None:
    """The marked server (▶, bold reverse while the list has focus) follows a reorder."""
    assert snap_compare(new_app(), terminal_size=SIZES[size], run_before=_focus_list_and_move)


def test_focus_shows_by_shape_under_no_color(snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR: the focused field's label is in reverse video, not only another shade."""
    monkeypatch.setenv("NO_COLOR", "1")
    make, before, press = CASES["addressing-gateway-error"]
    assert snap_compare(make(), press=press, terminal_size=SIZES["80x24"], run_before=before)

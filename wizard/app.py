"""WizardApp: owns the Draft, the step list, navigation, bindings and the live checks.

The only engine module that imports Textual. Screens (screens/) render steps and call back into the app;
every rule and fact comes from the engine (rules, steps, template, probes, host, store).
"""

from __future__ import annotations

import argparse
import asyncio
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from screens.widgets import ERROR_MARK, WARNING_MARK, FieldChanged, FieldRow, ProbePanel, StepView, describe_spec

from . import fields, store, template, values
from .assets_dir import ASSETS
from .draft import Draft
from .findings import Finding, sort_findings
from .host import Adapter, HostFacts, facts_for

if TYPE_CHECKING:
    from . import probes
from .steps import BY_ID, OVERVIEW, Step, active_steps, findings_by_step, is_scalable

# Step views are imported when first shown: the first frame pays only for the first step's widgets.
VIEWS: dict[str, str] = {
    "deployment": "deployment:DeploymentStep", "adapter": "adapter:AdapterStep",
    "addressing": "addressing:AddressingStep", "dns": "dns:DnsStep", "proxy": "proxy:ProxyStep",
    "machine": "machine:MachineStep", "arc": "arc:ArcStep", "review": "review:ReviewStep",
    "overview": "overview:OverviewStep", "done": "done:DoneView",
}


def view_class(step_id: str) -> Any:
    import importlib

    module, name = VIEWS[step_id].split(":")
    return getattr(importlib.import_module(f"screens.{module}"), name)
MIN_WIDTH, MIN_HEIGHT = 70, 20


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; Escape means no."""

    BINDINGS = [Binding("escape", "answer(False)", "No", id="confirm.no"),
                Binding("y", "answer(True)", "Yes", id="confirm.yes", show=False),
                Binding("n", "answer(False)", "No", id="confirm.n", show=False)]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="question", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(self.yes, id="yes", variant="warning", compact=True)
                yield Button(self.no, id="no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close", id="help.close")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.text, id="help-text", markup=False)
            yield Static("Escape closes.", classes="field-help")


class BrokenFileScreen(ModalScreen[bool]):
    """The file named by --config is not a usable deployment file: say why, where, and offer a way out."""

    BINDINGS = [Binding("escape,q", "dismiss(False)", "Quit", id="broken.quit"),
                Binding("n", "dismiss(True)", "Start fresh", id="broken.fresh")]

    def __init__(self, path: Path, why: str) -> None:
        super().__init__()
        self.path, self.why = path, why

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(f"{ERROR_MARK} {self.path} cannot be used", classes="group-label -error", markup=False)
            yield Static(self.why, id="broken-why", markup=False)
            yield Static("Quit and fix it in an editor, or start a new document (the broken file is only "
                         "replaced when you write and confirm again).", classes="field-help")
            with Horizontal(id="dialog-buttons"):
                yield Button("Start fresh", id="fresh", variant="warning", compact=True)
                yield Button("Quit", id="quit", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#quit", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "fresh")


class MigrateScreen(ModalScreen["dict[str, Any] | None"]):
    """A pre-GA 1.1 file: show the mapping and the migrated document before anything changes."""

    BINDINGS = [Binding("escape,q", "dismiss(None)", "Quit", id="migrate.quit"),
                Binding("m", "migrate", "Migrate", id="migrate.go")]

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        from .migrate import migrate_legacy

        self.migrated, self.mapping = migrate_legacy(draft.data)

    def compose(self) -> ComposeResult:
        import json as _json

        with Vertical(id="dialog", classes="-wide"):
            yield Static(f"{ERROR_MARK} This file uses the pre-GA 1.1 layout, which current AKS Edge releases reject.",
                         classes="group-label -error")
            yield Static("Migrating moves each setting to its current place:", classes="field-help")
            lines = "\n".join(f"{old} → {new}" for old, new in self.mapping)
            with VerticalScroll(id="migrate-body"):
                yield Static(lines, id="migrate-mapping", markup=False)
                yield Static("The migrated document (nothing is written until you confirm on Review):",
                             classes="group-label")
                yield Static(store.masked_text(_json.dumps(self.migrated, indent=4)), id="migrate-json",
                             classes="code", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("Migrate", id="migrate", variant="warning", compact=True)
                yield Button("Quit", id="quit", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#migrate", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self.migrated if event.button.id == "migrate" else None)

    def action_migrate(self) -> None:
        self.dismiss(self.migrated)


class StepList(OptionList, can_focus=False):
    """Where the user is and which steps have errors; a click jumps there."""


class TooSmall(Static):
    """Shown instead of the wizard when the terminal is below the minimum size."""


class WizardApp(App[int]):
    CSS_PATH = ASSETS / "wizard.tcss"
    TITLE = "AKS Edge Essentials setup"
    CURSOR_BLINK = True  # snapshot tests turn it off
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("escape", "back", "Back", id="nav.back", tooltip="Previous step (values are kept)"),
        Binding("ctrl+n", "next", "Next", id="nav.next", tooltip="Next step, once this one has no error"),
        Binding("ctrl+s", "review", "Review", id="nav.review", tooltip="Jump to the review step"),
        Binding("f1", "help", "Help", id="help.field", tooltip="Help for the focused field"),
        Binding("question_mark", "help", "Help", show=False, id="help.field-key"),
        Binding("ctrl+t", "check", "Check", id="probe.run", tooltip="Run this step's live network checks"),
        Binding("ctrl+g", "generate", "Suggest", id="value.generate",
                tooltip="Suggest addresses, or generate a MAC address"),
        Binding("ctrl+r", "no_proxy_ranges", "Add ranges", id="proxy.ranges",
                tooltip="Add the cluster's internal ranges to the no-proxy list"),
        Binding("ctrl+l", "arc_later", "Connect later", id="arc.later", tooltip="Clear Arc and connect later"),
        Binding("ctrl+w", "write", "Write", id="file.write", tooltip="Write the deployment file"),
        Binding("ctrl+q", "quit_wizard", "Quit", id="app.quit", priority=True, tooltip="Quit (asks first)"),
        Binding("ctrl+c", "quit_wizard", "Quit", show=False, id="app.quit-ctrl-c", priority=True),
        Binding("q", "quit_done", "Quit", show=False, id="app.quit-done"),
    ]

    def __init__(self, draft: Draft, *, config_path: Path, host: HostFacts | None = None,
                 disk_text: str | None = None, offline: bool = False, transport: "probes.Transport | None" = None,
                 mac_rng: random.Random | None = None, load_host: bool = False, reconfigure: bool = False,
                 broken: str | None = None, legacy: bool = False) -> None:
        super().__init__()
        self.reconfigure = reconfigure
        self.broken = broken  # why the file on disk could not be read; it is only replaced after asking twice
        self.legacy = legacy
        self.draft = draft
        self.config_path = config_path
        self.host = host or HostFacts(source="loading")
        self.disk_text = disk_text
        self.offline = offline
        self._transport = transport
        self.mac_rng = mac_rng
        self.load_host = load_host
        self.findings: list[Finding] = []
        self.probe_results: dict[str, "probes.CheckResult"] = {}
        self.current: str = "overview" if reconfigure else "deployment"
        self.view: Any = None
        self.written: store.WriteResult | None = None
        self.validated = False  # the first validation waits until the first frame is on screen
        self._saved_text = disk_text
        self._nav_lock = asyncio.Lock()

    # -- layout ---------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="⎈")
        with Horizontal(id="main"):
            yield StepList(id="step-list")
            with Container(id="content"):  # the first step is composed with the frame, not swapped in after it
                yield view_class(self.current)(self.step_by_id(self.current))
        yield Static("", id="nav-reason", markup=False)
        with Horizontal(id="nav"):
            yield Button("‹ Back", id="back", compact=True)
            yield Static("", id="nav-spacer")
            yield Button("Next ›", id="next", compact=True, variant="primary")
        yield TooSmall(f"Please make the terminal at least {MIN_WIDTH}x{MIN_HEIGHT}.", id="too-small")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = str(self.config_path)
        self.view = self.query_one("#content").children[0]
        self.call_after_refresh(self._after_first_paint)
        if self.load_host:
            self._load_host()
        if self.broken is not None:
            self.push_screen(BrokenFileScreen(self.config_path, self.broken), self._broken_answer)
        elif self.legacy:
            self.push_screen(MigrateScreen(self.draft), self._migrate_answer)

    def on_resize(self, event: events.Resize) -> None:
        small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        self.set_class(small, "-too-small")

    @work(thread=True, exclusive=True, group="host")
    def _load_host(self) -> None:
        facts = facts_for()
        self.call_from_thread(self._host_loaded, facts)

    def _host_loaded(self, facts: HostFacts) -> None:
        self.host = facts
        self.revalidate()
        if self.current in ("adapter", "machine", "addressing"):
            self.show_step(self.current)
        else:
            self.refresh_findings()

    def _broken_answer(self, fresh: bool | None) -> None:
        if not fresh:
            self.exit(2)

    def _migrate_answer(self, migrated: dict[str, Any] | None) -> None:
        if migrated is None:
            self.exit(2)
            return
        old = self.draft
        self.draft = Draft(migrated, indent=old.indent, newline=old.newline, final_newline=old.final_newline)
        self.legacy = False
        self.revalidate()
        self.show_step("overview")

    def steps(self) -> list[Step]:
        return ([OVERVIEW] if self.reconfigure else []) + active_steps(self.draft)

    def step_by_id(self, step_id: str) -> Step:
        return OVERVIEW if step_id == "overview" else BY_ID[step_id]

    # -- document and findings ------------------------------------------------------------------------
    @property
    def transport(self) -> "probes.Transport":
        from . import probes

        if self._transport is None:
            self._transport = probes.Transport()
        return self._transport

    def revalidate(self) -> None:
        from . import rules

        found = rules.validate(self.draft, adapters=self.host.adapters if self.host.source != "loading" else None)
        probe_findings = [f for f in (r.finding() for r in self.probe_results.values()) if f is not None]
        self.findings = sort_findings(found + probe_findings)
        self.validated = True

    def set_value(self, path: str, value: Any) -> None:
        if self.draft.has(path) and self.draft.get(path) == value and type(self.draft.get(path)) is type(value):
            return
        if not self.draft.has(path) and (value is None or value == "" or value == []):
            return  # an empty field the file never had stays out of the file
        self.draft.set(path, value)
        for key in [k for k in self.probe_results if k == path or k.startswith(path + "[")]:
            del self.probe_results[key]  # the check was about the old value
        self.revalidate()
        if self.view is not None and isinstance(self.view, StepView):
            self.view.values_changed()
        self.refresh_findings()

    @on(FieldChanged)
    def _field_changed(self, event: FieldChanged) -> None:
        self.set_value(event.path, event.value)

    def refresh_findings(self) -> None:
        from . import probes

        by_step = findings_by_step(self.findings, self.draft)
        if isinstance(self.view, StepView):
            self.view.show_findings(by_step.get(self.current, []) if self.current != "review" else self.findings)
            for panel in self.view.query(ProbePanel):
                planned, _ = probes.plan_checks(self.draft, (panel.kind,))
                panel.show_results(list(self.probe_results.values()), self.offline, planned)
        self._refresh_step_list(by_step)
        self._refresh_nav(by_step)

    def _refresh_step_list(self, by_step: dict[str, list[Finding]]) -> None:
        labels: list[tuple[str, str]] = []
        for number, step in enumerate(active_steps(self.draft), 1):
            errors = sum(f.is_error for f in by_step.get(step.id, []))
            warnings = len(by_step.get(step.id, [])) - errors
            mark = f"{ERROR_MARK}{errors}" if errors else f"{WARNING_MARK}{warnings}" if warnings else ""
            here = "▶" if step.id == self.current else " "
            labels.append((step.id, f"{here}{number} {step.title:<11}{mark}"))
        if self.reconfigure:
            labels.append(("overview", f"{'▶' if self.current == 'overview' else ' '}• Overview"))
        if labels == getattr(self, "_step_labels", None):
            return  # unchanged: rebuilding the list would relayout the screen on every keystroke
        self._step_labels = labels
        listing = self.query_one("#step-list", StepList)
        listing.clear_options()
        listing.add_options([Option(text, id=step_id) for step_id, text in labels])
        order = [step_id for step_id, _ in labels]
        if self.current in order:
            listing.highlighted = order.index(self.current)

    def step_errors(self, step_id: str | None = None,
                    by_step: dict[str, list[Finding]] | None = None) -> list[Finding]:
        step_id = step_id or self.current
        by_step = by_step if by_step is not None else findings_by_step(self.findings, self.draft)
        if step_id == "review":
            return [f for f in self.findings if f.is_error]
        return [f for f in by_step.get(step_id, []) if f.is_error]

    def _refresh_nav(self, by_step: dict[str, list[Finding]]) -> None:
        errors = self.step_errors(by_step=by_step) if self.current != "done" else []
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        state = (self.current, self.current == self.steps()[0].id,
                 f"{ERROR_MARK} Blocked{more}: {errors[0].message}" if errors else "")
        if state == getattr(self, "_nav_state", None):
            return
        self._nav_state = state
        reason = self.query_one("#nav-reason", Static)
        nxt = self.query_one("#next", Button)
        back = self.query_one("#back", Button)
        nxt.display = back.display = self.current != "done"
        back.disabled = state[1]
        nxt.label = "Write ›" if self.current == "review" else "Next ›"
        nxt.disabled = bool(errors)
        reason.update(state[2], layout=bool(errors) != ("-error" in reason.classes) or len(state[2]) > 70)
        reason.set_class(bool(errors), "-error")
        if state[:2] != getattr(self, "_bindings_state", None):  # the footer recomposes: only on a new step
            self._bindings_state = state[:2]
            self.refresh_bindings()

    # -- navigation -----------------------------------------------------------------------------------
    def show_step(self, step_id: str, focus_path: str | None = None) -> None:
        ids = [s.id for s in self.steps()]
        if step_id not in ids:
            step_id = ids[0]
        self.current = step_id
        self.run_worker(self._swap(view_class(step_id)(self.step_by_id(step_id)), focus_path), group="nav")

    async def _swap(self, view: Any, focus_path: str | None = None) -> None:
        """Replace the step on screen; serialised so two quick key presses cannot interleave."""
        async with self._nav_lock:
            content = self.query_one("#content", Container)
            self.view = None
            await content.remove_children()
            await content.mount(view)
            self.view = view
            if not self.validated:  # paint the step first, judge it right after
                self.call_after_refresh(self._first_validation)
            else:
                self.refresh_findings()
            self.refresh_bindings()
            if isinstance(view, StepView):
                view.focus_first(focus_path)
                view.on_show_step()

    def _first_validation(self) -> None:
        self.revalidate()
        self.refresh_findings()

    def _after_first_paint(self) -> None:
        self._first_validation()
        self.refresh_bindings()
        if isinstance(self.view, StepView):
            self.view.focus_first(None)
            self.view.on_show_step()

    def jump_to_path(self, path: str) -> None:
        from .steps import step_of

        step = step_of(path, self.draft)
        self.show_step(step.id, focus_path=path)

    def action_next(self) -> None:
        if self.current == "done":
            return
        if self.current == "review":
            self.action_write()
            return
        errors = self.step_errors()
        if errors:
            if isinstance(self.view, StepView):
                self.view.revealed = True
                self.refresh_findings()
                self.view.focus_first(errors[0].path)
            self.bell()
            return
        from . import probes

        failed = [r for r in self.probe_results.values() if r.state == probes.State.FAILED and
                  r.kind in ("address", "dns") and self._probe_step(r.kind) == self.current]
        switch = {"address": "Network.SkipAddressFreeCheck", "dns": "Network.SkipDnsCheck"}
        pending = [r for r in failed if self.draft.get(switch[r.kind]) is not True]
        if pending:
            check = pending[0]
            key = switch[check.kind]
            question = (f"{check.detail}.\n\nThe product checks this again while deploying and stops if it fails. "
                        f"Set {key} so the deployment goes ahead anyway?")

            def answered(yes: bool | None) -> None:
                if yes:
                    self.set_value(key, True)
                self._go(1)

            self.push_screen(ConfirmScreen(question, yes=f"Set {key.split('.')[-1]}", no="Continue without"),
                             answered)
            return
        self._go(1)

    @staticmethod
    def _probe_step(kind: str) -> str:
        return {"address": "addressing", "dns": "dns", "proxy": "proxy"}[kind]

    def _go(self, delta: int) -> None:
        ids = [s.id for s in self.steps()]
        index = ids.index(self.current) if self.current in ids else 0
        target = max(0, min(len(ids) - 1, index + delta))
        if target != index:
            self.show_step(ids[target])

    def action_back(self) -> None:
        if self.current == "done":
            self.show_step("review")
            return
        self._go(-1)

    def action_review(self) -> None:
        if self.current != "done":
            self.show_step("review")

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    @on(Input.Submitted, ".field-input")
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in a field moves to the next field, and from the last one to the next step."""
        if not isinstance(self.view, StepView):
            return
        rows = [r for r in self.view.rows() if isinstance(r.control, Input)]
        ids = [r.control.id for r in rows]
        if event.input.id in ids and ids.index(event.input.id) < len(ids) - 1:
            rows[ids.index(event.input.id) + 1].control.focus()
        else:
            self.action_next()

    @on(OptionList.OptionSelected, "#step-list")
    def _step_clicked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and self.current != "done":
            self.show_step(event.option.id)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for number, step in enumerate(active_steps(self.draft), 1):
            yield SystemCommand(f"Go to step {number}: {step.title}", step.summary,
                                lambda step_id=step.id: self.show_step(step_id))
        if self.reconfigure:
            yield SystemCommand("Go to the overview", OVERVIEW.summary, lambda: self.show_step("overview"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        step = self.current
        applies = {
            "check": step in ("addressing", "dns", "proxy") and not self.offline,
            "generate": step in ("addressing", "machine") and (step == "machine" or is_scalable(self.draft)),
            "no_proxy_ranges": step == "proxy",
            "arc_later": step == "arc",
            "write": step == "review",
            "back": step != self.steps()[0].id,
            "next": step not in ("done",),
            "review": step not in ("review", "done"),
            "quit_done": step == "done",
        }
        return applies.get(action, True)

    # -- document-shaping actions the steps call ------------------------------------------------------
    def change_deployment_type(self, new_type: str) -> None:
        if new_type == self.draft.get("DeploymentType"):
            return
        drops = template.mode_change_drops(self.draft, new_type)

        def apply(yes: bool | None = True) -> None:
            if not yes:
                if self.current == "deployment" and self.view is not None:
                    self.view.sync()
                return
            template.switch_mode(self.draft, new_type, self.host.defaults(adapter_name=self._adapter_name()))
            self.revalidate()
            self.refresh_findings()

        if drops:
            labels = ", ".join(fields.spec_for(p).label for p in drops if fields.spec_for(p))
            self.push_screen(ConfirmScreen(f"Switching removes values that do not apply any more: {labels}.\n\n"
                                           "Switch anyway?", yes="Switch", no="Keep"), apply)
        else:
            apply()

    def change_nodes(self, nodes: template.NodeTypes) -> None:
        if nodes == template.node_types(self.draft):
            return
        drops = template.node_change_drops(self.draft, nodes)

        def apply(yes: bool | None = True) -> None:
            if not yes:
                if self.current == "deployment" and self.view is not None:
                    self.view.sync()
                return
            template.set_nodes(self.draft, nodes)
            self.revalidate()
            self.refresh_findings()

        if drops:
            what = " and ".join(p.split(".")[-1].replace("Node", " node") for p in drops)
            self.push_screen(ConfirmScreen(f"This removes the {what} and its settings.\n\nContinue?",
                                           yes="Remove", no="Keep"), apply)
        else:
            apply()

    def _adapter_name(self) -> str | None:
        name = self.draft.get("Machines[0].NetworkConnection.AdapterName")
        return name if isinstance(name, str) and name else None

    def chosen_adapter(self) -> Adapter | None:
        return self.host.adapter(self._adapter_name())

    def choose_adapter(self, name: str) -> None:
        self.set_value("Machines[0].NetworkConnection.AdapterName", name)
        adapter = self.host.adapter(name)
        if adapter is None:
            return
        defaults = self.host.defaults(adapter_name=name)
        for path, value in (("Network.Ip4GatewayAddress", defaults.gateway),
                            ("Network.Ip4PrefixLength", defaults.prefix_length),
                            ("Network.DnsServers", list(defaults.dns_servers))):
            if value not in (None, []) and self.draft.get(path) in (None, "", []):
                self.set_value(path, value)

    def add_dns(self, server: str) -> None:
        servers = self.draft.get("Network.DnsServers")
        servers = list(servers) if isinstance(servers, list) else []
        if server not in servers:
            self.set_value("Network.DnsServers", servers + [server])
            self.run_probes("dns")

    def remove_dns(self, index: int) -> None:
        servers = self.draft.get("Network.DnsServers")
        if isinstance(servers, list) and 0 <= index < len(servers):
            self.set_value("Network.DnsServers", servers[:index] + servers[index + 1:])

    def move_dns(self, index: int, delta: int) -> None:
        servers = self.draft.get("Network.DnsServers")
        target = index + delta
        if isinstance(servers, list) and 0 <= index < len(servers) and 0 <= target < len(servers):
            servers = list(servers)
            servers[index], servers[target] = servers[target], servers[index]
            self.set_value("Network.DnsServers", servers)
            self.query_one("#dns-list").index = target  # type: ignore[attr-defined]

    # -- actions --------------------------------------------------------------------------------------
    def action_generate(self) -> None:
        from . import probes
        from .suggest import suggest_addresses

        if self.current == "addressing":
            taken = {a.ipv4 for a in self.host.adapters if a.ipv4}
            taken |= {r.target for r in self.probe_results.values() if r.kind == "address" and
                      r.state == probes.State.FAILED}
            proposals = suggest_addresses(self.draft, taken)
            if not proposals:
                self.notify("Enter the gateway and prefix length first: suggestions come from the subnet.",
                            severity="warning")
                return
            for path, value in proposals.items():
                self.set_value(path, value)
            self.show_step("addressing")
            self.notify(f"Suggested {len(proposals)} value(s); Ctrl+T checks they are free.")
        elif self.current == "machine" and isinstance(self.view, StepView):
            rows = [r for r in self.view.rows() if r.spec.kind == "mac"]
            focused = next((r for r in rows if r.control.has_focus), None)
            target = focused or next((r for r in rows if not r.text()), rows[0] if rows else None)
            if target is not None:
                target.set_text(values.generate_mac(self.mac_rng))

    def action_no_proxy_ranges(self) -> None:
        from . import rules

        entries, missing = rules.no_proxy_completion(self.draft.data)
        self.set_value("Network.Proxy.No", ",".join(entries + missing))
        if self.current == "proxy" and self.view is not None:
            self.view.sync_no_proxy()
        self.notify(f"Added {', '.join(missing)}" if missing else "The no-proxy list already covers the cluster.")

    def action_arc_later(self) -> None:
        from . import rules

        for key in rules.ARC_REQUIRED:
            if self.draft.has(f"Arc.{key}"):
                self.set_value(f"Arc.{key}", None)
        self.show_step("arc")
        self.notify("Arc left empty: connect later with Connect-AksEdgeArc.")

    def action_check(self) -> None:
        kind = {"addressing": "address", "dns": "dns", "proxy": "proxy"}.get(self.current)
        if kind:
            self.run_probes(kind)

    def run_probes(self, kind: str) -> None:
        from . import probes

        if self.offline:
            self.refresh_findings()
            return
        planned, skipped = probes.plan_checks(self.draft, (kind,))
        for result in [r for r in self.probe_results.values() if r.kind == kind]:
            del self.probe_results[result.path]
        for result in skipped:
            self.probe_results[result.path] = result
        for check in planned:
            self.probe_results[check.path] = probes.CheckResult(kind, check.path, check.target, probes.State.RUNNING)
        self.refresh_findings()
        if planned:
            self._probe_worker(kind, self.draft.copy())

    @work(exclusive=False, group="probes")
    async def _probe_worker(self, kind: str, snapshot: Draft) -> None:
        from . import probes

        results = await probes.run_checks(snapshot, self.transport, (kind,))
        for result in results:
            current = self.probe_results.get(result.path)
            if current is not None and current.state == probes.State.RUNNING:
                self.probe_results[result.path] = result
        self.revalidate()
        self.refresh_findings()

    def action_help(self) -> None:
        focused = self.focused
        row = next((w for w in (focused.ancestors_with_self if focused else []) if isinstance(w, FieldRow)), None)
        if row is not None:
            text = describe_spec(row.spec)
        else:
            step = BY_ID.get(self.current) or (OVERVIEW if self.current == "overview" else None)
            text = (f"{step.title if step else 'Done'}: {step.summary if step else ''}\n\n"
                    "Tab / Shift+Tab move between fields. Enter goes to the next field, and from the last one to "
                    "the next step. Escape goes back. Ctrl+S jumps to Review; Ctrl+P opens the command palette to "
                    "jump to any step. F1 explains the focused field. Ctrl+Q quits (it asks first if nothing "
                    "was written).")
        self.push_screen(HelpScreen(text))

    def unsaved(self) -> bool:
        return self.draft.to_json() != self._saved_text and (self.draft.changed or self._saved_text is None)

    def action_quit_wizard(self) -> None:
        if not self.unsaved():
            self.exit(0)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit(1)

        self.push_screen(ConfirmScreen(f"Quit without writing {self.config_path.name}? Your answers are lost.",
                                       yes="Quit", no="Stay"), answered)

    def _read_disk(self) -> str | None:
        try:
            return store.read_text(self.config_path).removeprefix("\ufeff")
        except store.StoreError:
            return None

    def _changed_on_disk(self) -> bool:
        """True when the file is no longer what the wizard read (or appeared while a new one was made)."""
        if self.broken is not None:
            return False  # that case has its own question
        now = self._read_disk() if self.config_path.exists() else None
        before = self.disk_text.removeprefix("\ufeff") if self.disk_text is not None else None
        return now != before

    def action_quit_done(self) -> None:
        self.exit(0)

    def action_write(self) -> None:
        if self.step_errors("review"):
            if self.current != "review":
                self.show_step("review")
            self.notify("Fix the errors listed on Review first (Enter on one goes to its field).", severity="error")
            self.bell()
            return
        if self.broken is not None and self.config_path.exists():
            def answered(yes: bool | None) -> None:
                if yes:
                    self.broken = None
                    self.disk_text = self._read_disk()  # the unreadable file is what is being replaced
                    self.action_write()

            self.push_screen(ConfirmScreen(f"{self.config_path} could not be read when the wizard started. "
                                           "Writing replaces it (the old file is kept as "
                                           f"{self.config_path.name}.bak).\n\nReplace it?", yes="Replace",
                                           no="Keep it"), answered)
            return
        if self._changed_on_disk():
            def overwrite(yes: bool | None) -> None:
                if yes:
                    self.disk_text = self._read_disk()
                    self.action_write()

            self.push_screen(ConfirmScreen(f"{self.config_path} was changed on disk after the wizard read it "
                                           "(by someone or something else).\n\nReplace it anyway? The version on disk "
                                           f"is kept as {self.config_path.name}.bak.", yes="Replace",
                                           no="Keep it"), overwrite)
            return
        try:
            result = store.write(self.draft, self.config_path)
        except store.StoreError as exc:
            self.notify(str(exc), title="Not written", severity="error", timeout=15)
            return
        self.written = result
        self._saved_text = self.draft.to_json()
        self.disk_text = self._saved_text
        self.current = "done"
        self.run_worker(self._swap(view_class("done")(result, is_scalable(self.draft))), group="nav")


# -- start-up -------------------------------------------------------------------------------------------------
def build_app(args: argparse.Namespace) -> WizardApp:
    """The app for the TUI's command-line arguments (also used by tests and benchmarks)."""
    from . import rules

    demo = bool(getattr(args, "demo", False))
    adapters_file = getattr(args, "adapters_file", None)
    fixture = demo or adapters_file is not None
    host = facts_for(demo=demo, adapters_file=adapters_file) if fixture else None
    config = Path(args.config)
    disk_text: str | None = None
    draft: Draft
    broken: str | None = None
    reconfigure = legacy = False
    if config.exists():
        try:
            draft = store.load(config)
            disk_text = draft.source_text
            reconfigure = True
            legacy = bool(rules.legacy_keys(draft.data))
        except store.StoreError as exc:
            broken = str(exc)
            draft = template.new_document(host=host.defaults() if host else None)
    elif getattr(args, "answers", None):
        from . import answers as answers_mod

        given = answers_mod.load_answers(args.answers)
        draft = answers_mod.draft_from_answers(given, host=host.defaults(given) if host else None)
    else:
        draft = template.new_document(host=host.defaults() if host else None)
    # --demo touches nothing of the host's network: its sample addresses are never probed.
    offline = bool(getattr(args, "offline", False)) or demo
    return WizardApp(draft, config_path=config, host=host, disk_text=disk_text, offline=offline,
                     load_host=not fixture, reconfigure=reconfigure, broken=broken, legacy=legacy)


def run(args: argparse.Namespace) -> int:
    import sys

    try:
        app = build_app(args)
    except store.StoreError as exc:
        print(f"aksedge-wizard: {exc}", file=sys.stderr)
        return 2
    result = app.run()
    return int(result or 0)

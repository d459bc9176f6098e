"""Step 4: the DNS servers (add, remove, reorder), offline mode, and the DNS check."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label, ListItem, ListView, Static

from wizard.findings import Finding
from wizard.present import finding_line

from .messages import Advance, RunChecks
from .widgets import FieldRow, ListInput, PicksOnEnter, ProbePanel, StepView

PATH = "Network.DnsServers"


class DnsList(PicksOnEnter, ListView):
    """The servers, a line each; Enter picks nothing and moves on (PicksOnEnter: its keys are priority)."""

    BINDINGS = [
        Binding("up", "cursor_up", "Cursor up", show=False, priority=True),
        Binding("down", "cursor_down", "Cursor down", show=False, priority=True),
        Binding(
            "delete,backspace,minus", "remove", "Remove", id="dns.remove", tooltip="Remove the server", priority=True
        ),
        Binding(
            "shift+up,ctrl+up", "move(-1)", "Move up", id="dns.up", tooltip="Ask this server earlier", priority=True
        ),
        Binding(
            "shift+down,ctrl+down",
            "move(1)",
            "Move down",
            id="dns.down",
            tooltip="Ask this server later",
            priority=True,
        ),
    ]

    def __init__(self, owner: DnsStep, *, id: str) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.owner = owner

    def watch_index(self, old_index: int | None, new_index: int | None) -> None:
        super().watch_index(old_index, new_index)
        self.mark()

    def mark(self) -> None:
        """The marked server carries a ▶ by shape, focused or not: Del and Shift+Up/Down act on it."""
        for i, item in enumerate(self.query(ListItem)):
            labels = item.query(Label)
            if not labels:
                self.call_after_refresh(self.mark)  # appended, not composed yet
                return
            label = labels.first()
            text = str(label.render())
            if text.startswith(("  ", "▶ ")):
                label.update(("▶ " if i == self.index else "  ") + text[2:])

    def action_remove(self) -> None:
        if self.index is not None:
            self.owner.select(self.owner.session.remove_dns(self.index).index)

    def action_move(self, delta: int) -> None:
        if self.index is not None:
            self.owner.select(self.owner.session.move_dns(self.index, delta).index)


class DnsStep(StepView):
    OFFERS = frozenset({"check"})

    def body(self) -> Iterable[Widget]:
        draft = self.session.draft
        yield Static("DNS servers, in the order they are asked:", classes="group-label")
        yield DnsList(self, id="dns-list")
        with Horizontal(classes="field-line"):
            yield Label("Add a server", classes="field-label")
            yield ListInput(placeholder="e.g. 192.168.1.2, 192.168.1.3", id="dns-add", compact=True)
        yield Static("", id="dns-message", classes="field-message", markup=False)
        yield Static(
            "Enter adds what you typed (several at once, separated by commas or spaces). In the list: "
            "Del removes the marked server, Shift+Up/Down moves it.",
            classes="field-help",
        )
        for path in ("Network.InternetDisabled", "Network.SkipDnsCheck"):
            yield FieldRow(path, value=draft.get(path))
        yield ProbePanel("dns", "DNS check (Ctrl+T runs it again)")

    def on_mount(self) -> None:
        self.query_one("#dns-add", Input).cursor_blink = getattr(self.app, "CURSOR_BLINK", True)
        self.values_changed()

    def values_changed(self) -> None:
        servers = self.session.dns_servers()
        listing = self.query_one("#dns-list", DnsList)
        index = listing.index
        listing.clear()
        for number, server in enumerate(servers, 1):
            listing.append(ListItem(Label(f"  {number}. {server}", markup=False)))
        if not servers:
            listing.append(ListItem(Label("(none yet: type one below)"), disabled=True))
        if servers:
            listing.index = min(index, len(servers) - 1) if index is not None else 0
        listing.mark()

    def select(self, index: int | None) -> None:
        if index is not None:
            listing = self.query_one("#dns-list", DnsList)
            listing.index = index
            listing.mark()

    @on(Input.Submitted, "#dns-add")
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.post_message(Advance(event.input))  # nothing typed: on to the next field
            return
        message = self.query_one("#dns-message", Static)
        change = self.session.add_dns(text)
        event.input.value = change.rest  # what was not an address stays, to be fixed, never dropped
        if change.problem:
            message.update(finding_line(change.problem))
            message.add_class("-error")
        else:
            message.update("")
            message.remove_class("-error")
        if change.index is not None:
            self.select(change.index)
        if change:
            self.post_message(RunChecks("dns"))

    def show_findings(self, findings: list[Finding]) -> None:
        super().show_findings(findings)
        mine = [f for f in findings if f.path == PATH or f.path.startswith(PATH + "[")]
        message = self.query_one("#dns-message", Static)
        if mine and (self.revealed or self.session.draft.get(PATH)):
            message.update("\n".join(finding_line(f) for f in mine[:3]))
            message.set_class(any(f.is_error for f in mine), "-error")
            message.set_class(not any(f.is_error for f in mine), "-warning")
        elif "-error" in message.classes and not self.query_one("#dns-add", Input).value:
            message.update("")
            message.remove_class("-error")
        elif not mine:
            message.update("")
            message.remove_class("-error", "-warning")

    def focus_first(self, path: str | None = None) -> None:
        if path and path.startswith(PATH + "["):
            listing = self.query_one("#dns-list", DnsList)
            listing.focus()
            listing.index = int(path[len(PATH) + 1 :].split("]")[0])
        elif path and path != PATH:
            super().focus_first(path)
        else:
            self.query_one("#dns-add", Input).focus(scroll_visible=False)

    def on_show_step(self) -> None:
        self.post_message(RunChecks("dns"))

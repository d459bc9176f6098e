"""Step 2 (scalable only): the physical adapter the external switch is bound to."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable, Static

from wizard.findings import Finding
from wizard.present import ERROR_MARK, finding_line
from wizard.session import ADAPTER_PATH as PATH

from .messages import Advance
from .widgets import PicksOnEnter, StepView


class AdapterTable(PicksOnEnter, DataTable[str]):
    """The adapters, a row each; Enter picks the highlighted one and moves on (PicksOnEnter: its cursor keys
    are priority)."""

    BINDINGS = [
        Binding("up", "cursor_up", "Cursor up", show=False, priority=True),
        Binding("down", "cursor_down", "Cursor down", show=False, priority=True),
        Binding("pageup", "page_up", "Page up", show=False, priority=True),
        Binding("pagedown", "page_down", "Page down", show=False, priority=True),
    ]

    def __init__(self, owner: AdapterStep, *, id: str) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.owner = owner

    def enter_pick(self) -> None:
        if self.row_count:
            self.owner.choose(str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value))


class AdapterStep(StepView):
    def body(self) -> Iterable[Widget]:
        facts = self.session.host
        if facts.problems:
            yield Static("\n".join(f"! {p}" for p in facts.problems), classes="field-message -warning")
        if not facts.adapters:
            yield Static(
                f"{ERROR_MARK} No physical network adapter found. A scalable cluster needs one; connect a "
                "wired adapter, or go back and choose a single machine.",
                classes="field-message -error",
            )
        yield AdapterTable(self, id="adapters")
        yield Static(
            "Enter picks the highlighted adapter. Wired and Up is best; Wi-Fi and disconnected adapters "
            "work badly with the external switch.",
            classes="field-help",
        )
        yield Static("", id="adapter-details", classes="field-help", markup=False)
        yield Static("", id="adapter-choice", classes="field-message", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#adapters", DataTable)
        table.add_columns("", "Name", "State", "Speed", "IPv4")
        chosen = self.session.draft.get(PATH)
        for adapter in self.session.host.adapters:
            mark = "●" if isinstance(chosen, str) and chosen.casefold() == adapter.name.casefold() else " "
            state = f"{adapter.status} (Wi-Fi)" if adapter.wifi else adapter.status
            table.add_row(mark, adapter.name, state, adapter.link_speed or "-", adapter.cidr or "-", key=adapter.name)
        names = [a.name.casefold() for a in self.session.host.adapters]
        if isinstance(chosen, str) and chosen.casefold() in names:
            table.move_cursor(row=names.index(chosen.casefold()))

    @on(DataTable.RowHighlighted, "#adapters")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        adapter = self.session.host.adapter(str(event.row_key.value))
        if adapter is None:
            return
        kind = "Wi-Fi" if adapter.wifi else "wired"
        self.query_one("#adapter-details", Static).update(
            f"{adapter.name}: {adapter.description or kind}, {kind}\nMAC {adapter.mac or '-'}, MTU "
            f"{adapter.mtu or '-'}, gateway {adapter.gateway or 'none'}"
        )

    @on(DataTable.RowSelected, "#adapters")
    def _clicked(self, event: DataTable.RowSelected) -> None:
        self.choose(str(event.row_key.value))
        self.post_message(Advance(event.data_table))  # a click picks and moves on, as Enter does

    def choose(self, name: str) -> None:
        self.session.choose_adapter(name)
        table = self.query_one("#adapters", DataTable)
        for row_key in list(table.rows):
            table.update_cell(row_key, table.ordered_columns[0].key, "●" if row_key.value == name else " ")

    def show_findings(self, findings: list[Finding]) -> None:
        chosen = self.session.draft.get(PATH)
        box = self.query_one("#adapter-choice", Static)
        lines = [f"Chosen: {chosen}" if chosen else "No adapter chosen yet."]
        lines += [finding_line(f) for f in findings if f.path == PATH and (chosen or self.revealed)]
        box.update("\n".join(lines))
        box.set_class(any(f.is_error for f in findings) and (bool(chosen) or self.revealed), "-error")
        box.set_class(not any(f.is_error for f in findings) and len(lines) > 1, "-warning")

    def focus_first(self, path: str | None = None) -> None:
        self.query_one("#adapters", DataTable).focus(scroll_visible=False)

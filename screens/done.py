"""After writing: where the file is, the backup, and the exact next commands to run on the edge box."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from wizard.store import WriteResult


class DoneView(VerticalScroll):
    DEFAULT_CLASSES = "step"

    def __init__(self, result: WriteResult, commands: list[str], *, can_plan: bool = False) -> None:
        super().__init__(id="step-done")
        self.result = result
        self.commands = commands
        self.can_plan = can_plan

    def compose(self) -> ComposeResult:
        path = self.result.path
        yield Static("Done", classes="step-title")
        if self.result.written:
            yield Static(f"✓ Written: {path}", classes="field-message -ok", markup=False)
        else:
            yield Static(
                f"✓ Nothing to write: {path} already holds this document.", classes="field-message -ok", markup=False
            )
        if self.result.backup:
            yield Static(f"The previous file is kept as {self.result.backup}", classes="field-help", markup=False)
        yield Static("Next, in an elevated PowerShell on this edge box:", classes="group-label")
        yield Static("\n".join(self.commands), id="next-commands", classes="code", markup=False)
        if self.can_plan:
            yield Static("P plans the next machines of this cluster. Q quits.", classes="field-help")
        else:
            yield Static("Press Q to quit.", classes="field-help")

"""The modal questions: yes/no, field help, a file that cannot be used, a pre-GA file to migrate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from wizard import store
from wizard.draft import Draft
from wizard.present import ERROR_MARK


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question. The answer that loses nothing (`keeps`, no unless said) has the focus, so Enter
    gives it, and Escape gives it too."""

    BINDINGS = [
        Binding("escape", "keep", "Cancel", id="confirm.no"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes", show=False),
        Binding("n", "answer(False)", "No", id="confirm.n", show=False),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No", *, keeps: bool = False) -> None:
        super().__init__()
        self.question, self.yes, self.no, self.keeps = question, yes, no, keeps

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="question", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(self.yes, id="yes", variant="warning", compact=True)
                yield Button(self.no, id="no", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#yes" if self.keeps else "#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_keep(self) -> None:
        self.dismiss(self.keeps)


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

    BINDINGS = [
        Binding("escape,q", "dismiss(False)", "Quit", id="broken.quit"),
        Binding("n", "dismiss(True)", "Start fresh", id="broken.fresh"),
    ]

    def __init__(self, path: Path, why: str) -> None:
        super().__init__()
        self.path, self.why = path, why

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(f"{ERROR_MARK} {self.path} cannot be used", classes="group-label -error", markup=False)
            yield Static(self.why, id="broken-why", markup=False)
            yield Static(
                "Quit and fix it in an editor, or start a new document (the broken file is only "
                "replaced when you write and confirm again).",
                classes="field-help",
            )
            with Horizontal(id="dialog-buttons"):
                yield Button("Start fresh", id="fresh", variant="warning", compact=True)
                yield Button("Quit", id="quit", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#quit", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "fresh")


class MigrateScreen(ModalScreen[dict[str, Any] | None]):
    """A pre-GA 1.1 file: show the mapping and the migrated document before anything changes."""

    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Quit", id="migrate.quit"),
        Binding("m", "migrate", "Migrate", id="migrate.go"),
    ]

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        from wizard.migrate import migrate_legacy

        self.migrated, self.mapping = migrate_legacy(draft.data)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="-wide"):
            yield Static(
                f"{ERROR_MARK} This file uses the pre-GA 1.1 layout, which current AKS Edge releases reject.",
                classes="group-label -error",
            )
            yield Static("Migrating moves each setting to its current place:", classes="field-help")
            lines = "\n".join(f"{old} → {new}" for old, new in self.mapping)
            with VerticalScroll(id="migrate-body"):
                yield Static(lines, id="migrate-mapping", markup=False)
                yield Static(
                    "The migrated document (nothing is written until you confirm on Review):", classes="group-label"
                )
                yield Static(
                    store.masked_text(json.dumps(self.migrated, indent=4), self.migrated),
                    id="migrate-json",
                    classes="code",
                    markup=False,
                )
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


class WriteElsewhereScreen(ModalScreen[tuple[str, str] | None]):
    """The file could not be written where asked: create its folder, or name another path. The answers
    stay in the session whatever is chosen; Escape goes back to Review."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Back to Review", id="elsewhere.back")]

    def __init__(self, why: str, path: Path, can_create: bool) -> None:
        super().__init__()
        self.why, self.path, self.can_create = why, path, can_create

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(f"{ERROR_MARK} Not written: {self.why}", classes="group-label -error", markup=False)
            yield Static("Your answers are kept. Write to this path instead (Enter):", classes="field-help")
            yield Input(str(self.path), id="elsewhere-path", compact=True)
            with Horizontal(id="dialog-buttons"):
                if self.can_create:
                    yield Button(f"Create {self.path.parent.name or self.path.parent}", id="create", compact=True)
                yield Button("Write there", id="elsewhere", variant="primary", compact=True)
                yield Button("Back", id="back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#create" if self.can_create else "#elsewhere-path").focus()

    @on(Input.Submitted, "#elsewhere-path")
    def _submitted(self) -> None:
        self._elsewhere()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.dismiss(("create", str(self.path)))
        elif event.button.id == "elsewhere":
            self._elsewhere()
        else:
            self.dismiss(None)

    def _elsewhere(self) -> None:
        text = self.query_one("#elsewhere-path", Input).value.strip()
        if text:
            self.dismiss(("path", text))

"""Step 8: every finding (errors first, each one key from its field), the EULA, what changes on disk, and the
file itself. Nothing is written before the user confirms here."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from wizard import store
from wizard.findings import Finding
from wizard.present import ERROR_MARK, OK_MARK, clipped, finding_entry, listed

from .messages import GoToField, WriteRequested
from .widgets import FieldRow, StepView


class ReviewStep(StepView):
    OFFERS = frozenset({"write"})
    diff_text = ""  # the unified diff on show (secrets masked)

    def body(self) -> Iterable[Widget]:
        draft = self.session.draft
        yield Static("", id="review-verdict", classes="group-label")
        yield OptionList(id="review-findings")
        yield Static("What changes on disk", classes="group-label")
        yield Static("", id="review-diff", classes="code")
        yield Static("Licence and telemetry (asked here, never assumed):", classes="group-label")
        for path in self.step.fields(draft):
            yield FieldRow(path, value=draft.get(path))
        yield Button(f"Write {self.session.config_path.name}", id="write", variant="primary", compact=True)
        yield Static("", id="write-reason", classes="field-message")
        yield Static(f"The file: {self.session.config_path}", classes="group-label")
        yield Static("", id="review-json", classes="code")

    def on_mount(self) -> None:
        self.values_changed()

    def values_changed(self) -> None:
        from rich.syntax import Syntax  # lazy: pygments is heavy and only Review needs it

        draft = self.session.draft
        theme = "ansi_light" if not self.app.current_theme.dark else "ansi_dark"
        text = clipped(store.masked_text(draft.to_json(), draft))
        self.query_one("#review-json", Static).update(Syntax(text, "json", theme=theme, word_wrap=True))
        diff = store.diff(self.session.disk_text, draft, self.session.config_path.name)
        self.diff_text = diff
        if self.session.disk_text is None:
            note = "The file does not exist yet: it will be created."
            self.query_one("#review-diff", Static).update(note)
        elif not diff:
            self.query_one("#review-diff", Static).update("Nothing: the document equals the file on disk.")
        else:
            self.query_one("#review-diff", Static).update(Syntax(clipped(diff), "diff", theme=theme, word_wrap=True))

    def show_findings(self, findings: list[Finding]) -> None:
        super().show_findings(findings)
        every = self.session.findings
        errors = [f for f in every if f.is_error]
        listing = self.query_one("#review-findings", OptionList)
        listing.clear_options()
        shown, more = listed(every)
        listing.add_options([Option(finding_entry(f), id=str(i)) for i, f in enumerate(shown)])
        if more:
            listing.add_option(Option(more, disabled=True))
        if not every:
            listing.add_option(Option(f"{OK_MARK} No findings: the file is ready to deploy.", disabled=True))
        else:
            listing.highlighted = 0
        warnings = len(every) - len(errors)
        verdict = self.query_one("#review-verdict", Static)
        verdict.update(
            f"{ERROR_MARK} {len(errors)} error(s) and {warnings} warning(s): Enter on one goes to its field"
            if errors
            else f"{OK_MARK} No errors" + (f", {warnings} warning(s)" if warnings else "")
        )
        verdict.set_class(bool(errors), "-error")
        button = self.query_one("#write", Button)
        button.disabled = bool(errors)
        reason = self.query_one("#write-reason", Static)
        reason.update(
            f"{ERROR_MARK} Writing is disabled until the errors above are fixed."
            if errors
            else "Ctrl+W or this button writes the file (atomically, keeping a .bak of the old one)."
        )
        reason.set_class(bool(errors), "-error")

    @on(OptionList.OptionSelected, "#review-findings")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.post_message(GoToField(self.session.findings[int(event.option.id)].path))

    @on(Button.Pressed, "#write")
    def _write(self, event: Button.Pressed) -> None:
        self.post_message(WriteRequested())

    def focus_first(self, path: str | None = None) -> None:
        if path:
            super().focus_first(path)
        else:
            self.query_one("#review-findings", OptionList).focus(scroll_visible=False)

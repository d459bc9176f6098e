"""Reconfigure: the file as it is, section by section with its findings; a number key opens a section and
every finding is one Enter from the field it names."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from wizard.findings import Finding
from wizard.present import OK_MARK, count_mark, finding_entry, listed
from wizard.steps import section_summary

from .messages import GoToField, GoToStep
from .widgets import StepView


class OverviewStep(StepView):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(n), f"open_section({n})", f"Section {n}", show=False, id=f"overview.section-{n}")
            for n in range(1, 8)
        ),
        Binding("r", "open_review", "Review", show=False, id="overview.review", tooltip="Go to Review"),
    ]

    def body(self) -> Iterable[Widget]:
        yield Static(f"{self.session.config_path}", classes="field-help", markup=False)
        yield Static("Sections (press a number to open one):", classes="group-label")
        yield OptionList(id="overview-sections")
        yield Static("", id="overview-verdict", classes="group-label")
        yield OptionList(id="overview-findings")

    def sections(self) -> list[str]:
        return [s.id for s in self.session.steps() if s.id not in ("overview", "review")]

    def show_findings(self, findings: list[Finding]) -> None:
        every = self.session.findings
        by_step = self.session.by_step()
        sections = self.query_one("#overview-sections", OptionList)
        highlighted = sections.highlighted
        sections.clear_options()
        for number, step_id in enumerate(self.sections(), 1):
            mark = count_mark(by_step.get(step_id, []), ok=OK_MARK)
            step = self.session.step_by_id(step_id)
            summary = section_summary(step_id, self.session.draft)
            sections.add_option(Option(f"{number} {step.title:<11}{mark:<4}{summary}", id=step_id))
        sections.highlighted = highlighted if highlighted is not None else 0
        listing = self.query_one("#overview-findings", OptionList)
        current = listing.highlighted
        listing.clear_options()
        shown, more = listed(every)
        listing.add_options([Option(finding_entry(f), id=str(i)) for i, f in enumerate(shown)])
        if more:
            listing.add_option(Option(more, disabled=True))
        if every:
            listing.highlighted = min(current, len(shown) - 1) if current is not None else 0
        errors = sum(f.is_error for f in every)
        verdict = self.query_one("#overview-verdict", Static)
        if every:
            verdict.update(
                f"What the product would say about this file: {errors} error(s), "
                f"{len(every) - errors} warning(s) (Enter goes to the field)"
            )
        else:
            verdict.update(f"{OK_MARK} The file has no findings.")
        verdict.set_class(bool(errors), "-error")

    @on(OptionList.OptionSelected, "#overview-sections")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(GoToStep(event.option.id))

    @on(OptionList.OptionSelected, "#overview-findings")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.post_message(GoToField(self.session.findings[int(event.option.id)].path))

    def action_open_section(self, number: int) -> None:
        sections = self.sections()
        if 1 <= number <= len(sections):
            self.post_message(GoToStep(sections[number - 1]))

    def action_open_review(self) -> None:
        self.post_message(GoToStep("review"))

    def focus_first(self, path: str | None = None) -> None:
        findings = self.query_one("#overview-findings", OptionList)
        (findings if self.session.findings else self.query_one("#overview-sections", OptionList)).focus(
            scroll_visible=False
        )

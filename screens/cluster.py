"""Joining a machine, step 1: the cluster as the join file describes it. Read-only: these values come from
the control-plane machine, and a wrong one means making the join file again there."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from wizard.findings import Finding
from wizard.present import OK_MARK, finding_entry, listed
from wizard.steps import cluster_summary

from .messages import NextRequested
from .widgets import StepView


class ClusterStep(StepView, can_focus=True):  # read-only: the step itself takes focus (scroll, Enter)
    def body(self) -> Iterable[Widget]:
        yield Static(f"Join file: {self.session.config_path}", classes="field-help", markup=False)
        width = max(len(label) for label, _ in cluster_summary(self.session.draft))
        text = "\n".join(f"{label:<{width}}  {value}" for label, value in cluster_summary(self.session.draft))
        yield Static(text, id="cluster-summary", classes="code", markup=False)
        yield Static(
            "Next: this machine's adapter, node address(es) and sizes. To change the cluster's values, make a "
            "new join file on the control-plane machine (New-AksEdgeScaleConfig).",
            classes="field-help",
        )
        yield Static("", id="cluster-verdict", classes="group-label")
        yield OptionList(id="cluster-findings")

    def show_findings(self, findings: list[Finding]) -> None:
        listing = self.query_one("#cluster-findings", OptionList)
        listing.clear_options()
        shown, more = listed(findings)
        listing.add_options([Option(finding_entry(f)) for f in shown] + ([Option(more, disabled=True)] if more else []))
        listing.display = bool(findings)
        errors = sum(f.is_error for f in findings)
        verdict = self.query_one("#cluster-verdict", Static)
        if errors:
            verdict.update(f"The join file has {errors} error(s) here; make it again on the control-plane machine:")
        elif findings:
            verdict.update("Worth a look:")
        else:
            verdict.update(f"{OK_MARK} The cluster's values look right. Enter goes on.")
        verdict.set_class(bool(errors), "-error")

    @on(OptionList.OptionSelected, "#cluster-findings")
    def _selected(self) -> None:
        self.post_message(NextRequested())

    def focus_first(self, path: str | None = None) -> None:
        self.focus(scroll_visible=False)

    def key_enter(self) -> None:
        self.post_message(NextRequested())

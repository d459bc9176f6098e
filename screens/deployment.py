"""Step 1: single machine or scalable cluster, which nodes, which Kubernetes distribution, schema version."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import Static

from wizard.fields import SC, SM
from wizard.findings import Finding
from wizard.present import finding_line
from wizard.template import node_types

from .messages import DeploymentTypeChosen, NodesChosen
from .widgets import ChoiceList, FieldRow, StepView

TYPES = (
    (SM, "Single machine (internal switch, automatic IPs)"),
    (SC, "Scalable cluster (external switch, static IPs)"),
)
NODES = (("Linux", "Linux node"), ("LinuxAndWindows", "Linux and Windows nodes"), ("Windows", "Windows node only"))
PLUGINS = (("flannel", "K3s (network plugin flannel)"), ("calico", "K8s (network plugin calico)"))


class DeploymentStep(StepView):
    def body(self) -> Iterable[Widget]:
        draft = self.session.draft
        kind = draft.get("DeploymentType")
        yield Static(
            "What kind of deployment? A scalable cluster binds a physical adapter and can grow to more machines later.",
            classes="group-label",
        )
        yield ChoiceList(TYPES, kind, id="deployment-type")
        nodes = node_types(draft)
        yield Static("Which nodes on this machine?", classes="group-label")
        yield ChoiceList(NODES, nodes, id="node-types")
        plugin = draft.get("Network.NetworkPlugin") or "flannel"
        yield Static("Which Kubernetes distribution (the MSI you install)?", classes="group-label")
        yield ChoiceList(PLUGINS, plugin, id="distribution")
        yield FieldRow("SchemaVersion", value=draft.get("SchemaVersion"))
        yield Static("", id="deployment-findings", classes="field-message")

    @on(ChoiceList.Changed, "#deployment-type")
    def _type(self, event: ChoiceList.Changed) -> None:
        self.post_message(DeploymentTypeChosen(event.picked))

    @on(ChoiceList.Changed, "#node-types")
    def _nodes_chosen(self, event: ChoiceList.Changed) -> None:
        self.post_message(NodesChosen(event.picked))

    @on(ChoiceList.Changed, "#distribution")
    def _plugin(self, event: ChoiceList.Changed) -> None:
        self.session.set_value("Network.NetworkPlugin", event.picked)

    def show_findings(self, findings: list[Finding]) -> None:
        super().show_findings(findings)
        rest = [f for f in findings if f.path != "SchemaVersion"]
        box = self.query_one("#deployment-findings", Static)
        box.update("\n".join(finding_line(f) for f in rest[:3]))
        box.set_class(any(f.is_error for f in findings), "-error")

    def values_changed(self) -> None:
        """Put the choices back to what the document says (e.g. after a change was declined)."""
        draft = self.session.draft
        self.query_one("#deployment-type", ChoiceList).show_picked(draft.get("DeploymentType"))
        self.query_one("#node-types", ChoiceList).show_picked(node_types(draft))

    def focus_first(self, path: str | None = None) -> None:
        if path == "SchemaVersion":
            super().focus_first(path)
        else:
            self.query_one("#deployment-type", ChoiceList).focus(scroll_visible=False)

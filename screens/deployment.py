"""Step 1: single machine or scalable cluster, which nodes, which Kubernetes distribution, schema version."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget
from textual.widgets import RadioButton, RadioSet, Static

from wizard.fields import SC, SM
from wizard.findings import Finding
from wizard.present import finding_line
from wizard.template import node_types

from .messages import DeploymentTypeChosen, NodesChosen
from .widgets import Choice, Choices, FieldRow, StepView

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
        yield Choices(*(Choice(text, value=kind == key, name=key) for key, text in TYPES), id="deployment-type")
        nodes = node_types(draft)
        yield Static("Which nodes on this machine?", classes="group-label")
        yield Choices(*(Choice(text, value=nodes == key, name=key) for key, text in NODES), id="node-types")
        plugin = draft.get("Network.NetworkPlugin") or "flannel"
        yield Static("Which Kubernetes distribution (the MSI you install)?", classes="group-label")
        yield Choices(*(Choice(text, value=plugin == key, name=key) for key, text in PLUGINS), id="distribution")
        yield FieldRow("SchemaVersion", value=draft.get("SchemaVersion"))
        yield Static("", id="deployment-findings", classes="field-message")

    def on_mount(self) -> None:
        self._highlight_choices()

    def _highlight_choices(self) -> None:
        # Start each set's keyboard highlight on its current choice, so Up/Down move from what is chosen.
        if not self.is_attached:
            return  # the step was swapped out meanwhile
        for radio in self.query(RadioSet):
            buttons = list(radio.query(RadioButton))
            pressed = next((i for i, b in enumerate(buttons) if b.value), None)
            if pressed is not None:  # the buttons may not all be mounted yet on a quick swap
                radio._selected = pressed  # no public setter in Textual for the highlight

    @on(RadioSet.Changed, "#deployment-type")
    def _type(self, event: RadioSet.Changed) -> None:
        self.post_message(DeploymentTypeChosen(event.pressed.name or SM))

    @on(RadioSet.Changed, "#node-types")
    def _nodes_chosen(self, event: RadioSet.Changed) -> None:
        self.post_message(NodesChosen(event.pressed.name or "Linux"))

    @on(RadioSet.Changed, "#distribution")
    def _plugin(self, event: RadioSet.Changed) -> None:
        self.session.set_value("Network.NetworkPlugin", event.pressed.name)

    def show_findings(self, findings: list[Finding]) -> None:
        super().show_findings(findings)
        rest = [f for f in findings if f.path != "SchemaVersion"]
        box = self.query_one("#deployment-findings", Static)
        box.update("\n".join(finding_line(f) for f in rest[:3]))
        box.set_class(any(f.is_error for f in findings), "-error")

    def values_changed(self) -> None:
        """Put the radio sets back to what the document says (e.g. after a change was declined)."""
        draft = self.session.draft
        for set_id, current in (("deployment-type", draft.get("DeploymentType")), ("node-types", node_types(draft))):
            radio = self.query_one(f"#{set_id}", RadioSet)
            wrong = [b for b in radio.query(RadioButton) if b.value != (b.name == current)]
            if not wrong:
                continue
            for button in wrong:
                with button.prevent(RadioButton.Changed):
                    button.value = button.name == current
            radio._pressed_button = next((b for b in radio.query(RadioButton) if b.value), None)
            self.call_after_refresh(self._highlight_choices)

    def focus_first(self, path: str | None = None) -> None:
        if path == "SchemaVersion":
            super().focus_first(path)
        else:
            self.query_one("#deployment-type", RadioSet).focus(scroll_visible=False)

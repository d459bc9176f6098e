"""Plan the next machines of a scalable cluster (reached from Done and from the reconfigure overview): how
many machines, which nodes, how many extra control planes; the addresses and the commands, in order, as
`aksedge-wizard plan` prints them. Also the AddNode case: a Windows node beside the first machine's Linux."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, RadioSet, Static

from wizard import plan
from wizard.draft import Draft
from wizard.present import ERROR_MARK

from .widgets import Choice

NODE_CHOICES: tuple[tuple[plan.NodeChoice, str], ...] = (
    ("linux", "Linux"),
    ("windows", "Windows"),
    ("linuxandwindows", "Linux and Windows"),
)


class PlanScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close", id="plan.close")]

    def __init__(self, draft: Draft, folder: str) -> None:
        super().__init__()
        self.draft, self.folder = draft, folder
        self.text = ""  # the plan (or why not) on show

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="-wide"):
            yield Static("Plan the next machines", classes="step-title")
            with Horizontal(classes="plan-inputs"):
                yield Static("Machines to add", classes="plan-label")
                yield Input("2", id="plan-machines", type="integer", compact=True, classes="plan-number")
                yield Static("Extra control planes", classes="plan-label")
                yield Input("0", id="plan-control-planes", type="integer", compact=True, classes="plan-number")
            with RadioSet(id="plan-nodes"):
                for value, label in NODE_CHOICES:
                    yield Choice(label, value=value == "linux", id=f"plan-{value}")
            with VerticalScroll(id="plan-body"):
                yield Static("", id="plan-text", classes="code", markup=False)
            yield Static("Tab moves; the plan follows what you type. Escape closes.", classes="field-help")

    def on_mount(self) -> None:
        self.query_one("#plan-machines", Input).focus()
        self.replan()

    @on(Input.Changed)
    @on(RadioSet.Changed)
    def replan(self) -> None:
        machines = _number(self.query_one("#plan-machines", Input).value)
        control_planes = _number(self.query_one("#plan-control-planes", Input).value)
        pressed = self.query_one("#plan-nodes", RadioSet).pressed_index
        nodes = NODE_CHOICES[max(pressed, 0)][0]
        parts = []
        try:
            if machines is None or control_planes is None:
                raise plan.PlanError("type whole numbers: how many machines, and how many extra control planes")
            parts.append(plan.as_text(plan.plan(self.draft, machines, nodes, control_planes, self.folder)))
        except plan.PlanError as exc:
            parts.append(f"{ERROR_MARK} {exc}")
        try:
            parts.append("Or: " + plan.add_node_text(plan.plan_add_node(self.draft, self.folder)))
        except plan.PlanError:
            pass  # the first machine already has a Windows node: nothing to add beside it
        self.text = "\n\n".join(parts)
        self.query_one("#plan-text", Static).update(self.text)


def _number(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None

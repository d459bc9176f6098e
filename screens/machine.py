"""Step 6: CPU, memory, data and log disk, MAC per node (empty, typed, or generated) and the MTU."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Static

from .widgets import FieldRow, StepView


class MachineStep(StepView):
    OFFERS = frozenset({"generate"})

    def body(self) -> Iterable[Widget]:
        facts = self.session.host
        cpu = f"{facts.cpu_count} CPUs" if facts.cpu_count else "CPUs unknown"
        memory = f"{facts.memory_mb} MB memory" if facts.memory_mb else "memory unknown"
        yield Static(
            f"This host: {cpu}, {memory}. All nodes together may use at most 16 vCPUs.",
            id="host-capacity",
            classes="field-help",
        )
        yield from super().body()
        yield Static(
            "MAC empty = the product generates one. Ctrl+G in a MAC field generates a locally administered one.",
            classes="field-help",
        )

    def mac_target(self) -> FieldRow | None:
        """Where Ctrl+G puts a generated MAC: the focused MAC field, else the first empty one."""
        rows = [r for r in self.rows() if r.spec.kind == "mac"]
        focused = next((r for r in rows if r.control.has_focus), None)
        return focused or next((r for r in rows if not r.text()), None)

    def put_mac(self, target: FieldRow, mac: str) -> None:
        target.set_text(mac)

"""Step 6: CPU, memory, data and log disk, MAC per node (empty, typed, or generated) and the MTU."""

from __future__ import annotations

from typing import Iterable

from textual.widget import Widget
from textual.widgets import Static

from .widgets import StepView


class MachineStep(StepView):
    def body(self) -> Iterable[Widget]:
        facts = self.wizard.host
        cpu = f"{facts.cpu_count} CPUs" if facts.cpu_count else "CPUs unknown"
        memory = f"{facts.memory_mb} MB memory" if facts.memory_mb else "memory unknown"
        yield Static(f"This host: {cpu}, {memory}. All nodes together may use at most 16 vCPUs.",
                     id="host-capacity", classes="field-help")
        yield from super().body()
        yield Static("MAC empty = the product generates one. Ctrl+G in a MAC field generates a locally "
                     "administered one.", classes="field-help")

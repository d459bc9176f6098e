"""Step 7 (optional): Azure Arc. Leave it empty to connect later with Connect-AksEdgeArc."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Static

from .widgets import StepView


class ArcStep(StepView):
    OFFERS = frozenset({"arc_later"})

    def body(self) -> Iterable[Widget]:
        yield Static(
            "Optional. Leave every field empty to connect the cluster to Azure Arc later "
            "(Ctrl+L clears them). Releases from 1.11.230.0 refuse to deploy without Arc unless offline.",
            classes="field-help",
        )
        yield from super().body()

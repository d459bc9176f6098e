"""Step 3: the node addresses, subnet, gateway, control-plane endpoint and service range (scalable), or the
service range size and optional internal subnet (single machine)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Static

from wizard.rules import Doc
from wizard.steps import is_scalable
from wizard.values import split_prefix

from .widgets import ProbePanel, StepView


class AddressingStep(StepView):
    def offers(self) -> frozenset[str]:
        # Suggestions come from the subnet, which only a scalable cluster gives.
        if not is_scalable(self.session.draft):
            return frozenset({"check"})
        slashed = any(split_prefix(self.session.draft.get(row.path)) for row in self.rows())
        return frozenset({"check", "generate", "split_prefix"} if slashed else {"check", "generate"})

    def summary(self) -> str:
        if self.session.joining:
            subnet = Doc(self.session.draft.canonical()).subnet
            return f"This machine's node address(es), inside the cluster's subnet {subnet or '(unknown)'}"
        return super().summary()

    def body(self) -> Iterable[Widget]:
        yield from super().body()
        if is_scalable(self.session.draft):
            adapter = self.session.chosen_adapter()
            if adapter and adapter.cidr:
                yield Static(
                    f"Adapter {adapter.name} now has {adapter.cidr}, gateway {adapter.gateway or 'none'}.",
                    classes="field-help",
                )
            yield Static(
                "Ctrl+G suggests free-looking addresses for the empty fields; Ctrl+T checks that the "
                "addresses are not in use."
                + (
                    " The gateway, control plane and DNS are the cluster's: see step 1." if self.session.joining else ""
                ),
                classes="field-help",
            )
            yield ProbePanel("address", "Address check")
        else:
            yield Static(
                "A single machine uses an internal switch: the node addresses are chosen automatically "
                "(gateway .1, Linux .2, Windows .3, services from .4 of the internal /24).",
                classes="field-help",
            )

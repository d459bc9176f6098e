"""Step 5: HTTP and HTTPS proxy, the no-proxy list with the cluster's ranges one key away, the proxy check."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Static

from .messages import RunChecks
from .widgets import FieldRow, ProbePanel, StepView


class ProxyStep(StepView):
    OFFERS = frozenset({"check", "no_proxy_ranges"})

    def body(self) -> Iterable[Widget]:
        draft = self.session.draft
        yield Static("Leave both proxies empty for a direct internet connection.", classes="field-help")
        for path in self.step.fields(draft):
            value = draft.get(path)
            yield FieldRow(path, value=value, password=path != "Network.Proxy.No" and _has_password(value))
        yield Static(
            "Ctrl+R adds the cluster's internal ranges and the node subnet to the no-proxy list.", classes="field-help"
        )
        yield ProbePanel("proxy", "Proxy check (Ctrl+T runs it again)")

    def on_show_step(self) -> None:
        self.post_message(RunChecks("proxy"))


def _has_password(value: object) -> bool:
    from wizard.values import has_credentials

    return has_credentials(value)

"""The wizard's steps as data: which fields each shows for a given document, whether it applies, and which
findings belong to it. Screens render this; tests and the reconfigure overview read it without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .draft import Draft
from .fields import ARC_KEYS, SC
from .findings import Finding

StepId = str


def is_scalable(draft: Draft) -> bool:
    value = draft.get("DeploymentType")
    return isinstance(value, str) and value.casefold() == SC.casefold()


def has_node(draft: Draft, kind: str) -> bool:
    return isinstance(draft.get(f"Machines[0].{kind}Node"), dict)


@dataclass(frozen=True)
class Step:
    id: StepId
    title: str
    summary: str  # one line on what the step is for
    fields: Callable[[Draft], list[str]]  # the concrete paths it edits
    prefixes: tuple[str, ...] = ()  # findings under these paths belong here too
    applies: Callable[[Draft], bool] = lambda d: True
    exact: tuple[str, ...] = ()  # findings on exactly these paths belong here too

    def owns(self, path: str, draft: Draft) -> bool:
        if path in self.fields(draft) or path in self.exact:
            return True
        return any(path == p or path.startswith((p + ".", p + "[")) for p in self.prefixes)


def _addressing(d: Draft) -> list[str]:
    if not is_scalable(d):
        return ["Init.ServiceIPRangeSize", "Network.Ip4AddressPrefix"]
    paths = ["Machines[0].LinuxNode.Ip4Address"] if has_node(d, "Linux") else []
    if has_node(d, "Windows"):
        paths.append("Machines[0].WindowsNode.Ip4Address")
    return paths + [
        "Network.Ip4PrefixLength",
        "Network.Ip4GatewayAddress",
        "Network.ControlPlaneEndpointIp",
        "Init.ServiceIPRangeStart",
        "Init.ServiceIPRangeSize",
    ]


def _machine(d: Draft) -> list[str]:
    paths = []
    if has_node(d, "Linux"):
        paths += [
            f"Machines[0].LinuxNode.{k}"
            for k in ("CpuCount", "MemoryInMB", "DataSizeInGB", "LogSizeInGB", "MacAddress")
        ]
    if has_node(d, "Windows"):
        paths += [f"Machines[0].WindowsNode.{k}" for k in ("CpuCount", "MemoryInMB", "MacAddress")]
    return paths + ["Machines[0].NetworkConnection.Mtu"]


STEPS: tuple[Step, ...] = (
    Step(
        "deployment",
        "Deployment",
        "Single machine or scalable cluster, which nodes, which Kubernetes",
        lambda d: ["DeploymentType", "Network.NetworkPlugin", "SchemaVersion"],
        exact=(
            "Version",
            "Machines",
            "Machines[0]",
            "Machines[0].LinuxNode",
            "Machines[0].WindowsNode",
            "Machines[0].LinuxNode.ControlPlane",
        ),
    ),
    Step(
        "adapter",
        "Adapter",
        "The physical network adapter the external switch uses",
        lambda d: ["Machines[0].NetworkConnection.AdapterName"],
        applies=is_scalable,
    ),
    Step(
        "addressing",
        "Addressing",
        "Node addresses, subnet, gateway, control plane, service IPs",
        _addressing,
        ("Machines[0].LinuxNode.Ip4Address", "Machines[0].WindowsNode.Ip4Address"),
    ),
    Step(
        "dns",
        "DNS",
        "DNS servers, offline mode and the DNS check",
        lambda d: ["Network.DnsServers", "Network.InternetDisabled", "Network.SkipDnsCheck"],
        ("Network.DnsServers",),
    ),
    Step(
        "proxy",
        "Proxy",
        "HTTP and HTTPS proxy and the no-proxy list",
        lambda d: ["Network.Proxy.Http", "Network.Proxy.Https", "Network.Proxy.No"],
        ("Network.Proxy",),
    ),
    Step(
        "machine",
        "Machine",
        "CPU, memory, disks, MAC addresses and MTU of the nodes",
        _machine,
        ("Machines[0].LinuxNode", "Machines[0].WindowsNode", "Machines[0].NetworkConnection.Mtu"),
    ),
    Step(
        "arc",
        "Arc",
        "Azure Arc connection (optional: connect later)",
        lambda d: [f"Arc.{k}" for k in ARC_KEYS],
        ("Arc",),
    ),
    Step(
        "review",
        "Review",
        "Findings, the file to be written and what changes",
        lambda d: ["User.AcceptEula", "User.AcceptOptionalTelemetry"],
        ("User",),
    ),
)
BY_ID = {step.id: step for step in STEPS}


def active_steps(draft: Draft) -> list[Step]:
    return [s for s in STEPS if s.applies(draft)]


def step_of(path: str, draft: Draft) -> Step:
    """The step where a finding's path is fixed; anything unplaced is shown on Review."""
    for step in active_steps(draft):
        if step.id != "review" and step.owns(path, draft):
            return step
    return BY_ID["review"]


def findings_by_step(findings: list[Finding], draft: Draft) -> dict[StepId, list[Finding]]:
    out: dict[StepId, list[Finding]] = {s.id: [] for s in STEPS}
    for finding in findings:
        out[step_of(finding.path, draft).id].append(finding)
    return out


OVERVIEW = Step(
    "overview", "Overview", "The file as it is: every section, its findings; a number key opens one", lambda d: []
)


def _show(value: object) -> str:
    if value in (None, "", []):
        return "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def section_summary(step_id: StepId, draft: Draft) -> str:
    """One line of the current values of a section, for the reconfigure overview."""
    get = draft.get
    if step_id == "deployment":
        kind = "scalable cluster" if is_scalable(draft) else "single machine"
        nodes = " + ".join(k for k in ("Linux", "Windows") if has_node(draft, k)) or "no node"
        plugin = get("Network.NetworkPlugin") or "flannel"
        dist = {"flannel": "K3s", "calico": "K8s"}.get(str(plugin).lower(), str(plugin))
        return f"{kind}, {nodes}, {dist}, schema {_show(get('SchemaVersion'))}"
    if step_id == "adapter":
        return f"adapter {_show(get('Machines[0].NetworkConnection.AdapterName'))}"
    if step_id == "addressing":
        if not is_scalable(draft):
            prefix = get("Network.Ip4AddressPrefix")
            return f"{_show(get('Init.ServiceIPRangeSize'))} service IPs, internal subnet {_show(prefix) if prefix else 'automatic'}"
        nodes = ", ".join(
            _show(get(f"Machines[0].{k}Node.Ip4Address")) for k in ("Linux", "Windows") if has_node(draft, k)
        )
        return (
            f"nodes {nodes}; gateway {_show(get('Network.Ip4GatewayAddress'))}/"
            f"{_show(get('Network.Ip4PrefixLength'))}; control plane {_show(get('Network.ControlPlaneEndpointIp'))}; "
            f"services {_show(get('Init.ServiceIPRangeStart'))} +{_show(get('Init.ServiceIPRangeSize'))}"
        )
    if step_id == "dns":
        offline = " (offline)" if get("Network.InternetDisabled") is True else ""
        return f"{_show(get('Network.DnsServers'))}{offline}"
    if step_id == "proxy":
        from .values import mask_url

        http, https = get("Network.Proxy.Http"), get("Network.Proxy.Https")
        if not http and not https:
            return "no proxy"
        return f"http {mask_url(http) if http else '–'}, https {mask_url(https) if https else '–'}"
    if step_id == "machine":
        parts = []
        for kind in ("Linux", "Windows"):
            if has_node(draft, kind):
                parts.append(
                    f"{kind} {_show(get(f'Machines[0].{kind}Node.CpuCount'))} CPU "
                    f"{_show(get(f'Machines[0].{kind}Node.MemoryInMB'))} MB"
                )
        return "; ".join(parts) or "no node"
    if step_id == "arc":
        name = get("Arc.ClusterName")
        return f"cluster {name} in {_show(get('Arc.Location'))}" if name else "not connected (connect later)"
    return ""

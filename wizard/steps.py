"""The wizard's steps as data: which fields each shows for a given document, whether it applies, and which
findings belong to it. Screens render this; tests and the reconfigure overview read it without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from .draft import Draft
from .fields import ARC_KEYS, PLACEHOLDER, SC
from .findings import Finding

StepId = str


def is_scalable(draft: Draft) -> bool:
    value = draft.get("DeploymentType")
    return isinstance(value, str) and value.casefold() == SC.casefold()


def is_joining(draft: Draft) -> bool:
    """A populated Join section: the file joins this machine to an existing cluster (New-AksEdgeScaleConfig)."""
    join = draft.get("Join")
    return isinstance(join, dict) and any(v not in (None, "", [], {}, False) for v in join.values())


def not_joining(draft: Draft) -> bool:
    return not is_joining(draft)


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

    def owns(self, path: str, draft: Draft, fields: Collection[str] | None = None) -> bool:
        """`fields`: this step's fields for `draft`, when the caller has them (they are asked per finding)."""
        if path in (self.fields(draft) if fields is None else fields) or path in self.exact:
            return True
        return any(path == p or path.startswith((p + ".", p + "[")) for p in self.prefixes)


def _node_addresses(d: Draft) -> list[str]:
    return [f"Machines[0].{k}Node.Ip4Address" for k in ("Linux", "Windows") if has_node(d, k)]


def _addressing(d: Draft) -> list[str]:
    if is_joining(d):
        return _node_addresses(d)  # the subnet, gateway and endpoint are the cluster's (step "cluster")
    if not is_scalable(d):
        return ["Init.ServiceIPRangeSize", "Network.Ip4AddressPrefix"]
    return _node_addresses(d) + [
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


# What a join file brings from the cluster: shown read-only; a wrong value needs a new join file.
CLUSTER_PATHS = (
    "Join",
    "DeploymentType",
    "SchemaVersion",
    "Version",
    "Network.NetworkPlugin",
    "Network.ControlPlaneEndpointIp",
    "Network.Ip4GatewayAddress",
    "Network.Ip4PrefixLength",
    "Network.DnsServers",
    "Network.InternetDisabled",
    "Network.SkipDnsCheck",
    "Network.Proxy",
    "Init",
    "Arc",
)

STEPS: tuple[Step, ...] = (
    Step(
        "cluster",
        "Cluster",
        "The cluster this machine joins, from the join file (read-only)",
        lambda d: [],
        CLUSTER_PATHS,
        applies=is_joining,
        exact=("Machines", "Machines[0]", "Machines[0].LinuxNode.ControlPlane"),
    ),
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
        applies=not_joining,
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
        applies=not_joining,
    ),
    Step(
        "proxy",
        "Proxy",
        "HTTP and HTTPS proxy and the no-proxy list",
        lambda d: ["Network.Proxy.Http", "Network.Proxy.Https", "Network.Proxy.No"],
        ("Network.Proxy",),
        applies=not_joining,
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
        applies=not_joining,
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


def step_of(path: str, draft: Draft, active: list[Step] | None = None) -> Step:
    """The step where a finding's path is fixed; anything unplaced is shown on Review."""
    for step in active_steps(draft) if active is None else active:
        if step.id != "review" and step.owns(path, draft):
            return step
    return BY_ID["review"]


def findings_by_step(findings: list[Finding], draft: Draft) -> dict[StepId, list[Finding]]:
    out: dict[StepId, list[Finding]] = {s.id: [] for s in STEPS}
    # Each step's fields once per judgement, not once per finding (this runs on every key).
    owned = [(step, set(step.fields(draft))) for step in active_steps(draft) if step.id != "review"]
    for finding in findings:
        place = next((step for step, names in owned if step.owns(finding.path, draft, names)), BY_ID["review"])
        out[place.id].append(finding)
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


def join_role(draft: Draft) -> str:
    """What a join file adds: an extra control plane, a worker, or only a Windows node."""
    linux = draft.get("Machines[0].LinuxNode")
    if isinstance(linux, dict):
        return "extra control-plane node" if linux.get("ControlPlane") is True else "Linux worker node"
    return "Windows node" if has_node(draft, "Windows") else "no node"


def _secret_state(value: object) -> str:
    if value in (None, ""):
        return "missing"
    if isinstance(value, str) and PLACEHOLDER.match(value.strip()):
        return "still a template"
    return "present (hidden)"


def cluster_summary(draft: Draft) -> list[tuple[str, str]]:
    """The cluster a join file joins, as label/value lines; secrets only say whether they are there."""
    from .values import mask_url

    get = draft.get
    plugin = str(get("Network.NetworkPlugin") or "flannel")
    dist = {"flannel": "K3s (flannel)", "calico": "K8s (calico)"}.get(plugin.lower(), plugin)
    gateway, prefix = get("Network.Ip4GatewayAddress"), get("Network.Ip4PrefixLength")
    offline = get("Network.InternetDisabled") is True
    http, https = get("Network.Proxy.Http"), get("Network.Proxy.Https")
    proxy = (
        f"http {mask_url(http) if isinstance(http, str) and http else '–'}, "
        f"https {mask_url(https) if isinstance(https, str) and https else '–'}"
        if http or https
        else "none"
    )
    lines = [
        ("Kubernetes", dist),
        ("This machine adds", join_role(draft)),
        ("Control plane", _show(get("Network.ControlPlaneEndpointIp"))),
        ("Node subnet", f"gateway {_show(gateway)}, prefix /{_show(prefix)}"),
        ("DNS servers", _show(get("Network.DnsServers")) + (" (offline cluster)" if offline else "")),
        ("Proxy", proxy),
        ("Cluster id", _show(get("Join.ClusterId"))),
        ("Join token", _secret_state(get("Join.ClusterJoinToken"))),
    ]
    if plugin.lower() == "calico":
        lines.append(("Discovery hash", _show(get("Join.DiscoveryTokenHash"))))
    if get("Join.CertificateKey") not in (None, ""):
        lines.append(("Certificate key", _secret_state(get("Join.CertificateKey"))))
    return lines

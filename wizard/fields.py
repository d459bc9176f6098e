"""The field catalogue: for every key of the document, its label, help, example, kind, default, limits,
which deployment types and nodes it applies to, and the schema version that introduced it.

The TUI, the answers file, `explain`, the exported JSON Schema and the per-field rules all read this table;
nothing else repeats a label, a limit or a default.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from . import values

# Values New-AksEdgeScaleConfig writes for what the new machine must fill in: "Ethernet-Null", "...-null".
PLACEHOLDER = re.compile(r"^[A-Za-z0-9]+-null$", re.IGNORECASE)
KNOWN_SCHEMA_VERSIONS: tuple[str, ...] = ("1.5", "1.6", "1.8", "1.9", "1.13", "1.14", "1.15", "1.16")
NEWEST_SCHEMA_VERSION = KNOWN_SCHEMA_VERSIONS[-1]

SM = "SingleMachineCluster"
SC = "ScalableCluster"
BOTH = frozenset({SM, SC})
ONLY_SC = frozenset({SC})
ONLY_SM = frozenset({SM})
# The Arc section's values, in the order the product's samples give them.
ARC_KEYS = ("ClusterName", "Location", "ResourceGroupName", "SubscriptionId", "TenantId", "ClientId", "ClientSecret")

Kind = Literal[
    "ipv4",
    "ipv4-list",
    "cidr24",
    "int",
    "bool",
    "str",
    "choice",
    "mac",
    "guid",
    "http-url",
    "https-url",
    "no-proxy",
    "version",
]


@dataclass(frozen=True)
class FieldSpec:
    path: str  # pattern; [*] stands for any index: Machines[*].LinuxNode.CpuCount
    label: str
    help: str
    kind: Kind
    example: str = ""
    default: Any = None  # what the wizard offers in a new document (None = leave the key out)
    minimum: int | None = None
    maximum: int | None = None
    even: bool = False
    choices: tuple[str, ...] = ()
    modes: frozenset[str] = BOTH  # deployment types where a value may be given
    required_in: frozenset[str] = frozenset()  # deployment types that need a value
    node: Literal["Linux", "Windows"] | None = None  # only inside that node's section
    since: str = "1.5"
    secret: bool = False
    zero_ok: bool = False  # 0 means "product default" and is exempt from the range

    @property
    def pattern(self) -> re.Pattern[str]:
        return _pattern(self.path)

    def check(self, value: Any) -> values.Problem | None:
        """The problem with one value of this field on its own, if any (types are checked by the model)."""
        return _check(self, value)

    def parse(self, text: str) -> Any:
        """Text typed by a person (or an answers file scalar) -> the JSON value. Raises ValueError."""
        return _parse(self, text)


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern(path: str) -> re.Pattern[str]:
    if path not in _PATTERNS:
        _PATTERNS[path] = re.compile("^" + re.escape(path).replace(r"\[\*\]", r"\[\d+\]") + "$", re.IGNORECASE)
    return _PATTERNS[path]


_M = "Machines[*]"
_L = f"{_M}.LinuxNode"
_W = f"{_M}.WindowsNode"

CATALOGUE: tuple[FieldSpec, ...] = (
    # Root
    FieldSpec(
        "SchemaVersion",
        "Schema version",
        "Layout version of your AKS Edge module: 1.16 (newest), 1.15 (1.10-1.11), 1.14 (1.8-1.9), 1.13, 1.9, "
        "1.8, 1.6 or 1.5.",
        "version",
        "1.16",
        default="1.16",
        since="1.0",
    ),
    FieldSpec(
        "Version",
        "Instance version",
        "Version of this configuration instance; always 1.0.",
        "str",
        "1.0",
        default="1.0",
        choices=("1.0",),
        since="1.0",
    ),
    FieldSpec(
        "DeploymentType",
        "Deployment type",
        "SingleMachineCluster: one box, internal switch, automatic addresses. ScalableCluster: external "
        "switch, static addresses, more machines can join.",
        "choice",
        SM,
        default=SM,
        choices=(SM, SC),
    ),
    # Init
    FieldSpec(
        "Init.ServiceIPRangeStart",
        "Service IP range start",
        "First address handed to Kubernetes LoadBalancer services; free and inside the node subnet.",
        "ipv4",
        "192.168.1.151",
        modes=ONLY_SC,
    ),
    FieldSpec(
        "Init.ServiceIPRangeSize",
        "Service IP range size",
        "How many LoadBalancer service addresses to reserve (0-127); Arc and GitOps need some, e.g. 10.",
        "int",
        "10",
        default=10,
        minimum=0,
        maximum=127,
        required_in=ONLY_SC,
    ),
    FieldSpec(
        "Init.KmsPlugin.Enable",
        "KMS secret encryption",
        "Encrypt Kubernetes secrets with the KMS plugin (preview); single machine only, cannot be changed later.",
        "bool",
        "false",
        modes=ONLY_SM,
        since="1.15",
    ),
    # Join
    FieldSpec(
        "Join.ClusterJoinToken",
        "Cluster join token",
        "Filled by New-AksEdgeScaleConfig; valid for 24 hours.",
        "str",
        modes=ONLY_SC,
        secret=True,
    ),
    FieldSpec(
        "Join.DiscoveryTokenHash",
        "Discovery token hash",
        "Filled by New-AksEdgeScaleConfig (K8s only).",
        "str",
        modes=ONLY_SC,
    ),
    FieldSpec(
        "Join.CertificateKey",
        "Certificate key",
        "Filled by New-AksEdgeScaleConfig; needed to join another control-plane node.",
        "str",
        modes=ONLY_SC,
        secret=True,
    ),
    FieldSpec("Join.ClusterId", "Cluster ID", "Filled by New-AksEdgeScaleConfig.", "str", modes=ONLY_SC),
    # Arc
    FieldSpec(
        "Arc.ClusterName",
        "Arc cluster name",
        "Name of the cluster as shown in the Azure portal.",
        "str",
        "plant-a-cluster",
    ),
    FieldSpec("Arc.Location", "Azure region", "Region of the resource group, e.g. westeurope.", "str", "westeurope"),
    FieldSpec(
        "Arc.ResourceGroupName", "Resource group", "Azure resource group that will hold the cluster.", "str", "rg-aksee"
    ),
    FieldSpec(
        "Arc.SubscriptionId",
        "Subscription ID",
        "Azure subscription GUID.",
        "guid",
        "00000000-0000-0000-0000-000000000000",
    ),
    FieldSpec(
        "Arc.TenantId", "Tenant ID", "Microsoft Entra tenant GUID.", "guid", "00000000-0000-0000-0000-000000000000"
    ),
    FieldSpec(
        "Arc.ClientId",
        "Client ID",
        "Application (client) ID of the service principal.",
        "guid",
        "00000000-0000-0000-0000-000000000000",
    ),
    FieldSpec(
        "Arc.ClientSecret",
        "Client secret",
        "Secret of the service principal; stored in clear text in the file.",
        "str",
        secret=True,
    ),
    FieldSpec(
        "Arc.CustomLocationsOid",
        "Custom Locations object ID",
        "Object ID of the Custom Locations resource provider (Azure IoT Operations).",
        "str",
        since="1.13",
    ),
    FieldSpec(
        "Arc.EnableWorkloadIdentity",
        "Workload identity",
        "Enable workload identity federation (preview); cannot be enabled after creation.",
        "bool",
        since="1.14",
    ),
    # Network
    FieldSpec(
        "Network.ControlPlaneEndpointIp",
        "Control-plane endpoint",
        "A free address in the node subnet reserved for the Kubernetes API server for the cluster's lifetime.",
        "ipv4",
        "192.168.1.191",
        modes=ONLY_SC,
        required_in=ONLY_SC,
        since="1.0",
    ),
    FieldSpec(
        "Network.NetworkPlugin",
        "Network plugin",
        "flannel goes with K3s, calico with K8s; pick the one of the MSI you install.",
        "choice",
        "flannel",
        default="flannel",
        choices=("flannel", "calico"),
    ),
    FieldSpec(
        "Network.Ip4GatewayAddress",
        "Gateway",
        "Default gateway of the node subnet, usually the router.",
        "ipv4",
        "192.168.1.1",
        modes=ONLY_SC,
        required_in=ONLY_SC,
        since="1.0",
    ),
    FieldSpec(
        "Network.Ip4PrefixLength",
        "Prefix length",
        "Size of the node subnet in bits (24 = 255.255.255.0).",
        "int",
        "24",
        minimum=1,
        maximum=31,
        modes=ONLY_SC,
        required_in=ONLY_SC,
        since="1.0",
    ),
    FieldSpec(
        "Network.Ip4AddressPrefix",
        "Internal subnet",
        "Optional: the /24 the single-machine switch uses (gateway .1, Linux .2, Windows .3); set it when "
        "the host's 192.168.x.0 ranges are taken.",
        "cidr24",
        "192.168.100.0/24",
        modes=ONLY_SM,
        since="1.8",
    ),
    FieldSpec(
        "Network.DnsServers",
        "DNS servers",
        "Servers the nodes resolve names with; the host's by default.",
        "ipv4-list",
        "192.168.1.1, 192.168.1.2",
        required_in=ONLY_SC,
        since="1.0",
    ),
    FieldSpec(
        "Network.InternetDisabled",
        "Offline (no internet)",
        "True for an offline deployment: skips the internet, DNS and Arc checks.",
        "bool",
        "false",
        default=False,
        since="1.0",
    ),
    FieldSpec(
        "Network.SkipAddressFreeCheck",
        "Skip address-free check",
        "Deploy even if an address seems to be in use (firewalls that drop ping).",
        "bool",
        "false",
        since="1.0",
    ),
    FieldSpec(
        "Network.SkipDnsCheck",
        "Skip DNS check",
        "Do not test the DNS servers (isolated networks).",
        "bool",
        "false",
        since="1.8",
    ),
    FieldSpec(
        "Network.Proxy.Http",
        "HTTP proxy",
        "Proxy for http:// traffic, e.g. http://proxy:3128.",
        "http-url",
        "http://proxy.example.com:3128",
        since="1.0",
    ),
    FieldSpec(
        "Network.Proxy.Https",
        "HTTPS proxy",
        "Proxy for https:// traffic, e.g. http://proxy:3128.",
        "https-url",
        "http://proxy.example.com:3128",
        since="1.0",
    ),
    FieldSpec(
        "Network.Proxy.No",
        "No-proxy list",
        "Comma-separated hosts, domains and CIDR ranges reached directly; must include the cluster's ranges.",
        "no-proxy",
        "localhost,127.0.0.0/8,.svc",
        since="1.0",
    ),
    # User
    FieldSpec(
        "User.AcceptEula",
        "Accept licence terms",
        "Must be true for the deployment to run; read the AKS Edge Essentials licence terms first.",
        "bool",
        "true",
        default=False,
    ),
    FieldSpec(
        "User.AcceptOptionalTelemetry",
        "Optional telemetry",
        "Optional diagnostic data for Microsoft; required telemetry is always on.",
        "bool",
        "false",
        default=False,
    ),
    FieldSpec(
        "User.AcceptGpuWarning",
        "Accept the GPU warning",
        "Auto-accept the GPU passthrough confirmation.",
        "bool",
        "true",
        since="1.13",
    ),
    FieldSpec(
        "User.VolumeLicense.EnrollmentID",
        "Volume licence enrollment ID",
        "From your volume licence agreement.",
        "str",
        since="1.8",
    ),
    FieldSpec(
        "User.VolumeLicense.PartNumber",
        "Volume licence part number",
        "From your volume licence agreement.",
        "str",
        since="1.8",
    ),
    # Machines
    FieldSpec(f"{_M}.ArcHybridComputeMachineId", "Arc machine ID", "Reserved; leave empty.", "str"),
    FieldSpec(
        f"{_M}.NetworkConnection.AdapterName",
        "Network adapter",
        "Physical adapter bound to the external switch (Get-NetAdapter -Physical), e.g. Ethernet.",
        "str",
        "Ethernet",
        modes=ONLY_SC,
        required_in=ONLY_SC,
    ),
    FieldSpec(
        f"{_M}.NetworkConnection.Mtu",
        "MTU",
        "MTU of the VM network; 0 keeps the default (1500).",
        "int",
        "1500",
        minimum=576,
        maximum=9000,
        zero_ok=True,
    ),
    FieldSpec(
        f"{_L}.ControlPlane",
        "Control plane",
        "True makes this Linux node a control-plane node.",
        "bool",
        "true",
        node="Linux",
    ),
    FieldSpec(
        f"{_L}.CpuCount",
        "Linux CPUs",
        "Virtual CPUs of the Linux node; at least 2, 4 for Arc/GitOps.",
        "int",
        "4",
        default=4,
        minimum=2,
        maximum=16,
        node="Linux",
        since="1.0",
    ),
    FieldSpec(
        f"{_L}.MemoryInMB",
        "Linux memory (MB)",
        "Memory of the Linux node in MB; at least 2048, even.",
        "int",
        "4096",
        default=4096,
        minimum=2048,
        even=True,
        node="Linux",
        since="1.0",
    ),
    FieldSpec(
        f"{_L}.MemoryHugePages.Size",
        "Huge page size (KB)",
        "2048 (2 MiB) or 1048576 (1 GiB) pages.",
        "int",
        "2048",
        choices=("2048", "1048576"),
        node="Linux",
        since="1.13",
    ),
    FieldSpec(
        f"{_L}.MemoryHugePages.Count",
        "Huge page count",
        "How many huge pages to reserve.",
        "int",
        "0",
        minimum=0,
        node="Linux",
        since="1.13",
    ),
    FieldSpec(
        f"{_L}.DataSizeInGB",
        "Linux data disk (GB)",
        "Size of the Linux node's data partition, 2-2048 GB.",
        "int",
        "10",
        default=10,
        minimum=2,
        maximum=2048,
        node="Linux",
        since="1.0",
    ),
    FieldSpec(
        f"{_L}.LogSizeInGB",
        "Linux log disk (GB)",
        "Size of the log partition, 1-10 GB.",
        "int",
        "1",
        default=1,
        minimum=1,
        maximum=10,
        node="Linux",
        since="1.9",
    ),
    FieldSpec(
        f"{_L}.Ip4Address",
        "Linux node IP",
        "Static address of the Linux node, inside the node subnet.",
        "ipv4",
        "192.168.1.171",
        modes=ONLY_SC,
        required_in=ONLY_SC,
        node="Linux",
        since="1.0",
    ),
    FieldSpec(
        f"{_L}.MacAddress",
        "Linux node MAC",
        "Static MAC of the Linux node (00:15:5D:xx:xx:xx); empty = the product generates one.",
        "mac",
        "02:15:5D:1A:2B:3C",
        node="Linux",
        since="1.0",
    ),
    FieldSpec(
        f"{_L}.Mtu",
        "Linux node MTU (legacy)",
        "Old place of the MTU; use the machine's network MTU.",
        "int",
        minimum=576,
        maximum=9000,
        zero_ok=True,
        node="Linux",
        since="1.0",
    ),
    FieldSpec(
        f"{_L}.TimeoutSeconds",
        "Linux boot timeout (s)",
        "How long to wait for the node; keep 300.",
        "int",
        "300",
        minimum=1,
        node="Linux",
    ),
    FieldSpec(
        f"{_L}.TpmPassthrough",
        "TPM passthrough",
        "Give the Linux node access to the host's TPM.",
        "bool",
        "false",
        node="Linux",
        since="1.6",
    ),
    FieldSpec(
        f"{_L}.SecondaryNetworks[*].VMSwitchName",
        "Secondary switch",
        "Name of the extra Hyper-V switch for this secondary network.",
        "str",
        "ot-switch",
        node="Linux",
        since="1.6",
    ),
    FieldSpec(
        f"{_L}.SecondaryNetworks[*].Ip4Address",
        "Secondary IP",
        "Static address on the secondary network (give address, gateway and prefix, or none).",
        "ipv4",
        "10.0.0.20",
        node="Linux",
        since="1.6",
    ),
    FieldSpec(
        f"{_L}.SecondaryNetworks[*].Ip4GatewayAddress",
        "Secondary gateway",
        "Gateway of the secondary network.",
        "ipv4",
        "10.0.0.1",
        node="Linux",
        since="1.6",
    ),
    FieldSpec(
        f"{_L}.SecondaryNetworks[*].Ip4PrefixLength",
        "Secondary prefix",
        "Prefix length of the secondary network.",
        "int",
        "24",
        minimum=1,
        maximum=31,
        node="Linux",
        since="1.6",
    ),
    FieldSpec(
        f"{_L}.GpuPassthrough.Name",
        "GPU name",
        "Model of the GPU to pass through.",
        "str",
        "NVIDIA GeForce RTX 3060",
        node="Linux",
        since="1.13",
    ),
    FieldSpec(
        f"{_L}.GpuPassthrough.Type",
        "GPU passthrough type",
        "Only ParaVirtualization (GPU-PV) is supported.",
        "choice",
        "ParaVirtualization",
        choices=("ParaVirtualization",),
        node="Linux",
        since="1.13",
    ),
    FieldSpec(
        f"{_L}.GpuPassthrough.Count",
        "GPU count",
        "How many GPUs to pass through.",
        "int",
        "1",
        minimum=1,
        node="Linux",
        since="1.13",
    ),
    FieldSpec(
        f"{_W}.CpuCount",
        "Windows CPUs",
        "Virtual CPUs of the Windows node; at least 2.",
        "int",
        "2",
        default=2,
        minimum=2,
        maximum=16,
        node="Windows",
        since="1.0",
    ),
    FieldSpec(
        f"{_W}.MemoryInMB",
        "Windows memory (MB)",
        "Memory of the Windows node in MB; at least 2048, even.",
        "int",
        "4096",
        default=4096,
        minimum=2048,
        even=True,
        node="Windows",
        since="1.0",
    ),
    FieldSpec(
        f"{_W}.Ip4Address",
        "Windows node IP",
        "Static address of the Windows node, inside the node subnet.",
        "ipv4",
        "192.168.1.172",
        modes=ONLY_SC,
        required_in=ONLY_SC,
        node="Windows",
        since="1.0",
    ),
    FieldSpec(
        f"{_W}.MacAddress",
        "Windows node MAC",
        "Static MAC of the Windows node; empty = generated.",
        "mac",
        "02:15:5D:1A:2B:3D",
        node="Windows",
        since="1.0",
    ),
    FieldSpec(
        f"{_W}.Mtu",
        "Windows node MTU (legacy)",
        "Old place of the MTU; use the machine's network MTU.",
        "int",
        minimum=576,
        maximum=9000,
        zero_ok=True,
        node="Windows",
        since="1.0",
    ),
    FieldSpec(
        f"{_W}.TimeoutSeconds",
        "Windows boot timeout (s)",
        "How long to wait for the node; keep 900.",
        "int",
        "900",
        minimum=1,
        node="Windows",
    ),
)

BY_PATH: dict[str, FieldSpec] = {spec.path: spec for spec in CATALOGUE}


def _key_tree(paths: Iterator[str] | list[str]) -> dict[str, Any]:
    """{JsonKey: subtree or None}; an array of objects is a one-item list holding its object's tree."""
    tree: dict[str, Any] = {}
    for path in paths:
        node: Any = tree
        parts = path.split(".")
        for i, part in enumerate(parts):
            is_list = part.endswith("[*]")
            key = part[:-3] if is_list else part
            if i == len(parts) - 1:
                node[key] = None
            else:
                if key not in node:
                    node[key] = [{}] if is_list else {}
                node = node[key][0] if is_list else node[key]
    return tree


# The known key tree of the document, in the product's order. It comes from the catalogue so that reading
# and writing documents needs no pydantic at start-up; a test holds it equal to the models' own tree.
KEY_TREE: dict[str, Any] = _key_tree([spec.path for spec in CATALOGUE])


@lru_cache(maxsize=4096)  # asked for every value in the document on every key; bounded: paths come from files
def spec_for(path: str) -> FieldSpec | None:
    """The catalogue entry for a concrete path (Machines[0].LinuxNode.CpuCount), case-insensitively."""
    generic = re.sub(r"\[\d+\]", "[*]", path)
    spec = BY_PATH.get(generic)
    if spec is not None:
        return spec
    for candidate in CATALOGUE:
        if candidate.pattern.match(path):
            return candidate
    return None


def concrete(spec: FieldSpec, machine: int = 0) -> str:
    """The spec's path with the first [*] (the machine) filled in."""
    return spec.path.replace("[*]", f"[{machine}]", 1)


def iter_fields(section: str | None = None) -> Iterator[FieldSpec]:
    for spec in CATALOGUE:
        if section is None or spec.path.split(".")[0].split("[")[0] == section:
            yield spec


@cache  # asked for every key in the document on every judgement
def version_tuple(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in version.strip().split("."))
    except (ValueError, AttributeError):
        return ()


# -- per-kind checks and text parsing -------------------------------------------------------------------
def _check(spec: FieldSpec, value: Any) -> values.Problem | None:
    label = spec.label
    if value is None:
        return None
    kind = spec.kind
    if kind == "ipv4":
        return values.check_ipv4(value, label)
    if kind == "ipv4-list":
        return None  # each item is checked by the DNS rule, which knows their paths
    if kind == "cidr24":
        return values.check_cidr24(value, label)
    if kind == "mac":
        return None if value == "" else values.check_mac(value, label)
    if kind == "guid":
        return values.check_guid(value, label)
    if kind in ("http-url", "https-url"):
        if value == "":
            return None
        return values.check_proxy_url(value, label, "http")
    if kind == "version":
        if isinstance(value, str) and not version_tuple(value):
            return values.Problem(
                f"{label} {values.show(value)} is not a version number", "write it like 1.16", "version.syntax"
            )
        return None
    if kind == "choice" and spec.choices and value not in spec.choices:
        folded = {c.casefold(): c for c in spec.choices}
        if isinstance(value, str) and value.casefold() in folded:
            return None  # PowerShell compares strings case-insensitively
        return values.Problem(
            f"{label} {values.show(value)} is not one of {', '.join(spec.choices)}",
            f"use one of: {', '.join(spec.choices)}",
            "choice",
        )
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        if spec.choices and str(value) not in spec.choices:
            return values.Problem(
                f"{label} {value} is not one of {', '.join(spec.choices)}",
                f"use one of: {', '.join(spec.choices)}",
                "choice",
            )
        if spec.zero_ok and value == 0:
            return None
        low, high = spec.minimum, spec.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            span = (
                f"{low}-{high}"
                if low is not None and high is not None
                else f"at least {low}"
                if low is not None
                else f"at most {high}"
            )
            extra = " (or 0 for the default)" if spec.zero_ok else ""
            return values.Problem(f"{label} {value} is out of range", f"use a value {span}{extra}", "range")
        if spec.even and value % 2:
            return values.Problem(f"{label} {value} is odd", f"use an even number, e.g. {value + 1}", "range.even")
    return None


_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


def _parse(spec: FieldSpec, text: str) -> Any:
    text = text.strip()
    kind = spec.kind
    if text == "":
        return [] if kind == "ipv4-list" else None
    if kind == "int":
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{spec.label} {values.show(text)} is not a whole number") from None
    if kind == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError(f"{spec.label} {values.show(text)} is not yes or no")
    if kind == "ipv4-list":
        return [item for item in re.split(r"[,\s;]+", text) if item]
    if kind == "mac":
        return values.normalise_mac(text) if values.MAC_RE.match(text) else text
    if kind == "choice" and spec.choices:
        for choice in spec.choices:
            if choice.casefold() == text.casefold():
                return choice
    return text

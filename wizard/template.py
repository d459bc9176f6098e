"""New documents: the shape New-AksEdgeConfig writes, filled with the catalogue's defaults and host facts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import fields
from .draft import Draft
from .fields import NEWEST_SCHEMA_VERSION, SC, SM

NodeTypes = Literal["Linux", "Windows", "LinuxAndWindows"]


@dataclass(frozen=True)
class HostDefaults:
    """What the host suggests for a new document (see host.py); empty when nothing is known."""

    dns_servers: tuple[str, ...] = ()
    gateway: str | None = None
    prefix_length: int | None = None
    adapter_name: str | None = None
    http_proxy: str | None = None
    https_proxy: str | None = None
    no_proxy: str | None = None


def _default(path: str) -> object:
    spec = fields.spec_for(path)
    return spec.default if spec else None


def new_document(
    deployment_type: str = SM,
    nodes: NodeTypes = "Linux",
    plugin: str = "flannel",
    schema_version: str = NEWEST_SCHEMA_VERSION,
    host: HostDefaults | None = None,
) -> Draft:
    """A fresh document in the key order of New-AksEdgeConfig output."""
    host = host or HostDefaults()
    scalable = deployment_type == SC
    draft = Draft()
    put = draft.set
    put("SchemaVersion", schema_version)
    put("Version", _default("Version"))
    put("DeploymentType", deployment_type)
    if scalable:
        put("Init.ServiceIPRangeStart", None)
    put("Init.ServiceIPRangeSize", _default("Init.ServiceIPRangeSize"))
    for key in fields.ARC_KEYS:
        put(f"Arc.{key}", None)
    if scalable:
        put("Network.ControlPlaneEndpointIp", None)
    put("Network.NetworkPlugin", plugin)
    if scalable:
        put("Network.Ip4GatewayAddress", host.gateway)
        put("Network.Ip4PrefixLength", host.prefix_length if host.prefix_length is not None else 24)
        put("Network.DnsServers", list(host.dns_servers))
    elif host.dns_servers:
        put("Network.DnsServers", list(host.dns_servers))
    put("Network.InternetDisabled", _default("Network.InternetDisabled"))
    if scalable:
        put("Network.SkipAddressFreeCheck", False)
    put("Network.SkipDnsCheck", False)
    put("Network.Proxy.Http", host.http_proxy)
    put("Network.Proxy.Https", host.https_proxy)
    put("Network.Proxy.No", host.no_proxy)
    put("User.AcceptEula", _default("User.AcceptEula"))
    put("User.AcceptOptionalTelemetry", _default("User.AcceptOptionalTelemetry"))
    if scalable:
        put("Machines[0].NetworkConnection.AdapterName", host.adapter_name)
        put("Machines[0].NetworkConnection.Mtu", 0)
    if nodes in ("Linux", "LinuxAndWindows"):
        if scalable:
            put("Machines[0].LinuxNode.ControlPlane", True)
        for key in ("CpuCount", "MemoryInMB", "DataSizeInGB", "LogSizeInGB"):
            put(f"Machines[0].LinuxNode.{key}", _default(f"Machines[0].LinuxNode.{key}"))
        if scalable:
            put("Machines[0].LinuxNode.Ip4Address", None)
    if nodes in ("Windows", "LinuxAndWindows"):
        for key in ("CpuCount", "MemoryInMB"):
            put(f"Machines[0].WindowsNode.{key}", _default(f"Machines[0].WindowsNode.{key}"))
        if scalable:
            put("Machines[0].WindowsNode.Ip4Address", None)
    return draft


def node_types(draft: Draft) -> NodeTypes:
    linux = isinstance(draft.get("Machines[0].LinuxNode"), dict)
    windows = isinstance(draft.get("Machines[0].WindowsNode"), dict)
    return "LinuxAndWindows" if linux and windows else "Windows" if windows else "Linux"


# -- changing what kind of deployment a document describes ------------------------------------------------
SCALABLE_ONLY = (
    "Init.ServiceIPRangeStart",
    "Network.ControlPlaneEndpointIp",
    "Network.Ip4GatewayAddress",
    "Network.Ip4PrefixLength",
    "Machines[0].NetworkConnection.AdapterName",
    "Machines[0].LinuxNode.Ip4Address",
    "Machines[0].WindowsNode.Ip4Address",
    "Network.SkipAddressFreeCheck",
)
SINGLE_ONLY = ("Network.Ip4AddressPrefix", "Init.KmsPlugin.Enable")


def _has_value(draft: Draft, path: str) -> bool:
    value = draft.get(path)
    return value not in (None, "", [], False)


def mode_change_drops(draft: Draft, new_type: str) -> list[str]:
    """Paths holding a value that switching to `new_type` would remove (ask before doing it)."""
    paths = SCALABLE_ONLY if new_type == SM else SINGLE_ONLY
    return [p for p in paths if _has_value(draft, p) and not (new_type == SM and p == "Network.SkipAddressFreeCheck")]


def _merged(base: object, over: object) -> object:
    """`over` laid onto `base`, keys in base's order first (for documents the wizard itself started)."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = {k: _merged(v, over[k]) if k in over else v for k, v in base.items()}
        out.update({k: v for k, v in over.items() if k not in base})
        return out
    if isinstance(base, list) and isinstance(over, list) and over and all(isinstance(i, dict) for i in over):
        return [_merged(base[i], item) if i < len(base) else item for i, item in enumerate(over)]
    return over


def switch_mode(draft: Draft, new_type: str, host: HostDefaults | None = None) -> list[str]:
    """Make the document a `new_type` one: drop what no longer applies, add what becomes required.

    A file read from disk keeps its own key order; a document the wizard started is re-laid in the order
    New-AksEdgeConfig writes, so the result looks like the product's own output."""
    dropped = _switch_mode(draft, new_type, host)
    if draft.source_text is None:
        plugin = draft.get("Network.NetworkPlugin")
        fresh = new_document(
            new_type,
            node_types(draft),
            plugin if isinstance(plugin, str) else "flannel",
            str(draft.get("SchemaVersion") or NEWEST_SCHEMA_VERSION),
            host,
        )
        merged = _merged(fresh.data, draft.data)
        draft.data.clear()
        assert isinstance(merged, dict)  # two documents merge into a document
        draft.data.update(merged)
        for path in SCALABLE_ONLY if new_type == SM else ():
            if path != "Network.SkipAddressFreeCheck":
                draft.delete(path)
    return dropped


def _switch_mode(draft: Draft, new_type: str, host: HostDefaults | None = None) -> list[str]:
    dropped = mode_change_drops(draft, new_type)
    draft.set("DeploymentType", new_type)
    if new_type == SM:
        for path in SCALABLE_ONLY:
            if path != "Network.SkipAddressFreeCheck":
                draft.delete(path)
        if isinstance(draft.get("Machines[0].NetworkConnection"), dict) and not draft.get(
            "Machines[0].NetworkConnection"
        ):
            draft.delete("Machines[0].NetworkConnection")
        draft.delete("Machines[0].LinuxNode.ControlPlane")
        return dropped
    host = host or HostDefaults()
    for path in SINGLE_ONLY:
        draft.delete(path)
    defaults: list[tuple[str, object]] = [
        ("Init.ServiceIPRangeStart", None),
        ("Network.ControlPlaneEndpointIp", None),
        ("Network.Ip4GatewayAddress", host.gateway),
        ("Network.Ip4PrefixLength", host.prefix_length if host.prefix_length is not None else 24),
        ("Network.DnsServers", list(host.dns_servers)),
        ("Machines[0].NetworkConnection.AdapterName", host.adapter_name),
    ]
    if isinstance(draft.get("Machines[0].LinuxNode"), dict):
        defaults += [("Machines[0].LinuxNode.ControlPlane", True), ("Machines[0].LinuxNode.Ip4Address", None)]
    if isinstance(draft.get("Machines[0].WindowsNode"), dict):
        defaults.append(("Machines[0].WindowsNode.Ip4Address", None))
    for path, value in defaults:
        if not _has_value(draft, path):
            draft.set(path, value)
    return dropped


def node_change_drops(draft: Draft, nodes: NodeTypes) -> list[str]:
    """Node sections that switching to `nodes` would remove, if they hold anything."""
    out = []
    if nodes == "Windows" and isinstance(draft.get("Machines[0].LinuxNode"), dict):
        out.append("Machines[0].LinuxNode")
    if nodes == "Linux" and isinstance(draft.get("Machines[0].WindowsNode"), dict):
        out.append("Machines[0].WindowsNode")
    return out


def set_nodes(draft: Draft, nodes: NodeTypes) -> list[str]:
    dropped = node_change_drops(draft, nodes)
    for path in dropped:
        draft.delete(path)
    scalable = draft.get("DeploymentType") == SC
    for kind in ("Linux", "Windows"):
        wanted = nodes in (kind, "LinuxAndWindows")
        if wanted and not isinstance(draft.get(f"Machines[0].{kind}Node"), dict):
            keys = (
                ("CpuCount", "MemoryInMB", "DataSizeInGB", "LogSizeInGB")
                if kind == "Linux"
                else ("CpuCount", "MemoryInMB")
            )
            if kind == "Linux" and scalable:
                draft.set("Machines[0].LinuxNode.ControlPlane", True)
            for key in keys:
                draft.set(f"Machines[0].{kind}Node.{key}", _default(f"Machines[0].{kind}Node.{key}"))
            if scalable:
                draft.set(f"Machines[0].{kind}Node.Ip4Address", None)
    return dropped

"""Migrate the pre-GA 1.1 layout (DeployOptions, EndUser, LinuxVm/WindowsVm, Network.VSwitch) to the
current one, the way AksEdgeDeploy's UpgradeJsonFormat does, and say what went where."""

from __future__ import annotations

import copy
import ipaddress
from typing import Any

from .draft import Draft
from .fields import KEY_TREE, NEWEST_SCHEMA_VERSION, SC, SM
from .template import SCALABLE_ONLY

Mapping = list[tuple[str, str]]  # (old path, new path or what happened)


def _pop_ci(obj: dict[str, Any], key: str) -> Any:
    for existing in list(obj):
        if existing.casefold() == key.casefold():
            return obj.pop(existing)
    return None


def migrate_legacy(data: dict[str, Any]) -> tuple[dict[str, Any], Mapping]:
    """The current-layout document for a 1.1 one, and the mapping that was applied."""
    old = copy.deepcopy(data)
    mapping: Mapping = []
    new = Draft()
    _pop_ci(old, "SchemaVersion")
    new.set("SchemaVersion", NEWEST_SCHEMA_VERSION)
    mapping.append(("SchemaVersion", f"SchemaVersion = {NEWEST_SCHEMA_VERSION} (set it to your module's version)"))
    version = _pop_ci(old, "Version")
    new.set("Version", version if isinstance(version, str) else "1.0")
    options = _pop_ci(old, "DeployOptions") or {}
    single = options.get("SingleMachineCluster", True) if isinstance(options, dict) else True
    new.set("DeploymentType", SM if single is not False else SC)
    mapping.append(("DeployOptions.SingleMachineCluster", "DeploymentType"))
    network = _pop_ci(old, "Network") or {}
    node_type = options.get("NodeType", "Linux") if isinstance(options, dict) else "Linux"

    def move(source: dict[str, Any], key: str, target: str, label: str) -> None:
        if isinstance(source, dict):
            for existing in list(source):
                if existing.casefold() == key.casefold():
                    value = source.pop(existing)
                    if value == "":
                        value = None
                    new.set(target, value)
                    mapping.append((f"{label}.{existing}", target))
                    return

    for key in ("ServiceIPRangeStart", "ServiceIPRangeSize"):
        move(network, key, f"Init.{key}", "Network")
    end = _pop_ci(network, "ServiceIPRangeEnd") if isinstance(network, dict) else None
    start = new.get("Init.ServiceIPRangeStart")
    if end and start and not new.get("Init.ServiceIPRangeSize"):
        try:
            size = int(ipaddress.IPv4Address(end)) - int(ipaddress.IPv4Address(start)) + 1
        except ValueError:
            size = 0
        if 0 < size <= 127:
            new.set("Init.ServiceIPRangeSize", size)
            mapping.append(("Network.ServiceIPRangeEnd", f"Init.ServiceIPRangeSize = {size}"))
    elif end:
        mapping.append(("Network.ServiceIPRangeEnd", "dropped (the range is start + size now)"))
    if isinstance(options, dict):
        move(options, "NetworkPlugin", "Network.NetworkPlugin", "DeployOptions")
    for key in (
        "ControlPlaneEndpointIp",
        "Ip4GatewayAddress",
        "Ip4PrefixLength",
        "DnsServers",
        "InternetDisabled",
        "SkipAddressFreeCheck",
        "SkipDnsCheck",
    ):
        move(network, key, f"Network.{key}", "Network")
    proxy = _pop_ci(network, "Proxy") if isinstance(network, dict) else None
    for key in ("Http", "Https", "No"):
        move(proxy or {}, key, f"Network.Proxy.{key}", "Network.Proxy")
    switch = _pop_ci(network, "VSwitch") if isinstance(network, dict) else None
    if isinstance(switch, dict):
        move(switch, "AdapterName", "Machines[0].NetworkConnection.AdapterName", "Network.VSwitch")
        for key in list(switch):
            mapping.append((f"Network.VSwitch.{key}", "dropped (the product names the switch itself)"))
    end_user = _pop_ci(old, "EndUser") or {}
    for key in ("AcceptEula", "AcceptOptionalTelemetry"):
        move(end_user, key, f"User.{key}", "EndUser")
    if not new.has("User.AcceptEula"):
        new.set("User.AcceptEula", False)
    for vm, node in (("LinuxVm", "LinuxNode"), ("WindowsVm", "WindowsNode")):
        section = _pop_ci(old, vm)
        wanted = (
            node_type in ("Linux", "LinuxAndWindows")
            if node == "LinuxNode"
            else node_type in ("Windows", "LinuxAndWindows")
        )
        if isinstance(section, dict) and (section or wanted):
            for key in list(section):
                move(section, key, f"Machines[0].{node}.{_canonical_vm_key(key)}", vm)
        elif wanted:
            new.set(f"Machines[0].{node}.CpuCount", 4 if node == "LinuxNode" else 2)
    if isinstance(options, dict):
        if "ControlPlane" in options and new.get("DeploymentType") == SC:
            move(options, "ControlPlane", "Machines[0].LinuxNode.ControlPlane", "DeployOptions")
        if "TimeoutSeconds" in options:
            move(options, "TimeoutSeconds", "Machines[0].LinuxNode.TimeoutSeconds", "DeployOptions")
        for key in list(options):
            if key not in ("SingleMachineCluster", "NodeType"):
                mapping.append((f"DeployOptions.{key}", "dropped (no such setting in the current layout)"))
        mapping.append(("DeployOptions.NodeType", f"the node sections present ({node_type})"))
    if new.get("DeploymentType") == SM:
        for path in SCALABLE_ONLY:
            if new.has(path) and new.delete(path):
                mapping.append((path, "dropped (a single machine chooses its addresses itself)"))
    for key, value in (network or {}).items():  # unknown network keys are kept
        new.set(f"Network.{key}", value)
    machine = new.get("Machines[0]")
    if isinstance(machine, dict):
        for key in [k for k, v in machine.items() if v == {}]:
            del machine[key]
    order = list(KEY_TREE)
    data = {k: new.data[k] for k in sorted(new.data, key=lambda k: order.index(k) if k in order else len(order))}
    for key, value in old.items():  # unknown top-level keys are kept
        data[key] = value
        mapping.append((key, f"{key} (kept as it was)"))
    return data, mapping


def _canonical_vm_key(key: str) -> str:
    return {
        "datasizeingb": "DataSizeInGB",
        "memoryinmb": "MemoryInMB",
        "cpucount": "CpuCount",
        "ip4address": "Ip4Address",
        "macaddress": "MacAddress",
        "mtu": "Mtu",
    }.get(key.casefold(), key)

"""Plan the next machines of a scalable cluster from the first machine's file: one free address per node,
and the commands to run, in order (a join token lives 24 h and each new one invalidates the last, so
every machine is joined before the next join file is made)."""

from __future__ import annotations

import ipaddress
from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import Any, Literal

from . import values
from .commands import ps_quote
from .draft import Draft
from .rules import Doc, service_range

NodeChoice = Literal["linux", "windows", "linuxandwindows"]
NODE_TYPE = {"linux": "Linux", "windows": "Windows", "linuxandwindows": "LinuxAndWindows"}


class PlanError(ValueError):
    """The plan cannot be made; the message says why and what would work."""


@dataclass
class PlannedMachine:
    number: int  # 2 for the second machine of the cluster
    linux_ip: str | None
    windows_ip: str | None
    control_plane: bool
    join_file: str
    commands_control_plane_machine: list[str] = field(default_factory=list)
    commands_new_machine: list[str] = field(default_factory=list)


def _taken(doc: Doc) -> set[ipaddress.IPv4Address]:
    used = {ip for p in ("Network.Ip4GatewayAddress", "Network.ControlPlaneEndpointIp") if (ip := doc.ip(p))}
    servers = doc.get("Network.DnsServers")
    used |= {ip for s in (servers if isinstance(servers, list) else []) if (ip := values.ipv4(s))}
    used |= {ip for section, _ in doc.nodes() if (ip := doc.ip(f"{section}.Ip4Address"))}
    span = service_range(doc)
    if span:
        used |= {ipaddress.IPv4Address(i) for i in range(int(span[0]), int(span[1]) + 1)}
    return used


def plan(
    draft: Draft, machines: int, nodes: NodeChoice = "linux", control_planes: int = 0, folder: str = "C:\\AksEdge"
) -> list[PlannedMachine]:
    doc = Doc(draft.canonical())
    if not doc.deployment_type or doc.deployment_type.casefold() != "scalablecluster":
        raise PlanError("plan needs the first machine's file of a scalable cluster (DeploymentType ScalableCluster)")
    if doc.joining:
        raise PlanError("this is a join file; plan from the first machine's file, which made the cluster")
    if machines < 1:
        raise PlanError("--machines must be 1 or more")
    gateway, prefix = doc.ip("Network.Ip4GatewayAddress"), doc.int_("Network.Ip4PrefixLength")
    if gateway is None or prefix is None or not 1 <= prefix <= 31:
        raise PlanError("the file needs Network.Ip4GatewayAddress and Network.Ip4PrefixLength to plan addresses")
    subnet = ipaddress.IPv4Network(f"{gateway}/{prefix}", strict=False)
    with_linux = nodes in ("linux", "linuxandwindows")
    if control_planes and not with_linux:
        raise PlanError("extra control-plane nodes are Linux nodes: use --nodes linux or linuxandwindows")
    if control_planes > machines:
        raise PlanError(f"--control-planes {control_planes} is more than the {machines} machine(s) planned")
    first = doc.get("Machines[0].LinuxNode")
    existing = 1 if isinstance(first, dict) and first.get("ControlPlane") is not False else 0
    total = existing + control_planes
    if total % 2 == 0:
        raise PlanError(
            f"the cluster would have {total} control-plane nodes; Kubernetes needs an odd number "
            f"(1, 3, 5): use --control-planes {control_planes + 1 if control_planes < machines else control_planes - 1}"
        )
    per_machine = 2 if nodes == "linuxandwindows" else 1
    used = _taken(doc)
    # Counted, not listed: a /8 has 16 million hosts and the person may type any number.
    room = (
        subnet.num_addresses
        - 2
        - sum(ip in subnet and ip not in (subnet.network_address, subnet.broadcast_address) for ip in used)
    )
    if room < machines * per_machine:
        raise PlanError(
            f"{subnet} has {room} free address(es): room for {room // per_machine} "
            f"machine(s) with {per_machine} node(s) each, not {machines}"
        )
    free = list(islice((ip for ip in subnet.hosts() if ip not in used), machines * per_machine))
    planned = []
    for i in range(machines):
        take = iter(free[i * per_machine : (i + 1) * per_machine])
        linux = str(next(take)) if with_linux else None
        windows = str(next(take)) if nodes in ("windows", "linuxandwindows") else None
        number = i + 2
        join_file = _in(folder, f"ScaleConfig-machine{number}.json")
        control_plane = i < control_planes
        make = (
            f"New-AksEdgeScaleConfig -outFile {ps_quote(join_file)} -ScaleType AddMachine "
            f"-NodeType {NODE_TYPE[nodes]}"
            + (f" -LinuxNodeIp {linux}" if linux else "")
            + (f" -WindowsNodeIp {windows}" if windows else "")
            + (" -ControlPlane" if control_plane else "")
        )
        machine = PlannedMachine(
            number,
            linux,
            windows,
            control_plane,
            join_file,
            [make],
            [
                f"aksedge-wizard --config {ps_quote(join_file)}   # set this box's adapter name, check the addresses",
                f"New-AksEdgeDeployment -JsonConfigFilePath {ps_quote(join_file)}",
            ],
        )
        planned.append(machine)
    return planned


def plan_add_node(draft: Draft, folder: str = "C:\\AksEdge") -> PlannedMachine:
    """A Windows node added to the first machine (New-AksEdgeScaleConfig -ScaleType AddNode, then
    Add-AksEdgeNode on that same machine), at the first free address of the subnet."""
    doc = Doc(draft.canonical())
    if doc.joining:
        raise PlanError("this is a join file; plan from the first machine's file, which made the cluster")
    if isinstance(doc.get("Machines[0].WindowsNode"), dict):
        raise PlanError("the first machine already has a Windows node; a machine holds at most one of each")
    if not isinstance(doc.get("Machines[0].LinuxNode"), dict):
        raise PlanError("the first machine has no Linux node; AddNode adds a Windows node beside a Linux one")
    scalable = bool(doc.deployment_type) and str(doc.deployment_type).casefold() == "scalablecluster"
    windows = None
    if scalable:
        gateway, prefix = doc.ip("Network.Ip4GatewayAddress"), doc.int_("Network.Ip4PrefixLength")
        if gateway is None or prefix is None or not 1 <= prefix <= 31:
            raise PlanError("the file needs Network.Ip4GatewayAddress and Network.Ip4PrefixLength to plan addresses")
        used = _taken(doc)
        subnet = ipaddress.IPv4Network(f"{gateway}/{prefix}", strict=False)
        free = next((ip for ip in subnet.hosts() if ip not in used), None)
        if free is None:
            raise PlanError(f"{subnet} has no free address for a Windows node")
        windows = str(free)
    join_file = _in(folder, "ScaleConfig-windows-node.json")
    make = f"New-AksEdgeScaleConfig -outFile {ps_quote(join_file)} -ScaleType AddNode -NodeType Windows" + (
        f" -WindowsNodeIp {windows}" if windows else ""
    )
    return PlannedMachine(
        1, None, windows, False, join_file, [make, f"Add-AksEdgeNode -JsonConfigFilePath {ps_quote(join_file)}"]
    )


def _in(folder: str, name: str) -> str:
    """A file in `folder`, with the folder's own separator (a Windows path normally; a POSIX one when the
    wizard runs elsewhere and names its own folder)."""
    sep = "/" if "/" in folder and "\\" not in folder else "\\"
    return folder.rstrip(sep) + sep + name


def as_json(planned: list[PlannedMachine]) -> list[dict[str, Any]]:
    return [asdict(m) for m in planned]


def add_node_text(node: PlannedMachine) -> str:
    where = f" at {node.windows_ip}" if node.windows_ip else ""
    lines = [f"A Windows node{where} on the first machine; there, in an elevated PowerShell:"]
    return "\n".join(lines + [f"  {c}" for c in node.commands_control_plane_machine])


def as_text(planned: list[PlannedMachine]) -> str:
    lines = [f"{'machine':<8} {'Linux node':<16} {'Windows node':<16} role"]
    for m in planned:
        role = "control plane" if m.control_plane else "worker"
        lines.append(f"{m.number:<8} {m.linux_ip or '-':<16} {m.windows_ip or '-':<16} {role}")
    lines.append("")
    lines.append("In this order (a join file's token lives 24 h and the next New-AksEdgeScaleConfig invalidates it):")
    for m in planned:
        lines.append(f"machine {m.number}:")
        lines += [
            f"  on the control-plane machine, elevated PowerShell:  {c}" for c in m.commands_control_plane_machine
        ]
        lines.append(f"  copy {m.join_file} to machine {m.number}, then there:")
        lines += [f"    {c}" for c in m.commands_new_machine]
    return "\n".join(lines)

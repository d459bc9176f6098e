"""Every check of a deployment document, as pure functions: Doc -> list[Finding].

`validate(draft)` runs them all; the TUI, `validate`, `render` and the tests read the same findings.
The rule numbers (V1..V19) are explained in docs/rules.md; field limits are in docs/fields.md.
"""

from __future__ import annotations

import difflib
import ipaddress
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from . import fields, values
from .draft import Draft, canonical_key, join_path, known_children
from .fields import KEY_TREE, KNOWN_SCHEMA_VERSIONS, NEWEST_SCHEMA_VERSION, PLACEHOLDER, SC, SM
from .findings import Finding, error, sort_findings, warning

IPv4 = ipaddress.IPv4Address
Net = ipaddress.IPv4Network

# Kubernetes-internal ranges per network plugin (V6, V7): flannel = K3s, calico = K8s.
CLUSTER_RANGES: dict[str, dict[str, Net]] = {
    "flannel": {"pod": Net("10.42.0.0/16"), "service": Net("10.43.0.0/16")},
    "calico": {"pod": Net("10.244.0.0/16"), "service": Net("10.96.0.0/12")},
}
DISTRIBUTION = {"flannel": "K3s", "calico": "K8s"}
# What New-AksEdgeConfig writes into Network.Proxy.No (reference 2.5).
DEFAULT_NO_PROXY = (
    "localhost,127.0.0.0/8,192.168.0.0/16,172.17.0.0/16,10.42.0.0/16,10.43.0.0/16,10.96.0.0/12,10.244.0.0/16,.svc"
)
LEGACY_KEYS = ("DeployOptions", "EndUser", "LinuxVm", "WindowsVm")
MAX_VCPUS_PER_HOST = 16
ARC_REQUIRED = fields.ARC_KEYS  # every Arc value is needed to connect

_NO_VALUE: tuple[Any, ...] = (None, "", [], {})
# What a join file leaves out: the cluster already has its service range (and Arc, see `arc`).
JOIN_NEEDS_NOT = ("Init.",)


def given(value: Any) -> bool:
    """The product treats null, missing, "" and an empty list alike; False is 'not switched on'."""
    return value is not False and not any(value is v or value == v for v in _NO_VALUE if type(v) is type(value))


@dataclass
class Doc:
    """A read-only view of the document for the rules: canonical keys, typed getters that never raise."""

    data: dict[str, Any]
    adapters: Sequence[Any] | None = None  # host facts (host.Adapter), when known
    _view: Draft = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._view = Draft(self.data)

    def get(self, path: str) -> Any:
        return self._view.get(path)

    def str_(self, path: str) -> str | None:
        value = self.get(path)
        return value if isinstance(value, str) and value.strip() else None

    def int_(self, path: str) -> int | None:
        value = self.get(path)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def ip(self, path: str) -> IPv4 | None:
        return values.ipv4(self.get(path))

    @cached_property
    def leaves(self) -> list[tuple[str, Any, fields.FieldSpec]]:
        return _leaves(self)

    @cached_property
    def deployment_type(self) -> str | None:
        value = self.str_("DeploymentType")
        for choice in (SM, SC):
            if value and value.casefold() == choice.casefold():
                return choice
        return None

    @cached_property
    def plugin(self) -> str:
        value = (self.str_("Network.NetworkPlugin") or "flannel").lower()
        return value if value in CLUSTER_RANGES else "flannel"

    @cached_property
    def joining(self) -> bool:
        """A populated Join section makes this a join file: a further machine of an existing cluster."""
        from .steps import is_joining

        return is_joining(self._view)

    @cached_property
    def machines(self) -> list[dict[str, Any]]:
        value = self.get("Machines")
        return [m if isinstance(m, dict) else {} for m in value] if isinstance(value, list) else []

    def nodes(self) -> Iterator[tuple[str, str]]:
        """(path of the node section, "Linux"/"Windows") for each node that is present."""
        for i, machine in enumerate(self.machines):
            for kind in ("Linux", "Windows"):
                if isinstance(machine.get(f"{kind}Node"), dict):
                    yield f"Machines[{i}].{kind}Node", kind

    @cached_property
    def subnet(self) -> Net | None:
        """The node subnet of a scalable cluster: gateway / prefix length."""
        gateway, prefix = self.ip("Network.Ip4GatewayAddress"), self.int_("Network.Ip4PrefixLength")
        if gateway is None or prefix is None or not 1 <= prefix <= 31:
            return None
        return Net(f"{gateway}/{prefix}", strict=False)


Rule = Callable[[Doc], Iterable[Finding]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


def label(path: str) -> str:
    spec = fields.spec_for(path)
    return spec.label if spec else path


# -- structure and types -----------------------------------------------------------------------------------
def _pydantic_message(err: Any) -> tuple[str, str]:  # pydantic's ErrorDetails
    kind = err["type"]
    given_value = err.get("input")
    value = values.show(given_value)
    typed = given_value.strip() if isinstance(given_value, str) else None
    # Say what fixes what was typed: quotes around a number in a file, letters where digits belong.
    int_hint = (
        "write the number without quotes, e.g. 4"
        if typed is not None and typed.lstrip("-").isdigit()
        else "type digits only, e.g. 4"
        if typed is not None
        else "write a whole number, e.g. 4"
    )
    bool_hint = (
        "write true or false without quotes"
        if typed is not None and typed.lower() in ("true", "false")
        else "use true or false"
    )
    expected = {
        "int_type": ("a whole number", int_hint),
        "bool_type": ("true or false", bool_hint),
        "string_type": ("text", "put the value in double quotes"),
        "list_type": ("a list", 'write it as a JSON list, e.g. ["192.168.1.1"]'),
        "model_type": ("an object", "write it as a JSON object { ... }"),
        "dict_type": ("an object", "write it as a JSON object { ... }"),
    }.get(kind.replace("_parsing", "_type"), ("valid", err.get("msg", "")))
    return f"must be {expected[0]}, not {value}", expected[1]


@rule
def types(doc: Doc) -> Iterator[Finding]:
    """Every value has the JSON type the product expects (strict: "4" is not 4)."""
    from pydantic import ValidationError  # lazy: pydantic is not needed for the first frame

    from .model import Deployment

    try:
        Deployment.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
            path = join_path(list(loc))
            if isinstance(err.get("input"), values.LongNumber):
                continue  # `long_numbers` says it better
            message, hint = _pydantic_message(err)
            yield error(path, f"{label(path)} {message}", hint, "type")


def legacy_keys(data: dict[str, Any]) -> list[str]:
    found = [k for k in data if k.casefold() in {x.casefold() for x in LEGACY_KEYS}]
    network = next((v for k, v in data.items() if k.casefold() == "network"), None)
    if isinstance(network, dict) and any(k.casefold() == "vswitch" for k in network):
        found.append("Network.VSwitch")
    return found


def legacy_findings(doc: Doc) -> list[Finding]:
    return [
        error(
            key,
            f"{key} belongs to the pre-GA 1.1 layout, which current AKS Edge releases reject",
            "migrate the file to the current layout (the wizard offers it: aksedge-wizard --config FILE)",
            "legacy.layout",
        )
        for key in legacy_keys(doc.data)
    ]


@rule
def unknown_keys(doc: Doc) -> Iterator[Finding]:
    """Keys the product does not know lose their value silently (docs/rules.md): say which key was meant."""
    everywhere = _all_known_paths()

    def walk(node: Any, tree: Any, parts: list[Any]) -> Iterator[Finding]:
        children = known_children(tree)
        if isinstance(node, list):
            for i, item in enumerate(node):
                yield from walk(item, tree, parts + [i])
            return
        if not isinstance(node, dict) or children is None:
            return
        for key, value in node.items():
            known = canonical_key(tree, key)
            if known:
                yield from walk(value, known[1], parts + [key])
                continue
            path = join_path(parts + [key])
            close = difflib.get_close_matches(key.casefold(), [c.casefold() for c in children], n=1, cutoff=0.75)
            proper = {c.casefold(): c for c in children}
            where = join_path([p for p in parts if isinstance(p, str)]) or "the top level"
            if close:
                hint = f"did you mean {proper[close[0]]}? The product ignores {key}"
            elif key.casefold() in everywhere:
                hint = f"{key} belongs in {everywhere[key.casefold()]}, not in {where}"
            else:
                hint = "remove it, or check the key's spelling against the documentation"
            yield warning(
                path, f"{key} is not a key the product knows in {where}; its value is ignored", hint, "key.unknown"
            )

    yield from walk(doc.data, KEY_TREE, [])


@cache  # KEY_TREE never changes
def _all_known_paths() -> dict[str, str]:
    """casefolded key -> the section it belongs in (for 'belongs in Init' hints)."""
    out: dict[str, str] = {}

    def walk(tree: Any, prefix: str) -> None:
        children = known_children(tree)
        for name, sub in (children or {}).items():
            out.setdefault(name.casefold(), prefix or "the top level")
            walk(sub, f"{prefix}.{name}" if prefix else name)

    walk(KEY_TREE, "")
    return out


def leaves(doc: Doc) -> list[tuple[str, Any, fields.FieldSpec]]:
    """(concrete path, value, spec) for every catalogued value present in the document (walked once per
    judgement: several rules ask, on every key press)."""
    return doc.leaves


def _leaves(doc: Doc) -> list[tuple[str, Any, fields.FieldSpec]]:
    found: list[tuple[str, Any, fields.FieldSpec]] = []

    # Paths built as strings on the way down, leaves appended to one list: this walk runs on every key.
    def walk(node: Any, tree: Any, path: str) -> None:
        if tree is None:
            spec = fields.spec_for(path)
            if spec is not None:
                found.append((path, node, spec))
        elif isinstance(tree, list):
            if isinstance(node, list):
                for i, item in enumerate(node):
                    walk(item, tree[0], f"{path}[{i}]")
        elif isinstance(node, dict):
            for key, value in node.items():
                known = canonical_key(tree, key)
                if known:
                    walk(value, known[1], f"{path}.{known[0]}" if path else known[0])

    walk(doc.data, KEY_TREE, "")
    return found


@rule
def schema_version(doc: Doc) -> Iterator[Finding]:
    value = doc.get("SchemaVersion")
    if not given(value):
        yield error(
            "SchemaVersion",
            "SchemaVersion is missing",
            f"set it to the version of your AKS Edge module, e.g. {NEWEST_SCHEMA_VERSION}",
            "version.missing",
        )
        return
    if not isinstance(value, str):
        return
    have = fields.version_tuple(value)
    if have and value.strip() not in KNOWN_SCHEMA_VERSIONS and have > fields.version_tuple(NEWEST_SCHEMA_VERSION):
        yield warning(
            "SchemaVersion",
            f"SchemaVersion {value} is newer than this wizard knows ({NEWEST_SCHEMA_VERSION})",
            "keys of that version are kept but not checked",
            "version.unknown",
        )
    elif have and value.strip() not in KNOWN_SCHEMA_VERSIONS and have >= (1, 5):
        yield warning(
            "SchemaVersion",
            f"SchemaVersion {value} is not a version the product has shipped",
            f"known versions: {', '.join(KNOWN_SCHEMA_VERSIONS)}",
            "version.unknown",
        )
    for path, leaf, spec in leaves(doc):
        if given(leaf) and have and fields.version_tuple(spec.since) > have:
            yield warning(
                path,
                f"{path.rsplit('.', 1)[-1]} needs schema {spec.since}; the file says {value}",
                f"set SchemaVersion to {spec.since} or newer if your AKS Edge module supports it, or remove the key",
                "version.key-newer",
            )


@rule
def long_numbers(doc: Doc) -> Iterator[Finding]:
    """A number of dozens of digits anywhere (known key or not): no setting takes it, and it must not be
    rewritten as anything else."""
    stack: list[tuple[Any, list[Any]]] = [(doc.data, [])]
    while stack:
        node, parts = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            if isinstance(value, values.LongNumber):
                path = join_path([*parts, key])
                yield error(
                    path,
                    f"{label(path)} is a number of {len(value.lstrip('-'))} digits",
                    "write the value the setting takes (see `aksedge-wizard explain`)",
                    "json.long-number",
                )
            elif isinstance(value, dict | list):
                stack.append((value, [*parts, key]))


@rule
def field_values(doc: Doc) -> Iterator[Finding]:
    """Each value on its own: syntax, range, choices (from the field catalogue)."""
    for path, value, spec in leaves(doc):
        if isinstance(value, str) and not value.strip():
            continue  # empty is "not given" (the product reads it so); `applies_to_mode` says if it is required
        problem = spec.check(value)
        if problem:
            yield error(path, problem.message, problem.hint, problem.rule)


@rule
def deployment_type(doc: Doc) -> Iterator[Finding]:
    value = doc.get("DeploymentType")
    if not given(value):
        yield error(
            "DeploymentType",
            "DeploymentType is missing",
            f"set it to {SM} (one box) or {SC} (several machines)",
            "deployment.type",
        )


@rule
def applies_to_mode(doc: Doc) -> Iterator[Finding]:
    """V1, V2: what single machine forbids and scalable requires (catalogue `modes`, `required_in`)."""
    mode = doc.deployment_type
    if mode is None:
        return
    name = "a single machine cluster" if mode == SM else "a scalable cluster"
    for path, value, spec in leaves(doc):
        if mode not in spec.modes and given(value):
            yield error(
                path,
                f"{spec.label} cannot be set for {name}",
                "remove it"
                + (" (a single machine uses an internal switch with automatic addresses)" if mode == SM else ""),
                "mode.forbidden",
            )
    for spec in fields.CATALOGUE:
        if mode not in spec.required_in or (doc.joining and spec.path.startswith(JOIN_NEEDS_NOT)):
            continue
        for path in _required_paths(doc, spec):
            if not given(doc.get(path)):
                hint = f"enter it, e.g. {spec.example}" if spec.example else "enter it"
                near = _misspelling_of(doc, path)
                if near:
                    hint = f"the file has {near}: rename it to {path.rsplit('.', 1)[-1]}"
                yield error(path, f"{spec.label}: required for {name}", hint, "mode.required")


def _misspelling_of(doc: Doc, path: str) -> str | None:
    """An unknown key beside `path` that is probably it misspelt (Ip4GateWayAddres for Ip4GatewayAddress)."""
    parent_path, _, key = path.rpartition(".")
    parent = doc.get(parent_path) if parent_path else doc.data
    if not isinstance(parent, dict):
        return None
    others = [k.casefold() for k in parent if k.casefold() != key.casefold()]  # the key itself may be null
    close = difflib.get_close_matches(key.casefold(), others, n=1, cutoff=0.75)
    return next((k for k in parent if close and k.casefold() == close[0]), None)


def _required_paths(doc: Doc, spec: fields.FieldSpec) -> Iterator[str]:
    if not spec.path.startswith("Machines[*]"):
        yield spec.path
        return
    for i, machine in enumerate(doc.machines):
        if spec.node and not isinstance(machine.get(f"{spec.node}Node"), dict):
            continue
        yield fields.concrete(spec, i)


@rule
def machines(doc: Doc) -> Iterator[Finding]:
    raw = doc.get("Machines")
    if not isinstance(raw, list) or not raw:
        if raw is None or raw == []:
            yield error(
                "Machines",
                "Machines is missing or empty",
                "add one machine with a LinuxNode section",
                "machines.missing",
            )
        return
    mode = doc.deployment_type
    if len(raw) > 1:
        message = f"Machines lists {len(raw)} machines; a deployment file describes one machine"
        hint = "keep one machine here; add the others with New-AksEdgeScaleConfig on the first machine"
        yield (error if mode == SM else warning)("Machines", message, hint, "machines.count")
    joining = doc.joining
    for i, machine in enumerate(doc.machines):
        has_linux = isinstance(machine.get("LinuxNode"), dict)
        has_windows = isinstance(machine.get("WindowsNode"), dict)
        if not has_linux and not has_windows:
            yield error(
                f"Machines[{i}]",
                f"Machines[{i}] has neither a LinuxNode nor a WindowsNode",
                "add a LinuxNode section",
                "machines.node",
            )
        elif not has_linux and not joining:
            yield error(
                f"Machines[{i}].LinuxNode",
                "the first machine of a cluster needs a Linux node",
                "add a LinuxNode section: the control plane runs on Linux",
                "machines.linux",
            )
    if mode == SC and not joining and doc.machines:
        first = doc.machines[0].get("LinuxNode")
        # Absent is fine: the machine that creates the cluster gets the control plane (Learn's own example).
        if isinstance(first, dict) and first.get("ControlPlane") is False:
            yield warning(
                "Machines[0].LinuxNode.ControlPlane",
                "the first machine's Linux node is not a control-plane node, so the new cluster would have none",
                "set ControlPlane to true",
                "machines.control-plane",
            )


@rule
def eula(doc: Doc) -> Iterator[Finding]:
    if doc.get("User.AcceptEula") is not True:
        yield error(
            "User.AcceptEula",
            "the licence terms are not accepted (User.AcceptEula is not true)",
            "read the AKS Edge Essentials licence terms, then set AcceptEula to true",
            "user.eula",
        )


# -- addressing -------------------------------------------------------------------------------------------
def _node_ips(doc: Doc) -> list[tuple[str, IPv4]]:
    out = []
    for section, _kind in doc.nodes():
        address = doc.ip(f"{section}.Ip4Address")
        if address is not None:
            out.append((f"{section}.Ip4Address", address))
    return out


def service_range(doc: Doc) -> tuple[IPv4, IPv4] | None:
    start, size = doc.ip("Init.ServiceIPRangeStart"), doc.int_("Init.ServiceIPRangeSize")
    if start is None or size is None or not 1 <= size <= 127:
        return None
    end_int = int(start) + size - 1
    return (start, IPv4(min(end_int, 2**32 - 1))) if end_int < 2**32 else None


@rule
def addressing(doc: Doc) -> Iterator[Finding]:
    """V3, V4: node IPs, control-plane endpoint and service range inside the gateway's subnet, distinct."""
    if doc.deployment_type != SC:
        return
    gw_path = "Network.Ip4GatewayAddress"
    gateway = doc.ip(gw_path)
    subnet = doc.subnet
    members = _node_ips(doc)
    cp = doc.ip("Network.ControlPlaneEndpointIp")
    if cp is not None:
        members.append(("Network.ControlPlaneEndpointIp", cp))
    start = doc.ip("Init.ServiceIPRangeStart")
    if start is not None:
        members.append(("Init.ServiceIPRangeStart", start))
    if subnet is not None and gateway is not None:
        if subnet.prefixlen < 31 and gateway in (subnet.network_address, subnet.broadcast_address):
            which = "network" if gateway == subnet.network_address else "broadcast"
            yield error(
                gw_path,
                f"Gateway {gateway} is the {which} address of {subnet}",
                "use the router's address, usually .1 of the subnet",
                "network.gateway",
            )
        for path, address in members:
            if address not in subnet:
                msg = f"{label(path)} {address} is not in the gateway's subnet {subnet}"
                yield error(path, msg, f"use an address in {subnet} or fix the gateway and prefix", "network.subnet")
                yield error(
                    gw_path,
                    f"Gateway {gateway}/{subnet.prefixlen} does not reach {label(path)} {address}",
                    f"fix the gateway or prefix length, or move {label(path)} into {subnet}",
                    "network.subnet",
                )
            elif subnet.prefixlen < 31 and address in (subnet.network_address, subnet.broadcast_address):
                which = "network" if address == subnet.network_address else "broadcast"
                yield error(
                    path,
                    f"{label(path)} {address} is the {which} address of {subnet}",
                    f"use an address between {subnet.network_address + 1} and {subnet.broadcast_address - 1}",
                    "network.reserved",
                )
    # distinct from each other and from the gateway
    seen: dict[IPv4, str] = {}
    everyone = ([(gw_path, gateway)] if gateway is not None else []) + members
    for path, address in everyone:
        if address in seen:
            other = seen[address]
            msg = f"{label(path)} {address} is also used by {label(other)}"
            yield error(
                path,
                msg,
                "give every node, the control-plane endpoint and the gateway its own address",
                "network.distinct",
            )
            yield error(
                other,
                f"{label(other)} {address} is also used by {label(path)}",
                "give every node, the control-plane endpoint and the gateway its own address",
                "network.distinct",
            )
        else:
            seen[address] = path
    yield from _service_range_rules(doc, subnet, everyone)


def _service_range_rules(doc: Doc, subnet: Net | None, used: list[tuple[str, IPv4]]) -> Iterator[Finding]:
    size_path, start_path = "Init.ServiceIPRangeSize", "Init.ServiceIPRangeStart"
    size = doc.int_(size_path)
    if size is not None and size > 0 and not given(doc.get(start_path)):
        yield error(
            start_path,
            f"Service IP range start is required when the range size is {size}",
            "enter the first address of a free block in the node subnet",
            "service.start",
        )
    if size == 0:
        yield warning(
            size_path,
            "Service IP range size is 0: LoadBalancer services get no address (Arc and GitOps need some)",
            "reserve e.g. 10 addresses",
            "service.size",
        )
    span = service_range(doc)
    if span is None:
        return
    first, last = span
    if size is None or int(first) + size - 1 >= 2**32:
        return
    if subnet is not None and first in subnet:
        top = subnet.broadcast_address - (1 if subnet.prefixlen < 31 else 0)
        if last > top:
            room = int(top) - int(first) + 1
            yield error(
                size_path,
                f"Service IP range {first}-{last} runs past the end of {subnet}",
                f"use a size of at most {room}, or an earlier start address",
                "service.fit",
            )
            fits = _free_start(subnet, size, {a for p, a in used if p != start_path}, int(top) - size + 1)
            yield error(
                start_path,
                f"Service IP range {first}-{last} runs past the end of {subnet}",
                f"start at {fits}: the range then fits and clears the nodes, gateway and endpoint"
                if fits is not None
                else "make the range smaller",
                "service.fit",
            )
    for path, address in used:
        if path == start_path:
            continue
        if first <= address <= last:
            msg = f"{label(path)} {address} lies inside the service IP range {first}-{last}"
            hint = "move the service range, or pick an address outside it"
            yield error(path, msg, hint, "service.overlap")
            yield error(start_path, msg, hint, "service.overlap")


def _free_start(subnet: Net, size: int, used: set[IPv4], highest: int, tries: int = 4096) -> IPv4 | None:
    """The highest start at or below `highest` whose block of `size` stays in the subnet and holds none of
    `used`: a suggested fix must itself pass the rules."""
    lowest = int(subnet.network_address) + 1
    taken = {int(a) for a in used}
    for start in range(highest, max(lowest, highest - tries) - 1, -1):
        if not any(start <= t < start + size for t in taken):
            return IPv4(start)
    return None


@rule
def cluster_ranges(doc: Doc) -> Iterator[Finding]:
    """V6: host-side addresses must not overlap the pod/service CIDRs of the plugin's distribution."""
    ranges = CLUSTER_RANGES[doc.plugin]
    dist = DISTRIBUTION[doc.plugin]

    def clash(net: Net) -> Iterator[tuple[str, Net]]:
        for name, cidr in ranges.items():
            if net.overlaps(cidr):
                yield name, cidr

    subnet = doc.subnet if doc.deployment_type == SC else None
    if subnet is not None:
        for name, cidr in clash(subnet):
            msg = f"node subnet {subnet} overlaps the {dist} {name} range {cidr}"
            hint = f"{dist} reserves {cidr}; use another subnet for the nodes"
            yield error("Network.Ip4GatewayAddress", msg, hint, "network.cluster-overlap")
            yield error("Network.Ip4PrefixLength", msg, hint, "network.cluster-overlap")
    prefix = doc.get("Network.Ip4AddressPrefix")
    if doc.deployment_type == SM and isinstance(prefix, str) and values.check_cidr24(prefix, "") is None:
        for name, cidr in clash(Net(prefix)):
            yield error(
                "Network.Ip4AddressPrefix",
                f"internal subnet {prefix} overlaps the {dist} {name} range {cidr}",
                "pick another /24, e.g. 192.168.100.0/24",
                "network.cluster-overlap",
            )
    singles = _node_ips(doc) + [
        (p, doc.ip(p)) for p in ("Network.ControlPlaneEndpointIp", "Init.ServiceIPRangeStart") if doc.ip(p) is not None
    ]
    if subnet is None:  # the subnet finding already covers every address inside it
        for path, address in singles:
            for name, cidr in ranges.items():
                if address in cidr:
                    yield error(
                        path,
                        f"{label(path)} {address} is inside the {dist} {name} range {cidr}",
                        f"{dist} reserves {cidr}; pick an address outside it",
                        "network.cluster-overlap",
                    )


@rule
def dns_servers(doc: Doc) -> Iterator[Finding]:
    value = doc.get("Network.DnsServers")
    if not isinstance(value, list):
        return
    seen: dict[str, int] = {}
    for i, item in enumerate(value):
        path = f"Network.DnsServers[{i}]"
        address = values.ipv4(item)
        if address is not None and address.is_loopback:
            yield error(
                path,
                f"DNS server {address} is the host's own loopback resolver; the nodes cannot reach it",
                "enter the upstream DNS server (on Linux: /run/systemd/resolve/resolv.conf)",
                "dns.loopback",
            )
            continue
        problem = values.check_ipv4(item, "DNS server")
        if problem:
            yield error(path, problem.message, problem.hint, "dns.syntax")
            continue
        for name, cidr in CLUSTER_RANGES[doc.plugin].items():
            if address in cidr:
                yield error(
                    path,
                    f"DNS server {address} is inside the {DISTRIBUTION[doc.plugin]} {name} range {cidr}",
                    "the nodes need a DNS server of your network, not a cluster address",
                    "dns.cluster-range",
                )
        key = str(address)
        if key in seen:
            yield warning(path, f"DNS server {address} is listed twice", f"remove entry {i + 1}", "dns.duplicate")
        seen[key] = i
    if len(value) > 3:
        yield warning(
            "Network.DnsServers",
            f"{len(value)} DNS servers listed; resolvers use at most 3",
            "keep the three most reliable servers",
            "dns.count",
        )


@rule
def proxy(doc: Doc) -> Iterator[Finding]:
    no_raw = doc.get("Network.Proxy.No")
    entries = values.no_proxy_entries(no_raw) if isinstance(no_raw, str) else []
    for entry in entries:
        why = values.check_no_proxy_entry(entry)
        if why:
            yield warning(
                "Network.Proxy.No",
                f"no-proxy entry {values.show(entry)} is {why}",
                "fix or remove that entry",
                "proxy.no-entry",
            )
    if not (given(doc.get("Network.Proxy.Http")) or given(doc.get("Network.Proxy.Https"))):
        return
    effective = entries or values.no_proxy_entries(DEFAULT_NO_PROXY)
    missing = [need for need in required_no_proxy(doc) if not _covered(need, effective)]
    if missing:
        yield warning(
            "Network.Proxy.No",
            f"the no-proxy list misses {', '.join(missing)}; cluster traffic to them would go through the proxy",
            f"add {','.join(missing)}",
            "proxy.no-missing",
        )


def required_no_proxy(doc: Doc) -> list[str]:
    """What no_proxy must cover so cluster-internal traffic bypasses the proxy."""
    need = ["localhost", "127.0.0.0/8", ".svc"] + [str(c) for c in CLUSTER_RANGES[doc.plugin].values()]
    if doc.deployment_type == SC and doc.subnet is not None:
        need.append(str(doc.subnet))
    prefix = doc.get("Network.Ip4AddressPrefix")
    if doc.deployment_type == SM and isinstance(prefix, str) and values.check_cidr24(prefix, "") is None:
        need.append(prefix)
    return need


def no_proxy_completion(data: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(the no-proxy entries in force, the cluster ranges they miss) for a document: what Ctrl+R adds."""
    doc = Doc(Draft(data).canonical())
    current = doc.get("Network.Proxy.No")
    entries = (
        values.no_proxy_entries(current)
        if isinstance(current, str) and current.strip()
        else values.no_proxy_entries(DEFAULT_NO_PROXY)
    )
    return entries, [need for need in required_no_proxy(doc) if not _covered(need, entries)]


def _covered(need: str, entries: list[str]) -> bool:
    folded = [e.casefold() for e in entries]
    if need.casefold() in folded or "*" in folded:
        return True
    try:
        net = ipaddress.ip_network(need, strict=False)
    except ValueError:
        return False
    for entry in entries:
        try:
            if net.subnet_of(ipaddress.ip_network(entry, strict=False)):  # type: ignore[arg-type]
                return True
        except (ValueError, TypeError):
            continue
    return False


# -- machine resources ------------------------------------------------------------------------------------
@rule
def vcpu_budget(doc: Doc) -> Iterator[Finding]:
    """V8: at most 16 vCPUs for all VMs of one host."""
    for i, machine in enumerate(doc.machines):
        counts = []
        for kind in ("Linux", "Windows"):
            node = machine.get(f"{kind}Node")
            cpu = node.get("CpuCount") if isinstance(node, dict) else None
            if isinstance(cpu, int) and not isinstance(cpu, bool):
                counts.append((f"Machines[{i}].{kind}Node.CpuCount", cpu))
        total = sum(c for _, c in counts)
        if total > MAX_VCPUS_PER_HOST and len(counts) > 1:
            for path, _cpu in counts:
                yield error(
                    path,
                    f"the nodes of machine {i} ask for {total} vCPUs together; the limit is {MAX_VCPUS_PER_HOST}",
                    "lower the Linux or Windows CPU count",
                    "machine.vcpu-total",
                )


@rule
def mac_addresses(doc: Doc) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for section, _kind in doc.nodes():
        path = f"{section}.MacAddress"
        mac = doc.str_(path)
        if mac is None or values.check_mac(mac, "") is not None:
            continue
        key = values.normalise_mac(mac)
        if key in seen:
            for p, other in ((path, seen[key]), (seen[key], path)):
                yield error(
                    p,
                    f"MAC {key} is also used by {other}",
                    "give every node its own MAC, or leave one empty",
                    "mac.unique",
                )
        else:
            seen[key] = path


@rule
def legacy_node_mtu(doc: Doc) -> Iterator[Finding]:
    for section, _kind in doc.nodes():
        if given(doc.get(f"{section}.Mtu")):
            machine = section.split(".")[0]
            yield warning(
                f"{section}.Mtu",
                "a per-node Mtu is the old place for the MTU",
                f"set {machine}.NetworkConnection.Mtu instead",
                "mtu.legacy",
            )


@rule
def secondary_networks(doc: Doc) -> Iterator[Finding]:
    """V12: a secondary network's static IP trio is all or nothing; the address fits its gateway's subnet."""
    trio = ("Ip4Address", "Ip4PrefixLength", "Ip4GatewayAddress")
    for section, kind in doc.nodes():
        nets = doc.get(f"{section}.SecondaryNetworks")
        if kind != "Linux" or not isinstance(nets, list):
            continue
        for j, net in enumerate(nets):
            if not isinstance(net, dict):
                continue
            base = f"{section}.SecondaryNetworks[{j}]"
            if not given(doc.get(f"{base}.VMSwitchName")):
                yield error(
                    f"{base}.VMSwitchName",
                    "a secondary network needs its Hyper-V switch name",
                    "enter the name of the switch (Get-VMSwitch)",
                    "secondary.switch",
                )
            present = [k for k in trio if given(doc.get(f"{base}.{k}"))]
            if present and len(present) < 3:
                for k in trio:
                    if k not in present:
                        yield error(
                            f"{base}.{k}",
                            f"{k} is missing while {', '.join(present)} is set",
                            "give all of Ip4Address, Ip4PrefixLength and Ip4GatewayAddress, or none",
                            "secondary.trio",
                        )
            address, gateway = doc.ip(f"{base}.Ip4Address"), doc.ip(f"{base}.Ip4GatewayAddress")
            prefix = doc.int_(f"{base}.Ip4PrefixLength")
            if address and gateway and prefix and 1 <= prefix <= 31:
                subnet = Net(f"{gateway}/{prefix}", strict=False)
                if address not in subnet:
                    yield error(
                        f"{base}.Ip4Address",
                        f"secondary address {address} is not in {subnet}",
                        "fix the address or the secondary gateway",
                        "secondary.subnet",
                    )
                elif address == gateway:
                    yield error(
                        f"{base}.Ip4Address",
                        f"secondary address {address} equals its gateway",
                        "give the node its own address",
                        "secondary.subnet",
                    )


@rule
def gpu(doc: Doc) -> Iterator[Finding]:
    for section, kind in doc.nodes():
        gpu_section = doc.get(f"{section}.GpuPassthrough")
        if kind == "Linux" and isinstance(gpu_section, dict) and any(given(v) for v in gpu_section.values()):
            if doc.get("User.AcceptGpuWarning") is not True:
                yield warning(
                    "User.AcceptGpuWarning",
                    "GPU passthrough is set but the GPU warning is not accepted; the deployment will stop and ask",
                    "set User.AcceptGpuWarning to true",
                    "gpu.warning",
                )


@rule
def arc(doc: Doc) -> Iterator[Finding]:
    """V17: Arc is required from 1.10.868.0 and blocks deployment from 1.11.230.0, unless offline or volume-licensed."""
    if doc.get("Network.InternetDisabled") is True or doc.joining:
        return  # a joining machine's cluster was connected to Arc from the first machine
    licence = doc.get("User.VolumeLicense")
    if isinstance(licence, dict) and any(given(v) for v in licence.values()):
        return
    missing = [k for k in ARC_REQUIRED if not given(doc.get(f"Arc.{k}"))]
    if len(missing) == len(ARC_REQUIRED):
        yield warning(
            "Arc",
            "the Arc section is empty; AKS Edge 1.11.230.0 and later refuse to deploy without it",
            "fill in the Arc values, or set Network.InternetDisabled for an offline deployment",
            "arc.missing",
        )
    elif missing:
        yield warning(
            "Arc",
            f"Arc is partly filled: {', '.join(missing)} missing",
            "fill in every Arc value; a partial Arc section blocks deployment on 1.11.230.0 and later",
            "arc.partial",
        )


@rule
def adapter_on_host(doc: Doc) -> Iterator[Finding]:
    """V18: the adapter exists on this host, is up and is not Wi-Fi (only when host facts are known)."""
    if doc.adapters is None or doc.deployment_type != SC:
        return
    by_name = {a.name.casefold(): a for a in doc.adapters}
    for i, _machine in enumerate(doc.machines):
        path = f"Machines[{i}].NetworkConnection.AdapterName"
        name = doc.str_(path)
        if name is None:
            continue
        adapter = by_name.get(name.casefold())
        if adapter is None:
            names = ", ".join(a.name for a in doc.adapters) or "none"
            yield warning(
                path,
                f"adapter {values.show(name)} is not a physical adapter of this host",
                f"physical adapters here: {names}",
                "adapter.unknown",
            )
            continue
        if adapter.wifi:
            yield warning(
                path,
                f"adapter {adapter.name} is Wi-Fi; the external switch on Wi-Fi is unreliable",
                "use a wired adapter, or create the external switch in Hyper-V Manager first",
                "adapter.wifi",
            )
        if adapter.status.lower() != "up":
            yield warning(
                path,
                f"adapter {adapter.name} is {adapter.status}",
                "connect its cable or pick an adapter that is Up",
                "adapter.down",
            )


# -- entry point ------------------------------------------------------------------------------------------
def validate(
    draft: Draft | dict[str, Any],
    *,
    adapters: Sequence[Any] | None = None,
    load_findings: Sequence[Finding] = (),
    typed: bool = False,
) -> list[Finding]:
    """All findings for a document, errors first. Never raises on any JSON-shaped input. `typed`: every
    value is known to have its catalogue type (a new document as the template made it), so the pydantic
    type pass, which cannot find anything there, is left out (it costs a model build on the first run)."""
    if isinstance(draft, Draft):
        load_findings = list(load_findings) + list(draft.load_findings)
        data = draft.canonical()
    else:
        data = Draft(draft).canonical()
    doc = Doc(data, adapters)
    found: list[Finding] = list(load_findings)
    legacy = legacy_findings(doc)
    if legacy:
        return sort_findings(_safe(found + legacy, data))
    for check in RULES:
        if not (typed and check is types):
            found.extend(check(doc))
    return sort_findings(_safe(found, data))


def _safe(found: list[Finding], data: dict[str, Any]) -> list[Finding]:
    """No finding shows a secret (by what the document holds at secret paths, whatever the rule quoted) or
    a control character from the file (an escape sequence in a key or value must not drive the terminal)."""
    from dataclasses import replace

    from .redact import redactor

    hide = redactor(data)

    def clean(text: str) -> str:
        return values.printable(hide(text), keep_newlines=True)

    return [replace(f, path=clean(f.path), message=clean(f.message), hint=clean(f.hint)) for f in found]


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_error]


@rule
def join(doc: Doc) -> Iterator[Finding]:
    """V15 and the scale-out page: what a join file needs for the kind of node it adds."""
    if not doc.joining:
        return
    for path, value, spec in leaves(doc):
        if isinstance(value, str) and PLACEHOLDER.match(value.strip()):
            yield error(
                path,
                f"{label(path)} is still a template: a placeholder"
                if spec.secret
                else f"{label(path)} is still a template: {value!r} is a placeholder",
                "fill in this machine's value (New-AksEdgeScaleConfig leaves it for you)",
                "join.template",
            )
    if doc.plugin == "calico" and not given(doc.get("Join.DiscoveryTokenHash")):
        yield error(
            "Join.DiscoveryTokenHash",
            "a K8s (calico) join needs Join.DiscoveryTokenHash",
            "copy the join file again from New-AksEdgeScaleConfig on the control-plane machine",
            "join.discovery-hash",
        )
    key = given(doc.get("Join.CertificateKey"))
    for i, machine in enumerate(doc.machines):
        linux = machine.get("LinuxNode")
        control_plane = isinstance(linux, dict) and linux.get("ControlPlane") is True
        if key and not control_plane:
            yield error(
                f"Machines[{i}].LinuxNode.ControlPlane",
                "Join.CertificateKey is for an extra control-plane node, but this Linux node is not one",
                "set ControlPlane to true, or make a worker join file (New-AksEdgeScaleConfig without -ControlPlane)",
                "join.control-plane",
            )
        elif control_plane and not key:
            yield error(
                "Join.CertificateKey",
                "an extra control-plane node needs Join.CertificateKey",
                "make the join file with New-AksEdgeScaleConfig -ControlPlane, or set ControlPlane to false",
                "join.certificate-key",
            )

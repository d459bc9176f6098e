"""Proposals for a scalable cluster's addresses: free-looking addresses in the node subnet that break no rule."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from itertools import chain, islice

from . import rules, values
from .draft import Draft
from .fields import PLACEHOLDER

IPv4 = ipaddress.IPv4Address


def suggest_addresses(draft: Draft, taken: set[str] | frozenset[str] = frozenset()) -> dict[str, object]:
    """Values for the empty addressing fields; `taken` holds addresses known to be in use (host, probes).

    The plan follows the documentation's example: nodes and control plane high in the subnet, the service
    range below them, everything clear of the gateway, the host itself and each other.
    """
    doc = rules.Doc(draft.canonical())
    joining = doc.joining  # a join file: only this machine's nodes; the rest is the cluster's
    subnet = doc.subnet
    if subnet is None or subnet.num_addresses < 16:
        return {}
    used = {IPv4(t) for t in taken if values.ipv4(t)}
    for path in (
        "Network.Ip4GatewayAddress",
        "Network.ControlPlaneEndpointIp",
        "Init.ServiceIPRangeStart",
        "Machines[0].LinuxNode.Ip4Address",
        "Machines[0].WindowsNode.Ip4Address",
    ):
        address = doc.ip(path)
        if address is not None:
            used.add(address)
    servers = doc.get("Network.DnsServers")
    used |= {ip for s in (servers if isinstance(servers, list) else []) if (ip := values.ipv4(s))}
    span = rules.service_range(doc)
    if span:
        used.update(IPv4(i) for i in range(int(span[0]), int(span[1]) + 1))
    first, last = int(subnet.network_address) + 1, int(subnet.broadcast_address) - 1
    proposals: dict[str, object] = {}

    def pick(start: int) -> IPv4 | None:
        for candidate in _around(start, first, last):
            address = IPv4(candidate)
            if address not in used:
                used.add(address)
                return address
        return None

    anchor = first + (last - first) * 3 // 4  # e.g. .191 of a /24
    wanted = [] if joining else [("Network.ControlPlaneEndpointIp", anchor)]
    if isinstance(draft.get("Machines[0].LinuxNode"), dict):
        wanted.append(("Machines[0].LinuxNode.Ip4Address", anchor - 20))
    if isinstance(draft.get("Machines[0].WindowsNode"), dict):
        wanted.append(("Machines[0].WindowsNode.Ip4Address", anchor - 19))
    for path, start in wanted:
        if empty(doc.get(path)):
            address = pick(start)
            if address is not None:
                proposals[path] = str(address)
    if joining:
        return proposals
    given_size = doc.int_("Init.ServiceIPRangeSize")
    if empty(doc.get("Init.ServiceIPRangeStart")):
        size = given_size if given_size and 0 < given_size <= 127 else 10
        block = _free_block(size, first + (last - first) * 3 // 5, first, last, used)
        if block is not None:
            proposals["Init.ServiceIPRangeStart"] = str(IPv4(block))
            if doc.int_("Init.ServiceIPRangeSize") in (None, 0):
                proposals["Init.ServiceIPRangeSize"] = size
    return proposals


def empty(value: object) -> bool:
    """Suggestions fill what is empty (or a template's placeholder), never what the person typed."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    return isinstance(value, str) and bool(PLACEHOLDER.match(value.strip()))


def _around(start: int, first: int, last: int, limit: int = 4096) -> Iterator[int]:
    """Candidates from `start` upwards, then downwards: lazily and a bounded number (a /2 is huge)."""
    return islice(chain(range(start, last + 1), range(start - 1, first - 1, -1)), limit)


def _free_block(size: int, start: int, first: int, last: int, used: set[IPv4]) -> int | None:
    for base in _around(start, first, last - size + 1):
        if base + size - 1 <= last and all(IPv4(i) not in used for i in range(base, base + size)):
            return base
    return None

"""Proposals for a scalable cluster's addresses: free-looking addresses in the node subnet that break no rule."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from itertools import chain, islice

from . import rules, values
from .draft import Draft

IPv4 = ipaddress.IPv4Address


def suggest_addresses(draft: Draft, taken: set[str] | frozenset[str] = frozenset()) -> dict[str, object]:
    """Values for the empty addressing fields; `taken` holds addresses known to be in use (host, probes).

    The plan follows the documentation's example: nodes and control plane high in the subnet, the service
    range below them, everything clear of the gateway, the host itself and each other.
    """
    doc = rules.Doc(draft.canonical())
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
    wanted = [("Network.ControlPlaneEndpointIp", anchor)]
    if isinstance(draft.get("Machines[0].LinuxNode"), dict):
        wanted.append(("Machines[0].LinuxNode.Ip4Address", anchor - 20))
    if isinstance(draft.get("Machines[0].WindowsNode"), dict):
        wanted.append(("Machines[0].WindowsNode.Ip4Address", anchor - 19))
    for path, start in wanted:
        if doc.ip(path) is None:
            address = pick(start)
            if address is not None:
                proposals[path] = str(address)
    given_size = doc.int_("Init.ServiceIPRangeSize")
    if doc.ip("Init.ServiceIPRangeStart") is None:
        size = given_size if given_size and 0 < given_size <= 127 else 10
        block = _free_block(size, first + (last - first) * 3 // 5, first, last, used)
        if block is not None:
            proposals["Init.ServiceIPRangeStart"] = str(IPv4(block))
            if doc.int_("Init.ServiceIPRangeSize") in (None, 0):
                proposals["Init.ServiceIPRangeSize"] = size
    return proposals


def _around(start: int, first: int, last: int, limit: int = 4096) -> Iterator[int]:
    """Candidates from `start` upwards, then downwards: lazily and a bounded number (a /2 is huge)."""
    return islice(chain(range(start, last + 1), range(start - 1, first - 1, -1)), limit)


def _free_block(size: int, start: int, first: int, last: int, used: set[IPv4]) -> int | None:
    for base in _around(start, first, last - size + 1):
        if base + size - 1 <= last and all(IPv4(i) not in used for i in range(base, base + size)):
            return base
    return None

"""Checks of one value on its own (an address, a MAC, a URL...), shared by every field of that kind.

Each checker takes the value as the document holds it and returns a Problem or None. Typed parsing
(text typed in a field -> JSON value) lives beside them so the TUI and the answers file agree.
"""

from __future__ import annotations

import ipaddress
import random
import re
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Problem:
    message: str
    hint: str
    rule: str


MAC_RE = re.compile(r"^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$")
_HOST_RE = re.compile(
    r"^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\.?$"
)


def show(value: Any) -> str:
    """A value as it should appear inside a message: short, quoted, printable."""
    text = value if isinstance(value, str) else repr(value)
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def ipv4(value: Any) -> ipaddress.IPv4Address | None:
    """The address, or None when the value is not a dotted-quad IPv4 address."""
    return _ipv4(value) if isinstance(value, str) else None


@lru_cache(maxsize=1024)  # the rules read the same few addresses on every key press
def _ipv4(text: str) -> ipaddress.IPv4Address | None:
    try:
        return ipaddress.IPv4Address(text.strip())
    except ValueError:
        return None


def split_prefix(value: Any) -> tuple[str, int] | None:
    """`192.168.1.171/24` typed where an address belongs: (address, prefix length), or None."""
    if not isinstance(value, str) or value.count("/") != 1:
        return None
    address, _, prefix = value.strip().partition("/")
    if ipv4(address) is None or not prefix.isdigit() or not 1 <= int(prefix) <= 32:
        return None
    return address, int(prefix)


def check_ipv4(value: Any, label: str) -> Problem | None:
    address = ipv4(value)
    if address is None and (split := split_prefix(value)) is not None:
        return Problem(
            f"{label} {show(value)} is an address with a prefix length",
            f"keep {split[0]} here and put {split[1]} in Prefix length (Ctrl+E splits it)",
            "ipv4.with-prefix",
        )
    if address is None:
        if isinstance(value, str) and ":" in value:
            return Problem(
                f"{label} {show(value)} is an IPv6 address; AKS Edge Essentials needs IPv4",
                "enter an IPv4 address such as 192.168.1.10",
                "ipv4.syntax",
            )
        return Problem(
            f"{label} {show(value)} is not an IPv4 address",
            "write four numbers 0-255 separated by dots, e.g. 192.168.1.10",
            "ipv4.syntax",
        )
    if (
        address.is_unspecified
        or address.is_multicast
        or address.is_loopback
        or address.is_link_local
        or address == ipaddress.IPv4Address("255.255.255.255")
        or address.is_reserved
    ):
        kind = (
            "unspecified"
            if address.is_unspecified
            else "multicast"
            if address.is_multicast
            else "loopback"
            if address.is_loopback
            else "link-local"
            if address.is_link_local
            else "reserved"
        )
        return Problem(
            f"{label} {show(value)} is a {kind} address, not usable on the network",
            "use a normal unicast address of the node subnet",
            "ipv4.unusable",
        )
    return None


def check_cidr24(value: Any, label: str) -> Problem | None:
    """Network.Ip4AddressPrefix: the internal /24 written as A.B.C.0/24."""
    hint = "write the internal subnet as A.B.C.0/24, e.g. 192.168.100.0/24"
    if not isinstance(value, str):
        return Problem(f"{label} {show(value)} is not a subnet", hint, "cidr.syntax")
    try:
        net = ipaddress.IPv4Network(value.strip(), strict=True)
    except ValueError:
        try:
            loose = ipaddress.IPv4Network(value.strip(), strict=False)
        except ValueError:
            return Problem(f"{label} {show(value)} is not a subnet in A.B.C.0/24 form", hint, "cidr.syntax")
        return Problem(
            f"{label} {show(value)} has host bits set", f"use {loose.network_address}/{loose.prefixlen}", "cidr.syntax"
        )
    if net.prefixlen != 24:
        return Problem(f"{label} {show(value)} is a /{net.prefixlen}; the product carves a /24", hint, "cidr.prefix")
    return None


def normalise_mac(value: str) -> str:
    return value.strip().replace("-", ":").upper()


def check_mac(value: Any, label: str) -> Problem | None:
    if not isinstance(value, str) or not MAC_RE.match(value.strip()):
        return Problem(
            f"{label} {show(value)} is not a MAC address",
            "write six hex pairs separated by colons, e.g. 02:15:5D:1A:2B:3C",
            "mac.syntax",
        )
    if "-" in value:
        return Problem(
            f"{label} {show(value)} uses dashes", f"write it with colons: {normalise_mac(value)}", "mac.syntax"
        )
    first = int(value[:2], 16)
    if value.replace(":", "").strip("0") == "" or value.upper() == "FF:FF:FF:FF:FF:FF":
        return Problem(
            f"{label} {show(value)} cannot be a network card's address",
            "leave it empty to let the product generate one, or generate one in the wizard",
            "mac.unicast",
        )
    if first & 1:
        return Problem(
            f"{label} {show(value)} is a multicast address (lowest bit of the first octet is 1)",
            "use an even first octet, e.g. 02 or 00",
            "mac.unicast",
        )
    return None


def check_guid(value: Any, label: str) -> Problem | None:
    if not isinstance(value, str):
        return Problem(f"{label} {show(value)} is not a GUID", "copy it from the Azure portal", "guid.syntax")
    try:
        uuid.UUID(value.strip())
    except ValueError:
        return Problem(
            f"{label} {show(value)} is not a GUID",
            "it looks like 00000000-0000-0000-0000-000000000000; copy it from the Azure portal",
            "guid.syntax",
        )
    if len(value.strip()) != 36:
        return Problem(
            f"{label} {show(value)} is not in the 8-4-4-4-12 GUID form",
            "write it as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
            "guid.syntax",
        )
    return None


def check_proxy_url(value: Any, label: str, expected_scheme: str) -> Problem | None:
    """A proxy URL: scheme://[user[:password]@]host[:port][/]; credentials are allowed."""
    hint = f"write it as {expected_scheme}://proxy.example.com:3128"
    if not isinstance(value, str):
        return Problem(f"{label} {show(value)} is not a URL", hint, "proxy.url")
    text = value.strip()
    if "://" not in text:
        return Problem(
            f"{label} {mask_url(text)!r} has no scheme", f"start it with {expected_scheme}://", "proxy.scheme"
        )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        return Problem(f"{label} {mask_url(text)!r} is not a valid URL ({exc})", hint, "proxy.url")
    if parts.scheme.lower() not in ("http", "https"):
        return Problem(
            f"{label} {mask_url(text)!r} uses the scheme '{parts.scheme}'",
            "the product supports http:// and https:// proxies only",
            "proxy.scheme",
        )
    host = parts.hostname or ""
    if not host or not (_HOST_RE.match(host) or ipv4(host) or _is_ipv6(host)):
        return Problem(f"{label} {mask_url(text)!r} has no valid host name", hint, "proxy.url")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return Problem(
            f"{label} {mask_url(text)!r} has a path; a proxy is only scheme, host and port",
            f"remove everything after {parts.scheme}://{parts.netloc}",
            "proxy.url",
        )
    if port == 0:
        return Problem(f"{label} {mask_url(text)!r} has port 0", "use the proxy's port, e.g. 3128", "proxy.url")
    return None


def _is_ipv6(host: str) -> bool:
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        return False
    return True


_USERINFO = re.compile(r"^(\s*(?:[A-Za-z][A-Za-z0-9+.-]*://)?[^:/@\s]*:)([^/]*)@([^@/]*)")


def mask_url(text: str) -> str:
    """The URL with any password replaced by ****, with or without a scheme (`user:pw@proxy:3128` too), for
    every screen, diff and report. The password ends at the last @ before the host, as people type them."""
    return _USERINFO.sub(r"\1****@\3", text, count=1)


def url_password(text: str) -> str | None:
    match = _USERINFO.match(text)
    return match.group(2) if match and match.group(2) else None


def has_credentials(text: Any) -> bool:
    return isinstance(text, str) and url_password(text) is not None


def no_proxy_entries(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def check_no_proxy_entry(entry: str) -> str | None:
    """None if an entry of the no-proxy list is understood, else why not."""
    if entry in ("*", "localhost"):
        return None
    if "/" in entry:
        try:
            ipaddress.ip_network(entry, strict=False)
            return None
        except ValueError:
            return "not a valid CIDR range"
    if ipv4(entry) or _is_ipv6(entry):
        return None
    name = entry.lstrip("*").lstrip(".")
    if name and _HOST_RE.match(name.split(":")[0]):
        return None
    return "not a host name, domain suffix, IP address or CIDR range"


def generate_mac(rng: random.Random | None = None) -> str:
    """A locally administered unicast MAC (first octet x2, x6, xA or xE): it can never clash with a vendor's."""
    rng = rng or random.SystemRandom()
    octets = [rng.randrange(256) for _ in range(6)]
    octets[0] = (octets[0] & 0xFC) | 0x02
    return ":".join(f"{o:02X}" for o in octets)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


_LONG_DIGITS = re.compile(r"\d{25,}")


def printable(text: str, keep_newlines: bool = False) -> str:
    """Text from a file made safe for a terminal: control characters (escape sequences, bidi overrides,
    newlines inside a value) are written as \\xNN / \\uNNNN, so nothing in a file can drive the terminal;
    a run of thousands of digits is shortened. `keep_newlines` keeps the line breaks of our own messages."""

    def escape(m: re.Match[str]) -> str:
        char = m[0]
        if keep_newlines and char == "\n":
            return char
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    text = _LONG_DIGITS.sub(lambda m: f"{m[0][:12]}...({len(m[0])} digits)", text)
    return _CONTROL.sub(escape, text)


class LongNumber(str):
    """A JSON integer too long to be any setting (kept as its text, so it never overflows a conversion)."""

    __slots__ = ()


MAX_DIGITS = 30  # far beyond any value of the document; int() of 5000 digits would fail

"""Live checks that catch late deployment failures early: is an address taken, does a DNS server answer,
can the proxy be reached. Async, cancellable, each with its own timeout.

Every check takes its target and its transport as parameters (ping runner, DNS port, proxy target), so
tests aim them only at servers they start on 127.0.0.1. Results become warnings, never errors: firewalls
drop ping, and the product has switches (`SkipAddressFreeCheck`, `SkipDnsCheck`) for exactly that.
Nothing here runs at import or start-up; the wizard runs checks when the user asks or enters a step.
"""

from __future__ import annotations

import asyncio
import base64
import enum
import ipaddress
import random
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import system, values
from .draft import Draft
from .fields import SC
from .findings import Finding, warning

DEFAULT_TIMEOUT = 2.0
DNS_TEST_NAME = "mcr.microsoft.com"  # the registry every deployment pulls from
PROXY_TEST_TARGET = "mcr.microsoft.com:443"


class State(enum.StrEnum):
    NOT_RUN = "not run"
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class CheckResult:
    kind: str  # "address", "dns", "proxy"
    path: str  # the field it is about
    target: str
    state: State = State.NOT_RUN
    detail: str = ""

    def finding(self) -> Finding | None:
        if self.state != State.FAILED:
            return None
        hint = {
            "address": "pick a free address, or set Network.SkipAddressFreeCheck if a firewall answers for it",
            "dns": "check the server address, or set Network.SkipDnsCheck on an isolated network",
            "proxy": "check the proxy URL and that this machine may reach it",
        }[self.kind]
        return warning(self.path, self.detail, hint, f"probe.{self.kind}")


# -- address free -----------------------------------------------------------------------------------------
PingRunner = Callable[[str, float], Awaitable[bool]]  # (address, timeout) -> answered?


def ping_argv(address: str, timeout: float, windows: bool) -> list[str]:
    if windows:
        return ["ping", "-n", "1", "-w", str(max(1, int(timeout * 1000))), address]
    return ["ping", "-c", "1", "-W", str(max(1, round(timeout))), address]


def windows_ping_replied(output: bytes) -> bool:
    """Windows ping exits 0 for "Destination host unreachable" sent back by a router (or this host), so
    only a real echo reply counts: its line carries TTL= in every language (Antwort von ... TTL=64)."""
    return b"TTL=" in output.upper()


async def system_ping(address: str, timeout: float) -> bool:
    """One echo request through the system's ping (no privileges needed on Windows or Linux)."""
    host = system.current()
    try:
        result = await host.run_async(ping_argv(address, timeout, host.windows), timeout + 1)
    except FileNotFoundError:
        raise RuntimeError("the ping command is not installed") from None
    if host.windows:
        return windows_ping_replied(result.stdout)
    return result.returncode == 0


NEIGHBOUR_SCRIPT = (
    "Get-NetNeighbor -AddressFamily IPv4 -IPAddress '{address}' -ErrorAction SilentlyContinue | "
    "Where-Object {{ $_.State -in 'Reachable','Stale','Delay','Probe','Permanent' }} | "
    "Select-Object -ExpandProperty LinkLayerAddress"
)


async def windows_neighbour_says_taken(address: str) -> bool:
    """Second opinion on Windows: Get-NetNeighbor knows a link-layer address for it (a device that drops
    ping still answers ARP). The address is checked before it goes into the command."""
    if values.ipv4(address) is None:
        return False
    host = system.current()
    script = NEIGHBOUR_SCRIPT.format(address=address)
    try:
        result = await host.run_async([host.powershell(), "-NoProfile", "-NonInteractive", "-Command", script], 10)
    except (OSError, TimeoutError):
        return False
    macs = [m.strip().upper() for m in result.stdout.decode("ascii", errors="replace").split()]
    return any(m and m not in ("00-00-00-00-00-00", "FF-FF-FF-FF-FF-FF") for m in macs)


_real_system_ping = system_ping


def arp_says_taken(address: str, arp_table: Path = Path("/proc/net/arp")) -> bool:
    """Second opinion: a complete entry in the neighbour table means some device holds the address."""
    try:
        lines = arp_table.read_text(encoding="ascii", errors="replace").splitlines()[1:]
    except OSError:
        return False
    for line in lines:
        cols = line.split()
        if len(cols) >= 4 and cols[0] == address and cols[2] == "0x2" and cols[3] != "00:00:00:00:00:00":
            return True
    return False


def _default_ping() -> PingRunner:
    ping: PingRunner = globals()["system_ping"]  # looked up late so a test can put a loopback guard in front
    return ping


async def check_address_free(
    address: str,
    path: str,
    *,
    ping: PingRunner | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    arp_table: Path | None = None,
) -> CheckResult:
    result = CheckResult("address", path, address, State.RUNNING)
    ping = ping or _default_ping()
    try:
        answered = await asyncio.wait_for(ping(address, timeout), timeout + 1.5)
    except TimeoutError:
        answered = False
    except Exception as exc:  # a probe may fail, never crash the wizard
        return replace(result, state=State.SKIPPED, detail=f"could not check {address}: {exc}")
    neighbour = not answered and (
        arp_says_taken(address, arp_table)
        if arp_table is not None
        else system.current().windows and await windows_neighbour_says_taken(address)
    )
    if answered or neighbour:
        how = "answers ping" if answered else "is in this host's neighbour (ARP) table"
        return replace(result, state=State.FAILED, detail=f"{address} {how}: it seems to be in use already")
    return replace(result, state=State.OK, detail=f"{address} did not answer: looks free")


# -- DNS --------------------------------------------------------------------------------------------------
def build_query(name: str, query_id: int) -> bytes:
    header = struct.pack("!HHHHHH", query_id, 0x0100, 1, 0, 0, 0)  # recursion desired, one question
    qname = b"".join(len(p).to_bytes(1, "big") + p.encode("idna") for p in name.rstrip(".").split(".")) + b"\0"
    return header + qname + struct.pack("!HH", 1, 1)  # A, IN


def parse_reply(data: bytes, query_id: int) -> tuple[int, bool, list[str]]:
    """(rcode, truncated, IPv4 answers) of a DNS reply; raises ValueError when it is not one."""
    if len(data) < 12:
        raise ValueError("reply too short")
    rid, flags, qd, an, _ns, _ar = struct.unpack("!HHHHHH", data[:12])
    if rid != query_id or not flags & 0x8000:
        raise ValueError("not a reply to our query")
    pos = 12
    for _ in range(qd):
        pos = _skip_name(data, pos) + 4
    addresses = []
    for _ in range(an):
        pos = _skip_name(data, pos)
        rtype, _cls, _ttl, length = struct.unpack("!HHIH", data[pos : pos + 10])
        pos += 10
        if rtype == 1 and length == 4:
            addresses.append(str(ipaddress.IPv4Address(data[pos : pos + 4])))
        pos += length
    return flags & 0xF, bool(flags & 0x0200), addresses


def _skip_name(data: bytes, pos: int) -> int:
    while True:
        if pos >= len(data):
            raise ValueError("truncated name")
        length = data[pos]
        if length & 0xC0 == 0xC0:
            return pos + 2
        if length == 0:
            return pos + 1
        pos += length + 1


class _UdpOnce(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.reply: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()

    def datagram_received(self, data: bytes, addr: object) -> None:
        if not self.reply.done():
            self.reply.set_result(data)

    def error_received(self, exc: Exception) -> None:
        if not self.reply.done():
            self.reply.set_exception(exc)


async def _dns_udp(server: str, port: int, query: bytes, timeout: float) -> bytes:
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.create_datagram_endpoint(_UdpOnce, remote_addr=(server, port))
    try:
        transport.sendto(query)
        return await asyncio.wait_for(protocol.reply, timeout)
    finally:
        transport.close()


async def _dns_tcp(server: str, port: int, query: bytes, timeout: float) -> bytes:
    reader, writer = await asyncio.wait_for(asyncio.open_connection(server, port), timeout)
    try:
        writer.write(len(query).to_bytes(2, "big") + query)
        await writer.drain()
        size = int.from_bytes(await asyncio.wait_for(reader.readexactly(2), timeout), "big")
        return await asyncio.wait_for(reader.readexactly(size), timeout)
    finally:
        writer.close()


RCODES = {1: "format error", 2: "server failure", 3: "name does not exist", 4: "not implemented", 5: "refused"}


async def check_dns(
    server: str,
    path: str,
    *,
    port: int = 53,
    name: str = DNS_TEST_NAME,
    timeout: float = DEFAULT_TIMEOUT,
    rng: random.Random | None = None,
) -> CheckResult:
    """Ask `server` for `name` over UDP, falling back to TCP when the answer is truncated or UDP is silent."""
    result = CheckResult("dns", path, server, State.RUNNING)
    query_id = (rng or random.Random()).randrange(1, 0xFFFF)
    query = build_query(name, query_id)
    transport = "UDP"
    try:
        try:
            reply = await _dns_udp(server, port, query, timeout)
            rcode, truncated, addresses = parse_reply(reply, query_id)
        except (TimeoutError, ConnectionRefusedError, OSError):
            truncated, rcode, addresses = True, -1, []
        if truncated:
            transport = "TCP"
            reply = await _dns_tcp(server, port, query, timeout)
            rcode, _truncated, addresses = parse_reply(reply, query_id)
    except TimeoutError:
        return replace(result, state=State.FAILED, detail=f"DNS server {server} did not answer within {timeout:g} s")
    except (OSError, ValueError, asyncio.IncompleteReadError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        return replace(result, state=State.FAILED, detail=f"DNS server {server} cannot be asked: {why}")
    if rcode != 0:
        return replace(
            result,
            state=State.FAILED,
            detail=f"DNS server {server} answered {RCODES.get(rcode, f'error {rcode}')} for {name}",
        )
    shown = ", ".join(addresses[:3]) or "no IPv4 address"
    return replace(result, state=State.OK, detail=f"DNS server {server} resolved {name} to {shown} ({transport})")


# -- proxy ------------------------------------------------------------------------------------------------
async def check_proxy(
    url: str, path: str, *, target: str = PROXY_TEST_TARGET, timeout: float = DEFAULT_TIMEOUT
) -> CheckResult:
    """TCP connect to the proxy, then ask it to CONNECT to `target`; report its status line."""
    shown = values.mask_url(url)
    result = CheckResult("proxy", path, shown, State.RUNNING)
    try:
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        return replace(result, state=State.SKIPPED, detail=f"proxy {shown} is not a valid URL: {exc}")
    if not host:
        return replace(result, state=State.SKIPPED, detail=f"proxy {shown} has no host")
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except TimeoutError:
        return replace(
            result, state=State.FAILED, detail=f"proxy {shown} did not accept a connection within {timeout:g} s"
        )
    except OSError as exc:
        return replace(result, state=State.FAILED, detail=f"proxy {shown} cannot be reached: {exc.strerror or exc}")
    try:
        request = f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n"
        if parts.username:
            token = base64.b64encode(f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()).decode()
            request += f"Proxy-Authorization: Basic {token}\r\n"
        writer.write((request + "\r\n").encode("latin-1", errors="replace"))
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), timeout)
    except TimeoutError:
        return replace(result, state=State.FAILED, detail=f"proxy {shown} accepted a connection but did not answer")
    except OSError as exc:
        return replace(
            result, state=State.FAILED, detail=f"proxy {shown} dropped the connection: {exc.strerror or exc}"
        )
    finally:
        writer.close()
    status = line.decode("latin-1", errors="replace").strip()
    fields_ = status.split(" ", 2)
    if len(fields_) >= 2 and fields_[0].startswith("HTTP/") and fields_[1] == "200":
        return replace(result, state=State.OK, detail=f"proxy {shown} answered: {status}")
    if not status:
        return replace(result, state=State.FAILED, detail=f"proxy {shown} closed the connection without answering")
    return replace(result, state=State.FAILED, detail=f"proxy {shown} answered: {status[:80]}")


# -- which checks a document calls for --------------------------------------------------------------------
@dataclass
class Transport:
    """How the checks reach the network; tests replace every part with loopback servers."""

    ping: PingRunner | None = None  # None = the system's ping command
    dns_port: int = 53
    dns_name: str = DNS_TEST_NAME
    proxy_target: str = PROXY_TEST_TARGET
    timeout: float = DEFAULT_TIMEOUT
    arp_table: Path | None = field(default_factory=lambda: None if system.current().windows else Path("/proc/net/arp"))
    rng: random.Random | None = None


@dataclass(frozen=True)
class PlannedCheck:
    kind: str
    path: str
    target: str


def plan_checks(
    draft: Draft, kinds: tuple[str, ...] = ("address", "dns", "proxy")
) -> tuple[list[PlannedCheck], list[CheckResult]]:
    """The checks the document calls for, and the ones skipped (with why)."""
    planned: list[PlannedCheck] = []
    skipped: list[CheckResult] = []
    offline = draft.get("Network.InternetDisabled") is True
    scalable = isinstance(draft.get("DeploymentType"), str) and draft.get("DeploymentType").casefold() == SC.casefold()
    if "address" in kinds and scalable:
        paths = ["Network.ControlPlaneEndpointIp", "Init.ServiceIPRangeStart"]
        machines = draft.get("Machines")
        for i in range(len(machines) if isinstance(machines, list) else 0):
            paths += [f"Machines[{i}].LinuxNode.Ip4Address", f"Machines[{i}].WindowsNode.Ip4Address"]
        for path in paths:
            address = values.ipv4(draft.get(path))
            if address is not None:
                planned.append(PlannedCheck("address", path, str(address)))
    if "dns" in kinds:
        servers = draft.get("Network.DnsServers")
        for i, server in enumerate(servers if isinstance(servers, list) else []):
            path = f"Network.DnsServers[{i}]"
            if values.ipv4(server) is None:
                continue
            if offline or draft.get("Network.SkipDnsCheck") is True:
                why = "offline deployment (InternetDisabled)" if offline else "SkipDnsCheck is set"
                skipped.append(CheckResult("dns", path, server, State.SKIPPED, f"DNS check skipped: {why}"))
            else:
                planned.append(PlannedCheck("dns", path, server))
    if "proxy" in kinds:
        for key in ("Http", "Https"):
            url = draft.get(f"Network.Proxy.{key}")
            if isinstance(url, str) and url.strip() and values.check_proxy_url(url, "", "http") is None:
                path = f"Network.Proxy.{key}"
                if offline:
                    skipped.append(
                        CheckResult(
                            "proxy",
                            path,
                            values.mask_url(url),
                            State.SKIPPED,
                            "proxy check skipped: offline deployment (InternetDisabled)",
                        )
                    )
                else:
                    planned.append(PlannedCheck("proxy", path, url))
    return planned, skipped


async def run_check(check: PlannedCheck, transport: Transport) -> CheckResult:
    if check.kind == "address":
        return await check_address_free(
            check.target,
            check.path,
            ping=transport.ping or _default_ping(),
            timeout=transport.timeout,
            arp_table=transport.arp_table,
        )
    if check.kind == "dns":
        return await check_dns(
            check.target,
            check.path,
            port=transport.dns_port,
            name=transport.dns_name,
            timeout=transport.timeout,
            rng=transport.rng,
        )
    return await check_proxy(check.target, check.path, target=transport.proxy_target, timeout=transport.timeout)


async def run_checks(
    draft: Draft, transport: Transport | None = None, kinds: tuple[str, ...] = ("address", "dns", "proxy")
) -> list[CheckResult]:
    """Run every check the document calls for, concurrently; cancelling this cancels them all."""
    transport = transport or Transport()
    planned, skipped = plan_checks(draft, kinds)
    results = await asyncio.gather(*(run_check(c, transport) for c in planned))
    return skipped + list(results)


def findings_of(results: list[CheckResult]) -> list[Finding]:
    return [f for f in (r.finding() for r in results) if f is not None]

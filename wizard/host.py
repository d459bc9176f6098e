"""Host facts: the physical network adapters, their current IPv4 settings, DNS servers, proxy, CPU and memory.

One interface (`HostFacts`), three backends: Windows (PowerShell, as JSON), Linux (sysfs, /proc, resolv.conf)
and a fixture file (`--adapters-file`, `--demo`). Every backend degrades to an empty list plus a problem
line; none ever raises into the wizard. Reading facts sends nothing on the network.
"""

from __future__ import annotations

import ipaddress
import json
import os
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from . import system, values
from .assets_dir import ASSETS
from .files import FileRefused, read_bytes
from .template import HostDefaults

DEMO_ADAPTERS = ASSETS / "demo-adapters.json"
COMMAND_TIMEOUT = 5.0

Runner = Callable[[list[str], float], str]  # (argv, timeout) -> stdout; raises on failure


@dataclass(frozen=True)
class Adapter:
    name: str
    description: str = ""
    status: str = "Unknown"  # Up, Disconnected, Disabled, ...
    link_speed: str = ""
    mac: str = ""
    mtu: int | None = None
    ipv4: str | None = None
    prefix_length: int | None = None
    gateway: str | None = None
    wifi: bool = False
    dns_servers: tuple[str, ...] = ()

    @property
    def up(self) -> bool:
        return self.status.lower() == "up"

    @property
    def cidr(self) -> str:
        return f"{self.ipv4}/{self.prefix_length}" if self.ipv4 and self.prefix_length is not None else ""

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["dns_servers"] = list(self.dns_servers)
        return out

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Adapter:
        known = {k: raw[k] for k in cls.__dataclass_fields__ if k in raw}
        known["dns_servers"] = tuple(known.get("dns_servers") or ())
        known["mac"] = _colon_mac(known.get("mac") or "")
        return cls(**known)


@dataclass(frozen=True)
class HostFacts:
    adapters: tuple[Adapter, ...] = ()
    dns_servers: tuple[str, ...] = ()
    http_proxy: str | None = None
    https_proxy: str | None = None
    no_proxy: str | None = None
    cpu_count: int | None = None
    memory_mb: int | None = None
    problems: tuple[str, ...] = ()
    source: str = "host"

    def adapter(self, name: str | None) -> Adapter | None:
        if name:
            for adapter in self.adapters:
                if adapter.name.casefold() == name.casefold():
                    return adapter
        return None

    def best_adapter(self) -> Adapter | None:
        """The adapter a person would most likely choose: Up, wired, with an address."""
        ranked = sorted(self.adapters, key=lambda a: (not a.up, a.wifi, a.ipv4 is None))
        return ranked[0] if ranked else None

    def defaults(self, answers: Mapping[str, Any] | None = None, adapter_name: str | None = None) -> HostDefaults:
        """Defaults for a new document from this host; the adapter the answers name, else the best one."""
        if adapter_name is None and answers:
            from .draft import Draft

            named = Draft(dict(answers)).get("Machines[0].NetworkConnection.AdapterName")
            adapter_name = named if isinstance(named, str) else None
        chosen = self.adapter(adapter_name) or (None if adapter_name else self.best_adapter())
        dns = chosen.dns_servers if chosen and chosen.dns_servers else self.dns_servers
        return HostDefaults(
            dns_servers=tuple(d for d in dns if (ip := values.ipv4(d)) and not ip.is_loopback),
            gateway=chosen.gateway if chosen else None,
            prefix_length=chosen.prefix_length if chosen else None,
            adapter_name=chosen.name if chosen else adapter_name,
            http_proxy=self.http_proxy,
            https_proxy=self.https_proxy,
            no_proxy=self.no_proxy,
        )


def sort_adapters(adapters: list[Adapter]) -> tuple[Adapter, ...]:
    """Up first, then wired before Wi-Fi, then by name."""
    return tuple(sorted(adapters, key=lambda a: (not a.up, a.wifi, a.name.casefold())))


def _colon_mac(mac: str) -> str:
    mac = (mac or "").strip()
    return values.normalise_mac(mac) if values.MAC_RE.match(mac) else mac


def _as_list(value: Any) -> list[Any]:
    """ConvertTo-Json prints one item as an object and none as nothing: make both a list."""
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def _run(argv: list[str], timeout: float) -> str:
    """A command's output as text. Our PowerShell scripts emit UTF-8 (see UTF8_OUTPUT), `ip` does too."""
    result = system.current().run(argv, timeout)
    text = result.stdout.decode("utf-8", errors="replace").lstrip("\ufeff")
    if result.returncode != 0:
        err = (result.stderr.decode("utf-8", errors="replace") or text).strip().splitlines()
        raise RuntimeError(err[-1:] or f"exit {result.returncode}")
    return text


def _failure(exc: BaseException) -> str:
    if isinstance(exc, subprocess.TimeoutExpired):
        return f"timed out after {exc.timeout:g} s"
    if isinstance(exc, FileNotFoundError):
        return f"{exc.filename or 'command'} not found"
    text = str(exc.args[0] if exc.args and isinstance(exc.args[0], list) and exc.args[0] else exc)
    return text.strip("[]'\"") or type(exc).__name__


def proxy_from_env(env: Mapping[str, str] | None = None) -> tuple[str | None, str | None, str | None]:
    env = os.environ if env is None else env

    def pick(name: str) -> str | None:
        return env.get(name.lower()) or env.get(name.upper()) or None

    return pick("http_proxy"), pick("https_proxy"), pick("no_proxy")


# -- Windows ----------------------------------------------------------------------------------------------
# Windows PowerShell 5.1 writes to a pipe in the console's OEM code page (850, 437, ...) unless told
# otherwise; a localized adapter name ("Conexión de área local") must arrive intact, so: UTF-8, decoded so.
UTF8_OUTPUT = (
    "[Console]::OutputEncoding = [System.Text.UTF8Encoding]::new($false); $OutputEncoding = [Console]::OutputEncoding;"
)
WINDOWS_SCRIPT = (
    UTF8_OUTPUT
    + r"""
$ErrorActionPreference = 'Stop'
$a = @(Get-NetAdapter -Physical | Select-Object Name, InterfaceDescription, ifIndex, Status, MacAddress, LinkSpeed,
        MtuSize, MediaType, PhysicalMediaType)
$ip = @(Get-NetIPAddress -AddressFamily IPv4 -ErrorAction SilentlyContinue | Select-Object InterfaceIndex, IPAddress, PrefixLength)
$gw = @(Get-NetRoute -DestinationPrefix '0.0.0.0/0' -ErrorAction SilentlyContinue | Select-Object ifIndex, NextHop, RouteMetric)
$dns = @(Get-DnsClientServerAddress -AddressFamily IPv4 -ErrorAction SilentlyContinue | Select-Object InterfaceIndex, ServerAddresses)
$cs = Get-CimInstance Win32_ComputerSystem -ErrorAction SilentlyContinue | Select-Object NumberOfLogicalProcessors, TotalPhysicalMemory
@{ Adapters = $a; Addresses = $ip; Routes = $gw; Dns = $dns; System = $cs } | ConvertTo-Json -Depth 4 -Compress
"""
)


def parse_windows(text: str) -> HostFacts:
    """Parse the JSON that WINDOWS_SCRIPT prints (or just `Get-NetAdapter -Physical | ConvertTo-Json`)."""
    text = text.strip()
    if not text:
        return HostFacts(source="windows")
    raw = json.loads(text)
    if isinstance(raw, dict) and "Adapters" in raw:
        adapters_raw = _as_list(raw.get("Adapters"))
        addresses = _as_list(raw.get("Addresses"))
        routes = _as_list(raw.get("Routes"))
        dns_raw = _as_list(raw.get("Dns"))
        system = raw.get("System") or {}
    else:
        adapters_raw, addresses, routes, dns_raw, system = _as_list(raw), [], [], [], {}
    by_index_ip: dict[int, tuple[str, int]] = {}
    for item in addresses:
        ip = item.get("IPAddress")
        if (parsed := values.ipv4(ip)) and not parsed.is_link_local:
            by_index_ip.setdefault(item.get("InterfaceIndex"), (ip, item.get("PrefixLength")))
    by_index_gw: dict[int, str] = {}
    for item in sorted(routes, key=lambda r: r.get("RouteMetric") or 0):
        hop = item.get("NextHop")
        if values.ipv4(hop) and hop != "0.0.0.0":
            by_index_gw.setdefault(item.get("ifIndex"), hop)
    by_index_dns: dict[int, tuple[str, ...]] = {}
    for item in dns_raw:
        servers = tuple(s for s in _as_list(item.get("ServerAddresses")) if values.ipv4(s))
        if servers:
            by_index_dns[item.get("InterfaceIndex")] = servers
    adapters = []
    for item in adapters_raw:
        index = item.get("ifIndex")
        media = f"{item.get('MediaType') or ''} {item.get('PhysicalMediaType') or ''}".lower()
        name = str(item.get("Name") or "")
        ip = by_index_ip.get(index)
        adapters.append(
            Adapter(
                name=name,
                description=str(item.get("InterfaceDescription") or ""),
                status=_windows_status(item.get("Status")),
                link_speed=str(item.get("LinkSpeed") or ""),
                mac=_colon_mac(str(item.get("MacAddress") or "")),
                mtu=item.get("MtuSize"),
                ipv4=ip[0] if ip else None,
                prefix_length=ip[1] if ip else None,
                gateway=by_index_gw.get(index),
                wifi="802.11" in media or "wireless" in media or "wi-fi" in name.lower() or "wlan" in name.lower(),
                dns_servers=by_index_dns.get(index, ()),
            )
        )
    adapters_sorted = sort_adapters(adapters)
    dns: list[str] = []
    for adapter in adapters_sorted:
        dns.extend(d for d in adapter.dns_servers if d not in dns)
    memory = system.get("TotalPhysicalMemory") if isinstance(system, dict) else None
    return HostFacts(
        adapters=adapters_sorted,
        dns_servers=tuple(dns),
        cpu_count=system.get("NumberOfLogicalProcessors") if isinstance(system, dict) else None,
        memory_mb=int(memory) // (1024 * 1024) if isinstance(memory, int) else None,
        source="windows",
    )


def _windows_status(status: Any) -> str:
    # Older PowerShell serialises enums as numbers: 1 Up, 2 Down, 7 NotPresent (MSFT_NetAdapter.InterfaceOperationalStatus)
    if isinstance(status, int):
        return {1: "Up", 2: "Disconnected", 5: "Disconnected", 7: "Not Present"}.get(status, "Unknown")
    return str(status or "Unknown")


def windows_facts(run: Runner = _run, env: Mapping[str, str] | None = None) -> HostFacts:
    exe = system.current().powershell()
    http, https, no = proxy_from_env(env)
    try:
        facts = parse_windows(run([exe, "-NoProfile", "-NonInteractive", "-Command", WINDOWS_SCRIPT], COMMAND_TIMEOUT))
    except Exception as exc:  # any failure must degrade, never crash the wizard
        return HostFacts(
            problems=(f"could not read adapters: {_failure(exc)}",),
            http_proxy=http,
            https_proxy=https,
            no_proxy=no,
            cpu_count=os.cpu_count(),
            source="windows",
        )
    return HostFacts(**{**asdict_shallow(facts), "http_proxy": http, "https_proxy": https, "no_proxy": no})


def asdict_shallow(facts: HostFacts) -> dict[str, Any]:
    return {name: getattr(facts, name) for name in facts.__dataclass_fields__}


# -- Linux ------------------------------------------------------------------------------------------------
def parse_proc_route(text: str) -> dict[str, str]:
    """Default gateways per interface from /proc/net/route (hex, little-endian)."""
    out: dict[str, str] = {}
    for line in text.splitlines()[1:]:
        cols = line.split()
        if len(cols) < 8 or cols[1] != "00000000" or cols[7] != "00000000":
            continue
        try:
            gateway = str(ipaddress.IPv4Address(int(cols[2], 16).to_bytes(4, "little")))
        except ValueError:
            continue
        if gateway != "0.0.0.0":
            out.setdefault(cols[0], gateway)
    return out


def parse_resolv_conf(text: str) -> tuple[str, ...]:
    servers = []
    for line in text.splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) >= 2 and parts[0] == "nameserver" and values.ipv4(parts[1]) and parts[1] not in servers:
            servers.append(parts[1])
    return tuple(servers)


def parse_ip_json(text: str) -> dict[str, tuple[str, int]]:
    """IPv4 address and prefix per interface from `ip -j -4 addr show`."""
    out: dict[str, tuple[str, int]] = {}
    for link in json.loads(text or "[]"):
        for info in link.get("addr_info", []):
            if info.get("family") == "inet" and info.get("scope") != "host":
                out.setdefault(link.get("ifname", ""), (info.get("local"), int(info.get("prefixlen"))))
    return out


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None


def linux_facts(
    sys_net: Path = Path("/sys/class/net"),
    proc_route: Path = Path("/proc/net/route"),
    resolv: Path = Path("/etc/resolv.conf"),
    resolved: Path = Path("/run/systemd/resolve/resolv.conf"),
    run: Runner = _run,
    env: Mapping[str, str] | None = None,
    meminfo: Path = Path("/proc/meminfo"),
) -> HostFacts:
    problems: list[str] = []
    try:
        names = sorted(p.name for p in sys_net.iterdir())
    except OSError as exc:
        names = []
        problems.append(f"could not read adapters: {exc.strerror or exc}")
    addresses: dict[str, tuple[str, int]] = {}
    try:
        addresses = parse_ip_json(run(["ip", "-j", "-4", "addr", "show"], COMMAND_TIMEOUT))
    except Exception as exc:  # no iproute2: adapters are still listed, without addresses
        problems.append(f"could not read IPv4 addresses: {_failure(exc)}")
    gateways = parse_proc_route(_read(proc_route) or "")
    adapters = []
    for name in names:
        base = sys_net / name
        if not (base / "device").exists():
            continue  # virtual: bridges, veth, docker, loopback
        operstate = (_read(base / "operstate") or "unknown").lower()
        flags = _read(base / "flags") or "0x0"
        try:
            admin_up = bool(int(flags, 16) & 0x1)
        except ValueError:
            admin_up = True
        status = (
            "Disabled"
            if not admin_up
            else {"up": "Up", "down": "Disconnected", "dormant": "Disconnected", "lowerlayerdown": "Disconnected"}.get(
                operstate, operstate.title()
            )
        )
        speed_raw = _read(base / "speed")
        speed = ""
        if speed_raw and speed_raw.lstrip("-").isdigit() and int(speed_raw) > 0:
            mbps = int(speed_raw)
            speed = f"{mbps // 1000} Gbps" if mbps >= 1000 and mbps % 1000 == 0 else f"{mbps} Mbps"
        mtu_raw = _read(base / "mtu")
        ip = addresses.get(name)
        adapters.append(
            Adapter(
                name=name,
                description=_read(base / "device" / "uevent") and _driver(base) or "",
                status=status,
                link_speed=speed,
                mac=_colon_mac(_read(base / "address") or ""),
                mtu=int(mtu_raw) if mtu_raw and mtu_raw.isdigit() else None,
                ipv4=ip[0] if ip else None,
                prefix_length=ip[1] if ip else None,
                gateway=gateways.get(name),
                wifi=(base / "wireless").exists() or (base / "phy80211").exists(),
            )
        )
    dns = parse_resolv_conf(_read(resolv) or "")
    if dns and all((server := values.ipv4(d)) and server.is_loopback for d in dns):
        upstream = parse_resolv_conf(_read(resolved) or "")  # systemd-resolved's stub -> the real servers
        if upstream:
            dns = upstream
    http, https, no = proxy_from_env(env)
    return HostFacts(
        adapters=sort_adapters(adapters),
        dns_servers=dns,
        http_proxy=http,
        https_proxy=https,
        no_proxy=no,
        cpu_count=os.cpu_count(),
        memory_mb=_meminfo_mb(meminfo),
        problems=tuple(problems),
        source="linux",
    )


def _driver(base: Path) -> str:
    for line in (_read(base / "device" / "uevent") or "").splitlines():
        if line.startswith("DRIVER="):
            return line.split("=", 1)[1]
    return ""


def _meminfo_mb(path: Path) -> int | None:
    for line in (_read(path) or "").splitlines():
        if line.startswith("MemTotal:"):
            try:
                return int(line.split()[1]) // 1024
            except (IndexError, ValueError):
                return None
    return None


# -- fixture ----------------------------------------------------------------------------------------------
def fixture_facts(path: Path) -> HostFacts:
    """Host facts from a JSON file: {"adapters": [...], "dns_servers": [...], "proxy": {...}, ...}."""
    try:
        raw = json.loads(read_bytes(Path(path), 1024 * 1024).decode("utf-8-sig"))
        if not isinstance(raw, dict):
            raise ValueError("the file must hold a JSON object with an 'adapters' list")
        adapters = [
            Adapter.from_dict(a) for a in _as_list(raw.get("adapters")) if isinstance(a, dict) and a.get("name")
        ]
    except (OSError, ValueError, TypeError, RecursionError, FileRefused) as exc:
        return HostFacts(
            problems=(f"could not read adapters from {path}: {getattr(exc, 'strerror', None) or exc}",),
            source=str(path),
        )
    proxy = raw.get("proxy") or {}
    return HostFacts(
        adapters=sort_adapters(adapters),
        dns_servers=tuple(raw.get("dns_servers") or ()),
        http_proxy=proxy.get("http"),
        https_proxy=proxy.get("https"),
        no_proxy=proxy.get("no"),
        cpu_count=raw.get("cpu_count"),
        memory_mb=raw.get("memory_mb"),
        source=str(path),
    )


def facts_for(demo: bool = False, adapters_file: Path | None = None) -> HostFacts:
    """The facts the wizard should use: the demo fixture, a given fixture, or this host's."""
    if demo:
        return fixture_facts(DEMO_ADAPTERS)
    if adapters_file is not None:
        return fixture_facts(adapters_file)
    if system.current().windows:
        return windows_facts()
    return linux_facts()


def adapter_table(adapters: tuple[Adapter, ...] | list[Adapter]) -> str:
    rows = [("NAME", "STATE", "SPEED", "MAC", "IPV4", "GATEWAY", "NOTE")]
    for a in adapters:
        rows.append(
            (
                a.name,
                a.status,
                a.link_speed or "-",
                a.mac or "-",
                a.cidr or "-",
                a.gateway or "-",
                "Wi-Fi" if a.wifi else "",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip() for row in rows)

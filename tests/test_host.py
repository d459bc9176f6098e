"""Host facts: recorded Windows outputs, a fake sysfs tree, the fixture backend, failures that degrade."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from wizard import host

WINDOWS = Path(__file__).parent / "fixtures" / "windows"


def windows(name: str) -> host.HostFacts:
    return host.parse_windows((WINDOWS / name).read_text(encoding="utf-8"))


def test_windows_several_adapters_up_first_with_addresses() -> None:
    facts = windows("several.json")
    assert [a.name for a in facts.adapters] == ["Ethernet", "Wi-Fi", "Ethernet 2"]
    eth, wifi, eth2 = facts.adapters
    assert (eth.ipv4, eth.prefix_length, eth.gateway, eth.mac) == (
        "192.168.1.50",
        24,
        "192.168.1.1",
        "00:15:5D:3A:10:01",
    )
    assert eth.dns_servers == ("192.168.1.1", "192.168.1.2") and eth.link_speed == "1 Gbps" and not eth.wifi
    assert wifi.wifi and wifi.up
    assert eth2.status == "Disconnected" and eth2.ipv4 is None  # link-local APIPA address ignored
    assert facts.cpu_count == 8 and facts.memory_mb == 16384
    assert facts.dns_servers[:2] == ("192.168.1.1", "192.168.1.2")
    defaults = facts.defaults()
    assert (defaults.adapter_name, defaults.gateway, defaults.prefix_length) == ("Ethernet", "192.168.1.1", 24)


def test_windows_single_adapter_printed_as_object() -> None:
    facts = windows("one.json")
    assert len(facts.adapters) == 1 and facts.adapters[0].gateway == "192.168.1.1"
    assert facts.adapters[0].dns_servers == ("192.168.1.1",)


def test_windows_no_adapters_and_empty_output() -> None:
    assert windows("none.json").adapters == ()
    assert host.parse_windows("").adapters == ()


def test_windows_adapter_without_ipv4() -> None:
    (adapter,) = windows("no-ipv4.json").adapters
    assert adapter.ipv4 is None and adapter.gateway is None and adapter.mtu == 9014 and adapter.cidr == ""


def test_windows_plain_get_netadapter_and_numeric_status() -> None:
    facts = windows("plain-get-netadapter.json")
    eth, wlan = facts.adapters
    assert eth.name == "Ethernet" and wlan.status == "Disconnected" and wlan.wifi


def test_windows_command_failures_degrade() -> None:
    def missing(argv: list[str], timeout: float) -> str:
        raise FileNotFoundError(2, "No such file", "powershell.exe")

    def slow(argv: list[str], timeout: float) -> str:
        raise subprocess.TimeoutExpired(argv, timeout)

    def garbage(argv: list[str], timeout: float) -> str:
        return "Get-NetAdapter : The term is not recognized"

    for runner, words in ((missing, "powershell.exe not found"), (slow, "timed out after 5 s"), (garbage, "")):
        facts = host.windows_facts(run=runner, env={})
        assert facts.adapters == () and facts.problems[0].startswith("could not read adapters")
        assert words in facts.problems[0]


def make_sysfs(root: Path) -> Path:
    net = root / "class" / "net"

    def nic(
        name: str,
        physical: bool,
        operstate: str,
        mac: str,
        speed: str = "1000",
        flags: str = "0x1003",
        wireless: bool = False,
    ) -> None:
        base = net / name
        base.mkdir(parents=True)
        if physical:
            (base / "device").mkdir()
            (base / "device" / "uevent").write_text("DRIVER=e1000e\nPCI_ID=8086:15BB\n")
        if wireless:
            (base / "wireless").mkdir()
        (base / "operstate").write_text(operstate + "\n")
        (base / "address").write_text(mac + "\n")
        (base / "mtu").write_text("1500\n")
        (base / "speed").write_text(speed + "\n")
        (base / "flags").write_text(flags + "\n")

    nic("lo", False, "unknown", "00:00:00:00:00:00")
    nic("docker0", False, "down", "02:42:ac:11:00:01")
    nic("enp0s31f6", True, "up", "00:15:5d:3a:10:01", "1000")
    nic("enp3s0", True, "down", "00:e0:4c:68:00:02", "-1")
    nic("wlp2s0", True, "up", "a4:c3:f0:5b:21:03", "", wireless=True)
    nic("enp4s0", True, "down", "00:e0:4c:68:00:04", "-1", flags="0x1002")
    return net


def test_linux_sysfs_tree(tmp_path: Path) -> None:
    net = make_sysfs(tmp_path)
    route = tmp_path / "route"
    route.write_text(
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
        "enp0s31f6\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
        "enp0s31f6\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n"
    )
    resolv = tmp_path / "resolv.conf"
    resolv.write_text("# managed by systemd-resolved\nnameserver 127.0.0.53\noptions edns0\n")
    upstream = tmp_path / "upstream.conf"
    upstream.write_text("nameserver 192.168.1.1\nnameserver 192.168.1.2 # second\nsearch corp\n")
    ip_json = json.dumps(
        [
            {"ifname": "lo", "addr_info": [{"family": "inet", "local": "127.0.0.1", "prefixlen": 8, "scope": "host"}]},
            {
                "ifname": "enp0s31f6",
                "addr_info": [{"family": "inet", "local": "192.168.1.50", "prefixlen": 24, "scope": "global"}],
            },
        ]
    )
    facts = host.linux_facts(
        sys_net=net,
        proc_route=route,
        resolv=resolv,
        resolved=upstream,
        run=lambda argv, timeout: ip_json,
        env={"https_proxy": "http://proxy:3128"},
        meminfo=tmp_path / "nomem",
    )
    names = [a.name for a in facts.adapters]
    assert names == ["enp0s31f6", "wlp2s0", "enp3s0", "enp4s0"]  # no lo, no docker0; Up first, wired first
    eth = facts.adapters[0]
    assert (eth.ipv4, eth.prefix_length, eth.gateway, eth.link_speed, eth.mac, eth.description) == (
        "192.168.1.50",
        24,
        "192.168.1.1",
        "1 Gbps",
        "00:15:5D:3A:10:01",
        "e1000e",
    )
    assert facts.adapters[1].wifi and facts.adapters[2].status == "Disconnected"
    assert facts.adapters[3].status == "Disabled"
    assert facts.dns_servers == ("192.168.1.1", "192.168.1.2")  # the stub resolved to its upstream
    assert facts.https_proxy == "http://proxy:3128" and facts.problems == ()


def test_linux_without_ip_command_still_lists_adapters(tmp_path: Path) -> None:
    def no_ip(argv: list[str], timeout: float) -> str:
        raise FileNotFoundError(2, "No such file", "ip")

    facts = host.linux_facts(
        sys_net=make_sysfs(tmp_path),
        proc_route=tmp_path / "x",
        resolv=tmp_path / "x",
        resolved=tmp_path / "x",
        run=no_ip,
        env={},
    )
    assert len(facts.adapters) == 4 and "could not read IPv4 addresses: ip not found" in facts.problems


def test_linux_unreadable_sysfs(tmp_path: Path) -> None:
    facts = host.linux_facts(sys_net=tmp_path / "missing", run=lambda a, t: "[]", env={})
    assert facts.adapters == () and facts.problems[0].startswith("could not read adapters")


def test_this_machine_lists_real_adapters() -> None:
    facts = host.facts_for()
    assert isinstance(facts.adapters, tuple)  # whatever this host has; never raises


def test_demo_fixture_has_the_three_kinds() -> None:
    facts = host.facts_for(demo=True)
    states = [(a.name, a.status, a.wifi) for a in facts.adapters]
    assert states == [("Ethernet", "Up", False), ("Wi-Fi", "Up", True), ("Ethernet 2", "Disconnected", False)]
    assert facts.defaults().dns_servers == ("192.168.1.1",)


def test_bad_fixture_file(tmp_path: Path) -> None:
    bad = tmp_path / "a.json"
    bad.write_text("[1]")
    assert host.fixture_facts(bad).problems
    assert host.fixture_facts(tmp_path / "missing.json").problems


def test_proxy_from_environment() -> None:
    assert host.proxy_from_env({"HTTP_PROXY": "http://a:1", "no_proxy": "x"}) == ("http://a:1", None, "x")

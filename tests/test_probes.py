"""Live checks, each aimed only at servers started here on 127.0.0.1: ok, failed and timed-out paths."""

from __future__ import annotations

import asyncio
import random
import shutil
from pathlib import Path

import pytest

from wizard import probes
from wizard.draft import Draft
from wizard.probes import State

from .conftest import load_example
from .loopback_servers import LOOPBACK, DnsServer, ProxyServer, closed_port


async def test_dns_ok_over_udp() -> None:
    server = await DnsServer(addresses=["127.0.0.10", "127.0.0.11"]).start()
    try:
        result = await probes.check_dns(
            LOOPBACK, "Network.DnsServers[0]", port=server.port, timeout=1, rng=random.Random(1)
        )
    finally:
        server.close()
    assert result.state == State.OK and "127.0.0.10, 127.0.0.11" in result.detail and "(UDP)" in result.detail
    assert server.udp_queries == 1 and server.tcp_queries == 0 and result.finding() is None


async def test_dns_truncated_falls_back_to_tcp() -> None:
    server = await DnsServer(udp_truncates=True).start()
    try:
        result = await probes.check_dns(LOOPBACK, "p", port=server.port, timeout=1)
    finally:
        server.close()
    assert result.state == State.OK and "(TCP)" in result.detail and server.tcp_queries == 1


async def test_dns_silent_udp_falls_back_to_tcp() -> None:
    server = await DnsServer(udp_silent=True).start()
    try:
        result = await probes.check_dns(LOOPBACK, "p", port=server.port, timeout=0.3)
    finally:
        server.close()
    assert result.state == State.OK and "(TCP)" in result.detail


async def test_dns_error_answer_is_a_failure() -> None:
    server = await DnsServer(rcode=3, addresses=[]).start()
    try:
        result = await probes.check_dns(LOOPBACK, "Network.DnsServers[1]", port=server.port, timeout=1)
    finally:
        server.close()
    assert result.state == State.FAILED and "name does not exist" in result.detail
    finding = result.finding()
    assert finding and finding.severity == "warning" and finding.rule == "probe.dns"
    assert finding.path == "Network.DnsServers[1]"


async def test_dns_closed_port_fails() -> None:
    port = await closed_port()
    result = await probes.check_dns(LOOPBACK, "p", port=port, timeout=0.3)
    assert result.state == State.FAILED and "DNS server 127.0.0.1" in result.detail


async def test_dns_timeout() -> None:
    # UDP silent and a TCP listener that never answers: both wait for the timeout
    async def never(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(30)

    tcp = await asyncio.start_server(never, LOOPBACK, 0)
    port = tcp.sockets[0].getsockname()[1]
    udp, _ = await asyncio.get_running_loop().create_datagram_endpoint(
        asyncio.DatagramProtocol, local_addr=(LOOPBACK, port)
    )
    try:
        result = await probes.check_dns(LOOPBACK, "p", port=port, timeout=0.2)
    finally:
        tcp.close()
        udp.close()
    assert result.state == State.FAILED and "did not answer within 0.2 s" in result.detail


async def test_proxy_ok_and_credentials_sent_but_masked() -> None:
    proxy = await ProxyServer().start()
    try:
        url = f"http://bob:s%40cret@{LOOPBACK}:{proxy.port}"
        result = await probes.check_proxy(url, "Network.Proxy.Http", target="127.0.0.1:443", timeout=1)
    finally:
        proxy.close()
    assert result.state == State.OK and "200" in result.detail
    assert b"CONNECT 127.0.0.1:443 HTTP/1.1" in proxy.requests[0]
    assert b"Proxy-Authorization: Basic Ym9iOnNAY3JldA==" in proxy.requests[0]
    assert "s%40cret" not in result.detail and "****" in result.target


async def test_proxy_refusing_status_is_reported() -> None:
    proxy = await ProxyServer(status="HTTP/1.1 407 Proxy Authentication Required").start()
    try:
        result = await probes.check_proxy(proxy.url, "Network.Proxy.Https", target="127.0.0.1:443", timeout=1)
    finally:
        proxy.close()
    assert result.state == State.FAILED and "407 Proxy Authentication Required" in result.detail
    assert result.finding().rule == "probe.proxy"


async def test_proxy_closed_port_and_silence() -> None:
    port = await closed_port()
    result = await probes.check_proxy(f"http://{LOOPBACK}:{port}", "p", target="127.0.0.1:443", timeout=0.5)
    assert result.state == State.FAILED and "cannot be reached" in result.detail
    proxy = await ProxyServer(silent=True).start()
    try:
        result = await probes.check_proxy(proxy.url, "p", target="127.0.0.1:443", timeout=0.2)
    finally:
        proxy.close()
    assert result.state == State.FAILED and "did not answer" in result.detail


async def test_address_free_with_fake_ping_and_arp(tmp_path: Path) -> None:
    async def answers(address: str, timeout: float) -> bool:
        return address == "127.0.0.2"

    taken = await probes.check_address_free("127.0.0.2", "Network.ControlPlaneEndpointIp", ping=answers)
    free = await probes.check_address_free("127.0.0.3", "p", ping=answers)
    assert taken.state == State.FAILED and "in use" in taken.detail and taken.finding().rule == "probe.address"
    assert free.state == State.OK
    arp = tmp_path / "arp"
    arp.write_text(
        "IP address       HW type     Flags       HW address            Mask     Device\n"
        "127.0.0.3        0x1         0x2         02:00:00:00:00:03     *        lo\n",
        encoding="ascii",
    )
    second = await probes.check_address_free("127.0.0.3", "p", ping=answers, arp_table=arp)
    assert second.state == State.FAILED and "neighbour" in second.detail


async def test_address_ping_timeout_counts_as_free_and_errors_as_skipped() -> None:
    async def hangs(address: str, timeout: float) -> bool:
        await asyncio.sleep(30)
        return True

    async def broken(address: str, timeout: float) -> bool:
        raise RuntimeError("the ping command is not installed")

    assert (await probes.check_address_free("127.0.0.4", "p", ping=hangs, timeout=0.1)).state == State.OK
    skipped = await probes.check_address_free("127.0.0.4", "p", ping=broken)
    assert skipped.state == State.SKIPPED and "not installed" in skipped.detail


@pytest.mark.skipif(shutil.which("ping") is None, reason="no ping command")
async def test_system_ping_on_loopback() -> None:
    try:
        answered = await probes.system_ping("127.0.0.1", 1)
    except RuntimeError:
        pytest.skip("ping unusable here")
    if not answered:
        pytest.skip("ping may not send here (no privileges for ICMP sockets)")
    assert answered


async def test_checks_are_cancellable() -> None:
    async def hangs(address: str, timeout: float) -> bool:
        await asyncio.sleep(30)
        return True

    draft = load_example("03-scalable-first-controlplane-static.json")
    task = asyncio.create_task(probes.run_checks(draft, probes.Transport(ping=hangs, timeout=20), ("address",)))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_plan_follows_the_document() -> None:
    draft = load_example("04-scalable-proxy-dns-mac-mtu.json")
    planned, skipped = probes.plan_checks(draft)
    assert {(c.kind, c.path) for c in planned} >= {
        ("address", "Network.ControlPlaneEndpointIp"),
        ("address", "Machines[0].WindowsNode.Ip4Address"),
        ("dns", "Network.DnsServers[1]"),
        ("proxy", "Network.Proxy.Https"),
    }
    assert not skipped
    draft.set("Network.InternetDisabled", True)
    planned, skipped = probes.plan_checks(draft)
    assert {c.kind for c in planned} == {"address"}
    assert {r.kind for r in skipped} == {"dns", "proxy"} and all(r.state == State.SKIPPED for r in skipped)
    single = load_example("01-single-machine-linux.json")
    assert probes.plan_checks(single, ("address",)) == ([], [])


async def test_run_checks_end_to_end_on_loopback() -> None:
    dns = await DnsServer().start()
    proxy = await ProxyServer().start()
    try:
        draft = Draft(
            {
                "DeploymentType": "ScalableCluster",
                "Network": {
                    "ControlPlaneEndpointIp": "127.0.0.5",
                    "DnsServers": [LOOPBACK],
                    "Proxy": {"Http": proxy.url, "Https": None},
                },
            }
        )

        async def nobody(address: str, timeout: float) -> bool:
            return False

        results = await probes.run_checks(
            draft, probes.Transport(ping=nobody, dns_port=dns.port, proxy_target="127.0.0.1:443", timeout=1)
        )
    finally:
        dns.close()
        proxy.close()
    assert [r.state for r in results] == [State.OK, State.OK, State.OK]
    assert probes.findings_of(results) == []


def test_guard_refuses_non_loopback() -> None:
    """The suite's own guard (conftest) stops any test that would reach beyond 127.0.0.0/8."""
    import socket

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        with pytest.raises(AssertionError, match="only to 127.0.0.0/8"):
            sock.sendto(b"x", ("192.0.2.1", 53))
    finally:
        sock.close()

"""Tiny servers on 127.0.0.1 for the probe tests: a DNS responder (UDP and TCP), an HTTP proxy that plays
CONNECT, a listener that never answers. Each binds port 0 and says which port it got."""

from __future__ import annotations

import asyncio
import struct
from dataclasses import dataclass, field

LOOPBACK = "127.0.0.1"


def dns_reply(query: bytes, addresses: list[str], rcode: int = 0, truncated: bool = False) -> bytes:
    qid = query[:2]
    flags = 0x8180 | rcode | (0x0200 if truncated else 0)
    question = query[12:]
    answers = b""
    for address in addresses:
        answers += b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + bytes(int(p) for p in address.split("."))
    return (
        qid
        + struct.pack("!HHHHH", flags, 1, 0 if truncated else len(addresses), 0, 0)
        + question
        + (b"" if truncated else answers)
    )


@dataclass
class DnsServer:
    addresses: list[str] = field(default_factory=lambda: ["127.0.0.10"])
    rcode: int = 0
    udp_truncates: bool = False
    udp_silent: bool = False
    port: int = 0
    udp_queries: int = 0
    tcp_queries: int = 0

    async def start(self) -> DnsServer:
        loop = asyncio.get_running_loop()
        server = self

        class Udp(asyncio.DatagramProtocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                self.transport = transport

            def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
                server.udp_queries += 1
                if not server.udp_silent:
                    self.transport.sendto(dns_reply(data, server.addresses, server.rcode, server.udp_truncates), addr)

        async def tcp(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            size = int.from_bytes(await reader.readexactly(2), "big")
            query = await reader.readexactly(size)
            server.tcp_queries += 1
            reply = dns_reply(query, self.addresses, self.rcode)
            writer.write(len(reply).to_bytes(2, "big") + reply)
            await writer.drain()
            writer.close()

        # The same port number for UDP and TCP, as a real DNS server has.
        self._tcp = await asyncio.start_server(tcp, LOOPBACK, 0)
        self.port = self._tcp.sockets[0].getsockname()[1]
        self._udp, _ = await loop.create_datagram_endpoint(Udp, local_addr=(LOOPBACK, self.port))
        return self

    def close(self) -> None:
        self._tcp.close()
        self._udp.close()


@dataclass
class ProxyServer:
    status: str = "HTTP/1.1 200 Connection established"
    silent: bool = False
    port: int = 0
    requests: list[bytes] = field(default_factory=list)

    async def start(self) -> ProxyServer:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            head = await reader.readuntil(b"\r\n\r\n")
            self.requests.append(head)
            if self.silent:
                await asyncio.sleep(30)
            writer.write(self.status.encode() + b"\r\n\r\n")
            await writer.drain()
            writer.close()

        self._server = await asyncio.start_server(handle, LOOPBACK, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def close(self) -> None:
        self._server.close()


async def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, read, released)."""
    server = await asyncio.start_server(lambda r, w: None, LOOPBACK, 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    return port

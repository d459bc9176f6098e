"""Every rule: the clean base documents pass, and one change each makes exactly the expected finding appear."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from wizard import rules
from wizard.draft import Draft
from wizard.findings import Finding

from .conftest import load_example


def found(draft: Draft, **kw: Any) -> list[Finding]:
    return rules.validate(draft, **kw)


def has(findings: list[Finding], path: str, rule: str, severity: str | None = None) -> bool:
    return any(f.path == path and f.rule == rule and (severity is None or f.severity == severity) for f in findings)


def describe(findings: list[Finding]) -> str:
    return "\n".join(f"{f.severity} {f.path} {f.rule}: {f.message}" for f in findings)


@pytest.mark.parametrize(
    "name",
    [
        "01-single-machine-linux.json",
        "02-single-machine-linux-windows.json",
        "03-scalable-first-controlplane-static.json",
        "04-scalable-proxy-dns-mac-mtu.json",
        "05-offline-internet-disabled.json",
        "07-single-machine-kms-gpu-secondary-nic.json",
    ],
)
def test_clean_bases_have_no_findings(name: str) -> None:
    assert found(load_example(name)) == []


Edit = Callable[[Draft], None]


def setter(**values: Any) -> Edit:
    def edit(d: Draft) -> None:
        for path, value in values.items():
            d.set(path.replace("__", "."), value) if value is not _DELETE else d.delete(path.replace("__", "."))

    return edit


_DELETE = object()

# (base, edit, path, rule, severity)
SCALABLE_CASES: list[tuple[str, Edit, str, str, str]] = [
    (
        "gateway outside subnet",
        setter(Network__Ip4GatewayAddress="192.168.2.1"),
        "Machines[0].LinuxNode.Ip4Address",
        "network.subnet",
        "error",
    ),
    (
        "gateway outside subnet, on the gateway too",
        setter(Network__Ip4GatewayAddress="192.168.2.1"),
        "Network.Ip4GatewayAddress",
        "network.subnet",
        "error",
    ),
    (
        "control plane outside subnet",
        setter(Network__ControlPlaneEndpointIp="192.168.3.191"),
        "Network.ControlPlaneEndpointIp",
        "network.subnet",
        "error",
    ),
    (
        "node IP is the broadcast address",
        setter(**{"Machines[0]__LinuxNode__Ip4Address": "192.168.1.255"}),
        "Machines[0].LinuxNode.Ip4Address",
        "network.reserved",
        "error",
    ),
    (
        "gateway is the network address",
        setter(Network__Ip4GatewayAddress="192.168.1.0"),
        "Network.Ip4GatewayAddress",
        "network.gateway",
        "error",
    ),
    (
        "node IP equals the gateway",
        setter(**{"Machines[0]__LinuxNode__Ip4Address": "192.168.1.1"}),
        "Machines[0].LinuxNode.Ip4Address",
        "network.distinct",
        "error",
    ),
    (
        "control plane equals node IP",
        setter(Network__ControlPlaneEndpointIp="192.168.1.171"),
        "Network.ControlPlaneEndpointIp",
        "network.distinct",
        "error",
    ),
    (
        "node IP inside the service range",
        setter(**{"Machines[0]__LinuxNode__Ip4Address": "192.168.1.155"}),
        "Machines[0].LinuxNode.Ip4Address",
        "service.overlap",
        "error",
    ),
    (
        "service range past the subnet end",
        setter(Init__ServiceIPRangeStart="192.168.1.250", Init__ServiceIPRangeSize=10),
        "Init.ServiceIPRangeSize",
        "service.fit",
        "error",
    ),
    ("service range size over 127", setter(Init__ServiceIPRangeSize=128), "Init.ServiceIPRangeSize", "range", "error"),
    ("service range size negative", setter(Init__ServiceIPRangeSize=-1), "Init.ServiceIPRangeSize", "range", "error"),
    (
        "service range without start",
        setter(Init__ServiceIPRangeStart=None),
        "Init.ServiceIPRangeStart",
        "service.start",
        "error",
    ),
    ("service range size 0", setter(Init__ServiceIPRangeSize=0), "Init.ServiceIPRangeSize", "service.size", "warning"),
    ("prefix 32", setter(Network__Ip4PrefixLength=32), "Network.Ip4PrefixLength", "range", "error"),
    ("prefix 0", setter(Network__Ip4PrefixLength=0), "Network.Ip4PrefixLength", "range", "error"),
    ("prefix as text", setter(Network__Ip4PrefixLength="24"), "Network.Ip4PrefixLength", "type", "error"),
    (
        "gateway not an IP",
        setter(Network__Ip4GatewayAddress="192.168.1"),
        "Network.Ip4GatewayAddress",
        "ipv4.syntax",
        "error",
    ),
    (
        "multicast gateway",
        setter(Network__Ip4GatewayAddress="224.0.0.1"),
        "Network.Ip4GatewayAddress",
        "ipv4.unusable",
        "error",
    ),
    ("IPv6 gateway", setter(Network__Ip4GatewayAddress="fe80::1"), "Network.Ip4GatewayAddress", "ipv4.syntax", "error"),
    (
        "missing control plane",
        setter(Network__ControlPlaneEndpointIp=_DELETE),
        "Network.ControlPlaneEndpointIp",
        "mode.required",
        "error",
    ),
    ("missing gateway", setter(Network__Ip4GatewayAddress=None), "Network.Ip4GatewayAddress", "mode.required", "error"),
    ("missing DNS", setter(Network__DnsServers=[]), "Network.DnsServers", "mode.required", "error"),
    (
        "missing adapter",
        setter(**{"Machines[0]__NetworkConnection__AdapterName": ""}),
        "Machines[0].NetworkConnection.AdapterName",
        "mode.required",
        "error",
    ),
    (
        "missing node IP",
        setter(**{"Machines[0]__LinuxNode__Ip4Address": _DELETE}),
        "Machines[0].LinuxNode.Ip4Address",
        "mode.required",
        "error",
    ),
    (
        "windows node without IP",
        setter(**{"Machines[0]__WindowsNode__CpuCount": 2}),
        "Machines[0].WindowsNode.Ip4Address",
        "mode.required",
        "error",
    ),
    (
        "internal prefix in scalable",
        setter(Network__Ip4AddressPrefix="192.168.100.0/24"),
        "Network.Ip4AddressPrefix",
        "mode.forbidden",
        "error",
    ),
    ("KMS in scalable", setter(Init__KmsPlugin__Enable=True), "Init.KmsPlugin.Enable", "mode.forbidden", "error"),
    (
        "K3s node subnet overlaps pod range",
        setter(
            Network__Ip4GatewayAddress="10.42.0.1",
            Network__Ip4PrefixLength=24,
            Network__ControlPlaneEndpointIp="10.42.0.191",
            Init__ServiceIPRangeStart="10.42.0.151",
            Network__DnsServers=["10.42.0.1"],
            **{"Machines[0]__LinuxNode__Ip4Address": "10.42.0.171"},
        ),
        "Network.Ip4GatewayAddress",
        "network.cluster-overlap",
        "error",
    ),
    (
        "DNS in the service CIDR",
        setter(Network__DnsServers=["10.43.0.10"]),
        "Network.DnsServers[0]",
        "dns.cluster-range",
        "error",
    ),
    ("DNS loopback stub", setter(Network__DnsServers=["127.0.0.53"]), "Network.DnsServers[0]", "dns.loopback", "error"),
    ("DNS not an IP", setter(Network__DnsServers=["dns.example.com"]), "Network.DnsServers[0]", "dns.syntax", "error"),
    (
        "DNS twice",
        setter(Network__DnsServers=["192.168.1.1", "192.168.1.1"]),
        "Network.DnsServers[1]",
        "dns.duplicate",
        "warning",
    ),
    ("DNS as a string", setter(Network__DnsServers="192.168.1.1"), "Network.DnsServers", "type", "error"),
    (
        "four DNS servers",
        setter(Network__DnsServers=["192.168.1.1", "192.168.1.2", "192.168.1.3", "192.168.1.4"]),
        "Network.DnsServers",
        "dns.count",
        "warning",
    ),
    (
        "first machine not control plane",
        setter(**{"Machines[0]__LinuxNode__ControlPlane": False}),
        "Machines[0].LinuxNode.ControlPlane",
        "machines.control-plane",
        "warning",
    ),
    (
        "two machines",
        lambda d: d.get("Machines").append(d.copy().get("Machines[0]")),
        "Machines",
        "machines.count",
        "warning",
    ),
    (
        "wifi adapter on host",
        setter(**{"Machines[0]__NetworkConnection__AdapterName": "Wi-Fi"}),
        "Machines[0].NetworkConnection.AdapterName",
        "adapter.wifi",
        "warning",
    ),
    (
        "adapter not on host",
        setter(**{"Machines[0]__NetworkConnection__AdapterName": "Ethernet 9"}),
        "Machines[0].NetworkConnection.AdapterName",
        "adapter.unknown",
        "warning",
    ),
    (
        "disconnected adapter",
        setter(**{"Machines[0]__NetworkConnection__AdapterName": "Ethernet 2"}),
        "Machines[0].NetworkConnection.AdapterName",
        "adapter.down",
        "warning",
    ),
]


@pytest.mark.parametrize("case", SCALABLE_CASES, ids=[c[0] for c in SCALABLE_CASES])
def test_scalable_rule_fires(case: tuple[str, Edit, str, str, str], scalable: Draft) -> None:
    from wizard.host import facts_for

    _name, edit, path, rule, severity = case
    edit(scalable)
    findings = found(scalable, adapters=facts_for(demo=True).adapters)
    assert has(findings, path, rule, severity), describe(findings)


def test_demo_adapter_gives_no_adapter_warning(scalable: Draft) -> None:
    from wizard.host import facts_for

    assert found(scalable, adapters=facts_for(demo=True).adapters) == []


MIXED_CASES: list[tuple[str, Edit, str, str, str]] = [
    (
        "duplicate MAC",
        setter(**{"Machines[0]__WindowsNode__MacAddress": "00:15:5D:00:00:41"}),
        "Machines[0].WindowsNode.MacAddress",
        "mac.unique",
        "error",
    ),
    (
        "duplicate MAC, other side",
        setter(**{"Machines[0]__WindowsNode__MacAddress": "00:15:5d:00:00:41"}),
        "Machines[0].LinuxNode.MacAddress",
        "mac.unique",
        "error",
    ),
    (
        "MAC syntax",
        setter(**{"Machines[0]__LinuxNode__MacAddress": "00:15:5D:00:00"}),
        "Machines[0].LinuxNode.MacAddress",
        "mac.syntax",
        "error",
    ),
    (
        "MAC with dashes",
        setter(**{"Machines[0]__LinuxNode__MacAddress": "00-15-5D-00-00-41"}),
        "Machines[0].LinuxNode.MacAddress",
        "mac.syntax",
        "error",
    ),
    (
        "multicast MAC",
        setter(**{"Machines[0]__LinuxNode__MacAddress": "01:15:5D:00:00:41"}),
        "Machines[0].LinuxNode.MacAddress",
        "mac.unicast",
        "error",
    ),
    (
        "MTU too big",
        setter(**{"Machines[0]__NetworkConnection__Mtu": 9500}),
        "Machines[0].NetworkConnection.Mtu",
        "range",
        "error",
    ),
    (
        "MTU too small",
        setter(**{"Machines[0]__NetworkConnection__Mtu": 100}),
        "Machines[0].NetworkConnection.Mtu",
        "range",
        "error",
    ),
    (
        "legacy node MTU",
        setter(**{"Machines[0]__LinuxNode__Mtu": 1400}),
        "Machines[0].LinuxNode.Mtu",
        "mtu.legacy",
        "warning",
    ),
    (
        "K8s service CIDR overlap",
        setter(**{"Machines[0]__WindowsNode__Ip4Address": "10.96.0.5"}),
        "Machines[0].WindowsNode.Ip4Address",
        "network.subnet",
        "error",
    ),
    (
        "vCPU over 16",
        setter(**{"Machines[0]__LinuxNode__CpuCount": 12, "Machines[0]__WindowsNode__CpuCount": 6}),
        "Machines[0].WindowsNode.CpuCount",
        "machine.vcpu-total",
        "error",
    ),
    ("CPU 1", setter(**{"Machines[0]__LinuxNode__CpuCount": 1}), "Machines[0].LinuxNode.CpuCount", "range", "error"),
    (
        "memory odd",
        setter(**{"Machines[0]__LinuxNode__MemoryInMB": 4097}),
        "Machines[0].LinuxNode.MemoryInMB",
        "range.even",
        "error",
    ),
    (
        "memory too small",
        setter(**{"Machines[0]__WindowsNode__MemoryInMB": 1024}),
        "Machines[0].WindowsNode.MemoryInMB",
        "range",
        "error",
    ),
    (
        "memory as float",
        setter(**{"Machines[0]__LinuxNode__MemoryInMB": 4096.5}),
        "Machines[0].LinuxNode.MemoryInMB",
        "type",
        "error",
    ),
    (
        "data disk 1",
        setter(**{"Machines[0]__LinuxNode__DataSizeInGB": 1}),
        "Machines[0].LinuxNode.DataSizeInGB",
        "range",
        "error",
    ),
    (
        "data disk 4096",
        setter(**{"Machines[0]__LinuxNode__DataSizeInGB": 4096}),
        "Machines[0].LinuxNode.DataSizeInGB",
        "range",
        "error",
    ),
    (
        "log size 11",
        setter(**{"Machines[0]__LinuxNode__LogSizeInGB": 11}),
        "Machines[0].LinuxNode.LogSizeInGB",
        "range",
        "error",
    ),
    (
        "proxy without scheme",
        setter(Network__Proxy__Http="10.0.0.5:3128"),
        "Network.Proxy.Http",
        "proxy.scheme",
        "error",
    ),
    (
        "socks proxy",
        setter(Network__Proxy__Https="socks5://10.0.0.5:1080"),
        "Network.Proxy.Https",
        "proxy.scheme",
        "error",
    ),
    (
        "proxy bad port",
        setter(Network__Proxy__Http="http://10.0.0.5:99999"),
        "Network.Proxy.Http",
        "proxy.url",
        "error",
    ),
    (
        "proxy with path",
        setter(Network__Proxy__Http="http://10.0.0.5:3128/pac"),
        "Network.Proxy.Http",
        "proxy.url",
        "error",
    ),
    (
        "no_proxy misses cluster ranges",
        setter(Network__Proxy__No="localhost,.corp.contoso.com"),
        "Network.Proxy.No",
        "proxy.no-missing",
        "warning",
    ),
    (
        "no_proxy bad entry",
        setter(Network__Proxy__No="localhost,127.0.0.0/8,10.244.0.0/16,10.96.0.0/12,.svc,10.0.0.0/24,10.0.0.0/33"),
        "Network.Proxy.No",
        "proxy.no-entry",
        "warning",
    ),
    ("plugin unknown", setter(Network__NetworkPlugin="cilium"), "Network.NetworkPlugin", "choice", "error"),
    ("deployment type unknown", setter(DeploymentType="CapiCluster"), "DeploymentType", "choice", "error"),
    ("deployment type missing", setter(DeploymentType=_DELETE), "DeploymentType", "deployment.type", "error"),
    ("EULA not accepted", setter(User__AcceptEula=False), "User.AcceptEula", "user.eula", "error"),
    ("EULA as string", setter(User__AcceptEula="true"), "User.AcceptEula", "type", "error"),
    (
        "subscription not a GUID",
        setter(Arc__SubscriptionId="my-subscription"),
        "Arc.SubscriptionId",
        "guid.syntax",
        "error",
    ),
    ("arc partly filled", setter(Arc__TenantId=None), "Arc", "arc.partial", "warning"),
    ("arc empty", lambda d: [d.set(f"Arc.{k}", None) for k in rules.ARC_REQUIRED], "Arc", "arc.missing", "warning"),
    ("schema version missing", setter(SchemaVersion=_DELETE), "SchemaVersion", "version.missing", "error"),
    ("schema version garbage", setter(SchemaVersion="one"), "SchemaVersion", "version.syntax", "error"),
    ("schema version newer than known", setter(SchemaVersion="1.99"), "SchemaVersion", "version.unknown", "warning"),
    (
        "key newer than schema version",
        setter(SchemaVersion="1.8"),
        "Machines[0].LinuxNode.LogSizeInGB",
        "version.key-newer",
        "warning",
    ),
    (
        "misspelt key",
        lambda d: d.get("Network").__setitem__("DnsServer", ["10.0.0.10"]),
        "Network.DnsServer",
        "key.unknown",
        "warning",
    ),
    (
        "key in wrong section",
        lambda d: d.get("Network").__setitem__("ServiceIPRangeSize", 10),
        "Network.ServiceIPRangeSize",
        "key.unknown",
        "warning",
    ),
    ("no machines", setter(Machines=[]), "Machines", "machines.missing", "error"),
    (
        "machine without nodes",
        setter(**{"Machines[0]": {"NetworkConnection": {"AdapterName": "Ethernet"}}}),
        "Machines[0]",
        "machines.node",
        "error",
    ),
    (
        "windows-only first machine",
        lambda d: d.delete("Machines[0].LinuxNode"),
        "Machines[0].LinuxNode",
        "machines.linux",
        "error",
    ),
    ("Machines not a list", setter(Machines={"LinuxNode": {}}), "Machines", "type", "error"),
    ("Network not an object", setter(Network="dhcp"), "Network", "type", "error"),
]


@pytest.mark.parametrize("case", MIXED_CASES, ids=[c[0] for c in MIXED_CASES])
def test_mixed_rule_fires(case: tuple[str, Edit, str, str, str], mixed: Draft) -> None:
    _name, edit, path, rule, severity = case
    edit(mixed)
    findings = found(mixed)
    assert has(findings, path, rule, severity), describe(findings)


SINGLE_CASES: list[tuple[str, Edit, str, str, str]] = [
    (
        "node IP on single machine",
        setter(**{"Machines[0]__LinuxNode__Ip4Address": "192.168.1.171"}),
        "Machines[0].LinuxNode.Ip4Address",
        "mode.forbidden",
        "error",
    ),
    (
        "gateway on single machine",
        setter(Network__Ip4GatewayAddress="192.168.1.1"),
        "Network.Ip4GatewayAddress",
        "mode.forbidden",
        "error",
    ),
    (
        "control plane on single machine",
        setter(Network__ControlPlaneEndpointIp="192.168.1.191"),
        "Network.ControlPlaneEndpointIp",
        "mode.forbidden",
        "error",
    ),
    (
        "adapter on single machine",
        setter(**{"Machines[0]__NetworkConnection__AdapterName": "Ethernet"}),
        "Machines[0].NetworkConnection.AdapterName",
        "mode.forbidden",
        "error",
    ),
    (
        "join on single machine",
        setter(Join__ClusterJoinToken="abc"),
        "Join.ClusterJoinToken",
        "mode.forbidden",
        "error",
    ),
    (
        "service start on single machine",
        setter(Init__ServiceIPRangeStart="192.168.0.4"),
        "Init.ServiceIPRangeStart",
        "mode.forbidden",
        "error",
    ),
    (
        "two machines on single machine",
        lambda d: d.get("Machines").append({"LinuxNode": {"CpuCount": 2}}),
        "Machines",
        "machines.count",
        "error",
    ),
    (
        "internal prefix not /24",
        setter(Network__Ip4AddressPrefix="192.168.100.0/23"),
        "Network.Ip4AddressPrefix",
        "cidr.prefix",
        "error",
    ),
    (
        "internal prefix host bits",
        setter(Network__Ip4AddressPrefix="192.168.100.7/24"),
        "Network.Ip4AddressPrefix",
        "cidr.syntax",
        "error",
    ),
    (
        "internal prefix in K3s pods",
        setter(Network__Ip4AddressPrefix="10.42.7.0/24"),
        "Network.Ip4AddressPrefix",
        "network.cluster-overlap",
        "error",
    ),
    (
        "GPU without accepting the warning",
        setter(
            **{
                "Machines[0]__LinuxNode__GpuPassthrough__Type": "ParaVirtualization",
                "Machines[0]__LinuxNode__GpuPassthrough__Count": 1,
            }
        ),
        "User.AcceptGpuWarning",
        "gpu.warning",
        "warning",
    ),
    (
        "GPU type",
        setter(**{"Machines[0]__LinuxNode__GpuPassthrough__Type": "DDA"}),
        "Machines[0].LinuxNode.GpuPassthrough.Type",
        "choice",
        "error",
    ),
    (
        "huge page size",
        setter(**{"Machines[0]__LinuxNode__MemoryHugePages__Size": 4096}),
        "Machines[0].LinuxNode.MemoryHugePages.Size",
        "choice",
        "error",
    ),
    (
        "secondary network partial trio",
        setter(**{"Machines[0]__LinuxNode__SecondaryNetworks": [{"VMSwitchName": "ot", "Ip4Address": "10.0.0.20"}]}),
        "Machines[0].LinuxNode.SecondaryNetworks[0].Ip4GatewayAddress",
        "secondary.trio",
        "error",
    ),
    (
        "secondary network without switch",
        setter(**{"Machines[0]__LinuxNode__SecondaryNetworks": [{}]}),
        "Machines[0].LinuxNode.SecondaryNetworks[0].VMSwitchName",
        "secondary.switch",
        "error",
    ),
    (
        "secondary address outside its subnet",
        setter(
            **{
                "Machines[0]__LinuxNode__SecondaryNetworks": [
                    {
                        "VMSwitchName": "ot",
                        "Ip4Address": "10.0.1.20",
                        "Ip4GatewayAddress": "10.0.0.1",
                        "Ip4PrefixLength": 24,
                    }
                ]
            }
        ),
        "Machines[0].LinuxNode.SecondaryNetworks[0].Ip4Address",
        "secondary.subnet",
        "error",
    ),
    ("legacy layout", setter(DeployOptions={"SingleMachineCluster": True}), "DeployOptions", "legacy.layout", "error"),
    ("legacy VSwitch", setter(Network__VSwitch={"Name": "x"}), "Network.VSwitch", "legacy.layout", "error"),
]


@pytest.mark.parametrize("case", SINGLE_CASES, ids=[c[0] for c in SINGLE_CASES])
def test_single_rule_fires(case: tuple[str, Edit, str, str, str], single: Draft) -> None:
    _name, edit, path, rule, severity = case
    edit(single)
    findings = found(single)
    assert has(findings, path, rule, severity), describe(findings)


def test_offline_and_volume_licence_silence_arc(single: Draft) -> None:
    for key in rules.ARC_REQUIRED:
        single.set(f"Arc.{key}", None)
    assert has(found(single), "Arc", "arc.missing")
    single.set("Network.InternetDisabled", True)
    assert found(single) == []
    single.set("Network.InternetDisabled", False)
    single.set("User.VolumeLicense.EnrollmentID", "123")
    assert not has(found(single), "Arc", "arc.missing")


def test_fixing_the_gateway_clears_every_involved_field(scalable: Draft) -> None:
    scalable.set("Network.Ip4GatewayAddress", "192.168.2.1")
    before = {f.path for f in found(scalable) if f.rule == "network.subnet"}
    assert {
        "Network.Ip4GatewayAddress",
        "Network.ControlPlaneEndpointIp",
        "Machines[0].LinuxNode.Ip4Address",
        "Init.ServiceIPRangeStart",
    } <= before
    scalable.set("Network.Ip4GatewayAddress", "192.168.1.1")
    assert found(scalable) == []


def test_wider_prefix_admits_addresses(scalable: Draft) -> None:
    scalable.set("Network.Ip4GatewayAddress", "192.168.0.1")
    assert any(f.rule == "network.subnet" for f in found(scalable))
    scalable.set("Network.Ip4PrefixLength", 23)  # 192.168.0.0/23 holds 192.168.1.x
    assert found(scalable) == []


def test_case_insensitive_keys_are_understood(scalable: Draft) -> None:
    network = scalable.data.pop("Network")
    scalable.data["network"] = {k.lower(): v for k, v in network.items()}
    assert found(scalable) == []


def test_messages_name_the_value_and_hints_say_how(scalable: Draft) -> None:
    scalable.set("Network.Ip4GatewayAddress", "192.168.2.1")
    finding = next(f for f in found(scalable) if f.path == "Machines[0].LinuxNode.Ip4Address")
    assert "192.168.1.171" in finding.message and "192.168.2.0/24" in finding.message
    assert finding.hint


def test_proxy_password_never_in_findings(mixed: Draft) -> None:
    mixed.set("Network.Proxy.Http", "http://user:s3cret@10.0.0.5")
    mixed.set("Network.Proxy.No", "bad entry!")
    mixed.set("Network.Proxy.Https", "ftp://user:s3cret@10.0.0.5:21")
    text = describe(found(mixed)) + "".join(f.hint for f in found(mixed))
    assert "s3cret" not in text and "****" in text


def test_every_rule_is_exercised() -> None:
    """Each rule id the engine can emit appears in at least one case above (no untested rule)."""
    import inspect
    import re

    from wizard import fields, store, values

    cases = SCALABLE_CASES + MIXED_CASES + SINGLE_CASES
    tested = {c[3] for c in cases} | {"json.duplicate-key"}  # duplicate keys: tests/test_store.py
    tested |= {"join.template", "join.discovery-hash", "join.control-plane", "join.certificate-key"}  # test_join.py
    tested |= {"json.long-number"}  # tests/test_hostile.py
    tested |= {"ipv4.with-prefix"}  # tests/test_session.py
    source = "".join(inspect.getsource(m) for m in (rules, values, fields, store))
    emitted = {r for r in re.findall(r'"([a-z][a-z0-9]*(?:\.[a-z0-9-]+)+)",?\s*\)', source)} | {
        "range",
        "choice",
        "type",
    }
    assert len(emitted) > 40
    assert emitted - tested == set()


def test_required_hint_does_not_name_the_null_key_itself(scalable: Draft) -> None:
    scalable.set("Network.ControlPlaneEndpointIp", None)
    finding = next(f for f in found(scalable) if f.path == "Network.ControlPlaneEndpointIp")
    assert finding.rule == "mode.required" and "rename" not in finding.hint


def test_suggested_service_start_itself_passes(scalable: Draft) -> None:
    """The fix offered for a range that runs past the subnet clears the node address the naive one hits."""
    import re

    scalable.set("Init.ServiceIPRangeStart", "192.168.1.250")
    scalable.set("Init.ServiceIPRangeSize", 10)
    scalable.set("Machines[0].LinuxNode.Ip4Address", "192.168.1.247")  # inside .245-.254, the naive fix
    fit = next(f for f in found(scalable) if f.rule == "service.fit" and f.path == "Init.ServiceIPRangeStart")
    match = re.search(r"start at (\S+):", fit.hint)
    assert match is not None and match[1] != "192.168.1.245"
    scalable.set("Init.ServiceIPRangeStart", match[1])
    assert not [f for f in found(scalable) if f.rule.startswith("service.") and f.is_error]


@pytest.mark.parametrize("mode", ["SingleMachineCluster", "ScalableCluster"])
@pytest.mark.parametrize("nodes", ["Linux", "LinuxAndWindows", "Windows"])
def test_template_documents_are_typed_so_skipping_the_type_pass_changes_nothing(mode: str, nodes: str) -> None:
    from wizard import template
    from wizard.host import facts_for

    draft = template.new_document(mode, nodes, host=facts_for(demo=True).defaults())  # type: ignore[arg-type]
    assert rules.validate(draft, typed=True) == rules.validate(draft)

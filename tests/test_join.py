"""Join files: what New-AksEdgeScaleConfig -ScaleType AddMachine writes for the next machine, shaped like
the files Microsoft's Arc Jumpstart deploys (ScalableClusterAdd-k3s.json / -k8s.json): no Init, no Arc,
Join with a token and cluster id (K8s: also DiscoveryTokenHash; an extra control plane: CertificateKey)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from wizard import rules
from wizard.draft import Draft

K3S_WORKER: dict[str, Any] = {
    "SchemaVersion": "1.14",
    "Version": "1.0",
    "DeploymentType": "ScalableCluster",
    "Join": {"ClusterJoinToken": "K10a1b2c3::server:d4e5f6", "ClusterId": "5a8f0f4e-1c1e-4a55-9f39-0c4c2b7a1d11"},
    "Network": {
        "NetworkPlugin": "flannel",
        "ControlPlaneEndpointIp": "192.168.1.191",
        "Ip4GatewayAddress": "192.168.1.1",
        "Ip4PrefixLength": 24,
        "DnsServers": ["192.168.1.1"],
        "InternetDisabled": False,
        "SkipAddressFreeCheck": False,
    },
    "User": {"AcceptEula": True, "AcceptOptionalTelemetry": False},
    "Machines": [
        {
            "NetworkConnection": {"AdapterName": "Ethernet", "Mtu": 0},
            "LinuxNode": {
                "CpuCount": 4,
                "MemoryInMB": 4096,
                "DataSizeInGB": 20,
                "Ip4Address": "192.168.1.172",
                "TimeoutSeconds": 300,
                "TpmPassthrough": False,
            },
        }
    ],
}


def k8s(doc: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    doc["Network"]["NetworkPlugin"] = "calico"
    doc["Join"]["DiscoveryTokenHash"] = "sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
    return doc


def control_plane(doc: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    doc["Join"]["CertificateKey"] = "9c7b3f1a2e4d6c8b0a9f8e7d6c5b4a39"
    doc["Machines"][0]["LinuxNode"]["ControlPlane"] = True
    return doc


def windows_only(doc: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    node = doc["Machines"][0].pop("LinuxNode")
    doc["Machines"][0]["WindowsNode"] = {"CpuCount": 2, "MemoryInMB": 4096, "Ip4Address": node["Ip4Address"]}
    return doc


def findings(doc: dict[str, Any]) -> list[rules.Finding]:
    return rules.validate(Draft(copy.deepcopy(doc)))


FILLED = {
    "k3s worker": K3S_WORKER,
    "k8s worker": k8s(K3S_WORKER),
    "k3s control plane": control_plane(K3S_WORKER),
    "k8s control plane": control_plane(k8s(K3S_WORKER)),
    "windows only": windows_only(K3S_WORKER),
}


@pytest.mark.parametrize("name", FILLED)
def test_filled_join_files_have_no_finding(name: str) -> None:
    assert [(f.path, f.rule) for f in findings(FILLED[name]) if f.is_error] == []
    assert not [f for f in findings(FILLED[name]) if f.rule.startswith(("arc.", "service."))]


def test_template_values_are_reported_as_a_template() -> None:
    doc = copy.deepcopy(K3S_WORKER)
    doc["Join"]["ClusterJoinToken"] = "ClusterJoinToken-null"
    doc["Machines"][0]["NetworkConnection"]["AdapterName"] = "Ethernet-Null"
    found = {f.path: f for f in findings(doc) if f.rule == "join.template"}
    assert set(found) == {"Join.ClusterJoinToken", "Machines[0].NetworkConnection.AdapterName"}
    assert "still a template" in found["Machines[0].NetworkConnection.AdapterName"].message
    assert "ClusterJoinToken-null" not in found["Join.ClusterJoinToken"].message  # a token is a secret


def test_k8s_join_needs_the_discovery_hash() -> None:
    doc = k8s(K3S_WORKER)
    del doc["Join"]["DiscoveryTokenHash"]
    assert [f.path for f in findings(doc) if f.rule == "join.discovery-hash"] == ["Join.DiscoveryTokenHash"]


def test_certificate_key_and_control_plane_go_together() -> None:
    worker_with_key = copy.deepcopy(K3S_WORKER)
    worker_with_key["Join"]["CertificateKey"] = "9c7b3f1a"
    assert any(f.rule == "join.control-plane" for f in findings(worker_with_key))
    plane_without_key = control_plane(K3S_WORKER)
    del plane_without_key["Join"]["CertificateKey"]
    assert any(f.rule == "join.certificate-key" for f in findings(plane_without_key))


def test_join_node_address_must_be_in_the_cluster_subnet() -> None:
    doc = copy.deepcopy(K3S_WORKER)
    doc["Machines"][0]["LinuxNode"]["Ip4Address"] = "192.168.7.20"
    assert any(f.is_error and f.path == "Machines[0].LinuxNode.Ip4Address" for f in findings(doc))
    doc["Machines"][0]["LinuxNode"]["Ip4Address"] = "192.168.1.191"  # the control-plane endpoint
    assert any(f.is_error and f.path == "Machines[0].LinuxNode.Ip4Address" for f in findings(doc))


def test_first_machine_may_leave_control_plane_out() -> None:
    first = copy.deepcopy(K3S_WORKER)
    del first["Join"]
    first["Init"] = {"ServiceIPRangeStart": "192.168.1.151", "ServiceIPRangeSize": 10}
    assert not [f for f in findings(first) if f.rule == "machines.control-plane"]
    first["Machines"][0]["LinuxNode"]["ControlPlane"] = False  # said explicitly: the cluster would have none
    assert any(f.rule == "machines.control-plane" for f in findings(first))

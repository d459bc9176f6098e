"""Answers files: YAML 1.1 traps avoided, partial answers filled with defaults, round trip to YAML."""

from __future__ import annotations

from wizard import answers, rules
from wizard.fields import SC
from wizard.template import HostDefaults, new_document


def test_yaml_traps_are_avoided() -> None:
    data = answers.parse_answers(
        "SchemaVersion: 1.10\nNetwork:\n  Proxy:\n    No: localhost\n"
        "Machines:\n  - LinuxNode:\n      MacAddress: 12:34:56:12:34:56\n      CpuCount: 4\n"
        "User:\n  AcceptEula: yes\n"
    )
    assert data["SchemaVersion"] == "1.10"
    assert data["Network"]["Proxy"] == {"No": "localhost"}
    assert data["Machines"][0]["LinuxNode"] == {"MacAddress": "12:34:56:12:34:56", "CpuCount": 4}
    assert data["User"]["AcceptEula"] == "yes"  # only true/false are booleans: 'yes' is flagged, not guessed


def test_partial_answers_get_defaults_and_host_facts() -> None:
    host = HostDefaults(dns_servers=("192.168.1.1",), gateway="192.168.1.1", prefix_length=24, adapter_name="Ethernet")
    draft = answers.draft_from_answers(
        {
            "DeploymentType": "ScalableCluster",
            "User": {"AcceptEula": True},
            "Network": {"ControlPlaneEndpointIp": "192.168.1.191"},
        },
        host=host,
    )
    assert draft.get("Network.DnsServers") == ["192.168.1.1"]
    assert draft.get("Machines[0].NetworkConnection.AdapterName") == "Ethernet"
    assert draft.get("Machines[0].LinuxNode.CpuCount") == 4
    missing = {f.path for f in rules.validate(draft) if f.rule == "mode.required"}
    assert missing == {"Machines[0].LinuxNode.Ip4Address"}


def test_windows_answers_add_a_windows_node() -> None:
    draft = answers.draft_from_answers({"Machines": [{"LinuxNode": {}, "WindowsNode": {"CpuCount": 4}}]})
    assert draft.get("Machines[0].WindowsNode") == {"CpuCount": 4, "MemoryInMB": 4096}


def test_answers_never_accept_the_eula() -> None:
    draft = answers.draft_from_answers({})
    assert draft.get("User.AcceptEula") is False and draft.get("User.AcceptOptionalTelemetry") is False


def test_round_trip_through_yaml() -> None:
    draft = new_document(SC, "LinuxAndWindows", "calico")
    again = answers.draft_from_answers(answers.parse_answers(answers.answers_from_draft(draft)))
    assert again.data == draft.data

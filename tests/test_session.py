"""Every operation a person can do, on the session alone: no terminal, no Pilot."""

from __future__ import annotations

import json
from pathlib import Path

from wizard.session import Change, Session

from .conftest import EXAMPLES
from .pilot import make_session


def scalable(tmp_path: Path) -> Session:
    session = make_session(tmp_path / "c.json")
    session.change_deployment_type("ScalableCluster")
    return session


def test_set_value_revalidates_and_tells_listeners(tmp_path: Path) -> None:
    session = scalable(tmp_path)
    seen: list[Change] = []
    session.listeners.append(seen.append)
    change = session.set_value("Network.Ip4PrefixLength", 40)
    assert change.paths == ["Network.Ip4PrefixLength"] and seen == [change]
    assert any(f.path == "Network.Ip4PrefixLength" and f.is_error for f in session.findings)
    assert not session.set_value("Network.Ip4PrefixLength", 40)  # same value: nothing changes
    assert not session.draft.has("Machines[0].LinuxNode.MacAddress")
    assert not session.set_value("Machines[0].LinuxNode.MacAddress", "")  # an empty value never adds a key
    assert not session.draft.has("Machines[0].LinuxNode.MacAddress")


def test_deployment_type_reports_what_it_would_drop(tmp_path: Path) -> None:
    session = scalable(tmp_path)
    session.set_value("Machines[0].LinuxNode.Ip4Address", "192.168.1.171")
    assert "Linux node IP" in session.deployment_type_drops("SingleMachineCluster")
    assert session.deployment_type_drops("ScalableCluster") == []
    assert session.change_deployment_type("SingleMachineCluster")
    assert not session.draft.has("Machines[0].LinuxNode.Ip4Address")


def test_nodes_report_the_node_removed(tmp_path: Path) -> None:
    session = make_session(tmp_path / "c.json")
    session.change_nodes("LinuxAndWindows")
    assert session.draft.has("Machines[0].WindowsNode")
    assert session.node_drops("Linux") == ["Windows node"]
    session.change_nodes("Linux")
    assert not session.draft.has("Machines[0].WindowsNode")


def test_choose_adapter_fills_only_empty_fields(tmp_path: Path) -> None:
    session = scalable(tmp_path)
    session.set_value("Network.Ip4GatewayAddress", "")
    session.set_value("Network.DnsServers", ["10.0.0.53"])
    change = session.choose_adapter("Ethernet")
    assert session.adapter_name() == "Ethernet" and session.chosen_adapter() is not None
    assert "Network.Ip4GatewayAddress" in change.paths
    assert session.draft.get("Network.DnsServers") == ["10.0.0.53"]  # typed before: kept


def test_dns_add_remove_move_keep_a_selection(tmp_path: Path) -> None:
    session = scalable(tmp_path)
    session.set_value("Network.DnsServers", [])
    assert session.add_dns("not-an-ip").problem is not None
    assert session.add_dns(" 10.0.0.1 ").index == 0
    assert session.add_dns("10.0.0.2").index == 1
    assert session.add_dns("10.0.0.1").index == 0 and session.dns_servers() == ["10.0.0.1", "10.0.0.2"]
    assert session.move_dns(1, -1).index == 0 and session.dns_servers() == ["10.0.0.2", "10.0.0.1"]
    assert not session.move_dns(0, -1)  # already first
    assert session.remove_dns(1).index == 0 and session.dns_servers() == ["10.0.0.2"]
    assert session.remove_dns(0).index is None and session.dns_servers() == []


def test_suggest_addresses_from_the_subnet(tmp_path: Path) -> None:
    session = scalable(tmp_path)
    session.choose_adapter("Ethernet")
    change = session.suggest_addresses()
    assert "Machines[0].LinuxNode.Ip4Address" in change.paths
    assert not [f for f in session.findings if f.is_error and f.path.startswith(("Network.Control", "Init."))]


def test_no_proxy_completion_and_arc_later(tmp_path: Path) -> None:
    session = scalable(tmp_path)
    session.set_value("Network.Proxy.Http", "http://proxy.example:3128")
    session.set_value("Network.Proxy.No", "localhost")
    change = session.complete_no_proxy()
    assert change.added and all(a in session.draft.get("Network.Proxy.No") for a in change.added)
    assert session.complete_no_proxy().added == []
    session.set_value("Arc.ClientId", "00000000-0000-0000-0000-000000000001")
    assert session.clear_arc().paths and session.draft.get("Arc.ClientId") is None


def test_generate_mac_is_seeded(tmp_path: Path) -> None:
    assert make_session(tmp_path / "a.json").generate_mac() == make_session(tmp_path / "b.json").generate_mac()


def test_write_refused_written_unchanged_conflict(tmp_path: Path) -> None:
    session = make_session(tmp_path / "c.json")
    outcome = session.write()
    assert outcome.status == "refused" and any(f.path == "User.AcceptEula" for f in outcome.findings)
    session.set_value("User.AcceptEula", True)
    assert session.unsaved()
    assert session.write().status == "written" and not session.unsaved()
    assert session.write().status == "unchanged"
    (tmp_path / "c.json").write_text("{}", encoding="utf-8")  # someone else changed it
    session.set_value("Network.DnsServers", ["192.168.1.2"])
    assert session.write().status == "conflict"
    assert session.write(replace=True).status == "written"
    assert json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["Network"]["DnsServers"] == ["192.168.1.2"]


def test_write_failure_is_an_outcome(tmp_path: Path) -> None:
    session = make_session(tmp_path / "missing" / "c.json")
    session.set_value("User.AcceptEula", True)
    outcome = session.write()
    assert outcome.status == "no-folder" and "does not exist" in outcome.message
    assert not (tmp_path / "missing").exists()  # only made when asked
    assert session.write(create_folder=True).status == "written"
    assert (tmp_path / "missing" / "c.json").is_file()


def test_dns_servers_pasted_at_once_and_nothing_typed_is_lost(tmp_path: Path) -> None:
    session = make_session(tmp_path / "c.json")
    session.set_value("Network.DnsServers", [])
    change = session.add_dns("10.0.0.10, 10.0.0.11;10.0.0.12\n 10.0.0.10 nonsense 10.0.0.300")
    assert session.draft.get("Network.DnsServers") == ["10.0.0.10", "10.0.0.11", "10.0.0.12"]
    assert change.rest == "nonsense, 10.0.0.300" and change.problem is not None
    assert "'nonsense' is not an IPv4 address" in change.problem.message


def test_address_typed_with_its_prefix_splits_in_one_key(tmp_path: Path) -> None:
    session = scalable(tmp_path)
    session.set_value("Network.Ip4PrefixLength", None)
    session.set_value("Machines[0].LinuxNode.Ip4Address", "192.168.1.171/24")
    found = [f for f in session.findings if f.path == "Machines[0].LinuxNode.Ip4Address"]
    assert found[0].rule == "ipv4.with-prefix" and "Ctrl+E" in found[0].hint
    change = session.split_address_prefix("Machines[0].LinuxNode.Ip4Address")
    assert session.draft.get("Machines[0].LinuxNode.Ip4Address") == "192.168.1.171"
    assert session.draft.get("Network.Ip4PrefixLength") == 24 and len(change.paths) == 2
    session.set_value("Machines[0].LinuxNode.Ip4Address", "192.168.1.171/16")
    refused = session.split_address_prefix("Machines[0].LinuxNode.Ip4Address")
    assert refused.problem is not None and "already 24" in refused.problem.message  # never overwritten


def test_skip_question_after_a_failed_check(tmp_path: Path) -> None:
    from wizard.probes import CheckResult, State

    session = scalable(tmp_path)
    session.probe_results["Network.DnsServers[0]"] = CheckResult(
        "dns", "Network.DnsServers[0]", "192.168.1.1", State.FAILED, "no answer from 192.168.1.1"
    )
    key, question = session.skip_question("dns") or ("", "")
    assert key == "Network.SkipDnsCheck" and "no answer" in question
    session.set_value(key, True)
    assert session.skip_question("dns") is None


def test_reconfigure_steps_start_with_the_overview(tmp_path: Path) -> None:
    from wizard import store

    draft = store.load(EXAMPLES[2])
    session = Session(draft, config_path=EXAMPLES[2], disk_text=draft.source_text, reconfigure=True)
    assert [s.id for s in session.steps()][:2] == ["overview", "deployment"]
    assert not session.unsaved() and not session.changed_on_disk()

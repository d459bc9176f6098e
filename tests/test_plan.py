"""`plan`: addresses for the next machines that the rules accept, refusals that say what would fit."""

from __future__ import annotations

import copy
import json

import pytest

from wizard import cli, plan, rules, store
from wizard.draft import Draft

from .conftest import EXAMPLES
from .test_join import K3S_WORKER

FIRST = EXAMPLES[2]  # scalable K3s first machine: 192.168.1.0/24, gateway .1, endpoint .191, services .151-.160
K8S_FIRST = EXAMPLES[3]  # scalable K8s (calico), 10.0.0.0/24


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_five_machines_get_addresses_the_rules_accept_in_join_files() -> None:
    first = store.load(FIRST)
    planned = plan.plan(first, 5)
    addresses = [m.linux_ip for m in planned]
    assert len(set(addresses)) == 5
    taken = {"192.168.1.1", "192.168.1.191", "192.168.1.171"} | {f"192.168.1.{i}" for i in range(151, 161)}
    assert not taken & set(addresses)
    for address in addresses:
        doc = copy.deepcopy(K3S_WORKER)
        doc["Machines"][0]["LinuxNode"]["Ip4Address"] = address
        assert [f for f in rules.validate(Draft(doc)) if f.is_error] == []


def test_commands_are_in_order_and_paste_into_powershell() -> None:
    planned = plan.plan(store.load(FIRST), 2, "linuxandwindows", 2, folder="C:\\Edge's files")
    make = planned[0].commands_control_plane_machine[0]
    assert make.startswith("New-AksEdgeScaleConfig -outFile 'C:\\Edge''s files\\ScaleConfig-machine2.json'")
    assert "-NodeType LinuxAndWindows" in make and "-LinuxNodeIp" in make and "-WindowsNodeIp" in make
    assert make.endswith("-ControlPlane") and planned[1].control_plane
    assert planned[0].commands_new_machine[-1].startswith("New-AksEdgeDeployment -JsonConfigFilePath '")


def test_a_plan_that_does_not_fit_says_how_many_fit(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "plan", str(FIRST), "--machines", "300")
    assert code == 1 and "room for 241 machine(s)" in err and "Traceback" not in err


@pytest.mark.parametrize(("extra", "ok"), [(0, True), (1, False), (2, True), (3, False)])
def test_control_planes_stay_odd(extra: int, ok: bool) -> None:
    if ok:
        assert sum(m.control_plane for m in plan.plan(store.load(FIRST), 3, control_planes=extra)) == extra
    else:
        with pytest.raises(plan.PlanError, match="odd number"):
            plan.plan(store.load(FIRST), 3, control_planes=extra)


def test_windows_only_machines_cannot_be_control_planes() -> None:
    with pytest.raises(plan.PlanError, match="Linux nodes"):
        plan.plan(store.load(FIRST), 2, "windows", 2)
    assert [m.windows_ip is not None and m.linux_ip is None for m in plan.plan(store.load(FIRST), 2, "windows")] == [
        True,
        True,
    ]


def test_k8s_cluster_and_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", str(K8S_FIRST), "--machines", "2", "--format", "json")
    machines = json.loads(out)
    assert code == 0 and [m["number"] for m in machines] == [2, 3]
    assert all(m["linux_ip"].startswith("10.0.0.") for m in machines)


def test_plan_refuses_single_machine_and_join_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "plan", str(EXAMPLES[0]), "--machines", "1")[0] == 1
    with pytest.raises(plan.PlanError, match="join file"):
        plan.plan(Draft(copy.deepcopy(K3S_WORKER)), 1)


def test_add_windows_node_to_the_first_machine(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", str(FIRST), "--add-windows-node", "--folder", "C:\\Edge Box")
    assert code == 0, err
    lines = out.splitlines()
    make = next(i for i, line in enumerate(lines) if "New-AksEdgeScaleConfig" in line)
    assert "-ScaleType AddNode -NodeType Windows -WindowsNodeIp 192.168.1.2" in lines[make]
    assert "-outFile 'C:\\Edge Box\\ScaleConfig-windows-node.json'" in lines[make]
    add = next(i for i, line in enumerate(lines) if "Add-AksEdgeNode -JsonConfigFilePath 'C:\\Edge Box\\" in line)
    assert make < add


def test_add_windows_node_refused_when_there_is_one() -> None:
    first = store.load(FIRST)
    first.set("Machines[0].WindowsNode", {"CpuCount": 2, "MemoryInMB": 4096, "Ip4Address": "192.168.1.173"})
    with pytest.raises(plan.PlanError, match="already has a Windows node"):
        plan.plan_add_node(first)


def test_plan_without_a_count_says_what_to_give(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "plan", str(FIRST))
    assert code == 1
    assert "--machines N" in err


def test_join_files_use_the_folders_own_separator() -> None:
    first = store.load(FIRST)
    assert plan.plan(first, 1, folder="C:\\AksEdge\\")[0].join_file == "C:\\AksEdge\\ScaleConfig-machine2.json"
    assert plan.plan(first, 1, folder="/srv/edge")[0].join_file == "/srv/edge/ScaleConfig-machine2.json"

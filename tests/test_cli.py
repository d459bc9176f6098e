"""The headless CLI: exit codes, JSON and text reports, render, schema, explain; no Textual imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wizard import cli, rules, store

from .conftest import EXAMPLES, LEGACY_SAMPLE

GOLDEN = Path(__file__).parent / "golden"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "validate", str(EXAMPLES[0]))[0] == 0
    assert run(capsys, "validate", str(GOLDEN / "bad" / "gateway-outside-subnet.json"))[0] == 1
    broken = tmp_path / "broken.json"
    broken.write_text("{nope", encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(broken))
    assert code == 2 and "not valid JSON" in out and "line 1" in out
    assert run(capsys, "validate", str(tmp_path / "missing.json"))[0] == 2
    # unusable beats invalid beats valid
    assert run(capsys, "validate", str(EXAMPLES[0]), str(LEGACY_SAMPLE), str(broken))[0] == 2


def test_warnings_do_not_fail(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(GOLDEN / "good" / "single-internal-prefix.json"))
    assert code == 0 and "valid (0 errors, 0 warnings)" in out


def test_validate_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--format", "json", str(GOLDEN / "bad" / "gateway-outside-subnet.json"))
    report = json.loads(out)
    assert code == 1 and report["valid"] is False
    assert set(report) == {"file", "valid", "findings"}
    first = report["findings"][0]
    assert set(first) == {"path", "severity", "message", "hint", "rule"}
    code, out, _ = run(capsys, "validate", "--format", "json", str(EXAMPLES[0]), str(EXAMPLES[1]))
    assert code == 0 and isinstance(json.loads(out), list) and len(json.loads(out)) == 2


def test_text_report_has_path_severity_hint_and_count(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(GOLDEN / "bad" / "no-eula.json"))
    assert "ERROR User.AcceptEula:" in out and "fix: read the" in out and "1 error, 0 warnings" in out
    assert "\033[" not in out  # no colour when not a terminal


def test_colour_only_on_a_terminal_and_never_under_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    findings = rules.validate(store.load(GOLDEN / "bad" / "no-eula.json"))
    for no_color, coloured in ((None, True), ("1", False)):
        if no_color:
            monkeypatch.setenv("NO_COLOR", no_color)
        else:
            monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.delenv("FORCE_COLOR", raising=False)
        monkeypatch.setenv("TERM", "xterm-256color")
        out = Terminal()
        cli._print_findings(findings, out)
        assert ("\033[" in out.getvalue()) is coloured
        assert "ERROR" in out.getvalue() and "User.AcceptEula" in out.getvalue()


def test_secrets_are_masked_in_reports(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--format", "json", str(GOLDEN / "bad" / "proxy-mistakes.json"))
    assert "secret" not in out.replace("<service-principal-secret>", "") and "****" in out


def test_render_writes_a_valid_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "# plant A, first machine\n"
        "DeploymentType: ScalableCluster\n"
        "Init: {ServiceIPRangeStart: 192.168.1.151}\n"
        "Network:\n"
        "  ControlPlaneEndpointIp: 192.168.1.191\n"
        "  Ip4GatewayAddress: 192.168.1.1\n"
        "  DnsServers: [192.168.1.1]\n"
        "  Proxy: {No: 'localhost,127.0.0.0/8'}\n"
        "User: {AcceptEula: true}\n"
        "Machines:\n"
        "  - NetworkConnection: {AdapterName: Ethernet}\n"
        "    LinuxNode: {Ip4Address: 192.168.1.171, MacAddress: 10:15:5D:00:00:01}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    code, stdout, err = run(capsys, "render", str(answers), "-o", str(out))
    assert code == 0, err
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["SchemaVersion"] == "1.16" and doc["DeploymentType"] == "ScalableCluster"
    assert doc["Network"]["Proxy"]["No"] == "localhost,127.0.0.0/8"  # YAML's `No:` stays a key
    assert doc["Machines"][0]["LinuxNode"]["MacAddress"] == "10:15:5D:00:00:01"  # not a base-60 number
    assert doc["Machines"][0]["LinuxNode"]["ControlPlane"] is True and doc["Network"]["Ip4PrefixLength"] == 24
    assert doc["User"]["AcceptOptionalTelemetry"] is False
    assert run(capsys, "validate", str(out))[0] == 0


def test_render_refuses_errors_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("DeploymentType: SingleMachineCluster\n", encoding="utf-8")  # EULA not accepted
    out = tmp_path / "out.json"
    code, _, err = run(capsys, "render", str(answers), "-o", str(out))
    assert code == 1 and "User.AcceptEula" in err and "nothing written" in err
    assert not out.exists() and list(tmp_path.iterdir()) == [answers]


def test_render_bad_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("Network: [unclosed\n", encoding="utf-8")
    code, _, err = run(capsys, "render", str(answers), "-o", str(tmp_path / "o.json"))
    assert code == 2 and "not valid YAML" in err and "line" in err
    answers.write_text("- just\n- a list\n", encoding="utf-8")
    code, _, err = run(capsys, "render", str(answers), "-o", str(tmp_path / "o.json"))
    assert code == 2 and "mapping" in err


def test_schema_is_valid_draft_2020_12(capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in EXAMPLES:
        assert list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))) == []
    bad = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    bad["Init"]["ServiceIPRangeSize"] = 500
    assert list(validator.iter_errors(bad))
    props = schema["$defs"]["Network"]["properties"]
    assert "gateway" in props["Ip4GatewayAddress"]["description"].lower()


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "Network.Ip4PrefixLength")
    assert code == 0 and "Prefix length" in out and "range 1-31" in out
    assert run(capsys, "explain", "Nope.Nothing")[0] == 2


def test_adapters_demo(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "adapters", "--demo")
    lines = out.splitlines()
    assert code == 0 and lines[1].startswith("Ethernet ") and "Wi-Fi" in lines[2] and "Disconnected" in lines[3]
    code, out, _ = run(capsys, "adapters", "--demo", "--json")
    assert [a["name"] for a in json.loads(out)["adapters"]] == ["Ethernet", "Wi-Fi", "Ethernet 2"]


def test_headless_commands_do_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys; from wizard import cli; "
        f"cli.main(['validate', {str(EXAMPLES[0])!r}]); cli.main(['schema']); "
        "assert not [m for m in sys.modules if m.startswith('textual')], 'textual imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_engine_modules_do_not_import_textual() -> None:
    root = Path(__file__).resolve().parent.parent / "wizard"
    for module in root.glob("*.py"):
        if module.name in ("app.py", "cli.py"):
            continue
        assert "textual" not in module.read_text(encoding="utf-8"), module.name


def test_render_takes_host_defaults_from_the_demo_host(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "DeploymentType: ScalableCluster\nUser: {AcceptEula: true}\n"
        "Init: {ServiceIPRangeStart: 192.168.1.151}\n"
        "Network: {ControlPlaneEndpointIp: 192.168.1.191}\n"
        "Machines: [{LinuxNode: {Ip4Address: 192.168.1.171}}]\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "render", str(answers), "-o", "-", "--demo")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["Network"]["Ip4GatewayAddress"] == "192.168.1.1" and doc["Network"]["DnsServers"] == ["192.168.1.1"]
    assert doc["Machines"][0]["NetworkConnection"]["AdapterName"] == "Ethernet"

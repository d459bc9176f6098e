"""What a fresh machine gets: the lock installed exactly, a wheel that works outside the tree, a clone that
needs nothing beside it."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker

from wizard.present import fields_markdown

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from unlocked import locked, normalise, unlocked  # noqa: E402

LOCK = ROOT / "requirements.lock"


def test_installed_versions_equal_the_lock() -> None:
    installed = {normalise(d.metadata["Name"]): d.version for d in metadata.distributions()}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(?:;\s*(.+))?$", line)
        if not match or (match[3] and not Marker(match[3]).evaluate()):
            continue
        assert installed.get(normalise(match[1])) == match[2], f"{match[1]} is not the locked {match[2]}"
    assert unlocked(LOCK) == [], "installed but not in the lock"


def test_lock_pins_everything_pyproject_names() -> None:
    pins = locked(LOCK)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for name in ("textual", "pydantic", "pyyaml", "pytest", "pytest-textual-snapshot", "ruff", "mypy"):
        assert name in pins and f'"{name}' in pyproject.lower()


def test_nothing_reads_outside_the_repository() -> None:
    offenders = []
    for folder in ("wizard", "screens", "tests", "benchmarks", "scripts", "docs", "assets"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".py", ".sh", ".md", ".toml", ".tcss"} and path != Path(__file__):
                text = path.read_text(encoding="utf-8")
                shared = "sha" + "red"  # spelt apart so this test does not find itself
                if re.search(rf'\.\./{shared}|"{shared}" /|parent / "{shared}"', text):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_fields_doc_is_generated_from_the_catalogue() -> None:
    assert (ROOT / "docs" / "fields.md").read_text(encoding="utf-8") == fields_markdown(), (
        "run: aksedge-wizard explain --markdown > docs/fields.md"
    )


def test_help_names_the_wizard_options(capsys: pytest.CaptureFixture[str]) -> None:
    from wizard import cli

    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for option in ("--config", "--demo", "--answers", "--offline", "validate", "render", "python -m wizard"):
        assert option in out


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            str(ROOT),
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("aksedge_wizard-*.whl"))


def test_wheel_carries_assets_licence_and_no_tests(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {
        "wizard/assets/wizard.tcss",
        "wizard/assets/demo-adapters.json",
        "wizard/__main__.py",
        "screens/dns.py",
        "wizard/py.typed",
    } <= set(names)
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)
    meta = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("/METADATA"))).decode()
    assert "License-Expression: MIT" in meta and "Requires-Dist: textual<9,>=8.2.8" in meta


def test_wheel_runs_outside_the_tree(wheel: Path, tmp_path: Path) -> None:
    """Installed into a folder of its own and run from elsewhere, without this checkout on the path."""
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    deps = [p for p in sys.path if p.endswith("site-packages")]
    env = {
        "PYTHONPATH": ":".join([str(target), *deps]),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHONSAFEPATH": "1",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        # -S: no .pth files, so the editable install of this checkout cannot answer the imports.
        return subprocess.run(
            [sys.executable, "-S", *args], cwd=tmp_path, env=env, text=True, capture_output=True, timeout=120
        )

    done = run("-m", "wizard", "--version")
    assert done.returncode == 0 and done.stdout.strip() == "aksedge-wizard 0.1.0", done.stderr
    sample = tmp_path / "c.json"
    sample.write_bytes((ROOT / "tests/fixtures/samples/examples/01-single-machine-linux.json").read_bytes())
    done = run("-m", "wizard", "validate", str(sample))
    assert done.returncode == 0 and "valid" in done.stdout, done.stderr
    script = textwrap.dedent(f"""
        import argparse, asyncio, wizard
        from pathlib import Path
        from wizard.app import build_app
        assert str(Path(wizard.__file__)).startswith({str(target)!r}), wizard.__file__
        app = build_app(argparse.Namespace(config=Path("new.json"), demo=True, adapters_file=None,
                                           offline=True, answers=None))
        async def main():
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                assert any(str(p).startswith({str(target)!r}) and p.name == "wizard.tcss" for p in app.css_path), app.css_path
                assert len(app.stylesheet.rules) > 20
                print("adapters", len(app.session.host.adapters))
        asyncio.run(main())
    """)
    done = run("-c", script)
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(r"adapters [1-9]", done.stdout)

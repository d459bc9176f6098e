"""The offline bundle for a Windows edge box: the wheels resolve for win_amd64 and every supported Python
with no index (pip's own resolver, --dry-run), pinned to the lock; the installer installs from them only.

./run-tests fetches the win_amd64 wheels once per lock into build/windows-wheels (set-up, like the venv);
the tests here never use the network."""

from __future__ import annotations

import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import bundle  # noqa: E402  # scripts/bundle.py

CACHE = ROOT / "build" / "windows-wheels"
RUNTIME = {
    "aksedge-wizard", "textual", "rich", "pydantic", "pydantic-core", "pyyaml", "annotated-types",
    "typing-extensions", "typing-inspection", "platformdirs", "pygments", "markdown-it-py", "mdurl",
    "mdit-py-plugins", "linkify-it-py",
}  # fmt: skip


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not any(CACHE.glob("pydantic_core-*-win_amd64.whl")):
        pytest.fail("build/windows-wheels is empty: ./run-tests fetches it (scripts/bundle.py --prime)")
    folder = tmp_path_factory.mktemp("wheels")
    for wheel in CACHE.glob("*.whl"):
        if not wheel.name.startswith("aksedge_wizard-"):
            shutil.copy(wheel, folder)
    bundle.build_wheel(folder)  # this tree's wizard, built here without the network
    return folder


def test_bundle_resolves_for_windows_from_the_lock_without_network(wheels: Path) -> None:
    locked = bundle.locked_versions()
    resolved = bundle.check_resolves(wheels)
    assert set(resolved) == set(bundle.PYTHONS)
    for python, found in resolved.items():
        assert set(found) == RUNTIME, python
        assert all(found[name] == locked[name] for name in found if name != "aksedge-wizard"), python


def test_bundle_missing_a_wheel_is_refused_naming_the_python(wheels: Path, tmp_path: Path) -> None:
    partial = tmp_path / "partial"
    shutil.copytree(wheels, partial)
    for wheel in partial.glob("pyyaml-*-cp312-*.whl"):
        wheel.unlink()
    with pytest.raises(bundle.BundleError, match=r"Python 3\.12 on win_amd64"):
        bundle.check_resolves(partial)


def test_zip_holds_the_installer_readme_and_every_wheel(wheels: Path, tmp_path: Path) -> None:
    out = bundle.make_zip(wheels, tmp_path / "bundle.zip")
    names = zipfile.ZipFile(out).namelist()
    folder = names[0].split("/")[0]
    assert folder.startswith("aksedge-wizard-") and folder.endswith("-windows")
    assert f"{folder}/install.ps1" in names and f"{folder}/README.txt" in names
    assert {n.split("/")[-1] for n in names if n.endswith(".whl")} == {w.name for w in wheels.glob("*.whl")}
    for python in bundle.PYTHONS:
        tag = "cp" + python.replace(".", "")
        assert any("pydantic_core-" in n and f"-{tag}-" in n for n in names), python
    readme = zipfile.ZipFile(out).read(f"{folder}/README.txt")
    assert b"\r\n" in readme  # Notepad on an older Windows shows it right


INSTALLER = (ROOT / "scripts" / "windows" / "install.ps1").read_text(encoding="ascii")  # ASCII: PS 5.1 reads it as ANSI


def test_installer_installs_from_the_bundle_only() -> None:
    pip = next(line for line in INSTALLER.splitlines() if "-m pip install" in line)
    assert "--no-index" in pip and "--find-links $wheels" in pip and "aksedge-wizard" in pip
    assert "$wheels = Join-Path $here 'wheels'" in INSTALLER
    assert "$ErrorActionPreference = 'Stop'" in INSTALLER
    assert "sys.version_info >= (3, 11)" in INSTALLER  # the same floor as pyproject
    assert re.search(r"-m venv \$venv", INSTALLER)
    # every native command is followed by a check of its exit code (Stop does not cover them in 5.1)
    native = [i for i, line in enumerate(INSTALLER.splitlines()) if re.match(r"\s*& \$(pyExe|venvPython)", line)]
    lines = INSTALLER.splitlines()
    assert native and all("$LASTEXITCODE" in lines[i + 1] for i in native)


def test_installer_launcher_and_path() -> None:
    assert "'@\"%~dp0..\\venv\\Scripts\\aksedge-wizard.exe\" %*'" in INSTALLER  # relative, ASCII
    assert "SetEnvironmentVariable('Path', ($parts -join ';'), 'User')" in INSTALLER
    assert INSTALLER.count("{") == INSTALLER.count("}") and INSTALLER.count("(") == INSTALLER.count(")")

"""Build the offline install bundle for a Windows edge box: one zip with the wizard's wheel, every runtime
dependency's wheel for win_amd64 and each supported Python (the versions in requirements.lock), and
install.ps1, which installs from those wheels only (pip --no-index).

    python scripts/bundle.py                         # downloads (needs internet), writes dist/*.zip
    python scripts/bundle.py --cache DIR --offline   # uses only wheels already in DIR (no network)
    python scripts/bundle.py --cache DIR --prime     # only fills DIR (./run-tests does this once per lock)

`check_resolves` is pip's own resolver run with --dry-run --no-index --platform win_amd64: it proves the
wheels folder holds everything for each Python without touching the network."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
INSTALLER = ROOT / "scripts" / "windows" / "install.ps1"
PYTHONS = ("3.11", "3.12", "3.13")  # pyproject's classifiers
PLATFORM = "win_amd64"
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]


class BundleError(RuntimeError):
    pass


def constraints(lock: Path = LOCK) -> str:
    """The lock as pip constraints: one `name==version ; marker` per line, comments dropped."""
    lines = [line.split("#", 1)[0].rstrip() for line in lock.read_text(encoding="utf-8").splitlines()]
    return "\n".join(line for line in lines if line and not line.startswith(" ")) + "\n"


def locked_versions(lock: Path = LOCK) -> dict[str, str]:
    out = {}
    for line in constraints(lock).splitlines():
        name, _, rest = line.partition("==")
        out[_norm(name)] = rest.split(";", 1)[0].strip()
    return out


def _norm(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(".", "-")


def _platform_args(python: str) -> list[str]:
    return ["--only-binary=:all:", "--platform", PLATFORM, "--python-version", python, "--implementation", "cp"]


def build_wheel(dest: Path) -> Path:
    """The wizard's own wheel (no network when setuptools is installed, as in ./run-tests' venv)."""
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("aksedge_wizard-*.whl"):
        old.unlink()
    isolation = [] if _has_setuptools() else ["--use-pep517"]
    flags = ["--no-build-isolation"] if not isolation else isolation
    with tempfile.TemporaryDirectory() as work:  # setuptools writes build/ beside the source: keep it out
        source = Path(work) / "src"
        shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info"))
        _run([*PIP, "wheel", "--no-deps", *flags, "--wheel-dir", str(dest), str(source)])
    wheels = sorted(dest.glob("aksedge_wizard-*.whl"))
    if not wheels:
        raise BundleError("building the wheel produced nothing")
    return wheels[-1]


def _has_setuptools() -> bool:
    import importlib.util

    return (
        importlib.util.find_spec("setuptools") is not None
    )  # not imported: it would put its vendored packages on sys.path


def download(wheel: Path, cache: Path, pythons: tuple[str, ...] = PYTHONS) -> None:
    """Every runtime dependency of `wheel` for win_amd64, pinned to the lock (needs internet)."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write(constraints())
    try:
        for python in pythons:
            _run(
                [
                    *PIP,
                    "download",
                    *_platform_args(python),
                    "--constraint",
                    handle.name,
                    "--dest",
                    str(cache),
                    str(wheel),
                ]
            )
    finally:
        Path(handle.name).unlink()


def check_resolves(wheels: Path, pythons: tuple[str, ...] = PYTHONS) -> dict[str, dict[str, str]]:
    """pip resolves the wizard from `wheels` alone for each Python on win_amd64; returns what it would
    install per Python (name -> version). Raises BundleError naming the Python and pip's complaint."""
    found = {}
    for python in pythons:
        with tempfile.TemporaryDirectory() as target:
            cmd = [
                *PIP, "install", "--dry-run", "--ignore-installed", "--no-index", "--find-links", str(wheels),
                *_platform_args(python), "--target", target, "--report", "-", "aksedge-wizard",
            ]  # fmt: skip
            result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BundleError(f"the bundle does not resolve for Python {python} on {PLATFORM}: {result.stderr.strip()}")
        report = json.loads(result.stdout)
        found[python] = {_norm(i["metadata"]["name"]): i["metadata"]["version"] for i in report["install"]}
    return found


def make_zip(wheels: Path, out: Path) -> Path:
    version = next(wheels.glob("aksedge_wizard-*.whl")).name.split("-")[1]
    folder = f"aksedge-wizard-{version}-windows"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.write(INSTALLER, f"{folder}/install.ps1")
        bundle.writestr(f"{folder}/README.txt", README.replace("\n", "\r\n"))
        for wheel in sorted(wheels.glob("*.whl")):
            bundle.write(wheel, f"{folder}/wheels/{wheel.name}")
    tmp.replace(out)
    return out


README = """aksedge-wizard, offline bundle for Windows (x64)

1. Copy this folder to the edge box (no internet needed there).
2. Install Python 3.11, 3.12 or 3.13 from python.org if the box has none.
3. In PowerShell, in this folder:
       powershell -ExecutionPolicy Bypass -File .\\install.ps1
4. Open a new PowerShell window and run: aksedge-wizard --help

Windows Terminal shows the wizard best; in the old console use aksedge-wizard --ascii.
"""


def _run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BundleError(f"{' '.join(cmd[3:6])}... failed: {result.stderr.strip()[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "windows-wheels", help="where the wheels go")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "aksedge-wizard-windows.zip")
    parser.add_argument("--offline", action="store_true", help="use only the wheels in --cache; no network")
    parser.add_argument("--prime", action="store_true", help="only fill --cache (skips work when it resolves)")
    args = parser.parse_args(argv)
    try:
        wheel = build_wheel(args.cache)
        try:
            check_resolves(args.cache)
        except BundleError:
            if args.offline:
                raise
            download(wheel, args.cache)
            check_resolves(args.cache)
        if args.prime:
            return 0
        print(make_zip(args.cache, args.out))
    except BundleError as exc:
        print(f"bundle: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Print the installed distributions that the lock does not name (pip and this project excepted), one
per line; bootstrap.sh uninstalls them so the venv holds exactly the lock. Also the check in tests."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

KEEP = {"pip", "aksedge-wizard"}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(lock: Path) -> dict[str, str]:
    """name -> version for every line `name==version [; marker]` of the lock."""
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", line)
        if match:
            pins[normalise(match[1])] = match[2]
    return pins


def installed() -> dict[str, str]:
    return {normalise(d.metadata["Name"]): d.version for d in metadata.distributions() if d.metadata["Name"]}


def unlocked(lock: Path) -> list[str]:
    pins = locked(lock)
    return sorted(name for name in installed() if name not in pins and name not in KEEP)


if __name__ == "__main__":
    print("\n".join(unlocked(Path(sys.argv[1]))))

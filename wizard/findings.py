"""The one shape every check reports in: rules, type checks, the loader and the live probes."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    path: str  # dotted with indices, e.g. Machines[0].LinuxNode.Ip4Address; "" = the whole document
    severity: Severity
    message: str  # what is wrong, naming the value
    hint: str  # how to fix it
    rule: str  # stable id, e.g. "network.subnet"

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by path, without duplicates (two rules may spot the same thing)."""
    unique = list(dict.fromkeys(findings))
    return sorted(unique, key=lambda f: (f.severity != "error", f.path, f.rule, f.message))


def error(path: str, message: str, hint: str, rule: str) -> Finding:
    return Finding(path, "error", message, hint, rule)


def warning(path: str, message: str, hint: str, rule: str) -> Finding:
    return Finding(path, "warning", message, hint, rule)

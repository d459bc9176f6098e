"""The shape the code keeps: no import cycles, Textual only in the app and the step views, step views that
never call the app by name."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGES = ("wizard", "screens")
UI = {"wizard.app"}  # with every module under screens/


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).glob("*.py")):
            name = f"{package}.{path.stem}" if path.stem != "__init__" else package
            found[name] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every module of ours that `name` imports, at the top or inside a function (TYPE_CHECKING included)."""
    package = name if path.stem == "__init__" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        out |= {t for t in targets if t in known}
    out.discard(name)
    return out


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path, known) for name, path in mods.items()}


def test_no_import_cycle() -> None:
    edges = graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :] + [nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name)


def test_textual_only_in_the_app_and_screens() -> None:
    """Textual and rich only in the front ends: the app and screens; rich also in the CLI, for colour."""
    offenders = []
    for name, path in modules().items():
        if name in UI or name.startswith("screens"):
            continue
        front_end_rich = name == "wizard.cli"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            rich = any(n == "rich" or n.startswith("rich.") for n in names) and not front_end_rich
            if any(n == "textual" or n.startswith("textual.") for n in names) or rich:
                offenders.append(name)
    assert offenders == []


def test_engine_never_imports_screens_or_the_app() -> None:
    edges = graph()
    for name, targets in edges.items():
        if name.startswith("wizard") and name not in UI and name != "wizard.cli":
            assert not {t for t in targets if t.startswith("screens") or t in UI}, name
    # the CLI starts the TUI lazily, and only through wizard.app
    assert {t for t in edges["wizard.cli"] if t.startswith("screens")} == set()


def test_step_views_never_call_the_app() -> None:
    """Views edit through the session and post messages; `self.app.<method>(` would couple them back."""
    for path in sorted((ROOT / "screens").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                if isinstance(owner, ast.Attribute) and owner.attr in ("app", "wizard"):
                    raise AssertionError(f"{path.name}:{node.lineno} calls the app: .{owner.attr}.{node.func.attr}()")

"""YAML answers files <-> Draft. An answers file mirrors the deployment document (same keys and nesting,
may be partial); what it leaves out is filled with the defaults the wizard would offer.

YAML 1.1 would read `No:` as false, `1.10` as the float 1.1 and some MACs as base-60 numbers, so the loader
here knows only null, true/false and decimal integers; everything else stays the text the user wrote.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from . import fields
from .draft import Draft, join_path
from .fields import SC, SM
from .store import StoreError
from .template import HostDefaults, NodeTypes, new_document
from .values import MAX_DIGITS, printable

MAX_DEPTH = 32  # the deployment document is 5 deep; anything near this is not an answers file
MAX_ALIASES = 64  # an alias is a reference: a few hundred nested ones expand to gigabytes when walked


class _TooComplex(yaml.YAMLError):
    pass


class _AnswersLoader(yaml.SafeLoader):
    """Composes with bounds: nesting depth and alias count are checked before recursion goes deeper."""

    _depth = 0
    _aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _TooComplex(f"more than {MAX_ALIASES} aliases (*name); write the values out")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooComplex(f"nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_AnswersLoader.yaml_implicit_resolvers = {}
_AnswersLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_AnswersLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_AnswersLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if len(text.lstrip("+-")) > MAX_DIGITS:
        raise _TooComplex(f"a number of {len(text)} digits at line {node.start_mark.line + 1}; no setting takes it")
    return int(text)


_AnswersLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def parse_answers(text: str, source: str = "answers") -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_AnswersLoader)  # noqa: S506 - a SafeLoader subclass
    except _TooComplex as exc:
        raise StoreError(f"{source} is too complex to be an answers file: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise StoreError(f"{source} is not valid YAML{where}: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise StoreError(
            f"{source} must be a mapping of the deployment keys (e.g. 'DeploymentType: ...'), "
            f"not a {type(data).__name__}"
        )
    _check_keys(data, source)
    return data


def _check_keys(data: dict[Any, Any], source: str) -> None:
    """YAML allows any key (`? [1, 2]`, `1:`, `~:`); the document's keys are text."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if not isinstance(key, str):
                    place = f"under {where}" if where else "at the top"
                    raise StoreError(
                        f"{source}: the key {printable(repr(key))} {place} must be a name, e.g. DnsServers"
                    )
                stack.append((value, f"{where}.{key}" if where else key))
        elif isinstance(node, list):
            stack.extend((value, f"{where}[{i}]") for i, value in enumerate(node))


def load_answers(path: Path | str) -> dict[str, Any]:
    from .store import read_text

    return parse_answers(read_text(Path(path)), str(path))


def _text_kinds(spec: fields.FieldSpec | None) -> bool:
    return spec is not None and spec.kind not in ("int", "bool", "ipv4-list")


def apply_answers(draft: Draft, answers: dict[str, Any]) -> None:
    """Write every answer into the draft at its path (case-insensitive keys, lists by index)."""

    def walk(node: Any, parts: list[Any]) -> None:
        path = join_path(parts)
        spec = fields.spec_for(path) if parts else None
        if isinstance(node, dict) and spec is None:  # merge into what is there, never replace a section
            if parts and not isinstance(draft.get(path), dict):
                draft.set(path, {})
            for key, value in node.items():
                walk(value, parts + [str(key)])
            return
        if isinstance(node, list) and node and all(isinstance(item, dict) for item in node) and spec is None:
            for i, item in enumerate(node):
                walk(item, parts + [i])
            return
        if _text_kinds(spec) and isinstance(node, (int, float)) and not isinstance(node, bool):
            node = str(node)
        try:
            draft.set(path, node)
        except TypeError as exc:
            raise StoreError(f"answers: cannot set {path}: {exc}; check the nesting of that key") from None

    walk(answers, [])


def draft_from_answers(answers: dict[str, Any], host: HostDefaults | None = None) -> Draft:
    """Defaults for the deployment the answers describe, overlaid with the answers themselves."""
    probe = Draft(dict(answers))
    kind = probe.get("DeploymentType")
    deployment_type = SC if isinstance(kind, str) and kind.casefold() == SC.casefold() else SM
    machine = probe.get("Machines[0]")
    nodes: NodeTypes = "Linux"
    if isinstance(machine, dict):
        linux = Draft(machine).has("LinuxNode")
        windows = Draft(machine).has("WindowsNode")
        nodes = "LinuxAndWindows" if linux and windows else "Windows" if windows else "Linux"
    plugin = probe.get("Network.NetworkPlugin")
    draft = new_document(deployment_type, nodes, plugin if plugin in ("flannel", "calico") else "flannel", host=host)
    apply_answers(draft, answers)
    return draft


def answers_from_draft(draft: Draft) -> str:
    """The document as an answers file (for `--answers` round trips and for users to start from)."""
    return yaml.safe_dump(draft.data, sort_keys=False, default_flow_style=False, allow_unicode=True)

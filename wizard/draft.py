"""The editable deployment document.

A Draft keeps the user's document exactly as their file has it: key order, their spelling of each key, and
every key we do not understand. Keys are looked up case-insensitively, as PowerShell's ConvertFrom-Json
does; a key we create gets the canonical spelling from the model's key tree.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from . import textedit
from .fields import KEY_TREE
from .findings import Finding

PathPart = str | int
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


_VALID = re.compile(r"^[^.\[\]]+(\[\d+\])*(\.[^.\[\]]+(\[\d+\])*)*$")


@lru_cache(maxsize=4096)
def _parse_path(path: str) -> tuple[PathPart, ...]:
    if not _VALID.match(path):
        raise ValueError(f"bad path {path!r}")
    return tuple(int(index) if index else key for key, index in _PART.findall(path))


def parse_path(path: str) -> list[PathPart]:
    """`Machines[0].LinuxNode.Ip4Address` -> ["Machines", 0, "LinuxNode", "Ip4Address"]."""
    return list(_parse_path(path))


def join_path(parts: list[PathPart]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def find_key(obj: dict[str, Any], key: str) -> str | None:
    """The key of obj that equals `key` ignoring case (the last one, as the parsed document keeps)."""
    if key in obj:
        return key
    folded = key.casefold()
    found = None
    for existing in obj:
        if existing.casefold() == folded:
            found = existing
    return found


def known_children(tree: Any) -> dict[str, Any] | None:
    """The known keys below a node of KEY_TREE (lists of objects are stepped into)."""
    if isinstance(tree, list):
        tree = tree[0]
    return tree if isinstance(tree, dict) else None


def canonical_key(tree: Any, key: str) -> tuple[str, Any] | None:
    """(canonical spelling, subtree) of `key` among the known keys of `tree`, or None if unknown."""
    children = known_children(tree)
    if children is None:
        return None
    if key in children:  # the usual case, and the rules ask on every key press
        return key, children[key]
    folded = key.casefold()
    for name, sub in children.items():
        if name.casefold() == folded:
            return name, sub
    return None


_MISSING = object()


@dataclass
class Draft:
    """The document being edited; `data` is the JSON object as the user's file holds it."""

    data: dict[str, Any] = field(default_factory=dict)
    indent: int | str = 4
    newline: str = "\n"
    final_newline: bool = True
    encoding: str | None = None  # as the file was (utf-8, utf-8-sig, utf-16-le/-be); None: a new file
    # Problems found while reading the file that the parsed data cannot show (duplicate keys).
    load_findings: list[Finding] = field(default_factory=list, compare=False)
    # The text the document was read from, returned as is while nothing has changed (odd spacing survives).
    source_text: str | None = field(default=None, compare=False)
    _pristine: str | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.source_text is not None:
            self._pristine = json.dumps(self.data)

    @property
    def changed(self) -> bool:
        """True once the data differs (values or key order) from the text it was read from."""
        return self._pristine is None or json.dumps(self.data) != self._pristine

    # -- reading ---------------------------------------------------------------------------------------
    def get(self, path: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in _parse_path(path):  # the cached tuple: this runs for every rule's every read
            if isinstance(part, int):
                if not isinstance(node, list) or part >= len(node):
                    return default
                node = node[part]
            else:
                if not isinstance(node, dict):
                    return default
                key = find_key(node, part)
                if key is None:
                    return default
                node = node[key]
        return node

    def has(self, path: str) -> bool:
        return self.get(path, _MISSING) is not _MISSING

    # -- writing ---------------------------------------------------------------------------------------
    def set(self, path: str, value: Any) -> None:
        """Set a value, creating missing objects/array items on the way with canonical key spelling."""
        parts = parse_path(path)
        node: Any = self.data
        tree: Any = KEY_TREE
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            nxt = None if last else parts[i + 1]
            if isinstance(part, int):
                if not isinstance(node, list):
                    raise TypeError(f"{join_path(parts[:i])} is not a list")
                while len(node) <= part:
                    node.append({} if not isinstance(nxt, int) else [])
                tree = tree[0] if isinstance(tree, list) else None
                if last:
                    node[part] = value
                else:
                    if not isinstance(node[part], (dict, list)):
                        node[part] = [] if isinstance(nxt, int) else {}
                    node = node[part]
                continue
            if not isinstance(node, dict):
                raise TypeError(f"{join_path(parts[:i])} is not an object")
            key = find_key(node, part)
            known = canonical_key(tree, part)
            tree = known[1] if known else None
            if key is None:
                key = known[0] if known else part
            if last:
                node[key] = value
            else:
                want_list = isinstance(nxt, int)
                if not isinstance(node.get(key), list if want_list else dict):
                    node[key] = [] if want_list else {}
                node = node[key]

    def delete(self, path: str) -> bool:
        """Remove a key (or list item); True if something was removed."""
        parts = parse_path(path)
        parent = self.get(join_path(parts[:-1])) if len(parts) > 1 else self.data
        last = parts[-1]
        if isinstance(last, int):
            if isinstance(parent, list) and last < len(parent):
                del parent[last]
                return True
            return False
        if isinstance(parent, dict):
            key = find_key(parent, last)
            if key is not None:
                del parent[key]
                return True
        return False

    # -- views -----------------------------------------------------------------------------------------
    def canonical(self) -> dict[str, Any]:
        """A copy with every known key in its canonical spelling (unknown keys as they are)."""
        canonical: dict[str, Any] = _canonical(self.data, KEY_TREE)
        return canonical

    def copy(self) -> Draft:
        return Draft(
            copy.deepcopy(self.data),
            self.indent,
            self.newline,
            self.final_newline,
            self.encoding,
            list(self.load_findings),
            self.source_text if not self.changed else None,
        )

    def to_json(self) -> str:
        if self.source_text is not None and self._pristine is not None:
            if not self.changed:
                return self.source_text
            spliced = textedit.splice(
                self.source_text, json.loads(self._pristine), self.data, indent=self.indent, newline=self.newline
            )
            if spliced is not None:
                return spliced  # only the edited values differ from the user's own text
        text = json.dumps(self.data, indent=self.indent, ensure_ascii=False)
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return text + (self.newline if self.final_newline else "")


def _canonical(node: Any, tree: Any) -> Any:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            known = canonical_key(tree, key)
            name, sub = known if known else (key, None)
            out[name] = _canonical(value, sub)
        return out
    if isinstance(node, list):
        sub = tree[0] if isinstance(tree, list) else None
        return [_canonical(item, sub) for item in node]
    return node

"""Write an edited document back into the user's own text, touching only what changed.

`json` tells us the values but not where they stand, so this module scans the text once for the span of
every value. An edit that replaces values or adds keys to an object becomes a splice into the original
text: the user's spacing, line endings and every untouched line survive, and the diff shows only the edit.
Anything else (a key removed, a list grown) is left to a full re-serialisation by the caller.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

Path_ = tuple[str | int, ...]
_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


@dataclass
class Spans:
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # path -> [start, end) of its value
    keys: dict[Path_, list[str]] = field(default_factory=dict)  # object path -> its keys in order


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = Spans()

    def ws(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()  # type: ignore[union-attr]

    def value(self, pos: int, path: Path_) -> int:
        pos = self.ws(pos)
        start = pos
        char = self.text[pos : pos + 1]
        if char == "{":
            pos = self.obj(pos + 1, path)
        elif char == "[":
            pos = self.arr(pos + 1, path)
        elif char == '"':
            match = _STRING.match(self.text, pos)
            if not match:
                raise ValueError("bad string")
            pos = match.end()
        else:
            match = _SCALAR.match(self.text, pos)
            if not match:
                raise ValueError(f"bad value at {pos}")
            pos = match.end()
        self.spans.values[path] = (start, pos)
        return pos

    def obj(self, pos: int, path: Path_) -> int:
        keys: list[str] = []
        self.spans.keys[path] = keys
        pos = self.ws(pos)
        if self.text[pos : pos + 1] == "}":
            return pos + 1
        while True:
            pos = self.ws(pos)
            match = _STRING.match(self.text, pos)
            if not match:
                raise ValueError("bad key")
            key = json.loads(match.group())
            keys.append(key)
            pos = self.ws(match.end())
            if self.text[pos : pos + 1] != ":":
                raise ValueError("missing colon")
            pos = self.value(pos + 1, path + (key,))
            pos = self.ws(pos)
            char = self.text[pos : pos + 1]
            if char == ",":
                pos += 1
            elif char == "}":
                return pos + 1
            else:
                raise ValueError("bad object")

    def arr(self, pos: int, path: Path_) -> int:
        pos = self.ws(pos)
        if self.text[pos : pos + 1] == "]":
            return pos + 1
        index = 0
        while True:
            pos = self.value(pos, path + (index,))
            index += 1
            pos = self.ws(pos)
            char = self.text[pos : pos + 1]
            if char == ",":
                pos += 1
            elif char == "]":
                return pos + 1
            else:
                raise ValueError("bad array")


def scan(text: str) -> Spans | None:
    """Spans of every value in a JSON text; None if the text holds anything the scanner does not expect."""
    try:
        scanner = _Scanner(text)
        scanner.value(0, ())
        return scanner.spans
    except (ValueError, IndexError, RecursionError):
        return None


class _Unsupported(Exception):
    pass


def splice(text: str, old: Any, new: Any, *, indent: int | str = 4, newline: str = "\n") -> str | None:
    """The original `text` (whose data is `old`) edited to hold `new`, or None when a splice cannot do it."""
    spans = scan(text)
    if spans is None:
        return None
    edits: list[tuple[int, int, str]] = []
    try:
        _diff(text, spans, old, new, (), edits, indent, newline)
    except _Unsupported:
        return None
    out = text
    for start, end, replacement in sorted(edits, key=lambda e: e[0], reverse=True):
        out = out[:start] + replacement + out[end:]
    try:
        if json.loads(out) != new:
            return None
    except ValueError:
        return None
    return out


def _line_indent(text: str, pos: int) -> str:
    line_start = text.rfind("\n", 0, pos) + 1
    line = text[line_start:pos]
    return line[: len(line) - len(line.lstrip(" \t"))]


def _dump(value: Any, base: str, indent: int | str, newline: str) -> str:
    if not isinstance(value, (dict, list)) or not value:
        return json.dumps(value, ensure_ascii=False)
    body = json.dumps(value, indent=indent, ensure_ascii=False)
    return body.replace("\n", newline + base)


def _diff(
    text: str,
    spans: Spans,
    old: Any,
    new: Any,
    path: Path_,
    edits: list[tuple[int, int, str]],
    indent: int | str,
    newline: str,
) -> None:
    if type(old) is type(new) and old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict) and path in spans.keys:
        old_keys, new_keys = list(old), list(new)
        if new_keys[: len(old_keys)] != old_keys:
            raise _Unsupported  # a key removed or moved
        for key in old_keys:
            _diff(text, spans, old[key], new[key], path + (key,), edits, indent, newline)
        added = new_keys[len(old_keys) :]
        if added:
            if not old_keys:
                raise _Unsupported
            _, last_end = spans.values[path + (old_keys[-1],)]
            member_start = spans.values[path + (old_keys[-1],)][0]
            # the indentation of the last member's key line
            base = _line_indent(text, text.rfind('"', 0, text.rfind(":", 0, member_start)))
            parts = []
            for key in added:
                value = _dump(new[key], base, indent, newline)
                parts.append(f",{newline}{base}{json.dumps(key, ensure_ascii=False)}: {value}")
            edits.append((last_end, last_end, "".join(parts)))
        return
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and len(old) == len(new)
        and all(isinstance(i, (dict, list)) for i in old)
    ):
        for i, (a, b) in enumerate(zip(old, new, strict=False)):
            _diff(text, spans, a, b, path + (i,), edits, indent, newline)
        return
    if path not in spans.values:
        raise _Unsupported
    start, end = spans.values[path]
    edits.append((start, end, _dump(new, _line_indent(text, start), indent, newline)))

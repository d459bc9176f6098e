"""Reading and writing deployment files so that no file is ever lost or half-written.

Load: UTF-8 with or without a BOM or UTF-16 with one, JSON object only, duplicate keys (also case variants,
which ConvertFrom-Json refuses) reported with their path. Write (wizard/files.py does the file system part):
temp file in the same folder, flush, fsync, rename over the target, one `.bak` of what it replaced, the
file's own encoding, owner and mode kept, owner-only when the document holds a secret.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import files, redact, values
from .draft import Draft, join_path
from .findings import Finding, error

MAX_FILE_BYTES = files.MAX_FILE_BYTES


class StoreError(Exception):
    """A file cannot be used or written; the message names the file and says what to do."""


@dataclass(frozen=True)
class WriteResult:
    path: Path
    backup: Path | None
    written: bool  # False when the document on disk already equals it


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


def parse_document(text: str, source: str = "<text>") -> Draft:
    """Parse JSON text into a Draft, keeping its formatting style and noting duplicate keys."""
    if text.startswith("\ufeff"):
        text = text[1:]
    duplicates: dict[int, list[tuple[str, str]]] = {}

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        folded: dict[str, str] = {}
        for key, value in pairs:
            if key.casefold() in folded:
                duplicates.setdefault(id(obj), []).append((folded[key.casefold()], key))
                obj.pop(folded[key.casefold()], None)  # the last one wins, as Python's json would
            folded[key.casefold()] = key
            obj[key] = value
        return obj

    try:
        data = json.loads(text, object_pairs_hook=hook, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        lines = text.splitlines()
        bad = lines[exc.lineno - 1] if 0 < exc.lineno <= len(lines) else ""
        advice = "Fix the file in an editor (a missing comma or quote is the usual cause), or start a new one."
        if exc.msg.startswith("Expecting ',' delimiter"):
            before = [(n, line) for n, line in enumerate(lines[: exc.lineno - 1], 1) if line.strip()]
            if before and not before[-1][1].rstrip().endswith((",", "{", "[")):
                advice = f"Probably a comma is missing at the end of line {before[-1][0]}."
        elif exc.msg.startswith("Expecting property name") and bad.strip().startswith(("}", "]")):
            advice = "Probably a trailing comma before this line: JSON allows none."
        shown = values.printable(masked_text(bad.strip()[:120]))  # the broken line may hold a secret or escapes
        raise StoreError(
            f"{source} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}\n    {shown}\n{advice}"
        ) from None
    except (RecursionError, ValueError) as exc:
        why = "nested too deeply" if isinstance(exc, RecursionError) else "not valid JSON"
        raise StoreError(f"{source} is {why} to be a deployment file") from None
    depth = _depth(data)
    if depth > MAX_DEPTH:
        raise StoreError(
            f"{source} is nested more than {MAX_DEPTH} levels deep; a deployment file has at most 5. Check that you named the right file"
        )
    if not isinstance(data, dict):
        kind = type(data).__name__.replace("dict", "object").replace("list", "array").replace("str", "string")
        raise StoreError(f"{source} holds a JSON {kind}, not an object; a deployment file starts with {{")

    found: list[Finding] = []
    if duplicates:

        def walk(node: Any, parts: list[Any]) -> None:
            if isinstance(node, dict):
                for first, second in duplicates.get(id(node), []):
                    path = join_path(parts + [second])
                    found.append(
                        error(
                            path,
                            f"key {second} appears twice in this object"
                            + (f" (also as {first})" if first != second else ""),
                            "PowerShell's ConvertFrom-Json refuses duplicate keys, even ones that differ "
                            "only in case: keep one",
                            "json.duplicate-key",
                        )
                    )
                for key, value in node.items():
                    walk(value, parts + [key])
            elif isinstance(node, list):
                for i, item in enumerate(node):
                    walk(item, parts + [i])

        walk(data, [])

    newline = "\r\n" if "\r\n" in text else "\n"
    return Draft(
        data,
        indent=_indent_of(text),
        newline=newline,
        final_newline=text.endswith("\n"),
        load_findings=found,
        source_text=text,
    )


MAX_DEPTH = 32


def _parse_int(text: str) -> int | values.LongNumber:
    return values.LongNumber(text) if len(text.lstrip("-")) > values.MAX_DIGITS else int(text)


def _depth(data: Any) -> int:
    """How deeply the parsed value nests, found without recursion (every rule after this may recurse)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack.extend((child, level + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def _indent_of(text: str) -> int | str:
    for line in text.splitlines()[1:]:
        stripped = line.lstrip(" \t")
        if stripped and len(stripped) < len(line):
            lead = line[: len(line) - len(stripped)]
            return "\t" if lead.startswith("\t") else len(lead)
    return 4


def decode(raw: bytes, source: str) -> tuple[str, str]:
    """Text and encoding of a file: UTF-8 (with or without BOM) or UTF-16 with a BOM, as PowerShell writes."""
    for name in ("utf-8-sig", "utf-16-le", "utf-16-be"):
        bom = ENCODINGS[name]
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode("utf-8" if name == "utf-8-sig" else name), name
            except UnicodeDecodeError:
                raise StoreError(
                    f"{source} starts with a {name} BOM but is not {name} text; save it as UTF-8"
                ) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        raise StoreError(f"{source} is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None


def read_text(path: Path) -> str:
    return read_document_text(path)[0]


def read_document_text(path: Path) -> tuple[str, str]:
    """(text, encoding) of a regular file, read safely (see files.read_bytes)."""
    path = Path(path)
    try:
        raw = files.read_bytes(path)
    except files.FileRefused as exc:
        raise StoreError(str(exc)) from None
    return decode(raw, str(path))


def load(path: Path | str) -> Draft:
    path = Path(path)
    text, encoding = read_document_text(path)
    draft = parse_document(text, str(path))
    draft.encoding = encoding
    return draft


ENCODINGS = {"utf-8": b"", "utf-8-sig": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}


def encode(text: str, encoding: str | None) -> bytes:
    """The bytes of the file: as the file was (encoding and BOM kept), or for a new file what Windows
    PowerShell 5.1 reads right: plain UTF-8 when ASCII, else UTF-8 with a BOM (without one, 5.1's
    Get-Content reads it as the ANSI code page and garbles every non-ASCII character)."""
    if encoding is None:
        encoding = "utf-8" if text.isascii() else "utf-8-sig"
    if encoding == "utf-8-sig":
        return ENCODINGS["utf-8-sig"] + text.encode("utf-8")
    if encoding in ("utf-16-le", "utf-16-be"):
        return ENCODINGS[encoding] + text.encode(encoding)
    return text.encode("utf-8")


def write(draft: Draft, path: Path | str, *, backup: bool = True) -> WriteResult:
    """Atomically replace `path` with the draft. Raises StoreError; never leaves a partial or temp file,
    never replaces anything but a regular file, keeps the file's encoding, owner, group and mode."""
    path = Path(path)
    try:
        target = files.check_replaceable(path)
        files.remove_stale_temps(target.parent if str(target.parent) else Path("."))
        text = draft.to_json()
        secret = redact.holds_secret(draft)
        existing: bytes | None = None
        encoding = draft.encoding
        if target.exists():
            existing = files.read_bytes(target)
            try:
                old_text, old_encoding = decode(existing, str(target))
            except StoreError:
                old_text, old_encoding = None, None
            encoding = encoding or old_encoding
            if old_text == text:
                if secret:
                    files.tighten(target)
                return WriteResult(target, None, written=False)
        data = encode(text, encoding)
        backup_path = target.with_name(target.name + ".bak") if backup and existing is not None else None
        files.replace_file(target, data, private=secret, backup=backup_path, old=existing)
    except files.FileRefused as exc:
        raise StoreError(str(exc)) from None
    except PermissionError:
        raise StoreError(
            f"cannot write in {path.parent or '.'}: permission denied; choose another folder or run as a user who "
            "may write there. The original file is unchanged"
        ) from None
    except OSError as exc:
        raise StoreError(f"could not write {path}: {exc.strerror or exc}. The original file is unchanged") from None
    return WriteResult(target, backup_path, written=True)


def masked_text(text: str, *documents: Any) -> str:
    """Secrets replaced by ****: every value the parsed documents hold at a secret path (whatever its type
    or layout), then line by line what looks like a secret key or a proxy URL with a password."""
    text = redact.redact(text, redact.secret_values(*documents))
    out = []
    for line in text.splitlines(keepends=True):
        stripped = line.strip().casefold()
        if any(stripped.startswith(f'"{k}"') for k in ("clientsecret", "clusterjointoken", "certificatekey")):
            head, _, tail = line.partition(":")
            value = tail.strip().rstrip(",")
            if value not in ("null", '""', '"****"'):
                comma = "," if tail.rstrip().endswith(",") else ""
                line = f'{head}: "****"{comma}' + (
                    "\r\n" if line.endswith("\r\n") else "\n" if line.endswith("\n") else ""
                )
        elif "@" in line:
            line = "".join(values.mask_url(part) for part in re.split(r'([",\s]+)', line))
        out.append(line)
    return "".join(out)


def _lenient(text: str | None) -> Any:
    try:
        return json.loads(text or "")
    except (ValueError, RecursionError):
        return None


def diff(old_text: str | None, draft: Draft, path: str = "aksedge-config.json", *, mask: bool = True) -> str:
    """Unified diff between the file on disk and what would be written (secrets masked)."""
    new_text = draft.to_json()
    old = (old_text or "").removeprefix("\ufeff")
    if mask:
        both = (_lenient(old), draft)
        old, new_text = masked_text(old, *both), masked_text(new_text, *both)
    lines = difflib.unified_diff(
        old.replace("\r\n", "\n").splitlines(keepends=True),
        new_text.replace("\r\n", "\n").splitlines(keepends=True),
        fromfile=f"{path} (on disk)" if old_text is not None else "/dev/null",
        tofile=f"{path} (new)",
    )
    return "".join(lines)

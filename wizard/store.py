"""Reading and writing deployment files so that no file is ever lost or half-written.

Load: UTF-8 with or without a BOM, JSON object only, duplicate keys (also case variants, which
ConvertFrom-Json refuses) reported with their path. Write: temp file in the same folder, flush, fsync,
rename over the target, one `.bak` of what it replaced, mode 0600 when the document holds a secret.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import signal
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import redact, values
from .draft import Draft, join_path
from .findings import Finding, error

MAX_FILE_BYTES = 8 * 1024 * 1024  # a deployment file is a few KB; anything this big is the wrong file


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
        data = json.loads(text, object_pairs_hook=hook)
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
        raise StoreError(
            f"{source} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}\n"
            f"    {bad.strip()[:120]}\n{advice}"
        ) from None
    except RecursionError:
        raise StoreError(f"{source} is nested too deeply to be a deployment file") from None
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


def _indent_of(text: str) -> int | str:
    for line in text.splitlines()[1:]:
        stripped = line.lstrip(" \t")
        if stripped and len(stripped) < len(line):
            lead = line[: len(line) - len(stripped)]
            return "\t" if lead.startswith("\t") else len(lead)
    return 4


def read_text(path: Path) -> str:
    path = Path(path)
    try:
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a file; name the deployment JSON inside it")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise StoreError(
                f"{path} is {size // (1024 * 1024)} MB; a deployment file is a few KB. "
                "Check that you named the right file"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{path} does not exist; check the path") from None
    except PermissionError:
        raise StoreError(f"{path} cannot be read: permission denied; run as a user who may read it") from None
    except OSError as exc:
        raise StoreError(f"{path} cannot be read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                return raw.decode("utf-16")
            except UnicodeDecodeError:
                pass
        raise StoreError(f"{path} is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None


def load(path: Path | str) -> Draft:
    path = Path(path)
    return parse_document(read_text(path), str(path))


def write(draft: Draft, path: Path | str, *, backup: bool = True) -> WriteResult:
    """Atomically replace `path` with the draft. Raises StoreError; never leaves a partial or temp file."""
    path = Path(path)
    text = draft.to_json()
    if path.is_dir():
        raise StoreError(f"{path} is a folder; give a file name such as {path / 'aksedge-config.json'}")
    target = path.resolve() if path.is_symlink() else path  # replace the file a link points at, keep the link
    existing: bytes | None = None
    if target.exists():
        try:
            existing = target.read_bytes()
        except OSError as exc:
            raise StoreError(f"{target} cannot be read before replacing it: {exc.strerror or exc}") from None
        if existing.decode("utf-8-sig", errors="replace") == text:
            return WriteResult(target, None, written=False)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise StoreError(f"the folder {folder} does not exist; create it first")
    secret = redact.holds_secret(draft)
    with _signals_deferred():
        return _replace(target, folder, text, existing, secret, backup)


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP until the file is complete: a kill mid-write leaves no temp file."""
    if sys.platform == "win32":  # no signal masks there (mypy --platform win32 checks this branch)
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _replace(target: Path, folder: Path, text: str, existing: bytes | None, secret: bool, backup: bool) -> WriteResult:
    fd, tmp_name = _mkstemp(folder, target.name)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        _set_mode(tmp, target, secret)
        backup_path = None
        if backup and existing is not None:
            backup_path = target.with_name(target.name + ".bak")
            _write_backup(backup_path, existing, secret or _mode(target) & 0o077 == 0)
        os.replace(tmp, target)
        _fsync_dir(folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"could not write {target}: {exc.strerror or exc}. The original file is unchanged") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return WriteResult(target, backup_path, written=True)


def _mkstemp(folder: Path, name: str) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise StoreError(
            f"cannot write in {folder}: permission denied; choose another folder or run as a user who may write there"
        ) from None
    except OSError as exc:
        raise StoreError(f"cannot write in {folder}: {exc.strerror or exc}") from None


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o644


def _set_mode(tmp: Path, target: Path, secret: bool) -> None:
    if os.name != "posix":
        return
    mode = 0o600 if secret else (_mode(target) if target.exists() else 0o666 & ~_umask())
    os.chmod(tmp, mode)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_backup(path: Path, content: bytes, private: bool) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix" and private:
            os.chmod(tmp_name, 0o600)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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

"""Reading and replacing files safely: only regular files, bounded reads that never block, no following a
link planted by someone else in a shared folder, atomic replacement that keeps owner, group and mode, and
secrets made owner-only on every platform (icacls on Windows, through the platform seam).

Every refusal is a FileRefused with one line that names the file and says what to do."""

from __future__ import annotations

import os
import signal
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import system

MAX_FILE_BYTES = 8 * 1024 * 1024  # a deployment file is a few KB; anything this big is the wrong file
TEMP_PREFIX, TEMP_SUFFIX = ".awz-", ".tmp"  # short: a target name near the file system's limit still works
STALE_SECONDS = 600  # a temp file this old is left over from a killed run
# icacls names groups by SID so a localized Windows (Administratoren, Järjestelmänvalvojat) works too.
ADMINISTRATORS, LOCAL_SYSTEM = "*S-1-5-32-544", "*S-1-5-18"


class FileRefused(Exception):
    """The file cannot be used; the message says which and what to do."""


_KINDS = (
    (stat.S_ISDIR, "a folder", "name the deployment JSON inside it"),
    (stat.S_ISFIFO, "a named pipe (FIFO)", "name a regular file"),
    (stat.S_ISCHR, "a character device", "name a regular file"),
    (stat.S_ISBLK, "a block device", "name a regular file"),
    (stat.S_ISSOCK, "a socket", "name a regular file"),
)


def _kind_problem(path: Path, mode: int) -> str | None:
    for test, kind, fix in _KINDS:
        if test(mode):
            return f"{path} is {kind}, not a regular file; {fix}"
    return None if stat.S_ISREG(mode) else f"{path} is not a regular file; name a regular file"


def check_link(path: Path) -> None:
    """Refuse a symlink owned by someone else in a sticky, world-writable folder such as /tmp (the rule the
    kernel's fs.protected_symlinks applies): another user may have planted it to redirect us."""
    if sys.platform == "win32":
        return
    try:
        link = os.lstat(path)
    except OSError:
        return
    if not stat.S_ISLNK(link.st_mode):
        return
    try:
        folder = os.stat(path.parent if str(path.parent) else Path("."))
    except OSError:
        return
    shared = folder.st_mode & stat.S_ISVTX and folder.st_mode & stat.S_IWOTH
    if shared and link.st_uid not in (folder.st_uid, os.geteuid()):
        raise FileRefused(
            f"{path} is a link made by another user (uid {link.st_uid}) in the shared folder {path.parent}; "
            "it is not followed. Name the real file"
        )


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, at most `limit` (read limit + 1 whatever the size says: /proc and devices lie)."""
    path = Path(path)
    check_link(path)
    try:
        kind = _kind_problem(path, os.stat(path).st_mode)
        if kind:
            raise FileRefused(kind)
        # O_NONBLOCK: a FIFO swapped in after the check must not hang the open.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise FileRefused(f"{path} does not exist; check the path") from None
    except PermissionError:
        raise FileRefused(f"{path} cannot be read: permission denied; run as a user who may read it") from None
    except OSError as exc:
        raise FileRefused(f"{path} cannot be read: {exc.strerror or exc}") from None
    try:
        opened = os.fstat(fd)
        kind = _kind_problem(path, opened.st_mode)  # what was opened, not what was looked at
        if kind:
            raise FileRefused(kind)
        if opened.st_size > limit:
            raise FileRefused(f"{path} is {opened.st_size // (1024 * 1024)} MB; a deployment file is a few KB")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise FileRefused(f"{path} cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if total > limit:
        raise FileRefused(f"{path} is larger than {limit // (1024 * 1024)} MB; a deployment file is a few KB")
    return b"".join(chunks)


def check_replaceable(path: Path) -> Path:
    """The file a write replaces (a link is followed to its file and kept); refuses anything irregular."""
    path = Path(path)
    check_link(path)
    target = path.resolve() if path.is_symlink() else path
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise FileRefused(f"{target} cannot be checked: {exc.strerror or exc}") from None
    if mode is not None and (kind := _kind_problem(target, mode)):
        raise FileRefused(kind.replace("name a regular file", "only regular files are replaced"))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileRefused(f"the folder {folder} does not exist; create it first or choose another path")
    return target


def windows_protect_argv(path: Path, user: str) -> list[str]:
    """icacls: drop inherited entries, grant full control to the user, Administrators and SYSTEM only."""
    return [
        "icacls", str(path), "/inheritance:r",
        "/grant:r", f"{user}:(F)", "/grant:r", f"{ADMINISTRATORS}:(F)", "/grant:r", f"{LOCAL_SYSTEM}:(F)",
    ]  # fmt: skip


def protect(path: Path, private: bool, like: os.stat_result | None) -> None:
    """Owner, group and mode of the file replaced (`like`); owner-only when `private` (a secret inside)."""
    host = system.current()
    if host.windows:
        if private:
            result = host.run(windows_protect_argv(path, host.user()), 30)
            if result.returncode != 0:
                why = result.stderr.decode("utf-8", errors="replace").strip() or f"exit {result.returncode}"
                raise OSError(f"icacls could not restrict {path.name} to you, Administrators and SYSTEM: {why}")
        return
    if sys.platform == "win32":
        return
    if like is not None:
        if (like.st_uid, like.st_gid) != _owner(path):
            try:
                os.chown(path, like.st_uid, like.st_gid)
            except PermissionError:
                pass  # only root gives a file away; a user's own rewrite is theirs anyway
        mode = stat.S_IMODE(like.st_mode)
    else:
        mode = 0o666 & ~_umask()
    os.chmod(path, mode & ~0o077 if private else mode)


def _owner(path: Path) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_uid, st.st_gid


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def remove_stale_temps(folder: Path, now: float | None = None) -> list[Path]:
    """Temp files of ours that a killed run left behind (they may hold a secret): removed, and returned."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            mine = sys.platform == "win32" or st.st_uid == os.geteuid()
            if stat.S_ISREG(st.st_mode) and mine and now - st.st_mtime > STALE_SECONDS:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def replace_file(target: Path, data: bytes, *, private: bool, backup: Path | None, old: bytes | None) -> None:
    """Write `data` to a temp file beside `target`, protect it, keep `old` as `backup`, then rename over the
    target. Signals wait until it is done; on any failure the temp file is gone and the target unchanged."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        like = os.stat(target)
    except OSError:
        like = None
    with _signals_deferred():
        if backup is not None and old is not None:
            _write_temp_then_rename(folder, backup, old, private or (like is not None and _private(like)), like)
        _write_temp_then_rename(folder, target, data, private, like)


def _private(st: os.stat_result) -> bool:
    return stat.S_IMODE(st.st_mode) & 0o077 == 0


def _write_temp_then_rename(
    folder: Path, target: Path, data: bytes, private: bool, like: os.stat_result | None
) -> None:
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        protect(tmp, private, like)
        os.replace(tmp, target)
        _fsync_dir(folder)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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


def tighten(target: Path) -> None:
    """A file that holds a secret but was readable by others, unchanged otherwise: made owner-only."""
    host = system.current()
    if host.windows:
        protect(target, True, None)
    elif os.name == "posix":
        mode = stat.S_IMODE(os.stat(target).st_mode)
        if mode & 0o077:
            os.chmod(target, mode & ~0o077)

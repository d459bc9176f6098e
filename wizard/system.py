"""The one seam between the wizard and the operating system under it: which platform, how a command runs,
who the user is. Host facts, the address probe and secret-file protection take everything platform-specific
from `current()`; tests put a recorded Windows in its place (tests/conftest.py: `windows`)."""

from __future__ import annotations

import asyncio
import getpass
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Completed:
    returncode: int
    stdout: bytes
    stderr: bytes = b""


Run = Callable[[Sequence[str], float], Completed]  # (argv, timeout) -> result; raises TimeoutExpired, OSError
RunAsync = Callable[[Sequence[str], float], Awaitable[Completed]]


def _run(argv: Sequence[str], timeout: float) -> Completed:
    result = subprocess.run(list(argv), capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL)
    return Completed(result.returncode, result.stdout, result.stderr)


async def _run_async(argv: Sequence[str], timeout: float) -> Completed:
    proc = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, stdin=asyncio.subprocess.DEVNULL
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except (TimeoutError, asyncio.CancelledError):
        proc.kill()
        await proc.wait()
        raise
    return Completed(proc.returncode if proc.returncode is not None else -1, out, err)


def _windows_user() -> str:
    domain = os.environ.get("USERDOMAIN")
    user = os.environ.get("USERNAME") or getpass.getuser()
    return f"{domain}\\{user}" if domain else user


# Windows console control events that end the process when the handler returns (or after ~5 s): the window
# closed (also an OpenSSH session that dropped), the user logging off, the machine shutting down.
CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT = 2, 5, 6
CLOSING_EVENTS = frozenset({CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT})


def console_routine(closing: Callable[[], None]) -> Callable[[int], bool]:
    """The body of a console control handler: `closing` runs on an event that ends the process; every event
    is passed on (False), so Ctrl+C and Ctrl+Break and Windows' own ending of the process happen as before."""

    def routine(event: int) -> bool:
        if event in CLOSING_EVENTS:
            try:
                closing()
            except Exception:  # the process ends either way; there is no screen left to say anything on
                pass
        return False

    return routine


_ROUTINES: list[object] = []  # a ctypes callback must live as long as it is registered


def _on_console_close(closing: Callable[[], None]) -> None:
    if sys.platform != "win32":
        return
    import ctypes
    from ctypes import wintypes

    handler = ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.DWORD)(console_routine(closing))
    _ROUTINES.append(handler)
    ctypes.windll.kernel32.SetConsoleCtrlHandler(handler, True)


def _no_console_events(closing: Callable[[], None]) -> None:
    """Elsewhere the end of the terminal is a signal (SIGHUP), handled by the app."""


@dataclass(frozen=True)
class System:
    windows: bool
    run: Run = _run
    run_async: RunAsync = _run_async
    which: Callable[[str], str | None] = shutil.which
    user: Callable[[], str] = getpass.getuser  # on Windows DOMAIN\user, as icacls names the owner
    # Runs a callback (in another thread) when the console goes away and takes the process with it.
    on_console_close: Callable[[Callable[[], None]], None] = _no_console_events

    def powershell(self) -> str:
        return self.which("powershell.exe") or self.which("pwsh") or "powershell.exe"


def _real() -> System:
    if platform.system() == "Windows":
        return System(windows=True, user=_windows_user, on_console_close=_on_console_close)
    return System(windows=False)


CURRENT: System | None = None  # None until first asked; tests assign a recorded System here


def current() -> System:
    global CURRENT
    if CURRENT is None:
        CURRENT = _real()
    return CURRENT

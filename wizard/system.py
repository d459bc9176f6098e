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


@dataclass(frozen=True)
class System:
    windows: bool
    run: Run = _run
    run_async: RunAsync = _run_async
    which: Callable[[str], str | None] = shutil.which
    user: Callable[[], str] = getpass.getuser  # on Windows DOMAIN\user, as icacls names the owner

    def powershell(self) -> str:
        return self.which("powershell.exe") or self.which("pwsh") or "powershell.exe"


def _real() -> System:
    if platform.system() == "Windows":
        return System(windows=True, user=_windows_user)
    return System(windows=False)


CURRENT: System | None = None  # None until first asked; tests assign a recorded System here


def current() -> System:
    global CURRENT
    if CURRENT is None:
        CURRENT = _real()
    return CURRENT

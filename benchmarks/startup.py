"""Start-up: time from launch to the settled first screen in a real pseudo-terminal (the first frame is
drawn and nothing more is painted for 250 ms; the 250 ms are not counted), the wizard against the smallest
Textual app on the same interpreter in the same run. Prints medians and the ratio (goal <= 1.30).

    python benchmarks/startup.py [--runs 9] [--one-core]

--one-core pins this script and everything it starts to CPU 0 (as `taskset -c 0`): a stand-in for a
small edge box.
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUIET = 0.25  # no repaint for this long: the screen has settled


def first_frame_seconds(argv: list[str], marker: bytes, timeout: float = 30.0) -> float:
    """Seconds from spawning `argv` on a fresh pty until `marker` has been drawn on it."""
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="30", TEXTUAL_ANIMATIONS="none")
    # An installed wizard runs from compiled .pyc files, as Textual does: let the warm-up write them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=tempfile.gettempdir(), start_new_session=True
    )
    os.close(slave)
    seen = b""
    drawn: float | None = None
    last_output = start
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                seen += chunk
                last_output = time.perf_counter()
                if drawn is None and marker in _plain(seen):
                    drawn = last_output
            elif drawn is not None and time.perf_counter() - last_output >= QUIET:
                return last_output - start  # settled: the last paint before 250 ms of quiet
        raise RuntimeError(f"no settled first frame from {argv[-1]} within {timeout} s")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)


def _plain(data: bytes) -> bytes:
    import re

    return re.sub(rb"\x1b\[[0-9;?<>=]*[A-Za-z]|\x1b\][^\x07]*\x07", b"", data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--one-core", action="store_true", help="pin to CPU 0, as taskset -c 0")
    args = parser.parse_args()
    if args.one_core:
        os.sched_setaffinity(0, {0})  # inherited by every process started below
    python = sys.executable
    # A folder of its own, empty: a file or a recovery draft left beside the config by anything else
    # would put a question in front of the first screen and measure that instead.
    folder = tempfile.mkdtemp(prefix="aksedge-bench-")
    wizard = [python, "-m", "wizard.cli", "--demo", "--config", str(Path(folder) / "aksedge-config.json")]
    bare = [python, str(ROOT / "benchmarks" / "bare_app.py")]
    os.environ["PYTHONPATH"] = str(ROOT)
    # one warm-up each: the first run pays for cold .pyc files, which no user sees twice
    first_frame_seconds(bare, b"bare app ready")
    first_frame_seconds(wizard, b"What kind of deployment")
    bare_times, wizard_times = [], []
    for _ in range(args.runs):  # interleaved, so both see the same machine load
        bare_times.append(first_frame_seconds(bare, b"bare app ready"))
        wizard_times.append(first_frame_seconds(wizard, b"What kind of deployment"))
        if os.listdir(folder):
            raise RuntimeError(f"the wizard left {os.listdir(folder)} in {folder}: later runs would not start fresh")
    shutil.rmtree(folder)
    b, w = statistics.median(bare_times), statistics.median(wizard_times)
    bmin, wmin = min(bare_times), min(wizard_times)
    cores = "CPU 0 only" if args.one_core else f"{len(os.sched_getaffinity(0))} cores"
    print(f"python {sys.version.split()[0]}, {cores}, {args.runs} runs each, launch -> settled first screen")
    print("                   median /    best")
    print(f"bare Textual app : {b * 1000:7.1f} / {bmin * 1000:7.1f} ms")
    print(f"aksedge-wizard   : {w * 1000:7.1f} / {wmin * 1000:7.1f} ms")
    print(f"ratio            : {w / b:7.2f} / {wmin / bmin:7.2f}  (goal: median ratio <= 1.30)")


if __name__ == "__main__":
    main()

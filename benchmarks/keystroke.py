"""Keystroke latency: type 200 characters (valid and invalid) into the scalable addressing step with Pilot
and measure each key from its press to the refresh that puts the updated findings on screen (Pilot's
own settling after that is not counted); the same 200 keys into a bare Textual app with one Input,
measured the same way in the same run. Each field is cleared by the harness and left 50 ms before its
first key (see SETTLE). Prints median and p95 of both and the p95 ratio (goal <= 1.5).

    python benchmarks/keystroke.py [--one-core]

--one-core pins the run to CPU 0 (as `taskset -c 0`), a stand-in for a small edge box.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Input  # noqa: E402

from screens.widgets import field_id  # noqa: E402
from wizard import template  # noqa: E402
from wizard.app import WizardApp  # noqa: E402
from wizard.host import facts_for  # noqa: E402
from wizard.session import Change, Session  # noqa: E402

FIELDS = {
    "Machines[0].LinuxNode.Ip4Address": "192.168.1.171",
    "Network.Ip4GatewayAddress": "192.168.2.1",  # wrong on purpose: cross-field errors appear and clear
    "Network.ControlPlaneEndpointIp": "192.168.1.191",
    "Init.ServiceIPRangeStart": "192.168.1.151",
    "Network.Ip4PrefixLength": "23",
}


# After the harness clears a field it waits this long before the first key, as a person's first key comes.
# Without it that key lands within a frame of the clear's own repaint and waits for Textual's frame timer
# (60 fps: up to ~17 ms), in both apps alike and by chance: a property of the harness, not of the key.
SETTLE = 0.05


class TimedApp(WizardApp):
    """Notes when the screen has been refreshed after each value change (the findings are then on it)."""

    painted: list[float] = []
    processed: list[float] = []

    def _session_changed(self, change: Change) -> None:
        super()._session_changed(change)
        self.processed.append(time.perf_counter())  # findings computed, every row and the nav updated
        self.call_after_refresh(lambda: self.painted.append(time.perf_counter()))


class BareInputApp(App[None]):
    """The yardstick: one Input, and the same note of the refresh after each change."""

    painted: list[float] = []

    def compose(self) -> ComposeResult:
        yield Input(id="only")

    def on_input_changed(self) -> None:
        self.call_after_refresh(lambda: self.painted.append(time.perf_counter()))


async def measure_bare(keys_wanted: int = 200) -> list[float]:
    app = BareInputApp()
    timings: list[float] = []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        widget = app.query_one("#only", Input)
        widget.cursor_blink = False
        widget.focus()
        await pilot.pause()
        rng = random.Random(1)
        while len(timings) < keys_wanted:
            for text in FIELDS.values():
                widget.value = ""
                await pilot.pause(SETTLE)
                typed = text + rng.choice(["", "x", "9"])
                for ch in typed + "\b" * rng.randint(0, 2):
                    key = "backspace" if ch == "\b" else ch
                    app.painted.clear()
                    start = time.perf_counter()
                    await pilot.press(key)
                    await pilot.pause()
                    if app.painted:
                        timings.append(app.painted[0] - start)
                    if len(timings) >= keys_wanted:
                        break
                if len(timings) >= keys_wanted:
                    break
    return timings


async def measure(keys_wanted: int = 200) -> tuple[list[float], list[float]]:
    demo = facts_for(demo=True)
    draft = template.new_document(host=demo.defaults())
    template.switch_mode(draft, "ScalableCluster", demo.defaults())
    app = TimedApp(Session(draft, config_path=Path("/nonexistent/bench.json"), host=demo, offline=True))
    app.CURSOR_BLINK = False
    timings: list[float] = []
    work: list[float] = []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.show_step("addressing")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        rng = random.Random(1)
        while len(timings) < keys_wanted:
            for path, text in FIELDS.items():
                widget = app.query_one(f"#{field_id(path)}")
                widget.focus()
                widget.value = ""
                await pilot.pause(SETTLE)
                typed = text + rng.choice(["", "x", "9"])  # sometimes invalid
                for ch in typed + "\b" * rng.randint(0, 2):
                    key = "backspace" if ch == "\b" else ch
                    app.painted.clear()
                    app.processed.clear()
                    start = time.perf_counter()
                    await pilot.press(key)
                    await pilot.pause()  # Pilot's own waiting is not counted: only key -> repainted findings
                    if app.painted and app.processed:
                        timings.append(app.painted[0] - start)
                        work.append(app.processed[0] - start)
                    if len(timings) >= keys_wanted:
                        break
                if len(timings) >= keys_wanted:
                    break
    return timings, work


def _stats(values: list[float]) -> tuple[float, float, float]:
    ms = sorted(v * 1000 for v in values)
    return statistics.median(ms), ms[max(0, int(len(ms) * 0.95) - 1)], ms[-1]


def main() -> None:
    import argparse
    import os

    parser = argparse.ArgumentParser()
    parser.add_argument("--one-core", action="store_true", help="pin to CPU 0, as taskset -c 0")
    args = parser.parse_args()
    if args.one_core:
        os.sched_setaffinity(0, {0})
    bare = asyncio.run(measure_bare())
    painted, work = asyncio.run(measure())
    cores = "CPU 0 only" if args.one_core else f"{len(os.sched_getaffinity(0))} cores"
    print(f"{len(painted)} keys into the scalable addressing step (valid and invalid values), {cores}")
    print("                                      median     p95     max")
    rows = (
        ("wizard: key -> findings updated", work),
        ("wizard: key -> next painted frame", painted),
        ("bare Input: key -> next painted frame", bare),
    )
    for name, values in rows:
        med, p95, top = _stats(values)
        print(f"{name:<37} {med:7.2f} {p95:7.2f} {top:7.2f} ms")
    ratio = _stats(painted)[1] / _stats(bare)[1]
    print(f"p95 ratio wizard / bare Input: {ratio:.2f} (goal <= 1.5)")


if __name__ == "__main__":
    main()

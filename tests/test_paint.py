"""The main screen's partial updates (screens/paint.py render only what meets a changed area) must put on
the terminal exactly the cells a full render has there: checked on every frame of typing sessions that
bring messages, the blocked line and the step list's counts and go, at a roomy and a scrolling size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.segment import Segment
from textual._compositor import ChopsUpdate
from textual.geometry import Region
from textual.strip import Strip

from screens.paint import ChangedAreaCompositor

from .pilot import make_app, open_step, settle, type_into

Cell = tuple[str, Any]


def _cells(segments: list[Segment]) -> list[Cell]:
    cells: list[Cell] = []
    for segment in segments:
        for char in segment.text:
            cells.append((char, segment.style))
            cells.extend(("", segment.style) for _ in range(cell_len(char) - 1))
    return cells


def _painted(update: ChopsUpdate) -> dict[tuple[int, int], Cell]:
    """The cells the update writes, by (x, y), as ChopsUpdate.render_segments writes them."""
    painted: dict[tuple[int, int], Cell] = {}
    for y, x1, x2 in update.spans:
        for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items(), strict=False):
            if strip is None or x > x2 or end <= x1:
                continue
            cells = _cells(list(strip.crop(0, min(end, x2) - x)))
            for offset, cell in enumerate(cells):
                painted[(x + offset, y)] = cell
    return painted


class Checked:
    """Wraps the screen's compositor: every partial update is compared with a full render of that moment."""

    def __init__(self, compositor: ChangedAreaCompositor) -> None:
        self.compositor = compositor
        self.frames = 0
        self.cells = 0
        self.fewer = 0  # partial updates that rendered fewer widgets than Textual's compositor would
        self.rendered = 0
        original = compositor.render_partial_update
        renders = compositor._get_renders

        def checked() -> ChopsUpdate | None:
            self.rendered = 0
            changed = list(compositor._dirty_regions)
            crop = Region.from_union(changed) if changed else None
            # Textual's own choice: every widget whose clip meets the box around the changes.
            textual = sum(crop.overlaps(clip) for _, clip in compositor.visible_widgets.values()) if crop else 0
            update = original()
            if update is not None:
                self.fewer += 0 < self.rendered < textual
                self.compare(update, compositor.render_strips())
            return update

        def counted(crop: Any = None) -> Any:
            for render in renders(crop):
                self.rendered += 1
                yield render

        compositor.render_partial_update = checked  # type: ignore[method-assign]
        # Counted where Textual calls it: if a Textual upgrade renamed it, nothing is counted and the
        # test says so (the override would be dead, every key rendering everything again).
        compositor._get_renders = counted  # type: ignore[method-assign]

    def compare(self, update: ChopsUpdate, full: list[Strip]) -> None:
        painted = _painted(update)
        rows = {y: _cells(list(strip)) for y, strip in enumerate(full)}
        wrong = [(xy, cell, rows[xy[1]][xy[0]]) for xy, cell in painted.items() if rows[xy[1]][xy[0]] != cell]
        assert not wrong, f"partial update differs from a full render at {wrong[:5]}"
        left = [(x, y) for y, x1, x2 in update.spans for x in range(x1, x2) if (x, y) not in painted]
        assert not left, f"partial update leaves changed cells unpainted (stale on the terminal): {left[:5]}"
        self.frames += 1
        self.cells += len(painted)


@pytest.mark.parametrize("size", [(100, 40), (80, 24)])
async def test_every_partial_update_paints_what_a_full_render_shows(tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await open_step(pilot, "addressing", scalable=True)
        compositor = app.screen._compositor
        assert isinstance(compositor, ChangedAreaCompositor)
        check = Checked(compositor)
        for path, text in (
            ("Network.Ip4GatewayAddress", "192.168.2.1x"),  # off the node's subnet, then not an address
            ("Machines[0].LinuxNode.Ip4Address", "192.168.1.171/24"),
            ("Init.ServiceIPRangeSize", "300"),  # far past the subnet: the blocked line and the counts change
            ("Network.Ip4PrefixLength", "2x"),
        ):
            await type_into(pilot, path, text)
            await pilot.press("backspace", "backspace")
            await settle(pilot)
        await pilot.press("tab", "tab", "shift+tab")  # focus moves: labels restyle, the step may scroll
        await settle(pilot)
    assert check.frames > 30 and check.cells > 500  # the comparison ran on real updates
    assert check.fewer > check.frames // 2  # and the compositor rendered less than Textual's would

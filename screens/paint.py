"""The wizard's main screen: a key repaints what it changed, not the whole step.

Textual's compositor (8.2) answers a partial update by rendering, in full, every widget whose clip meets
the box around the changed areas. A step's rows all share the step's clip, so one key in one field renders
every row, the step list, the title and key bars and the screen's background, line by line, although only
the field (and perhaps its message) goes to the terminal. That is most of a key's cost on a small box.

Here a partial update renders only the widgets whose visible part meets a changed area where no widget in
front of them covers it, and of those only the lines where they meet one. The terminal gets the same cells:
Textual writes only the changed spans, and every cell in them belongs to a widget that meets them (at least
the screen itself). Full updates (resize, a new step, snapshots) are Textual's own. This leans on two
private names of the Textual version in requirements.lock (`Compositor._get_renders`, `Screen._compositor`);
tests/test_paint.py compares every partial update of a typing session with a full render, so an upgrade
that changes them fails there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip


class ChangedAreaCompositor(Compositor):
    """A compositor whose partial updates render only what meets the changed areas."""

    def __init__(self) -> None:
        super().__init__()
        self._changed: list[Region] = []

    def render_partial_update(self) -> ChopsUpdate | None:
        self._changed = list(self._dirty_regions)
        try:
            return super().render_partial_update()
        finally:
            self._changed = []

    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        changed = self._changed
        if crop is None or not changed:
            yield from super()._get_renders(crop)  # a full update
            return
        overlaps = crop.overlaps
        drawn: list[Region] = []  # visible parts of the widgets rendered so far, front to back
        for widget, (region, clip) in self.visible_widgets.items():
            visible = region.intersection(clip)
            if not overlaps(visible):
                continue
            parts = [part for area in changed if (part := visible.intersection(area))]
            # A widget behind others (a row behind its message, the step behind its rows) is left out where
            # widgets in front already cover all it would show: the first strip for a cell wins.
            if not parts or all(any(front.contains_region(part) for front in drawn) for part in parts):
                continue
            drawn.append(visible)
            # Only the lines where it meets a change (a count in the step list is one of its lines): the
            # widget's clip is narrowed to them, so its lines and the compositor's agree on where each goes.
            first, last = min(part.y for part in parts), max(part.bottom for part in parts)
            lines = Region(visible.x, first, visible.width, last - first)
            yield region, lines, widget.render_lines(lines.translate((-region.x, -region.y)))


class WizardScreen(Screen[Any]):
    """The app's default screen, with the compositor above."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = ChangedAreaCompositor()

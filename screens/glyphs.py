"""An ASCII fallback for everything the TUI draws: our marks (✓ ✗ ▶ ‹ ›), Textual's borders, scrollbars and
radio buttons. The old Windows console (conhost) with its default fonts lacks many of these glyphs; this
filter rewrites each rendered line, one cell for one cell, so the layout stays as it is. Letters (a
localized adapter name) are kept."""

from __future__ import annotations

import os

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from wizard import system

_KNOWN = {
    "✓": "v", "✔": "v", "✗": "x", "✘": "x", "●": "*", "•": "*", "·": ".", "▶": ">", "‹": "<", "›": ">",
    "⎈": "#", "–": "-", "—": "-", "…": ".", "→": ">", "←": "<", "↑": "^", "↓": "v", "▲": "^", "▼": "v",
    "█": "#", "▀": "-", "▄": "_", "▔": "-", "▁": "_", "▂": "_", "▃": "_", "▅": "=", "▆": "=", "▇": "=",
    "▏": "|", "▎": "|", "▍": "|", "▌": "|", "▋": "|", "▊": "|", "▉": "|", "▐": "|", "▕": "|",
    "─": "-", "━": "-", "═": "=", "│": "|", "┃": "|", "║": "|", "╭": "+", "╮": "+", "╰": "+", "╯": "+",
    "\u00a0": " ",
}  # fmt: skip


def _table() -> dict[int, str]:
    table = {ord(k): v for k, v in _KNOWN.items()}
    for code in range(0x2500, 0x2580):  # the rest of the box drawing block: corners, tees, crosses
        table.setdefault(code, "+")
    for code in range(0x2190, 0x2C00):  # arrows, maths, technical, shapes, symbols, dingbats
        table.setdefault(code, "*")
    return table


TABLE = _table()


def to_ascii(text: str) -> str:
    return text.translate(TABLE)


class AsciiFilter(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(to_ascii(text), style, control)
            if not control and not text.isascii()
            else Segment(text, style, control)
            for text, style, control in segments
        ]


def console_lacks_glyphs(env: dict[str, str] | None = None) -> bool:
    """The old Windows console is likely: Windows, and neither Windows Terminal nor VS Code's terminal."""
    env = dict(os.environ) if env is None else env
    return system.current().windows and not env.get("WT_SESSION") and env.get("TERM_PROGRAM") != "vscode"

"""Plain text in one tint, drawn exactly as `Content.styled(text, tint)` is, but wrapped once per width.

A field's message changes on nearly every key (it quotes what was typed), and a Static holding Content
wraps it twice a key: once to measure the row's height, once to draw it, each time building a Content per
line. This Visual wraps with the same function Textual uses (rich's `divide_line`), keeps the lines for
the width it was measured at, and builds the same segments and styles Content would. Text Textual would
treat differently (tabs, control or zero-width characters, a selection, non-default text rules) is left
to Content itself. tests/test_plaintext.py holds the two to the same output, segment for segment.
"""

from __future__ import annotations

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget

# A piece of a wrapped line: its text, and where it starts in its source line (Textual's selection offsets).
_Piece = tuple[str, int, int]


class PlainText(Visual):
    """`text` in the style `tint` (a theme variable such as "$text-error", or "" for the widget's own),
    followed by `blank` empty lines (a message keeps its row's height while shorter ones come and go)."""

    def __init__(self, text: str, tint: str = "", blank: int = 0) -> None:
        self.text = text
        self.tint = tint
        self.blank = blank
        lines = text.split("\n")
        self._lines = lines
        self._simple = all(line.isprintable() for line in lines)  # no tabs, control or zero-width characters
        self._wrapped: tuple[int, list[_Piece]] | None = None
        self._content: Content | None = None

    def padded(self, blank: int) -> PlainText:
        """The same text with `blank` empty lines below, sharing what was wrapped already."""
        if blank == self.blank:
            return self
        other = PlainText(self.text, self.tint, blank)
        other._wrapped = self._wrapped
        return other

    def __str__(self) -> str:
        return self.text + "\n" * self.blank

    @property
    def content(self) -> Content:
        """What this stands for, and draws it where the simple path does not apply."""
        if self._content is None:
            self._content = Content.styled(str(self), self.tint)
        return self._content

    @staticmethod
    def _default_rules(rules: RulesMap) -> bool:
        get = rules.get
        return (
            get("text_wrap", "wrap") == "wrap"
            and get("text_overflow", "fold") == "fold"
            and get("text_align", "left") in ("left", "start")
            and get("line_pad", 0) == 0
        )

    def _pieces(self, width: int) -> list[_Piece]:
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        pieces: list[_Piece] = []
        for y, line in enumerate(self._lines):
            # As Content._wrap_and_format: each piece but the last loses its trailing spaces, every piece is
            # cut to the width.
            offsets = divide_line(line, width, fold=True)
            starts = [0, *offsets]
            ends = [*offsets, len(line)]
            last = len(starts) - 1
            for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
                piece = line[start:end]
                if index < last:
                    piece = piece.rstrip()
                if cell_len(piece) > width:
                    piece = set_cell_size(piece, width)
                pieces.append((piece, start, y))
        self._wrapped = (width, pieces)
        return pieces

    def height_in(self, widget: Widget) -> int:
        """Lines this takes in `widget` at its present width (0 before its first layout)."""
        width = widget.content_size.width
        # Textual measures its own widgets with their styles, as here (its signature names a narrower type).
        return self.get_height(widget.styles, width) if width > 0 else 0  # type: ignore[arg-type]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        if not (self._simple and self._default_rules(rules)) or width <= 0:
            return self.content.get_height(rules, width)
        return len(self._pieces(width)) + self.blank

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if (
            not self._simple
            or not width
            or options.selection is not None
            or options.post_style is not None
            or not self._default_rules(options.rules)
        ):
            return self.content.render_strips(width, height, style, options)
        # The styles Content.render gives: the base under a span of the tint, the base alone where none is.
        plain = style + style
        tinted = style + Style.combine([style, options.get_style(self.tint)]) if self.tint else plain
        strips: list[Strip] = []
        for piece, x, y in self._pieces(width):
            if piece:
                strips.append(Strip([Segment(piece, tinted.rich_style_with_offset(x, y))], cell_len(piece)))
            else:  # an empty line carries no span: the base style, as Content renders it
                strips.append(Strip([Segment("", plain.rich_style_with_offset(x, y))], 0))
        first_blank = len(self._lines)
        for y in range(first_blank, first_blank + self.blank):
            strips.append(Strip([Segment("", plain.rich_style_with_offset(0, y))], 0))
        if height is not None:
            strips = strips[:height]
        return strips

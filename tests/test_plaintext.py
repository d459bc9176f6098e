"""PlainText (screens/plaintext.py) draws exactly what Content.styled(text, tint) draws in the same widget:
the same lines, segments, styles and selection offsets, and the same height, at every width, in both
themes; text it does not handle itself goes to Content."""

from __future__ import annotations

import random

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.visual import Visual
from textual.widgets import Static

from screens.plaintext import PlainText
from wizard.fields import CATALOGUE

TINTS = ("", "$text-error", "$text-warning", "$text-muted")


def _corpus() -> list[str]:
    rng = random.Random(7)
    alphabet = "abc def  192.168.1.171/24 '\"-_:,✗!é中😀"
    texts = [spec.help for spec in CATALOGUE] + [
        "",
        " ",
        "a",
        "   leading and trailing   ",
        "one\ntwo\n\nfour",
        "\n",
        "x\n",
        "Machines[0].LinuxNode.Ip4Address: '192.168.1.171/24' is an address with a prefix length; Ctrl+S splits",
        "averyveryveryverylongwordwithoutanyspacesatallthatmustbefolded and then more",
        "tab\there",  # handled by Content
        "bell\x07",  # handled by Content
        "zero\u200bwidth",  # handled by Content
    ]
    for _ in range(60):
        texts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 140))))
    return texts


class _Holder(App[None]):
    CSS = ".field-message { color: $text-muted; padding-left: 2; }"

    def compose(self) -> ComposeResult:
        yield Static("", classes="field-message")


def _segments(strips: list) -> list[list[tuple[str, object]]]:
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_plain_text_draws_as_content_does(theme: str) -> None:
    app = _Holder()
    async with app.run_test(size=(100, 10)) as pilot:
        app.theme = theme
        await pilot.pause()
        widget = app.query_one(Static)
        style = widget.visual_style
        checked = 0
        for text in _corpus():
            for tint in TINTS:
                for blank in (0, 2):
                    content = Content.styled(text + "\n" * blank, tint)
                    plain = PlainText(text, tint).padded(blank)
                    for width in (1, 2, 5, 17, 40, 78):
                        expected = Visual.to_strips(widget, content, width, None, style)
                        drawn = Visual.to_strips(widget, plain, width, None, style)
                        assert _segments(drawn) == _segments(expected), (text, tint, blank, width)
                        assert [s.cell_length for s in drawn] == [s.cell_length for s in expected]
                        assert plain.get_height(widget.styles, width) == content.get_height(widget.styles, width)
                        checked += 1
        assert checked > 5_000


async def test_plain_text_measures_as_content_does() -> None:
    app = _Holder()
    async with app.run_test(size=(100, 10)):
        widget = app.query_one(Static)
        for text in _corpus():
            content = Content.styled(text, "$text-error")
            plain = PlainText(text, "$text-error")
            assert plain.get_optimal_width(widget.styles, 80) == content.get_optimal_width(widget.styles, 80)
            assert plain.get_minimal_width(widget.styles) == content.get_minimal_width(widget.styles)
            assert str(plain) == text


def test_padded_shares_the_text() -> None:
    plain = PlainText("two words", "$text-error")
    padded = plain.padded(3)
    assert padded is not plain and padded.blank == 3 and plain.blank == 0
    assert str(padded) == "two words\n\n\n"
    assert plain.padded(0) is plain

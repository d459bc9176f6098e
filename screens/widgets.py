"""Widgets every step shares: a field row (label, input, help-or-error line) and the step view base.

A row shows its field's help until it has been left once (Subiquity's rhythm); from then on it shows the
field's worst finding on every keystroke, in place of the help, with a mark and words, not colour alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, ClassVar, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.geometry import Region, Size
from textual.keys import format_key
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, RadioButton, Static

from wizard import fields, values
from wizard.findings import Finding
from wizard.present import OK_MARK, WARNING_MARK, finding_line, typed_at_switch
from wizard.session import Session
from wizard.steps import Step

from .messages import FieldChanged, FieldLeft, StepPicked
from .plaintext import PlainText

W = TypeVar("W", bound=Widget)


def field_id(path: str) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "_", path)


def to_text(spec: fields.FieldSpec | None, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class TitleBar(Widget):
    """The top line: the ⎈ icon (a click opens the command palette) and the title with the file being set
    up, centred. It draws what Textual's Header draws without the clock, as one widget instead of four
    (every widget costs start-up time: mounting, styling twice, layout)."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """
    ICON_WIDTH = 8  # Header's icon cell, padding included
    CLOCK_WIDTH = 10  # Header keeps the clock's room on the right even without a clock

    def __init__(self, icon: str) -> None:
        super().__init__()
        self.icon = icon
        self._icon_hovered = False

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._retitle, init=False)
        self.watch(self.app, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def render(self) -> Content:
        width = self.size.width
        room = max(0, width - self.ICON_WIDTH - self.CLOCK_WIDTH)
        name, sub_title = self.app.title, self.app.sub_title
        heading = Content.assemble(name, (" — ", "dim"), (sub_title, "dim")) if sub_title else Content(name)
        title = heading.rstrip().truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        icon = Content(f" {self.icon}".ljust(self.ICON_WIDTH))
        if self._icon_hovered:
            icon = icon.stylize("on $foreground 10%")
        line = Content.assemble(icon, " " * left, title, " " * (room - left - title.cell_length))
        return line.pad_right(max(0, width - line.cell_length))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_icon(event.x < self.ICON_WIDTH)

    def on_leave(self) -> None:
        self._hover_icon(False)

    def _hover_icon(self, hovered: bool) -> None:
        if hovered != self._icon_hovered:
            self._icon_hovered = hovered
            self.tooltip = "Open the command palette" if hovered else None
            self.refresh()

    async def on_click(self, event: events.Click) -> None:
        if event.x < self.ICON_WIDTH:
            event.stop()
            await self.run_action("app.command_palette")


class NavButton(Button, inherit_css=False):
    """Back and Next: a compact Button styled by these few rules instead of Button's 7 KB of default CSS,
    which Textual would parse and match before the first frame (the nav bar is on every screen). The rules
    are Button's own for a compact default / primary button, so it looks and acts the same."""

    DEFAULT_CSS = """
    NavButton {
        width: auto;
        min-width: 16;
        height: auto;
        line-pad: 1;
        text-align: center;
        content-align: center middle;
        pointer: pointer;
        text-style: bold;
        color: $button-foreground;
        background: $surface;
        border: none;
        &:disabled {
            text-opacity: 0.6;
            pointer: not-allowed;
        }
        &:focus {
            text-style: $button-focus-text-style;
            background-tint: $foreground 5%;
        }
        &:hover {
            background: $surface-darken-1;
        }
        &.-active {
            background: $surface;
            tint: $background 30%;
        }
        &.-primary {
            color: $button-color-foreground;
            background: $primary;
            &:hover {
                background: $primary-darken-2;
            }
            &.-active {
                background: $primary;
            }
        }
    }
    """


class Choice(RadioButton):
    """A radio button whose mark shows the state by shape too (●/blank), not by colour alone."""

    @property  # Textual's class attribute, made to follow the state
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "●" if self.value else " "


class TrimmedInput(Input):
    """Pasted text arrives trimmed; several lines are kept (joined), never cut to the first one."""

    SEPARATOR = " "
    # Told of every new value at once, before the key's frame is painted, so the findings for a key
    # appear in the same frame as the character (a Changed message is handled a frame later).
    typed: Callable[[str], None] | None = None

    def _watch_value(self, value: str) -> None:
        # Textual's Input sets its virtual size from the text on every key, and that reactive asks for a
        # layout of the whole screen; the field's box never changes size, so record it without one.
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
        if self.typed is not None:
            self.typed(value)

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if lines:
            event.text = self.SEPARATOR.join(lines)
            super()._on_paste(event)
        event.stop()


class ListInput(TrimmedInput):
    """An input for several values at once (DNS servers): pasted lines become a comma-separated list."""

    SEPARATOR = ", "


class PicksOnEnter:
    """A step's choice, list or table. The app's Enter (WizardApp.action_enter_field, run as the app reads
    the key) calls `enter_pick` and moves on, so keys that arrive in the same read go to the next field.
    The widget's own keys that move its highlight are priority bindings, run by the app in the same order,
    so a Down read before the Enter counts for the pick."""

    def enter_pick(self) -> None:
        """What Enter picks before moving on: nothing, unless the widget says."""


class ChoiceList(PicksOnEnter, Widget, can_focus=True):
    """One question's answers in one widget, a line each: Up/Down move the highlight, Space picks, Enter picks
    and moves on, a click picks. The picked answer is marked ● (shape, not only colour). One widget instead of
    a RadioSet of RadioButtons: the first screen has three of these, and every widget costs start-up time."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("down,right", "move(1)", "Next answer", show=False, priority=True),
        Binding("up,left", "move(-1)", "Previous answer", show=False, priority=True),
        Binding("space", "pick", "Pick", show=False, priority=True),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"choice-list--button", "choice-list--picked", "choice-list--cursor"}

    class Changed(Message):
        """An answer was picked (by key or click), not when the app sets one."""

        def __init__(self, choice_list: ChoiceList, name: str) -> None:
            super().__init__()
            self.choice_list = choice_list
            self.picked = name

        @property
        def control(self) -> ChoiceList:  # what @on(..., "#id") matches
            return self.choice_list

    def __init__(self, options: Iterable[tuple[str, str]], picked: str | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = list(options)  # (name, label)
        self.picked = picked
        names = [name for name, _ in self.options]
        self.cursor = names.index(picked) if picked in names else 0

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max(len(label) for _, label in self.options) + 5

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.options)

    def render(self) -> Text:
        button = self.get_component_rich_style("choice-list--button")
        picked = self.get_component_rich_style("choice-list--picked")
        cursor = self.get_component_rich_style("choice-list--cursor")
        # The half blocks either side draw the button's colour on the list's background (as Textual's).
        sides = Style(color=button.bgcolor, bgcolor=self.background_colors[1].rich_color)
        lines = []
        for index, (name, label) in enumerate(self.options):
            on_ = name == self.picked
            lines.append(
                Text.assemble(
                    ("▐", sides),
                    ("●" if on_ else " ", picked if on_ else button),
                    ("▌", sides),
                    (f" {label} ", cursor if index == self.cursor else ""),
                )
            )
        return Text("\n", no_wrap=True).join(lines)

    def show_picked(self, name: str | None) -> None:
        """Set the picked answer from the document (no message): e.g. after a change was declined."""
        if name != self.picked:
            self.picked = name
            names = [n for n, _ in self.options]
            self.cursor = names.index(name) if name in names else self.cursor
            self.refresh()

    def action_move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.options)
        self.refresh()

    def action_pick(self) -> None:
        name = self.options[self.cursor][0]
        if name != self.picked:
            self.picked = name
            self.refresh()
            self.post_message(self.Changed(self, name))

    def enter_pick(self) -> None:
        self.action_pick()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and 0 <= offset.y < len(self.options):
            self.cursor = offset.y
            self.action_pick()


class Tick(Checkbox):
    """A checkbox that shows X when on and nothing when off, not only a colour change. Space toggles it;
    Enter moves on, as on every other field (the app's Enter, before Checkbox's own toggle sees it)."""

    @property  # Textual's class attribute, made to follow the state
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "X" if self.value else " "


def _placeholder(spec: fields.FieldSpec) -> str:
    if spec.kind == "guid":
        return "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
    return f"e.g. {spec.example}" if spec.example else ""


MESSAGE_TINTS: dict[bool | None, str] = {True: "$text-error", False: "$text-warning", None: ""}


class FieldRow(Widget):
    """Label and input on one line, the help or the finding below it. The row draws its label itself and
    holds two widgets, the input and the message: a row is on nearly every step, and every widget costs
    start-up time and a render on each key that changes the step."""

    DEFAULT_CLASSES = "field-row"
    LABEL_WIDTH = 24  # the label's column, one space before the input included

    def __init__(self, path: str, *, value: Any = None, password: bool = False) -> None:
        super().__init__(id=f"row-{field_id(path)}")
        self.path = path
        spec = fields.spec_for(path)
        assert spec is not None, path
        self.spec = spec
        self.initial = value
        self.touched = value not in (None, "", [])  # a value already there is judged at once
        self.password = password or spec.secret
        self.edited = False
        self._session: Session | None = None  # the step's, once mounted in one
        self._shown: tuple[str, bool | None] | None = None  # message and severity on screen
        self._held = (0, 0)  # width and height in lines the message keeps while the step is open
        self._message: Static | None = None
        self._label_lines = Content(spec.label).wrap(self.LABEL_WIDTH - 1)
        self._label_error = False
        self._focus_within = False
        self._typed_here = False  # characters were typed at this row's switch since it got the focus

    def compose(self) -> ComposeResult:
        control: Widget
        if self.spec.kind == "bool":
            control = Tick(value=bool(self.initial), id=field_id(self.path), classes="field-input", compact=True)
        else:
            control = TrimmedInput(
                value=to_text(self.spec, self.initial),
                placeholder=_placeholder(self.spec),
                id=field_id(self.path),
                classes="field-input",
                compact=True,
                password=self.password,
                select_on_focus=False,
            )
        # Beside the label; a label of two lines keeps the message below both.
        control.styles.margin = (0, 0, len(self._label_lines) - 1, self.LABEL_WIDTH)
        yield control
        self._message = Static(PlainText(self.spec.help), classes="field-message")
        yield self._message

    def render(self) -> Content:
        """The label, in reverse while the row's input has focus (a shape, not only a colour)."""
        style = ("bold $text-error " if self._label_error else "") + ("bold reverse" if self._focus_within else "")
        return Content("\n").join(line.stylize(style) if style else line for line in self._label_lines)

    def on_descendant_focus(self) -> None:
        self._focus_within = True
        self._typed_here = False
        self._repaint_label()

    def on_key(self, event: events.Key) -> None:
        # A character reaches the row only when its control did not take it: a switch (an input takes them).
        if self._typed_here or not event.is_printable or event.character == " ":
            return  # (backspace from an input comes this way too: decided before looking anything up)
        if isinstance(self.control, Checkbox) and event.key not in self.app.active_bindings:
            self._typed_here = True  # once until the switch is left: not a toast per character of an address
            self.notify(typed_at_switch(self.spec.label), severity="warning", timeout=6)

    def on_descendant_blur(self) -> None:
        self._focus_within = False
        self._repaint_label()

    def _repaint_label(self) -> None:
        # Only the label's cells: a repaint of the whole row would render its input and message again too.
        self.refresh(Region(0, 0, self.LABEL_WIDTH, len(self._label_lines)))

    def on_mount(self) -> None:
        control = self.control
        if isinstance(control, Input):
            control.cursor_blink = getattr(self.app, "CURSOR_BLINK", True)
        if isinstance(control, TrimmedInput):
            control.typed = self._typed
        # In a step, edits go straight to its session (the findings are then on the key's own frame);
        # elsewhere the app applies them from a message.
        view = next((node for node in self.ancestors if isinstance(node, StepView)), None)
        self._session = view.session if view is not None else None

    @property
    def control(self) -> Widget:
        return self.query_one(f"#{field_id(self.path)}")

    def text(self) -> str:
        control = self.control
        if isinstance(control, Input):
            return control.value
        return to_text(None, control.value if isinstance(control, Checkbox) else None)

    def set_text(self, text: str) -> None:
        control = self.control
        if isinstance(control, Input):
            control.value = text
        elif isinstance(control, Checkbox):
            control.value = text == "true"

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()  # already handled, as typed

    def _typed(self, text: str) -> None:
        if text == to_text(self.spec, self.initial) and not self.edited:
            return  # showing a value is not editing it: a 4096.0 in the file stays 4096.0
        self.edited = True
        try:
            value = self.spec.parse(text)
        except ValueError:
            value = text.strip()  # kept as typed: the type rule names it
        self._submit(value)

    def _submit(self, value: Any) -> None:
        if self._session is not None:
            self._session.set_value(self.path, value)
        else:
            self.post_message(FieldChanged(self.path, value))

    @on(Checkbox.Changed)
    def _toggled(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.touched = True
        self._submit(event.value)

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        if not self.touched:
            self.touched = True
            self.post_message(FieldLeft())

    def show(self, findings: list[Finding], reveal: bool) -> None:
        """Put the worst finding for this field in place of the help (errors first)."""
        worst = findings[0] if (reveal or self.touched) and findings else None
        state = (finding_line(worst), worst.is_error) if worst else (self.spec.help, None)
        before = self._shown
        if state == before:
            return  # nothing changed: no repaint (this runs on every keystroke)
        self._shown = state
        text, is_error = state
        message = self._message
        assert message is not None, "shown before it was composed"
        if (is_error is True) != self._label_error:
            self._label_error = is_error is True
            self._repaint_label()
        # While the step is open a row keeps the height of its longest message: the fields below do not
        # jump as findings come and go with each key, and a key needs a repaint, not a layout of the screen.
        width = message.content_size.width
        visual = PlainText(text, MESSAGE_TINTS[is_error])  # wrapped once here, for the height and the drawing
        need = visual.height_in(message)
        held_width, held = self._held
        if width > 0 and width != held_width and before is not None:
            # The first message at this width: the one on screen until now (shown before the row's first
            # layout, or at another width) counts too, so the height kept does not depend on which came first.
            held_width, held = width, PlainText(before[0]).height_in(message)
        # Colours ride on the text, not on classes: a class change restyles the row's widgets on every key.
        if width > 0 and width == held_width and need <= held:
            message.update(visual.padded(held - need), layout=False)
        else:
            self._held = (width, need)
            message.update(visual)

    def matches(self, path: str) -> bool:
        return path == self.path or path.startswith((self.path + "[", self.path + "."))


class StepView(VerticalScroll, can_focus=False):
    """One step of the wizard. Subclasses yield their widgets from `body()`; rows are found automatically.
    The step itself is no stop for Tab (it scrolls to whichever field has focus), so focus goes straight
    to its first field instead of landing on the step and moving on (a restyle of the screen each time)."""

    DEFAULT_CLASSES = "step"
    revealed = False  # set after a refused Next: every error shows, touched or not
    # The app's step actions this step offers (check, generate, no_proxy_ranges, arc_later, write).
    OFFERS: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, step: Step, session: Session) -> None:
        super().__init__(id=f"step-{step.id}")
        self.step = step
        self.session = session
        self._found: dict[type[Widget], list[Any]] = {}

    def offers(self) -> frozenset[str]:
        return self.OFFERS

    def compose(self) -> ComposeResult:
        # Title and summary in one widget (every widget costs start-up time): the title as .step-title
        # styles the plan's and Done's titles, the summary muted.
        heading = Content.assemble((self.step.title, "bold $accent"), "\n", (self.summary(), "$text-muted"))
        yield Static(heading, classes="step-heading")
        yield from self.body()

    def summary(self) -> str:
        return self.step.summary

    def body(self) -> Iterable[Widget]:
        draft = self.session.draft
        for path in self.step.fields(draft):
            yield FieldRow(path, value=draft.get(path))

    def rows(self) -> list[FieldRow]:
        return self._composed(FieldRow)

    def probe_panels(self) -> list[ProbePanel]:
        return self._composed(ProbePanel)

    def _composed(self, kind: type[W]) -> list[W]:
        # A step's widgets are composed once and never added or removed: found once it is mounted, not
        # by a walk of the step on every keystroke.
        if kind in self._found:
            return self._found[kind]
        found = list(self.query(kind))
        if self.is_mounted:
            self._found[kind] = found
        return found

    def show_findings(self, findings: list[Finding]) -> None:
        for row in self.rows():
            mine = [f for f in findings if row.matches(f.path)]
            row.show(mine, self.revealed)

    def focus_first(self, path: str | None = None) -> None:
        # A step opens at its top: focusing its first control must not scroll; a named field is scrolled to.
        for row in self.rows():
            if path is None or row.matches(path):
                row.control.focus(scroll_visible=path is not None)
                return
        focusable = self.query(
            "Input, Checkbox, ChoiceList, RadioSet, DataTable, ListView, Button, OptionList, TabbedContent"
        )
        if focusable:
            focusable.first().focus(scroll_visible=False)

    def on_show_step(self) -> None:
        """Called each time the step becomes current (e.g. to start its live checks)."""

    def values_changed(self) -> None:
        """Called after any value changed, to refresh parts that show the document (lists, previews)."""

    def show_values(self, paths: Iterable[str]) -> None:
        """Values changed by an action, not by typing (Ctrl+R, Ctrl+G): put them in their fields."""
        draft = self.session.draft
        for row in self.rows():
            if row.path in paths:
                row.set_text(to_text(row.spec, draft.get(row.path)))


def masked(text: str) -> str:
    return values.mask_url(text)


STATE_MARKS = {"not run": "·", "running": "…", "ok": OK_MARK, "failed": WARNING_MARK, "skipped": "–"}


class ProbePanel(Static):
    """The live checks of one step, each with its state in a word and a mark."""

    DEFAULT_CLASSES = "probe-panel"

    def __init__(self, kind: str, title: str) -> None:
        super().__init__("", id=f"probes-{kind}", markup=False)
        self.kind = kind
        self.title = title

    def show_results(self, results: list[Any], offline: bool, planned: list[Any]) -> None:
        if offline:
            if getattr(self, "_text", None) != "off":
                self._text = "off"
                self.update(f"{self.title}: off (--offline or --demo)")
            return
        by_path = {r.path: r for r in results if r.kind == self.kind}
        lines = [f"{self.title}:"]
        for check in planned:
            result = by_path.pop(check.path, None)
            state = result.state.value if result else "not run"
            detail = result.detail if result else check.target if self.kind != "proxy" else masked(check.target)
            lines.append(f"  {STATE_MARKS[state]} {state:<8} {detail}")
        for result in by_path.values():  # skipped ones are not planned
            lines.append(f"  {STATE_MARKS[result.state.value]} {result.state.value:<8} {result.detail}")
        if len(lines) == 1:
            lines.append("  nothing to check yet")
        text = "\n".join(lines)
        if text == getattr(self, "_text", None):
            return
        self._text = text
        self.update(text)
        self.set_class(any(r.state.value == "failed" for r in results if r.kind == self.kind), "-warning")


@dataclass(frozen=True)
class _BarKey:
    key: str
    display: str
    description: str
    action: str
    owner: DOMNode
    enabled: bool
    tooltip: str


def key_display(binding: Binding) -> str:
    """How Textual's footer writes a key (ctrl+q -> ^q)."""
    if binding.key_display:
        return binding.key_display
    modifiers, key = binding.parse_key()
    key = format_key(key)
    if "ctrl" in modifiers:
        modifiers.remove("ctrl")
        key = f"^{key}"
    return "+".join([*modifiers, key])


class KeyBar(Widget, can_focus=False):
    """The bottom line: the keys that work where the focus is, and the command palette's key at the right,
    drawn as Textual's Footer draws them. One widget where the Footer is one per key; it repaints only
    when the keys it shows (or whether they are enabled) change, not whenever focus moves."""

    ALLOW_SELECT = False  # as the Footer: a click runs a key, it does not start selecting text
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description", "key-bar--hover", "key-bar--edge"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .key-bar--edge {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: tuple[_BarKey, ...] = ()
        self._palette: _BarKey | None = None
        self._spans: list[tuple[int, int, _BarKey]] = []  # x range of each key on the line
        self._hover: _BarKey | None = None

    def on_mount(self) -> None:
        self._read_bindings(self.screen)
        self.screen.bindings_updated_signal.subscribe(self, self._read_bindings)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _read_bindings(self, screen: Screen[Any]) -> None:
        keys: dict[str, _BarKey] = {}  # one key per action, the first bound, as the Footer shows
        palette = None
        for owner, binding, enabled, tooltip in screen.active_bindings.values():
            shown = _BarKey(
                binding.key, key_display(binding), binding.description, binding.action, owner, enabled, tooltip
            )
            if binding.key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = replace(shown, tooltip=binding.tooltip or binding.description)
            elif binding.show:
                keys.setdefault(binding.action, shown)
        if (tuple(keys.values()), palette) != (self._keys, self._palette):
            self._keys, self._palette = tuple(keys.values()), palette
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, _BarKey]] = []
        palette = Text(no_wrap=True)
        if self._palette is not None:
            shown = self._palette  # compact: no padding inside, one space after
            palette.append("▏", self.get_component_rich_style("key-bar--edge"))
            palette.append(shown.display, key_style)
            palette.append(f" {shown.description}" if shown.description else "", description_style)
            palette.append(" ")
            self._mark(palette, shown, 1)
        room = max(0, width - palette.cell_len)
        for shown in self._keys:
            start = line.cell_len
            line.append(f" {shown.display} ", key_style)
            if shown.description:
                line.append(f"{shown.description} ", description_style)
            self._mark(line, shown, start)
            spans.append((start, line.cell_len, shown))
        line.truncate(room, pad=True)
        if self._palette is not None:
            spans.append((room, width, self._palette))
        self._spans = spans
        line.append_text(palette)
        line.stylize_before(self.rich_style)
        return line

    def _mark(self, text: Text, shown: _BarKey, start: int) -> None:
        if not shown.enabled:
            text.stylize_before(Style(dim=True), start)
        if shown == self._hover:
            text.stylize(self.get_component_rich_style("key-bar--hover"), start)

    def _key_at(self, x: int) -> _BarKey | None:
        return next((shown for start, end, shown in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._key_at(event.x))

    def on_leave(self) -> None:
        self._set_hover(None)

    def _set_hover(self, shown: _BarKey | None) -> None:
        if shown != self._hover:
            self._hover = shown
            self.tooltip = (shown.tooltip or shown.description) if shown is not None else None
            self.refresh()

    async def on_mouse_down(self, event: events.MouseDown) -> None:
        shown = self._key_at(event.x)
        if shown is None or not shown.enabled:
            return
        if isinstance(shown.owner, Widget):  # a screen's or a field's binding: its action, run where it is
            await shown.owner.run_action(shown.action)
        else:  # the app's own
            await self.run_action(shown.action if "." in shown.action else f"app.{shown.action}")


class StepList(Widget, can_focus=False):
    """Where the user is and which steps have errors; a click jumps there. One widget that draws a line per
    step: a changed count repaints that line only (this runs on every keystroke), and the first screen
    has one widget here, not one per step."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"step-list--current", "step-list--hover"}

    def __init__(self, labels: list[tuple[str, str]], current: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = labels
        self.current = current
        self._hover: int | None = None

    def show(self, labels: list[tuple[str, str]], current: str) -> None:
        before = [(step_id == self.current, text) for step_id, text in self.labels]
        after = [(step_id == current, text) for step_id, text in labels]
        self.labels, self.current = labels, current
        if len(before) != len(after):
            self.refresh()
            return
        for y, (old, new) in enumerate(zip(before, after, strict=True)):
            if old != new:
                self.refresh(Region(0, y, self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y >= len(self.labels):
            return Strip.blank(width, self.rich_style)
        step_id, text = self.labels[y]
        if step_id == self.current:
            style = self.get_component_rich_style("step-list--current")
        elif y == self._hover:
            style = self.get_component_rich_style("step-list--hover")
        else:
            style = self.rich_style
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)

    def on_click(self, event: events.Click) -> None:
        if 0 <= event.y < len(self.labels):
            self.post_message(StepPicked(self.labels[event.y][0]))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(event.y if 0 <= event.y < len(self.labels) else None)

    def on_leave(self) -> None:
        self._set_hover(None)

    def _set_hover(self, y: int | None) -> None:
        if y != self._hover:
            for line in (self._hover, y):
                if line is not None:
                    self.refresh(Region(0, line, self.size.width, 1))
            self._hover = y


class TooSmall(Static):
    """Shown instead of the wizard when the terminal is below the minimum size."""

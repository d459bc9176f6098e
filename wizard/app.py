"""WizardApp: the Textual side of a session: layout, bindings, focus, navigation, workers and dialogs.

Every edit of the document is the session's (wizard/session.py); step views (screens/) call the session
for edits and post messages (screens/messages.py) for what is the app's. The app listens to the session
and refreshes what shows the document. The engine never imports this module.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.actions import SkipAction
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.filter import LineFilter
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Static

from screens import messages
from screens.dialogs import BrokenFileScreen, ConfirmScreen, HelpScreen, MigrateScreen, WriteElsewhereScreen
from screens.glyphs import AsciiFilter, console_lacks_glyphs
from screens.paint import WizardScreen
from screens.plaintext import PlainText
from screens.widgets import (
    FieldRow,
    KeyBar,
    NavButton,
    PicksOnEnter,
    StepList,
    StepView,
    TitleBar,
    TooSmall,
)

from . import present, store, system, template
from .assets_dir import ASSETS
from .commands import arc_command, deploy_commands, folder_of
from .draft import Draft
from .host import HostFacts, facts_for
from .session import Change, Session, WriteOutcome
from .steps import BY_ID, OVERVIEW, Step, StepId, active_steps, is_scalable, step_of

# Step views are imported when first shown: the first frame pays only for the first step's widgets.
VIEWS: dict[str, str] = {
    "cluster": "cluster:ClusterStep",
    "deployment": "deployment:DeploymentStep",
    "adapter": "adapter:AdapterStep",
    "addressing": "addressing:AddressingStep",
    "dns": "dns:DnsStep",
    "proxy": "proxy:ProxyStep",
    "machine": "machine:MachineStep",
    "arc": "arc:ArcStep",
    "review": "review:ReviewStep",
    "overview": "overview:OverviewStep",
    "done": "done:DoneView",
}
STEP_ACTIONS = frozenset(
    {"check", "generate", "no_proxy_ranges", "arc_later", "write", "split_prefix"}
)  # offered by views
MIN_WIDTH, MIN_HEIGHT = 70, 20
ADVANCE_THROUGH = "Input, Checkbox, ChoiceList, DataTable, ListView"  # what Enter steps through, in screen order


def view_class(step_id: str) -> Any:
    module, name = VIEWS[step_id].split(":")
    return getattr(importlib.import_module(f"screens.{module}"), name)


class WizardApp(App[int]):
    CSS_PATH = ASSETS / "wizard.tcss"
    TITLE = "AKS Edge Essentials setup"
    CURSOR_BLINK = True  # snapshot tests turn it off
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("escape", "back", "Back", id="nav.back", tooltip="Previous step (values are kept)"),
        Binding("ctrl+n", "next", "Next", id="nav.next", tooltip="Next step, once this one has no error"),
        Binding("ctrl+s", "review", "Review", id="nav.review", tooltip="Jump to the review step"),
        Binding("f1", "help", "Help", id="help.field", tooltip="Help for the focused field"),
        Binding("question_mark", "help", "Help", show=False, id="help.field-key"),
        Binding("ctrl+t", "check", "Check", id="probe.run", tooltip="Run this step's live network checks"),
        Binding(
            "ctrl+g", "generate", "Suggest", id="value.generate", tooltip="Suggest addresses, or generate a MAC address"
        ),
        Binding(
            "ctrl+r",
            "no_proxy_ranges",
            "Add ranges",
            id="proxy.ranges",
            tooltip="Add the cluster's internal ranges to the no-proxy list",
        ),
        Binding(
            "ctrl+e",
            "split_prefix",
            "Split /NN",
            id="value.split-prefix",
            tooltip="An address typed with /NN: keep the address, put NN in Prefix length",
        ),
        Binding("ctrl+l", "arc_later", "Connect later", id="arc.later", tooltip="Clear Arc and connect later"),
        Binding("ctrl+w", "write", "Write", id="file.write", tooltip="Write the deployment file"),
        # Tab moves focus as soon as the app reads it: keys that arrive with it in one read (over SSH, or
        # typed fast) then go to the field it moved to, not queued to the field it left.
        Binding("tab", "focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "focus_previous", "Previous field", show=False, priority=True),
        Binding("enter", "enter_field", "Next field", show=False, priority=True),  # the same, for Enter
        Binding("ctrl+q", "quit_wizard", "Quit", id="app.quit", priority=True, tooltip="Quit (asks first)"),
        Binding("ctrl+c", "quit_wizard", "Quit", show=False, id="app.quit-ctrl-c", priority=True),
        Binding("q", "quit_done", "Quit", show=False, id="app.quit-done"),
        Binding("p", "plan", "Plan next machines", id="cluster.plan", tooltip="Plan the next machines of this cluster"),
    ]
    current: reactive[str] = reactive("deployment", init=False)  # the step on screen
    trap_signals = False  # set by run(): tests and benchmarks leave the host process's signals alone
    stopped_by = ""  # the signal that ended the run
    kept_in: Path | None = None  # where the answers were kept when it did

    def __init__(self, session: Session, *, load_host: bool = False, ascii_only: bool = False) -> None:
        super().__init__()
        self.session = session
        self._ascii = AsciiFilter() if ascii_only else None  # for consoles that lack the glyphs
        self.load_host = load_host
        self.set_reactive(WizardApp.current, session.steps()[0].id)
        self.view: Any = None
        self._nav_lock = asyncio.Lock()
        self._step_labels: list[tuple[str, str]] | None = None
        self._nav_state: tuple[str, bool, str] | None = None
        self._bindings_state: tuple[str, bool] | None = None
        self._reason_held: tuple[str, int] = ("", 0)  # the step whose nav line is held open, and its height
        self._held_keys: list[events.Key] | None = None  # pressed while a step is being swapped in
        session.listeners.append(self._session_changed)

    def get_line_filters(self) -> Sequence[LineFilter]:
        filters = super().get_line_filters()
        return [*filters, self._ascii] if self._ascii else filters

    # -- layout ---------------------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[Any]:
        return WizardScreen(id="_default")  # a key repaints what it changed (screens/paint.py)

    def compose(self) -> ComposeResult:
        yield TitleBar("⎈")
        with Horizontal(id="main"):
            yield StepList(self._step_list_labels({}, self.session.steps()), self.current, id="step-list")
            yield self._make_view(self.current)  # composed with the frame, not swapped in after it
        yield Static("", id="nav-reason", markup=False)
        with Horizontal(id="nav"):
            yield NavButton("‹ Back", id="back", compact=True)
            yield NavButton("Next ›", id="next", compact=True, variant="primary")
        yield KeyBar()

    def _make_view(self, step_id: str) -> Any:
        return view_class(step_id)(self.session.step_by_id(step_id), self.session)

    def on_mount(self) -> None:
        if self.trap_signals:
            self._exit_on_signals()
        self.sub_title = str(self.session.config_path)
        self.view = self.query_one("#main").children[-1]
        if self.session.template_fresh and not self.session.large:
            # A new document is judged in a few ms (no type pass): the first frame already shows it all,
            # so the screen settles with that one paint.
            self.session.revalidate()
            self.refresh_findings()
            self.set_timer(0.4, self._warm_up)
            if isinstance(self.view, StepView):
                self.view.focus_first(None)
                self.call_later(self.view.on_show_step)
        else:  # a file: paint the first frame, judge it right after (the type model takes a while to load)
            self.call_after_refresh(self._after_first_paint)
        if self.load_host:
            self._load_host()
        if self.session.recovery:
            self._ask(
                f"The last run stopped before your answers were written (an internal error, or the terminal "
                f"went away) and saved them in {self.session.recovery_path}.\n\nRestore them?",
                "Restore",
                "Discard",
                self._restore_answer,
                keeps=True,  # Enter or Escape restores: discarding them is the answer that loses what was typed
            )
        elif self.session.broken is not None:
            self.push_screen(
                BrokenFileScreen(self.session.config_path, self.session.broken),
                lambda fresh: None if fresh else self.exit(2),
            )
        elif self.session.legacy:
            self.push_screen(MigrateScreen(self.session.draft), self._migrate_answer)

    def _exit_on_signals(self) -> None:
        """SIGINT and SIGTERM (a `kill` from another shell) end the run through the app's own exit, so the
        terminal is restored and the exit code says why. Left to asyncio, SIGINT only cancels the main task,
        which Textual may swallow mid-await and run on. SIGTERM and a hang-up keep what was typed, and so
        does the console going away on Windows (its window closed, an OpenSSH session dropped)."""
        loop = asyncio.get_running_loop()
        system.current().on_console_close(lambda: self._console_closing(loop))
        if sys.platform == "win32":  # no such signals reach a console app there; Ctrl+C is a key (bindings)
            return
        for number, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
            loop.add_signal_handler(number, self._signalled, number, code)
        loop.add_signal_handler(signal.SIGHUP, self._hung_up)

    def _signalled(self, number: signal.Signals, code: int) -> None:
        asyncio.get_running_loop().remove_signal_handler(number)  # a second one acts at once, as without us
        self.stopped_by = number.name
        if number == signal.SIGTERM:  # not the person's choice (a shutdown, another shell): keep what was typed
            self.kept_in = self._keep_typed()
        self.exit(code)

    def _hung_up(self) -> None:
        """The terminal is gone (an SSH session dropped): what was typed is kept, and the hang-up then ends
        the process as it would have (there is no screen left to restore or to ask on)."""
        if sys.platform == "win32":  # never installed there (no SIGHUP); mypy --platform win32 reads this
            return
        self._keep_typed()
        asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
        signal.raise_signal(signal.SIGHUP)

    def _console_closing(self, loop: asyncio.AbstractEventLoop) -> None:
        """Windows is closing the console and ends the process when this returns (or after ~5 s). Called in
        a thread of its own: the answers are kept on the app's thread, or from here if that does not answer
        in time (a save replaces the file whole, so two cannot mix)."""
        kept = threading.Event()

        def keep() -> None:
            try:
                self.kept_in = self._keep_typed()
            finally:
                kept.set()

        try:
            loop.call_soon_threadsafe(keep)
        except RuntimeError:  # the loop has closed: the app is gone already
            return
        if not kept.wait(2.0):
            self._keep_typed()

    def _keep_typed(self) -> Path | None:
        """Answers typed and not written, saved owner-only as after an internal error and offered at the next
        start; None when nothing was typed (or even that save failed)."""
        if self.session.unsaved() and not self.session.template_fresh:
            return self.session.save_recovery()
        return None

    def _restore_answer(self, restore: bool) -> None:
        try:
            self.session.restore_recovery(restore)
        except store.StoreError as exc:
            self.notify(str(exc), title="Not restored", severity="error", timeout=15)
            self.session.restore_recovery(False)
        self.show_step(self.session.steps()[0].id)

    # -- an internal error: answers saved, a one-line report, a non-zero exit --------------------------
    crash_report = ""

    def _fatal_error(self) -> None:
        """Textual's hook for an unhandled exception. Its own report is a traceback with local variables
        (a ClientSecret among them); ours is one paragraph, after saving the answers owner-only."""
        error = self._exception or sys.exc_info()[1]
        saved = self.session.save_recovery()
        kept = (
            f"Your answers are saved in {saved} (readable by you only); start the wizard again with the same "
            "--config to restore them."
            if saved
            else "Your answers could not be saved."
        )
        self.crash_report = (
            f"aksedge-wizard stopped on an {present.internal_error(error)}. {kept} "
            "Please report it with the steps that led to it."
        )
        self._return_code = 2
        self.bell()
        self._exit_renderables.append(Text(self.crash_report))
        self._close_messages_no_wait()

    def on_resize(self, event: events.Resize) -> None:
        too_small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        if too_small and not self.screen_stack[0].query("#too-small"):  # made when first needed: one widget less
            self.screen_stack[0].mount(
                TooSmall(f"Please make the terminal at least {MIN_WIDTH}x{MIN_HEIGHT}.", id="too-small")
            )
        self.set_class(too_small, "-too-small")

    @work(thread=True, exclusive=True, group="host")
    def _load_host(self) -> None:
        facts = facts_for()
        self.call_from_thread(self._host_loaded, facts)

    def _host_loaded(self, facts: HostFacts) -> None:
        self.session.set_host(facts)
        if self.current in ("adapter", "machine", "addressing"):
            # These show host facts: built again, with the cursor left in the field the person is typing in.
            row = next((a for a in self.focused.ancestors if isinstance(a, FieldRow)), None) if self.focused else None
            self.show_step(self.current, focus_path=row.path if row else None)

    def _migrate_answer(self, migrated: dict[str, Any] | None) -> None:
        if migrated is None:
            self.exit(2)
            return
        self.session.migrate(migrated)
        self.show_step("overview")

    # -- the session changed: show it -----------------------------------------------------------------
    def _session_changed(self, change: Change) -> None:
        if change and isinstance(self.view, StepView):
            self.view.values_changed()
        if self.session.stale:
            self._judge_in_background()
        self.refresh_findings()

    def _judge_in_background(self) -> None:
        """A large document's findings come from a worker thread; the newest edit wins."""
        self._judge(self.session.draft.copy(), self.session.version)

    @work(thread=True, exclusive=True, group="judge")
    def _judge(self, snapshot: Draft, version: int) -> None:
        found = self.session.compute_findings(snapshot)
        self.call_from_thread(self.session.apply_findings, found, version)

    def refresh_findings(self) -> None:
        from . import probes

        session = self.session
        by_step = session.by_step()
        if isinstance(self.view, StepView):
            self.view.show_findings(by_step.get(self.current, []) if self.current != "review" else session.findings)
            for panel in self.view.probe_panels():
                planned, _ = probes.plan_checks(session.draft, (panel.kind,))
                panel.show_results(list(session.probe_results.values()), session.offline, planned)
        steps = session.steps()  # once per key: the list and the nav both ask
        self._refresh_step_list(by_step, steps)
        self._refresh_nav(by_step, steps)

    def _refresh_step_list(self, by_step: dict[StepId, list[Any]], steps: list[Step]) -> None:
        labels = self._step_list_labels(by_step, steps)
        if labels == self._step_labels:
            return  # unchanged: nothing to repaint
        self._step_labels = labels
        self.query_one("#step-list", StepList).show(labels, self.current)

    def _step_list_labels(self, by_step: dict[StepId, list[Any]], steps: list[Step]) -> list[tuple[str, str]]:
        labels: list[tuple[str, str]] = []
        for number, step in enumerate((s for s in steps if s is not OVERVIEW), 1):
            here = "▶" if step.id == self.current else " "
            mark = present.count_mark(by_step.get(step.id, []))
            labels.append((step.id, f"{here}{number} {step.title:<{min(11, 13 - len(mark))}}{mark}"))
        if OVERVIEW in steps:
            labels.append(("overview", f"{'▶' if self.current == 'overview' else ' '}• Overview"))
        return labels

    def _refresh_nav(self, by_step: dict[StepId, list[Any]], steps: list[Step]) -> None:
        errors = self.session.step_errors(self.current, by_step) if self.current != "done" else []
        state = (self.current, self.current == steps[0].id, present.blocked_reason(errors))
        if state == self._nav_state:
            return
        self._nav_state = state
        reason = self.query_one("#nav-reason", Static)
        nxt = self.query_one("#next", Button)
        back = self.query_one("#back", Button)
        nxt.display = back.display = self.current != "done"
        back.disabled = state[1]
        nxt.label = "Write ›" if self.current == "review" else "Next ›"
        nxt.disabled = bool(errors)
        # Like a field's message, the line keeps its place and height while the step is open once it has
        # shown: errors that come and go with each key repaint it instead of laying out the whole screen.
        ready = present.READY_TO_WRITE if self.current == "review" else present.READY_NOTE
        text = state[2] or (ready if self._reason_held[0] == self.current else "")
        visual = PlainText(text)  # wrapped once, for the height and the drawing
        height = min(visual.height_in(reason), 2)
        held_step, held = self._reason_held
        if text and held_step == self.current and 0 < height <= held == reason.content_size.height:
            reason.update(visual.padded(held - height), layout=False)
        else:
            self._reason_held = (self.current, height) if text else ("", 0)
            reason.update(visual)
        reason.set_class(bool(text), "-shown")
        reason.set_class(bool(errors), "-error")
        if state[:2] != self._bindings_state:  # the footer recomposes: only on a new step
            self._bindings_state = state[:2]
            self.refresh_bindings()

    # -- navigation -----------------------------------------------------------------------------------
    def show_step(self, step_id: str, focus_path: str | None = None) -> None:
        ids = [s.id for s in self.session.steps()]
        self.current = step_id if step_id in ids else ids[0]
        if self.screen is self.screen_stack[0]:
            # Keys pressed while the next step is built belong to it, not to the field being left (they
            # would change a value the person has finished): hold them until its first field has focus.
            self._held_keys = self._held_keys or []
            self.screen.set_focus(None)
        self.run_worker(self._swap(self._make_view(self.current), focus_path), group="nav")

    def on_key(self, event: events.Key) -> None:
        if self._held_keys is not None:
            # Every key, not only characters: an Enter, Tab or arrow pressed while the step is built is
            # meant for it too, and is given to it after the characters before it, in order.
            self._held_keys.append(events.Key(event.key, event.character))
            event.stop()
            event.prevent_default()  # nor is it a binding now: it is one when it is given back

    def _give_held_keys(self) -> None:
        held, self._held_keys = self._held_keys, None
        for key in held or ():
            self.post_message(key)  # as the terminal sent it, now to the new step's focused field

    async def _swap(self, view: Any, focus_path: str | None = None) -> None:
        """Replace the step on screen; serialised so two quick key presses cannot interleave."""
        async with self._nav_lock:
            main = self.query_one("#main", Horizontal)
            self.view = None
            await main.children[-1].remove()  # the step beside the step list
            await main.mount(view)
            self.view = view
            if not self.session.validated:  # paint the step first, judge it right after
                self.call_after_refresh(self._first_validation)
            else:
                self.refresh_findings()
            self.refresh_bindings()
            if isinstance(view, StepView):
                view.focus_first(focus_path)
                view.on_show_step()
            self.call_later(self._give_held_keys)  # after the focus set above has taken effect

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        """Once the first screen has settled: import the type model, so the first key press does not."""
        importlib.import_module("wizard.model")

    def _first_validation(self) -> None:
        if self.session.large:
            self._judge_in_background()
            return
        self.session.revalidate()
        self.refresh_findings()

    def _after_first_paint(self) -> None:
        self._first_validation()
        self._show_first_step()

    def _show_first_step(self) -> None:
        self.set_timer(0.4, self._warm_up)
        self.refresh_bindings()
        if isinstance(self.view, StepView):
            self.view.focus_first(None)
            self.view.on_show_step()

    def _go(self, delta: int) -> None:
        ids = [s.id for s in self.session.steps()]
        index = ids.index(self.current) if self.current in ids else 0
        target = max(0, min(len(ids) - 1, index + delta))
        if target != index:
            self.show_step(ids[target])

    @work(group="ask")
    async def _ask(
        self, question: str, yes: str, no: str, answered: Callable[[bool], None], *, keeps: bool = False
    ) -> None:
        screen: ConfirmScreen = ConfirmScreen(question, yes=yes, no=no, keeps=keeps)
        answered(bool(await self.push_screen_wait(screen)))  # type: ignore[arg-type]  # Textual's generic

    def action_next(self) -> None:
        if self.current == "done":
            return
        if self.current == "review":
            self.action_write()
            return
        errors = self.session.step_errors(self.current)
        if errors:
            if isinstance(self.view, StepView):
                self.view.revealed = True
                self.refresh_findings()
                self.view.focus_first(errors[0].path)
            self.bell()
            return
        skip = self.session.skip_question(self.current)
        if skip is None:
            self._go(1)
            return
        key, question = skip

        def answered(yes: bool) -> None:
            if yes:
                self.session.set_value(key, True)
            self._go(1)

        self._ask(question, f"Set {key.split('.')[-1]}", "Continue without", answered)

    def action_back(self) -> None:  # type: ignore[override]  # App.action_back is Textual's history "back"
        if self.current == "done":
            self.show_step("review")
        else:
            self._go(-1)

    def action_review(self) -> None:
        if self.current != "done":
            self.show_step("review")

    @on(Button.Pressed, "#next")
    @on(messages.NextRequested)
    def _next_requested(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    @on(messages.GoToStep)
    def _go_to_step(self, event: messages.GoToStep) -> None:
        self.show_step(event.step_id)

    @on(messages.GoToField)
    def _go_to_field(self, event: messages.GoToField) -> None:
        self.show_step(step_of(event.path, self.session.draft).id, focus_path=event.path)

    def action_enter_field(self) -> None:
        """Enter in a field of a step moves on when the app reads it, so keys that came with it go to the
        next field. A choice, list or table of a step picks first (PicksOnEnter); anywhere else Enter is the
        focused widget's (a button, a dialog, the DNS field that adds what was typed)."""
        focused = self.focused
        if isinstance(focused, Input | Checkbox) and any(isinstance(a, FieldRow) for a in focused.ancestors):
            self.advance(focused)
            return
        if not (isinstance(focused, PicksOnEnter) and self.view is not None and self.view in focused.ancestors):
            raise SkipAction()
        focused.enter_pick()
        self.advance(focused)

    @on(messages.Advance)
    def _advance(self, event: messages.Advance) -> None:
        self.advance(event.origin)

    def advance(self, origin: Any) -> None:
        """Enter moves to the next field, and from the last one to the next step (on Review: to the Write
        button, so Enter alone never writes the file)."""
        if not isinstance(self.view, StepView):
            return
        controls = [w for w in self.view.query(ADVANCE_THROUGH) if w.focusable and w.display]
        if origin in controls and controls.index(origin) < len(controls) - 1:
            self.screen.set_focus(controls[controls.index(origin) + 1])  # now, not after queued keys (focus())
        elif self.current == "review":
            write = self.view.query_one("#write", Button)
            # Write while it can; while errors stand, back to the list of them (Enter there goes to one)
            (write if not write.disabled else self.view.query_one("#review-findings")).focus()
        else:
            self.action_next()

    @on(messages.StepPicked)
    def _step_clicked(self, event: messages.StepPicked) -> None:
        if self.current != "done":
            self.show_step(event.step_id)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for number, step in enumerate(active_steps(self.session.draft), 1):
            yield SystemCommand(
                f"Go to step {number}: {step.title}", step.summary, lambda step_id=step.id: self.show_step(step_id)
            )
        if OVERVIEW in self.session.steps():
            yield SystemCommand("Go to the overview", OVERVIEW.summary, lambda: self.show_step("overview"))
        yield from self._field_commands()

    def _field_commands(self) -> Iterable[SystemCommand]:
        """Every field of the steps on offer, found by its label or its JSON key (`mtu`, `DnsServers`)."""
        from . import fields

        draft = self.session.draft
        for step in active_steps(draft):
            paths = step.fields(draft) + (["Network.DnsServers"] if step.id == "dns" else [])
            for path in dict.fromkeys(paths):
                spec = fields.spec_for(path)
                if spec is None:
                    continue
                yield SystemCommand(
                    f"{spec.label}  ·  {path}",
                    f"{step.title}: {spec.help}",
                    lambda step_id=step.id, focus=path: self.show_step(step_id, focus_path=focus),
                )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in STEP_ACTIONS:
            offered = isinstance(self.view, StepView) and action in self.view.offers()
            return offered and not (action == "check" and self.session.offline)
        if action == "back":
            return self.current != self.session.steps()[0].id
        if action in ("next", "review"):
            return self.current != "done" and not (action == "review" and self.current == "review")
        if action == "quit_done":
            return self.current == "done"
        if action == "plan":
            return self.current in ("done", "overview") and self._can_plan()
        return True

    # -- edits that ask first -------------------------------------------------------------------------
    @on(messages.FieldChanged)
    def _field_changed(self, event: messages.FieldChanged) -> None:
        self.session.set_value(event.path, event.value)

    @on(messages.FieldLeft)
    def _field_left(self) -> None:
        self.refresh_findings()

    @on(messages.DeploymentTypeChosen)
    def _type_chosen(self, event: messages.DeploymentTypeChosen) -> None:
        self.change_deployment_type(event.deployment_type)

    @on(messages.NodesChosen)
    def _nodes_chosen(self, event: messages.NodesChosen) -> None:
        self.change_nodes(event.nodes)  # type: ignore[arg-type]

    def _resync(self) -> None:
        if isinstance(self.view, StepView):
            self.view.values_changed()  # the view goes back to what the document says

    def change_deployment_type(self, new_type: str) -> None:
        drops = self.session.deployment_type_drops(new_type)
        if not drops:
            self.session.change_deployment_type(new_type)
            return
        self._ask(
            f"Switching removes values that do not apply any more: {', '.join(drops)}.\n\nSwitch anyway?",
            "Switch",
            "Keep",
            lambda yes: self.session.change_deployment_type(new_type) if yes else self._resync(),
        )

    def change_nodes(self, nodes: template.NodeTypes) -> None:
        drops = self.session.node_drops(nodes)
        if not drops:
            self.session.change_nodes(nodes)
            return
        self._ask(
            f"This removes the {' and '.join(drops)} and its settings.\n\nContinue?",
            "Remove",
            "Keep",
            lambda yes: self.session.change_nodes(nodes) if yes else self._resync(),
        )

    # -- step actions ---------------------------------------------------------------------------------
    def action_generate(self) -> None:
        if self.current == "addressing":
            if not (change := self.session.suggest_addresses()):
                self.notify(
                    "Enter the gateway and prefix length first: suggestions come from the subnet.", severity="warning"
                )
                return
            self.show_step("addressing")
            self.notify(f"Suggested {len(change.paths)} value(s); Ctrl+T checks they are free.")
        elif self.current == "machine" and hasattr(self.view, "mac_target"):
            target = self.view.mac_target()
            if target is None:
                self.notify("Every MAC field holds a value; focus one and press Ctrl+G to replace it.")
                return
            if not target.text():
                self.view.put_mac(target, self.session.generate_mac())
                return
            self._ask(
                f"Replace the MAC address {target.text()} you entered with a new random one?",
                "Replace",
                "Keep",
                lambda yes: self.view.put_mac(target, self.session.generate_mac()) if yes else None,
            )

    def action_split_prefix(self) -> None:
        focused = self.focused
        row = next((w for w in (focused.ancestors_with_self if focused else []) if isinstance(w, FieldRow)), None)
        if row is None:
            return
        change = self.session.split_address_prefix(row.path)
        if change.problem:
            self.notify(present.finding_line(change.problem), severity="warning")
        elif change and isinstance(self.view, StepView):
            self.view.show_values(change.paths)

    def action_no_proxy_ranges(self) -> None:
        change = self.session.complete_no_proxy()
        if isinstance(self.view, StepView):
            self.view.show_values(change.paths)
        self.notify(
            f"Added {', '.join(change.added)}" if change.added else "The no-proxy list already covers the cluster."
        )

    def action_arc_later(self) -> None:
        self.session.clear_arc()
        self.show_step("arc")
        self.notify(f"Arc left empty. Connect later: {arc_command(self.session.config_path)}", timeout=10)

    def action_check(self) -> None:
        kind = {"addressing": "address", "dns": "dns", "proxy": "proxy"}.get(self.current)
        if kind:
            self.run_probes(kind)

    @on(messages.RunChecks)
    def _run_checks(self, event: messages.RunChecks) -> None:
        self.run_probes(event.kind)

    def run_probes(self, kind: str) -> None:
        planned = self.session.start_probes(kind)
        if not planned:
            self.refresh_findings()
            return
        self._probe_worker(kind, self.session.draft.copy())

    @work(exclusive=False, group="probes")
    async def _probe_worker(self, kind: str, snapshot: Draft) -> None:
        from . import probes

        self.session.finish_probes(await probes.run_checks(snapshot, self.session.transport, (kind,)))

    def action_help(self) -> None:
        focused = self.focused
        row = next((w for w in (focused.ancestors_with_self if focused else []) if isinstance(w, FieldRow)), None)
        if row is not None:
            text = present.describe_spec(row.spec)
        else:
            step = BY_ID.get(self.current) or (OVERVIEW if self.current == "overview" else None)
            text = f"{step.title if step else 'Done'}: {step.summary if step else ''}\n\n{present.keys_text()}"
        self.push_screen(HelpScreen(text))

    # -- quitting and writing -------------------------------------------------------------------------
    def action_quit_wizard(self) -> None:
        if not self.session.unsaved():
            self.exit(0)
            return
        self._ask(
            f"Quit without writing {self.session.config_path.name}? Your answers are lost.",
            "Quit",
            "Stay",
            lambda yes: self.exit(1) if yes else None,
        )

    def action_quit_done(self) -> None:
        self.exit(0)

    @on(messages.WriteRequested)
    def action_write(self) -> None:
        if self.session.large:
            self._write_in_background(False)
        else:
            self._show_write(self.session.write())

    @work(thread=True, exclusive=True, group="write")
    def _write_in_background(self, replace: bool) -> None:
        self.call_from_thread(self.notify, "Checking and writing a large file...", timeout=3)
        outcome = self.session.write(replace=replace)
        self.call_from_thread(self._show_write, outcome)

    @work(group="ask")
    async def _write_elsewhere(self, outcome: WriteOutcome) -> None:
        """Not written: the session stays; create the folder or name another path, from Review."""
        if self.current != "review":
            self.show_step("review")
        path = self.session.config_path
        screen = WriteElsewhereScreen(outcome.message, path, can_create=outcome.status == "no-folder")
        answer = await self.push_screen_wait(screen)
        if answer is None:
            return
        kind, text = answer
        if kind == "create":
            self._show_write(self.session.write(create_folder=True))
            return
        target = Path(text)
        if target.is_dir():
            target = target / path.name
        if self.session.move_to(target):
            self.sub_title = str(target)
            question = f"{target} exists. Replace it (it is kept as {target.name}.bak)?"
            if not await self.push_screen_wait(ConfirmScreen(question, yes="Replace", no="Keep it")):
                return
        self.sub_title = str(target)
        self._show_write(self.session.write())

    def _replace_answer(self, yes: bool) -> None:
        if not yes:
            return
        if self.session.large:
            self._write_in_background(True)
        else:
            self._show_write(self.session.write(replace=True))

    def _show_write(self, outcome: WriteOutcome) -> None:
        path = self.session.config_path
        if outcome.status == "refused":
            if self.current != "review":
                self.show_step("review")
            self.notify("Fix the errors listed on Review first (Enter on one goes to its field).", severity="error")
            self.bell()
        elif outcome.status in ("broken", "conflict"):
            question = (
                f"{path} could not be read when the wizard started. Writing replaces it (the old file is "
                f"kept as {path.name}.bak).\n\nReplace it?"
                if outcome.status == "broken"
                else f"{path} was changed on disk after the wizard read it (by someone or something else).\n\n"
                f"Replace it anyway? The version on disk is kept as {path.name}.bak."
            )
            self._ask(
                question,
                "Replace",
                "Keep it",
                lambda yes: self._replace_answer(yes),
            )
        elif outcome.status in ("no-folder", "failed"):
            self._write_elsewhere(outcome)
        elif outcome.result is not None:
            self.current = "done"
            scalable = is_scalable(self.session.draft)
            done = view_class("done")(
                outcome.result,
                deploy_commands(outcome.result.path, scalable=scalable, arc_later=self._arc_later()),
                can_plan=self._can_plan(),
            )
            self.run_worker(self._swap(done), group="nav")

    # -- planning the next machines -------------------------------------------------------------------
    def _arc_later(self) -> bool:
        draft = self.session.draft
        offline = draft.get("Network.InternetDisabled") is True
        return not offline and not self.session.joining and not draft.get("Arc.ClusterName")

    def _can_plan(self) -> bool:
        return is_scalable(self.session.draft) and not self.session.joining

    def action_plan(self) -> None:
        from screens.plan import PlanScreen

        self.push_screen(PlanScreen(self.session.draft.copy(), folder_of(self.session.config_path)))


# -- start-up -------------------------------------------------------------------------------------------------
def build_session(args: argparse.Namespace, host: HostFacts | None) -> Session:
    """The session for the TUI's command-line arguments: a file to reconfigure, answers, or a new document."""
    from . import rules

    config = Path(args.config)
    if config.exists():
        try:
            draft = store.load(config)
        except store.StoreError as exc:
            draft = template.new_document(host=host.defaults() if host else None)
            return Session(draft, config_path=config, host=host, broken=str(exc))
        return Session(
            draft,
            config_path=config,
            host=host,
            disk_text=draft.source_text,
            reconfigure=True,
            legacy=bool(rules.legacy_keys(draft.data)),
            recovery=_has_recovery(config),
        )
    if getattr(args, "answers", None):
        from . import answers as answers_mod

        given = answers_mod.load_answers(args.answers)
        draft = answers_mod.draft_from_answers(given, host=host.defaults(given) if host else None)
    else:
        draft = template.new_document(host=host.defaults() if host else None)
        return Session(draft, config_path=config, host=host, recovery=_has_recovery(config), from_template=True)
    return Session(draft, config_path=config, host=host, recovery=_has_recovery(config))


def _has_recovery(config: Path) -> bool:
    path = config.with_name(config.name + ".recovery")
    return path.is_file() and not path.is_symlink()


def build_app(args: argparse.Namespace) -> WizardApp:
    """The app for the TUI's command-line arguments (also used by tests and benchmarks)."""
    demo = bool(getattr(args, "demo", False))
    adapters_file = getattr(args, "adapters_file", None)
    fixture = demo or adapters_file is not None
    session = build_session(args, facts_for(demo=demo, adapters_file=adapters_file) if fixture else None)
    # --demo touches nothing of the host's network: its sample addresses are never probed.
    session.offline = bool(getattr(args, "offline", False)) or demo
    ascii_only = getattr(args, "ascii", None)
    return WizardApp(
        session, load_host=not fixture, ascii_only=console_lacks_glyphs() if ascii_only is None else ascii_only
    )


def run(args: argparse.Namespace) -> int:
    try:
        app = build_app(args)
    except store.StoreError as exc:
        print(f"aksedge-wizard: {exc}", file=sys.stderr)
        return 2
    gc.freeze()  # what is loaded so far stays for the whole run: later collections need not walk it again
    app.trap_signals = True
    result = app.run()
    if app.stopped_by:
        kept = (
            f"what you typed is kept in {app.kept_in} and offered at the next start"
            if app.kept_in
            else "nothing was written on the way out"
        )
        print(f"aksedge-wizard: stopped by {app.stopped_by}; {kept}.", file=sys.stderr)
    return app.return_code or int(result or 0)  # an internal error exits 2, not 0

"""Shared Pilot helpers: the wizard built the way the tests need it, waiting for it to settle, typing."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from screens.widgets import FieldRow, field_id
from wizard import template
from wizard.app import WizardApp
from wizard.host import facts_for
from wizard.session import Session

DEMO = facts_for(demo=True)


def make_session(config_path: Path, offline: bool = True, **kw: Any) -> Session:
    """A new document for the demo host, seeded MACs, probes off unless asked."""
    draft = template.new_document(host=DEMO.defaults())
    return Session(draft, config_path=config_path, host=DEMO, offline=offline, mac_rng=random.Random(7), **kw)


def make_app(tmp_path: Path, offline: bool = True, **kw: Any) -> WizardApp:
    app = WizardApp(make_session(tmp_path / "aksedge-config.json", offline=offline, **kw))
    app.CURSOR_BLINK = False
    return app


async def settle(pilot: Any) -> None:
    """Let messages, workers (step swaps, probes) and the repaint after them finish. A question on screen
    is a worker waiting for its answer: it is left waiting."""
    await pilot.pause()
    busy = [w for w in pilot.app.workers if w.group != "ask"]
    if busy:  # an empty list would mean "every worker"
        await pilot.app.workers.wait_for_complete(busy)
    await pilot.pause()


async def type_into(pilot: Any, path: str, text: str, clear: bool = True) -> None:
    widget = pilot.app.query_one(f"#{field_id(path)}")
    widget.focus()
    await pilot.pause()
    if clear:
        widget.value = ""
        await pilot.pause()
    await pilot.press(*list(text))
    await settle(pilot)


def row(app: WizardApp, path: str) -> FieldRow:
    return app.query_one(f"#row-{field_id(path)}", FieldRow)


def message(app: WizardApp, path: str) -> str:
    return str(row(app, path).query_one(".field-message").render()).rstrip("\n")  # rows hold their height


async def open_step(pilot: Any, step_id: str, *, scalable: bool = False, focus: str | None = None) -> None:
    """Settle, switch to a scalable cluster if asked, show `step_id`, and focus the field at `focus`."""
    app = pilot.app
    await settle(pilot)
    if scalable:
        app.change_deployment_type("ScalableCluster")
    app.show_step(step_id)
    await settle(pilot)
    if focus is not None:
        row(app, focus).control.focus()
        await settle(pilot)


def queue_keys(app: WizardApp, *keys: str) -> None:
    """Post key events as the terminal driver does when several keys arrive in one read: all of them are
    queued before the first is handled (Pilot's press waits after each)."""
    from textual import events

    names = {"\t": "tab", "\r": "enter", ".": "full_stop", " ": "space"}
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(names.get(key, key), key))
        else:
            app.post_message(events.Key(key, None))

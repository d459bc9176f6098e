"""What step views ask of the app. A view edits the document through the session; for anything that is
the app's (moving between steps, asking a question first, running a worker, writing) it posts one of
these, and the app's `@on` handler does it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class FieldChanged(Message):
    """A field's text was parsed (or kept as typed, for the rules to reject) into a JSON value."""

    path: str
    value: Any


@dataclass
class StepPicked(Message):
    """A step in the step list was clicked."""

    step_id: str


@dataclass
class FieldLeft(Message):
    """A field lost focus for the first time: its findings show from now on."""


@dataclass
class DeploymentTypeChosen(Message):
    """Single machine or scalable cluster was picked (the app asks before dropping values)."""

    deployment_type: str


@dataclass
class NodesChosen(Message):
    """Linux, Windows or both was picked (the app asks before removing a node)."""

    nodes: str


@dataclass
class NextRequested(Message):
    """Move on, as Ctrl+N would (refused while the step has errors)."""


@dataclass
class GoToStep(Message):
    step_id: str


@dataclass
class GoToField(Message):
    """Open the step that holds `path` and focus that field (a finding was chosen)."""

    path: str


@dataclass
class RunChecks(Message):
    """Run the live checks of one kind: address, dns or proxy."""

    kind: str


@dataclass
class WriteRequested(Message):
    """Write the file, as Ctrl+W would."""


@dataclass
class Advance(Message):
    """Enter on a field or a choice: go to the next field, and from the last one to the next step."""

    origin: Any  # the widget Enter was pressed on

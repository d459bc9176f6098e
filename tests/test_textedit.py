"""Edits are spliced into the user's own text: only the edited lines change, whatever the formatting."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard import store, textedit

from .conftest import EXAMPLES, GA_SAMPLES


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]


@pytest.mark.parametrize("path", GA_SAMPLES + EXAMPLES, ids=lambda p: p.name)
def test_one_value_changes_one_line(path: Path) -> None:
    draft = store.load(path)
    before = draft.to_json()
    draft.set("Machines[0].LinuxNode.CpuCount", draft.get("Machines[0].LinuxNode.CpuCount") + 2)
    after = draft.to_json()
    assert len(changed_lines(before, after)) == 2
    assert "\r\n" not in before or after.count("\r\n") == before.count("\r\n")


def test_odd_spacing_survives_an_edit() -> None:
    text = '{\r\n  "Init" :{"ServiceIPRangeSize":10},\r\n  "Network": {"Proxy":{"Http":null}}\r\n}'
    draft = store.parse_document(text)
    draft.set("Network.Proxy.Http", "http://p:3128")
    assert draft.to_json() == text.replace("null", '"http://p:3128"')


def test_added_key_is_appended_with_the_objects_indent() -> None:
    text = '{\n    "Network": {\n        "NetworkPlugin": "flannel"\n    }\n}\n'
    draft = store.parse_document(text)
    draft.set("Network.DnsServers", ["192.168.1.1"])
    assert draft.to_json() == (
        '{\n    "Network": {\n        "NetworkPlugin": "flannel",\n        "DnsServers": [\n'
        '            "192.168.1.1"\n        ]\n    }\n}\n'
    )


def test_removed_key_falls_back_to_a_full_rewrite() -> None:
    text = '{"a": 1, "b": 2}'
    draft = store.parse_document(text)
    draft.delete("b")
    assert json.loads(draft.to_json()) == {"a": 1}


json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
json_docs = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.dictionaries(st.text(max_size=5), json_docs, min_size=1, max_size=4), json_docs, st.sampled_from([0, 2, 4, "\t"])
)
def test_splice_is_always_correct_or_declines(doc: dict, value: object, indent: object) -> None:
    text = json.dumps(doc, indent=indent or None)
    new = dict(doc)
    new[next(iter(doc))] = value
    out = textedit.splice(text, doc, new, indent=indent or 4)
    assert out is None or json.loads(out) == new

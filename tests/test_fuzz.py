"""No input makes the engine raise: random JSON, valid documents with any value swapped at any path,
every field parser with any text. Every finding names a path and a rule."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard import answers, fields, rules, store
from wizard.draft import Draft, join_path

from .conftest import EXAMPLES, GA_SAMPLES

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=2000)
    | st.sampled_from(
        [
            "192.168.1.1",
            "10.42.0.5",
            "::1",
            "00:15:5D:00:00:01",
            "http://a:b@c:1",
            "ScalableCluster",
            "SingleMachineCluster",
            "flannel",
            "calico",
            "1.16",
            "\x00\x1b[31m",
        ]
    )
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)


def check(findings: list[Any]) -> None:
    for f in findings:
        assert isinstance(f.path, str) and f.rule and f.message and f.hint and f.severity in ("error", "warning")


@SETTINGS
@given(st.dictionaries(st.text(max_size=15), json_values, max_size=8))
def test_random_documents(data: dict[str, Any]) -> None:
    check(rules.validate(Draft(data)))


def _paths(node: Any, parts: list[Any]) -> list[list[Any]]:
    out = [parts] if parts else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, parts + [key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, parts + [i])
    return out


BASES = [json.loads(p.read_text(encoding="utf-8-sig")) for p in EXAMPLES + GA_SAMPLES]


@SETTINGS
@given(st.integers(min_value=0, max_value=len(BASES) - 1), st.data())
def test_any_value_at_any_path(base_index: int, data: st.DataObject) -> None:
    doc = copy.deepcopy(BASES[base_index])
    paths = _paths(doc, [])
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        parts = data.draw(st.sampled_from(paths))
        draft = Draft(doc)
        try:
            draft.set(join_path(parts), data.draw(json_values))
        except TypeError:
            continue  # an earlier swap turned a parent into a scalar
    check(rules.validate(Draft(doc)))


@SETTINGS
@given(st.sampled_from(fields.CATALOGUE), st.text(max_size=300))
def test_field_parsers_raise_only_value_error(spec: fields.FieldSpec, text: str) -> None:
    try:
        value = spec.parse(text)
    except ValueError as exc:
        assert spec.label in str(exc)
        return
    problem = spec.check(value)
    assert problem is None or (problem.message and problem.hint)


@SETTINGS
@given(st.text(max_size=500))
def test_random_text_either_parses_or_says_why(text: str) -> None:
    try:
        draft = store.parse_document(text)
    except store.StoreError as exc:
        assert str(exc)
        return
    check(rules.validate(draft))


@SETTINGS
@given(st.text(max_size=300))
def test_random_answers_text(text: str) -> None:
    try:
        data = answers.parse_answers(text)
    except store.StoreError:
        return
    try:
        draft = answers.draft_from_answers(data)
    except store.StoreError as exc:
        assert "answers" in str(exc)
        return
    check(rules.validate(draft))


def test_huge_numbers_and_strings() -> None:
    doc = json.loads(EXAMPLES[2].read_text(encoding="utf-8"))
    doc["Init"]["ServiceIPRangeSize"] = 10**30
    doc["Network"]["Ip4PrefixLength"] = -(10**30)
    doc["Network"]["Ip4GatewayAddress"] = "9" * 100_000
    doc["Machines"][0]["LinuxNode"]["MacAddress"] = "\u202e" * 1000
    findings = rules.validate(Draft(doc))
    check(findings)
    assert all(len(f.message) < 400 for f in findings)
    deep = "[" * 100_000 + "]" * 100_000
    try:
        store.parse_document(deep)
    except store.StoreError as exc:
        assert "deeply" in str(exc) or "object" in str(exc)


# -- hostile shapes (issue 14): whatever a secret or a control character looks like, it never shows --------
SECRET_PATHS = ["Arc.ClientSecret", "Join.ClusterJoinToken", "Join.CertificateKey"]
secret_values = (
    st.integers(min_value=100_000, max_value=10**12)
    | st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=6, max_size=30)
    | st.lists(st.text(alphabet="abcdefghijk0123456789", min_size=6, max_size=12), min_size=1, max_size=3)
    | st.dictionaries(
        st.sampled_from(["v", "k"]), st.text(alphabet="qrstuvwxyz98765", min_size=6, max_size=12), min_size=1
    )
)
controls = st.lists(st.sampled_from(["\x1b", "\x07", "\x9b", "\u202e", "\r", "[2J", "]0;x", "a"]), max_size=8).map(
    "".join
)


def _leaves(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in _leaves(v)]
    if isinstance(value, list):
        return [x for v in value for x in _leaves(v)]
    return [str(value)]


@SETTINGS
@given(st.integers(min_value=0, max_value=len(BASES) - 1), st.sampled_from(SECRET_PATHS), secret_values, st.data())
def test_a_secret_of_any_type_never_shows(base_index: int, path: str, secret: Any, data: st.DataObject) -> None:
    doc = copy.deepcopy(BASES[base_index])
    draft = Draft(doc)
    draft.set(path, secret)
    if data.draw(st.booleans()):
        draft.set(
            "Network.Proxy.Http",
            f"ops:{data.draw(st.text(alphabet='ABCDEFGH1234', min_size=6, max_size=10))}@proxy:3128",
        )
    proxy = draft.get("Network.Proxy.Http")
    hidden = _leaves(secret) + ([proxy.split(":")[1].split("@")[0]] if isinstance(proxy, str) and "@" in proxy else [])
    findings = rules.validate(draft)
    shown = "".join(f.path + f.message + f.hint for f in findings)
    shown += store.diff(json.dumps(BASES[base_index], indent=4), draft) + store.masked_text(draft.to_json(), draft)
    for value in hidden:
        assert value not in shown


@SETTINGS
@given(st.integers(min_value=0, max_value=len(BASES) - 1), st.data(), controls, controls)
def test_control_characters_never_reach_a_finding(base_index: int, data: st.DataObject, key: str, value: str) -> None:
    doc = copy.deepcopy(BASES[base_index])
    paths = [p for p in _paths(doc, []) if not isinstance(p[-1], int)]
    parts = data.draw(st.sampled_from(paths))
    Draft(doc).set(join_path(parts), value + "\x1b")
    doc["Network" if isinstance(doc.get("Network"), dict) else "X"] = {key + "\x1b": value}
    for f in rules.validate(Draft(doc)):
        for text in (f.path, f.message, f.hint):
            assert not any(c in text for c in "\x1b\x07\x9b\u202e\r"), text


@SETTINGS
@given(st.integers(min_value=1, max_value=80), st.integers(min_value=31, max_value=6000), st.booleans())
def test_nesting_and_long_numbers_parse_or_say_why(depth: int, digits: int, as_array: bool) -> None:
    nest = ("[" * depth + "]" * depth) if as_array else ('{"a":' * depth + "1" + "}" * depth)
    text = '{"Network": {"Ip4PrefixLength": ' + "7" * digits + '}, "X": ' + nest + "}"
    try:
        draft = store.parse_document(text)
    except store.StoreError as exc:
        assert "nested more than 32 levels" in str(exc) and depth > 30
        return
    findings = rules.validate(draft)
    check(findings)
    assert any(f.rule == "json.long-number" for f in findings)
    assert all(len(f.message) < 400 for f in findings)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("&*ab:[]{}-,? \n!0123456789")), max_size=400))
def test_yaml_shaped_answers_either_load_or_say_why(text: str) -> None:
    try:
        data = answers.parse_answers(text)
    except store.StoreError as exc:
        assert str(exc)
        return
    try:
        draft = answers.draft_from_answers(data)
    except store.StoreError:
        return
    check(rules.validate(draft))

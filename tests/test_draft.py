"""The Draft: paths, case-insensitive access, canonical spelling for new keys, order and unknown keys kept."""

from __future__ import annotations

import json

import pytest

from wizard import fields, store
from wizard.draft import Draft, join_path, parse_path
from wizard.fields import KEY_TREE


def test_paths_round_trip() -> None:
    parts = parse_path("Machines[0].LinuxNode.SecondaryNetworks[2].Ip4Address")
    assert parts == ["Machines", 0, "LinuxNode", "SecondaryNetworks", 2, "Ip4Address"]
    assert join_path(parts) == "Machines[0].LinuxNode.SecondaryNetworks[2].Ip4Address"
    for bad in ("", "a..b", "a[x]", "a]"):
        with pytest.raises(ValueError):
            parse_path(bad)


def test_get_is_case_insensitive_and_set_keeps_the_users_spelling() -> None:
    draft = store.parse_document('{"init": {"serviceIpRangeSize": 4}, "Custom": {"x": 1}}')
    assert draft.get("Init.ServiceIPRangeSize") == 4
    draft.set("Init.ServiceIPRangeSize", 9)
    draft.set("Init.ServiceIPRangeStart", "192.168.1.10")
    assert json.loads(draft.to_json()) == {
        "init": {"serviceIpRangeSize": 9, "ServiceIPRangeStart": "192.168.1.10"},
        "Custom": {"x": 1},
    }


def test_new_keys_get_canonical_spelling_and_lists_grow() -> None:
    draft = Draft()
    draft.set("machines[0].linuxnode.cpucount", 4)
    draft.set("network.dnsservers", ["192.168.1.1"])
    assert draft.data == {"Machines": [{"LinuxNode": {"CpuCount": 4}}], "Network": {"DnsServers": ["192.168.1.1"]}}


def test_delete_and_has() -> None:
    draft = Draft({"Network": {"Proxy": {"Http": None}}})
    assert draft.has("network.proxy.http") and not draft.has("Network.Proxy.Https")
    assert draft.delete("Network.Proxy.HTTP") and not draft.has("Network.Proxy.Http")
    assert not draft.delete("Network.Nothing")


def test_unknown_keys_and_order_survive_an_edit() -> None:
    text = (
        '{\n  "Zeta": 1,\n  "SchemaVersion": "1.16",\n  "Network": {"X-Custom": [1, 2], "NetworkPlugin": "flannel"}\n}'
    )
    draft = store.parse_document(text)
    draft.set("Network.NetworkPlugin", "calico")
    out = json.loads(draft.to_json())
    assert list(out) == ["Zeta", "SchemaVersion", "Network"]
    assert list(out["Network"]) == ["X-Custom", "NetworkPlugin"] and out["Network"]["X-Custom"] == [1, 2]
    assert draft.changed


def test_unchanged_draft_returns_its_source_text() -> None:
    text = '{"a":1,\n   "b" :  [1,2]}'
    draft = store.parse_document(text)
    assert draft.to_json() == text and not draft.changed
    draft.set("a", 1)  # same value: still unchanged
    assert draft.to_json() == text


def test_key_tree_equals_the_models() -> None:
    from wizard.model import alias_tree

    assert KEY_TREE == alias_tree()
    assert list(KEY_TREE) == list(alias_tree())


def test_catalogue_covers_every_model_key() -> None:
    def leaves(tree: object, prefix: str) -> list[str]:
        out: list[str] = []
        node = tree[0] if isinstance(tree, list) else tree
        assert isinstance(node, dict)
        for key, sub in node.items():
            path = f"{prefix}.{key}" if prefix else key
            if sub is None:
                out.append(path)
            else:
                out += leaves(sub, f"{path}[*]" if isinstance(sub, list) else path)
        return out

    model_leaves = set(leaves(KEY_TREE, ""))
    assert model_leaves == set(fields.BY_PATH), model_leaves ^ set(fields.BY_PATH)
    for spec in fields.CATALOGUE:
        assert spec.label and spec.help.endswith("."), spec.path
        if spec.example:
            spec.parse(spec.example)  # the example parses
            if spec.kind not in ("ipv4-list",):
                assert spec.check(spec.parse(spec.example)) is None, spec.path


@pytest.mark.parametrize(
    "path, text, value",
    [
        ("Network.Ip4PrefixLength", " 24 ", 24),
        ("Network.InternetDisabled", "yes", True),
        ("Network.DnsServers", "192.168.1.1, 192.168.1.2;10.0.0.1", ["192.168.1.1", "192.168.1.2", "10.0.0.1"]),
        ("Machines[0].LinuxNode.MacAddress", "00-15-5d-aa-bb-cc", "00:15:5D:AA:BB:CC"),
        ("Network.NetworkPlugin", "Calico", "calico"),
        ("Network.Proxy.Http", "", None),
    ],
)
def test_field_parsers(path: str, text: str, value: object) -> None:
    spec = fields.spec_for(path)
    assert spec is not None and spec.parse(text) == value


def test_field_parser_rejects_with_the_label() -> None:
    spec = fields.spec_for("Network.Ip4PrefixLength")
    with pytest.raises(ValueError, match="Prefix length 'x24' is not a whole number"):
        spec.parse("x24")

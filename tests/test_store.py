"""Loading (BOM, duplicates, broken JSON), atomic writing, backups, modes and diffs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from wizard import rules, store
from wizard.draft import Draft

from .conftest import EXAMPLES, as_json


def test_bom_is_accepted_and_kept(tmp_path: Path) -> None:
    src = tmp_path / "bom.json"
    src.write_bytes(b"\xef\xbb\xbf" + EXAMPLES[0].read_bytes())
    draft = store.load(src)
    assert draft.get("DeploymentType") == "SingleMachineCluster"
    out = tmp_path / "out.json"
    store.write(draft, out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # PowerShell 5.1 wrote it so; it reads it so


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    src = tmp_path / "u16.json"
    src.write_bytes(EXAMPLES[0].read_text(encoding="utf-8").encode("utf-16"))
    assert store.load(src).get("SchemaVersion") == "1.15"


@pytest.mark.parametrize(
    "text, words",
    [
        ('{"a": 1,}', ["not valid JSON", "line 1", "column"]),
        ('{\n  "SchemaVersion": "1.16"\n  "Version": "1.0"\n}', ["line 3", '"Version": "1.0"']),
        ("[1, 2]", ["array, not an object"]),
        ('"text"', ["string, not an object"]),
        ("", ["not valid JSON"]),
    ],
)
def test_unusable_text_gives_a_clear_message(text: str, words: list[str]) -> None:
    with pytest.raises(store.StoreError) as caught:
        store.parse_document(text, "cfg.json")
    for word in words:
        assert word in str(caught.value)


def test_duplicate_keys_even_case_variants_are_errors() -> None:
    draft = store.parse_document(
        '{"Network": {"Proxy": {"Http": null, "http": "http://a:1"}}, "Version": "1.0", "Version": "1.0"}'
    )
    findings = rules.validate(draft)
    dup = {f.path for f in findings if f.rule == "json.duplicate-key"}
    assert dup == {"Network.Proxy.http", "Version"}
    assert all(f.is_error for f in findings if f.rule == "json.duplicate-key")


def test_missing_unreadable_and_folder(tmp_path: Path) -> None:
    with pytest.raises(store.StoreError, match="does not exist"):
        store.load(tmp_path / "nope.json")
    with pytest.raises(store.StoreError, match="is a folder"):
        store.load(tmp_path)
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\xfa\x00garbage\x80")
    with pytest.raises(store.StoreError):
        store.load(tmp_path / "bin.json")


def test_atomic_write_keeps_one_backup(tmp_path: Path) -> None:
    target = tmp_path / "aksedge-config.json"
    draft = store.load(EXAMPLES[0])
    first = store.write(draft, target)
    assert first.written and first.backup is None
    original = target.read_bytes()
    draft.set("Init.ServiceIPRangeSize", 20)
    second = store.write(draft, target)
    assert second.backup == tmp_path / "aksedge-config.json.bak"
    assert second.backup.read_bytes() == original
    assert as_json(store.load(target))["Init"]["ServiceIPRangeSize"] == 20
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aksedge-config.json", "aksedge-config.json.bak"]


def test_unchanged_document_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "c.json"
    target.write_bytes(EXAMPLES[2].read_bytes())
    before = target.stat().st_mtime_ns
    result = store.write(store.load(target), target)
    assert not result.written and target.stat().st_mtime_ns == before
    assert not (tmp_path / "c.json.bak").exists()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_secret_makes_the_file_private(tmp_path: Path) -> None:
    draft = store.load(EXAMPLES[0])  # holds an Arc client secret
    store.write(draft, tmp_path / "s.json")
    assert stat.S_IMODE((tmp_path / "s.json").stat().st_mode) == 0o600
    draft.set("Arc.ClientSecret", None)
    store.write(draft, tmp_path / "p.json")
    assert stat.S_IMODE((tmp_path / "p.json").stat().st_mode) & 0o077 != 0 or os.umask(0o022) & 0o044
    draft.set("Network.Proxy.Http", "http://bob:pw@proxy:3128")
    store.write(draft, tmp_path / "q.json")
    assert stat.S_IMODE((tmp_path / "q.json").stat().st_mode) == 0o600


def test_failing_write_leaves_original_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "c.json"
    target.write_bytes(EXAMPLES[0].read_bytes())
    draft = store.load(target)
    draft.set("Init.ServiceIPRangeSize", 5)

    def full_disk(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(store.StoreError, match="No space left.*original file is unchanged"):
        store.write(draft, target)
    assert target.read_bytes() == EXAMPLES[0].read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.json"]


def test_failing_rename_leaves_original_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "c.json"
    target.write_bytes(EXAMPLES[0].read_bytes())
    draft = store.load(target)
    draft.set("Init.ServiceIPRangeSize", 5)
    real_replace = os.replace

    def failing_replace(src: str, dst: str) -> None:
        if Path(dst) == target:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(store.StoreError, match="Input/output error"):
        store.write(draft, target)
    assert target.read_bytes() == EXAMPLES[0].read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(store.StoreError, match="permission denied"):
            store.write(Draft({"a": 1}), folder / "c.json")
    finally:
        folder.chmod(0o700)


def test_write_into_a_folder_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(store.StoreError, match="is a folder"):
        store.write(Draft({"a": 1}), tmp_path)
    with pytest.raises(store.StoreError, match="does not exist"):
        store.write(Draft({"a": 1}), tmp_path / "missing" / "c.json")


def test_symlink_is_kept_and_its_target_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(EXAMPLES[0].read_bytes())
    link = tmp_path / "link.json"
    link.symlink_to(real)
    draft = store.load(link)
    draft.set("Init.ServiceIPRangeSize", 7)
    store.write(draft, link)
    assert link.is_symlink() and as_json(store.load(real))["Init"]["ServiceIPRangeSize"] == 7


def test_formatting_is_preserved(tmp_path: Path) -> None:
    text = '{\r\n\t"SchemaVersion": "1.16",\r\n\t"Version": "1.0"\r\n}'
    draft = store.parse_document(text)
    assert draft.to_json() == text


def test_diff_shows_only_the_change_and_masks_secrets() -> None:
    old = EXAMPLES[0].read_text(encoding="utf-8")
    draft = store.parse_document(old)
    draft.set("Init.ServiceIPRangeSize", 12)
    draft.set("Network.Proxy.Http", "http://bob:hunter2@proxy.corp:3128")
    text = store.diff(old, draft, "c.json")
    changed = [line for line in text.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert any('"ServiceIPRangeSize": 12' in line for line in changed)
    assert len(changed) == 4
    assert "hunter2" not in text and "bob:****@proxy.corp" in text
    assert "<service-principal-secret>" not in text
    assert store.diff(old, store.parse_document(old)) == ""


def test_parse_errors_point_at_the_likely_cause() -> None:
    with pytest.raises(store.StoreError, match="comma is missing at the end of line 2"):
        store.parse_document('{\n  "a": 1\n  "b": 2\n}')
    with pytest.raises(store.StoreError, match="trailing comma"):
        store.parse_document('{\n "a": 1,\n}')

"""Secrets, found by where they sit in the parsed document (not by how a line looks), and kept out of every
message, diff, file view and report whatever their type or layout: Arc.ClientSecret, the Join token and
certificate key, and proxy passwords."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from . import fields, values
from .draft import Draft

SECRET_PATHS: tuple[str, ...] = tuple(spec.path for spec in fields.CATALOGUE if spec.secret)
PROXY_PATHS = ("Network.Proxy.Http", "Network.Proxy.Https", "Network.Proxy.No")
MASK = "****"
MIN_LENGTH = 3  # shorter values would mask ordinary text too; the key-based line mask still covers them


def _texts(value: Any) -> Iterator[str]:
    """Every way the value can show up in text: itself, its JSON form, each of its leaves."""
    if value is None or value == "" or isinstance(value, bool):
        return
    if isinstance(value, str):
        yield value
        yield json.dumps(value)[1:-1]  # as it sits inside a JSON string (escaped)
        return
    if isinstance(value, int | float):
        yield str(value)
        return
    if isinstance(value, dict):
        yield json.dumps(value)
        for key, item in value.items():
            yield str(key)
            yield from _texts(item)
    elif isinstance(value, list):
        yield json.dumps(value)
        for item in value:
            yield from _texts(item)


def secret_values(*documents: Any) -> list[str]:
    """The secret texts of each document (a dict or a Draft), longest first."""
    found: set[str] = set()
    for document in documents:
        if isinstance(document, Draft):
            draft = document
        elif isinstance(document, dict):
            draft = Draft(document)
        else:
            continue
        for path in SECRET_PATHS:
            found.update(_texts(draft.get(path)))
        for path in PROXY_PATHS:
            value = draft.get(path)
            for entry in value.split(",") if isinstance(value, str) else []:
                if password := values.url_password(entry.strip()):
                    found.update(_texts(password))
    return sorted((s for s in found if len(s) >= MIN_LENGTH), key=len, reverse=True)


def redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def redactor(*documents: Any) -> Callable[[str], str]:
    secrets = secret_values(*documents)
    return lambda text: redact(text, secrets)


def holds_secret(draft: Draft) -> bool:
    """The document holds a secret: its file is made owner-only."""
    if any(draft.get(path) not in (None, "", [], {}) for path in SECRET_PATHS):
        return True
    return any(
        values.url_password(entry.strip()) is not None
        for path in PROXY_PATHS
        if isinstance(value := draft.get(path), str)
        for entry in value.split(",")
    )

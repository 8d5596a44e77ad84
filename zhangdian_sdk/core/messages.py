"""The message catalogue: every word the SDK, CLI and portal show people, in Chinese and English.

The words are data, not code: ``zhangdian_sdk/_data/messages.json`` (package data) holds, in one
file, the category and bilingual template of every contract custom error, the SDK's own templated
messages, the labels of application statuses, officer roles, deadline policies and contract events,
and the portal's UI strings. Each entry is ``{"zh": ..., "en": ...}``; templates name their
placeholders like the contract error's arguments (``{service}``).

Usage: ``label("status", "COMPLETED", "zh")`` → ``"已办结"``; ``text("sdk.reason_code", "en", code=5)``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, Literal

__all__ = [
    "LANGUAGES",
    "Language",
    "bilingual",
    "catalogue",
    "contract_error_entry",
    "label",
    "labels",
    "section",
    "text",
]

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")


@cache
def catalogue() -> dict[str, Any]:
    """The whole catalogue, parsed once."""
    path = resources.files("zhangdian_sdk") / "_data" / "messages.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def section(name: str) -> dict[str, dict[str, str]]:
    """One top-level section (``errors``, ``sdk``, ``portal``) by entry key."""
    found: dict[str, dict[str, str]] = catalogue()[name]
    return found


def text(key: str, language: str = "zh", /, **arguments: Any) -> str:
    """The message ``section.key`` in ``language``, its placeholders filled from ``arguments``.

    Unknown keys raise ``KeyError``: a missing message is a bug the catalogue test catches.
    """
    group, _, entry = key.partition(".")
    template = section(group)[entry][_language(language)]
    return template.format(**arguments) if arguments else template


def bilingual(key: str, /, **arguments: Any) -> str:
    """The message ``section.key`` as people see it on one line: ``"中文 / English"``."""
    return f"{text(key, 'zh', **arguments)} / {text(key, 'en', **arguments)}"


def label(kind: str, name: str, language: str = "zh") -> str:
    """The label of ``name`` (an enum member or event name) of ``kind``, or ``name`` itself when the
    catalogue has none (an event a newer contract emits, say)."""
    entry = labels(kind).get(name)
    return entry[_language(language)] if entry else name


def labels(kind: str) -> dict[str, dict[str, str]]:
    """Every label of ``kind``: ``status``, ``role``, ``deadline_policy`` or ``event``."""
    found: dict[str, dict[str, str]] = catalogue()["labels"][kind]
    return found


def contract_error_entry(name: str) -> dict[str, str] | None:
    """A contract error's category and templates, or None when the catalogue has no entry."""
    entry: dict[str, str] | None = section("errors").get(name)
    return entry


def _language(language: str) -> Language:
    return "en" if language == "en" else "zh"

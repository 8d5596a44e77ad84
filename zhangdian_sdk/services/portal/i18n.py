"""The portal's words in Chinese (default) and English, from the message catalogue's ``portal``
section (``zhangdian_sdk/_data/messages.json``)."""

from __future__ import annotations

from zhangdian_sdk.core import messages

__all__ = ["TEXT", "language"]

# The page templates and the browser script read ``TEXT[lang][key]``.
TEXT: dict[str, dict[str, str]] = {
    lang: {key: entry[lang] for key, entry in messages.section("portal").items()} for lang in messages.LANGUAGES
}


def language(requested: str | None) -> str:
    return "en" if requested == "en" else "zh"

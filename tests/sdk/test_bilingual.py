"""Every message the SDK and CLI show people is in Chinese and English.

Two checks: every entry of the message catalogue has both languages, and a scan of the source
(zhangdian_sdk) finds the literal messages given to an exception, ``fail``, ``click.echo``,
``console.print`` or a prompt, and fails on one that has English words but no Chinese, or
Chinese but no English. Technical tokens (``--option``, ``{placeholder}``, file names, ``0x``,
identifiers) do not count as English.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from zhangdian_sdk.core import messages

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "zhangdian_sdk"
HAN = re.compile(r"[\u4e00-\u9fff]")
# An English word: three letters or more that are not part of an option, a path, a placeholder or
# an identifier (``--rpc-url``, ``deployments/31337.json``, ``{path}``, ``snake_case``).
WORD = re.compile(r"(?<![\w\-./{$`\[])[A-Za-z]{3,}(?![\w\-./}(`\]])")
PRINTERS = {"echo", "secho", "print", "fail", "prompt", "confirm"}
CLICK_ERRORS = {"BadParameter", "UsageError", "ClickException", "Abort"}
# Errors only a developer of this package meets (a broken build, an ABI that no longer fits the
# code): programming errors, not messages for staff.
DEVELOPER_ERRORS = {"TypeError", "AssertionError", "RuntimeError", "NotImplementedError", "KeyError", "AttributeError"}
DEVELOPER_MODULES = {
    "core/codec.py",  # the shipped ABI against the dataclasses
    "core/suite.py",  # the suite descriptor's own consistency
    "core/errors_codegen.py",  # a build tool
    "ops/build.py",  # a build tool
}
# Lines for scripts rather than people: ``transaction 0x…`` is what a script greps for after a write.
MACHINE_LINES = {("cli/_context.py", "transaction {}")}


# The portal's language switch shows, in each language, the name of the other one ("English").
NAMES_OF_THE_OTHER_LANGUAGE = {"portal.language"}


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left), _literal(node.right)
        if left is not None or right is not None:
            return (left or "{}") + (right or "{}")
    return None


def _callee(node: ast.Call) -> str:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return node.func.id if isinstance(node.func, ast.Name) else ""


def _shows_a_message(name: str) -> bool:
    if name in DEVELOPER_ERRORS:
        return False
    return name in PRINTERS or name in CLICK_ERRORS or name.endswith(("Error", "Exception"))


def one_language_only(text: str) -> bool:
    """Whether ``text`` has English words and no Chinese, or Chinese and no English words."""
    without_markup = re.sub(r"\[/?[a-z ]+\]", " ", text)  # rich markup such as [red]
    return bool(HAN.search(without_markup)) != bool(WORD.search(without_markup.replace("{}", " ")))


def messages_in_one_language() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module in DEVELOPER_MODULES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and _shows_a_message(_callee(node)) and node.args):
                continue
            text = _literal(node.args[0])
            if text is not None and one_language_only(text):
                found.add((module, text))
    return found


def test_the_scan_tells_one_language_from_two() -> None:
    assert one_language_only("wrong password for keystore {}")
    assert one_language_only("密钥库密码不对")
    assert not one_language_only("密钥库 {} 的密码不对 / wrong password for keystore {}")
    assert not one_language_only("--rpc-url {}")
    assert not one_language_only("[red]✓[/red] {}")


def test_no_new_message_in_one_language_only() -> None:
    new = sorted(messages_in_one_language() - MACHINE_LINES)
    listing = "\n".join(f"  zhangdian_sdk/{module}: {text!r}" for module, text in new)
    assert not new, f"messages without both Chinese and English:\n{listing}"


@pytest.mark.parametrize("section", ["sdk", "cli", "errors", "portal"])
def test_every_catalogue_message_has_both_languages(section: str) -> None:
    entries = messages.section(section)
    assert entries
    for key, entry in entries.items():
        if not isinstance(entry, dict) or ("zh" not in entry and "en" not in entry):
            continue
        assert entry.get("zh", "").strip(), f"{section}.{key} has no Chinese"
        assert entry.get("en", "").strip(), f"{section}.{key} has no English"
        # A pattern of placeholders only (``{name} ({constant})``) reads in the language of what fills it.
        words_only = re.sub(r"\{[a-z_]+\}|[\s().,:/-]", "", entry["zh"])
        if f"{section}.{key}" not in NAMES_OF_THE_OTHER_LANGUAGE and words_only:
            assert HAN.search(entry["zh"]), f"{section}.{key}: the Chinese text has no Chinese"


def test_a_message_reads_the_same_in_both_languages_on_one_line() -> None:
    line = messages.bilingual("sdk.keystore_wrong_password", path="clerk.json")
    assert line == "密钥库 clerk.json 的密码不对 / wrong password for keystore clerk.json"

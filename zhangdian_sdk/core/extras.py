"""The optional parts of the SDK and the packages each needs (the extras of ``pyproject.toml``).

The core SDK (client, facades, CLI) needs only web3 and its friends. The portal, the indexer, the
spreadsheet import and the compiler need more; ``make setup`` installs them all
(``pip install -e '.[dev]'``), a back-office machine installs what it uses
(``pip install 'zhangdian-sdk[portal]'``). Code that needs an extra calls :func:`require_extra`
first, so that a missing package is a clear, bilingual instruction rather than an ImportError.
"""

from __future__ import annotations

import importlib

from zhangdian_sdk.core.errors import ConfigurationError

__all__ = ["EXTRAS", "require_extra"]

#: Extra name -> the importable modules it provides (kept in step with pyproject.toml by a test).
EXTRAS: dict[str, tuple[str, ...]] = {
    "compiler": ("solcx",),
    "index": ("sqlalchemy",),
    "portal": ("fastapi", "uvicorn", "jinja2", "sqlalchemy"),
    "spreadsheet": ("openpyxl",),
}

_PURPOSE = {
    "compiler": ("安装或使用 Solidity 编译器", "installing or using the Solidity compiler"),
    "index": ("事件索引", "the event index"),
    "portal": ("公众查询门户", "the citizen portal"),
    "spreadsheet": ("读取 Excel 表格", "reading Excel spreadsheets"),
}


def require_extra(extra: str) -> None:
    """Raise :class:`ConfigurationError` naming the pip command when ``extra``'s packages are missing."""
    missing = []
    for module in EXTRAS[extra]:
        try:
            importlib.import_module(module)  # the command is about to import it anyway
        except ImportError:
            missing.append(module)
    if missing:
        zh, en = _PURPOSE[extra]
        raise ConfigurationError(
            f"{zh}需要可选组件 {extra}，请运行 pip install 'zhangdian-sdk[{extra}]' / "
            f"{en} needs the optional packages of zhangdian-sdk[{extra}] (missing: {', '.join(missing)}): "
            f"run pip install 'zhangdian-sdk[{extra}]'"
        )

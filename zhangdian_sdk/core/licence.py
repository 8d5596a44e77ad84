"""The national metadata of an electronic licence (电子证照, GB/T 36903) and its annotated copy (加注件).

A certificate document carries the metadata as ordinary fields under fixed names
(:data:`LICENCE_FIELDS`): each is salted and hashed on its own like any other field, so the chain
keeps only the document's digest and the holder can hide, say, the holder's code in a disclosed copy.
:func:`validate_licence` checks a set of metadata before issuing: the 证照标识 and its MOD 37,36
check character (:func:`~zhangdian_sdk.core.identifiers.validate_certificate_identifier`), that the
identifier names the same type and issuer as the metadata, the holder's code against its code type,
and the order of the dates.

A 加注件 (:class:`Annotation`) is a copy shared for one purpose (用证事由) until a date; the verifier
refuses it after that date or for another purpose.

Usage::

    licence = LicenceMetadata(name="食品经营许可证", type_code="11370000MB", ...)
    fields = validate_licence(licence).to_fields()
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, fields, replace
from typing import Any

from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.identifiers import (
    CERTIFICATE_ID_PREFIX,
    validate_certificate_identifier,
    validate_citizen_id,
    validate_uscc,
)
from zhangdian_sdk.core.workdays import BEIJING

__all__ = [
    "BEIJING",
    "HOLDER_CODE_TYPES",
    "LICENCE_FIELDS",
    "Annotation",
    "LicenceMetadata",
    "date_end",
    "date_start",
    "licence_from_fields",
    "validate_licence",
]


# 持证主体代码类型: the code lists of the 证件类型 used by the national licence platform.
HOLDER_CODE_TYPES = {
    "111": ("公民身份号码", "citizen identity number"),
    "001": ("统一社会信用代码", "unified social credit code"),
}

# Document field name -> (attribute of LicenceMetadata, 中文名, English name).
LICENCE_FIELDS: dict[str, tuple[str, str, str]] = {
    "licenceName": ("name", "证照名称", "licence name"),
    "licenceTypeCode": ("type_code", "证照类型代码", "licence type code"),
    "licenceNumber": ("number", "证照编号", "licence number"),
    "licenceIdentifier": ("identifier", "证照标识", "licence identifier"),
    "issuerName": ("issuer_name", "颁发机构", "issuing authority"),
    "issuerCode": ("issuer_code", "颁发机构代码", "issuing authority's code"),
    "issueDate": ("issue_date", "颁发日期", "date of issue"),
    "validFromDate": ("valid_from", "有效期起始", "valid from"),
    "validUntilDate": ("valid_until", "有效期截止", "valid until"),
    "holderName": ("holder_name", "持证主体", "holder"),
    "holderCode": ("holder_code", "持证主体代码", "holder's code"),
    "holderCodeType": ("holder_code_type", "持证主体代码类型", "holder's code type"),
    "matterCode": ("matter_code", "关联事项代码", "service (matter) code"),
    "replaces": ("replaces", "关联证照标识", "identifier of the licence it replaces"),
}
_OPTIONAL = frozenset({"valid_until", "matter_code", "replaces"})


@dataclass(frozen=True)
class LicenceMetadata:
    """GB/T 36903 metadata of one licence; dates are ``YYYY-MM-DD`` (Beijing time), an empty
    ``valid_until`` means 长期 (no end)."""

    name: str
    type_code: str
    number: str
    identifier: str
    issuer_name: str
    issuer_code: str
    issue_date: str
    valid_from: str
    holder_name: str
    holder_code: str
    holder_code_type: str
    valid_until: str = ""
    matter_code: str = ""
    replaces: str = ""

    def to_fields(self) -> dict[str, str]:
        """The document fields that carry the metadata (empty optional items left out)."""
        return {key: getattr(self, attr) for key, (attr, _, _) in LICENCE_FIELDS.items() if getattr(self, attr)}

    def labelled(self) -> dict[str, str]:
        """``{"证照名称 licence name": value}``, for people."""
        return {f"{zh} {en}": getattr(self, attr) for attr, zh, en in LICENCE_FIELDS.values() if getattr(self, attr)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LicenceMetadata:
        """From the document field names (``licenceName``...) or the attribute names."""
        by_field = {attr: key for key, (attr, _, _) in LICENCE_FIELDS.items()}
        values = {}
        for item in fields(cls):
            raw = data.get(by_field[item.name], data.get(item.name, ""))
            values[item.name] = "" if raw is None else str(raw).strip()
        return cls(**values)


def _missing(metadata: LicenceMetadata) -> list[str]:
    labels = {attr: (zh, en) for attr, zh, en in LICENCE_FIELDS.values()}
    return [
        f"{labels[item.name][0]} / {labels[item.name][1]}"
        for item in fields(metadata)
        if item.name not in _OPTIONAL and not str(getattr(metadata, item.name)).strip()
    ]


def _date(text: str, zh: str, en: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            f"{zh}应为 YYYY-MM-DD 格式的日期：{text!r} / the {en} must be a YYYY-MM-DD date, not {text!r}"
        ) from None


def date_start(text: str) -> int:
    """00:00:00 Beijing time of a ``YYYY-MM-DD`` date, as a Unix timestamp."""
    day = _date(text, "日期", "date")
    return int(_dt.datetime(day.year, day.month, day.day, tzinfo=BEIJING).timestamp())


def date_end(text: str) -> int:
    """23:59:59 Beijing time of a ``YYYY-MM-DD`` date, as a Unix timestamp (the last second it is valid)."""
    return date_start(text) + 86_399


def validate_licence(metadata: LicenceMetadata) -> LicenceMetadata:
    """The metadata normalized (codes upper case); raises :class:`InvalidInputError` naming what is wrong."""
    missing = _missing(metadata)
    if missing:
        raise InvalidInputError("证照元数据缺少 / the licence metadata lacks: " + "; ".join(missing))
    identifier = validate_certificate_identifier(metadata.identifier)
    type_code, issuer, _serial, _version, _check = identifier[len(CERTIFICATE_ID_PREFIX) + 1 :].split(".")
    issuer_code = validate_uscc(metadata.issuer_code)
    if type_code != metadata.type_code.strip().upper():
        raise InvalidInputError(
            f"证照标识中的类型代码 {type_code} 与证照类型代码 {metadata.type_code} 不符"
            f" / the identifier's type code {type_code} differs from the licence type code {metadata.type_code}"
        )
    if issuer != issuer_code:
        raise InvalidInputError(
            f"证照标识中的颁发机构代码 {issuer} 与颁发机构代码 {issuer_code} 不符"
            f" / the identifier's issuer code {issuer} differs from the issuing authority's code {issuer_code}"
        )
    code_type = metadata.holder_code_type.strip()
    if code_type not in HOLDER_CODE_TYPES:
        raise InvalidInputError(
            f"持证主体代码类型 {code_type!r} 无效, 应为 111 (公民身份号码) 或 001 (统一社会信用代码)"
            f" / the holder's code type {code_type!r} is not 111 (citizen ID) or 001 (USCC)"
        )
    holder_code = (
        validate_citizen_id(metadata.holder_code) if code_type == "111" else validate_uscc(metadata.holder_code)
    )
    issued = _date(metadata.issue_date, "颁发日期", "date of issue")
    starts = _date(metadata.valid_from, "有效期起始", "start of validity")
    if metadata.valid_until:
        ends = _date(metadata.valid_until, "有效期截止", "end of validity")
        if ends < starts:
            raise InvalidInputError(
                f"有效期截止 {ends} 早于有效期起始 {starts} / the validity ends ({ends}) before it starts ({starts})"
            )
        if ends < issued:
            raise InvalidInputError(
                f"有效期截止 {ends} 早于颁发日期 {issued}"
                f" / the validity ends ({ends}) before the date of issue ({issued})"
            )
    replaces = validate_certificate_identifier(metadata.replaces) if metadata.replaces else ""
    if replaces == identifier:
        raise InvalidInputError("关联证照标识不能是证照自身 / a licence cannot replace itself")
    return replace(
        metadata,
        type_code=type_code,
        identifier=identifier,
        issuer_code=issuer_code,
        holder_code=holder_code,
        holder_code_type=code_type,
        replaces=replaces,
    )


def licence_from_fields(shown: dict[str, str]) -> LicenceMetadata | None:
    """The metadata a document shows (hidden items empty), or None if it carries none."""
    if not any(key in shown for key in LICENCE_FIELDS):
        return None
    return LicenceMetadata.from_json(shown)


@dataclass(frozen=True)
class Annotation:
    """A 加注件's annotation: the one purpose (用证事由) it is shared for and until when (Unix time)."""

    purpose: str
    valid_until: int
    annotated_at: int

    def __post_init__(self) -> None:
        if not self.purpose.strip():
            raise InvalidInputError("加注件需要用证事由 / an annotated copy needs its purpose")
        if self.valid_until <= self.annotated_at:
            raise InvalidInputError(
                "加注件的有效期须晚于加注时间 / an annotated copy must be valid until after it is made"
            )

    def to_json(self) -> dict[str, Any]:
        return {"purpose": self.purpose, "validUntil": self.valid_until, "annotatedAt": self.annotated_at}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Annotation:
        return cls(str(data["purpose"]), int(data["validUntil"]), int(data["annotatedAt"]))

"""National identifiers and their check characters: pure functions, no chain access.

- 统一社会信用代码 (unified social credit code, GB 32100-2015): :func:`validate_uscc`,
  :func:`uscc_check_character`, :func:`uscc_parts`.
- 公民身份号码 (citizen identity number, GB 11643-1999): :func:`validate_citizen_id`.
- 行政区划代码 (administrative division code, GB/T 2260): :func:`validate_region_code`,
  :func:`validate_county_code` (a department's division: county level), :func:`parent_region`,
  :func:`region_name`.
- 政务服务事项 national codes (GB/T 39554.1-2020: 基本编码, 实施编码, 业务办理项编码), stored as given:
  :func:`validate_service_codes`.
- 证照标识 (electronic licence identifier, GB/T 36902 style) with its ISO/IEC 7064 MOD 37,36 check
  character: :func:`mod37_36_check`, :func:`certificate_identifier`,
  :func:`validate_certificate_identifier`.
- An applicant is a citizen or an organisation: :func:`validate_applicant_id`.

Every validator returns the normalized text (upper case, no spaces) and raises
:class:`~zhangdian_sdk.core.errors.InvalidInputError` with a Chinese and English message naming
what is wrong (length, a forbidden character, or the check character it should have).

Usage: ``kind, text = validate_applicant_id("37030319900101123x")``.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from zhangdian_sdk.core.errors import InvalidInputError

__all__ = [
    "CERTIFICATE_ID_PREFIX",
    "PROVINCE_CODES",
    "USCC_ALPHABET",
    "ApplicantKind",
    "UsccParts",
    "certificate_identifier",
    "citizen_id_check_character",
    "mod37_36_check",
    "parent_region",
    "region_name",
    "uscc_check_character",
    "uscc_parts",
    "validate_applicant_id",
    "validate_certificate_identifier",
    "validate_citizen_id",
    "validate_county_code",
    "validate_region_code",
    "validate_service_codes",
    "validate_uscc",
]

# --- 统一社会信用代码 (GB 32100-2015) ---------------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 0-9, A-Z without I, O, Z, S, V: values 0..30
_USCC_VALUE = {char: value for value, char in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Position 1, 登记管理部门码 (GB 32100-2015, 4.2).
USCC_REGISTRARS = {
    "1": "机构编制 / establishment administration",
    "2": "外交 / foreign affairs",
    "3": "司法行政 / justice administration",
    "4": "文化 / culture",
    "5": "民政 / civil affairs",
    "6": "旅游 / tourism",
    "7": "宗教 / religious affairs",
    "8": "工会 / trade unions",
    "9": "工商 / industry and commerce (market regulation)",
    "A": "中央军委改革和编制办公室 / CMC reform and establishment office",
    "N": "农业 / agriculture",
    "Y": "其他 / other",
}


@dataclass(frozen=True)
class UsccParts:
    """The structure of a USCC: 登记管理部门码, 机构类别码, 登记管理机关行政区划码, 主体标识码, 校验码."""

    registrar: str
    category: str
    region: str
    organisation: str
    check: str


def uscc_check_character(first17: str) -> str:
    """The GB 32100 check character of the first 17 characters of a USCC."""
    text = first17.strip().upper()
    if len(text) != 17:
        raise InvalidInputError(
            f"统一社会信用代码本体应为17位 / the USCC body must have 17 characters, not {len(text)}"
        )
    total = 0
    for position, (char, weight) in enumerate(zip(text, _USCC_WEIGHTS, strict=True), start=1):
        if char not in _USCC_VALUE:
            raise InvalidInputError(
                f"统一社会信用代码第{position}位含不允许的字符 {char!r}（不得使用 I、O、Z、S、V）"
                f" / the USCC has a forbidden character {char!r} at position {position} (I, O, Z, S, V are not used)"
            )
        total += _USCC_VALUE[char] * weight
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(text: str) -> str:
    """A 统一社会信用代码, normalized to upper case; raises InvalidInputError naming the problem."""
    code = "".join(text.split()).upper()
    if len(code) != 18:
        raise InvalidInputError(
            f"统一社会信用代码应为18位，实为{len(code)}位 / a USCC has 18 characters, not {len(code)}"
        )
    expected = uscc_check_character(code[:17])
    if code[17] not in _USCC_VALUE:
        raise InvalidInputError(
            f"统一社会信用代码校验位 {code[17]!r} 不是允许的字符 / the USCC check character {code[17]!r} is not allowed"
        )
    if code[0] not in USCC_REGISTRARS:
        raise InvalidInputError(
            f"统一社会信用代码第1位（登记管理部门码）{code[0]!r} 无效"
            f" / position 1 (registering authority) {code[0]!r} is not valid"
        )
    if not code[2:8].isdigit():
        raise InvalidInputError(
            "统一社会信用代码第3-8位应为行政区划代码 / positions 3-8 of a USCC must be the 6-digit region code"
        )
    if code[17] != expected:
        raise InvalidInputError(
            f"统一社会信用代码校验位错误，应为 {expected}"
            f" / the USCC check character should be {expected}, not {code[17]}"
        )
    return code


def uscc_parts(text: str) -> UsccParts:
    """The parts of a valid USCC (validated first)."""
    code = validate_uscc(text)
    return UsccParts(code[0], code[1], code[2:8], code[8:17], code[17])


# --- 公民身份号码 (GB 11643-1999) --------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def citizen_id_check_character(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits of an identity number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise InvalidInputError("公民身份号码本体应为17位数字 / the ID number body must be 17 digits")
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def validate_citizen_id(text: str, *, today: _dt.date | None = None) -> str:
    """A 公民身份号码, normalized (spaces removed, a lower-case x made X); raises InvalidInputError."""
    number = "".join(text.split()).upper()
    if len(number) != 18:
        raise InvalidInputError(
            f"公民身份号码应为18位，实为{len(number)}位 / an ID number has 18 characters, not {len(number)}"
        )
    body, check = number[:17], number[17]
    if not (body.isascii() and body.isdigit()) or not (check == "X" or (check.isascii() and check.isdigit())):
        raise InvalidInputError(
            "公民身份号码前17位应为数字，末位为数字或X / an ID number is 17 digits followed by a digit or X"
        )
    validate_region_code(body[:6])
    try:
        born = _dt.date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        raise InvalidInputError(
            f"公民身份号码中的出生日期 {body[6:14]} 不存在"
            f" / the birth date {body[6:14]} in the ID number is not a real date"
        ) from None
    if born > (today or _dt.date.today()):
        raise InvalidInputError(
            f"公民身份号码中的出生日期 {body[6:14]} 在未来"
            f" / the birth date {body[6:14]} in the ID number is in the future"
        )
    expected = citizen_id_check_character(body)
    if check != expected:
        raise InvalidInputError(
            f"公民身份号码校验位错误，应为 {expected}"
            f" / the ID number's check character should be {expected}, not {check}"
        )
    return number


# --- 行政区划代码 (GB/T 2260) ------------------------------------------------------------------

PROVINCE_CODES = frozenset(
    (
        11,
        12,
        13,
        14,
        15,
        21,
        22,
        23,
        31,
        32,
        33,
        34,
        35,
        36,
        37,
        41,
        42,
        43,
        44,
        45,
        46,
        50,
        51,
        52,
        53,
        54,
        61,
        62,
        63,
        64,
        65,
        71,
        81,
        82,
    )
)


def validate_region_code(code: int | str) -> str:
    """A 6-digit GB/T 2260 code with a real province prefix; well-formed codes not in the table are accepted."""
    text = f"{code:06d}" if isinstance(code, int) and not isinstance(code, bool) and code >= 0 else str(code).strip()
    if not re.fullmatch(r"[0-9]{6}", text):
        raise InvalidInputError(f"行政区划代码应为6位数字：{text!r} / a region code has 6 digits, not {text!r}")
    if int(text[:2]) not in PROVINCE_CODES:
        raise InvalidInputError(
            f"行政区划代码 {text} 的省级代码 {text[:2]} 不存在 / region code {text}: there is no province {text[:2]}"
        )
    return text


def validate_county_code(code: int | str) -> int:
    """A county-level GB/T 2260 code (six digits, not ending in 00), as the department registry takes it."""
    text = validate_region_code(code)
    if text.endswith("00"):
        raise InvalidInputError(
            f"部门所属行政区划应为县级代码（不以00结尾）：{text}"
            f" / a department's region must be a county-level code (not ending in 00), not {text}"
        )
    return int(text)


def parent_region(code: int | str) -> str | None:
    """The enclosing region: 370303 -> 370300 -> 370000 -> None."""
    text = validate_region_code(code)
    if text[2:] == "0000":
        return None
    if text[4:] == "00":
        return text[:2] + "0000"
    return text[:4] + "00"


@cache
def _region_table() -> dict[str, dict[str, str]]:
    path = resources.files("zhangdian_sdk") / "_data" / "regions.json"
    table: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))["regions"]
    return table


def region_name(code: int | str, language: Literal["zh", "en"] = "zh") -> str | None:
    """The name of a region in the shipped table (Shandong, Zibo and its districts), else None."""
    entry = _region_table().get(validate_region_code(code))
    return entry[language] if entry else None


# --- 证照标识 and ISO/IEC 7064 MOD 37,36 ----------------------------------------------------------

_MOD36_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_MOD36_VALUE = {char: value for value, char in enumerate(_MOD36_ALPHABET)}
CERTIFICATE_ID_PREFIX = "1.2.156.3005.2"


def _mod37_36_state(text: str) -> int:
    """The hybrid system's running product P after ``text`` (ISO/IEC 7064, M = 36, M + 1 = 37)."""
    product = 36
    for position, char in enumerate(text, start=1):
        if char not in _MOD36_VALUE:
            raise InvalidInputError(
                f"第{position}位字符 {char!r} 不在 0-9A-Z 中"
                f" / character {char!r} at position {position} is not 0-9 or A-Z"
            )
        total = (product + _MOD36_VALUE[char]) % 36 or 36
        product = total * 2 % 37
    return product


def mod37_36_check(text: str) -> str:
    """The ISO/IEC 7064 MOD 37,36 check character of ``text`` (characters 0-9A-Z, upper case)."""
    return _MOD36_ALPHABET[(37 - _mod37_36_state(text)) % 36]


def _certificate_part(name: str, value: str) -> str:
    text = value.strip().upper()
    if not re.fullmatch(r"[0-9A-Z]+", text):
        raise InvalidInputError(
            f"证照标识的{name}只能由 0-9A-Z 组成：{value!r} / the {name} must be 0-9 and A-Z: {value!r}"
        )
    return text


def certificate_identifier(type_code: str, issuer_code: str, serial: str, version: int = 1) -> str:
    """``1.2.156.3005.2.<type>.<issuer>.<serial>.<version, 3 digits>.<check>`` (issuer: its USCC).

    The check character is MOD 37,36 over type, issuer, serial and version written together.
    """
    kind = _certificate_part("证照类型代码 / type code", type_code)
    issuer = validate_uscc(issuer_code)
    number = _certificate_part("流水号 / serial", serial)
    if isinstance(version, bool) or not 0 <= version <= 999:
        raise InvalidInputError(f"证照版本号应为0-999：{version} / the version must be 0..999, not {version}")
    revision = f"{version:03d}"
    check = mod37_36_check(kind + issuer + number + revision)
    return f"{CERTIFICATE_ID_PREFIX}.{kind}.{issuer}.{number}.{revision}.{check}"


def validate_certificate_identifier(text: str) -> str:
    """A 证照标识, normalized to upper case; raises InvalidInputError naming what is wrong."""
    identifier = "".join(text.split()).upper()
    if not identifier.startswith(CERTIFICATE_ID_PREFIX + "."):
        raise InvalidInputError(
            f"证照标识应以 {CERTIFICATE_ID_PREFIX}. 开头 / a licence identifier starts with {CERTIFICATE_ID_PREFIX}."
        )
    parts = identifier[len(CERTIFICATE_ID_PREFIX) + 1 :].split(".")
    if len(parts) != 5:
        raise InvalidInputError(
            "证照标识应为 类型代码.颁发机构代码.流水号.版本号.校验位"
            " / a licence identifier is type.issuer.serial.version.check"
        )
    kind, issuer, serial, revision, check = parts
    if not re.fullmatch(r"[0-9]{3}", revision):
        raise InvalidInputError(f"证照版本号应为3位数字：{revision!r} / the version must be 3 digits, not {revision!r}")
    built = certificate_identifier(kind, issuer, serial, int(revision))
    expected = built[-1]
    if len(check) != 1 or check != expected:
        raise InvalidInputError(
            f"证照标识校验位错误，应为 {expected}"
            f" / the licence identifier's check character should be {expected}, not {check}"
        )
    return built


# --- applicants ------------------------------------------------------------------------------

ApplicantKind = Literal["citizen", "organisation"]


def validate_applicant_id(text: str) -> tuple[ApplicantKind, str]:
    """``("citizen", id_number)`` or ``("organisation", uscc)``, normalized; raises InvalidInputError.

    A text with a letter among its first 17 characters is a USCC. Seventeen digits and a digit or X
    are read as an ID number; if they fail as one but pass as a USCC (some USCCs are all digits,
    e.g. 12370303...), they are an organisation; failing both, the ID number's error is raised, unless
    the first two digits are no province (91..., the usual company code, is none): then the USCC's
    error, which names its expected check character.
    """
    compact = "".join(text.split()).upper()
    if not compact:
        raise InvalidInputError("申请人标识为空 / the applicant's identity is empty")
    if len(compact) != 18:
        raise InvalidInputError(
            "申请人标识应为18位公民身份号码或统一社会信用代码"
            f"（实为{len(compact)}位） / the applicant must be an 18-character ID number or USCC, not {len(compact)}"
        )
    if not (compact[:17].isascii() and compact[:17].isdigit()):
        return "organisation", validate_uscc(compact)
    try:
        return "citizen", validate_citizen_id(compact)
    except InvalidInputError as as_citizen:
        try:
            return "organisation", validate_uscc(compact)
        except InvalidInputError as as_organisation:
            if int(compact[:2]) not in PROVINCE_CODES:
                raise as_organisation from None
            raise as_citizen from None


# --- 政务服务事项编码 (GB/T 39554.1-2020) ------------------------------------------------------------

BASIC_CODE_LENGTH = 12
_SERVICE_CODE_LIMITS = (
    ("基本编码", "basic code"),
    ("实施编码", "implementation code"),
    ("业务办理项编码", "handling item code"),
)


def validate_service_codes(basic: str, implementation: str, handling_item: str) -> tuple[str, str, str]:
    """The 基本编码 (empty or 12 characters), 实施编码 (up to 36) and 业务办理项编码 (up to 50) of a
    service, upper-cased with spaces removed; each of digits and upper-case letters only. They are
    opaque: assigned by the provincial catalogue, never derived here. Raises InvalidInputError."""
    codes = tuple("".join(text.split()).upper() for text in (basic, implementation, handling_item))
    for (name_zh, name_en), code, limit in zip(_SERVICE_CODE_LIMITS, codes, (BASIC_CODE_LENGTH, 36, 50), strict=True):
        if len(code) > limit or (limit == BASIC_CODE_LENGTH and code and len(code) != limit):
            wanted = "应为空或恰好12位" if limit == BASIC_CODE_LENGTH else f"最多{limit}位"
            wanted_en = (
                "empty or exactly 12 characters" if limit == BASIC_CODE_LENGTH else f"at most {limit} characters"
            )
            raise InvalidInputError(
                f"{name_zh}{wanted}，实为{len(code)}位 / the {name_en} must be {wanted_en}, not {len(code)}"
            )
        for position, char in enumerate(code, start=1):
            if not (char.isascii() and char.isalnum()):
                raise InvalidInputError(
                    f"{name_zh}第{position}位字符 {char!r} 不是数字或字母"
                    f" / the {name_en} has {char!r} at position {position}: only digits and letters are allowed"
                )
    return codes[0], codes[1], codes[2]

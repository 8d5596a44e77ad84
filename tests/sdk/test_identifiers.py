"""National identifiers (issue 14, item 1 and the 证照标识 check of item 5): check characters and their edges."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.identifiers import (
    USCC_ALPHABET,
    certificate_identifier,
    citizen_id_check_character,
    mod37_36_check,
    parent_region,
    region_name,
    uscc_check_character,
    uscc_parts,
    validate_applicant_id,
    validate_certificate_identifier,
    validate_citizen_id,
    validate_county_code,
    validate_region_code,
    validate_service_codes,
    validate_uscc,
)

# Real published codes: 华为技术有限公司 (all digits), 深圳市腾讯计算机系统有限公司, and the two examples
# printed in GB 11643-1999 itself.
HUAWEI = "914403001922038216"
TENCENT = "9144030071526726XG"
STANDARD_IDS = ("11010519491231002X", "440524188001010014")
MOD36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@pytest.mark.parametrize("code", [HUAWEI, TENCENT, "91370303MA3C000017"])
def test_real_and_demo_credit_codes_pass(code: str) -> None:
    assert validate_uscc(code) == code
    assert validate_uscc(f" {code.lower()} ") == code


def test_a_credit_code_whose_sum_is_divisible_by_31_has_check_0() -> None:
    code = "91370303MA3C000090"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert sum(USCC_ALPHABET.index(c) * w for c, w in zip(code[:17], weights, strict=True)) % 31 == 0
    assert uscc_check_character(code[:17]) == "0"
    assert validate_uscc(code) == code


def test_the_credit_code_structure_is_read() -> None:
    parts = uscc_parts("91370303MA3C000017")
    assert (parts.registrar, parts.category, parts.region, parts.organisation, parts.check) == (
        "9", "1", "370303", "MA3C00001", "7"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("91370303MA3C00001", "18"),
        ("91370303MA3C0000177", "18"),
        ("91370303MI3C000017", "forbidden character 'I' at position 10"),
        ("91370303MA3C0000O7", "forbidden character 'O'"),
        ("91370303MA3C00S017", "forbidden character 'S'"),
        ("91370303MA3C0000Z7", "forbidden character 'Z'"),
        ("91370303MA3C000V17", "forbidden character 'V'"),
        ("91370303MA3C000018", "check character should be 7"),
        ("91370303MA3C00001V", "check character 'V' is not allowed"),
        ("B1370303MA3C000017", "registering authority"),
        ("9137A303MA3C000017", "region code"),
    ],
)
def test_bad_credit_codes_name_what_is_wrong(code: str, problem: str) -> None:
    with pytest.raises(InvalidInputError, match=problem) as raised:
        validate_uscc(code)
    assert "统一社会信用代码" in str(raised.value)


@given(st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9), st.data())
def test_every_single_change_to_a_credit_code_is_detected(organisation: str, data: st.DataObject) -> None:
    body = "91370303" + organisation
    code = body + uscc_check_character(body)
    assert validate_uscc(code) == code
    position = data.draw(st.integers(min_value=0, max_value=17))
    other = data.draw(st.sampled_from(USCC_ALPHABET).filter(lambda c: c != code[position]))
    with pytest.raises(InvalidInputError):
        validate_uscc(code[:position] + other + code[position + 1 :])


def test_citizen_ids_from_the_standard_pass_and_a_lower_case_x_is_normalized() -> None:
    for number in STANDARD_IDS:
        assert validate_citizen_id(number) == number
    assert validate_citizen_id("11010519491231002x") == "11010519491231002X"
    assert validate_citizen_id(" 110105 19491231 002x ") == "11010519491231002X"
    assert citizen_id_check_character("37030319921212011") == "X"


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("3703031990010112", "18"),
        ("3703031990010112399", "18"),
        ("37030319900101123A", "digit or X"),
        ("37030319900101123X", "should be 9"),
        ("370303199001011238", "should be 9"),
        ("370303199002300015", "19900230"),
        ("370303190002290012", "19000229"),
        ("370303199013010016", "19901301"),
        ("370303209901010010", "in the future"),
        ("990303199001011234", "no province 99"),
    ],
)
def test_bad_citizen_ids_name_what_is_wrong(number: str, problem: str) -> None:
    with pytest.raises(InvalidInputError, match=problem) as raised:
        validate_citizen_id(number, today=dt.date(2026, 11, 28))
    assert "身份号码" in str(raised.value) or "行政区划" in str(raised.value)


def test_a_leap_day_is_a_real_birth_date() -> None:
    body = "37030320000229001"
    assert validate_citizen_id(body + citizen_id_check_character(body)).startswith(body)


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)),
    st.integers(min_value=0, max_value=999),
    st.data(),
)
def test_every_single_change_to_an_id_number_is_detected(born: dt.date, sequence: int, data: st.DataObject) -> None:
    body = f"370303{born:%Y%m%d}{sequence:03d}"
    number = body + citizen_id_check_character(body)
    assert validate_citizen_id(number) == number
    position = data.draw(st.integers(min_value=0, max_value=17))
    other = data.draw(st.sampled_from("0123456789X").filter(lambda c: c != number[position]))
    with pytest.raises(InvalidInputError):
        validate_citizen_id(number[:position] + other + number[position + 1 :])


def test_region_codes_and_their_parents() -> None:
    assert validate_region_code(370303) == "370303"
    assert parent_region(370303) == "370300"
    assert parent_region("370300") == "370000"
    assert parent_region("370000") is None
    assert (region_name(370303), region_name("370300", "en"), region_name(370000)) == ("张店区", "Zibo", "山东省")
    assert [region_name(c) for c in (370302, 370304, 370305, 370306, 370321, 370322, 370323)] == [
        "淄川区", "博山区", "临淄区", "周村区", "桓台县", "高青县", "沂源县"
    ]  # fmt: skip
    assert validate_region_code("110105") == "110105"  # well formed, not in the table: accepted
    assert region_name("110105") is None


@pytest.mark.parametrize("bad", ["37030", "3703031", "37030A", 990303, "100000", -1])
def test_bad_region_codes_are_refused(bad: int | str) -> None:
    with pytest.raises(InvalidInputError, match="region code"):
        validate_region_code(bad)


def test_mod37_36_by_hand_and_on_published_identifiers() -> None:
    """ISO/IEC 7064 MOD 37,36 (hybrid, M = 36), by hand for "AB" (A = 10, B = 11), starting at P = 36:

    A: S = (36 + 10) mod 36 = 10, P = 2 x 10 mod 37 = 20;
    B: S = (20 + 11) mod 36 = 31, P = 2 x 31 mod 37 = 25;
    check = (37 - 25) mod 36 = 12 = "C"  (and indeed (25 + 12) mod 36 = 1).

    The same system checks ISAN (0000-0000-D07A-0090-Q) and GRid (A1-2425G-ABC1234002-M).
    """
    assert mod37_36_check("AB") == "C"
    assert mod37_36_check("1") == "Z"
    assert mod37_36_check("00000000D07A0090") == "Q"
    assert mod37_36_check("A12425GABC1234002") == "M"


@given(st.text(alphabet=MOD36, min_size=1, max_size=40), st.data())
def test_mod37_36_detects_every_single_substitution(text: str, data: st.DataObject) -> None:
    full = text + mod37_36_check(text)
    position = data.draw(st.integers(min_value=0, max_value=len(full) - 1))
    other = data.draw(st.sampled_from(MOD36).filter(lambda c: c != full[position]))
    changed = full[:position] + other + full[position + 1 :]
    assert mod37_36_check(changed[:-1]) != changed[-1]


@given(st.text(alphabet=MOD36, max_size=12))
def test_mod37_36_misses_at_most_one_adjacent_transposition_in_630(prefix: str) -> None:
    """A hybrid system detects nearly all adjacent transpositions, not all (ISO/IEC 7064): after any
    prefix, exactly one of the 630 pairs of different characters swaps undetected."""
    missed = [
        (a, b)
        for a, b in itertools.combinations(MOD36, 2)
        if mod37_36_check(prefix + a + b) == mod37_36_check(prefix + b + a)
    ]
    assert len(missed) <= 1


def test_mod37_36_transposition_it_misses() -> None:
    assert mod37_36_check("IJ") == mod37_36_check("JI")


def test_a_certificate_identifier_is_built_and_checked() -> None:
    identifier = certificate_identifier("11100000000000000z", "91370303ma3c000017", "2026000001", 1)
    assert identifier == "1.2.156.3005.2.11100000000000000Z.91370303MA3C000017.2026000001.001.2"
    assert identifier[-1] == mod37_36_check("11100000000000000Z" + "91370303MA3C000017" + "2026000001" + "001")
    assert validate_certificate_identifier(identifier.lower()) == identifier
    with pytest.raises(InvalidInputError, match="check character should be 2"):
        validate_certificate_identifier(identifier[:-1] + "3")
    with pytest.raises(InvalidInputError, match="check character should be"):
        validate_certificate_identifier(identifier.replace("2026000001", "2026000002"))
    with pytest.raises(InvalidInputError, match="3 digits"):
        validate_certificate_identifier(identifier.replace(".001.", ".01."))
    with pytest.raises(InvalidInputError, match="starts with"):
        validate_certificate_identifier(identifier.removeprefix("1.2.156."))
    with pytest.raises(InvalidInputError, match="USCC"):
        certificate_identifier("111", "91370303MA3C000018", "1", 1)
    with pytest.raises(InvalidInputError, match=r"0\.\.999"):
        certificate_identifier("111", "91370303MA3C000017", "1", 1000)
    with pytest.raises(InvalidInputError, match="serial"):
        certificate_identifier("111", "91370303MA3C000017", "20-26", 1)


def test_an_applicant_is_a_citizen_or_an_organisation() -> None:
    assert validate_applicant_id("37030319921212011x") == ("citizen", "37030319921212011X")
    assert validate_applicant_id(TENCENT.lower()) == ("organisation", TENCENT)
    assert validate_applicant_id(HUAWEI) == ("organisation", HUAWEI)  # all digits, not an ID number
    with pytest.raises(InvalidInputError, match="should be X"):
        validate_applicant_id("370303199212120110")
    with pytest.raises(InvalidInputError, match="should be 7"):
        validate_applicant_id("91370303MA3C000010")
    with pytest.raises(InvalidInputError, match="empty"):
        validate_applicant_id("  ")
    with pytest.raises(InvalidInputError, match="18-character"):
        validate_applicant_id("12345")


def test_the_demo_departments_carry_valid_government_credit_codes() -> None:
    from zhangdian_sdk.ops.demo import DEMO_DEPARTMENTS

    codes = [d.credit_code for d in DEMO_DEPARTMENTS]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert validate_uscc(code) == code
        assert code.startswith("11370303")  # 机构编制, 机关, registered in 张店区


def test_a_department_region_is_county_level() -> None:
    assert validate_county_code("370303") == 370303
    for prefecture_or_province in (370300, 370000):
        with pytest.raises(InvalidInputError, match="county-level"):
            validate_county_code(prefecture_or_province)


def test_national_service_codes_are_checked_for_length_and_characters() -> None:
    assert validate_service_codes(" 000120011000 ", "ab12", "") == ("000120011000", "AB12", "")
    assert validate_service_codes("", "", "") == ("", "", "")
    with pytest.raises(InvalidInputError, match="基本编码应为空或恰好12位") as short:
        validate_service_codes("00012001100", "", "")
    assert "empty or exactly 12 characters, not 11" in str(short.value)
    with pytest.raises(InvalidInputError, match="at most 36 characters, not 37"):
        validate_service_codes("", "A" * 37, "")
    with pytest.raises(InvalidInputError, match="at most 50 characters, not 51"):
        validate_service_codes("", "", "B" * 51)
    with pytest.raises(InvalidInputError, match="业务办理项编码第3位"):
        validate_service_codes("", "", "AB-1")

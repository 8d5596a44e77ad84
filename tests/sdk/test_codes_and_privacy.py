"""Codes, application ids and applicant commitments."""

from __future__ import annotations

from datetime import date

import pytest
from eth_abi import encode
from eth_account import Account
from eth_utils import keccak
from hypothesis import given
from hypothesis import strategies as st

from zhangdian_sdk.core.codes import application_id, bytes32_to_code, code_to_bytes32, number_hash, parse_application_id
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.identifiers import USCC_ALPHABET, citizen_id_check_character, uscc_check_character
from zhangdian_sdk.core.privacy import (
    SALT_BYTES,
    applicant_commitment,
    applicant_inner,
    commitment_from_inner,
    new_salt,
    parse_salt,
    rating_address,
    rating_key,
)

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

codes = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=32)


@given(codes)
def test_codes_round_trip(code: str) -> None:
    encoded = code_to_bytes32(code)
    assert len(encoded) == 32
    assert bytes32_to_code(encoded) == code


@pytest.mark.parametrize("bad", ["", " ", "ZD XPSJ", "张店", "x" * 33, "tab\t"])
def test_invalid_codes_are_refused_before_sending(bad: str) -> None:
    with pytest.raises(InvalidInputError):
        code_to_bytes32(bad)


def test_non_ascii_bytes32_is_shown_as_hex() -> None:
    assert bytes32_to_code(b"\xff" * 32) == "0x" + "ff" * 32


def test_the_application_id_belongs_to_the_department() -> None:
    """Ids are bound to the receiving department (issue 12, finding 2)."""
    assert number_hash("ZD-2026-000123") == keccak(text="ZD-2026-000123")
    assert number_hash("  ZD-2026-000123 ") == number_hash("ZD-2026-000123")
    tag = keccak(text="zhangdian.ApplicationLedger.applicationId")
    expected = keccak(encode(["bytes32"] * 3, [tag, code_to_bytes32("ZD-XPSJ"), keccak(text="ZD-2026-000123")]))
    assert application_id("ZD-2026-000123", "ZD-XPSJ") == expected
    assert application_id("ZD-2026-000123", code_to_bytes32("ZD-XPSJ")) == expected
    assert application_id("ZD-2026-000123", "ZD-SCJGJ") != expected
    assert parse_application_id("0x" + "ab" * 32) == b"\xab" * 32
    assert parse_application_id("ZD-1", "ZD-XPSJ") == application_id("ZD-1", "ZD-XPSJ")


def test_a_number_without_its_department_is_not_an_id() -> None:
    """No department-less id any more (issue 12, finding 2)."""
    with pytest.raises(InvalidInputError, match="department"):
        parse_application_id("ZD-1")


@pytest.mark.parametrize("bad", ["", " ", "with.dot", "编号1", "x" * 51, "ZD_1", "ZD/1"])
def test_malformed_application_numbers_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInputError):
        number_hash(bad)
    with pytest.raises(InvalidInputError):
        application_id(bad, "ZD-XPSJ")
    with pytest.raises(InvalidInputError, match="invalid application number"):
        parse_application_id(bad)


def _citizen(born: date, sequence: int) -> str:
    body = f"370303{born:%Y%m%d}{sequence:03d}"
    return body + citizen_id_check_character(body)


identities = st.builds(
    _citizen, st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)), st.integers(0, 999)
) | st.builds(
    lambda body: body + uscc_check_character(body),
    st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9).map("91370303".__add__),
)


@given(identities, st.binary(min_size=SALT_BYTES, max_size=32))
def test_commitment_depends_on_identity_salt_and_department(identity: str, salt: bytes) -> None:
    here = applicant_commitment(identity, salt, department="ZD-XPSJ")
    assert len(here) == 32
    assert here == applicant_commitment(identity, salt, department="ZD-XPSJ")
    assert here == applicant_commitment(f" {identity.lower()} ", salt, department="ZD-XPSJ")
    assert here != applicant_commitment(identity, salt, department="ZD-SCJGJ")
    assert here != applicant_commitment(identity, bytes(reversed(salt)) + b"\x01", department="ZD-XPSJ")


def test_a_lower_case_x_gives_the_same_commitment() -> None:
    """One person, one commitment, however the clerk types the X (issue 14, item 1)."""
    salt = new_salt()
    assert applicant_commitment("37030319921212011x", salt, department="ZD-XPSJ") == applicant_commitment(
        "37030319921212011X", salt, department="ZD-XPSJ"
    )


@pytest.mark.parametrize(
    ("identity", "problem"),
    [
        ("370303199001011234", "check character should be 9"),
        ("370303199002300015", "not a real date"),
        ("91370303MA3C000018", "check character should be 7"),
        ("91370303MI3C000017", "forbidden character 'I'"),
        ("ZD-APPLICANT-1", "18-character"),
    ],
)
def test_a_malformed_identity_is_refused_before_hashing(identity: str, problem: str) -> None:
    with pytest.raises(InvalidInputError, match=problem):
        applicant_commitment(identity, new_salt(), department="ZD-XPSJ")


def test_salts_are_fresh_and_parse_back() -> None:
    first, second = new_salt(), new_salt()
    assert first != second
    assert len(first) == SALT_BYTES
    assert parse_salt(first.hex()) == first
    assert parse_salt("0x" + first.hex()) == first


@pytest.mark.parametrize("bad", ["zz", "00" * (SALT_BYTES - 1)])
def test_bad_salts_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInputError):
        parse_salt(bad)


def test_empty_identity_or_short_salt_is_refused() -> None:
    with pytest.raises(InvalidInputError):
        applicant_commitment("  ", new_salt(), department="ZD-XPSJ")
    with pytest.raises(InvalidInputError):
        applicant_commitment("370303199001011239", b"short", department="ZD-XPSJ")


@given(identities, identities, st.binary(min_size=SALT_BYTES, max_size=32))
def test_the_rating_key_depends_on_the_salt_alone(identity: str, other: str, salt: bytes) -> None:
    """The receipt code's rating key (好差评) is derived from the salt only: the same for any identity and
    department, so its address R, public in every commitment's preimage, says nothing about the person;
    the commitment binds inner and R, so neither can be swapped."""
    key = rating_key(salt)
    assert key == rating_key(salt)
    assert 0 < int.from_bytes(key, "big") < SECP256K1_N
    assert rating_address(salt) == Account.from_key(key).address
    assert rating_key(bytes(reversed(salt)) + b"\x01") != key
    inner = applicant_inner(identity, salt, department="ZD-XPSJ")
    assert applicant_commitment(identity, salt, department="ZD-XPSJ") == keccak(
        inner + bytes.fromhex(rating_address(salt)[2:])
    )
    assert commitment_from_inner(inner, rating_address(salt)) == applicant_commitment(
        identity, salt, department="ZD-XPSJ"
    )
    # Another identity or department changes the inner commitment, never the rating key.
    if other != identity:
        assert applicant_inner(other, salt, department="ZD-XPSJ") != inner
    assert applicant_inner(identity, salt, department="ZD-SCJGJ") != inner


def test_a_rating_key_of_a_known_salt() -> None:
    """A fixed vector, so the browser's derivation (portal.js) and any other implementation can be checked."""
    salt = bytes.fromhex("a1" * 16)
    scalar = int.from_bytes(keccak(b"zhangdian:rating:v1" + salt), "big") % (SECP256K1_N - 1) + 1
    assert rating_key(salt) == scalar.to_bytes(32, "big")
    with pytest.raises(InvalidInputError):
        rating_key(b"\x01" * (SALT_BYTES - 1))

"""The scaling benchmark at a tiny size: it grows a real anvil, measures every figure at each size and
writes its section of RESULTS.md, leaving the other sections as they were."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from eth_abi.abi import encode as abi_encode

from benchmarks import scaling
from benchmarks.portal_load import Anvil, Progress, setup
from tests.conftest import free_port
from zhangdian_sdk.client import connect_web3

OTHER = """# Benchmark results

## Gas per operation

| operation | gas |
| submit application | 1 |

## Portal under load

- filled: 10 applications
"""


def _rows(section: str, heading: str) -> dict[str, list[str]]:
    """The rows of the table after ``heading``, by their first cell (the size)."""
    after = section.split(heading, 1)[1].split("| ---", 1)[1].splitlines()[1:]
    table = [line for line in after[: next((n for n, line in enumerate(after) if not line.startswith("|")), None)]]
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in table]
    return {row[0]: row[1:] for row in cells}


def _number(cell: str) -> float:
    found = re.match(r"^([\d,]+(?:\.\d+)?)", cell)
    assert found, f"not a figure: {cell!r}"
    return float(found.group(1).replace(",", ""))


def test_writes_the_scaling_table_measured_at_each_size(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(OTHER)

    # The last 100 applications of each size are the timed slice: 400 grows 100 as filler, then its slice.
    scaling.main(
        [
            "--sizes",
            "200,400",
            "--slice",
            "100",
            "--seconds",
            "0.5",
            "--single-requests",
            "20",
            "--results",
            str(results),
        ]
    )

    text = results.read_text()
    assert text.startswith(OTHER.rstrip("\n"))  # the other sections are kept as they were
    section = text.split("## Scaling", 1)[1]
    assert "`python -m benchmarks.scaling --sizes 200,400 --slice 100`" in section

    built = _rows(section, "| applications | events on chain |")
    assert list(built) == ["200", "400"]
    assert _number(built["400"][0]) > _number(built["200"][0]) > 200 * 3  # ~3.4 events an application
    # The filler goes in one block however many applications (up to 50,000); the slice in 30M-gas blocks.
    assert built["200"][2].startswith("100 in 1 blocks")
    assert built["400"][2].startswith("100 in 1 blocks")
    assert built["400"][3].startswith("1 blocks")

    gas = _rows(section, "Gas per submit")
    assert list(gas) == ["200", "400"]
    for single, _ratio, per_record, _ratio2 in gas.values():
        assert 100_000 < _number(single) < 400_000
        assert 50_000 < _number(per_record) < _number(single)

    index = _rows(section, "Index time per 10,000 events")
    assert list(index) == ["200", "400"]
    for events, indexer, raw, speed in index.values():
        assert _number(events) >= 100 * 3  # the slice of 100 applications
        assert _number(indexer) > 0
        assert _number(raw) > 0
        assert speed.endswith("x")

    lookups = _rows(section, "Status lookup through the portal API")
    assert list(lookups) == ["200", "400"]
    for row in lookups.values():
        p50, p99, call_p99 = (_number(c) for c in row[:3])
        assert 0 < p50 <= p99
        assert call_p99 > 0
        assert row[-1].endswith("(0)")  # no lookup failed

    # Rewriting replaces the section rather than adding a second one.
    scaling.write(scaling.SECTION + "\n\nagain\n", results)
    assert results.read_text().count("## Scaling") == 1
    assert results.read_text().startswith(OTHER.rstrip("\n"))


def test_submissions_are_encoded_as_the_abi_encodes_them() -> None:
    submissions = [
        (scaling.number_of(i) + "-" * (i * 7 % 40), bytes([i]) * 32, scaling.commitment_of(i)) for i in range(9)
    ]
    for part in (submissions, submissions[:1], []):
        expected = abi_encode(["(string,bytes32,bytes32,bytes32[])[]"], [[(*entry, []) for entry in part]])
        assert scaling.encode_submissions(part) == expected


def test_a_failed_transaction_stops_the_growth(tmp_path: Path) -> None:
    with Anvil(free_port(), extra_options=("--prune-history", "--base-fee", "0", "--order", "fifo")) as anvil:
        w3 = connect_web3(anvil.url)
        _deployment, clients = setup(w3, anvil, tmp_path)
        officers = {
            role: scaling.Officer(anvil.signer(n), 0)
            for n, role in enumerate(("admin", "clerk", "approver", "inspector"))
            if role != "admin"
        }
        grower = scaling.Grower(w3, anvil.url, clients["clerk"], officers, scaling.BLOCK_GAS)
        grower.grow(100, Progress("applications", 100), filler=True)
        assert clients["clerk"].ledger.count() == 100
        assert grower.blocks == 1

        # Approving an application that was never submitted reverts: the check after mining names it.
        first = w3.eth.block_number + 1
        grower._send("approver", "approveBatch", [[(bytes(32), 0)], bytes(32)])
        grower._mine_all()
        with pytest.raises(RuntimeError, match="1 entries has 0 events"):
            grower._check_receipts(first)

"""The indexer's raw JSON-RPC log source: the same events as web3's decoding, timestamps batched."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select
from web3 import Web3

from tests.indexer.test_indexer import _rated, _workload
from zhangdian_sdk.core.events import decode_log
from zhangdian_sdk.services.indexer import Indexer
from zhangdian_sdk.services.indexer.rawlogs import EventDecoder, RawLogSource, plain_args
from zhangdian_sdk.services.indexer.schema import events


def test_raw_logs_decode_to_what_web3_decodes(w3: Web3, deployment, client_for, new_number) -> None:
    _workload(client_for, new_number)
    _rated(client_for, new_number, 4)
    addresses = [contract.address for contract in deployment.contracts.values()]
    head = w3.eth.block_number
    formatted = sorted(
        w3.eth.get_logs({"address": addresses, "fromBlock": 0, "toBlock": head}),
        key=lambda log: (log["blockNumber"], log["logIndex"]),
    )
    raw = RawLogSource(w3).logs(addresses, 0, head)
    assert len(raw) == len(formatted) > 20
    decoder = EventDecoder()
    names = set()
    for plain, log in zip(formatted, raw, strict=True):
        expected, got = decode_log(plain), decoder(log)
        if expected is None:
            assert got is None
            continue
        assert got is not None
        names.add(got.name)
        assert (got.name, got.block_number, got.log_index, got.transaction_hash) == (
            expected.name,
            expected.block_number,
            expected.log_index,
            expected.transaction_hash,
        )
        # The same names, values, types and order as the projection got from web3's decoding.
        assert list(got.args.items()) == list(plain_args(expected.args).items())
        assert got.args_json == json.dumps(plain_args(expected.args))  # the events table's text
        assert [type(v) for v in got.args.values()] == [type(v) for v in plain_args(expected.args).values()]
        assert got.block_hash == plain["blockHash"].to_0x_hex()
        assert got.subject == ("0x" + bytes(plain["topics"][1]).hex() if len(plain["topics"]) > 1 else None)
    # Strings, addresses, codes, small and large integers, booleans: the suite's argument kinds.
    assert {"ApplicationSubmitted", "ServicePublished", "DepartmentRegistered", "ApplicationRated"} <= names


def _stored(url: str) -> list[tuple[Any, ...]]:
    with create_engine(url).connect() as connection:
        return [tuple(row)[1:] for row in connection.execute(select(events).order_by(events.c.id))]


def test_a_node_without_log_timestamps_gets_one_header_batch_per_range(
    w3: Web3, deployment, client_for, new_number, tmp_path: Path
) -> None:
    _workload(client_for, new_number)
    with_stamps = f"sqlite:///{tmp_path}/stamped.db"
    Indexer(w3, deployment, with_stamps).sync()
    real_request, real_batch = w3.provider.make_request, w3.provider.make_batch_request
    single: list[str] = []
    batches: list[int] = []

    def no_stamps(method, params):  # a node older than the logs' blockTimestamp field
        single.append(method)
        answer = real_request(method, params)
        if method == "eth_getLogs":
            for log in answer["result"]:
                log.pop("blockTimestamp", None)
        return answer

    def counted(calls):
        batches.append(len(calls))
        return real_batch(calls)

    w3.provider.make_request = no_stamps  # type: ignore[method-assign]
    w3.provider.make_batch_request = counted  # type: ignore[method-assign]
    try:
        head = w3.eth.block_number
        without = f"sqlite:///{tmp_path}/unstamped.db"
        report = Indexer(w3, deployment, without, chunk_size=100_000).sync(to_block=head)
    finally:
        w3.provider.make_request, w3.provider.make_batch_request = real_request, real_batch  # type: ignore[method-assign]
    assert report.events > 20
    assert single.count("eth_getLogs") == 1
    assert single.count("eth_getBlockByNumber") <= 2  # the reorg check; no request per block
    assert len(batches) == 1  # every block with events, and the range's last, at once
    assert batches[0] > 10
    assert _stored(without) == [row for row in _stored(with_stamps) if row[0] <= head]

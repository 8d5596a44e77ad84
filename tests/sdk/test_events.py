"""Event decoding: the direct decoder gives exactly what web3's general decoder gives, for every log
the suite has emitted on the session's chain."""

from __future__ import annotations

from collections.abc import Callable

from web3 import Web3

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import events
from zhangdian_sdk.core.deployments import Deployment


def test_every_suite_log_decodes_as_web3_decodes_it(
    w3: Web3, deployment: Deployment, client_for: Callable[[str], ZhangdianClient], new_number: Callable[[], str]
) -> None:
    clerk, approver = client_for("clerk"), client_for("approver")
    number = new_number()
    clerk.ledger.submit(number, service="ZD-GTGSH-SL", applicant_commitment=b"\x05" * 32)
    clerk.ledger.accept(number)
    approver.ledger.approve(number, step=0)
    logs = w3.eth.get_logs({"fromBlock": 0, "toBlock": w3.eth.block_number})
    decoded = [(log, events.decode_log(log)) for log in logs]
    known = [(log, event) for log, event in decoded if event is not None]
    names = {event.name for _log, event in known}
    assert {"ApplicationSubmitted", "ApplicationAccepted", "StepApproved", "ApplicationCompleted"} <= names
    assert len(names) >= 8  # deployment and set-up events of several contracts too
    for log, event in known:
        topic = bytes(log["topics"][0])
        assert events._shape(topic) is not None, event.name  # every suite event takes the direct path
        general = events._decoder(topic).process_log(log)
        assert event == events.DecodedEvent(
            name=general["event"],
            args=dict(general["args"]),
            address=str(general["address"]),
            block_number=int(general["blockNumber"]),
            transaction_hash=general["transactionHash"].to_0x_hex(),
            log_index=int(general["logIndex"]),
        )
        assert list(event.args) == list(general["args"])  # same names in the same order

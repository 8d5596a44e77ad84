"""No personal data on chain: every transaction's calldata and every log is scanned for the test
citizens' names and ID numbers, as UTF-8, as hex and as ABI-encoded strings."""

from __future__ import annotations

import time
from pathlib import Path

from eth_account import Account
from web3 import Web3

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.documents import DepartmentKey
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt
from zhangdian_sdk.core.storage import FolderStore
from zhangdian_sdk.facades.materials import MaterialSpec, Purpose, sign_consent

CITIZENS = [("张三", "370303199001011239"), ("李四", "370303198512125671"), ("王五", "91370303MA3C00ABCD")]


def _needles() -> list[bytes]:
    needles = []
    for name, id_number in CITIZENS:
        for text in (name, id_number):
            raw = text.encode("utf-8")
            needles += [raw, raw.hex().encode(), raw.hex().upper().encode()]
    return needles


def test_a_full_workflow_leaves_no_name_or_id_number_on_chain(
    w3: Web3,
    deployment,
    officers,
    client_for,
    new_number,
    tmp_path: Path,
) -> None:
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    key = DepartmentKey.generate()
    admin.materials.set_encryption_key("ZD-XPSJ", key.public_key)
    clerk, approver = client_for("clerk"), client_for("approver")
    store = FolderStore(tmp_path)
    now = int(time.time())
    for name, id_number in CITIZENS:
        citizen = Account.create()
        materials = []
        for material_type in ("ID-CARD", "HEALTH-CERT"):
            spec = MaterialSpec(
                material_type, "ZD-XPSJ", applicant_commitment(id_number, new_salt(), department="ZD-XPSJ"),
                citizen.address, now - 86_400, now + 86_400,
            )  # fmt: skip
            document = f"{material_type} {name} {id_number}".encode()
            record = clerk.materials.register(spec, document=document, store=store, issuer_public_key=key.public_key)
            consent = clerk.materials.consent(
                record.material_id, department="ZD-XPSJ", purpose=Purpose.service("ZD-JKZM-BA"), valid_for=3600
            )
            clerk.materials.grant_consent(consent, sign_consent(citizen, consent, clerk.materials.domain()))
            materials.append(record.material_id)
        number = new_number()
        commitment = applicant_commitment(id_number, new_salt(), department="ZD-XPSJ")
        clerk.ledger.submit(number, service="ZD-JKZM-BA", applicant_commitment=commitment, materials=tuple(materials))
        clerk.ledger.accept(number)
        approver.ledger.approve(number, step=0)
        clerk.materials.fetch(materials[0], store=store, department="ZD-XPSJ", key=key,
                              purpose=Purpose.service("ZD-JKZM-BA"))  # fmt: skip

    needles = _needles()
    scanned_transactions = scanned_logs = 0
    for number in range(w3.eth.block_number + 1):
        block = w3.eth.get_block(number, full_transactions=True)
        for tx in block["transactions"]:
            data = bytes(tx["input"])
            haystack = data + data.hex().encode()
            assert not [n for n in needles if n in haystack], f"personal data in calldata of {tx['hash'].hex()}"
            receipt = w3.eth.get_transaction_receipt(tx["hash"])
            for log in receipt["logs"]:
                raw = bytes(log["data"]) + b"".join(bytes(t) for t in log["topics"])
                haystack = raw + raw.hex().encode()
                assert not [n for n in needles if n in haystack], f"personal data in a log of {tx['hash'].hex()}"
                scanned_logs += 1
            scanned_transactions += 1
    assert scanned_transactions > 20
    assert scanned_logs > 20

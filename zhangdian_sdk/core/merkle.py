"""Merkle trees in the form of OpenZeppelin's StandardMerkleTree.

Leaves are ABI-encoded values hashed twice (``keccak256(bytes.concat(keccak256(abi.encode(...))))``),
sorted by hash; the tree is a complete binary tree in array form with sorted pairs, exactly as the
``@openzeppelin/merkle-tree`` library builds it, so its roots and proofs check with OpenZeppelin's
``MerkleProof`` on chain and with the JS library off chain.

Usage: ``tree = StandardMerkleTree.of([[cid, digest], ...], ["bytes32", "bytes32"]); tree.proof(0)``.

Certificates come in two leaf formats (:func:`certificate_leaf`): the original ``(certificateId, digest)``
and the status-list format ``(certificateId, digest, uint64 statusIndex)``, whose leaf binds the
certificate's index in its issuer's status list, so that no holder can point at another entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eth_abi.abi import encode
from eth_utils.crypto import keccak

from zhangdian_sdk.core.errors import InvalidInputError

__all__ = [
    "LEAF_TYPES",
    "STATUS_LEAF_TYPES",
    "StandardMerkleTree",
    "certificate_leaf",
    "certificate_tree",
    "hash_pair",
    "leaf_hash",
    "process_proof",
]

LEAF_TYPES = ("bytes32", "bytes32")  # (certificateId, digest): batches of issueBatch, completion certificates
STATUS_LEAF_TYPES = ("bytes32", "bytes32", "uint64")  # (certificateId, digest, statusIndex): issueStatusBatch


def leaf_hash(values: Sequence[Any], types: Sequence[str]) -> bytes:
    """The StandardMerkleTree leaf: double keccak of the ABI-encoded values."""
    return keccak(keccak(encode(list(types), list(values))))


def hash_pair(a: bytes, b: bytes) -> bytes:
    """Sorted-pair hash, as OpenZeppelin's MerkleProof."""
    return keccak(a + b) if a < b else keccak(b + a)


def process_proof(leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root a proof leads to from ``leaf``."""
    node = leaf
    for sibling in proof:
        node = hash_pair(node, sibling)
    return node


@dataclass(frozen=True)
class StandardMerkleTree:
    """A built tree: the array of nodes and the position of each value's leaf."""

    tree: tuple[bytes, ...]
    values: tuple[tuple[Any, ...], ...]
    leaf_positions: tuple[int, ...]  # values[i]'s leaf sits at tree[leaf_positions[i]]
    types: tuple[str, ...]

    @classmethod
    def of(cls, values: Sequence[Sequence[Any]], types: Sequence[str]) -> StandardMerkleTree:
        if not values:
            raise InvalidInputError("默克尔树至少须有一个叶子 / a Merkle tree needs at least one leaf")
        hashed = sorted(((leaf_hash(v, types), i) for i, v in enumerate(values)), key=lambda pair: pair[0])
        size = 2 * len(hashed) - 1
        tree: list[bytes] = [b""] * size
        positions = [0] * len(values)
        for order, (leaf, value_index) in enumerate(hashed):
            position = size - 1 - order
            tree[position] = leaf
            positions[value_index] = position
        for i in range(size - 1 - len(hashed), -1, -1):
            tree[i] = hash_pair(tree[2 * i + 1], tree[2 * i + 2])
        return cls(tuple(tree), tuple(tuple(v) for v in values), tuple(positions), tuple(types))

    @property
    def root(self) -> bytes:
        return self.tree[0]

    def leaf(self, value_index: int) -> bytes:
        return self.tree[self.leaf_positions[value_index]]

    def proof(self, value_index: int) -> list[bytes]:
        """The sibling hashes from the value's leaf up to the root."""
        index = self.leaf_positions[value_index]
        proof = []
        while index > 0:
            sibling = index - 1 if index % 2 == 0 else index + 1
            proof.append(self.tree[sibling])
            index = (index - 1) // 2
        return proof


def certificate_leaf(certificate_id: bytes, digest: bytes, status_index: int | None = None) -> bytes:
    """A certificate's leaf: over ``(certificate_id, digest)``, or with its status index when it has one
    (the registry's ``certificateLeaf`` and ``statusLeaf``)."""
    if status_index is None:
        return leaf_hash([certificate_id, digest], LEAF_TYPES)
    return leaf_hash([certificate_id, digest, status_index], STATUS_LEAF_TYPES)


def certificate_tree(entries: Sequence[tuple[bytes, bytes]], first_index: int | None = None) -> StandardMerkleTree:
    """The tree of a batch of ``(certificate_id, digest)``: the original format, or with ``first_index`` the
    status-list format, where entry i takes status index ``first_index + i``."""
    if first_index is None:
        return StandardMerkleTree.of([[cid, digest] for cid, digest in entries], LEAF_TYPES)
    if first_index < 0 or first_index + len(entries) > 2**64 - 1:
        raise InvalidInputError("状态序号超出范围 / status index out of range")
    values = [[cid, digest, first_index + i] for i, (cid, digest) in enumerate(entries)]
    return StandardMerkleTree.of(values, STATUS_LEAF_TYPES)

"""好差评: the applicant rates a concluded application once, with the receipt code, anonymously.

The receipt code (the commitment's salt) never leaves the citizen's side: the rating is an EIP-712
signature by the rating key derived from it (:func:`zhangdian_sdk.core.privacy.rating_key`), sent with
the inner commitment; the contract checks that ``keccak256(inner | signer)`` is the application's
commitment. Anyone may send the transaction (the portal relays it), and a relayer can change neither the
application nor the score.

Usage::

    client.ratings.rate("ZD-2026-000123", RatingScore.SATISFIED, identity="370303199001011239", salt=salt)
    client.ratings.department_ratings("ZD-XPSJ").satisfied_rate
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils.address import to_checksum_address

from zhangdian_sdk.core import messages
from zhangdian_sdk.core.codes import code_to_bytes32
from zhangdian_sdk.core.context import ChainContext
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.models import ApplicationStatus, RatingScore, TransactionResult
from zhangdian_sdk.core.privacy import applicant_inner, commitment_from_inner, rating_address, rating_key
from zhangdian_sdk.facades.facade import Facade
from zhangdian_sdk.facades.ledger import ApplicationRef, LedgerFacade

__all__ = [
    "RATEABLE_STATUSES",
    "RATING_DOMAIN",
    "RATING_TYPES",
    "RatingTally",
    "RatingsFacade",
    "sign_rating",
]

RATING_DOMAIN = {"name": "ZhangdianServiceRatings", "version": "1"}  # plus chainId and verifyingContract
RATING_TYPES = {"Rating": [{"name": "applicationId", "type": "bytes32"}, {"name": "score", "type": "uint8"}]}
# 办结: completed (办结(通过)) and rejected (办结(不通过)) applications may be rated; withdrawn ones were not
# concluded by the office.
RATEABLE_STATUSES = (ApplicationStatus.COMPLETED, ApplicationStatus.REJECTED)


@dataclass(frozen=True)
class RatingTally:
    """How many ratings of each score a department or service received (``counts[score]``)."""

    counts: dict[RatingScore, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied_rate(self) -> float | None:
        """满意率: the share of 非常满意, 满意 and 基本满意 among the ratings, None without ratings."""
        satisfied = sum(n for score, n in self.counts.items() if score.satisfied)
        return satisfied / self.total if self.total else None

    @classmethod
    def of(cls, counts: Any) -> RatingTally:
        return cls({RatingScore(index + 1): int(n) for index, n in enumerate(counts)})


def sign_rating(salt: bytes, application_id: bytes, score: int, *, chain_id: int, verifying_contract: str) -> bytes:
    """The rating key's EIP-712 signature of (``application_id``, ``score``) for one ServiceRatings."""
    signable = encode_typed_data(
        domain_data={
            **RATING_DOMAIN,
            "chainId": chain_id,
            "verifyingContract": to_checksum_address(verifying_contract),
        },
        message_types=RATING_TYPES,
        message_data={"applicationId": application_id, "score": int(score)},
    )
    return bytes(Account.sign_message(signable, rating_key(salt)).signature)


class RatingsFacade(Facade):
    """The ServiceRatings contract: rate, and read the ratings."""

    contract_name = "ServiceRatings"

    def __init__(self, chain: ChainContext, *, ledger: LedgerFacade) -> None:
        super().__init__(chain)
        self._ledger = ledger

    @property
    def address(self) -> str:
        return str(self._contract.address)

    def sign(self, application: ApplicationRef, score: int, *, salt: bytes) -> bytes:
        """The signature :meth:`relay` needs, made where the receipt code is (never sent anywhere)."""
        return sign_rating(
            salt,
            self._ledger.resolve(application),
            _score(score),
            chain_id=self._chain.w3.eth.chain_id,
            verifying_contract=self.address,
        )

    def inner(self, application: ApplicationRef, *, identity: str, salt: bytes) -> bytes:
        """The inner commitment of the applicant: computed for the department that received the first
        application of the chain (a follow-on application inherits its parent's commitment)."""
        app_id = self._ledger.resolve(application)
        while (parent := self._ledger.links(app_id).parent) is not None:
            app_id = parent
        return applicant_inner(identity, salt, department=self._ledger.get(app_id).department)

    def rate(self, application: ApplicationRef, score: int, *, identity: str, salt: bytes) -> TransactionResult:
        """Sign and send the applicant's rating (the client's account pays the gas, as a relayer).

        Raises the contract's errors (:class:`~zhangdian_sdk.core.errors.AlreadyRated` when rated with
        another score; a second rating with the same score is ``already_recorded``)."""
        app_id = self._ledger.resolve(application)
        inner = self.inner(app_id, identity=identity, salt=salt)
        if commitment_from_inner(inner, rating_address(salt)) != self._ledger.get(app_id).applicant_commitment:
            wrong = "sdk.rating_wrong_applicant"
            raise InvalidInputError(f"{messages.text(wrong, 'zh')} / {messages.text(wrong, 'en')}")
        return self.relay(app_id, score, inner=inner, signature=self.sign(app_id, score, salt=salt))

    def relay(self, application: ApplicationRef, score: int, *, inner: bytes, signature: bytes) -> TransactionResult:
        """Send a rating signed elsewhere (the portal's browser): the application, score, inner commitment
        and signature as :meth:`sign` and :meth:`inner` make them."""
        app_id = self._ledger.resolve(application)
        if len(inner) != 32:
            raise InvalidInputError("内部承诺应为 32 字节 / the inner commitment must have 32 bytes")
        return self._write(
            self._contract.functions.rate(app_id, _score(score), inner, signature),
            already=lambda: self.rating_of(app_id) == score,
        )

    def rating_of(self, application: ApplicationRef) -> RatingScore | None:
        """The score given to the application, None if it was not rated."""
        score = int(self._call(self._contract.functions.ratingOf(self._ledger.resolve(application))))
        return RatingScore(score) if score else None

    def department_ratings(self, department: str) -> RatingTally:
        """The ratings of the applications ``department`` received."""
        return RatingTally.of(self._call(self._contract.functions.departmentRatings(code_to_bytes32(department))))

    def service_ratings(self, service: str) -> RatingTally:
        """The ratings of the applications of ``service``."""
        return RatingTally.of(self._call(self._contract.functions.serviceRatings(code_to_bytes32(service))))

    def count(self) -> int:
        """How many applications were rated."""
        return int(self._call(self._contract.functions.ratingCount()))


def _score(score: int) -> int:
    if not 1 <= int(score) <= 5:
        raise InvalidInputError(
            f"评分 {score} 无效, 应为 1 (非常满意) 至 5 (非常不满意) / score {score} must be 1 (very satisfied) "
            "to 5 (very satisfied)"
        )
    return int(score)

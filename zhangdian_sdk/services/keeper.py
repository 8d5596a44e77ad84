"""The keeper: performs the ledger's time-based actions so that no clerk has to.

Each pass reads the ledger's events since the last pass to learn which applications are running
or approved, asks the ledger about all of them in a few calls, and then

- flags every open step past its deadline (``flagOverdue``: the public 效能监察 record, and per
  service an escalation to the supervisor or a deemed approval), and
- completes every approved application whose conditions now hold (``complete``: a waiting period
  over, a fee paid).

Every action is decided by the chain, so a keeper never needs a role, and several keepers may run
at once: each action is simulated just before it is sent, and an action another keeper performed
first is counted as ``raced``, never as an error. The cursor and the watched set are kept in a
small JSON state file, so ``--once`` from cron resumes where the last run stopped.

Usage::

    keeper = Keeper(client, state_path=Path("keeper-state.json"))
    report = keeper.run_once()
    print(report.flagged, report.completed)
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from web3.exceptions import Web3RPCError

from zhangdian_sdk.core import workflow
from zhangdian_sdk.core.errors import (
    AlreadyFlagged,
    ContractError,
    EnforcedPause,
    NotOverdue,
    WrongStatus,
)
from zhangdian_sdk.core.events import decode_log
from zhangdian_sdk.core.models import ApplicationStatus, KeeperView

if TYPE_CHECKING:
    from zhangdian_sdk.client import ZhangdianClient

__all__ = ["Keeper", "KeeperAction", "KeeperReport"]

log = logging.getLogger(__name__)

_WATCH_EVENTS = {
    "ApplicationAccepted",
    "StepApproved",
    "StepDeemedApproved",
    "ApplicationApproved",
    "ApplicationResubmitted",
    "SpecialProcedureEnded",
    "CompletionDeferred",
    "ApplicationOverdue",
}
# Applications a keeper may have to flag (a step running) or complete, now or after a resubmission or
# the end of a special procedure.
_WATCHED = workflow.RUNNING | {
    ApplicationStatus.SUPPLEMENT_REQUESTED,
    ApplicationStatus.SPECIAL_PROCEDURE,
    ApplicationStatus.APPROVED,
}
# Errors that mean another keeper (or an officer) acted first: the work is done, not failed.
_RACED = (AlreadyFlagged, NotOverdue, WrongStatus)


@dataclass(frozen=True)
class KeeperAction:
    """One action a pass took or tried: ``kind`` is "flag" or "complete"."""

    kind: str
    application_id: bytes
    outcome: str  # "done", "raced" (someone else did it first) or "failed"
    transaction_hash: str = ""
    events: tuple[str, ...] = ()
    error: str = ""


@dataclass
class KeeperReport:
    """What one pass saw and did."""

    from_block: int
    to_block: int
    watched: int = 0
    actions: list[KeeperAction] = field(default_factory=list)

    def count(self, kind: str, outcome: str = "done") -> int:
        return sum(1 for a in self.actions if a.kind == kind and a.outcome == outcome)

    @property
    def flagged(self) -> int:
        return self.count("flag")

    @property
    def completed(self) -> int:
        return self.count("complete")

    @property
    def raced(self) -> int:
        return sum(1 for a in self.actions if a.outcome == "raced")

    @property
    def failed(self) -> int:
        return sum(1 for a in self.actions if a.outcome == "failed")


class Keeper:
    """Watches the ledger and performs its time-based actions; see the module documentation."""

    def __init__(
        self,
        client: ZhangdianClient,
        *,
        state_path: Path | None = None,
        chunk_blocks: int = 10_000,
    ) -> None:
        self._client = client
        self._ledger = client.contract("ApplicationLedger")
        self._state_path = state_path
        self._chunk_blocks = chunk_blocks
        self._next_block, self._watched = self._load_state()

    @property
    def watched(self) -> set[bytes]:
        """The applications the keeper is watching (running, in supplement or approved)."""
        return set(self._watched)

    def run_once(
        self,
        *,
        on_plan: Callable[[int], None] | None = None,
        on_action: Callable[[KeeperAction], None] | None = None,
    ) -> KeeperReport:
        """One pass: catch up with the chain, then flag and complete what is due.

        ``on_plan`` is told how many actions the pass will try, ``on_action`` about each one as it ends.
        """
        head = int(self._client.w3.eth.block_number)
        report = KeeperReport(from_block=self._next_block, to_block=head)
        self._scan(self._next_block, head)
        views = self._client.ledger.keeper_views(sorted(self._watched))
        self._watched = {v.application_id for v in views if v.status in _WATCHED}
        report.watched = len(self._watched)
        now = int(self._client.w3.eth.get_block("latest")["timestamp"])
        plan = [("flag", v.application_id) for v in views if _is_due(v, now)]
        plan += [("complete", app_id) for app_id in self._completable(views)]
        if on_plan is not None:
            on_plan(len(plan))
        for kind, app_id in plan:
            action = self._act(kind, app_id)
            report.actions.append(action)
            if on_action is not None:
                on_action(action)
        self._next_block = head + 1
        self._save_state()
        return report

    def run(
        self,
        *,
        interval: float = 15.0,
        passes: int | None = None,
        on_report: Callable[[KeeperReport], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Run passes every ``interval`` seconds (forever, or ``passes`` times); a pass that fails on
        the node is logged and retried at the next interval, nothing is skipped."""
        done = 0
        while passes is None or done < passes:
            try:
                report = self.run_once()
                if on_report is not None:
                    on_report(report)
            except (ConnectionError, Web3RPCError, OSError) as err:
                log.warning("keeper pass failed, retrying in %.0f s: %s", interval, err)
            done += 1
            if passes is None or done < passes:
                sleep(interval)

    # -- one pass ---------------------------------------------------------------------------

    def _scan(self, start: int, head: int) -> None:
        """Add every application with a watched event in [start, head] to the watched set."""
        low = start
        chunk = self._chunk_blocks
        while low <= head:
            high = min(low + chunk - 1, head)
            try:
                logs = self._client.w3.eth.get_logs(
                    {"address": self._ledger.address, "fromBlock": low, "toBlock": high}
                )
            except Web3RPCError:
                if chunk <= 1:
                    raise
                chunk = max(chunk // 2, 1)
                continue
            self._watched.update(_subjects(logs))
            low = high + 1

    def _completable(self, views: Iterable[KeeperView]) -> list[bytes]:
        """Approved applications whose completion blocker is gone."""
        ready = []
        for view in views:
            if view.status != ApplicationStatus.APPROVED:
                continue
            if self._client.ledger.completion_blocker(view.application_id) is None:
                ready.append(view.application_id)
        return ready

    def _act(self, kind: str, app_id: bytes) -> KeeperAction:
        function = self._ledger.functions.flagOverdue if kind == "flag" else self._ledger.functions.complete
        try:
            receipt = self._client.sender.send(function(app_id))
        except _RACED as err:
            return KeeperAction(kind, app_id, "raced", error=str(err))
        except (ContractError, EnforcedPause) as err:
            log.warning("keeper could not %s 0x%s: %s", kind, app_id.hex(), err)
            return KeeperAction(kind, app_id, "failed", error=str(err))
        events = tuple(e.name for e in map(decode_log, receipt["logs"]) if e is not None)
        return KeeperAction(kind, app_id, "done", receipt["transactionHash"].to_0x_hex(), events)

    # -- state ------------------------------------------------------------------------------

    def _load_state(self) -> tuple[int, set[bytes]]:
        start = self._client.deployment.start_block
        if self._state_path is None or not self._state_path.exists():
            return start, set()
        data = json.loads(self._state_path.read_text(encoding="utf-8"))
        if data.get("chain_id") != self._client.w3.eth.chain_id or data.get("ledger") != self._ledger.address:
            log.warning("keeper state %s belongs to another deployment; starting over", self._state_path)
            return start, set()
        return int(data["next_block"]), {bytes.fromhex(h) for h in data["watched"]}

    def _save_state(self) -> None:
        if self._state_path is None:
            return
        data: dict[str, Any] = {
            "chain_id": self._client.w3.eth.chain_id,
            "ledger": self._ledger.address,
            "next_block": self._next_block,
            "watched": sorted(app_id.hex() for app_id in self._watched),
        }
        self._state_path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a keeper killed mid-write leaves the previous state intact.
        handle, temporary = tempfile.mkstemp(dir=self._state_path.parent, prefix=".keeper-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(temporary, self._state_path)


def _is_due(view: KeeperView, now: int) -> bool:
    return view.status in workflow.RUNNING and view.step_deadline != 0 and now > view.step_deadline and not view.flagged


def _subjects(logs: Iterable[Any]) -> set[bytes]:
    found = set()
    for raw in logs:
        event = decode_log(raw)
        if event is not None and event.name in _WATCH_EVENTS:
            found.add(bytes(event.args["applicationId"]))
    return found

"""The portal's background follower: one daemon thread that keeps the index in step with the chain, so
that no request ever syncs or reads the chain.

Every ``PortalConfig.follow_interval`` seconds (or at once when a route waits for a block,
:meth:`PortalState.wait_indexed`) it asks the node for its head, runs :meth:`Indexer.sync` when the head
moved past the index, and refreshes the names directory for every department or service an indexed event
changed. What it saw goes into :class:`~zhangdian_sdk.services.portal.state.FollowStatus`: the head, when
the node last answered, the last error; :meth:`PortalState.freshness` and
:meth:`PortalState.check_available` read it.

``create_app``'s lifespan starts it and stops it; with ``follow_interval=0`` it does not run and a test
calls :meth:`Follower.poll` itself. ``zhangdian index follow`` is the same loop as a process of its own.
"""

from __future__ import annotations

import logging
import threading
import time

from zhangdian_sdk.services.portal.state import PortalState

__all__ = ["Follower"]

_log = logging.getLogger(__name__)


class Follower:
    """Polls the node for ``state`` in a daemon thread between :meth:`start` and :meth:`stop`."""

    def __init__(self, state: PortalState) -> None:
        self._state = state
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def interval(self) -> float:
        return self._state.config.follow_interval

    def start(self) -> None:
        """Start polling (nested starts, e.g. two servers over one app, share the one thread)."""
        if self.interval <= 0:
            return
        status = self._state.follow
        with status.lock:
            status.running += 1
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="zhangdian-portal-follower", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop polling once the last starter stops (waits for a poll in progress to end)."""
        status = self._state.follow
        with status.lock:
            if status.running == 0:
                return
            status.running -= 1
            if status.running:
                return
            self._stop.set()
            status.wake.set()
            status.lock.notify_all()
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        status = self._state.follow
        while not self._stop.is_set():
            self.poll()
            status.wake.wait(self.interval)
            status.wake.clear()

    def poll(self) -> bool:
        """One round: load the directory if not yet, read the head, sync if it moved, refresh the names an
        event changed. Records the outcome in the state; True if it succeeded. Never raises."""
        state, status = self._state, self._state.follow
        try:
            loading = not state.directory.loaded
            if loading:  # the registry read now is at least as new as any event the sync below indexes
                state.directory.load()
            head = state.indexer.w3.eth.block_number
            with status.lock:
                status.head_block, status.answered_at = head, time.monotonic()
            target = head - state.indexer.confirmations
            if target > state.indexer.indexed_block():
                report = state.indexer.sync(to_block=target)
                if report.reorgs:
                    state.directory.load()
                for kind, code in sorted(report.changed) if not loading else ():
                    if kind == "department":
                        state.directory.refresh(department=code)
                    else:
                        state.directory.refresh(service=code)
            indexed = state.indexer.indexed_block()
        except Exception as err:  # noqa: BLE001 - the node or the database failed: recorded, tried again
            _log.warning("portal follower: %s: %s", type(err).__name__, err)
            with status.lock:
                status.error = f"{type(err).__name__}: {err}"
                status.lock.notify_all()
            return False
        with status.lock:
            status.indexed_block, status.checked_at = indexed, time.time()
            status.error, status.ready = None, True
            status.polls += 1
            status.lock.notify_all()
        return True

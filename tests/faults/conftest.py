"""Real processes and sockets for the fault tests: a chain of their own, and TCP proxies that can die."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SOLE_PROPRIETOR, free_port
from zhangdian_sdk.client import ZhangdianClient, connect_web3
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.models import OfficerRole
from zhangdian_sdk.ops.deploy import deploy_suite
from zhangdian_sdk.ops.governance import govern_suite
from zhangdian_sdk.ops.localchain import LocalChain


class TcpProxy:
    """Forwards 127.0.0.1:port to a target port until stopped; stopping cuts every connection."""

    def __init__(self, target_port: int) -> None:
        self.port = free_port()
        self._target = target_port
        self._server = socket.create_server(("127.0.0.1", self.port))
        self._connections: list[socket.socket] = []
        self._stopped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._stopped.set()
        self._server.close()
        for connection in list(self._connections):
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self._target))
            for end in (client, upstream):  # forward each write at once (Nagle + delayed ACK would add ~40 ms)
                end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.close()


@dataclass
class OwnChain:
    """A chain with the suite, one department, a clerk and a one-step service."""

    chain: LocalChain
    deployment: Deployment
    manifest: Path

    def clerk(self, rpc_url: str | None = None) -> ZhangdianClient:
        return ZhangdianClient.connect(
            rpc_url or self.chain.rpc_url, signer=self.chain.dev_signer(1), deployment=self.manifest
        )

    def govern(self, *, delay: int) -> Deployment:
        """Hand the suite to a council of dev accounts 5, 6 and 7 (2 of 3, voting over 5 blocks) and a
        timelock with ``delay``; dev account 8 is the guardian."""
        return govern_suite(
            self.clerk().w3,
            self.chain.dev_signer(0),
            self.deployment,
            members=[self.chain.dev_signer(i).address for i in COUNCIL],
            quorum=2,
            delay=delay,
            guardian=self.chain.dev_signer(GUARDIAN).address,
            voting_period=5,
            manifest_path=self.manifest,
        )


COUNCIL = (5, 6, 7)  # dev accounts seated on the council by OwnChain.govern
GUARDIAN = 8


@pytest.fixture
def own_chain(tmp_path: Path) -> Iterator[OwnChain]:
    chain = LocalChain(port=free_port(), folder=tmp_path / "chain")
    chain.up()
    try:
        w3 = connect_web3(chain.rpc_url)
        manifest = tmp_path / "manifest.json"
        deployment = deploy_suite(w3, chain.dev_signer(0), manifest_path=manifest)
        admin = ZhangdianClient(w3, deployment, signer=chain.dev_signer(0))
        admin.departments.register("ZD-XPSJ", 370303, "113703030042351144", "张店区行政审批服务局", "Approval Bureau")
        admin.departments.grant("ZD-XPSJ", chain.dev_signer(1).address, OfficerRole.CLERK)
        admin.departments.grant("ZD-XPSJ", chain.dev_signer(2).address, OfficerRole.APPROVER)
        admin.catalog.publish("ZD-GTGSH-SL", SOLE_PROPRIETOR)
        yield OwnChain(chain, deployment, manifest)
    finally:
        chain.down()

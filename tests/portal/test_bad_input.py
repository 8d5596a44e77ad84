"""Bad input gets a clear 4xx in both languages: never a dropped connection, never a 500.

Every route of the app is tried (``app.routes``, so a route added later is covered without editing
this file) with unicode, emoji, over-long and malformed values in each of its path and query
parameters; then the limits (20,000-character ids, 2,000 ids in one query, a URL over 8 KB) and a
wrong receipt code a thousand times in a row over the real server.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Mount

from tests.portal.conftest import IDENTITY, SALT, PortalData
from zhangdian_sdk.core.codes import application_id
from zhangdian_sdk.core.privacy import applicant_commitment
from zhangdian_sdk.services.portal.limits import MAX_ITEM, MAX_ITEMS, MAX_URL, install_limits

ZERO32 = "0x" + "00" * 32
# A plausible value per parameter name, so that one bad parameter at a time is what the route sees.
PLAUSIBLE = {"issuer": "ZD-XPSJ", "region": "370303", "by": "department", "proof": "", "score": "3"}
# Parameters for which some odd values are still well formed: a department code may be any printable
# ASCII (the certificate check then says the chain has no such issuer), a region any digits.
ANSWERABLE: dict[str, Callable[[str], bool]] = {
    "issuer": lambda v: v.isascii() and v.isprintable(),
    "region": str.isdigit,
}
UNICODE = ["😀", "张店区🏛️办件", "\u202e0x" + "ab" * 32, "0x" + "ａ" * 64, "ＺＤ－ＰＯＲＴＡＬ", "\x00", "' OR 1=1 --"]
MALFORMED_HEX = ["0x12", "0x" + "zz" * 32, "00" * 32 + "0", "0x" + "0" * 63, "0x" + "00" * 33, "0x", "-1"]
NUMBERS = ["-1", "-" + "9" * 90, "9" * 150, "1e309", "NaN", "0x10", "1.5"]


@dataclass(frozen=True)
class Parameter:
    """One path or query parameter of a route."""

    name: str
    where: str  # "path" | "query"


@dataclass(frozen=True)
class Endpoint:
    path: str
    method: str
    parameters: tuple[Parameter, ...]

    def request(self, bad: str, only: str | None = None) -> tuple[str, dict[str, str]]:
        """The URL and query with ``bad`` in parameter ``only`` (every parameter when None)."""
        path, query = self.path, {}
        for parameter in self.parameters:
            value = bad if only in (None, parameter.name) else PLAUSIBLE.get(parameter.name, ZERO32)
            if parameter.where == "path":
                path = path.replace("{" + parameter.name + "}", quote(value, safe="") or "%20")
            else:
                query[parameter.name] = value
        return path, query


def routes(app_routes: Sequence[BaseRoute], prefix: str = "") -> Iterator[tuple[str, BaseRoute]]:
    """Every route with its full path, also inside included routers (which FastAPI may keep lazily)."""
    for route in app_routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            context = getattr(route, "include_context", None)
            yield from routes(included.routes, prefix + str(getattr(context, "prefix", "")))
        else:
            yield prefix + str(getattr(route, "path", "")), route


def endpoints(app: FastAPI) -> list[Endpoint]:
    found = []
    for path, route in routes(app.routes):
        if isinstance(route, APIRoute):
            dependant = route.dependant
            parameters = tuple(Parameter(p.alias, "path") for p in dependant.path_params) + tuple(
                Parameter(p.alias, "query") for p in dependant.query_params
            )
            found += [Endpoint(path, method, parameters) for method in sorted(route.methods)]
        elif isinstance(route, Mount):
            found.append(Endpoint(path + "/{file}", "GET", (Parameter("file", "path"),)))
    return found


@pytest.fixture(scope="module")
def api(portal_app: FastAPI) -> TestClient:
    # Server errors become responses (a 500 must fail the assertions, not raise inside the test).
    return TestClient(portal_app, raise_server_exceptions=False)


def call(api: TestClient, endpoint: Endpoint, bad: str, only: str | None = None) -> httpx.Response:
    path, query = endpoint.request(bad, only)
    if endpoint.method == "POST":
        body = {"score": 3, "inner": ZERO32, "signature": "0x" + "00" * 65}
        return api.post(path, params=query, json=body)
    return api.request(endpoint.method, path, params=query)


def assert_clear_refusal(response: httpx.Response, context: str) -> dict[str, Any]:
    """A 4xx whose body says what is wrong in Chinese and in English, without a traceback."""
    assert 400 <= response.status_code < 500, f"{context}: {response.status_code} {response.text[:300]}"
    assert "Traceback" not in response.text
    if response.headers.get("content-type", "").startswith("text/html"):
        # A page (e.g. /tx/{hash}) refuses with a page that says why, in both languages.
        assert any("\u4e00" <= ch <= "\u9fff" for ch in response.text), f"{context}: no Chinese on the page"
        return {"code": str(response.status_code)}
    detail = response.json()["detail"]
    assert isinstance(detail, dict), f"{context}: {detail!r}"
    assert detail["code"], f"{context}: {detail!r}"
    assert detail["zh"], f"{context}: {detail!r}"
    assert detail["en"], f"{context}: {detail!r}"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in detail["zh"]), f"{context}: no Chinese in {detail['zh']!r}"
    return dict(detail)


def test_every_route_with_parameters_is_covered(portal_app: FastAPI) -> None:
    """The iteration below sees the portal's routes (a vacuous loop would pass everything)."""
    names = {(e.path, p.name) for e in endpoints(portal_app) for p in e.parameters}
    assert ("/api/applications/{application_id}", "commitment") in names
    assert ("/api/numbers/{number_hash}", "number_hash") in names
    assert ("/api/materials/uses", "ids") in names
    assert ("/api/certificates/status", "region") in names
    assert len(names) >= 15


@pytest.mark.parametrize("bad", UNICODE + MALFORMED_HEX, ids=repr)
def test_unicode_and_malformed_values_in_every_parameter_get_a_clear_4xx(
    api: TestClient, portal_app: FastAPI, bad: str
) -> None:
    for endpoint in endpoints(portal_app):
        for parameter in endpoint.parameters:
            if parameter.name == "proof" and bad.startswith("0x" + "00"):
                continue  # a proof may be empty: only malformed proofs are refused
            response = call(api, endpoint, bad, only=parameter.name)
            if response.status_code == 200 and ANSWERABLE.get(parameter.name, lambda _v: False)(bad):
                continue  # a well-formed value that names nothing: the answer says so
            assert_clear_refusal(response, f"{endpoint.method} {endpoint.path} {parameter.name}={bad!r}")


@pytest.mark.parametrize("bad", ["😀", "\x00", "9" * 150], ids=repr)
def test_an_unknown_parameter_changes_nothing_and_breaks_nothing(
    api: TestClient, portal_app: FastAPI, bad: str
) -> None:
    for endpoint in endpoints(portal_app):
        if endpoint.parameters or endpoint.method != "GET":
            continue
        response = api.get(endpoint.path, params={bad[:20]: bad})
        assert response.status_code < 500, f"{endpoint.path}: {response.status_code}"


@pytest.mark.parametrize("bad", NUMBERS, ids=repr)
def test_negative_huge_and_non_integers_get_a_clear_4xx(api: TestClient, bad: str) -> None:
    params = {
        "root": ZERO32,
        "issuer": "ZD-XPSJ",
        "region": bad,
        "certificateId": ZERO32,
        "digest": ZERO32,
    }
    assert_clear_refusal(api.get("/api/certificates/status", params=params), f"region={bad}")
    body = {"score": bad, "inner": ZERO32, "signature": "0x" + "00" * 65}
    assert_clear_refusal(api.post(f"/api/applications/{ZERO32}/rating", json=body), f"score={bad}")


def test_a_validation_error_names_the_field_in_both_languages(api: TestClient) -> None:
    response = api.get(f"/api/applications/{ZERO32}", params={"commitment": "0x12"})
    detail = assert_clear_refusal(response, "commitment=0x12")
    assert response.status_code == 422
    assert detail["code"] == "invalid_input"
    (field,) = detail["fields"]
    assert (field["location"], field["name"]) == ("query", "commitment")
    assert "commitment" in field["zh"]
    assert "commitment" in field["en"]
    assert "0x12" not in response.text  # the input is not echoed back
    missing = assert_clear_refusal(api.get(f"/api/applications/{ZERO32}"), "no commitment")
    assert missing["fields"][0]["en"] == "commitment is missing"


@pytest.mark.parametrize("length", [MAX_ITEM + 1, 1_000, 20_000])
def test_over_long_ids_are_refused_before_any_work(api: TestClient, length: int) -> None:
    long_id = "0x" + "a" * (length - 2)
    expected = 414 if length > MAX_URL else 400
    for path, params in (
        (f"/api/applications/{long_id}", {"commitment": ZERO32}),
        (f"/api/applications/{ZERO32}", {"commitment": long_id}),
        (f"/api/numbers/{long_id}", {}),
        ("/api/materials/uses", {"ids": long_id}),
        (f"/tx/{long_id}", {}),
    ):
        response = api.get(path, params=params)
        detail = assert_clear_refusal(response, f"{path[:40]} {length}")
        assert response.status_code == expected
        assert detail["code"] == ("uri_too_long" if expected == 414 else "input_too_long")
        assert len(response.text) < 1_000  # the answer does not repeat the input


def test_two_thousand_ids_in_one_query_are_refused_and_a_hundred_are_answered(api: TestClient) -> None:
    # 2,000 ids of 66 characters are 132 KB: more than an HTTP client sends (see the live test below);
    # 120 of them are over the URL limit, 2,000 short ones within it and refused for their number.
    full = ",".join("0x" + f"{i:064x}" for i in range(120))
    assert assert_clear_refusal(api.get("/api/materials/uses", params={"ids": full}), "120 ids")["code"] == (
        "uri_too_long"
    )
    short = ",".join(["1"] * 2_000)  # short enough for the URL limit: the count refuses it
    detail = assert_clear_refusal(api.get("/api/materials/uses", params={"ids": short}), "2,000 short ids")
    assert detail["code"] == "too_many_items"
    assert str(MAX_ITEMS) in detail["en"]
    hundred = ",".join("0x" + f"{i:064x}" for i in range(MAX_ITEMS))
    assert api.get("/api/materials/uses", params={"ids": hundred}).status_code == 200


@pytest.fixture(scope="module")
def live(portal_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=portal_url, timeout=30) as client:  # one kept-alive connection
        yield client


def test_a_wrong_receipt_code_a_thousand_times_then_the_right_one(live: httpx.Client, portal_data: PortalData) -> None:
    """Over the real server and one connection: every wrong try is a clean 404, none drops the
    connection, and the server still answers the right code afterwards."""
    app_id = "0x" + application_id(portal_data.number, "ZD-XPSJ").hex()
    for attempt in range(1_000):
        wrong = "0x" + applicant_commitment(IDENTITY, attempt.to_bytes(16, "big"), department="ZD-XPSJ").hex()
        response = live.get(f"/api/applications/{app_id}", params={"commitment": wrong})
        assert response.status_code == 404, f"attempt {attempt}: {response.status_code}"
        assert response.json()["detail"]["code"] == "not_found"
    right = "0x" + applicant_commitment(IDENTITY, SALT, department="ZD-XPSJ").hex()
    assert live.get(f"/api/applications/{app_id}", params={"commitment": right}).status_code == 200


def raw_get(base_url: str, target: str) -> tuple[int, bytes]:
    """GET ``target`` over a plain socket (HTTP clients refuse to send URLs this long): status, body."""
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := connection.recv(65_536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 "), answer[:200]  # an answer, not a dropped connection
    return int(head.split()[1]), body


def test_over_long_urls_get_an_answer_from_the_real_server(portal_url: str, live: httpx.Client) -> None:
    two_thousand = "/api/materials/uses?ids=" + ",".join("0x" + f"{i:064x}" for i in range(2_000))  # 132 KB
    for target, code in ((f"/api/numbers/0x{'a' * 20_000}", "uri_too_long"), (two_thousand, "uri_too_long")):
        status, body = raw_get(portal_url, target)
        assert (status, json.loads(body)["detail"]["code"]) == (414, code)
    status, body = raw_get(portal_url, "/api/materials/uses?ids=" + ",".join([ZERO32] * 120))  # within 8 KB
    assert (status, json.loads(body)["detail"]["code"]) == (400, "too_many_items")
    assert live.get(f"/api/numbers/{ZERO32}").status_code == 404  # and it still answers


def test_an_unexpected_error_is_a_500_in_the_shared_shape_without_a_traceback() -> None:
    app = FastAPI()
    install_limits(app)

    @app.get("/api/boom")
    def boom_api() -> None:
        raise RuntimeError("secret internals")

    @app.get("/boom")
    def boom_page() -> None:
        raise RuntimeError("secret internals")

    client = TestClient(app, raise_server_exceptions=False)
    api_answer = client.get("/api/boom")
    assert api_answer.status_code == 500
    detail = api_answer.json()["detail"]
    assert detail["code"] == "internal_error"
    assert detail["zh"]
    assert detail["en"]
    page = client.get("/boom")
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    assert "系统内部错误" in page.text
    assert "Internal error" in page.text
    for answer in (api_answer, page):
        assert "secret internals" not in answer.text
        assert "Traceback" not in answer.text

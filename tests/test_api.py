"""The JSON API on the real app and a real SQLite file: reads, token-guarded writes,
JSON errors, and the OpenAPI document checked against the routes and real responses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Route
from starlette.testclient import TestClient

import web_sample
from newsdigest import auth
from newsdigest.records import Source
from newsdigest.settings import load_config
from newsdigest.web import create_app


@pytest.fixture(autouse=True)
def _cheap_hashing(cheap_hashing: None) -> None:
    """Every test of this file hashes passwords cheaply."""


@pytest.fixture
def site(sqlite_storage):
    web_sample.fill(sqlite_storage, web_sample.all_digests() + web_sample.many(5))
    src = sqlite_storage.add_source(Source(name="Northwire", url="https://northwire.example/feed.xml"))
    sqlite_storage.record_fetch(
        src.id, status="error", error="fetch: HTTP 503: https://northwire.example/feed.xml"
    )
    auth.add_user(sqlite_storage, "alice", "correct horse battery")
    return sqlite_storage


@pytest.fixture
def app(site):
    config = load_config(env={}).replace(
        site_url="https://news.example", site_title="The Daily Digest", secret_key="k" * 48
    )
    return create_app(config, site, cache_seconds=0)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    # Not from an admin network: the API does not care where a client is.
    with TestClient(app, client=("198.51.100.20", 5000), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def token(site) -> str:
    return auth.new_api_token(site, "alice", "tests")


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


# ---------------------------------------------------------------------- a small JSON Schema checker


def check(instance: Any, schema: dict[str, Any], doc: dict[str, Any], where: str = "$") -> None:
    """The subset of JSON Schema 2020-12 the document uses: $ref, type (with null),
    properties/required/additionalProperties, items, oneOf, const, minimum, maximum."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return check(instance, doc["components"]["schemas"][name], doc, where)
    if "oneOf" in schema:
        passed = 0
        for option in schema["oneOf"]:
            try:
                check(instance, option, doc, where)
                passed += 1
            except AssertionError:
                pass
        assert passed == 1, f"{where}: matches {passed} of oneOf"
        return None
    if "const" in schema:
        assert instance == schema["const"], f"{where}: {instance!r} != {schema['const']!r}"
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        py = {
            "object": dict,
            "array": list,
            "string": str,
            "boolean": bool,
            "null": type(None),
            "integer": int,
            "number": (int, float),
        }
        ok = any(
            isinstance(instance, py[k]) and not (k in ("integer", "number") and isinstance(instance, bool))
            for k in kinds
        )
        assert ok, f"{where}: {instance!r} is not {kinds}"
    if isinstance(instance, (int, float)) and not isinstance(instance, bool):
        if "minimum" in schema:
            assert instance >= schema["minimum"], where
        if "maximum" in schema:
            assert instance <= schema["maximum"], where
    if isinstance(instance, dict) and "properties" in schema:
        for key in schema.get("required", []):
            assert key in instance, f"{where}: missing {key}"
        if schema.get("additionalProperties") is False:
            extra = set(instance) - set(schema["properties"])
            assert not extra, f"{where}: undocumented {sorted(extra)}"
        for key, value in instance.items():
            if key in schema["properties"]:
                check(value, schema["properties"][key], doc, f"{where}.{key}")
    if isinstance(instance, list) and "items" in schema:
        for i, item in enumerate(instance):
            check(item, schema["items"], doc, f"{where}[{i}]")
    return None


def conforms(doc: dict[str, Any], template: str, method: str, response: Any) -> None:
    op = doc["paths"][template][method]
    documented = op["responses"].get(str(response.status_code))
    assert documented is not None, f"{method} {template}: {response.status_code} is not documented"
    assert response.headers["content-type"].startswith("application/json")
    check(response.json(), documented["content"]["application/json"]["schema"], doc)


@pytest.fixture
def doc(client) -> dict[str, Any]:
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    return r.json()


# ---------------------------------------------------------------------- reading


def test_stories_list_and_one(client: TestClient, doc) -> None:
    r = client.get("/api/stories?per_page=3")
    conforms(doc, "/api/stories", "get", r)
    body = r.json()
    assert [s["story_id"] for s in body["items"]] == [1, 2, 3]  # by trend score
    assert body["total"] == 10 and body["next"] == "/api/stories?per_page=3&page=2"
    assert (
        body["items"][0]["digest"]["url"]
        == "https://news.example/2024/05/22/halbrook-substation-fire-power-outage/"
    )
    one = client.get("/api/stories/1")
    conforms(doc, "/api/stories/{story_id}", "get", one)
    assert one.json()["story_id"] == 1
    assert one.headers["cache-control"].startswith("public")
    missing = client.get("/api/stories/4242")
    conforms(doc, "/api/stories/{story_id}", "get", missing)
    assert missing.status_code == 404


def test_digests_paged(client: TestClient, doc) -> None:
    first = client.get("/api/digests?per_page=4")
    conforms(doc, "/api/digests", "get", first)
    body = first.json()
    assert (
        body["total"] == 10 and len(body["items"]) == 4 and body["next"] == "/api/digests?per_page=4&page=2"
    )
    last = client.get("/api/digests?per_page=4&page=3").json()
    assert len(last["items"]) == 2 and last["next"] is None
    headlines = [
        d["headline"]
        for p in (1, 2, 3)
        for d in client.get(f"/api/digests?per_page=4&page={p}").json()["items"]
    ]
    assert len(set(headlines)) == 10  # pages neither overlap nor skip


def test_digest_has_citations_quotes_and_articles(client: TestClient, doc, site) -> None:
    r = client.get("/api/digests/1")
    conforms(doc, "/api/digests/{story_id}", "get", r)
    d = r.json()
    assert d["headline"] == "Halbrook substation fire leaves 180,000 homes without power"
    assert d["paragraphs"][1]["citations"][0] == {"article_id": "gz-1", "start": 10, "end": 99}
    q = d["quotes"][0]
    assert (q["speaker"], q["article_id"], q["start"]) == ("Maria Olsen", "nw-1", 0) and q["end"] > 0
    assert [a["article_id"] for a in d["relevant_articles"]] == ["nw-1", "cl-1", "gz-1", "rp-1"]
    assert d["relevant_articles"][3]["duplicate_of"] == "nw-1"
    assert d["pinned"] is False and d["edited_paragraphs"] == []
    site.set_pinned(d["id"], True)
    assert client.get("/api/digests/1").json()["pinned"] is True


def test_sources_with_health(client: TestClient, doc) -> None:
    r = client.get("/api/sources")
    conforms(doc, "/api/sources", "get", r)
    (s,) = r.json()["items"]
    assert (s["name"], s["error_count"], s["last_status"]) == ("Northwire", 1, "error")
    assert s["last_error"].startswith("fetch: HTTP 503")


def test_search(client: TestClient, doc) -> None:
    r = client.get("/api/search?q=SUBSTATION")
    conforms(doc, "/api/search", "get", r)
    assert {d["story_id"] for d in r.json()["items"]} == {1, 4}  # headline or lede, any case
    assert client.get("/api/search?q=%25").json()["items"] == []  # % is a character, not a wildcard
    assert client.get("/api/search?q=_").json()["items"] == []
    paged = client.get("/api/search?q=filler&per_page=2").json()
    assert len(paged["items"]) == 2 and paged["next"] == "/api/search?q=filler&per_page=2&page=2"
    blank = client.get("/api/search?q=%00%01%20")
    assert blank.status_code == 200 and blank.json()["items"] == []
    assert client.get("/api/search?q=%F3%A0%AF%98").status_code == 200  # private-use character: just text
    for bad in ("/api/search", "/api/search?q=", "/api/search?q=" + "x" * 201, "/api/search?q=a&per_page="):
        resp = client.get(bad)
        conforms(doc, "/api/search", "get", resp)
        assert resp.status_code == 400, bad


# ---------------------------------------------------------------------- errors


def test_errors_are_json_with_status(client: TestClient, doc) -> None:
    for path, status in [
        ("/api/digests/abc", 404),
        ("/api/digests/99999999999999999999", 404),
        ("/api/digests/0", 404),
        ("/api/digests?page=0", 400),
        ("/api/digests?per_page=101", 400),
        ("/api/digests?page=%C2%B2", 400),  # a superscript two is a digit to str.isdigit
        ("/api/stories?page=-1", 400),
        ("/api/nowhere", 404),
        ("/api/digests/1/nothing", 404),
    ]:
        r = client.get(path)
        assert r.status_code == status, path
        assert r.headers["content-type"] == "application/json"
        assert r.json()["error"]["status"] == status, path
    r = client.delete("/api/digests")
    assert r.status_code == 405 and r.json()["error"]["status"] == 405 and "GET" in r.headers["allow"]
    assert client.get("/api/stories/1/rewrite").status_code == 405


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(
        [
            "/api/stories",
            "/api/stories/{}",
            "/api/digests",
            "/api/digests/{}",
            "/api/search",
            "/api/sources",
            "/api/stories/{}/rewrite",
            "/api/digests/{}/unpublish",
        ]
    ),
    ident=st.text(min_size=1, max_size=30).filter(lambda s: "/" not in s and s not in (".", "..")),
    params=st.dictionaries(st.sampled_from(["q", "page", "per_page", "x"]), st.text(max_size=40), max_size=3),
    auth_header=st.one_of(st.none(), st.text(max_size=60)),
    method=st.sampled_from(["GET", "POST"]),
)
def test_junk_input_never_breaks_the_api(
    client: TestClient, path, ident, params, auth_header, method
) -> None:
    from urllib.parse import quote

    url = path.format(quote(ident, safe=""))
    headers = {}
    if auth_header is not None and auth_header.isprintable() and auth_header.isascii():
        headers["Authorization"] = auth_header
    r = client.request(method, url, params=params, headers=headers)
    assert r.status_code < 500, (method, url, params, r.text)
    assert r.headers["content-type"].startswith("application/json")


# ---------------------------------------------------------------------- writing


def test_writes_need_a_valid_token(client: TestClient, doc, site) -> None:
    for path, template in [
        ("/api/digests/1/unpublish", "/api/digests/{story_id}/unpublish"),
        ("/api/stories/1/rewrite", "/api/stories/{story_id}/rewrite"),
    ]:
        for headers in ({}, bearer("nd_not-a-real-token"), {"Authorization": "Basic YWxpY2U6cHc="}):
            r = client.post(path, headers=headers)
            conforms(doc, template, "post", r)
            assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    assert site.digest_for_story(1).status == "published"
    # A session cookie is no API credential.
    assert client.post("/api/digests/1/unpublish", cookies={"nd_admin": "anything"}).status_code == 401


def test_unpublish_and_rewrite_with_token(client: TestClient, doc, site, token) -> None:
    r = client.post("/api/digests/1/unpublish", headers=bearer(token))
    conforms(doc, "/api/digests/{story_id}/unpublish", "post", r)
    assert r.status_code == 200 and r.json()["status"] == "unpublished" and r.json()["version"] == 2
    assert r.headers["cache-control"] == "no-store"
    assert client.get("/api/digests/1").status_code == 404  # hidden from readers...
    seen = client.get("/api/digests/1", headers=bearer(token))  # ...not from editors
    assert seen.status_code == 200 and seen.json()["status"] == "unpublished"
    assert client.get("/api/stories/1").json()["digest"] is None
    with_token = client.get("/api/stories/1", headers=bearer(token))
    assert with_token.json()["digest"]["status"] == "unpublished"
    assert with_token.headers["cache-control"] == "no-store" and with_token.headers["vary"] == "Authorization"
    assert 1 not in [d["story_id"] for d in client.get("/api/digests?per_page=100").json()["items"]]
    again = client.post("/api/digests/1/publish", headers=bearer(token))
    conforms(doc, "/api/digests/{story_id}/publish", "post", again)
    assert again.json()["status"] == "published" and again.json()["version"] == 3

    site.mark_written([2])
    r = client.post("/api/stories/2/rewrite", headers=bearer(token))
    conforms(doc, "/api/stories/{story_id}/rewrite", "post", r)
    assert r.status_code == 202 and r.json() == {"story_id": 2, "rewrite": "scheduled"}
    assert 2 in [s.id for s in site.changed_stories()]
    assert client.post("/api/stories/777/rewrite", headers=bearer(token)).status_code == 404
    assert client.post("/api/digests/777/unpublish", headers=bearer(token)).status_code == 404

    log = [(e.action, e.user_name, e.via) for e in reversed(site.edits_for_story(1))]
    assert log == [("unpublish", "alice", "api"), ("publish", "alice", "api")]
    assert [e.action for e in site.edits_for_story(2)] == ["rewrite"]


def test_revoked_token_is_refused(client: TestClient, site, token) -> None:
    user = site.user_by_name("alice")
    site.revoke_api_token(user.id, site.list_api_tokens(user.id)[0].id)
    assert client.post("/api/stories/1/rewrite", headers=bearer(token)).status_code == 401
    assert (
        client.get("/api/stories", headers=bearer(token)).status_code == 401
    )  # a bad token is never ignored


def test_bad_tokens_are_rate_limited(client: TestClient) -> None:
    codes = [
        client.post("/api/stories/1/rewrite", headers=bearer(f"nd_guess{i}")).status_code for i in range(32)
    ]
    assert codes[:30] == [401] * 30 and codes[30:] == [429, 429]


# ---------------------------------------------------------------------- the OpenAPI document


def test_openapi_document_describes_every_route(app, doc) -> None:
    assert doc["openapi"] == "3.1.0"
    assert doc["servers"] == [{"url": "https://news.example"}]
    served: dict[str, set[str]] = {}
    for route in app.routes:
        if isinstance(route, Route) and route.path.startswith("/api/"):
            served.setdefault(route.path, set()).update(
                m.lower() for m in (route.methods or ()) if m != "HEAD"
            )
    documented = {path: set(ops) for path, ops in doc["paths"].items()}
    assert served == documented
    op_ids = [op["operationId"] for ops in doc["paths"].values() for op in ops.values()]
    assert len(op_ids) == len(set(op_ids))
    for path, ops in doc["paths"].items():
        params = set(re.findall(r"{(\w+)}", path))
        for op in ops.values():
            assert "200" in op["responses"] or "202" in op["responses"]
            assert {p["name"] for p in op["parameters"] if p["in"] == "path"} == params
            for resp in op["responses"].values():
                assert resp["description"]
    # Every $ref points at a schema that exists.
    refs = re.findall(r'"\$ref": "#/components/schemas/(\w+)"', __import__("json").dumps(doc))
    assert refs and set(refs) <= set(doc["components"]["schemas"])


def test_openapi_document_is_valid_openapi(doc) -> None:
    """Full validation when openapi-spec-validator is installed (not a runtime dependency)."""
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(doc)

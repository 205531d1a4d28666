"""The rendered-page cache: public pages are kept and revalidated, private ones never shared."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from starlette.testclient import TestClient

import web_sample
from newsdigest.settings import load_config
from newsdigest.web import create_app
from newsdigest.web.pagecache import etag_matches

FIRE = "/2024/05/22/halbrook-substation-fire-power-outage/"


@pytest.fixture
def site(sqlite_storage):
    web_sample.fill(sqlite_storage)
    config = load_config(env={}).replace(site_url="https://news.example", site_title="The Daily Digest")
    return config, sqlite_storage


def test_home_is_served_from_cache_with_etag_and_304(site, monkeypatch) -> None:
    config, storage = site
    with TestClient(create_app(config, storage)) as c:
        first = c.get("/")
        assert first.status_code == 200 and first.headers["etag"].startswith('"')
        calls = []
        original = storage.latest_digests
        monkeypatch.setattr(storage, "latest_digests", lambda *a, **k: calls.append(a) or original(*a, **k))
        again = c.get("/")
        assert again.text == first.text and again.headers["etag"] == first.headers["etag"]
        assert calls == []  # the view did not run: the page came from the cache
        assert again.headers["x-content-type-options"] == "nosniff"  # security headers still on
        not_modified = c.get("/", headers={"If-None-Match": first.headers["etag"]})
        assert not_modified.status_code == 304 and not_modified.content == b""


def test_a_new_digest_shows_at_once(site, monkeypatch) -> None:
    config, storage = site
    import newsdigest.web.pagecache as pc

    monkeypatch.setattr(pc, "MARKER_SECONDS", 0.0)
    with TestClient(create_app(config, storage)) as c:
        before = c.get("/").text
        extra = web_sample.simple(900, "a-brand-new-story", "A brand new story", "Something new happened.",
                                  datetime.now(UTC))
        storage.save_digest(extra, now=datetime.now(UTC))
        after = c.get("/").text
        assert "A brand new story" not in before and "A brand new story" in after


def test_private_pages_and_cookie_requests_are_not_shared(site) -> None:
    config, storage = site
    with TestClient(create_app(config, storage)) as c:
        page = c.get(FIRE)
        assert page.status_code == 200 and "private" in page.headers["cache-control"]
        assert "etag" not in page.headers  # a page with a form token is this browser's alone
    with TestClient(create_app(config, storage)) as c:
        c.cookies.set("nd_reader", "someone")
        r = c.get("/")
        assert r.status_code == 200 and r.headers.get("etag")  # revalidation still works


def test_page_cache_off_still_renders_and_tags(site) -> None:
    config, storage = site
    with TestClient(create_app(config, storage, page_cache=False)) as c:
        r = c.get("/")
        assert r.status_code == 200 and r.headers["etag"]
        assert c.get("/", headers={"If-None-Match": r.headers["etag"]}).status_code == 304


def test_etag_matching() -> None:
    assert etag_matches('"a", W/"b"', '"b"') and etag_matches("*", '"x"')
    assert not etag_matches(None, '"x"') and not etag_matches('"y"', '"x"')

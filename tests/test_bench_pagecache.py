"""The rendered-page cache: public pages are kept and revalidated, private ones never shared."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import pytest
from starlette.testclient import TestClient

import web_sample
from newsdigest.settings import load_config
from newsdigest.web import create_app
import newsdigest.web.pagecache as pc
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
        c.cookies.set("nd_reader", "someone")  # a reader (subscriber) cookie: the page is theirs alone
        page = c.get(FIRE)
        assert page.status_code == 200 and page.headers["cache-control"] == "private, no-cache"
        assert "etag" not in page.headers
        r = c.get("/")
        assert r.status_code == 200 and r.headers.get("etag")  # revalidation still works
    with TestClient(create_app(config, storage)) as c:
        page = c.get("/admin/login")
        assert "etag" not in page.headers  # admin pages (with their form tokens) are never kept


def _counting(storage, monkeypatch) -> list[str]:
    """Count digest page renders (the view looks the digest up by slug once per render)."""
    calls: list[str] = []
    original = storage.digest_by_slug
    monkeypatch.setattr(storage, "digest_by_slug", lambda slug: calls.append(slug) or original(slug))
    return calls


def test_digest_page_is_shared_by_anonymous_readers_with_etag_and_304(site, monkeypatch) -> None:
    config, storage = site
    calls = _counting(storage, monkeypatch)
    with TestClient(create_app(config, storage), base_url="https://news.example") as c:
        first = c.get(FIRE)
        assert first.status_code == 200 and first.headers["etag"].startswith('"')
        assert first.headers["cache-control"].startswith("public") and "set-cookie" not in first.headers
        assert first.headers["vary"] == "Cookie"  # a proxy in front keeps it apart from subscribers' pages
        again = c.get(FIRE)
        assert calls == ["halbrook-substation-fire-power-outage"]  # the second GET did not render
        assert again.text == first.text and again.headers["etag"] == first.headers["etag"]
        assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
        not_modified = c.get(FIRE, headers={"If-None-Match": first.headers["etag"]})
        assert not_modified.status_code == 304 and not_modified.content == b""
        assert not_modified.headers["etag"] == first.headers["etag"]
        assert not_modified.headers["x-frame-options"] == "DENY"
        assert len(calls) == 1


def test_comment_and_correction_invalidate_the_cached_digest_page(site, monkeypatch) -> None:
    config, storage = site
    config = config.replace(comment_min_seconds=0)
    digest = storage.digest_by_slug("halbrook-substation-fire-power-outage")
    with TestClient(create_app(config, storage), base_url="https://news.example") as c:
        stamp = re.search(r'name="stamp" value="([^"]+)"', c.get(FIRE).text).group(1)  # type: ignore[union-attr]
        post = {"stamp": stamp, "name": "Ada", "email": "ada@example.org"}
        first = c.post(FIRE, data={**post, "body": "First words."}, headers={"Sec-Fetch-Site": "same-origin"},
                       follow_redirects=False)
        assert first.status_code == 303 and "pending" in first.headers["location"]  # a first comment waits
        cached = c.get(FIRE)
        assert "First words." not in cached.text and c.get(FIRE).headers["etag"] == cached.headers["etag"]
        # Moderation outside this app (the CLI, another process) shows within MARKER_SECONDS.
        [pending] = storage.list_comments(status="pending")
        storage.set_comment_status(pending.id, "published")
        time.sleep(pc.MARKER_SECONDS + 0.05)
        approved = c.get(FIRE)
        assert "First words." in approved.text and approved.headers["etag"] != cached.headers["etag"]
        # A known author's comment is published at once, and the post itself makes the
        # cache look again: the very next GET has it.
        second = c.post(FIRE, data={**post, "body": "Second words."}, headers={"Sec-Fetch-Site": "same-origin"},
                        follow_redirects=False)
        assert second.status_code == 303 and "published" in second.headers["location"]
        assert "Second words." in c.get(FIRE).text
        # An accepted correction shows too.
        before = c.get(FIRE)
        report = storage.add_error_report(digest.id, "wrong_fact", "The fire was on Monday.", ip_hash="h")
        storage.resolve_error_report(report.id, "accepted", note="It was on Monday night.", editor="alice")
        time.sleep(pc.MARKER_SECONDS + 0.05)
        after = c.get(FIRE)
        assert "It was on Monday night." in after.text and "It was on Monday night." not in before.text


def test_concurrent_misses_render_once(site, monkeypatch) -> None:
    import asyncio

    import httpx

    config, storage = site
    calls = _counting(storage, monkeypatch)
    app = create_app(config, storage)

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://news.example") as c:
            return await asyncio.gather(*(c.get(FIRE) for _ in range(8)))

    # Its own thread: a session Playwright browser may hold this thread's event loop.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        pages = pool.submit(asyncio.run, burst()).result()
    assert {r.status_code for r in pages} == {200} and len({r.headers["etag"] for r in pages}) == 1
    assert len(calls) == 1  # seven waited for the first render instead of rendering again


def test_page_cache_off_still_renders_and_tags(site) -> None:
    config, storage = site
    with TestClient(create_app(config, storage, page_cache=False)) as c:
        r = c.get("/")
        assert r.status_code == 200 and r.headers["etag"]
        assert c.get("/", headers={"If-None-Match": r.headers["etag"]}).status_code == 304


def test_etag_matching() -> None:
    assert etag_matches('"a", W/"b"', '"b"') and etag_matches("*", '"x"')
    assert not etag_matches(None, '"x"') and not etag_matches('"y"', '"x"')

"""Finding things: full-text search, topic/person pages and the archive by date, through
the real app on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

import web_sample
from newsdigest.settings import load_config
from newsdigest.storage.search import entity_slug, fts5_query, query_terms, snippet_runs
from newsdigest.web import create_app

XSS = "<script>alert(1)</script>"


@pytest.fixture
def client(storage) -> Iterator[TestClient]:
    web_sample.fill(storage)
    web_sample.fill(storage, web_sample.many(25))
    config = load_config(env={}).replace(site_url="https://news.example", site_title="The Daily Digest")
    with TestClient(create_app(config, storage, cache_seconds=0, page_cache=False)) as c:
        yield c


def slugs(html: str) -> list[str]:
    return re.findall(r'href="/\d{4}/\d\d/\d\d/([^/"]+)/"', html)


def test_query_terms_never_carry_syntax() -> None:
    assert query_terms('power "fire AND NEAR(x) col:y*') == ["power", "fire", "and", "near", "x", "col", "y"]
    assert query_terms("_ % ' \" -- ;") == []
    assert fts5_query(["power", "fire"]) == '"power" "fire"'
    assert entity_slug("  Maria  Olsen ") == "maria-olsen" and entity_slug("<Evil>") == "evil" and entity_slug("<>") == ""
    assert snippet_runs("a \x1eb\x1f c") == (("a ", False), ("b", True), (" c", False))


def test_search_finds_body_text_ranks_and_highlights(client: TestClient, storage) -> None:
    # "Danner" appears only in a body paragraph of the substation digest.
    r = client.get("/search?q=danner")
    assert r.status_code == 200
    assert slugs(r.text) == ["halbrook-substation-fire-power-outage"]
    assert "<mark>Danner</mark>" in r.text
    # Stemming: "substations" finds "substation"; both digests mention it.
    found = slugs(client.get("/search?q=substation").text)
    assert set(found) == {"halbrook-substation-fire-power-outage", "grid-operator-plans-new-substations"}
    # All words must match.
    assert slugs(client.get("/search?q=substation+hospitals").text) == ["halbrook-substation-fire-power-outage"]
    assert storage.count_search("danner") == 1
    # Unpublished digests are not found.
    d = storage.digest_by_slug("harbour-bridge-reopens")
    from dataclasses import replace

    storage.save_digest(replace(d, status="unpublished"))
    assert "harbour-bridge-reopens" not in slugs(client.get("/search?q=harbour").text)
    # The API's search uses the same index.
    api = client.get("/api/search?q=danner").json()
    assert [i["slug"] for i in api["items"]] == ["halbrook-substation-fire-power-outage"]


def test_search_index_follows_rewrites(client: TestClient, storage) -> None:
    d = storage.digest_by_slug("harbour-bridge-reopens")
    from dataclasses import replace

    storage.save_digest(replace(d, headline="Harbour bridge reopens to zeppelins", version=d.version))
    assert slugs(client.get("/search?q=zeppelins").text) == ["harbour-bridge-reopens"]
    assert slugs(client.get("/search?q=zeppelin").text) == ["harbour-bridge-reopens"]


HOSTILE = ['"', "'", 'power"', "AND", "OR NOT", "NEAR(a b)", "col:x", "*", "a*", "^x", "(((", "-", "%", "_",
           "\x00x", "\ue000", "the", XSS, '"><script>alert(1)</script>']


def test_hostile_queries_never_break(client: TestClient) -> None:
    for q in HOSTILE:
        r = client.get("/search", params={"q": q})
        assert r.status_code == 200, q
        assert "<script>alert" not in r.text, q
        assert client.get("/api/search", params={"q": q}).status_code in (200, 400), q


def test_query_is_escaped_everywhere(client: TestClient, storage) -> None:
    r = client.get("/search", params={"q": XSS + " power"})
    assert r.status_code == 200
    assert XSS not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    # The hostile digest's own text is escaped inside its snippet too.
    r = client.get("/search", params={"q": "comment"})
    assert "hostile-story" in r.text and "<script>alert(2)" not in r.text
    assert "alert(2)" in r.text
    if storage.dialect == "sqlite":  # PostgreSQL's ts_headline drops tag-like text instead
        assert "&lt;/script&gt;&lt;script&gt;alert(2)" in r.text


def test_search_pagination(client: TestClient) -> None:
    first = client.get("/search?q=filler")
    assert "25 digests matching" in first.text and "Page 1 of 2" in first.text
    assert 'href="/search?q=filler&amp;page=2"' in first.text
    second = client.get("/search?q=filler&page=2")
    assert len(slugs(first.text)) == 20 and len(slugs(second.text)) == 5
    assert not set(slugs(first.text)) & set(slugs(second.text))
    assert client.get("/search?q=filler&page=3").status_code == 404
    assert client.get("/search?q=filler&page=x").status_code == 400
    assert client.get("/search?q=" + "x" * 201).status_code == 400
    assert client.get("/search").status_code == 200  # the empty form


def test_topic_and_person_pages(client: TestClient) -> None:
    index = client.get("/topics/")
    assert index.status_code == 200
    assert 'href="/topics/maria-olsen/"' in index.text and 'href="/topics/halgrid/"' in index.text
    assert "&lt;Evil&gt;" in index.text and "<Evil>" not in index.text
    person = client.get("/topics/maria-olsen/")
    assert person.status_code == 200 and "Person" in person.text  # quoted as a speaker
    assert slugs(person.text) == ["halbrook-substation-fire-power-outage"]
    place = client.get("/topics/halgrid/")
    assert ">Topic<" in place.text and ">Person<" not in place.text
    assert client.get("/topics/nobody-at-all/").status_code == 404
    moved = client.get("/topics/" + quote("Maria Olsen") + "/", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == "/topics/maria-olsen/"


def test_people_are_people_though_nobody_quoted_them(client: TestClient, storage) -> None:
    """The writer says which names are people; a lone surname is the one person it ends."""
    from dataclasses import replace

    web_sample.fill(storage, [
        replace(web_sample.simple(3000, "council-vote", "Council votes on the levee", "Councillor Martin Hale "
                                  "and Keisha Morales met in Marrow Bend.", web_sample.NOW - timedelta(hours=5)),
                entities=("Martin Hale", "Keisha Morales", "Marrow Bend"), people=("Martin Hale", "Keisha Morales")),
        replace(web_sample.simple(3001, "levee-opens", "Levee opens", "Hale opened the levee in Marrow Bend.",
                                  web_sample.NOW - timedelta(hours=4)), entities=("Hale", "Marrow Bend"), people=("Hale",)),
    ])
    index = client.get("/topics/").text
    people = index[index.index("People"):index.index("Places and organisations")]
    assert 'href="/topics/keisha-morales/"' in people and 'href="/topics/martin-hale/"' in people
    assert 'href="/topics/marrow-bend/"' not in people and 'href="/topics/marrow-bend/"' in index
    assert 'href="/topics/hale/"' not in index
    hale = client.get("/topics/martin-hale/")
    assert ">Person<" in hale.text and slugs(hale.text) == ["levee-opens", "council-vote"]
    moved = client.get("/topics/hale/", follow_redirects=False)  # an old address of the lone surname
    assert moved.status_code == 301 and moved.headers["location"] == "/topics/martin-hale/"


def test_topic_feeds(client: TestClient) -> None:
    """Each topic (and person) has its own RSS and Atom feed of the digests naming it."""
    import feedparser

    page = client.get("/topics/maria-olsen/").text
    assert 'href="/topics/maria-olsen/feed.xml"' in page
    for name in ("feed.xml", "atom.xml"):
        r = client.get(f"/topics/maria-olsen/{name}")
        assert r.status_code == 200 and "xml" in r.headers["content-type"]
        feed = feedparser.parse(r.content)
        assert not feed.bozo, feed.bozo_exception
        assert "Maria Olsen" in feed.feed.title
        assert [e.link.rstrip("/").rsplit("/", 1)[-1] for e in feed.entries] == ["halbrook-substation-fire-power-outage"]
        assert any(link.get("rel") == "self" and link["href"].endswith(f"/topics/maria-olsen/{name}")
                   for link in feed.feed.get("links", []))
    assert client.get("/topics/nobody-at-all/feed.xml").status_code == 404


def test_topic_pagination(client: TestClient, storage) -> None:
    from dataclasses import replace

    web_sample.fill(storage, [
        replace(web_sample.simple(2000 + i, f"olsen-item-{i}", f"Olsen item {i}", "Maria Olsen spoke again today.",
                                  web_sample.NOW - timedelta(days=40, hours=i)), entities=("Maria  Olsen",))
        for i in range(22)
    ])
    first = client.get("/topics/maria-olsen/")
    assert "23 digests" in first.text and len(slugs(first.text)) == 20
    second = client.get("/topics/maria-olsen/?page=2")
    assert len(slugs(second.text)) == 3
    assert client.get("/topics/maria-olsen/?page=3").status_code == 404


def test_archive_by_day(client: TestClient) -> None:
    index = client.get("/archive/")
    assert index.status_code == 200
    assert 'href="/archive/2024/05/22/"' in index.text and "May 2024" in index.text
    day = client.get("/archive/2024/05/22/")
    assert day.status_code == 200
    assert set(slugs(day.text)) == {
        "halbrook-substation-fire-power-outage", "harbour-bridge-reopens", "grid-operator-plans-new-substations"
    }
    # Nearest days with digests either side, skipping empty ones.
    assert 'href="/archive/2024/05/20/"' in day.text  # the hostile story, two days before
    assert "2024/05/23" not in day.text
    older = client.get("/archive/2024/05/20/")
    assert 'href="/archive/2024/05/22/"' in older.text and 'href="/archive/2024/05/19/"' in older.text
    for bad in ("/archive/2024/05/21/", "/archive/2024/02/30/", "/archive/24/5/2/", "/archive/abcd/ef/gh/"):
        assert client.get(bad).status_code == 404, bad


def test_nav_and_header_search_box(client: TestClient) -> None:
    home = client.get("/").text
    for href in ("/search", "/topics/", "/archive/"):
        assert f'href="{href}"' in home
    assert re.search(r'<form class="site-search"[^>]*method="get" action="/search"', home)


def test_index_is_built_for_rows_saved_before_it(storage) -> None:
    """An upgraded database (rows older than the index) is back-filled by ensure_search_index."""
    from newsdigest.storage.search import drop_search_index, ensure_search_index

    web_sample.fill(storage)
    with storage.engine.begin() as conn:
        drop_search_index(conn)
    with storage.engine.begin() as conn:
        ensure_search_index(conn)
    assert [h.digest.slug for h in storage.search("danner")] == ["halbrook-substation-fire-power-outage"]
    if storage.dialect == "postgresql":
        with storage.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_digests_search'")).scalar()

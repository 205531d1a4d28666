"""Why articles are grouped (text and digest page), per-story feeds, and the digest gate
counting independent outlets only."""

from __future__ import annotations

import re
from datetime import timedelta

import feedparser
from starlette.testclient import TestClient

from newsdigest import publish
from newsdigest.grouping import explain_grouping, explain_story
from newsdigest.pipeline import process
from newsdigest.records import Analysis, Article, Entity
from newsdigest.web.app import create_app
from test_split_merge import NOW, _article, split_story


def _copy(i: int, of: Article, outlet: str) -> Article:
    return Article(id=f"copy-{i}", text=of.text, url=f"https://copy{i}.example/x", source=outlet,
                   title=of.title, published=of.published + timedelta(minutes=30 + i))


def test_explanation_counts_reprints_once_and_names_what_is_shared():
    wire = Article(id="w", text="x", source="Brightwater Press Agency", title="Floods hit Tarran valley",
                   published=NOW)
    members = [
        Article(id="a", text="x", source="Courier", title="Tarran valley floods force evacuations", published=NOW),
        Article(id="b", text="x", source="Herald", title="Floods in Tarran valley", published=NOW + timedelta(hours=5)),
        *[Article(id=f"c{i}", text="x", source=f"Paper {i}", title="t", duplicate_of="w", published=NOW) for i in range(3)],
    ]
    ents = lambda *e: Analysis("", (), tuple(Entity(t, l, 0, 1) for t, l in e), ())  # noqa: E731
    analyses = {
        "a": ents(("Priya Nandakumar", "PERSON"), ("Marrow Bend", "GPE"), ("Nandakumar", "PERSON")),
        "b": ents(("Nandakumar", "PERSON"), ("Marrow Bend", "GPE"), ("Only Once", "PERSON")),
    }
    why = explain_grouping(members, analyses, originals=[wire])
    assert why.summary == "5 reports from 5 outlets; 3 reprints of one Brightwater Press Agency story"
    assert why.independent_reports == 2 and why.independent_outlets == 2
    assert why.people == ("Priya Nandakumar",)  # "Nandakumar" is the same person; "Only Once" is not shared
    assert why.places == ("Marrow Bend",)
    assert set(why.terms) >= {"tarran", "valley", "flood"}
    assert why.span.startswith("Reported over 5 hours")


def _site(storage, config):
    return TestClient(create_app(config.replace(site_url="http://test.example"), storage, cache_seconds=0))


def test_digest_page_explains_grouping_and_story_feeds_parse(sqlite_storage, config):
    originals = [_article(i, 10 - i) for i in range(4)]
    sqlite_storage.add_articles(originals)
    sqlite_storage.add_articles([_copy(i, originals[0], f"Reprint Paper {i}") for i in range(2)])
    process(sqlite_storage, config, now=NOW)
    digest = sqlite_storage.latest_digests()[0]
    why = explain_story(sqlite_storage, digest.story_id)
    assert why.reports == 6 and [g.copies for g in why.reprints] == [2]
    client = _site(sqlite_storage, config)
    page = client.get(publish.digest_path(digest))
    assert page.status_code == 200
    box = re.search(r'<section class="grouping".*?</section>', page.text, re.S).group(0)
    text = " ".join(re.sub(r"<[^>]+>", " ", box).split())
    assert "Why these articles are together" in text
    assert f"6 reports from 6 outlets; 2 reprints of one {originals[0].source} story" in text
    assert "4 independent reports from 4 outlets" in text and "counted once" in text
    assert "Elena Ruiz" in text or "Harwick" in text
    assert f'href="/stories/{digest.story_id}/feed.xml"' in page.text
    assert f'href="/stories/{digest.story_id}/atom.xml"' in page.text

    # A second version of the digest (new reporting): the feed gets a second entry.
    sqlite_storage.add_articles([_article(4, 1)])
    process(sqlite_storage, config, now=NOW + timedelta(hours=1))
    for path in (f"/stories/{digest.story_id}/feed.xml", f"/stories/{digest.story_id}/atom.xml"):
        r = client.get(path)
        assert r.status_code == 200, path
        feed = feedparser.parse(r.content)
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert digest.headline in feed.feed.title
        ids = [e.id for e in feed.entries]
        assert len(ids) == 2 and len(set(ids)) == 2 and ids[0].endswith("#version-2")
        assert all(e.link == publish.digest_url(digest, client.app.state.config) for e in feed.entries)
        assert r.headers["etag"] and client.get(path, headers={"if-none-match": r.headers["etag"]}).status_code == 304
    assert client.get("/stories/999/feed.xml").status_code == 404


def test_merged_story_feed_redirects_to_where_it_went(sqlite_storage, config):
    sqlite_storage.add_articles([_article(i, 10 - i) for i in range(4)])
    process(sqlite_storage, config, now=NOW)
    sid = sqlite_storage.latest_digests()[0].story_id
    _, new = split_story(sqlite_storage, sid, ["bridge-3"], now=NOW)
    from newsdigest.grouping import merge_stories

    merge_stories(sqlite_storage, sid, new.id, now=NOW)
    r = _site(sqlite_storage, config).get(f"/stories/{new.id}/atom.xml", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == f"/stories/{sid}/atom.xml"


def test_digest_needs_articles_from_independent_outlets(sqlite_storage, config):
    # One report and its reprints in two other outlets: 3 articles, 3 outlets, but one
    # independent outlet, so no digest (default digest_min_articles 3, digest_min_outlets 2).
    original = _article(0, 5)
    sqlite_storage.add_articles([original, _copy(1, original, "Copy One"), _copy(2, original, "Copy Two")])
    report = process(sqlite_storage, config, now=NOW)
    assert report.digests_written == 0 and report.digests_skipped >= 1
    assert config.digest_min_articles == 3
    sqlite_storage.add_articles([_article(1, 4)])  # a second independent outlet
    report = process(sqlite_storage, config, now=NOW)
    assert report.digests_written == 1

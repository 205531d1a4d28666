"""publish: addresses, excerpts, body pieces, and feeds read back by real parsers."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from urllib.parse import unquote

import feedparser
import pytest

import web_sample
from newsdigest import publish
from newsdigest.publish import fragments, syndication
from newsdigest.publish.body import body_pieces
from newsdigest.records import Citation, Digest, Paragraph, Quote, RelevantArticle
from newsdigest.settings import load_config

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def site():
    return load_config(env={}).replace(site_url="https://news.example/", site_title="Daily & Co")


@pytest.fixture
def digests() -> list[Digest]:
    return web_sample.all_digests()


# ------------------------------------------------------------------ small helpers


def test_excerpt_keeps_short_text_and_cuts_long_text_at_a_word() -> None:
    assert publish.excerpt("  Short   lede.\n") == "Short lede."
    text = "The city council approved the budget for the northern tram line after a long debate about costs."
    out = publish.excerpt(text)
    assert out == "The city council approved the budget for the northern tram line after a long debate…"
    assert len(out) <= 86 and text.startswith(out[:-1])
    assert publish.excerpt("word, " * 30, 20) == "word, word, word…"  # no dangling comma
    assert publish.excerpt("x" * 200, 10) == "x" * 10 + "…"  # one giant word is still cut
    assert publish.excerpt("", 10) == ""


def test_digest_path_uses_the_utc_publication_date() -> None:
    d = web_sample.substation_fire(datetime(2024, 5, 22, 23, 30, tzinfo=timezone(timedelta(hours=-5))))
    assert publish.digest_path(d) == "/2024/05/23/halbrook-substation-fire-power-outage/"
    naive = replace(d, published=datetime(2024, 1, 2, 3, 4))  # naive means UTC
    assert publish.digest_path(naive) == "/2024/01/02/halbrook-substation-fire-power-outage/"
    for bad in (
        replace(d, published=None),
        replace(d, slug=""),
        replace(d, slug="a/b"),
        replace(d, slug="x y"),
    ):
        assert not publish.is_publishable(bad)
        with pytest.raises(ValueError, match="^publish: "):
            publish.digest_path(bad)


def test_text_fragment_escapes_directive_syntax() -> None:
    url = fragments.text_fragment("https://a.example/p#old", "cost-cutting, jobs & more")
    assert url.startswith("https://a.example/p#:~:text=")
    directive = url.split("#:~:text=")[1]
    assert "-" not in directive and "," not in directive and "&" not in directive
    assert unquote(directive) == "jobs & more"  # dash-free words only: see tests/test_fragments.py
    long = fragments.text_fragment("https://a.example/", "one two three four five six seven eight nine ten")
    assert long.endswith("#:~:text=one%20two%20three%20four,seven%20eight%20nine%20ten")


def test_last_modified_is_the_later_of_published_and_updated() -> None:
    d = web_sample.substation_fire()
    assert publish.last_modified(d) == d.updated
    assert publish.last_modified(replace(d, updated=d.published - timedelta(days=1))) == d.published


# ------------------------------------------------------------------ body pieces


def test_body_pieces_place_quotes_and_one_footnote_per_sentence() -> None:
    d = web_sample.substation_fire()
    paras = body_pieces(d)
    assert len(paras) == len(d.paragraphs)
    for pieces, para in zip(paras, d.paragraphs, strict=True):
        # Nothing is lost or invented: the text and quote pieces spell the paragraph.
        assert "".join(p.text for p in pieces if p.kind != "notes") == para.text
    lede = paras[0]
    assert [p.kind for p in lede] == ["text", "notes", "text", "notes"]
    assert lede[0].text.endswith("Tuesday night.")
    assert [n.number for n in lede[1].notes] == [1]
    assert lede[1].notes[0].label == "Northwire: Substation fire cuts power to 180,000 Halbrook homes"
    assert [n.number for n in lede[3].notes] == [2]

    quotes = [p for para in paras for p in para if p.kind == "quote"]
    assert [q.text[:12] for q in quotes] == ["“We are work", "“the cause l", "“People sat "]
    assert quotes[1].text.endswith("deliberate.”")  # punctuation inside the marks comes along
    assert all(q.marked for q in quotes)
    assert quotes[0].href.startswith("https://northwire.example/news/nw-1#:~:text=We%20are%20working")
    assert (
        quotes[0].label
        == "Maria Olsen, Halgrid chief executive, quoted in Northwire: " + d.relevant_articles[0].title
    )

    # Three sentences but two citations: sources go once at the end of the paragraph.
    last = paras[3]
    assert [p.kind for p in last] == ["text", "notes"]
    assert [n.number for n in last[1].notes] == [1, 2]


def test_body_pieces_never_link_unsafe_urls_and_skip_unknown_articles() -> None:
    ra = RelevantArticle("a1", "T", "O", "javascript:alert(1)")
    d = Digest(
        story_id=1,
        headline="h",
        lede="x",
        paragraphs=(Paragraph('He said "stop now" today.', (Citation("a1", 0, 1), Citation("zz", 0, 1))),),
        quotes=(Quote("stop now", 0, 8, "Al", "", "said", "a1"), Quote("not in text", 0, 5)),
        relevant_articles=(ra,),
        slug="h",
        published=web_sample.NOW,
    )
    (pieces,) = body_pieces(d)
    quote = next(p for p in pieces if p.kind == "quote")
    assert quote.text == '"stop now"' and quote.href is None
    notes = [n.number for p in pieces if p.kind == "notes" for n in p.notes]
    assert notes == [1]  # "zz" is not among the relevant articles


# ------------------------------------------------------------------ feeds


def test_rss_feed_reads_back_with_full_content(site, digests) -> None:
    body = syndication.rss_feed(digests, site)
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.title == "Daily & Co"
    assert feed.feed.link == "https://news.example/"
    assert len(feed.entries) == len(digests)
    # Newest first.
    assert [e.title for e in feed.entries][:2] == [digests[3].headline, digests[0].headline]
    fire = next(e for e in feed.entries if e.title == digests[0].headline)
    assert fire.link == "https://news.example/2024/05/22/halbrook-substation-fire-power-outage/"
    assert fire.id == fire.link
    assert fire.published_parsed[:4] == (2024, 5, 22, 12)
    html = fire.content[0].value
    assert "Kessler Road substation" in html and "<q" in html and "Relevant articles" in html
    assert "reprint" in html
    assert fire.media_keywords == "Halbrook, Halgrid, Maria Olsen"
    assert [c["content"] for c in fire.media_credit] == ["Northwire", "Clarion", "Gazette", "Valley Post"]
    assert b'xmlns:media="http://search.yahoo.com/mrss/"' in body
    assert b"<content:encoded>" in body


def test_feeds_carry_hostile_text_as_text(site, digests) -> None:
    for render in (syndication.rss_feed, syndication.atom_feed):
        body = render(digests, site)
        assert b"\x0b" not in body  # illegal in XML: dropped, not escaped
        ET.fromstring(body)  # well-formed
        feed = feedparser.parse(body)
        assert not feed.bozo, (render.__name__, feed.get("bozo_exception"))
        hostile = next(e for e in feed.entries if "Hostile" in e.title)
        assert hostile.title == web_sample.HOSTILE_HEADLINE
        html = hostile.content[0].value
        assert "javascript:" not in html
        assert "<script" not in html and "<img" not in html


def test_atom_feed_reads_back(site, digests) -> None:
    feed = feedparser.parse(syndication.atom_feed(digests, site))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == "https://news.example/"
    assert feed.feed.updated == "2024-05-22T14:00:00Z"  # the newest change, not "now"
    assert {link.rel: link.href for link in feed.feed.links} == {
        "self": "https://news.example/atom.xml",
        "alternate": "https://news.example/",
    }
    fire = next(e for e in feed.entries if e.title == digests[0].headline)
    assert fire.id == "https://news.example/2024/05/22/halbrook-substation-fire-power-outage/"
    assert fire.published == "2024-05-22T12:00:00Z" and fire.updated == "2024-05-22T14:00:00Z"
    assert fire.summary.startswith("A fire at the Kessler Road")
    assert "We are working around the clock" in fire.content[0].value
    assert [t.term for t in fire.tags] == ["Halbrook", "Halgrid", "Maria Olsen"]


def test_json_feed_follows_version_1_1(site, digests) -> None:
    doc = json.loads(syndication.json_feed(digests, site))
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["title"] == "Daily & Co"
    assert doc["feed_url"] == "https://news.example/feed.json"
    assert doc["home_page_url"] == "https://news.example/"
    assert len(doc["items"]) == len(digests)
    for item in doc["items"]:
        assert item["id"] and item["url"].startswith("https://news.example/20")
        assert item["content_html"].startswith("<div>")
        datetime.fromisoformat(item["date_published"].replace("Z", "+00:00"))
    hostile = next(i for i in doc["items"] if "Hostile" in i["title"])
    assert hostile["title"] == web_sample.HOSTILE_HEADLINE


def test_feeds_are_deterministic_and_skip_digests_without_an_address(site, digests) -> None:
    broken = replace(digests[0], slug="", story_id=50)
    for render in (syndication.rss_feed, syndication.atom_feed, syndication.json_feed):
        # Same digests, any order, plus one without an address: the same bytes.
        assert render(digests, site) == render(list(reversed(digests)) + [broken], site)
    assert syndication.sitemap(digests + [broken], site) == syndication.sitemap(digests, site)
    assert len(feedparser.parse(syndication.rss_feed([broken], site)).entries) == 0
    assert feedparser.parse(syndication.rss_feed([], site)).bozo is False


def test_sitemap_lists_home_and_every_digest(site, digests) -> None:
    root = ET.fromstring(syndication.sitemap(digests, site))
    assert root.tag == SM + "urlset"
    locs = [u.findtext(SM + "loc") for u in root.findall(SM + "url")]
    assert locs[0] == "https://news.example/"
    assert set(locs[1:]) == {publish.digest_url(d, site) for d in digests}
    lastmods = {u.findtext(SM + "loc"): u.findtext(SM + "lastmod") for u in root.findall(SM + "url")}
    assert lastmods[publish.digest_url(digests[0], site)] == "2024-05-22T14:00:00Z"


def test_news_sitemap_keeps_only_the_last_48_hours(site, digests) -> None:
    now = web_sample.NOW
    root = ET.fromstring(syndication.news_sitemap(digests, site, now=now))
    urls = root.findall(SM + "url")
    recent = [d for d in digests if now - d.published <= timedelta(hours=48)]
    assert len(urls) == len(recent) == 4  # the hostile one is exactly 48 h old: still in
    first = urls[0]
    news = first.find(NEWS + "news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Daily & Co"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(NEWS + "title") == recent[0].headline
    assert news.findtext(NEWS + "publication_date") == publish.rfc3339(recent[0].published)
    later = ET.fromstring(syndication.news_sitemap(digests, site, now=now + timedelta(days=5)))
    assert later.findall(SM + "url") == []


def test_robots_txt_points_at_both_sitemaps(site) -> None:
    text = syndication.robots_txt(site)
    assert "User-agent: *" in text
    assert "Sitemap: https://news.example/sitemap.xml" in text
    assert "Sitemap: https://news.example/news-sitemap.xml" in text

"""parse_feed on every feed dialect and on hostile or broken bytes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from newsdigest.errors import FeedError
from newsdigest.feeds import parse_feed, plain_text

FEED_URL = "https://news.example/section/feed.xml"

RSS2 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>World &amp;amp; More</title><link>/world/</link>
<item>
  <title>Leaders meet &lt;em&gt;again&lt;/em&gt; &amp;amp; talk</title>
  <link>/world/2025/06/10/leaders-meet</link>
  <description>&lt;p&gt;Summit opens in Gen&amp;egrave;ve.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description>
  <content:encoded><![CDATA[<p>First paragraph.</p><p>Second paragraph.</p>]]></content:encoded>
  <dc:creator>Ana P\xc3\xa9rez</dc:creator>
  <pubDate>Tue, 10 Jun 2025 04:00:00 +0200</pubDate>
  <guid isPermaLink="false">story-1</guid>
</item>
<item>
  <title>Only a guid</title>
  <guid isPermaLink="true">https://news.example/world/only-guid</guid>
</item>
<item><title>Script link</title><link>javascript:alert(1)</link></item>
<item><title>Updated only</title><link>https://other.example/x</link>
  <atom:updated xmlns:atom="http://www.w3.org/2005/Atom">2025-06-11T08:30:00Z</atom:updated></item>
</channel></rss>"""


def test_rss2_fields_are_plain_resolved_and_utc():
    feed = parse_feed(RSS2, FEED_URL)
    assert feed.title == "World & More" and feed.link == "https://news.example/world/"
    first = feed.entries[0]
    assert first.url == "https://news.example/world/2025/06/10/leaders-meet"
    assert first.title == "Leaders meet again & talk"
    assert first.summary == "Summit opens in Genève."  # tags and scripts gone, entities decoded
    assert first.content_html == "<p>First paragraph.</p><p>Second paragraph.</p>"
    assert first.author == "Ana Pérez"
    assert first.published == datetime(2025, 6, 10, 2, 0, tzinfo=UTC)
    assert first.guid == "story-1" or first.guid.endswith("story-1")
    assert feed.entries[1].url == "https://news.example/world/only-guid"
    # javascript: link dropped; the rest kept in order
    assert [e.title for e in feed.entries] == ["Leaders meet again & talk", "Only a guid", "Updated only"]
    assert feed.entries[2].published == datetime(2025, 6, 11, 8, 30, tzinfo=UTC)
    assert feed.bozo_message is None


def test_rss_091_and_rss_10():
    rss091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title><link>http://old.example/</link>
      <item><title>Ninety-one</title><link>http://old.example/a</link><description>Plain</description></item></channel></rss>"""
    rdf = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="http://r.example/"><title>RDF</title><link>http://r.example/</link></channel>
      <item rdf:about="http://r.example/1"><title>One</title><link>http://r.example/1</link>
      <dc:date>2025-02-03T04:05:06+01:00</dc:date></item></rdf:RDF>"""
    old = parse_feed(rss091, "http://old.example/rss")
    assert [(e.title, e.url, e.summary) for e in old.entries] == [
        ("Ninety-one", "http://old.example/a", "Plain")
    ]
    r = parse_feed(rdf, "http://r.example/rdf")
    assert r.entries[0].url == "http://r.example/1"
    assert r.entries[0].published == datetime(2025, 2, 3, 3, 5, 6, tzinfo=UTC)


def test_atom_relative_links_and_html_title():
    atom = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
      <title type="html">Tech &lt;b&gt;news&lt;/b&gt;</title><link href="/tech/" rel="alternate"/>
      <entry><title type="html">A &amp;amp; B</title><link rel="alternate" href="posts/1"/><id>urn:1</id>
        <published>2025-03-01T12:00:00-05:00</published><updated>2025-03-02T00:00:00Z</updated>
        <author><name>Kim</name></author>
        <summary>Short</summary><content type="html">&lt;p&gt;Long body&lt;/p&gt;</content></entry></feed>"""
    feed = parse_feed(atom, "https://t.example/feeds/atom.xml")
    assert feed.title == "Tech news" and feed.link == "https://t.example/tech/"
    e = feed.entries[0]
    assert (e.url, e.title, e.author, e.summary) == (
        "https://t.example/feeds/posts/1",
        "A & B",
        "Kim",
        "Short",
    )
    assert e.content_html == "<p>Long body</p>" and e.guid == "urn:1"
    assert e.published == datetime(2025, 3, 1, 17, 0, tzinfo=UTC)  # published preferred to updated


@pytest.mark.parametrize("version", ["https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1"])
def test_json_feed(version):
    doc = {
        "version": version,
        "title": "JSON &amp; friends",
        "home_page_url": "https://j.example/",
        "authors": [{"name": "Desk"}],
        "items": [
            {
                "id": "1",
                "url": "/a",
                "title": "<b>Bold</b> move",
                "content_html": "<p>x</p>",
                "date_published": "2025-05-05T10:00:00+02:00",
            },
            {
                "id": "2",
                "external_url": "https://else.example/b",
                "content_text": "line one\nline <two>",
                "date_modified": "2025-05-06T00:00:00Z",
                "author": {"name": "Old style"},
            },
            {"id": "3", "url": "data:text/html,evil", "title": "dropped"},
            "not an object",
        ],
    }
    feed = parse_feed(json.dumps(doc).encode(), "https://j.example/feed.json")
    assert feed.title == "JSON & friends" and feed.link == "https://j.example/"
    a, b = feed.entries
    assert (a.url, a.title, a.content_html, a.author) == (
        "https://j.example/a",
        "Bold move",
        "<p>x</p>",
        "Desk",
    )
    assert a.published == datetime(2025, 5, 5, 8, 0, tzinfo=UTC)
    assert b.url == "https://else.example/b" and b.summary == "line one line <two>"
    assert b.content_html == "<p>line one</p><p>line &lt;two&gt;</p>"
    assert b.published == datetime(2025, 5, 6, tzinfo=UTC) and b.author == "Old style"


def test_double_escaped_html_title_stays_literal():
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">a &amp;lt;b&amp;gt;</title>
      <entry><title>x</title><link href="http://d.example/1"/></entry></feed>"""
    assert parse_feed(atom, "http://d.example/").title == "a <b>"


def test_max_entries_caps_in_feed_order():
    items = "".join(f"<item><title>n{i}</title><link>http://e.example/{i}</link></item>" for i in range(50))
    feed = parse_feed(
        f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>".encode(), "http://e.example/"
    )
    assert len(feed.entries) == 50
    capped = parse_feed(
        f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>".encode(),
        "http://e.example/",
        max_entries=5,
    )
    assert [e.title for e in capped.entries] == ["n0", "n1", "n2", "n3", "n4"]


def test_malformed_but_recoverable_xml_keeps_entries_with_bozo_message():
    broken = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Broken & co</title>
      <item><title>Still here</title><link>http://b.example/1</link></item>
      <item><title>Unclosed <b>tag</title><link>http://b.example/2</link></item>"""
    feed = parse_feed(broken, "http://b.example/feed")
    assert feed.bozo_message
    assert [e.url for e in feed.entries][:1] == ["http://b.example/1"]


def test_invalid_utf8_does_not_crash_or_garble_the_rest():
    data = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Caf\xc3\xa9</title>
      <item><title>Bad \xff\xfe bytes in caf\xc3\xa9</title><link>http://u.example/1</link></item></channel></rss>"""
    feed = parse_feed(data, "http://u.example/feed")
    assert feed.title == "Café"
    assert feed.entries[0].title == "Bad \ufffd\ufffd bytes in café"
    assert "invalid UTF-8" in (feed.bozo_message or "")


def test_latin1_feed_decodes_by_its_declaration():
    data = '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Año</title><item><title>Niño</title><link>http://l.example/1</link></item></channel></rss>'.encode(
        "latin-1"
    )
    feed = parse_feed(data, "http://l.example/feed")
    assert feed.title == "Año" and feed.entries[0].title == "Niño"


@pytest.mark.parametrize(
    "content, words",
    [
        (
            b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>",
            "HTML page",
        ),
        (b"\n  <html lang='en'><body><a href='/feed'>feed</a></body></html>", "HTML page"),
        (b"", "empty"),
        (b"   \n\t", "empty"),
        (bytes(range(256)) * 20, "not a feed"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "not a feed"),
        (b'{"hello": "world"}', "not a JSON Feed"),
        (b"{not json", "invalid JSON"),
        (b"/etc/passwd", "not a feed"),  # bytes that name a file are never opened
        (b"https://example.com/feed.xml", "not a feed"),  # nor fetched as a URL
    ],
)
def test_not_a_feed(content, words):
    with pytest.raises(FeedError) as info:
        parse_feed(content, "https://x.example/feed")
    msg = str(info.value)
    assert msg.startswith("feed: ") and words in msg and msg.endswith("https://x.example/feed")


def test_plain_text():
    assert plain_text("A &amp; B <i>c</i>\n  d") == "A & B c d"
    assert plain_text("x<script>bad()</script><style>p{}</style>y") == "xy"
    assert plain_text("one<br>two") == "one two"
    assert plain_text(None) == ""


def _rss_dated(*dates: str) -> bytes:
    items = "".join(f"<item><title>{i}</title><link>https://d.example/{i}</link><pubDate>{d}</pubDate></item>"
                    for i, d in enumerate(dates))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>D</title>{items}</channel></rss>'.encode()


def test_entries_keep_the_utc_offset_their_feed_wrote():
    # A US evening story is already the next day in UTC: its reporter's "tonight" needs the
    # offset, which feedparser's UTC struct_time drops.
    rss = parse_feed(_rss_dated("Sat, 17 Sep 2016 23:00:00 -0400", "Sat, 17 Sep 2016 23:00:00 EDT",
                                "Sat, 17 Sep 2016 23:00:00 GMT", "Sat, 17 Sep 2016 23:00:00 -0000"), FEED_URL)
    assert [(e.published, e.utc_offset_minutes) for e in rss.entries] == [
        (datetime(2016, 9, 18, 3, tzinfo=UTC), -240),
        (datetime(2016, 9, 18, 3, tzinfo=UTC), -240),
        (datetime(2016, 9, 17, 23, tzinfo=UTC), 0),
        (datetime(2016, 9, 17, 23, tzinfo=UTC), None),  # RFC 2822's "-0000": the zone is unknown
    ]
    first, *_, undated = parse_feed(RSS2, FEED_URL).entries
    assert first.utc_offset_minutes == 120
    assert undated.utc_offset_minutes == 0  # "updated" only, written with "Z"
    atom = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
      <entry><title>One</title><link href="https://d.example/1"/><id>1</id>
        <published>2016-09-17T23:00:00+05:30</published><updated>2016-09-18T09:00:00Z</updated></entry>
      <entry><title>Two</title><link href="https://d.example/2"/><id>2</id></entry></feed>"""
    one, two = parse_feed(atom, FEED_URL).entries
    # published's own offset, not updated's
    assert (one.published, one.utc_offset_minutes) == (datetime(2016, 9, 17, 17, 30, tzinfo=UTC), 330)
    assert (two.published, two.utc_offset_minutes) == (None, None)
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
        {"id": "1", "url": "https://d.example/j1", "date_published": "2016-09-17T23:00:00-04:00"},
        {"id": "2", "url": "https://d.example/j2", "date_published": "not a date"},
    ]}
    j1, j2 = parse_feed(json.dumps(doc).encode(), FEED_URL).entries
    assert (j1.published, j1.utc_offset_minutes) == (datetime(2016, 9, 18, 3, tzinfo=UTC), -240)
    assert (j2.published, j2.utc_offset_minutes) == (None, None)

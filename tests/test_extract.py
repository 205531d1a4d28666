"""Extraction: decoding, text form, metadata, failures — and the whole ingestion path
(feed → fetch → extract) over the 121 real pages of the Zyte benchmark."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

import pytest

from ingest_helpers import LocalServer, ingest_config, reply, shared_data, text
from newsdigest.errors import ExtractError
from newsdigest.extract import decode_html, extract_article, text_from_html
from newsdigest.feeds import parse_feed
from newsdigest.fetch import Fetcher

PARAS = [
    (
        "The city council voted on Tuesday to expand the northern tram line by twelve kilometres, "
        "a project that officials said would cut commuting times for forty thousand residents."
    ),
    (
        "Mayor Lena Ortiz told reporters that construction would begin next spring and that the "
        "first trams would run on the new section within three years of the ground-breaking."
    ),
    (
        "Opposition members argued that the budget of 480 million euros was too optimistic and "
        "asked the transport department to publish its cost estimates before the final decision."
    ),
    (
        "Residents of the affected districts have until the end of the month to comment on the "
        "route, which passes the university campus, the hospital and two large housing estates."
    ),
]


def article_page(charset: str = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="{charset}">
<title>Council backs tram extension | Daily Example</title>
<link rel="canonical" href="/news/tram-extension">
<meta name="author" content="Jonas Weber">
<meta property="article:published_time" content="2025-04-02T09:15:00+02:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Council backs tram extension</h1>{body}</article>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Reader42 wrote: this will never be finished on time, mark my words, nothing ever is in this city.</p></div>
</section>
<footer>Copyright Daily Example. All rights reserved.</footer></body></html>"""


def test_extract_article_text_form_and_metadata():
    ex = extract_article(article_page().encode(), "https://daily.example/news/tram-extension?utm_source=x")
    lines = ex.text.split("\n")
    for p in PARAS:
        assert p in lines  # one paragraph per line, exactly as written
    assert "\n\n" not in ex.text and ex.text == ex.text.strip()
    assert "Reader42" not in ex.text and "Copyright" not in ex.text  # comments and boilerplate out
    assert ex.title == "Council backs tram extension"
    assert ex.author == "Jonas Weber"
    assert ex.published == datetime(2025, 4, 2, 7, 15, tzinfo=UTC)
    assert ex.canonical_url == "https://daily.example/news/tram-extension"
    assert ex.language == "en"


GERMAN = [
    (
        "Der Stadtrat hat am Dienstag beschlossen, die nördliche Straßenbahnlinie um zwölf Kilometer zu "
        "verlängern, ein Projekt, das nach Angaben der Verwaltung die Pendelzeiten für vierzigtausend Bewohner verkürzt."
    ),
    (
        "Bürgermeisterin Lena Ortiz sagte, dass die Bauarbeiten im nächsten Frühjahr beginnen und die ersten "
        "Bahnen innerhalb von drei Jahren nach dem Spatenstich auf dem neuen Abschnitt fahren sollen."
    ),
    (
        "Die Opposition hält das Budget von 480 Millionen Euro für zu optimistisch und verlangt, dass das "
        "Verkehrsamt seine Kostenschätzungen vor der endgültigen Entscheidung veröffentlicht."
    ),
]


def test_a_page_that_says_english_over_another_languages_text_is_that_language() -> None:
    # A theme's <html lang="en"> over a German article whose content-language says "de" (a real
    # page of the extraction set): the text settles it. English text keeps "en" whatever the
    # meta says, and an English page with no other declaration stays English even where its text
    # has few small words (a box score).
    def page(paras: list[str], meta: str) -> str:
        body = "".join(f"<p>{p}</p>" for p in paras)
        return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{meta}<title>Tram</title></head>'
                f"<body><article><h1>Tram</h1>{body}</article></body></html>")

    de = '<meta http-equiv="content-language" content="de">'
    assert extract_article(page(GERMAN, de), "https://daily.example/a").language == "de"
    assert extract_article(page(GERMAN, '<meta property="og:locale" content="de_DE">'),
                           "https://daily.example/a").language == "de"
    assert extract_article(page(PARAS, de), "https://daily.example/a").language == "en"
    box = ["Palm Bay d. Rockledge 70-44. Palm Bay (1-0): Tolivert 25 points. Davis 17 points. Burgher 10 points. "
           "Bozeman 10 points. Bean-Laing 5 points. Moore 3 points. Rockledge (0-1): Blakely 15 points. Devoe 2 "
           "points. Baker 6 points. Brown 4 points. Upshaw 3 points. Williams 6 points. Dquendo 4 points. Balmer 4 "
           "points. Heritage d. Titusville 53-9. Heritage (1-0): Armani Sheffield 19 points and 3 steals."]
    assert extract_article(page(box, '<meta property="og:locale" content="es_ES">'),
                           "https://daily.example/a").language == "es"  # no English to read: the other says
    assert extract_article(page(box, ""), "https://daily.example/a").language == "en"


def test_extract_accepts_str_and_legacy_charsets():
    page = article_page("windows-1252").replace("euros", "€uros — “quoted”")
    ex = extract_article(page.encode("cp1252"), "https://daily.example/a")
    assert "480 million €uros — “quoted”" in ex.text
    assert extract_article(page, "https://daily.example/a").text == ex.text


def test_invisible_characters_are_dropped_from_text_and_title():
    # A soft hyphen inside a name ("Doug \u00adAndres"), a zero-width space, a word joiner: they
    # print nothing, but a quote or a name with one inside matches nothing else.
    page = article_page().replace("Mayor Lena Ortiz", "Mayor Lena \u00adOr\u200btiz").replace(
        "Council backs tram extension</h1>", "Council backs tram ex\u00adtension</h1>"
    ).replace("northern tram line", "northern\u2060 tram line")
    ex = extract_article(page, "https://daily.example/a")
    assert "Mayor Lena Ortiz told reporters" in ex.text
    assert "northern tram line" in ex.text
    assert not any(c in ex.text + ex.title for c in "\u00ad\u200b\u2060\ufeff")


def test_an_inline_link_in_a_span_of_class_link_keeps_its_words():
    # CBS Sports wraps a sentence's links in <span class="link">, which trafilatura's precision
    # mode drops as a links box: "La Canfora has reported that for his role in the fight".
    page = article_page().replace(
        "Mayor Lena Ortiz told reporters",
        'Mayor <span class="link"><a href="https://daily.example/ortiz">Lena Ortiz</a></span> told reporters')
    ex = extract_article(page, "https://daily.example/a")
    assert "Mayor Lena Ortiz told reporters" in ex.text


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "no_text"),
        (b"   ", "no_text"),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no_text"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", "not_html"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "not_html"),
    ],
)
def test_no_article_is_an_extract_error(content, reason):
    with pytest.raises(ExtractError) as info:
        extract_article(content, "https://x.example/p")
    assert info.value.reason == reason
    assert str(info.value).startswith("extract: ") and str(info.value).endswith("https://x.example/p")


def test_decode_html_sources_of_charset():
    assert decode_html("é".encode()) == "é"
    assert decode_html(b"\xef\xbb\xbf\xc3\xa9") == "é"  # BOM
    assert decode_html("é".encode("utf-16-le").join([b"\xff\xfe", b""])) == "é"
    assert decode_html("é“".encode("cp1252"), "text/html; charset=ISO-8859-1") == "é“"  # as browsers do
    assert decode_html('<meta charset="koi8-r">Привет'.encode("koi8_r")).endswith("Привет")
    meta_lie = '<meta charset="utf-8">café'.encode("cp1252")
    assert decode_html(meta_lie).endswith("caf\ufffd")  # never raises
    assert decode_html("ok é".encode(), "text/html; charset=no-such-codec") == "ok é"
    # the HTTP header wins over <meta>
    assert decode_html('<meta charset="koi8-r">é'.encode(), "text/html; charset=utf-8").endswith("é")


def test_text_from_html_same_form_as_articles():
    html = (
        "<p>One &amp; <b>two</b></p><p>Three<br>four</p>tail<script>x()</script>"
        "<!-- note --><ul><li>a</li><li> b  c </li></ul><div><div>nested</div></div>"
    )
    assert text_from_html(html) == "One & two\nThree\nfour\ntail\na\nb c\nnested"
    assert text_from_html("") == "" and text_from_html("plain words") == "plain words"
    assert text_from_html("<p>\u00a0</p><p>x</p>") == "x"
    page = (
        "<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body><p>Body</p></body></html>"
    )
    assert text_from_html(page) == "Body"  # whole pages too; <head> is not text
    assert text_from_html("<p>unclosed <b>bold") == "unclosed bold"
    assert text_from_html("\x00<p>nul</p>").endswith("\nnul")  # NUL becomes U+FFFD, as in browsers


def _pages():
    root = shared_data() / "extraction"
    if not (root / "ground-truth.json").is_file():
        pytest.skip(f"benchmark pages not found under {root}")
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    return {p.name.split(".")[0]: p.read_bytes() for p in sorted((root / "html").glob("*.html.gz"))}, truth


@pytest.mark.slow
def test_every_benchmark_page_becomes_an_article_through_feed_fetch_extract():
    pages, truth = _pages()
    assert len(pages) == 121
    when = datetime(2025, 1, 1, tzinfo=UTC)
    items = "".join(
        f"<item><title>{escape(pid)}</title><link>/articles/{pid}.html</link>"
        f"<pubDate>{format_datetime(when)}</pubDate><guid>{pid}</guid></item>"
        for pid in pages
    )
    rss = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>{items}</channel></rss>'
    # The saved pages go out gzip-encoded as they are, so the decoder is exercised too.
    routes = {
        f"/articles/{pid}.html": (lambda h, body=body: reply(h, 200, body, {"Content-Encoding": "gzip"}))
        for pid, body in pages.items()
    }
    routes["/feed.xml"] = text(rss, Content_Type="application/rss+xml")
    start = time.monotonic()
    with LocalServer(routes) as srv, Fetcher(ingest_config(fetch_max_bytes=5_000_000)) as fetcher:
        feed_res = fetcher.get(srv.url("/feed.xml"), accept="application/rss+xml")
        feed = parse_feed(feed_res.content, feed_res.url, max_entries=500)
        assert len(feed.entries) == 121

        def ingest(entry):
            res = fetcher.get(entry.url)
            return (
                entry,
                res,
                extract_article(res.content, res.url, content_type=res.headers.get("content-type", "")),
            )

        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(ingest, feed.entries))
    elapsed = time.monotonic() - start
    assert len(results) == 121
    short = []
    for entry, res, ex in results:
        pid = entry.title
        assert res.url == entry.url and res.status == 200
        words = len(ex.text.split())
        true_words = len(truth[pid]["articleBody"].split())
        if words < min(40, true_words // 2):
            short.append((pid, words, true_words))
    assert short == [], short
    assert elapsed < 60, elapsed


def test_a_feeds_html_loses_its_bidirectional_embeddings():
    """A social post's embed leaves a left-to-right embedding before a handle and a closing mark
    after it; a digest's sentence cut between them turns the text after it around."""
    html = ("<p>Trump tweeted \u202a@realDonaldTrump\u202c that the vote was rigged, and \u2066he\u2069 said so "
            "again.</p>")
    assert text_from_html(html) == "Trump tweeted @realDonaldTrump that the vote was rigged, and he said so again."

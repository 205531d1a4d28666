"""The digest page's extras: coverage chart (inline SVG), earlier versions, editors' marks.

Real app (starlette TestClient) on a real SQLite storage; the SVG is parsed as XML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
import web_sample
from starlette.testclient import TestClient

from newsdigest.records import Paragraph, RelevantArticle
from newsdigest.settings import load_config
from newsdigest.web import create_app
from newsdigest.web.coverage_chart import MAX_SERIES, OTHER, coverage_chart

FIRE = "/2024/05/22/halbrook-substation-fire-power-outage/"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def site_config():
    return load_config(env={}).replace(site_url="https://news.example", site_title="The Daily Digest")


@pytest.fixture
def client(sqlite_storage, site_config) -> Iterator[TestClient]:
    web_sample.fill(sqlite_storage)
    with TestClient(create_app(site_config, sqlite_storage, cache_seconds=0, page_cache=False), follow_redirects=False) as c:
        yield c


def _svg(html: str) -> ET.Element:
    m = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert m, "no inline SVG on the page"
    return ET.fromstring(m.group(0))


def _bars(svg: ET.Element) -> list[ET.Element]:
    return [r for r in svg.iter(f"{SVG}rect") if "cc-bar" in (r.get("class") or "")]


def _ra(aid: str, outlet: str, hours: float, dup: str | None = None) -> RelevantArticle:
    return RelevantArticle(aid, f"Title {aid}", outlet, f"https://x.example/{aid}",
                           web_sample.NOW - timedelta(hours=hours), dup)


# ------------------------------------------------------------------ the chart itself


def test_chart_stacks_articles_per_hour_by_outlet() -> None:
    arts = [
        _ra("a", "Northwire", 5.2), _ra("b", "Northwire", 5.9), _ra("c", "Clarion", 5.5),
        _ra("d", "Clarion", 1.1), _ra("e", "Gazette", 0.2),
        RelevantArticle("f", "undated", "Gazette", "https://x.example/f", None),
    ]
    chart = coverage_chart(arts)
    assert chart is not None
    assert chart.bucket_hours == 1 and chart.dated == 5 and chart.undated == 1
    assert [(s.name, s.total) for s in chart.series] == [("Clarion", 2), ("Northwire", 2), ("Gazette", 1)]
    svg = ET.fromstring(str(chart.svg))
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Coverage of this story: articles per hour, by outlet"
    assert "5 articles from 3 outlets" in svg.find(f"{SVG}desc").text
    bars = _bars(svg)
    tips = sorted(b.find(f"{SVG}title").text for b in bars)
    # 09:00 hour holds two Northwire articles and one Clarion: two stacked rects.
    assert "Northwire: 2 articles, 22 May 09:00–10:00 UTC" in tips
    assert "Clarion: 1 article, 22 May 09:00–10:00 UTC" in tips
    assert len(bars) == 4
    # Stacked: the Northwire rect sits directly on top of the Clarion rect in the same column.
    col = [b for b in bars if "09:00" in b.find(f"{SVG}title").text]
    assert len({b.get("x") for b in col}) == 1
    lower, upper = sorted(col, key=lambda b: -float(b.get("y")))
    assert float(upper.get("y")) + float(upper.get("height")) == pytest.approx(float(lower.get("y")), abs=0.05)
    # Twice the articles, twice the height.
    assert float(upper.get("height")) == pytest.approx(2 * float(lower.get("height")), abs=0.05)
    # Colours are CSS classes (CSP forbids inline styles): no style attribute anywhere.
    assert all(el.get("style") is None for el in svg.iter())
    assert all(re.search(r"\bcc-(s\d|other)\b", b.get("class")) for b in bars)


def test_chart_folds_small_outlets_and_widens_buckets() -> None:
    arts = [_ra(f"a{i}", f"Outlet {i:02d}", i * 3.0) for i in range(MAX_SERIES + 3)]
    arts += [_ra(f"x{i}", "Outlet 00", 100 + i) for i in range(3)]  # spans > 48 h
    chart = coverage_chart(arts)
    assert chart is not None
    assert len(chart.series) == MAX_SERIES and chart.series[-1].name == OTHER
    assert chart.series[0] == type(chart.series[0])("Outlet 00", "cc-s0", 4)
    assert chart.bucket_hours == 3
    assert sum(s.total for s in chart.series) == len(arts)
    svg = ET.fromstring(str(chart.svg))
    assert "articles per 3 hours" in svg.find(f"{SVG}title").text
    assert len(_bars(svg)) <= 48 * len(chart.series)


def test_no_chart_without_dates() -> None:
    assert coverage_chart([RelevantArticle("a", "t", "o", "u", None)]) is None


# ------------------------------------------------------------------ on the page


def test_digest_page_has_the_chart(client: TestClient) -> None:
    r = client.get(FIRE)
    assert r.status_code == 200
    assert "unsafe-inline" not in r.headers["content-security-policy"]
    svg = _svg(r.text)
    tips = {b.find(f"{SVG}title").text for b in _bars(svg)}
    assert "Valley Post: 1 article, 21 May 20:00–21:00 UTC" in tips
    assert len(tips) == 4
    legend = r.text[r.text.index('class="cc-legend"'):]
    assert "Northwire (1)" in legend and "Valley Post (1)" in legend
    assert "<script" not in r.text[r.text.index("<svg"): r.text.index("</svg>")]


def test_hostile_outlet_names_are_escaped_in_the_svg(sqlite_storage, site_config) -> None:
    bad = "Evil </svg><script>alert(1)</script> & \"Co\""
    digest = replace(
        web_sample.hostile(web_sample.NOW - timedelta(hours=2)),
        relevant_articles=(
            RelevantArticle("evil-1", "<img src=x onerror=alert(1)>", bad, "https://e.example/1", web_sample.NOW - timedelta(hours=3)),
            RelevantArticle("evil-2", "second", bad, "https://e.example/2", web_sample.NOW - timedelta(hours=2)),
        ),
    )
    web_sample.fill(sqlite_storage, [digest])
    with TestClient(create_app(site_config, sqlite_storage, cache_seconds=0)) as c:
        html = c.get("/2024/05/22/hostile-story/").text
    assert "<script>alert(1)" not in html
    svg = _svg(html)  # parses: the hostile name did not close the SVG early
    tips = [b.find(f"{SVG}title").text for b in _bars(svg)]
    assert tips and all(t.startswith(bad + ": 1 article") for t in tips)
    assert "Evil &lt;/svg&gt;&lt;script&gt;" in html[html.index("<svg"):]


# ------------------------------------------------------------------ versions


def _grow(storage) -> None:
    """The fire story grows: a new article arrives and the digest is rewritten."""
    first = storage.digest_by_slug("halbrook-substation-fire-power-outage")
    grown = replace(
        first,
        headline="Halbrook power fully restored after substation fire",
        relevant_articles=first.relevant_articles + (_ra("nw-2", "Northwire", 0.5),),
        writer="extractive",
    )
    storage.save_digest(grown, now=web_sample.NOW + timedelta(hours=1))


def test_a_grown_story_says_updated_and_lists_versions(client: TestClient, sqlite_storage) -> None:
    assert "Previous versions" not in client.get(FIRE).text
    _grow(sqlite_storage)
    html = client.get(FIRE).text
    assert "Halbrook power fully restored after substation fire</h1>" in html
    assert 'Updated <time datetime="2024-05-22T16:00:00Z">22 May 2024, 16:00 UTC</time>' in html
    versions = html[html.index('class="versions"'):html.index("</details>")]
    assert "This is version 2. Previous versions (1)" in versions
    assert f'href="{FIRE}v/1/"' in versions and "first version" in versions
    assert f'href="{FIRE}v/2/"' not in versions


def test_an_old_version_reads_as_it_was(client: TestClient, sqlite_storage) -> None:
    _grow(sqlite_storage)
    r = client.get(f"{FIRE}v/1/")
    assert r.status_code == 200
    html = r.text
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical" href="https://news.example' + FIRE + '">' in html
    assert "This is version 1 of 2, from" in html
    assert f'<a href="{FIRE}">Read the current version</a>' in html
    assert "Halbrook substation fire leaves 180,000 homes without power</h1>" in html
    assert "nw-2" not in html  # the article that arrived later is not in version 1
    assert "method=\"post\"" not in html.lower()  # read-only: no comment, report or subscribe forms
    # The current version number redirects to the page; beyond it and junk are 404.
    assert client.get(f"{FIRE}v/2/").headers["location"] == FIRE
    assert client.get(f"{FIRE}v/3/").status_code == 404
    assert client.get(f"{FIRE}v/0/").status_code == 404
    assert client.get(f"{FIRE}v/abc/").status_code == 404
    # One address per version: a wrong date redirects.
    assert client.get("/2024/5/22/halbrook-substation-fire-power-outage/v/1/").headers["location"] == f"{FIRE}v/1/"


def test_storage_reads_a_stored_version(sqlite_storage) -> None:
    web_sample.fill(sqlite_storage)
    _grow(sqlite_storage)
    current = sqlite_storage.digest_by_slug("halbrook-substation-fire-power-outage")
    old = sqlite_storage.digest_version(current.id, 1)
    assert old is not None and old.version == 1 and old.id == current.id
    assert old.published == current.published
    assert old.paragraphs == current.paragraphs and len(old.relevant_articles) == 4
    assert sqlite_storage.digest_version(current.id, 9) is None


# ------------------------------------------------------------------ editors' marks


def test_paragraphs_an_editor_changed_are_marked(client: TestClient, sqlite_storage) -> None:
    user = sqlite_storage.create_user("alice", "x", "editor")
    d = sqlite_storage.digest_by_slug("halbrook-substation-fire-power-outage")
    paras = list(d.paragraphs)
    paras[2] = Paragraph(paras[2].text.replace("crews had found", "crews found"), paras[2].citations)
    sqlite_storage.save_edited_digest(replace(d, paragraphs=tuple(paras)), user=user, action="edit",
                                      edited_paragraphs=[2], now=web_sample.NOW + timedelta(hours=1))
    html = client.get(FIRE).text
    marked = re.findall(r'<p class="([^"]*)">', html[html.index('class="digest-body"'):html.index('class="sources"')])
    assert marked == ["lede", "edited"]
    assert html.count('class="edited-mark"') == 1
    assert "alice" not in html  # who edited is the newsroom's business
    # The next rewrite of the grown story leaves the editor's version in the list.
    _grow(sqlite_storage)
    html = client.get(FIRE).text
    assert "Version 2</a>" in html and "edited by our editors" in html and "alice" not in html
    assert 'class="edited-mark"' not in html  # the marks belonged to version 2

"""The story timeline: first report, then only what is new in each later article."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from starlette.testclient import TestClient

from newsdigest.analyse import analyse
from newsdigest.records import Article, Citation, Digest, Paragraph, RelevantArticle, Story
from newsdigest.timeline import timeline
from newsdigest.web import create_app

T0 = datetime(2024, 5, 21, 22, 0, tzinfo=UTC)

FIRST = Article(
    id="a1",
    source="Northwire",
    title="Substation fire cuts power in Halbrook",
    url="https://northwire.example/news/a1",
    published=T0,
    text=(
        "A fire at the Kessler Road substation cut power to about 180,000 homes in Halbrook on Tuesday night. "
        "Firefighters from three stations fought the blaze for two hours before bringing it under control. "
        "The cause of the fire was not immediately known."
    ),
)
# Says nothing the first report did not: reordered and lightly reworded.
REPEAT = Article(
    id="a2",
    source="Clarion",
    title="Halbrook in the dark",
    url="https://clarion.example/a2",
    published=T0 + timedelta(hours=2),
    text=(
        "About 180,000 homes in Halbrook lost power on Tuesday night after a fire at the Kessler Road substation. "
        "Firefighters from three stations fought the blaze for two hours before it was brought under control."
    ),
)
# A new number and a new quote.
UPDATE = Article(
    id="a3",
    source="Gazette",
    title="Grid operator restores most customers",
    url="https://gazette.example/a3",
    published=T0 + timedelta(hours=14),
    text=(
        "A fire at the Kessler Road substation cut power to about 180,000 homes in Halbrook on Tuesday night. "
        "Halgrid said power had been restored to 150,000 customers by Wednesday noon. "
        "“We expect every home to be reconnected by Thursday evening,” Halgrid chief executive Maria Olsen said."
    ),
)
# A wire copy carried later by another outlet: it must add nothing, even its new words.
REPRINT = Article(
    id="a4",
    source="Valley Post",
    title="Grid operator restores most customers",
    url="https://valleypost.example/a4",
    published=T0 + timedelta(hours=15),
    duplicate_of="a3",
    text=UPDATE.text + " Officials counted 42 substations checked overnight across the whole region.",
)


@pytest.fixture(scope="module")
def analyses():
    return {a.id: analyse(a) for a in (FIRST, REPEAT, UPDATE, REPRINT)}


def test_first_report_is_the_lede(analyses) -> None:
    items = timeline([FIRST], analyses)
    assert len(items) == 1
    first = items[0]
    assert first.kind == "first" and first.article_id == "a1" and first.when == T0
    assert first.text.startswith("A fire at the Kessler Road substation") and first.text.endswith("Tuesday night.")
    assert FIRST.text[first.start : first.end] == first.text
    assert (first.outlet, first.url, first.title) == ("Northwire", FIRST.url, FIRST.title)


def test_an_items_text_leaves_the_dateline_out() -> None:
    """The item's time and outlet say where and when; "HOLLINS FORD (BPA) - " is the wire's."""
    wired = Article(id="w1", source="Kestrel Valley Courier", published=T0, text=(
        "HOLLINS FORD (BPA) - About 3,000 people were moved to higher ground as the river rose overnight. "
        "MARROW BEND — Joan Whitaker said the water reached her kitchen for the first time in forty years."))
    later = Article(id="w2", source="Ashford Observer", published=T0 + timedelta(hours=3), text=(
        "MARROW BEND — Emergency crews opened two shelters at the town's school, where 400 people slept."))
    items = timeline([wired, later], {a.id: analyse(a) for a in (wired, later)})
    assert items[0].text.startswith("About 3,000 people were moved")
    assert all(not i.text.startswith(("HOLLINS", "MARROW")) for i in items) and len(items) == 2
    by_id = {a.id: a for a in (wired, later)}
    assert all(by_id[i.article_id].text[i.start : i.end] == i.text for i in items)


def test_a_later_article_repeating_old_facts_adds_nothing(analyses) -> None:
    # Given out of order: the walk is by time, not by list order.
    items = timeline([REPEAT, FIRST], analyses)
    assert [(i.kind, i.article_id) for i in items] == [("first", "a1")]


def test_a_new_number_and_a_new_quote_add_items(analyses) -> None:
    items = timeline([UPDATE, REPEAT, FIRST], analyses)
    kinds = [(i.kind, i.article_id) for i in items]
    assert kinds[0] == ("first", "a1")
    later = items[1:]
    assert {i.article_id for i in later} == {"a3"}
    texts = [i.text for i in later]
    assert any("150,000 customers" in t for t in texts)
    quote = next(i for i in later if i.kind == "quote")
    assert quote.text == "We expect every home to be reconnected by Thursday evening,"
    assert quote.speaker == "Maria Olsen"
    # The repeated lede of a3 is not a development.
    assert not any(t.startswith("A fire at the Kessler Road") for t in texts)
    # Time order, and every item verbatim at its offsets.
    assert [i.when for i in items] == sorted(i.when for i in items)
    by_id = {a.id: a for a in (FIRST, REPEAT, UPDATE)}
    for i in items:
        assert by_id[i.article_id].text[i.start : i.end] == i.text


def test_reprints_add_nothing(analyses) -> None:
    with_reprint = timeline([FIRST, UPDATE, REPRINT], analyses)
    without = timeline([FIRST, UPDATE], analyses)
    assert with_reprint == without
    assert all(i.article_id != "a4" for i in with_reprint)
    assert not any("42 substations" in i.text for i in with_reprint)


def test_works_without_analyses_and_orders_by_fetch_time() -> None:
    # No analysis stored: a plain splitter and quote finder stand in; fetched stands in for published.
    a = Article(id="x1", text=FIRST.text, source="Northwire", fetched=T0.replace(tzinfo=None))
    b = Article(id="x2", text=UPDATE.text, source="Gazette", fetched=T0 + timedelta(hours=3))
    undated = Article(id="x3", text="Officials counted 42 substations checked overnight across the region.")
    items = timeline([b, undated, a], {})
    assert items[0].kind == "first" and items[0].article_id == "x1"
    assert items[0].when.tzinfo is not None
    assert {i.article_id for i in items[1:]} == {"x2"}
    assert any(i.kind == "quote" for i in items[1:])
    for i in items:
        assert {"x1": a, "x2": b}[i.article_id].text[i.start : i.end] == i.text


def test_max_items_keeps_the_first_report_and_the_most_informative() -> None:
    news = [
        "Inspectors counted 111 damaged transformers near the warehouse district overnight.",
        "Two hospitals switched to backup generators while tram services stopped citywide.",
        "Schools across three districts cancelled classes for Wednesday morning lessons.",
        "Insurers estimated claims could reach 40 million euros from shopkeepers alone.",
        "Police closed Kessler Road between the river bridge and the railway crossing.",
        "Volunteers handed out blankets and water at the central library overnight.",
    ]
    arts = [FIRST] + [
        Article(id=f"n{k}", source=f"Outlet {k}", published=T0 + timedelta(hours=k + 1), text=t)
        for k, t in enumerate(news)
    ]
    assert len(timeline(arts, {})) == 7
    items = timeline(arts, {}, max_items=4)
    assert len(items) == 4 and items[0].kind == "first"
    # The two with new numbers outrank plain ones.
    assert {"n0", "n3"} <= {i.article_id for i in items}
    assert [i.when for i in items] == sorted(i.when for i in items)
    assert timeline(arts, {}, max_items=0) == []
    assert timeline([], {}) == []


@pytest.mark.parametrize("clustered", [True, False], ids=["reprint-stored", "reprint-only-in-digest"])
def test_digest_page_shows_the_timeline(sqlite_storage, config, analyses, clustered: bool) -> None:
    hostile = Article(
        id="a5",
        source="Evil <b>Outlet</b>",
        url="javascript:alert(1)",
        published=T0 + timedelta(hours=20),
        text="Investigators found that a <script>alert(1)</script> relay failed at 21:40 before the blaze began.",
    )
    stored = [FIRST, REPEAT, UPDATE, REPRINT, hostile]
    sqlite_storage.add_articles(stored)
    sqlite_storage.save_analyses([analyses[a.id] for a in stored[:4]] + [analyse(hostile)])
    sqlite_storage.save_stories([Story(id=7, article_ids=tuple(a.id for a in stored), title="Halbrook fire")])
    if clustered:
        sqlite_storage.assign_stories({a.id: 7 for a in stored}, {"a4": "a3"})
    lede = "A fire cut power to about 180,000 homes in Halbrook, and most were reconnected a day later."
    digest = sqlite_storage.save_digest(
        Digest(
            story_id=7,
            headline="Halbrook substation fire",
            lede=lede,
            paragraphs=(Paragraph(lede, (Citation("a1", 0, 100),)),),
            quotes=(),
            relevant_articles=tuple(
                RelevantArticle(a.id, a.title, a.source, a.url, a.published, a.duplicate_of) for a in stored
            ),
            slug="halbrook-substation-fire",
            published=T0 + timedelta(days=1),
        )
    )
    with TestClient(create_app(config, sqlite_storage)) as client:
        page = client.get(f"/{digest.published:%Y/%m/%d}/{digest.slug}/")
    assert page.status_code == 200
    html = page.text
    assert 'id="timeline-h"' in html
    section = html[html.index('id="timeline-h"') : html.index("</section>", html.index('id="timeline-h"'))]
    assert section.count('<li class="timeline-item') == 4  # first, two from a3, one from a5
    assert 'First report' in section and '<time datetime="2024-05-21T22:00:00Z">' in section
    assert "150,000 customers" in section
    assert "<q>We expect every home to be reconnected by Thursday evening,</q>" in section
    assert 'href="https://gazette.example/a3" rel="nofollow noopener"' in section
    assert "Valley Post" not in section and "Clarion" not in section
    # Hostile outlet and text are escaped; the javascript: URL never becomes a link.
    assert "<script>" not in section and "&lt;script&gt;" in section
    assert "Evil &lt;b&gt;Outlet&lt;/b&gt;" in section and "javascript:" not in section
    # After the grouping box when it is shown, before the coverage section.
    if 'id="grouping-h"' in html:
        assert html.index('id="grouping-h"') < html.index('id="timeline-h"')

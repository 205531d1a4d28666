"""The pages as a reader sees them, in a real browser (Debian's chromium via Playwright).

A real app on a real SQLite file is served by uvicorn on 127.0.0.1; the home page and a
digest page are opened at desktop and phone widths, checked for what a reader must see,
and saved as screenshots under tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import web_sample
from browser_helpers import ARTIFACTS, free_port, serve_app
from newsdigest import publish
from newsdigest.settings import load_config
from newsdigest.storage import open_storage
from newsdigest.web import create_app

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list]]:
    """(base URL, saved digests) of a real app served by uvicorn in a thread."""
    storage = open_storage(str(tmp_path_factory.mktemp("browser") / "news.db"))
    digests = web_sample.fill(storage)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = create_app(load_config(env={}).replace(site_url=base, site_title="The Daily Digest"), storage)
    with serve_app(app, port):
        yield base, digests
    storage.close()


def _page(browser, width: int, height: int, scheme: str = "light"):
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return context, page, problems


def _shot(page, name: str) -> None:
    """The whole page, and what shows before any scrolling."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / f"{name}-fold.png"))


def _no_horizontal_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px"


@pytest.mark.parametrize("kind", WIDTHS)
def test_home_page(site, browser, kind: str) -> None:
    base, digests = site
    context, page, problems = _page(browser, *WIDTHS[kind])
    page.goto(base + "/")
    assert page.locator("header .brand").inner_text() == "The Daily Digest"
    trending = page.locator("section.trending")
    assert trending.is_visible()
    lead = trending.locator(".card-lead .card-title a")
    assert lead.inner_text() == digests[0].headline  # highest trend score first
    latest_titles = page.locator("section.latest .card-title a").all_inner_texts()
    assert latest_titles[0] == "Grid operator plans three new substations after outage"  # newest first
    assert web_sample.HOSTILE_HEADLINE in latest_titles  # shown as text, not run
    assert page.locator("footer .follow a").all_inner_texts() == ["RSS", "Atom", "JSON Feed"]
    _no_horizontal_scroll(page)
    _shot(page, f"home-{kind}")
    assert not problems, problems
    context.close()


@pytest.mark.parametrize("kind", WIDTHS)
def test_digest_page(site, browser, kind: str) -> None:
    base, digests = site
    fire = digests[0]
    context, page, problems = _page(browser, *WIDTHS[kind])
    page.goto(base + publish.digest_path(fire))
    assert page.locator("h1").inner_text() == fire.headline
    dateline = page.locator(".dateline").inner_text()
    assert dateline.startswith("Published on 22 May 2024")
    assert "Updated 22 May 2024, 14:00 UTC" in dateline
    assert len(page.locator(".digest-body p").all()) == len(fire.paragraphs)

    # Provenance: the first footnote leads to the first relevant article.
    note = page.locator(".digest-body sup.fn a").first
    assert (
        note.get_attribute("title")
        == f"{fire.relevant_articles[0].outlet}: {fire.relevant_articles[0].title}"
    )
    # Quotes are set off and link to their source, highlighting the words there.
    quote = page.locator("a.quote").first
    assert quote.is_visible()
    assert "#:~:text=" in (quote.get_attribute("href") or "")
    style = quote.locator("q").evaluate("e => getComputedStyle(e).fontStyle")
    assert style == "italic"

    sources = page.locator("section.sources ol.source-list > li")
    assert sources.count() == len(fire.relevant_articles)
    assert "reprint" in sources.nth(3).inner_text().lower()
    assert "Northwire" in sources.nth(0).inner_text()
    assert page.locator("#latest-h").text_content() == "Latest articles"
    assert page.locator("#similar-h").text_content() == "More like this"
    similar = page.locator("#similar-h + ul .mini-title").all_inner_texts()
    assert similar and similar[0] == "Grid operator plans three new substations after outage"
    excerpt = page.locator(".related .mini-excerpt").first.inner_text()
    assert excerpt.endswith("…") and len(excerpt) <= 86

    note.click()  # a reader can follow a footnote to the source it names
    assert page.evaluate("location.hash") == "#source-1"
    _no_horizontal_scroll(page)
    _shot(page, f"digest-{kind}")
    assert not problems, problems
    context.close()


def test_dark_mode_and_hostile_page(site, browser) -> None:
    base, digests = site
    context, page, problems = _page(browser, 1280, 900, scheme="dark")
    page.goto(base + publish.digest_path(digests[-1]))
    assert page.locator("h1").inner_text() == web_sample.HOSTILE_HEADLINE
    assert page.evaluate("window.__x === undefined")
    bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert bg == "rgb(18, 19, 22)"
    _shot(page, "hostile-dark")
    page.goto(base + publish.digest_path(digests[0]))
    _shot(page, "digest-dark")
    assert not problems, problems
    context.close()

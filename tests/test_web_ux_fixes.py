"""The UX review's fixes, through the real app on a real SQLite file (and, where only a
browser can tell, Debian's chromium via Playwright): colour contrast in both themes, the
gate's wording, the search page's single search box, subscribing from the archive gate
(back to the story, a mailed link that only confirms on a button), the reader forms' rate
limits, the coverage chart on a phone, slash redirects, /favicon.ico and topic feeds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

import web_sample
from newsdigest import publish
from newsdigest.settings import load_config
from newsdigest.storage import open_storage
from newsdigest.web import create_app
from newsdigest.web.coverage_chart import coverage_chart
from newsdigest.web.templating import STATIC_DIR
from reader_helpers import SAME_ORIGIN, SMTPServer, hidden, link_in
from test_subscribe import ADDRESS, FIRE, smtp  # noqa: F401 (FIRE is archived: behind the gate; smtp a fixture)

# ------------------------------------------------------------------ fixtures


@pytest.fixture
def env(tmp_path: Path):
    storage = open_storage(str(tmp_path / "news.db"))
    digests = web_sample.fill(storage)
    yield storage, digests, tmp_path
    storage.close()


def make_client(env, smtp: SMTPServer | None = None, **settings) -> TestClient:
    storage, _, tmp = env
    values = {"smtp_host": "127.0.0.1", "smtp_port": smtp.port if smtp else 1, "rate_limit_posts": 100,
              "comment_min_seconds": 0, "mail_from": "Daily Digest <news@digest.example>", **settings}
    config = load_config(env={}).replace(site_url="https://news.example", site_title="The Daily Digest",
                                         database_url=str(tmp / "news.db"), **values)
    return TestClient(create_app(config, storage), base_url="https://news.example")


@pytest.fixture
def no_cooldown(monkeypatch):
    from newsdigest.web.views import subscribe as view

    monkeypatch.setattr(view, "MAIL_COOLDOWN", timedelta(0))
    monkeypatch.setattr(view, "SIGNIN_COOLDOWN", timedelta(0))


def post_subscribe(client: TestClient, email: str, *, form: str | None = "gate", next_path: str = FIRE,
                   path: str = "/subscribe"):
    data = {"email": email, "next": next_path, "website": ""}
    if form is not None:
        data["form"] = form
    return client.post(path, data=data, headers=SAME_ORIGIN, follow_redirects=False)


# ------------------------------------------------------------------ 1. contrast


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _themes(css: str) -> dict[str, dict[str, str]]:
    light = css[css.index(":root {"):]
    light = light[: light.index("}")]
    dark = css[css.index("@media (prefers-color-scheme: dark)"):]
    dark = dark[dark.index(":root {"): dark.index("}")]
    base = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", light))
    return {"light": base, "dark": {**base, **dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", dark))}}


TEXT = ("text", "muted", "faint", "accent", "link")
GROUNDS = ("bg", "surface", "accent-soft", "quote-bg")


def test_every_text_colour_reaches_wcag_aa_in_both_themes() -> None:
    css = (STATIC_DIR / "site.css").read_text()
    low = []
    for theme, v in _themes(css).items():
        pairs = [(fg, bg) for fg in TEXT for bg in GROUNDS] + [("bg", "accent")]  # buttons: --bg on --accent
        for fg, bg in pairs:
            ratio = contrast(v[fg], v[bg])
            if ratio < 4.5:
                low.append(f"{theme}: --{fg} {v[fg]} on --{bg} {v[bg]} is {ratio:.2f}:1")
    assert not low, low
    # The header's Search button takes the theme's colours (#fff on the dark accent is 2.48:1).
    rule = re.search(r"\.site-search button \{([^}]*)\}", css)
    assert rule and "color: var(--bg)" in rule.group(1) and "#fff" not in rule.group(1)
    # The browsers' own placeholder grey is replaced by the theme's (≥ 4.5:1 too).
    assert re.search(r"::placeholder \{ color: var\(--faint\); opacity: 1; \}", css)


def test_the_mails_text_reaches_wcag_aa() -> None:
    """The newsletter's and a followed story's text, small print included: every inline colour on
    every background the mail sets."""
    for name in ("newsletter.html", "follow_update.html"):
        html = (STATIC_DIR.parent / "templates" / "mail" / name).read_text()
        colours = set(re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", html))
        grounds = set(re.findall(r"background(?:-color)?:\s*(#[0-9a-fA-F]{6})", html)) or {"#ffffff"}
        low = [(c, g) for c in colours for g in grounds if contrast(c, g) < 4.5]
        assert colours and not low, (name, low)


# ------------------------------------------------------------------ 2. gate wording


@pytest.mark.parametrize(("days", "wording"), [(1, "more than 1 day old"), (30, "more than 30 days old")])
def test_gate_says_day_or_days(env, days: int, wording: str) -> None:
    with make_client(env, archive_gate_days=days) as c:
        page = c.get(FIRE).text
    assert 'id="gate-h"' in page and wording in " ".join(page.split())


# ------------------------------------------------------------------ 3. search page


def test_search_page_form_is_styled_and_the_only_box_there(env) -> None:
    with make_client(env) as c:
        page = c.get("/search?q=fire").text
    assert page.count('class="search-form"') == 1 and 'value="fire"' in page
    css = (STATIC_DIR / "site.css").read_text()
    assert re.search(r"^\.search-form \{", css, re.M) and re.search(r'^\.search-form input\[type="search"\] \{', css, re.M)
    assert "body:has(main .search-form) .site-search { display: none; }" in css


# ------------------------------------------------------------------ 4. subscribing from the gate


def test_subscribing_from_the_gate_comes_back_to_the_story(env, smtp) -> None:
    with make_client(env, smtp) as c:
        page = c.get(FIRE).text
        assert hidden(page, "form") == "gate"  # the gate's form says where it is
        r = post_subscribe(c, ADDRESS)
        assert r.status_code == 303
        assert r.headers["location"] == FIRE + "?flash=subscribe-sent&form=gate#gate-subscribe"
        back = c.get(r.headers["location"]).text
        gate = back[back.index('id="gate"'):]
        assert "a mail with a confirmation link is on its way" in gate[: gate.index("</form>")]
        [msg] = smtp.inbox.wait(1)
        assert msg["To"] == ADDRESS
        # Refusals come back to the story too, shown in the same form.
        r = post_subscribe(c, "not an address")
        assert r.headers["location"] == FIRE + "?flash=subscribe-invalid&form=gate#gate-subscribe"
        back = c.get(r.headers["location"]).text
        assert re.search(r'id="gate-subscribe".*?<div class="form-errors" role="alert"><p>Please give a single email',
                         back, re.S)
        # The form under a readable digest (form "foot") goes back to its page as well.
        fresh = publish.digest_path(env[1][3])
        r = post_subscribe(c, "other@example.org", form="foot", next_path=fresh)
        assert r.headers["location"] == fresh + "?flash=subscribe-sent&form=foot#foot-subscribe"
        # The /subscribe page's own form answers there, as before.
        r = post_subscribe(c, "third@example.org", form="page")
        assert r.headers["location"] == "/subscribe?flash=sent"


@pytest.mark.parametrize("bad_next", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "%2F%2Fevil.example"])
def test_going_back_never_leaves_the_site(env, smtp, bad_next: str) -> None:
    with make_client(env, smtp) as c:
        r = post_subscribe(c, ADDRESS, next_path=bad_next)
        assert r.headers["location"] == "/?flash=subscribe-sent&form=gate#gate-subscribe"
        r = post_subscribe(c, "bad address", next_path=bad_next)
        assert r.headers["location"].startswith("/?flash=subscribe-invalid")


def test_the_mailed_link_confirms_only_on_the_button(env, smtp) -> None:
    storage = env[0]
    with make_client(env, smtp) as c:
        post_subscribe(c, ADDRESS)
        link = link_in(smtp.inbox.wait(1)[0], "confirm")
        # A mail scanner (or a preview) opening the link changes nothing and gets no cookie.
        for _ in range(2):
            ask = c.get(link)
            assert ask.status_code == 200 and "Confirm your subscription" in ask.text and ADDRESS in ask.text
            assert "nd_reader" not in ask.headers.get("set-cookie", "")
            assert ask.headers["cache-control"] == "no-store"
        assert c.head(link).status_code == 200
        assert storage.subscriber_by_email(ADDRESS).status == "pending"
        assert f'<form method="post" action="{link}">' in ask.text
        # The button posts from this site; another site cannot press it for a visitor.
        assert c.post(link, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
        assert c.post(link, headers={"Origin": "https://evil.example"}).status_code == 403
        assert storage.subscriber_by_email(ADDRESS).status == "pending"
        r = c.post(link, headers=SAME_ORIGIN)
        assert r.status_code == 200 and "You are subscribed" in r.text
        assert "nd_reader=" in r.headers["set-cookie"] and r.headers["cache-control"] == "no-store"
        assert f'href="{FIRE}"' in r.text  # back to the story the reader subscribed from
        assert storage.subscriber_by_email(ADDRESS).status == "confirmed"
        assert 'id="gate-h"' not in c.get(FIRE).text
        # Forged and stale links are refused on the GET already.
        assert c.get(link[:-3] + "abc").status_code == 400
        assert c.post(link[:-3] + "abc", headers=SAME_ORIGIN).status_code == 400


def test_a_stale_link_says_so_before_any_button(env, smtp, no_cooldown) -> None:
    storage = env[0]
    with make_client(env, smtp) as c:
        post_subscribe(c, ADDRESS)
        first = link_in(smtp.inbox.wait(1)[0], "confirm")
        storage.request_subscription(ADDRESS, cooldown=timedelta(0))  # a newer link was sent
        r = c.get(first)
        assert r.status_code == 400 and "does not work any more" in r.text and "<button" not in r.text.split("<main")[1]


def test_the_mail_tells_what_the_link_does(env, smtp) -> None:
    """The link keeps its address (``/subscribe/confirm/<token>``: links mailed before lead
    to the button page too); the mail says a button follows."""
    with make_client(env, smtp) as c:
        post_subscribe(c, ADDRESS)
        [msg] = smtp.inbox.wait(1)
        text = msg.get_body(("plain",)).get_content()
        assert re.search(r"open this link within three days and press Confirm:\s+https://news\.example/subscribe/confirm/"
                         r"[A-Za-z0-9._-]+\s", text)


# ------------------------------------------------------------------ 5. rate limits


def test_typos_do_not_spend_the_budget_but_garbage_is_still_bounded(env, smtp, no_cooldown) -> None:
    with make_client(env, smtp, rate_limit_posts=2) as c:
        # Five mistyped addresses: each refused as invalid, none counted against the budget.
        codes = [post_subscribe(c, f"typo{i}@", form="page").status_code for i in range(5)]
        assert codes == [400] * 5
        codes = [post_subscribe(c, f"r{i}@example.org", form="page").status_code for i in range(3)]
        assert codes == [303, 303, 429]
        # Sign-in has its own budget: a reader who subscribed (or commented) can still sign in.
        r = post_subscribe(c, ADDRESS, form=None, path="/subscribe/signin")
        assert r.status_code == 303 and r.headers["location"] == "/subscribe?flash=signin-sent"
    with make_client(env, smtp, rate_limit_posts=2) as c:
        # Invalid posts have a budget of their own, 4 x the limit: then 429.
        codes = [post_subscribe(c, f"x{i}", form="page").status_code for i in range(9)]
        assert codes == [400] * 8 + [429]
        r = post_subscribe(c, "still-bad", form="gate")  # from the gate: back to the story, told why
        assert r.headers["location"] == FIRE + "?flash=subscribe-limited&form=gate#gate-subscribe"
        assert "Too many requests" in c.get(r.headers["location"]).text
        # A valid post still has its own budget.
        assert post_subscribe(c, ADDRESS, form="page").status_code == 303


def test_sign_in_is_not_locked_out_by_typos_or_other_forms(env, smtp, no_cooldown) -> None:
    with make_client(env, smtp, rate_limit_posts=2) as c:
        for i in range(2):
            assert post_subscribe(c, f"r{i}@example.org", form="page").status_code == 303
        assert post_subscribe(c, "r9@example.org", form="page").status_code == 429
        codes = [post_subscribe(c, "typo@", form=None, path="/subscribe/signin").status_code for _ in range(3)]
        assert codes == [400, 400, 400]
        codes = [post_subscribe(c, ADDRESS, form=None, path="/subscribe/signin").status_code for _ in range(3)]
        assert codes == [303, 303, 429]


def _comment(c: TestClient, fields: dict[str, str], page: str):
    data = {"stamp": hidden(page, "stamp"), "website": "", **fields}
    return c.post(FIRE, data=data, headers=SAME_ORIGIN, follow_redirects=False)


def test_refused_comments_do_not_spend_the_budget(env) -> None:
    storage = env[0]
    with make_client(env, smtp_host="", rate_limit_posts=2) as c:
        page = c.get(FIRE).text
        codes = [_comment(c, {"name": "Ada", "email": "ada@", "body": "typo"}, page).status_code for _ in range(4)]
        assert codes == [400] * 4
        codes = [_comment(c, {"name": "Ada", "body": f"take {i}"}, page).status_code for i in range(3)]
        assert codes == [303, 303, 429]
        assert storage.count_comments(status=None) == 2
        # Refused posts are bounded too: 4 x the limit in all, then 429 with the text kept.
        codes = [_comment(c, {"name": "", "body": "kept text"}, page).status_code for _ in range(5)]
        assert codes == [400] * 4 + [429]
        r = _comment(c, {"name": "", "body": "kept text"}, page)
        assert r.status_code == 429 and "kept text" in r.text and "posted a lot" in r.text


# ------------------------------------------------------------------ 6. coverage chart


def test_chart_text_is_not_scaled() -> None:
    from newsdigest.records import RelevantArticle

    arts = [RelevantArticle(f"a{i}", "t", f"Outlet {i % 3}", f"https://x.example/{i}",
                            web_sample.NOW - timedelta(hours=i * 1.5)) for i in range(30)]
    chart = coverage_chart(arts)
    assert chart is not None
    svg = ET.fromstring(str(chart.svg))
    assert svg.get("viewBox") is None and svg.get("width") == "100%"  # drawn at the page's size: text is not shrunk
    ns = "{http://www.w3.org/2000/svg}"
    ticks = [g for g in svg.iter(f"{ns}g") if "cc-tick" in (g.get("class") or "")]
    shown_on_phones = [g for g in ticks if "cc-minor" not in g.get("class")]
    assert 2 <= len(shown_on_phones) <= 4 < len(ticks) <= 9
    assert all(t.get("x", "").endswith("%") for g in ticks for t in g.iter(f"{ns}text"))


# ------------------------------------------------------------------ 7. HTTP details


def test_slash_redirects_are_permanent_for_get_and_head(env) -> None:
    with make_client(env) as c:
        for method in ("GET", "HEAD"):
            r = c.request(method, "/topics/maria-olsen?page=1", follow_redirects=False)
            assert r.status_code == 308, method
            assert r.headers["location"] == "https://news.example/topics/maria-olsen/?page=1"
        r = c.get(FIRE.rstrip("/"), follow_redirects=False)
        assert r.status_code == 308 and r.headers["location"].endswith(FIRE)
        assert c.get("/topics", follow_redirects=False).status_code == 308
        assert c.post("/topics/maria-olsen", follow_redirects=False).status_code == 307  # not cached as permanent
        assert c.get("/no-such-page/", follow_redirects=False).status_code == 404


def test_favicon_ico_is_served(env) -> None:
    with make_client(env) as c:
        r = c.get("/favicon.ico")
        assert r.status_code == 200 and r.headers["content-type"] == "image/svg+xml"
        assert r.content == (STATIC_DIR / "favicon.svg").read_bytes() and r.content.startswith(b"<svg")
        assert "max-age" in r.headers["cache-control"]
        assert "sandbox" in r.headers["content-security-policy"]  # an SVG never runs script here
        assert c.head("/favicon.ico").status_code == 200


def test_topic_feeds_point_at_the_topic_page(env) -> None:
    import feedparser

    page = "https://news.example/topics/maria-olsen/"
    with make_client(env) as c:
        rss = c.get("/topics/maria-olsen/feed.xml")
        channel = ET.fromstring(rss.content).find("channel")
        assert channel.findtext("link") == page
        atom_ns = "{http://www.w3.org/2005/Atom}"
        assert channel.find(f"{atom_ns}link").get("href") == page + "feed.xml"
        assert {i.findtext("{http://purl.org/dc/elements/1.1/}creator") for i in channel.iter("item")} == {"The Daily Digest"}
        atom = c.get("/topics/maria-olsen/atom.xml")
        assert atom.text.startswith("<?xml") and '<feed xmlns="http://www.w3.org/2005/Atom">' in atom.text
        feed = feedparser.parse(atom.content)
        assert not feed.bozo and feed.feed.id == page and feed.feed.link == page
        assert feed.feed.author == "The Daily Digest"
        assert {link["href"] for link in feed.feed.links} == {page, page + "atom.xml"}
        assert feed.entries[0].link.startswith("https://news.example/2024/")
        # The site's own feeds are unchanged.
        assert ET.fromstring(c.get("/feed.xml").content).find("channel").findtext("link") == "https://news.example/"
        moved = c.get("/topics/" + quote("Maria Olsen") + "/feed.xml")
        assert moved.status_code == 404


# ------------------------------------------------------------------ in a browser


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    from browser_helpers import free_port, serve_app

    db = tmp_path_factory.mktemp("ux") / "news.db"
    storage = open_storage(str(db))
    digests = web_sample.fill(storage)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    config = load_config(env={}).replace(site_url=base, site_title="The Daily Digest", database_url=str(db))
    with serve_app(create_app(config, storage), port):
        yield base, digests
    storage.close()


CHART_TEXT = """() => [...document.querySelectorAll('svg.coverage-chart text')]
  .filter(t => getComputedStyle(t).display !== 'none' && getComputedStyle(t.parentNode).display !== 'none')
  .map(t => { const r = t.getBoundingClientRect(); const m = t.getScreenCTM();
              return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b),
                      left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_chart_text_stays_readable_on_a_phone(served, browser, width: int) -> None:
    base, digests = served
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(base + publish.digest_path(digests[0]))
    texts = page.evaluate(CHART_TEXT)
    assert len(texts) >= 5
    small = [t for t in texts if t["px"] < 11]
    assert not small, small
    # Nothing overlaps and nothing leaves the screen.
    for i, a in enumerate(texts):
        assert 0 <= a["left"] and a["right"] <= width, a
        for b in texts[i + 1:]:
            apart = a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
            assert apart, (a, b)
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_one_search_box_on_the_search_page(served, browser, scheme: str) -> None:
    base, _ = served
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(base + "/")
    assert page.locator("input[type=search]:visible").count() == 1  # the header's
    page.goto(base + "/search?q=fire")
    boxes = page.locator("input[type=search]:visible")
    assert boxes.count() == 1 and boxes.first.input_value() == "fire"
    box = boxes.first.bounding_box()
    assert box is not None and box["height"] >= 36 and box["width"] >= 250  # styled, not the browser's default
    context.close()

"""Comments through the real app on a real SQLite file: moderation, replies, Markdown, and
every defence a hostile poster meets (cross-site posts, honeypot, fill time, length, links,
floods)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import time

import pytest
from itsdangerous import URLSafeTimedSerializer
from starlette.testclient import TestClient

import web_sample
from newsdigest import markdown_lite
from newsdigest.settings import load_config
from newsdigest.storage import open_storage
from newsdigest.web import create_app
from reader_helpers import SAME_ORIGIN, hidden

FIRE = "/2024/05/22/halbrook-substation-fire-power-outage/"


class Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def section(html: str) -> str:
    """The comments section of a digest page."""
    return html[html.index('<section class="comments"') : html.index("</section>", html.index('id="respond"'))]


@pytest.fixture
def site(tmp_path: Path):
    storage = open_storage(str(tmp_path / "news.db"))
    digests = web_sample.fill(storage)
    yield storage, digests, tmp_path / "news.db"
    storage.close()


def make_client(storage, db: Path, **settings) -> TestClient:
    values = {"comment_min_seconds": 0, "rate_limit_posts": 100, **settings}
    config = load_config(env={}).replace(site_url="https://news.example", database_url=str(db), **values)
    return TestClient(create_app(config, storage), base_url="https://news.example")


@pytest.fixture
def client(site) -> Iterator[TestClient]:
    storage, _, db = site
    with make_client(storage, db) as c:
        yield c


def post(client: TestClient, fields: dict[str, str], *, path: str = FIRE, page: str | None = None):
    """Post the comment form as a browser would: from this site, with the page's stamp, then the fields."""
    html = page if page is not None else client.get(path).text
    data = {"stamp": hidden(html, "stamp"), "website": "", **fields}
    return client.post(path, data=data, headers=SAME_ORIGIN, follow_redirects=False)


def test_first_comment_waits_then_the_author_is_known(site, client: TestClient) -> None:
    storage, digests, db = site
    r = post(client, {"name": "Ada", "email": "Ada@Example.org", "body": "Thanks for *pulling* this together."})
    assert r.status_code == 303
    assert r.headers["location"] == FIRE + "?flash=comment-pending#comments"
    page = client.get(r.headers["location"]).text
    assert "waiting for a moderator" in page
    assert "pulling" not in section(page)
    assert '<h2 id="comments-h">0 comments</h2>' in page

    queue = storage.list_comments(status="pending")
    assert [(c.name, c.flags, c.digest_headline) for c in queue] == [("Ada", ("first_comment",), digests[0].headline)]
    # The address is never stored, only a keyed hash of it.
    assert queue[0].email_hash and len(queue[0].email_hash) == 64
    with sqlite3.connect(db) as conn:
        dump = "\n".join(conn.iterdump())
    assert "ada@example.org" not in dump.lower()

    assert storage.set_comment_status(queue[0].id, "published")
    page = client.get(FIRE).text
    assert '<h2 id="comments-h">1 comment</h2>' in page
    assert "Thanks for <em>pulling</em> this together." in section(page)
    assert "Ada@Example.org" not in page and "ada@example.org" not in page

    # Later comments from the same address (any case) publish at once.
    r = post(client, {"name": "Ada", "email": "ada@example.ORG", "body": "One more thought."})
    assert r.status_code == 303
    later = [c for c in storage.list_comments(status=None) if c.body == "One more thought."][0]
    assert later.status == "published" and later.flags == ()
    assert r.headers["location"] == FIRE + f"?flash=comment-published#comment-{later.id}"
    page = client.get(FIRE).text
    assert '<h2 id="comments-h">2 comments</h2>' in page
    assert storage.count_comments(digests[0].id) == 2


def test_replies_are_one_level_deep(site, client: TestClient) -> None:
    storage, digests, _ = site
    first = storage.add_comment(digests[0].id, "Bo", "Top comment", author_key="k1", ip_hash="h1", status="published")
    r = post(client, {"name": "Cy", "body": "A reply", "parent": str(first.id)})
    assert r.status_code == 303
    reply = storage.list_comments(status="pending")[0]
    assert reply.parent_id == first.id
    storage.set_comment_status(reply.id, "published")
    # A reply to the reply joins the same thread.
    r = post(client, {"name": "Di", "body": "Reply to a reply", "parent": str(reply.id)})
    assert r.status_code == 303  # published at once: the address had a comment published
    second = [c for c in storage.list_comments(status=None) if c.name == "Di"][0]
    assert second.parent_id == first.id and second.status == "published"
    # A parent on another digest, or not published, is refused.
    other = storage.add_comment(digests[1].id, "Ed", "Elsewhere", author_key="k2", ip_hash="h2", status="published")
    r = post(client, {"name": "Fi", "body": "Wrong thread", "parent": str(other.id)})
    assert r.status_code == 400 and "not there any more" in r.text
    page = client.get(FIRE).text
    s = section(page)
    thread = s[s.index(f'id="comment-{first.id}"') :]
    assert thread.index("Top comment") < thread.index('<ol class="replies">') < thread.index("A reply")
    assert thread.index("A reply") < thread.index("Reply to a reply")
    assert '<h2 id="comments-h">3 comments</h2>' in page


HOSTILE = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click2](JaVaScRiPt&#58;alert(1))",
    "<svg onload=alert(1)><circle/></svg>",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<a href="https://ok.example" onclick="alert(1)" style="color:red">styled</a>',
    "<style>body{display:none}</style>",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
]


@pytest.mark.parametrize("body", HOSTILE)
def test_markdown_lite_neutralises(body: str) -> None:
    html = markdown_lite.render(body)
    tags = Tags(html)
    assert {t for t, _ in tags.tags} <= markdown_lite.ALLOWED_TAGS
    for tag, attrs in tags.tags:
        for name, value in attrs.items():
            assert not name.startswith("on") and name not in {"style", "srcdoc", "src"}
            if name == "href":
                assert value and value.startswith(("http://", "https://"))
    assert "<script" not in html and "<svg" not in html and "<iframe" not in html and "<style" not in html


def test_markdown_subset() -> None:
    html = markdown_lite.render("Hi *there* **you** `x<y`\n\n> quoted\n\n[site](https://a.example/p?q=1)")
    assert "<em>there</em>" in html and "<strong>you</strong>" in html and "<code>x&lt;y</code>" in html
    assert "<blockquote>" in html
    assert '<a href="https://a.example/p?q=1" rel="nofollow noopener noreferrer">site</a>' in html
    assert markdown_lite.render("# Not a heading\n- not a list") == "<p># Not a heading<br>\n- not a list</p>"
    assert markdown_lite.count_links("see https://a.example and [b](https://b.example) and www.c.example") == 3


def test_hostile_comment_on_the_page(site, client: TestClient) -> None:
    storage, _, _ = site
    body = "\n\n".join(HOSTILE[:4] + HOSTILE[7:8] + ["[fine](https://ok.example/a)"])
    r = post(client, {"name": '<b onmouseover="x">Mallory</b>', "body": body})
    assert r.status_code == 303
    storage.set_comment_status(storage.list_comments()[0].id, "published")
    s = section(client.get(FIRE).text)
    tags = Tags(s)
    assert "&lt;b onmouseover=&#34;x&#34;&gt;Mallory&lt;/b&gt;" in s  # the name is text
    for tag, attrs in tags.tags:
        assert tag not in {"script", "img", "svg", "iframe", "style", "b"}
        assert not any(k.startswith("on") for k in attrs)
    links = [a for t, a in tags.tags if t == "a" and "href" in a and a["href"].startswith("http")]
    assert links and all(a["rel"] == "nofollow noopener noreferrer" for a in links)
    assert not any("javascript" in (a.get("href") or "").lower() for t, a in tags.tags)


CROSS_SITE = [
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "same-site", "Origin": "https://blog.news.example"},  # a sibling host is not us
    {"Origin": "https://evil.example"},  # a browser without Fetch Metadata: the Origin decides
    {"Origin": "https://evil.example", "Referer": "https://news.example/"},  # Origin wins over Referer
    {"Origin": "null"},  # sandboxed frame or data: URL
    {"Origin": "http://news.example"},  # another scheme is another origin
    {"Referer": "https://evil.example/page"},  # neither header: the Referer decides
    {},  # nothing says where it came from: refused, as OWASP advises
]


@pytest.mark.parametrize("headers", CROSS_SITE, ids=lambda h: " ".join(f"{k}={v}" for k, v in h.items()) or "none")
def test_cross_site_post_is_refused(site, client: TestClient, headers: dict[str, str]) -> None:
    storage, _, _ = site
    page = client.get(FIRE).text
    r = client.post(FIRE, data={"stamp": hidden(page, "stamp"), "name": "X", "body": "hi"},
                    headers=headers, follow_redirects=False)
    assert r.status_code == 403
    assert "sent from another site" in r.text and "Forbidden" in r.text  # a page that says why
    assert storage.count_comments(status=None) == 0


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "same-origin", "Origin": "https://news.example"},
    {"Sec-Fetch-Site": "none"},  # the user's own action (a bookmark, the address bar)
    {"Origin": "https://news.example"},
    {"Origin": "https://news.example:443"},  # the default port is the same origin
    {"Referer": "https://news.example" + FIRE},
], ids=lambda h: " ".join(f"{k}={v}" for k, v in h.items()))
def test_same_origin_post_is_accepted(site, client: TestClient, headers: dict[str, str]) -> None:
    storage, _, _ = site
    page = client.get(FIRE).text
    r = client.post(FIRE, data={"stamp": hidden(page, "stamp"), "name": "X", "body": "hi"},
                    headers=headers, follow_redirects=False)
    assert r.status_code == 303
    assert storage.count_comments(status=None) == 1


def test_reader_forms_carry_no_per_visitor_value(site, client: TestClient) -> None:
    storage, _, db = site
    first = client.get(FIRE)
    with make_client(storage, db) as other:
        second = other.get(FIRE)
    assert "csrf_token" not in first.text and "set-cookie" not in first.headers
    # Two browsers get the very same page; only the render-time stamp of the fill-time
    # check may differ (two apps here, two renders, maybe a second apart).
    unstamped = [re.sub(r'name="stamp" value="[^"]*"', 'name="stamp"', r.text) for r in (first, second)]
    assert unstamped[0] == unstamped[1]


def test_honeypot_stores_nothing(site, client: TestClient) -> None:
    storage, _, _ = site
    r = post(client, {"name": "Bot", "body": "Buy now", "website": "https://spam.example"})
    assert r.status_code == 303 and r.headers["location"].endswith("#comments")
    assert storage.count_comments(status=None) == 0


def test_minimum_fill_time_and_forged_stamp(site) -> None:
    storage, _, db = site
    with make_client(storage, db, comment_min_seconds=30) as c:
        r = post(c, {"name": "Quick", "body": "Typed in no time"})
        assert r.status_code == 400
        assert "quicker than anyone" in r.text
        assert ">Typed in no time</textarea>" in r.text  # what the reader typed is kept
        assert 'value="Quick"' in r.text
        r = c.post(FIRE, data={"stamp": "MTIz.forged.sig", "name": "Q", "body": "x"},
                   headers=SAME_ORIGIN, follow_redirects=False)
        assert r.status_code == 400 and "too old" in r.text
        # The page may come from a cache up to its s-maxage (here 30 s) after it was rendered,
        # so the stamp must be minimum + that old: 45 s is too young, 61 s is enough.
        assert "s-maxage=30" in c.get(FIRE).headers["cache-control"]
        signer = URLSafeTimedSerializer(c.app.state.secret_key, salt="nd-comment-form")  # type: ignore[attr-defined]
        for age, code in ((45, 400), (61, 303)):
            stamp = signer.dumps(int(time.time()) - age)
            r = c.post(FIRE, data={"stamp": stamp, "name": "Patient", "body": f"waited {age}"},
                       headers=SAME_ORIGIN, follow_redirects=False)
            assert r.status_code == code
    assert [c.body for c in storage.list_comments(status=None)] == ["waited 61"]


def test_length_is_checked_before_storage(site) -> None:
    storage, _, db = site
    with make_client(storage, db, comment_max_chars=200) as c:
        r = post(c, {"name": "Long", "body": "word " * 100})
        assert r.status_code == 400
        assert "the most is 200" in r.text
        assert r.headers["cache-control"].startswith("private")
        assert storage.count_comments(status=None) == 0
        r = post(c, {"name": "Fits", "body": "x" * 200})
        assert r.status_code == 303
        assert storage.list_comments()[0].body == "x" * 200  # stored whole, never truncated
        # A body far larger than any comment is refused before it is read.
        page = c.get(FIRE).text
        r = c.post(FIRE, data={"stamp": hidden(page, "stamp"), "name": "Huge", "body": "y" * 400_000},
                   headers=SAME_ORIGIN, follow_redirects=False)
        assert r.status_code == 413


def test_link_limit_and_links_wait_for_a_moderator(site, client: TestClient) -> None:
    storage, digests, _ = site
    r = post(client, {"name": "Spam", "body": "https://a.example https://b.example [c](https://c.example)"})
    assert r.status_code == 400 and "at most 2 links" in r.text
    assert storage.count_comments(status=None) == 0
    # A known author posting a link still waits.
    key_source = post(client, {"name": "Gil", "email": "gil@example.org", "body": "First"})
    assert key_source.status_code == 303
    storage.set_comment_status(storage.list_comments()[0].id, "published")
    post(client, {"name": "Gil", "email": "gil@example.org", "body": "Source: https://ok.example/report"})
    waiting = storage.list_comments(status="pending")
    assert [c.flags for c in waiting] == [("links",)]
    # The same text twice from one author waits too.
    post(client, {"name": "Gil", "email": "gil@example.org", "body": "First"})
    assert storage.list_comments(status="pending")[-1].flags == ("duplicate",)


def test_empty_fields_and_bad_email(client: TestClient, site) -> None:
    storage, _, _ = site
    r = post(client, {"name": "", "email": "not an email\r\nBcc: x@y.example", "body": "  "})
    assert r.status_code == 400
    for message in ("Please give a name.", "does not look right", "The comment is empty."):
        assert message in r.text
    assert storage.count_comments(status=None) == 0


def test_flood_from_one_address_is_limited(site) -> None:
    storage, _, db = site
    with make_client(storage, db, rate_limit_posts=3) as c:
        page = c.get(FIRE).text
        codes = [post(c, {"name": f"F{i}", "body": f"flood {i}"}, page=page).status_code for i in range(6)]
        assert codes == [303, 303, 303, 429, 429, 429]
        assert storage.count_comments(status=None) == 3
        r = post(c, {"name": "Late", "body": "kept text"}, page=page)
        assert r.status_code == 429 and "kept text" in r.text


def test_pages_with_reader_forms_are_shared_but_not_for_cookie_holders(client: TestClient, site) -> None:
    r = client.get(FIRE)
    assert r.headers["cache-control"] == "public, max-age=0, s-maxage=120"  # no fill-time minimum here
    storage, _, db = site
    with make_client(storage, db, smtp_host="127.0.0.1") as c:  # the subscribe form shows only when mail is on
        assert c.get("/subscribe").headers["cache-control"] == "public, max-age=0"
        c.cookies.set("nd_reader", "someone")  # a reader (or admin) cookie may change the page
        assert c.get(FIRE).headers["cache-control"] == "private, no-cache"
        assert c.get("/subscribe").headers["cache-control"] == "private, no-cache"
    assert re.search(r'<form class="comment-form" method="post" action="' + FIRE + '#comments">', r.text)

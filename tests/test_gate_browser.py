"""A reader in a real browser (Debian chromium via Playwright): comment on a digest,
subscribe from the archive gate, confirm from the mail a local SMTP server received, and
read the gated digest before and after; a page on another site cannot post the reader
forms (the browser's own Sec-Fetch-Site/Origin headers give it away). Screenshots go to
tests/artifacts/."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import web_sample
from browser_helpers import serve_app
from browser_helpers import shot as _shot
from newsdigest import publish
from newsdigest.settings import load_config
from newsdigest.storage import open_storage
from newsdigest.web import create_app
from reader_helpers import SMTPServer, free_port, link_in

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def smtp() -> Iterator[SMTPServer]:
    with SMTPServer() as server:
        yield server


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, smtp: SMTPServer):
    db = tmp_path_factory.mktemp("gate") / "news.db"
    storage = open_storage(str(db))
    digests = web_sample.fill(storage)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    config = load_config(env={}).replace(
        site_url=base, site_title="The Daily Digest", database_url=str(db), smtp_host="127.0.0.1",
        smtp_port=smtp.port, comment_min_seconds=1.0, archive_continue_reads=1,
    )
    with serve_app(create_app(config, storage), port):
        yield base, storage, digests
    storage.close()


def test_comment_subscribe_confirm_and_read(site, smtp, browser) -> None:
    base, storage, digests = site
    fire = digests[0]
    url = base + publish.digest_path(fire)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    # Before: the archive gate shows the lede and the subscribe panel.
    page.goto(url)
    assert page.locator("#gate-h").inner_text() == "Subscribe to keep reading and get access to the full archive"
    assert page.locator(".digest-body p").count() == 1
    assert page.locator("a.quote").count() == 0
    assert page.locator("section.sources ol.source-list > li").count() == len(fire.relevant_articles)
    box = page.locator(".hp").first.bounding_box()  # the honeypot is not for people: off the page
    assert box is not None and box["x"] + box["width"] <= 0
    _shot(page, "gate-locked-desktop")

    # A comment: held for moderation, then shown with its Markdown rendered.
    page.fill("#cnew-name", "Ada Reader")
    page.fill("#cnew-email", "ada@example.org")
    page.fill("#cnew-body", "Clear *and* **useful**.\n\n> the cause looks mechanical\n\n<script>window.__x=1</script>")
    # comment_min_seconds (1 s) + the page's s-maxage (1 s): a person takes longer than a bot.
    page.wait_for_timeout(2100)
    with page.expect_request(lambda r: r.method == "POST") as sent:
        page.click("#respond button[type=submit]")
    assert sent.value.all_headers()["sec-fetch-site"] == "same-origin"  # what the server checks
    page.wait_for_url("**#comments")
    assert "waiting for a moderator" in page.locator(".comments .flash").inner_text()
    assert page.locator("#comments-h").inner_text() == "0 COMMENTS"  # uppercased by the stylesheet
    [pending] = storage.list_comments(status="pending")
    storage.set_comment_status(pending.id, "published")
    page.goto(url + "#comments")
    comment = page.locator(f"#comment-{pending.id}")
    assert comment.locator(".comment-author").inner_text() == "Ada Reader"
    assert comment.locator("em").inner_text() == "and" and comment.locator("strong").inner_text() == "useful"
    assert comment.locator("blockquote").count() == 1
    assert "<script>window.__x=1</script>" in comment.locator(".comment-text").inner_text()
    assert page.evaluate("window.__x === undefined")
    assert page.locator("#comments-h").inner_text() == "1 COMMENT"
    comment.scroll_into_view_if_needed()
    _shot(page, "comments-desktop")

    # Subscribe from the gate; the confirmation mail arrives at the local SMTP server.
    page.fill("#gate-email", "ada@example.org")
    page.click(".gate .subscribe-form button[type=submit]")
    page.wait_for_url(url + "?flash=subscribe-sent&form=gate#gate-subscribe")  # back on the story
    assert "confirmation link is on its way" in page.locator(".gate .flash").inner_text()
    [mail] = [m for m in smtp.inbox.wait(1) if m["To"] == "ada@example.org"]
    page.goto(base + link_in(mail, "confirm"))  # opening the link only asks
    assert page.locator("h1").inner_text() == "Confirm your subscription"
    page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "You are subscribed"
    _shot(page, "subscribe-confirmed")
    page.click("text=Continue reading")
    page.wait_for_url(url)

    # After: the whole digest, quotes and all.
    assert page.locator("#gate-h").count() == 0
    assert page.locator(".digest-body p").count() == len(fire.paragraphs)
    assert page.locator("a.quote").count() == 3
    _shot(page, "gate-open-desktop")
    assert not problems, problems
    context.close()


def test_continue_reading_on_a_phone(site, browser) -> None:
    base, _, digests = site
    bridge = base + publish.digest_path(digests[1])
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(bridge)
    assert page.locator("#gate-h").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px"
    _shot(page, "gate-locked-phone")
    page.click("text=Continue reading")
    page.wait_for_url(bridge + "#main")
    assert page.locator("#gate-h").count() == 0
    assert page.locator(".digest-body p").count() == len(digests[1].paragraphs)
    # The one free read is spent: the next archived digest offers no "Continue reading".
    page.goto(base + publish.digest_path(digests[2]))
    assert page.locator("#gate-h").is_visible()
    assert page.locator("text=Continue reading").count() == 0
    context.close()


@contextmanager
def other_site(html: str) -> Iterator[str]:
    """Serve one page from http://localhost:<port>: another site than http://127.0.0.1."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server API
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_form_on_another_site_is_refused(site, smtp, browser) -> None:
    base, storage, digests = site
    path = publish.digest_path(digests[0])
    stamp_page = browser.new_context().new_page()
    stamp_page.goto(base + path)
    stamp = stamp_page.locator('input[name="stamp"]').first.get_attribute("value")
    stamp_page.context.close()
    forms = (
        f'<form id="comment" method="post" action="{escape(base + path)}">'
        f'<input name="name" value="Mallory"><input name="body" value="Cheap pills">'
        f'<input name="stamp" value="{escape(stamp or "")}"><button>Comment</button></form>'
        f'<form id="subscribe" method="post" action="{escape(base)}/subscribe">'
        f'<input name="email" value="victim@example.org"><button>Subscribe</button></form>'
    )
    comments_before = storage.count_comments(status=None)
    with other_site(f"<!doctype html><title>Win a prize</title>{forms}") as evil:
        context = browser.new_context()
        page = context.new_page()
        for form in ("comment", "subscribe"):
            page.goto(evil)
            with page.expect_response(lambda r: r.request.method == "POST") as answer:
                page.click(f"#{form} button")
            headers = answer.value.request.all_headers()
            assert headers["sec-fetch-site"] == "cross-site" and headers["origin"] == evil.rstrip("/")
            assert answer.value.status == 403
            page.wait_for_load_state()
            assert "sent from another site" in page.locator("main").inner_text()
        _shot(page, "cross-site-refused")
        context.close()
    assert storage.count_comments(status=None) == comments_before
    assert storage.subscriber_by_email("victim@example.org") is None
    assert not [m for m in smtp.inbox.wait(1, timeout=0.5) if m["To"] == "victim@example.org"]

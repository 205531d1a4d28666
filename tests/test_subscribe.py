"""Subscriptions and the archive gate, end to end: the real app on a real SQLite file sends
through a real SMTP server (aiosmtpd on 127.0.0.1); links are followed from the mails."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import web_sample
from newsdigest import mail, publish
from newsdigest.settings import load_config
from newsdigest.storage import open_storage
from newsdigest.web import create_app
from reader_helpers import SAME_ORIGIN, SMTPServer, link_in, text_of

FIRE = "/2024/05/22/halbrook-substation-fire-power-outage/"  # more than 30 days old: archived
BRIDGE = "/2024/05/22/harbour-bridge-reopens/"
ADDRESS = "reader@example.org"


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    with SMTPServer() as server:
        yield server


@pytest.fixture
def env(tmp_path: Path, smtp: SMTPServer):
    storage = open_storage(str(tmp_path / "news.db"))
    now = datetime.now(UTC)
    fresh = web_sample.simple(50, "fresh-story-today", "A fresh story from today",
                              "Something happened today that readers should know about.", now - timedelta(hours=2))
    digests = web_sample.fill(storage, web_sample.all_digests() + [fresh])
    yield storage, digests, tmp_path
    storage.close()


def make_client(env, smtp: SMTPServer, **settings) -> TestClient:
    storage, _, tmp = env
    values = {"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "rate_limit_posts": 100,
              "mail_from": "Daily Digest <news@digest.example>", **settings}
    config = load_config(env={}).replace(site_url="https://news.example", site_title="The Daily Digest",
                                         database_url=str(tmp / "news.db"), **values)
    return TestClient(create_app(config, storage), base_url="https://news.example")


@pytest.fixture
def client(env, smtp) -> Iterator[TestClient]:
    with make_client(env, smtp) as c:
        yield c


def subscribe(client: TestClient, email: str, next_path: str = "/", page: str = "/subscribe"):
    html = client.get(page).text
    assert 'action="/subscribe"' in html  # the form is there to send
    return client.post("/subscribe", data={"email": email, "next": next_path, "website": ""},
                       headers=SAME_ORIGIN, follow_redirects=False)


def confirm(client: TestClient, link: str):
    """Open the mailed link (a page with a button: all a mail scanner gets) and press Confirm."""
    ask = client.get(link)
    assert ask.status_code == 200 and f'action="{link}"' in ask.text
    return client.post(link, headers=SAME_ORIGIN, follow_redirects=False)


def locked(html: str) -> bool:
    return 'id="gate-h"' in html


def test_double_opt_in_then_the_archive_opens(env, smtp, client: TestClient) -> None:
    storage = env[0]
    assert locked(client.get(FIRE).text)
    r = subscribe(client, ADDRESS, next_path=FIRE, page=FIRE)
    assert r.status_code == 303 and r.headers["location"] == "/subscribe?flash=sent"
    assert "a mail with a confirmation link is on its way" in client.get(r.headers["location"]).text
    [msg] = smtp.inbox.wait(1)
    assert msg["To"] == ADDRESS and msg["From"] == "Daily Digest <news@digest.example>"
    assert msg["Subject"] == "Confirm your subscription to The Daily Digest"
    assert storage.count_subscribers() == 0  # not before the link is opened
    assert storage.subscriber_by_email(ADDRESS).status == "pending"

    link = link_in(msg, "confirm")
    ask = client.get(link)  # what opening the link (or a mail scanner prefetching it) does: nothing yet
    assert ask.status_code == 200 and "Confirm your subscription" in ask.text and ADDRESS in ask.text
    assert "nd_reader" not in ask.headers.get("set-cookie", "") and ask.headers["cache-control"] == "no-store"
    assert storage.subscriber_by_email(ADDRESS).status == "pending"
    assert client.post(link, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403  # another site cannot
    r = client.post(link, headers=SAME_ORIGIN)
    assert r.status_code == 200 and "You are subscribed" in r.text
    assert r.headers["cache-control"] == "no-store"
    assert "nd_reader=" in r.headers["set-cookie"] and "HttpOnly" in r.headers["set-cookie"]
    assert f'href="{FIRE}"' in r.text  # back to the digest the reader came from
    assert storage.count_subscribers() == 1
    page = client.get(FIRE).text
    assert not locked(page) and page.count("<p") > 5 and "Halgrid chief executive Maria Olsen" in page
    # Opening the link again is harmless.
    assert confirm(client, link).status_code == 200
    assert [s.email for s in storage.export_subscribers()] == [ADDRESS]


def test_the_answer_never_tells_who_is_subscribed(env, smtp, client: TestClient, no_cooldown) -> None:
    storage = env[0]
    subscribe(client, "known@example.org")
    confirm(client, link_in(smtp.inbox.wait(1)[0], "confirm"))
    subscribe(client, "pending@example.org")
    smtp.inbox.wait(2)
    answers = []
    for address in ("known@example.org", "pending@example.org", "new@example.org"):
        storage.engine.dispose()
        with make_client(env, smtp) as fresh:  # a stranger's browser
            r = subscribe(fresh, address)
            answers.append((r.status_code, r.headers["location"], fresh.get(r.headers["location"]).text.count("flash")))
    assert len(set(answers)) == 1
    # The subscribed address gets a "you are subscribed" mail with a sign-in link, not a second opt-in.
    smtp.inbox.wait(5)
    known = smtp.inbox.to("known@example.org")
    assert [m["Subject"] for m in known] == ["Confirm your subscription to The Daily Digest",
                                             "You are subscribed to The Daily Digest"]
    assert "/subscribe/signin/" in text_of(known[1])
    assert [m["Subject"] for m in smtp.inbox.to("new@example.org")] == ["Confirm your subscription to The Daily Digest"]
    assert len(smtp.inbox.to("pending@example.org")) == 2  # a fresh link; the first one is now stale


def test_cooldown_against_subscription_bombing(env, smtp, client: TestClient) -> None:
    for _ in range(5):
        assert subscribe(client, "victim@example.org").status_code == 303
    smtp.inbox.wait(2, timeout=1.0)
    assert len(smtp.inbox.to("victim@example.org")) == 1


@pytest.mark.parametrize("bad", [
    "a@example.org\r\nBcc: victim@example.org",
    "a@example.org\nSubject: spam",
    "a@example.org, b@example.org",
    "<a@example.org>",
    "not-an-address",
    "x" * 300 + "@example.org",
])
def test_header_injection_and_bad_addresses_are_refused(env, smtp, client: TestClient, bad: str) -> None:
    r = subscribe(client, bad)
    assert r.status_code == 400 and "single email address" in r.text
    assert env[0].count_subscribers(status=None) == 0
    assert smtp.inbox.wait(1, timeout=0.3) == []


def test_mail_builder_refuses_line_breaks_too() -> None:
    config = load_config(env={}).replace(smtp_host="127.0.0.1")
    with pytest.raises(mail.MailError):
        mail.build_message(config, to="a@example.org\r\nBcc: b@example.org", subject="x", text="x")
    with pytest.raises(mail.MailError):
        mail.build_message(config, to="a@example.org", subject="ok", text="x", headers={"X-Bad": "a\r\nBcc: b@x.org"})


def test_cross_site_posts_and_rate_limit_on_subscribe(env, smtp) -> None:
    with make_client(env, smtp, rate_limit_posts=2) as c:
        for headers in ({"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
                        {"Origin": "https://evil.example"}, {"Referer": "https://evil.example/"}, {}):
            r = c.post("/subscribe", data={"email": ADDRESS}, headers=headers, follow_redirects=False)
            assert r.status_code == 403 and "sent from another site" in r.text
            r = c.post("/subscribe/signin", data={"email": ADDRESS}, headers=headers, follow_redirects=False)
            assert r.status_code == 403
        assert smtp.inbox.wait(1, timeout=0.5) == [] and env[0].subscriber_by_email(ADDRESS) is None
        codes = [subscribe(c, f"r{i}@example.org").status_code for i in range(4)]
        assert codes == [303, 303, 429, 429]


def test_stale_and_forged_links(env, smtp, client: TestClient) -> None:
    storage = env[0]
    subscribe(client, ADDRESS)
    first = link_in(smtp.inbox.wait(1)[0], "confirm")
    # A newer request (after the cooldown) makes the older link stale.
    storage.request_subscription(ADDRESS, cooldown=timedelta(0))
    r = client.get(first)
    assert r.status_code == 400 and "does not work any more" in r.text
    assert storage.count_subscribers() == 0
    assert client.get(first[:-3] + "abc").status_code == 400
    assert client.get("/subscribe/signin/" + first.rsplit("/", 1)[1]).status_code == 400  # wrong kind of token
    assert client.get("/subscribe/unsubscribe/garbage").status_code == 400


@pytest.fixture
def no_cooldown(monkeypatch):
    """As if the per-address cooldown had passed since the last mail."""
    from newsdigest.web.views import subscribe as view

    monkeypatch.setattr(view, "MAIL_COOLDOWN", timedelta(0))
    monkeypatch.setattr(view, "SIGNIN_COOLDOWN", timedelta(0))


def test_unsubscribe_one_click(env, smtp, client: TestClient, no_cooldown) -> None:
    storage = env[0]
    subscribe(client, ADDRESS, next_path=FIRE)
    confirm(client, link_in(smtp.inbox.wait(1)[0], "confirm"))
    sub = storage.subscriber_by_email(ADDRESS)
    # A second subscribe request mails a sign-in link with List-Unsubscribe headers.
    with make_client(env, smtp) as other:
        subscribe(other, ADDRESS)
    msg = smtp.inbox.wait(2)[1]
    assert "already" in text_of(msg) or "subscribed already" in text_of(msg)
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(https://news\.example(/subscribe/unsubscribe/[^>]+))>", msg["List-Unsubscribe"])
    assert url
    path = url.group(2)
    # GET (a mail scanner, a preview) only asks.
    r = client.get(path)
    assert r.status_code == 200 and "Unsubscribe from the newsletter?" in r.text
    assert storage.subscriber(sub.id).status == "confirmed"
    # The mail provider's one-click POST carries no cookie and no CSRF token.
    with make_client(env, smtp) as provider:
        r = provider.post(path, content=b"List-Unsubscribe=One-Click",
                          headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200 and "You are unsubscribed" in r.text
    assert storage.subscriber(sub.id).status == "unsubscribed"
    # The reader cookie no longer opens the archive.
    assert locked(client.get(FIRE).text)
    # A tampered token unsubscribes nobody.
    assert client.post(path[:-2] + "xx", data={}).status_code == 400


def test_signin_link_for_returning_subscribers(env, smtp, client: TestClient, no_cooldown) -> None:
    subscribe(client, ADDRESS)
    confirm(client, link_in(smtp.inbox.wait(1)[0], "confirm"))
    with make_client(env, smtp) as laptop:
        assert locked(laptop.get(FIRE).text)
        page = laptop.get("/subscribe/signin?next=" + FIRE).text
        assert 'action="/subscribe/signin"' in page
        r = laptop.post("/subscribe/signin", data={"email": ADDRESS, "next": FIRE}, headers=SAME_ORIGIN,
                        follow_redirects=False)
        assert r.headers["location"] == "/subscribe?flash=signin-sent"
        msg = smtp.inbox.wait(2)[1]
        assert msg["Subject"] == "Your sign-in link for The Daily Digest"
        r = laptop.get(link_in(msg, "signin"), follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == FIRE
        assert not locked(laptop.get(FIRE).text)
        # Unknown addresses get the same answer and no mail.
        r = laptop.post("/subscribe/signin", data={"email": "stranger@example.org"}, headers=SAME_ORIGIN,
                        follow_redirects=False)
        assert r.headers["location"] == "/subscribe?flash=signin-sent"
        assert smtp.inbox.wait(3, timeout=0.5) == smtp.inbox.messages and len(smtp.inbox.messages) == 2


def test_continue_reading_is_counted(env, smtp) -> None:
    with make_client(env, smtp, archive_continue_reads=1) as c:
        page = c.get(FIRE).text
        assert locked(page) and "1 archived digest left to open" in page
        assert "Halgrid chief executive" not in page and '<p class="lede">' in page
        r = c.post("/continue-reading", data={"slug": "halbrook-substation-fire-power-outage"},
                   headers={"Sec-Fetch-Site": "cross-site"}, follow_redirects=False)
        assert r.status_code == 403 and "set-cookie" not in r.headers  # another site cannot spend a read
        r = c.post("/continue-reading", data={"slug": "halbrook-substation-fire-power-outage"},
                   headers=SAME_ORIGIN, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == FIRE + "#main"
        assert not locked(c.get(FIRE).text)
        assert not locked(c.get(FIRE).text)  # reopening costs nothing
        other = c.get(BRIDGE).text
        assert locked(other) and "Continue reading</button>" not in other
        r = c.post("/continue-reading", data={"slug": "harbour-bridge-reopens"}, headers=SAME_ORIGIN,
                   follow_redirects=False)
        assert "no-reads-left" in r.headers["location"] and locked(c.get(BRIDGE).text)
        # A forged reads cookie is ignored.
        c.cookies.set("nd_reads", "WzEsMiwzXQ.forged.sig", domain="news.example")
        assert locked(c.get(FIRE).text)
        r = c.post("/continue-reading", data={"slug": "harbour-bridge-reopens"}, headers={"Origin": "null"})
        assert r.status_code == 403


def test_fresh_digests_and_gate_settings(env, smtp) -> None:
    digests = env[1]
    fresh = publish.digest_path(digests[-1])
    with make_client(env, smtp) as c:
        assert not locked(c.get(fresh).text)
    with make_client(env, smtp, archive_gate_days=0) as c:
        assert not locked(c.get(FIRE).text)
    with make_client(env, smtp, smtp_host="") as c:  # no mail, nobody could subscribe: no gate
        page = c.get(FIRE).text
        assert not locked(page) and "/subscribe" not in page
        r = c.get("/subscribe")
        assert "subscriptions are closed" in r.text
        r = c.post("/subscribe", data={"email": ADDRESS})
        assert r.status_code == 503


def _json_ld(html: str) -> dict:
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))


def test_search_engines_see_paywalled_content_markup(env, smtp, client: TestClient) -> None:
    page = client.get(FIRE).text
    data = _json_ld(page)
    assert data["isAccessibleForFree"] is False
    assert data["hasPart"] == {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".paywall"}
    assert '<div class="paywall">' in page
    fresh = _json_ld(client.get(publish.digest_path(env[1][-1])).text)
    assert "isAccessibleForFree" not in fresh and "hasPart" not in fresh

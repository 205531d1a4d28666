"""The daily newsletter through a real SMTP server (aiosmtpd) from a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import web_sample
from newsdigest import newsletter
from newsdigest.records import Story
from newsdigest.settings import load_config
from newsdigest.storage import open_storage
from newsdigest.web import create_app
from reader_helpers import SMTPServer, html_of, text_of

NOW = datetime(2025, 3, 10, 8, 30, tzinfo=UTC)


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    with SMTPServer() as server:
        yield server


@pytest.fixture
def setup(tmp_path: Path, smtp: SMTPServer):
    storage = open_storage(str(tmp_path / "news.db"))
    config = load_config(env={}).replace(
        database_url=str(tmp_path / "news.db"), smtp_host="127.0.0.1", smtp_port=smtp.port,
        site_url="https://news.example", site_title="The Daily Digest", newsletter_size=3, newsletter_hour=7,
    )
    recent = [
        web_sample.simple(10 + i, f"recent-{i}", f"Recent story {i}", f"Lede of recent story {i} for readers.",
                          NOW - timedelta(hours=2 + i))
        for i in range(5)
    ]
    hostile = web_sample.hostile(NOW - timedelta(hours=1))
    old = web_sample.simple(30, "old-story", "An old story", "Old lede that is not news any more.", NOW - timedelta(days=2))
    for d in [*recent, hostile, old]:
        storage.save_stories([Story(id=d.story_id, article_ids=(), title=d.headline,
                                    trend_score={99: 50.0, 30: 999.0}.get(d.story_id, 10.0 + d.story_id))])
        storage.save_digest(d)
    for email, confirm in (("a@example.org", True), ("b@example.org", True), ("pending@example.org", False),
                           ("gone@example.org", True)):
        req = storage.request_subscription(email, cooldown=timedelta(0), now=NOW - timedelta(days=1))
        if confirm:
            storage.confirm_subscriber(email, req.subscriber.nonce)
    storage.unsubscribe(storage.subscriber_by_email("gone@example.org").id)
    yield storage, config
    storage.close()


def test_sends_the_top_digests_once_a_day(setup, smtp) -> None:
    storage, config = setup
    assert newsletter.send_daily(storage, config, now=NOW) == 2
    mails = smtp.inbox.wait(2)
    assert sorted(m["To"] for m in mails) == ["a@example.org", "b@example.org"]
    msg = mails[0]
    assert msg["Subject"] == "The Daily Digest: the day's top digests, 10 March 2025"
    assert msg["List-Unsubscribe"].startswith("<https://news.example/subscribe/unsubscribe/")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = text_of(msg), html_of(msg)
    # Most trending of the last 24 hours first (the hostile one has the highest score), old news left out.
    order = [text.index(h) for h in (web_sample.HOSTILE_HEADLINE, "Recent story 4", "Recent story 3")]
    assert order == sorted(order)
    assert "Recent story 2" not in text and "An old story" not in text
    assert "https://news.example/2025/03/10/recent-4/" in text
    assert '<a href="https://news.example/2025/03/10/recent-4/"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html  # the hostile headline is text
    # A rerun the same day sends nothing; the next day sends again.
    assert newsletter.send_daily(storage, config, now=NOW + timedelta(hours=3)) == 0
    assert len(smtp.inbox.messages) == 2
    next_day = NOW + timedelta(hours=18)  # 02:30 on the 11th: a new day, the same digests still recent
    assert newsletter.send_daily(storage, config, now=next_day) == 2
    assert newsletter.send_daily(storage, config, now=NOW + timedelta(days=3)) == 0  # no news, no mail


def test_refused_copy_is_retried_and_nobody_gets_two(setup, smtp) -> None:
    storage, config = setup
    smtp.inbox.refuse.add("b@example.org")
    assert newsletter.send_daily(storage, config, now=NOW) == 1
    assert storage.newsletter_issue("2025-03-10")["finished"] is None
    smtp.inbox.refuse.clear()
    assert newsletter.send_daily(storage, config, now=NOW + timedelta(minutes=20)) == 1
    assert sorted(m["To"] for m in smtp.inbox.wait(2)) == ["a@example.org", "b@example.org"]
    issue = storage.newsletter_issue("2025-03-10")
    assert issue["finished"] is not None and issue["sent"] == 2


def test_schedule_and_no_mail(setup, smtp) -> None:
    storage, config = setup
    # An SMTP server that is not there is an error for the CLI, a log line for the loop.
    gone = config.replace(smtp_port=1)
    with pytest.raises(newsletter.mail.MailError):
        newsletter.send_daily(storage, gone, now=NOW)
    assert newsletter.send_if_due(storage, gone, now=NOW) == 0
    assert smtp.inbox.messages == []
    assert not newsletter.due(storage, config, now=NOW.replace(hour=6))
    assert newsletter.send_if_due(storage, config, now=NOW.replace(hour=6)) == 0
    assert newsletter.due(storage, config, now=NOW)
    assert newsletter.send_if_due(storage, config, now=NOW) == 2
    assert not newsletter.due(storage, config, now=NOW.replace(hour=23))
    assert newsletter.send_daily(storage, config.replace(smtp_host=""), now=NOW + timedelta(hours=18)) == 0


def test_one_click_unsubscribe_from_the_newsletter(setup, smtp) -> None:
    storage, config = setup
    newsletter.send_daily(storage, config, now=NOW)
    msg = [m for m in smtp.inbox.wait(2) if m["To"] == "a@example.org"][0]
    path = msg["List-Unsubscribe"].strip("<>").removeprefix("https://news.example")
    with TestClient(create_app(config, storage), base_url="https://news.example") as c:
        r = c.post(path, content=b"List-Unsubscribe=One-Click",
                   headers={"content-type": "application/x-www-form-urlencoded"})
        assert r.status_code == 200
    assert storage.subscriber_by_email("a@example.org").status == "unsubscribed"
    assert newsletter.send_daily(storage, config, now=NOW + timedelta(hours=18)) == 1

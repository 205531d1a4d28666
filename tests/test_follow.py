""""Follow this story" by email, end to end: the real app and pipeline on a real SQLite
file, mails through a real SMTP server (aiosmtpd), links followed from the mails; the
follow storage also on PostgreSQL; one run in a real browser."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from newsdigest import follow, publish
from newsdigest.pipeline import process
from newsdigest.records import Article, Digest, Paragraph, Citation, RelevantArticle, Story
from newsdigest.settings import Config, load_config
from newsdigest.storage import Storage, open_storage
from newsdigest.web import create_app
from reader_helpers import SAME_ORIGIN, SMTPServer, html_of, text_of

T0 = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
ADDRESS = "follower@example.org"
CORE = "A fire at the Kessler Road substation cut power to about 180,000 homes in Halbrook on Tuesday night."
NEWS = "Halgrid said power had been restored to 150,000 customers by Wednesday noon."
QUOTE = "We expect every home to be reconnected by Thursday evening,"


def _art(aid: str, outlet: str, hours: float, extra: str) -> Article:
    return Article(
        id=aid, source=outlet, title=f"Halbrook substation fire ({outlet})", url=f"https://{aid}.example/news/{aid}",
        published=T0 + timedelta(hours=hours), text=f"{CORE} {extra} {CORE}",
    )


FIRST = [
    _art("nw", "Northwire", 0, "Firefighters from three stations fought the blaze for two hours before "
         "bringing it under control. The cause of the fire was not immediately known."),
    _art("cl", "Clarion", 1, "Two hospitals switched to backup generators while tram services stopped "
         "across the city. Schools in three districts cancelled classes for Wednesday."),
    _art("gz", "Gazette", 2, "Police closed Kessler Road between the river bridge and the railway crossing. "
         "Volunteers handed out blankets and water at the central library overnight."),
]
DEVELOPMENT = _art("lg", "Ledger", 14, f"{NEWS} “{QUOTE}” Halgrid chief executive Maria Olsen said.")
REPRINT = Article(id="vp", source="Valley Post", title=DEVELOPMENT.title, url="https://vp.example/news/vp",
                  published=T0 + timedelta(hours=15), text=DEVELOPMENT.text)
LATER = _art("ms", "Morning Star", 20, "Insurers estimated claims could reach 40 million euros from "
             "shopkeepers alone, the Halbrook chamber of commerce said on Thursday.")


@dataclass
class Site:
    storage: Storage
    config: Config
    smtp: SMTPServer
    story_id: int
    digest: Digest
    db: Path

    def client(self) -> TestClient:
        return TestClient(create_app(self.config, self.storage, cache_seconds=0), base_url="https://news.example")

    def arrive(self, *arts: Article, hours: float) -> None:
        """New articles reach the site and a pass carries them through to the digest."""
        self.storage.add_articles(list(arts))
        process(self.storage, self.config, now=T0 + timedelta(hours=hours))


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    with SMTPServer() as server:
        yield server


def _config(db: Path, smtp: SMTPServer) -> Config:
    return load_config(env={}).replace(
        database_url=str(db), smtp_host="127.0.0.1", smtp_port=smtp.port, site_url="https://news.example",
        site_title="The Daily Digest", mail_from="Daily Digest <news@digest.example>", rate_limit_posts=100,
    )


@pytest.fixture
def site(tmp_path: Path, smtp: SMTPServer) -> Iterator[Site]:
    db = tmp_path / "news.db"
    storage = open_storage(str(db))
    config = _config(db, smtp)
    storage.add_articles(FIRST)
    process(storage, config, now=T0 + timedelta(hours=3))
    sids = {storage.article(a.id).story_id for a in FIRST}
    assert len(sids) == 1, "the three first reports must be one story"
    sid = sids.pop()
    digest = storage.digest_for_story(sid)
    assert digest is not None and digest.status == "published"
    yield Site(storage, config, smtp, sid, digest, db)
    storage.close()


def _link(msg, kind: str) -> str:
    m = re.search(r"https://news\.example(/follow/" + kind + r"/[A-Za-z0-9._-]+)", text_of(msg))
    assert m, f"no {kind} link in:\n{text_of(msg)}"
    return m.group(1)


def _confirm(client: TestClient, link: str):
    """Open the mailed link (a page with a button: all a mail scanner gets) and press Confirm."""
    ask = client.get(link)
    assert ask.status_code == 200 and f'action="{link}"' in ask.text
    return client.post(link, headers=SAME_ORIGIN)


def _post_follow(client: TestClient, digest: Digest, email: str):
    html = client.get(publish.digest_path(digest)).text
    assert 'action="/follow"' in html and "Follow this story" in html
    return client.post("/follow", data={"slug": digest.slug, "email": email, "website": ""},
                       headers=SAME_ORIGIN, follow_redirects=False)


def _followed(site: Site, email: str = ADDRESS) -> None:
    """Follow through the form and confirm from the mail, as a reader does."""
    before = len(site.smtp.inbox.messages)
    with site.client() as c:
        r = _post_follow(c, site.digest, email)
        assert r.status_code == 303 and r.headers["location"].startswith("/follow/sent")
        msg = site.smtp.inbox.wait(before + 1)[before]
        assert msg["To"] == email and site.digest.headline in text_of(msg)
        page = _confirm(c, _link(msg, "confirm"))
        assert page.status_code == 200 and "You are following this story" in page.text


def _updates(site: Site, hours: float) -> list:
    before = len(site.smtp.inbox.messages)
    n = follow.send_updates(site.storage, site.config, now=T0 + timedelta(hours=hours))
    mails = site.smtp.inbox.wait(before + n)[before:]
    assert len(mails) == n
    return mails


def test_follow_then_only_real_developments_are_mailed(site: Site) -> None:
    with site.client() as c:
        r = _post_follow(c, site.digest, ADDRESS)
        assert r.status_code == 303
        sent_page = c.get(r.headers["location"])
        assert "Check your mail" in sent_page.text and publish.digest_path(site.digest) in sent_page.text
    confirm = site.smtp.inbox.wait(1)[0]
    assert confirm["To"] == ADDRESS and "Confirm" in confirm["Subject"]
    assert site.digest.headline in text_of(confirm)
    f = site.storage.follows_of_story(site.story_id, status=None)[0]
    assert f.status == "pending"
    assert _updates(site, 4) == []  # not confirmed: nothing goes out
    with site.client() as c:
        assert "Confirm" in c.get(_link(confirm, "confirm")).text
        assert site.storage.follow(f.id).status == "pending"  # opening the link (a mail scanner) confirms nothing
        assert c.post(_link(confirm, "confirm"), headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
        assert "You are following this story" in _confirm(c, _link(confirm, "confirm")).text
    assert site.storage.follow(f.id).status == "active"
    assert _updates(site, 4) == []  # nothing new since following

    # A new development: a new number and a new quote from a new outlet.
    site.arrive(DEVELOPMENT, hours=15)
    assert site.storage.article("lg").story_id == site.story_id
    [msg] = _updates(site, 15)
    assert msg["To"] == ADDRESS and msg["Subject"].startswith("What's new: ")
    assert "10 March 2026" in msg["Subject"]
    text, html = text_of(msg), html_of(msg)
    assert NEWS in text and QUOTE in text and "Maria Olsen" in text
    assert "Ledger" in text and "10 March 2026, 20:00 UTC" in text and "https://lg.example/news/lg" in text
    assert '<a href="https://lg.example/news/lg"' in html and "<q>" + QUOTE + "</q>" in html
    assert "Firefighters from three stations" not in text  # told before following: not news
    assert publish.digest_url(site.storage.digest_for_story(site.story_id), site.config) in text
    assert msg["List-Unsubscribe"].startswith("<https://news.example/follow/unfollow/")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<follow\.\d+\.\d+@digest\.example>", msg["Message-ID"])

    # A rerun sends nothing again.
    assert _updates(site, 15.5) == []
    # A reprint of the development (a wire copy) is no development: no mail.
    site.arrive(REPRINT, hours=16)
    assert site.storage.article("vp").story_id == site.story_id and site.storage.article("vp").duplicate_of == "lg"
    assert _updates(site, 16) == []
    # The next real development is mailed, and only it.
    site.arrive(LATER, hours=21)
    [later] = _updates(site, 21)
    assert "40 million euros" in text_of(later) and NEWS not in text_of(later)
    assert len({m["Message-ID"] for m in (msg, later)}) == 2


def test_unfollow_link_in_every_mail(site: Site) -> None:
    _followed(site)
    site.arrive(DEVELOPMENT, hours=15)
    [msg] = _updates(site, 15)
    path = _link(msg, "unfollow")
    assert msg["List-Unsubscribe"] == f"<https://news.example{path}>"
    with site.client() as c:
        ask = c.get(path)  # a mail scanner opening the link changes nothing
        assert ask.status_code == 200 and "Stop following this story?" in ask.text
        assert site.storage.follows_of_story(site.story_id)[0].status == "active"
        assert c.post(path[:-2] + "xx", data={}).status_code == 400  # tampered: nobody is unfollowed
    # The mail provider's one-click POST: no cookie, no CSRF token.
    with site.client() as provider:
        r = provider.post(path, content=b"List-Unsubscribe=One-Click",
                          headers={"content-type": "application/x-www-form-urlencoded"})
        assert r.status_code == 200 and "You no longer follow this story" in r.text
    assert site.storage.follows_of_story(site.story_id, status=None)[0].status == "unfollowed"
    site.arrive(LATER, hours=21)
    assert _updates(site, 21) == []


def test_form_is_guarded_and_says_the_same_to_everyone(site: Site, monkeypatch) -> None:
    from newsdigest.web.views import follow as view

    with site.client() as c:
        for headers in ({"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
                        {"Origin": "https://evil.example"}, {}):
            forged = c.post("/follow", data={"slug": site.digest.slug, "email": ADDRESS}, headers=headers)
            assert forged.status_code == 403 and "sent from another site" in forged.text
        bad = _post_follow(c, site.digest, "a@example.org\r\nBcc: b@example.org")
        assert bad.status_code == 400 and "single email address" in bad.text
        unknown = c.post("/follow", data={"slug": "no-such-story", "email": ADDRESS}, headers=SAME_ORIGIN)
        assert unknown.status_code == 404
        first = _post_follow(c, site.digest, ADDRESS)
        again = _post_follow(c, site.digest, ADDRESS)  # within the cooldown: no second mail
        assert first.status_code == again.status_code == 303 and first.headers["location"] == again.headers["location"]
    assert len(site.smtp.inbox.wait(2, timeout=1.0)) == 1
    # A confirmed newsletter subscriber still confirms each follow from a mail.
    req = site.storage.request_subscription("reader@example.org", cooldown=timedelta(0))
    site.storage.confirm_subscriber("reader@example.org", req.subscriber.nonce)
    with site.client() as c:
        _post_follow(c, site.digest, "reader@example.org")
    mail = site.smtp.inbox.wait(2)[1]
    assert mail["To"] == "reader@example.org" and "/follow/confirm/" in text_of(mail)
    assert [f.status for f in site.storage.follows_of_story(site.story_id, status=None)] == ["pending", "pending"]
    # Following does not subscribe anyone to the daily newsletter.
    assert site.storage.subscriber_by_email(ADDRESS).status == "pending"
    # Stale and forged confirmation links.
    with site.client() as c:
        token = _link(mail, "confirm")
        assert c.get(token[:-3] + "abc").status_code == 400
        assert c.get("/subscribe/confirm/" + token.rsplit("/", 1)[1]).status_code == 400  # wrong kind of token
    # The shared per-client budget of reader forms applies.
    monkeypatch.setattr(view, "MAIL_COOLDOWN", timedelta(0))
    site.config = site.config.replace(rate_limit_posts=2)
    with site.client() as c:
        codes = [_post_follow(c, site.digest, f"r{i}@example.org").status_code for i in range(3)]
    assert codes == [303, 303, 429]


def test_a_killed_sender_loses_and_repeats_nothing(site: Site) -> None:
    _followed(site)
    site.arrive(DEVELOPMENT, hours=15)
    # A sender killed (SIGKILL) after claiming the mail, before the SMTP server saw it.
    script = textwrap.dedent(f"""
        import os, signal
        from datetime import datetime
        from newsdigest import follow, mail
        from newsdigest.settings import load_config
        from newsdigest.storage import open_storage
        def die(self, msg):
            os.kill(os.getpid(), signal.SIGKILL)
        mail.Mailer.send = die
        config = load_config(env={{}}).replace(database_url={str(site.db)!r}, smtp_host="127.0.0.1",
            smtp_port={site.smtp.port}, site_url="https://news.example", mail_from="news@digest.example")
        follow.send_updates(open_storage({str(site.db)!r}), config, now=datetime.fromisoformat({(T0 + timedelta(hours=15)).isoformat()!r}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    [claim] = site.storage.unsent_follow_deliveries()
    assert claim.sent is None and not site.smtp.inbox.messages[1:]
    # The next run sends it, once; the one after sends nothing.
    [msg] = _updates(site, 15.1)
    assert NEWS in text_of(msg)
    assert msg["Message-ID"] == f"<follow.{claim.follow_id}.{claim.upto_seq}@digest.example>"
    assert _updates(site, 15.2) == []
    assert site.storage.unsent_follow_deliveries() == []
    # A claim held by a live sender is left alone until its lease runs out.
    f = site.storage.follows_of_story(site.story_id)[0]
    site.arrive(LATER, hours=21)
    now = T0 + timedelta(hours=21)
    top = site.storage.story_seq(site.story_id)
    assert site.storage.claim_follow_delivery(f.id, f.seen_seq, top, story_id=f.story_id, items=1,
                                              by=f"{follow.socket.gethostname()}:{os.getppid()}", now=now)
    assert _updates(site, 21) == []
    [late] = _updates(site, 21 + follow.CLAIM_LEASE.total_seconds() / 3600 + 0.1)
    assert "40 million euros" in text_of(late)


def test_refused_mail_is_retried_and_no_mail_without_smtp(site: Site) -> None:
    _followed(site)
    site.arrive(DEVELOPMENT, hours=15)
    site.smtp.inbox.refuse.add(ADDRESS)
    assert follow.send_updates(site.storage, site.config, now=T0 + timedelta(hours=15)) == 0
    assert site.storage.unsent_follow_deliveries() == []  # released
    site.smtp.inbox.refuse.clear()
    # Unreachable server: an error for the CLI command, a log line after a run pass.
    gone = site.config.replace(smtp_port=1)
    with pytest.raises(follow.mail.MailError):
        follow.send_updates(site.storage, gone, now=T0 + timedelta(hours=15))
    assert follow.send_if_configured(site.storage, gone, now=T0 + timedelta(hours=15)) == 0
    assert follow.send_if_configured(site.storage, site.config.replace(smtp_host="")) == 0
    [msg] = _updates(site, 15.5)
    assert NEWS in text_of(msg)


def test_run_and_the_cli_command_send_follow_mails(site: Site) -> None:
    _followed(site)
    site.arrive(DEVELOPMENT, hours=15)
    env = {**os.environ, "NEWSDIGEST_SMTP_HOST": "127.0.0.1", "NEWSDIGEST_SMTP_PORT": str(site.smtp.port),
           "NEWSDIGEST_SITE_URL": "https://news.example"}

    def nd(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "newsdigest", "--db", str(site.db), *args],
                              capture_output=True, text=True, env=env, timeout=120)

    first = nd("run")  # a pass (no sources here), then the follow mails
    assert first.returncode == 0 and "1 follow mail(s) sent" in first.stderr, first.stderr
    second = nd("newsletter", "follows")
    assert second.returncode == 0 and "0 follow mail(s) sent" in second.stderr, second.stderr
    site.arrive(LATER, hours=21)
    third = nd("newsletter", "follows")
    assert third.returncode == 0 and "1 follow mail(s) sent" in third.stderr, third.stderr
    mails = site.smtp.inbox.wait(3)
    assert len(mails) == 3 and NEWS in text_of(mails[1]) and "40 million euros" in text_of(mails[2])


# ---------------------------------------------------------------- storage, on both databases


def _story(storage: Storage, sid: int, ids: list[str], hours: float) -> None:
    arts = [Article(id=i, text=f"Report {i} about story {sid}.", source=f"Outlet {i}",
                    published=T0 + timedelta(hours=hours)) for i in ids]
    storage.add_articles(arts)
    storage.save_stories([Story(id=sid, article_ids=tuple(ids), title=f"Story {sid}")])
    storage.assign_stories({i: sid for i in ids}, {})
    storage.save_digest(Digest(
        story_id=sid, headline=f"Story {sid}", lede="Lede.", paragraphs=(Paragraph("Lede.", (Citation(ids[0], 0, 5),)),),
        quotes=(), relevant_articles=tuple(RelevantArticle(a.id, a.title, a.source, a.url, a.published) for a in arts),
        slug=f"story-{sid}", published=T0,
    ))


def test_follow_storage_and_merges(storage: Storage) -> None:
    _story(storage, 1, ["k1", "k2"], 0)
    _story(storage, 2, ["g1", "g2"], 1)
    mark = storage.story_seq(2)
    assert mark == max(storage.article_seqs(["g1", "g2"]).values()) > 0
    req = storage.request_follow("A@Example.org", 2, seen_seq=mark, cooldown=timedelta(minutes=10), now=T0)
    assert req.action == "confirm" and req.follow.email == "a@example.org" and req.follow.seen_seq == mark
    again = storage.request_follow("a@example.org", 2, seen_seq=mark, cooldown=timedelta(minutes=10), now=T0)
    assert again.action == "cooldown" and again.follow.id == req.follow.id
    assert storage.confirm_follow(req.follow.id, "wrong") is None
    assert storage.confirm_follow(req.follow.id, req.follow.nonce).status == "active"
    assert storage.confirm_follow(req.follow.id, req.follow.nonce).status == "active"  # opened twice
    assert storage.request_follow("a@example.org", 2, seen_seq=mark, cooldown=timedelta(0)).action == "already"
    # The same reader also follows story 1 (pending): after the merge one follow remains, active.
    other = storage.request_follow("a@example.org", 1, seen_seq=0, cooldown=timedelta(0), now=T0)
    solo = storage.request_follow("b@example.org", 2, seen_seq=mark, cooldown=timedelta(0), now=T0)
    storage.confirm_follow(solo.follow.id, solo.follow.nonce)
    storage.merge_story(2, 1)
    assert storage.move_merged_follows() == 2
    assert storage.move_merged_follows() == 0
    assert storage.follow(solo.follow.id).story_id == 1
    assert storage.follow(req.follow.id).status == "moved"
    kept = storage.follow(other.follow.id)
    assert (kept.story_id, kept.status, kept.seen_seq) == (1, "active", mark)
    assert sorted(f.email for f in storage.follows_of_story(1)) == ["a@example.org", "b@example.org"]
    # Claims: compare-and-set on the mark, so two senders never both win; release puts it back.
    f = storage.follow(solo.follow.id)
    assert storage.claim_follow_delivery(f.id, f.seen_seq, f.seen_seq + 5, story_id=1, items=1, by="h:1")
    assert not storage.claim_follow_delivery(f.id, f.seen_seq, f.seen_seq + 5, story_id=1, items=1, by="h:2")
    [d] = storage.unsent_follow_deliveries()
    assert (d.from_seq, d.upto_seq, d.claimed_by) == (f.seen_seq, f.seen_seq + 5, "h:1")
    assert storage.retake_follow_delivery(d, "h:3") and not storage.retake_follow_delivery(d, "h:4")
    storage.release_follow_delivery(f.id, f.seen_seq + 5)
    assert storage.follow(f.id).seen_seq == f.seen_seq and storage.unsent_follow_deliveries() == []
    assert storage.claim_follow_delivery(f.id, f.seen_seq, f.seen_seq + 7, story_id=1, items=2, by="h:1")
    storage.mark_follow_sent(f.id, f.seen_seq + 7)
    assert storage.unsent_follow_deliveries() == [] and storage.follow_deliveries(f.id)[0].sent is not None
    assert storage.unfollow(f.id) and storage.unfollow(f.id) and not storage.unfollow(9999)
    assert storage.follow(f.id).status == "unfollowed" and storage.count_follows() == 1
    # Following again after unfollowing starts from the story as it is then.
    back = storage.request_follow("b@example.org", 1, seen_seq=123, cooldown=timedelta(0))
    assert back.action == "confirm" and back.follow.seen_seq == 123 and back.follow.id == f.id


def test_merged_story_followers_hear_of_the_kept_story(sqlite_storage: Storage, smtp: SMTPServer, tmp_path) -> None:
    storage = sqlite_storage
    config = _config(tmp_path / "news.db", smtp)
    _story(storage, 1, ["k1", "k2"], 0)
    _story(storage, 2, ["g1", "g2"], 1)
    req = storage.request_follow(ADDRESS, 2, seen_seq=storage.story_seq(2), cooldown=timedelta(0))
    storage.confirm_follow(req.follow.id, req.follow.nonce)
    storage.merge_story(2, 1)
    assert follow.send_updates(storage, config, now=T0 + timedelta(hours=2)) == 0  # story 1's old news: not new
    assert storage.follow(req.follow.id).story_id == 1
    news = Article(id="k3", source="Outlet k3", published=T0 + timedelta(hours=5),
                   text="Investigators found that a relay failed at 21:40 before the blaze began on Tuesday.")
    storage.add_articles([news])
    storage.assign_stories({"k3": 1}, {})
    assert follow.send_updates(storage, config, now=T0 + timedelta(hours=5)) == 1
    msg = smtp.inbox.wait(1)[0]
    assert "relay failed at 21:40" in text_of(msg) and "Story 1" in msg["Subject"]


def test_migration_adds_the_follow_tables(tmp_path: Path) -> None:
    import sqlalchemy as sa
    from alembic.runtime.migration import MigrationContext

    from newsdigest.storage.base import make_engine
    from newsdigest.storage.migrate import script_directory

    path = tmp_path / "old.db"
    open_storage(str(path)).close()
    engine = make_engine(str(path))
    with engine.begin() as conn:  # as a database from before this feature
        conn.execute(sa.text("DROP TABLE follow_deliveries"))
        conn.execute(sa.text("DROP TABLE story_follows"))
        MigrationContext.configure(conn).stamp(script_directory(), "0003")
    engine.dispose()
    with open_storage(str(path)) as s:
        assert s.count_follows() == 0
        with s.engine.connect() as conn:
            head = script_directory().get_current_head()
            assert MigrationContext.configure(conn).get_current_revision() == head


# ---------------------------------------------------------------- a real browser


@pytest.mark.browser
def test_follow_form_in_a_browser(site: Site, browser) -> None:
    from browser_helpers import free_port, serve_app, shot

    port = free_port()
    site.config = site.config.replace(site_url=f"http://127.0.0.1:{port}")
    app = create_app(site.config, site.storage, cache_seconds=0)
    with serve_app(app, port):
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}{publish.digest_path(site.digest)}")
        form = page.locator("form.follow-form")
        form.scroll_into_view_if_needed()
        assert page.locator("#follow-h").inner_text() == "Follow this story"
        page.fill("#follow-email", ADDRESS)
        shot(page, "follow-form")
        form.get_by_role("button", name="Follow this story").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Check your mail"
        msg = site.smtp.inbox.wait(1)[0]
        link = re.search(r"http://127\.0\.0\.1:\d+/follow/confirm/\S+", text_of(msg)).group(0)
        page.goto(link)  # opening the link only asks
        assert page.locator("h1").inner_text() == "Confirm: follow this story?"
        page.click("main button[type=submit]")
        assert page.locator("h1").inner_text() == "You are following this story"
        page.get_by_role("link", name="Back to the story").click()
        page.wait_for_load_state()
        assert page.url.endswith(publish.digest_path(site.digest))
        context.close()
    assert site.storage.follows_of_story(site.story_id)[0].email == ADDRESS

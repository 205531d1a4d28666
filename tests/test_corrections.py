"""Corrections in the open: readers report errors on a digest page, editors accept or
reject them in /admin/corrections/, accepted ones show under the digest, on /corrections/
and in its RSS feed. The real ASGI app on a real SQLite file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import feedparser
import pytest
from starlette.testclient import TestClient

import web_sample
from newsdigest import auth
from newsdigest.settings import load_config
from newsdigest.storage import open_storage
from newsdigest.storage.corrections import REPORT_KINDS
from newsdigest.web import create_app
from reader_helpers import SAME_ORIGIN

LOCAL = ("127.0.0.1", 41000)
PASSWORD = "correct horse battery"
SLUG = "halbrook-substation-fire-power-outage"
FIRE = "/2024/05/22/halbrook-substation-fire-power-outage/"
SCRIPT = '<script>alert("owned")</script>'


def make_config(**over):
    base = load_config(env={}).replace(
        site_url="http://testserver", site_title="The Daily Digest", secret_key="k" * 48
    )
    return base.replace(**over) if over else base


@pytest.fixture(autouse=True)
def _cheap_hashing(cheap_hashing: None) -> None:
    """Every test of this file hashes passwords cheaply."""


@pytest.fixture
def site(sqlite_storage):
    web_sample.fill(sqlite_storage)
    auth.add_user(sqlite_storage, "alice", PASSWORD)
    return sqlite_storage


def client_for(storage, **over) -> TestClient:
    return TestClient(create_app(make_config(**over), storage, cache_seconds=0), client=LOCAL, follow_redirects=False)


@pytest.fixture
def client(site) -> Iterator[TestClient]:
    with client_for(site) as c:
        yield c


def token_in(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF field on the page"
    return m.group(1)


def report(c: TestClient, headers: dict[str, str] = SAME_ORIGIN, **fields: str):
    """Send the report form; by default as a browser does from the digest page (same origin)."""
    data = {"kind": "wrong_fact", "details": "The fire was on Monday night, not Tuesday.", **fields}
    return c.post(FIRE + "report", data=data, headers=headers)


def login(c: TestClient) -> None:
    page = c.get("/admin/login")
    r = c.post("/admin/login", data={"csrf_token": token_in(page.text), "name": "alice", "password": PASSWORD,
                                     "next": "/admin/corrections/"})
    assert r.status_code == 303 and r.headers["location"] == "/admin/corrections/"


def test_every_digest_page_has_the_report_form(client: TestClient) -> None:
    page = client.get(FIRE)
    assert page.status_code == 200
    assert "Report an error" in page.text
    assert f'action="{FIRE}report#report"' in page.text
    for kind, label in REPORT_KINDS.items():
        assert f'value="{kind}"' in page.text and label in page.text
    assert "never shown" in page.text  # the email field says so
    # No per-visitor value in the form: every anonymous reader can get the same cached page.
    assert page.headers["cache-control"].startswith("public") and "csrf_token" not in page.text


def test_report_is_stored_and_cross_site_posts_are_refused(client: TestClient, site) -> None:
    sent = report(client, details=f"Wrong day. {SCRIPT}", email="Reader@Example.org")
    assert sent.status_code == 303 and sent.headers["location"] == FIRE + "?report=received#report"
    [stored] = site.list_error_reports("pending")
    assert (stored.kind, stored.email, stored.headline) == ("wrong_fact", "reader@example.org", web_sample.substation_fire().headline)
    assert stored.details == f"Wrong day. {SCRIPT}"  # kept as typed; escaped when shown
    assert "Thank you" in client.get(sent.headers["location"]).text

    for headers in ({"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
                    {"Origin": "https://evil.example"}, {}):
        refused = report(client, headers)
        assert refused.status_code == 403 and "sent from another site" in refused.text
    assert report(client, {"Origin": "http://testserver"}, details="Also the day of the week is wrong.").status_code == 303
    assert site.count_error_reports("pending") == 2


def test_bad_reports_come_back_with_errors_and_honeypot_stores_nothing(client: TestClient, site) -> None:
    bad = report(client, kind="rude", details=" <i>x</i> ", email=SCRIPT)
    assert bad.status_code == 400
    assert "Please choose what kind of error it is." in bad.text
    assert "Please say what is wrong" in bad.text
    assert "does not look right" in bad.text
    # What was typed comes back, escaped.
    assert SCRIPT not in bad.text and "&lt;script&gt;alert" in bad.text and "&lt;i&gt;x&lt;/i&gt;" in bad.text
    trap = report(client, website="http://spam.example/")
    assert trap.status_code == 303 and "report=received" in trap.headers["location"]
    assert site.count_error_reports("pending") == 0
    assert client.post("/2024/05/22/no-such-story/report", data={}, headers=SAME_ORIGIN).status_code == 404


def test_reports_are_rate_limited_per_client(site) -> None:
    with client_for(site, rate_limit_posts=2) as c:
        assert [report(c).status_code for _ in range(3)] == [303, 303, 429]
    assert site.count_error_reports("pending") == 2


def test_queue_needs_login(client: TestClient, site) -> None:
    r = client.get("/admin/corrections/")
    assert r.status_code == 303 and r.headers["location"].startswith("/admin/login")
    token = token_in(client.get("/admin/login").text)
    report(client)
    [pending] = site.list_error_reports()
    refused = client.post(f"/admin/corrections/{pending.id}", data={"csrf_token": token, "action": "reject"})
    assert refused.status_code == 403
    assert site.count_error_reports("pending") == 1


def test_editor_accepts_with_a_paragraph_fix_and_the_correction_is_public(client: TestClient, site) -> None:
    report(client, details=f"Wrong day. {SCRIPT}", email="reader@example.org")
    report(client, kind="outdated", details="This is just a complaint, nothing wrong.")
    first, second = site.list_error_reports()
    before = site.digest_by_slug(SLUG)

    login(client)
    queue = client.get("/admin/corrections/")
    assert queue.status_code == 200 and queue.headers["cache-control"] == "no-store"
    assert SCRIPT not in queue.text and "&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt;" in queue.text
    admin_token = token_in(queue.text)

    # A note is required; nothing changes without one.
    no_note = client.post(f"/admin/corrections/{first.id}", data={"csrf_token": admin_token, "action": "accept", "note": " "})
    assert no_note.status_code == 400 and "correction note" in no_note.text
    assert site.error_report(first.id).status == "pending"

    fixed = before.paragraphs[0].text.replace("on Tuesday night", "on Monday night")
    note = "An earlier version said the fire was on Tuesday night; it was on Monday night. <b>fixed</b>"
    accepted = client.post(
        f"/admin/corrections/{first.id}",
        data={"csrf_token": admin_token, "action": "accept", "note": note, "paragraph": "0", "text": fixed},
    )
    assert accepted.status_code == 303 and "done=corrected" in accepted.headers["location"]
    after = site.digest_by_slug(SLUG)
    assert after.version == before.version + 1
    assert after.paragraphs[0].text == fixed and after.paragraphs[0].citations == before.paragraphs[0].citations
    assert [v for v, _, _ in site.digest_versions(after.id)][:2] == [after.version, before.version]
    assert site.error_report(first.id).version == after.version
    rejected = client.post(f"/admin/corrections/{second.id}", data={"csrf_token": admin_token, "action": "reject"})
    assert rejected.status_code == 303
    assert site.error_report(second.id).status == "rejected"
    assert site.count_error_reports("pending") == 0

    page = client.get(FIRE)
    assert "substation cut power to about 180,000 homes in Halbrook on Monday night" in page.text
    assert "in Halbrook on Tuesday night" not in page.text
    assert f'id="correction-{first.id}"' in page.text and "<strong>Correction</strong>" in page.text
    assert "&lt;b&gt;fixed&lt;/b&gt;" in page.text and "<b>fixed</b>" not in page.text
    assert "reader@example.org" not in page.text  # a reporter's email is never shown

    listing = client.get("/corrections/")
    assert listing.status_code == 200
    assert "it was on Monday night" in listing.text and f'href="{FIRE}#correction-{first.id}"' in listing.text
    assert "This is just a complaint" not in listing.text and "reader@example.org" not in listing.text

    feed = client.get("/corrections/feed.xml")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/rss+xml")
    parsed = feedparser.parse(feed.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    [entry] = parsed.entries
    assert entry.title == f"Correction: {after.headline}"
    assert entry.link == f"http://testserver{FIRE}#correction-{first.id}"
    assert "it was on Monday night" in entry.summary
    assert entry.published_parsed is not None
    again = client.get("/corrections/feed.xml", headers={"If-None-Match": feed.headers["etag"]})
    assert again.status_code == 304


def test_note_only_acceptance_makes_no_new_version(client: TestClient, site) -> None:
    report(client, kind="misattributed_quote", details="The mayor said this, not the fire chief.")
    [r] = site.list_error_reports()
    before = site.digest_by_slug(SLUG)
    login(client)
    admin_token = token_in(client.get("/admin/corrections/").text)
    done = client.post(f"/admin/corrections/{r.id}", data={"csrf_token": admin_token, "action": "accept",
                                                          "note": "The quote is the mayor's.", "paragraph": ""})
    assert done.status_code == 303 and "done=accepted" in done.headers["location"]
    assert site.digest_by_slug(SLUG).version == before.version
    assert site.error_report(r.id).version is None
    assert "The quote is the mayor" in client.get(FIRE).text
    again = client.post(f"/admin/corrections/{r.id}", data={"csrf_token": admin_token, "action": "accept", "note": "x"})
    assert again.status_code == 409


def test_empty_corrections_feed_parses(client: TestClient) -> None:
    parsed = feedparser.parse(client.get("/corrections/feed.xml").content)
    assert not parsed.bozo and parsed.entries == [] and parsed.feed.title == "The Daily Digest: corrections"
    assert "No corrections yet" in client.get("/corrections/").text


def test_table_is_created_on_an_older_database(tmp_path) -> None:
    """A database made before error_reports existed gets the table on first use."""
    path = str(tmp_path / "old.db")
    s = open_storage(path)
    with s.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE error_reports")
    s.close()
    s = open_storage(path)
    [d] = web_sample.fill(s, [web_sample.substation_fire()])
    r = s.add_error_report(d.id, "outdated", "Numbers changed since.", ip_hash="h", now=datetime(2024, 5, 23, tzinfo=UTC))
    assert s.error_report(r.id).created == datetime(2024, 5, 23, tzinfo=UTC)
    s.close()

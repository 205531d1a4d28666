"""The editors' side: login, sessions, lockout, network restriction, edits, moderation.

The real ASGI app on a real SQLite file; the client address is set through TestClient's
``client`` (the ASGI scope's ``client``), as a server would see it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from http.cookies import SimpleCookie

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

import web_sample
from newsdigest import auth
from newsdigest.errors import ConfigError
from newsdigest.records import Source
from newsdigest.settings import load_config
from newsdigest.storage.base import now_utc
from newsdigest.storage.schema_admin import admin_sessions, api_tokens, edits, users
from newsdigest.web import create_app

LOCAL = ("127.0.0.1", 41000)
OUTSIDE = ("203.0.113.9", 41000)
PASSWORD = "correct horse battery"
ADMIN_PASSWORD = "staple battery horse"
FIRE = "/2024/05/22/halbrook-substation-fire-power-outage/"


def make_config(**over):
    base = load_config(env={}).replace(
        site_url="http://testserver", site_title="The Daily Digest", secret_key="k" * 48, login_max_failures=3
    )
    return base.replace(**over) if over else base


@pytest.fixture(autouse=True)
def _cheap_hashing(cheap_hashing: None) -> None:
    """Every test of this file hashes passwords cheaply."""


@pytest.fixture
def site(sqlite_storage):
    web_sample.fill(sqlite_storage)
    auth.add_user(sqlite_storage, "Alice", PASSWORD)  # stored as "alice"
    auth.add_user(sqlite_storage, "root", ADMIN_PASSWORD, role="admin")
    return sqlite_storage


@pytest.fixture
def client(site) -> Iterator[TestClient]:
    with TestClient(create_app(make_config(), site), client=LOCAL, follow_redirects=False) as c:
        yield c


def token_in(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF field on the page"
    return m.group(1)


def login(c: TestClient, name: str = "alice", password: str = PASSWORD, next_: str = "/admin/"):
    page = c.get("/admin/login")
    if page.status_code == 303:  # logged in already: the login page sends you on
        page = c.get("/admin/")
    assert page.status_code == 200, page.text
    return c.post(
        "/admin/login",
        data={"csrf_token": token_in(page.text), "name": name, "password": password, "next": next_},
    )


def page_token(c: TestClient, path: str) -> str:
    r = c.get(path)
    assert r.status_code == 200, r.text
    return token_in(r.text)


# ---------------------------------------------------------------------- accounts


def test_add_user_hashes_with_argon2_and_validates(sqlite_storage) -> None:
    user = auth.add_user(sqlite_storage, " Bob ", "long enough pass", role="admin")
    assert (user.name, user.role) == ("bob", "admin")
    stored = sqlite_storage.user_by_name("bob").password_hash
    assert stored.startswith("$argon2id$") and "long enough pass" not in stored
    with pytest.raises(ConfigError, match="exists already"):
        auth.add_user(sqlite_storage, "BOB", "another long one")
    with pytest.raises(ConfigError, match="too short"):
        auth.add_user(sqlite_storage, "carol", "short")
    with pytest.raises(ConfigError, match="unknown role"):
        auth.add_user(sqlite_storage, "carol", "long enough pass", role="owner")
    with pytest.raises(ConfigError, match="bad user name"):
        auth.add_user(sqlite_storage, "<carol>", "long enough pass")


def test_set_password_ends_sessions(site) -> None:
    alice = site.user_by_name("alice")
    cookie = auth.start_session(site, alice, "k" * 48)
    assert auth.session_user(site, cookie, "k" * 48) == site.user_by_name("alice")
    auth.set_password(site, "alice", "a brand new password")
    assert auth.session_user(site, cookie, "k" * 48) is None
    assert auth.authenticate(site, "alice", "a brand new password", max_failures=3).user is not None


# ---------------------------------------------------------------------- network


def test_admin_answers_only_to_admin_networks(site) -> None:
    app = create_app(make_config(), site)
    with TestClient(app, client=OUTSIDE, follow_redirects=False) as c:
        for path in ("/admin/", "/admin/login", "/admin/stories/1"):
            refused = c.get(path)
            assert refused.status_code == 403 and refused.headers["cache-control"] == "no-store"
        assert c.post("/admin/login", data={"name": "alice", "password": PASSWORD}).status_code == 403
        # A forged X-Forwarded-For from a peer that is not a trusted proxy is not believed.
        assert c.get("/admin/login", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 403
        assert c.get("/").status_code == 200  # the public site is not affected
    # Behind a trusted proxy, the real client (from X-Forwarded-For) is what counts.
    proxied = create_app(make_config(trusted_proxies=("10.0.0.0/8",)), site)
    with TestClient(proxied, client=("10.1.2.3", 5000), follow_redirects=False) as c:
        assert c.get("/admin/login", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 200
        assert (
            c.get("/admin/login", headers={"X-Forwarded-For": "127.0.0.1, 198.51.100.7"}).status_code == 403
        )


# ---------------------------------------------------------------------- login


def test_pages_need_login_and_login_goes_to_next(client: TestClient) -> None:
    r = client.get("/admin/stories?page=1")
    assert r.status_code == 303
    assert r.headers["location"] == "/admin/login?next=/admin/stories%3Fpage%3D1"
    r = login(client, next_="/admin/stories?page=1")
    assert r.status_code == 303 and r.headers["location"] == "/admin/stories?page=1"
    page = client.get("/admin/stories")
    assert page.status_code == 200
    assert "Halbrook substation fire" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "noindex" in page.headers["x-robots-tag"]


def test_session_cookie_flags_and_stored_hashed(client: TestClient, site) -> None:
    r = login(client)
    raw_header = next(
        v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("nd_admin=")
    )
    flags = raw_header.lower()
    assert "httponly" in flags and "samesite=lax" in flags and "path=/admin" in flags
    assert "secure" not in flags  # http site
    value = SimpleCookie(raw_header)["nd_admin"].value
    with site.engine.connect() as conn:
        stored = conn.execute(sa.select(admin_sessions.c.id_hash)).scalars().all()
    assert len(stored) == 1 and stored[0] not in value and len(stored[0]) == 64


def test_secure_cookie_on_https_site(site) -> None:
    app = create_app(make_config(site_url="https://news.example"), site)
    with TestClient(app, base_url="https://news.example", client=LOCAL, follow_redirects=False) as c:
        r = login(c)
        assert r.status_code == 303
        cookie = next(
            v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("nd_admin=")
        )
        assert "secure" in cookie.lower()


def test_next_only_to_same_site(client: TestClient) -> None:
    for bad in ("//evil.example/", "https://evil.example/", "/\\evil.example", "%2F%2Fevil.example"):
        r = login(client, next_=bad)
        assert r.status_code == 303 and r.headers["location"] == "/admin/", bad


def test_wrong_password_and_unknown_user_read_the_same(client: TestClient) -> None:
    wrong = login(client, "alice", "not the password")
    unknown = login(client, "mallory", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    msg = re.compile(r'<p class="admin-error" role="alert">([^<]*)</p>')
    assert (
        msg.search(wrong.text).group(1) == msg.search(unknown.text).group(1) == "Wrong user name or password."
    )
    assert "nd_admin" not in wrong.headers.get("set-cookie", "")


def test_unknown_user_is_checked_against_the_dummy_hash(site, monkeypatch) -> None:
    seen: list[str] = []
    real = auth.verify_password

    def spy(stored_hash: str, password: str) -> bool:
        seen.append(stored_hash)
        return real(stored_hash, password)

    monkeypatch.setattr(auth, "verify_password", spy)
    assert auth.authenticate(site, "nobody", "whatever it is", max_failures=3).reason == "bad_credentials"
    assert seen == [auth.dummy_hash()]
    assert auth.dummy_hash().startswith("$argon2id$")  # a real hash: same cost as a real check
    seen.clear()
    auth.authenticate(site, "alice", "wrong password!", max_failures=3)
    assert seen == [site.user_by_name("alice").password_hash]
    # A locked name (real or not) still costs one verification.
    for _ in range(3):
        auth.authenticate(site, "ghost", "guess guess", max_failures=3)
    seen.clear()
    assert auth.authenticate(site, "ghost", "guess guess", max_failures=3).reason == "locked"
    assert seen == [auth.dummy_hash()]


def test_lockout_after_max_failures_for_any_name(site) -> None:
    now = now_utc()
    for name in ("alice", "nobody"):  # the same for a real and an unknown account
        results = [auth.authenticate(site, name, "bad password x", max_failures=3, now=now) for _ in range(3)]
        assert [r.reason for r in results] == ["bad_credentials", "bad_credentials", "locked"]
        assert results[-1].locked_until == now + timedelta(minutes=15)
    # Even the right password is refused while locked...
    assert (
        auth.authenticate(site, "alice", PASSWORD, max_failures=3, now=now + timedelta(minutes=14)).reason
        == "locked"
    )
    # ...and works once the 15 minutes are over.
    assert (
        auth.authenticate(site, "alice", PASSWORD, max_failures=3, now=now + timedelta(minutes=16)).user
        is not None
    )


def test_lockout_through_the_login_form(client: TestClient) -> None:
    statuses = [login(client, "alice", "nope nope nope").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    r = login(client, "alice", PASSWORD)
    assert r.status_code == 429 and "Too many failed attempts" in r.text
    assert client.get("/admin/").status_code == 303  # not logged in


def test_session_id_rotates_at_login(client: TestClient, site) -> None:
    login(client)
    first = client.cookies.get("nd_admin")
    assert client.get("/admin/").status_code == 200
    login(client)  # logging in again from the same browser
    second = client.cookies.get("nd_admin")
    assert first and second and first != second
    with site.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(admin_sessions)).scalar() == 1
    replay(client, first)
    assert client.get("/admin/").status_code == 303  # the old id is dead


def replay(client: TestClient, cookie: str) -> None:
    """Make the browser send exactly this session cookie."""
    client.cookies.clear()
    client.cookies.set("nd_admin", cookie, path="/admin")


def test_forged_cookie_is_refused(client: TestClient) -> None:
    replay(client, "not-a-signed-value")
    assert client.get("/admin/").status_code == 303


def test_logout_needs_csrf_and_revokes_the_session(client: TestClient) -> None:
    login(client)
    cookie = client.cookies.get("nd_admin")
    assert client.post("/admin/logout").status_code in (403, 415)
    assert client.post("/admin/logout", data={"csrf_token": "forged"}).status_code == 403
    assert client.get("/admin/").status_code == 200  # still logged in
    token = page_token(client, "/admin/")
    r = client.post("/admin/logout", data={"csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == "/admin/login"
    # The server forgot the session: replaying the old cookie does not log anyone in.
    replay(client, cookie)
    assert client.get("/admin/").status_code == 303
    assert client.get("/admin/logout").status_code == 405


def test_login_form_itself_needs_csrf(client: TestClient) -> None:
    client.get("/admin/login")
    r = client.post("/admin/login", data={"name": "alice", "password": PASSWORD})
    assert r.status_code == 403
    assert "nd_admin" not in client.cookies


# ---------------------------------------------------------------------- dashboard


def test_dashboard_shows_source_health(client: TestClient, site) -> None:
    ok = site.add_source(Source(name="Northwire", url="https://northwire.example/feed.xml"))
    bad = site.add_source(Source(name="Broken Daily", url="https://broken.example/feed.xml"))
    site.record_fetch(ok.id, status="ok", new_articles=7)
    site.record_fetch(
        bad.id, status="error", error="fetch: timeout after 20 s: https://broken.example/feed.xml"
    )
    site.record_fetch(bad.id, status="error", error="fetch: HTTP 503: https://broken.example/feed.xml")
    run = site.start_run()
    site.record_run_source(run, ok.id, status="ok", entries=9, new_articles=4, dropped={}, error=None)
    site.finish_run(run, status="done", stats={})
    login(client)
    html = client.get("/admin/").text
    row = html[html.index("Broken Daily") : html.index("</tr>", html.index("Broken Daily"))]
    assert "fetch: HTTP 503" in row and "<td>2</td>" in row and "error" in row
    ok_row = html[html.index(">Northwire<") : html.index("</tr>", html.index(">Northwire<"))]
    assert "<td>4</td>" in ok_row  # new articles in the last run
    assert "1</strong> failing sources" in html
    assert f"Run {run}" in html


# ---------------------------------------------------------------------- editing


def _edit_form(client: TestClient, story_id: int) -> dict[str, str]:
    html = client.get(f"/admin/stories/{story_id}").text
    form = {"csrf_token": token_in(html)}
    form["version"] = re.search(r'name="version" value="(\d+)"', html).group(1)
    form["headline"] = re.search(r'name="headline" value="([^"]*)"', html).group(1)
    for name, text in re.findall(r'<textarea id="(p\d+)" name="p\d+"[^>]*>([^<]*)</textarea>', html):
        form[name] = text
    return form


def test_edit_is_versioned_and_attributed(client: TestClient, site) -> None:
    before = site.digest_for_story(1)
    login(client)
    form = _edit_form(client, 1)
    form["headline"] = "Fire at Kessler Road substation cuts power to 180,000 homes"
    form["p1"] = "Halgrid said power was back for 150,000 customers by Wednesday noon."
    r = client.post("/admin/stories/1/edit", data=form)
    assert r.status_code == 303 and r.headers["location"] == "/admin/stories/1?done=edit"
    after = site.digest_for_story(1)
    assert after.version == before.version + 1
    assert after.headline == form["headline"]
    assert after.paragraphs[1].text == form["p1"]
    assert after.paragraphs[1].citations == before.paragraphs[1].citations  # kept, marked edited
    assert after.paragraphs[0] == before.paragraphs[0] and after.paragraphs[2:] == before.paragraphs[2:]
    assert site.edited_paragraphs(after) == {1}
    assert after.writer == "editor:alice"
    assert [v for v, _, _ in site.digest_versions(after.id)][:2] == [after.version, before.version]
    with site.engine.connect() as conn:
        row = conn.execute(sa.select(edits).where(edits.c.action == "edit")).one()
    assert row.user_name == "alice" and row.version == after.version and row.via == "admin"
    assert row.detail["headline"]["from"] == before.headline and row.detail["paragraphs_changed"] == [1]
    page = client.get("/admin/stories/1?done=edit").text
    assert "Saved as a new version." in page and '<span class="admin-tag">edited</span>' in page
    public = client.get(FIRE)
    assert "Fire at Kessler Road substation cuts power" in public.text
    # Saving the form unchanged makes no new version.
    same = _edit_form(client, 1)
    assert client.post("/admin/stories/1/edit", data=same).headers["location"].endswith("done=unchanged")
    assert site.digest_for_story(1).version == after.version


def test_edit_of_first_paragraph_keeps_lede_in_step_and_removes_emptied(client: TestClient, site) -> None:
    login(client)
    form = _edit_form(client, 1)
    form["p0"] = "A substation fire cut power to 180,000 Halbrook homes on Tuesday night."
    form["p3"] = "   "
    client.post("/admin/stories/1/edit", data=form)
    d = site.digest_for_story(1)
    assert d.lede == form["p0"] and len(d.paragraphs) == 3
    assert site.edited_paragraphs(d) == {0}


def test_stale_or_bad_edit_is_refused(client: TestClient, site) -> None:
    login(client)
    form = _edit_form(client, 1)
    stale = {**form, "version": str(int(form["version"]) - 1 or 99), "headline": "Stale change"}
    assert client.post("/admin/stories/1/edit", data=stale).status_code == 409
    assert client.post("/admin/stories/1/edit", data={**form, "headline": "  "}).status_code == 400
    assert client.post("/admin/stories/1/edit", data={**form, "headline": "x" * 301}).status_code == 400
    no_csrf = {k: v for k, v in form.items() if k != "csrf_token"}
    assert client.post("/admin/stories/1/edit", data={**no_csrf, "headline": "No token"}).status_code == 403
    assert site.digest_for_story(1).version == 1
    assert client.get("/admin/stories/12345").status_code == 404
    assert client.get("/admin/stories/abc").status_code == 404


def test_hostile_text_is_escaped_on_admin_pages(client: TestClient) -> None:
    login(client)
    html = client.get("/admin/stories/99").text
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_unpublish_publish_pin_rewrite(client: TestClient, site) -> None:
    login(client)
    token = page_token(client, "/admin/stories/1")
    assert client.post("/admin/stories/1/unpublish", data={"csrf_token": token}).status_code == 303
    d = site.digest_for_story(1)
    assert d.status == "unpublished" and d.version == 2
    assert client.get(FIRE).status_code == 404
    assert client.post("/admin/stories/1/publish", data={"csrf_token": token}).status_code == 303
    assert site.digest_for_story(1).status == "published" and client.get(FIRE).status_code == 200

    assert client.post("/admin/stories/3/pin", data={"csrf_token": token}).status_code == 303
    assert [x.story_id for x in site.pinned_digests()] == [3]
    rows = site.story_rows(10)
    assert rows[0].story_id == 3 and rows[0].pinned  # pinned first, then by trend
    client.post("/admin/stories/3/unpin", data={"csrf_token": token})
    assert site.pinned_digests() == []

    site.mark_written([1])
    assert 1 not in [s.id for s in site.changed_stories()]
    assert client.post("/admin/stories/1/rewrite", data={"csrf_token": token}).status_code == 303
    assert 1 in [s.id for s in site.changed_stories()]
    actions = [e.action for e in reversed(site.edits_for_story(1))]
    assert actions == ["unpublish", "publish", "rewrite"]
    assert [e.action for e in reversed(site.edits_for_story(3))] == ["pin", "unpin"]
    assert all(e.user_name == "alice" for e in site.recent_edits())


# ---------------------------------------------------------------------- comments, subscribers


def test_comment_moderation_queue(client: TestClient, site) -> None:
    digest = site.digest_for_story(1)
    c = site.add_comment(
        digest.id, "Reader <b>One</b>", "Thanks for the *summary*", author_key="k1", ip_hash="h1"
    )
    login(client)
    queue = client.get("/admin/comments")
    assert queue.status_code == 200
    assert "Reader &lt;b&gt;One&lt;/b&gt;" in queue.text and "Thanks for the *summary*" in queue.text
    token = token_in(queue.text)
    assert (
        client.post(f"/admin/comments/{c.id}", data={"csrf_token": token, "action": "explode"}).status_code
        == 400
    )
    r = client.post(f"/admin/comments/{c.id}", data={"csrf_token": token, "action": "approve"})
    assert r.status_code == 303 and r.headers["location"] == "/admin/comments?status=pending&done=published"
    assert site.comment(c.id).status == "published"
    client.post(f"/admin/comments/{c.id}", data={"csrf_token": token, "action": "spam", "queue": "published"})
    assert site.comment(c.id).status == "spam"
    moderation = [e for e in site.edits_for_story(1) if e.action == "moderate"]
    assert [e.detail["status"] for e in reversed(moderation)] == ["published", "spam"]
    assert (
        client.post("/admin/comments/999", data={"csrf_token": token, "action": "approve"}).status_code == 404
    )


def test_subscribers_are_for_admins_and_csv_is_formula_safe(client: TestClient, site) -> None:
    for email in ("reader@example.com", "=cmd|'/C calc'!A0@example.com"):
        req = site.request_subscription(email, cooldown=timedelta(0))
        site.confirm_subscriber(email, req.subscriber.nonce)
    site.request_subscription("pending@example.com", cooldown=timedelta(0))
    login(client)  # an editor
    assert client.get("/admin/subscribers").status_code == 403
    assert client.get("/admin/subscribers.csv").status_code == 403
    login(client, "root", ADMIN_PASSWORD)
    page = client.get("/admin/subscribers")
    assert "<strong>2</strong> confirmed" in page.text and "<strong>1</strong> pending" in page.text
    csv_ = client.get("/admin/subscribers.csv")
    assert csv_.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_.headers["content-disposition"]
    lines = csv_.text.strip().split("\r\n")
    assert lines[0] == "email,status,created,confirmed,unsubscribed"
    assert len(lines) == 3 and lines[1].startswith("reader@example.com,confirmed,")
    assert lines[2].startswith("'=cmd")  # a spreadsheet shows it, does not run it
    assert len(client.get("/admin/subscribers.csv?status=all").text.strip().split("\r\n")) == 4
    assert client.get("/admin/subscribers.csv?status=nope").status_code == 400


# ---------------------------------------------------------------------- API tokens


def test_api_tokens_page_shows_new_token_once_and_stores_a_hash(client: TestClient, site) -> None:
    login(client)
    token = page_token(client, "/admin/tokens")
    r = client.post("/admin/tokens", data={"csrf_token": token, "label": "newsroom bot"})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    raw = re.search(r'id="new-token">([^<]+)<', r.text).group(1)
    assert raw.startswith("nd_")
    with site.engine.connect() as conn:
        stored = conn.execute(sa.select(api_tokens.c.token_hash, api_tokens.c.label)).one()
    assert stored.label == "newsroom bot" and raw not in stored.token_hash
    assert auth.token_user(site, raw).name == "alice"
    listing = client.get("/admin/tokens").text
    assert raw not in listing and raw[:10] in listing
    tid = site.list_api_tokens(site.user_by_name("alice").id)[0].id
    assert client.post(f"/admin/tokens/{tid}/revoke", data={"csrf_token": token}).status_code == 303
    assert auth.token_user(site, raw) is None


def test_disabled_user_loses_session_and_tokens(client: TestClient, site) -> None:
    login(client)
    raw = auth.new_api_token(site, "alice")
    site.update_user(site.user_by_name("alice").id, disabled=True)
    assert client.get("/admin/").status_code == 303
    assert auth.token_user(site, raw) is None
    assert auth.authenticate(site, "alice", PASSWORD, max_failures=3).user is None
    with site.engine.connect() as conn:
        assert conn.execute(sa.select(users.c.disabled).where(users.c.name == "alice")).scalar()


# ---------------------------------------------------------------------- storage on both databases


def test_admin_store_on_sqlite_and_postgresql(storage) -> None:
    """The SQL of UserStore and AdminStore on both databases: users, failures, sessions, tokens, edits, pins, search."""
    web_sample.fill(storage)
    user = auth.add_user(storage, "alice", PASSWORD)
    now = now_utc()
    window = timedelta(minutes=15)
    assert storage.record_login_failure("x", now, max_failures=2, window=window) is None
    assert storage.record_login_failure("x", now, max_failures=2, window=window) == now + window
    assert storage.login_locked_until("x", now + timedelta(minutes=1)) == now + window
    assert storage.login_locked_until("x", now + timedelta(minutes=16)) is None

    cookie = auth.start_session(storage, user, "k" * 48, now=now)
    assert auth.session_user(storage, cookie, "k" * 48, now=now + timedelta(minutes=5)).name == "alice"
    assert auth.session_user(storage, cookie, "k" * 48, now=now + timedelta(hours=3)) is None  # idle too long
    raw = auth.new_api_token(storage, "alice", "bot")
    assert auth.token_user(storage, raw).id == user.id

    d = storage.digest_for_story(2)
    edited = replace(d, headline="New headline")
    stored, changed = storage.save_edited_digest(edited, user=user, action="edit", edited_paragraphs=[1])
    assert changed and stored.version == 2 and storage.edited_paragraphs(stored) == {1}
    assert storage.save_edited_digest(edited, user=user, action="edit")[1] is False
    assert storage.set_pinned(stored.id, True) and not storage.set_pinned(stored.id, True)
    assert [r.story_id for r in storage.story_rows(3)][:2] == [2, 1]
    assert [x.story_id for x in storage.pinned_digests()] == [2]
    assert {x.story_id for x in storage.search_digests("SUBSTATION")} == {1, 4}
    assert storage.search_digests("100%") == [] and storage.search_digests("a_b") == []
    assert [x.story_id for x in storage.search_digests("substation", limit=1, offset=1)] == [1]
    storage.mark_written([2])
    assert storage.mark_story_changed(2) and not storage.mark_story_changed(424242)
    assert [(e.action, e.user_name) for e in storage.edits_for_story(2)] == [("edit", "alice")]
    assert storage.page_stories(2, 1) == [2, 3]


def test_pinned_digest_leads_the_front_page(sqlite_storage, config):
    """An editor's pin puts a digest first in "Trending now", whatever its trend score."""
    import web_sample
    from starlette.testclient import TestClient

    from newsdigest.web.app import create_app

    from newsdigest import publish

    digests = web_sample.fill(sqlite_storage)
    trending = [d for d in sqlite_storage.trending_digests(5) if publish.is_publishable(d)]
    last = trending[-1]
    stored = sqlite_storage.digest_for_story(last.story_id)
    sqlite_storage.set_pinned(stored.id, True)
    page = TestClient(create_app(config, sqlite_storage, cache_seconds=0)).get("/").text
    from markupsafe import escape as _escape

    def escape(s: str) -> str:
        return str(_escape(s))

    section = page.split("Trending", 1)[1]
    heads = [escape(d.headline) for d in trending if escape(d.headline) in section]
    assert heads, "trending headlines must be on the page"
    first = min(heads, key=section.find)
    assert first == escape(last.headline), "the pinned digest must come first"
    assert len(digests) > 1

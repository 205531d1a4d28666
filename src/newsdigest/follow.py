""""Follow this story" by email: the "What's new" mails and the signed links in them.

A follower is told only the story's real developments: the timeline items
(``timeline.timeline``: new facts, quotes, numbers and outlets; reprints and repeats are
never items) whose article arrived after the follow's high-water mark (``seen_seq``,
arrival order). One mail per follow per send lists all of them; no new item, no mail.

* ``send_updates(storage, config, now=None) -> int`` sends what is due now (what
  ``newsdigest newsletter follows`` runs) and returns how many mails went out; raises
  ``mail.MailError`` when the SMTP server cannot be reached.
* ``send_if_configured(storage, config)`` is for ``run``: the same after every pass when
  ``smtp_host`` is set; mail trouble is logged, never raised.

Crash safety: each mail is claimed before it is sent (the follow's mark moves and a
``follow_deliveries`` row is written in one transaction, compare-and-set on the old
mark, so two senders never both send it) and marked sent after the SMTP server took it.
A claim whose sender died (its process is gone on this host, or it is older than
``CLAIM_LEASE``) is sent by the next run with the same ``Message-ID``; a refused mail is
released for the next run. So a rerun after a kill loses nothing, and repeats a mail
only when the kill fell between the server's "accepted" and our "sent" mark (then with
the same ``Message-ID``, which mail clients show once).
"""

from __future__ import annotations

import logging
import os
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

import jinja2
from itsdangerous import BadData, URLSafeSerializer, URLSafeTimedSerializer

from . import mail, publish
from .keys import secret_key
from .storage.base import now_utc, utc
from .storage.follows import Follow, FollowDelivery
from .timeline import TimelineItem, timeline

log = logging.getLogger(__name__)

CONFIRM_MAX_AGE = 3 * 86400
CLAIM_LEASE = timedelta(minutes=10)  # a live sender sends within seconds of claiming (SMTP timeout 20 s)
ALL_ITEMS = 100_000  # every development, not the page's short list: which ones are new decides
MAIL_ITEMS = 25  # at most this many in one mail; the page has the rest
KIND_LABELS = {"first": "Report", "fact": "New", "quote": "Statement"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("newsdigest", "web/templates"),
    autoescape=jinja2.select_autoescape(["html"]),  # the .txt parts are plain text
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)

# ---------------------------------------------------------------- signed links
#
# Own salts, so a newsletter token can never be replayed as a follow token or back.


def confirm_token(key: str, follow_id: int, nonce: str) -> str:
    return str(URLSafeTimedSerializer(key, salt="nd-follow-confirm").dumps({"f": follow_id, "n": nonce}))


def unfollow_token(key: str, follow_id: int, email: str) -> str:
    """Never expires: the link in a year-old mail must still stop the mails."""
    return str(URLSafeSerializer(key, salt="nd-unfollow").dumps({"f": follow_id, "e": email}))


def read_token(key: str, kind: str, token: str) -> dict[str, Any] | None:
    """The payload of a valid ``confirm`` (unexpired) or ``unfollow`` token, else None."""
    if len(token) > 1000:
        return None
    try:
        if kind == "confirm":
            data = URLSafeTimedSerializer(key, salt="nd-follow-confirm").loads(token, max_age=CONFIRM_MAX_AGE)
        elif kind == "unfollow":
            data = URLSafeSerializer(key, salt="nd-unfollow").loads(token)
        else:
            return None
    except BadData:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("f"), int) else None


def confirm_url(config: Any, key: str, follow: Follow) -> str:
    return f"{publish.site_base(config)}/follow/confirm/{confirm_token(key, follow.id, follow.nonce)}"


def unfollow_url(config: Any, key: str, follow: Follow) -> str:
    return f"{publish.site_base(config)}/follow/unfollow/{unfollow_token(key, follow.id, follow.email)}"


# ---------------------------------------------------------------- what is new


@dataclass(frozen=True)
class StoryNews:
    """A story's developments, each with the arrival (``seq``) of its article."""

    story_id: int
    headline: str
    url: str
    items: tuple[tuple[int, TimelineItem], ...]
    top: int  # the newest arrival in the story: the mark after telling everything


def story_news(storage: Any, config: Any, story_id: int) -> StoryNews | None:
    """None when the story has no published digest to name and link it by."""
    story = storage.story(story_id)
    digest = storage.digest_for_story(story_id)
    if story is None or story.status == "merged" or digest is None or digest.status != "published":
        return None
    if not publish.is_publishable(digest) or not story.article_ids:
        return None
    ids = list(story.article_ids)
    # The digest's own reprint marks count too, as on the page (timeline_for).
    marked = {r.article_id: r.duplicate_of for r in digest.relevant_articles if r.duplicate_of}
    arts = [
        replace(a, duplicate_of=marked[a.id]) if a.duplicate_of is None and a.id in marked else a
        for a in storage.get_articles(ids)
    ]
    seqs = storage.article_seqs(ids)
    items = timeline(arts, storage.get_analyses(ids), max_items=ALL_ITEMS)
    return StoryNews(
        story_id=story_id, headline=digest.headline, url=publish.digest_url(digest, config),
        items=tuple((seqs.get(it.article_id, 0), it) for it in items), top=max(seqs.values(), default=0),
    )


def items_between(news: StoryNews, after: int, upto: int | None = None) -> list[TimelineItem]:
    """Developments whose article arrived in (after, upto]."""
    return [it for seq, it in news.items if seq > after and (upto is None or seq <= upto)]


# ---------------------------------------------------------------- mails


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def _http(url: str) -> str:
    return url if url.startswith(("https://", "http://")) and not _CONTROL.search(url) else ""


def _day(dt: datetime) -> str:
    return publish.as_utc(dt).strftime("%-d %B %Y")


def _rows(items: list[TimelineItem]) -> list[dict[str, str]]:
    return [
        {
            "when": publish.as_utc(it.when).strftime("%-d %B %Y, %H:%M UTC"),
            "when_iso": publish.rfc3339(it.when),
            "kind": KIND_LABELS.get(it.kind, "New"),
            "quote": "yes" if it.kind == "quote" else "",
            "text": _one_line(it.text),
            "speaker": _one_line(it.speaker),
            "outlet": _one_line(it.outlet or it.title or "Source"),
            "url": _http(it.url),
        }
        for it in items
    ]


def confirm_mail(config: Any, key: str, follow: Follow, headline: str, page_url: str) -> EmailMessage:
    values = {"site_title": str(config.site_title), "headline": _one_line(headline), "page_url": page_url,
              "confirm_url": confirm_url(config, key, follow), "site_url": publish.site_base(config)}
    return mail.build_message(
        config, to=follow.email, subject=f"Confirm: follow “{values['headline'][:120]}”",
        text=_env.get_template("mail/follow_confirm.txt").render(**values),
    )


def update_mail(
    config: Any, key: str, follow: Follow, news: StoryNews, items: list[TimelineItem], upto: int, now: datetime
) -> EmailMessage:
    """One follower's "What's new" mail; its Message-ID is fixed by (follow, mark), so a
    mail resent after a crash is the same message."""
    shown = items[-MAIL_ITEMS:]
    unfollow = unfollow_url(config, key, follow)
    values = {
        "site_title": str(config.site_title), "site_url": publish.site_base(config), "day": _day(now),
        "headline": _one_line(news.headline), "page_url": news.url, "items": _rows(shown),
        "more": len(items) - len(shown), "unfollow_url": unfollow,
    }
    subject = f"What's new: {values['headline'][:150]} · {values['day']}"
    msg = mail.build_message(
        config, to=follow.email, subject=subject, text=_env.get_template("mail/follow_update.txt").render(**values),
        html=_env.get_template("mail/follow_update.html").render(subject=subject, **values), unsubscribe_url=unfollow,
    )
    domain = parseaddr(str(config.mail_from))[1].rpartition("@")[2] or "localhost"
    msg.replace_header("Message-ID", f"<follow.{follow.id}.{upto}@{mail.header_safe(domain, 'mail_from')}>")
    return msg


# ---------------------------------------------------------------- sending


def sender_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def abandoned(d: FollowDelivery, me: str, now: datetime) -> bool:
    """Was this claim left by a sender that is gone (dead on this host, or past the lease)?"""
    if now - (utc(d.claimed) or now) > CLAIM_LEASE:
        return True
    host, _, pid = d.claimed_by.rpartition(":")
    if d.claimed_by == me or host != socket.gethostname() or not pid.isdigit():
        return False
    return not _alive(int(pid))


class _LazyMailer:
    """Connects to the SMTP server at the first mail, so a send with nothing new opens nothing."""

    def __init__(self, config: Any) -> None:
        self.config = config
        self._mailer: mail.Mailer | None = None

    def connect(self) -> mail.Mailer:
        if self._mailer is None:
            self._mailer = mail.Mailer(self.config).__enter__()
        return self._mailer

    def close(self) -> None:
        if self._mailer is not None:
            self._mailer.close()


def _deliver(storage: Any, mailer: _LazyMailer, build: Callable[[], EmailMessage], follow_id: int, upto: int,
             now: datetime) -> bool:
    """Send one claimed mail; True when the server took it. A refused mail releases the
    claim for a later run; so does an unreachable server, which is then raised."""
    try:
        smtp = mailer.connect()
    except mail.MailError:
        storage.release_follow_delivery(follow_id, upto)
        raise
    try:
        smtp.send(build())
    except mail.MailError as exc:
        storage.release_follow_delivery(follow_id, upto)
        log.error("follow: follow %s: %s", follow_id, exc)
        return False
    storage.mark_follow_sent(follow_id, upto, now)
    return True


def send_updates(storage: Any, config: Any, now: datetime | None = None) -> int:
    """Send every follower the story's developments they have not been told; returns mails sent."""
    if not mail.mail_enabled(config):
        log.warning("follow: smtp_host is not set; nothing sent")
        return 0
    now = now or now_utc()
    moved = storage.move_merged_follows()
    if moved:
        log.info("follow: %d follow(s) moved to the story their story was merged into", moved)
    key, me = secret_key(config), sender_id()
    cache: dict[int, StoryNews | None] = {}

    def news_of(story_id: int) -> StoryNews | None:
        if story_id not in cache:
            cache[story_id] = story_news(storage, config, story_id)
        return cache[story_id]

    sent = 0
    resumed: set[int] = set()
    mailer = _LazyMailer(config)
    try:
        # 1. Mails a dead sender claimed and may not have sent: the same mail again.
        for d in storage.unsent_follow_deliveries():
            if not abandoned(d, me, now):
                continue
            f = storage.follow(d.follow_id)
            if f is None or not storage.retake_follow_delivery(d, me, now):
                continue
            resumed.add(f.id)
            news = news_of(f.story_id)
            items = items_between(news, d.from_seq, d.upto_seq) if news is not None else []
            if f.status != "active" or news is None or not items:
                storage.mark_follow_sent(f.id, d.upto_seq, now)  # nothing left to tell: close the claim
                continue
            log.info("follow: resuming follow %s's mail left by %s", f.id, d.claimed_by)
            build = partial(update_mail, config, key, f, news, items, d.upto_seq, now)
            sent += _deliver(storage, mailer, build, f.id, d.upto_seq, now)
        # 2. New developments since each follower's mark. Nothing arrived in the story
        #    (one indexed query): no timeline is built.
        tops: dict[int, int] = {}
        for f in storage.active_follows():
            if f.story_id not in tops:
                tops[f.story_id] = storage.story_seq(f.story_id)
            if f.id in resumed or tops[f.story_id] <= f.seen_seq:
                continue
            news = news_of(f.story_id)
            if news is None or news.top <= f.seen_seq:
                continue
            items = items_between(news, f.seen_seq)
            if not items:
                continue  # only reprints or repeats arrived: nothing to tell, no mail
            if not storage.claim_follow_delivery(f.id, f.seen_seq, news.top, story_id=f.story_id,
                                                 items=len(items), by=me, now=now):
                continue  # another sender has it
            build = partial(update_mail, config, key, f, news, items, news.top, now)
            sent += _deliver(storage, mailer, build, f.id, news.top, now)
    finally:
        mailer.close()
    if sent:
        log.info("follow: %d \"What's new\" mail(s) sent", sent)
    return sent


def send_if_configured(storage: Any, config: Any, now: datetime | None = None) -> int:
    """For ``run``: send follow mails after a pass when mail is on; never raises for mail trouble."""
    if not mail.mail_enabled(config):
        return 0
    try:
        return send_updates(storage, config, now)
    except mail.MailError as exc:
        log.error("%s", exc)
        return 0

"""The daily newsletter: the most trending digests of the last 24 hours, mailed to
confirmed subscribers at most once a day.

* ``send_daily(storage, config, now=None) -> int`` sends today's issue now (what
  ``newsdigest newsletter send`` runs) and returns how many mails went out.
* ``send_if_due(storage, config, now=None) -> int`` is for ``run --every``: the same, but
  only once the UTC hour has reached ``newsletter_hour``; a failure is logged, not raised.

An issue is one row per UTC day with its digests fixed when it starts; each subscriber's
copy is claimed in ``newsletter_deliveries`` before it is sent, so a rerun the same day
(or a second sender at the same time) sends nobody a second copy, and a run that died
half-way resumes with the subscribers it had not reached. A copy the SMTP server refused
is released for the next run to retry.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

import jinja2

from . import mail, publish
from .keys import secret_key
from .records import Digest
from .storage.base import now_utc
from .storage.reader import Subscriber

log = logging.getLogger(__name__)

WINDOW = timedelta(hours=24)
_env = jinja2.Environment(
    loader=jinja2.PackageLoader("newsdigest", "web/templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Item:
    headline: str
    url: str
    excerpt: str
    sources: str


def issue_day(now: datetime) -> str:
    return publish.as_utc(now).strftime("%Y-%m-%d")


def _items(digests: list[Digest], config: Any) -> list[Item]:
    from .web.templating import source_summary  # "4 articles from 3 outlets", as on the site

    return [
        Item(
            headline=publish.xml_text(d.headline),
            url=publish.digest_url(d, config),
            excerpt=publish.xml_text(publish.excerpt(d.lede, 220)),
            sources=source_summary(d, reprints=False),
        )
        for d in digests
        if publish.is_publishable(d)
    ]


def build_issue(config: Any, key: str, sub: Subscriber, digests: list[Digest], day: str) -> EmailMessage:
    """One subscriber's copy: plain text and HTML, with one-click unsubscribe headers."""
    items = _items(digests, config)
    unsubscribe = mail.unsubscribe_url(config, key, sub.id, sub.email)
    day_label = datetime.strptime(day, "%Y-%m-%d").strftime("%-d %B %Y")
    subject = f"{config.site_title}: the day's top digests, {day_label}"
    lines = [f"{config.site_title} · {day_label}", "The day's top digests", ""]
    for it in items:
        lines += [it.headline, it.excerpt, f"{it.sources} · {it.url}", ""]
    lines += [
        f"You get this mail because you subscribed to {config.site_title} at {publish.site_base(config)}/.",
        f"Unsubscribe: {unsubscribe}",
    ]
    html = _env.get_template("mail/newsletter.html").render(
        subject=subject, site_title=config.site_title, site_url=publish.site_base(config),
        day_label=day_label, items=items, unsubscribe_url=unsubscribe,
    )
    return mail.build_message(
        config, to=sub.email, subject=subject, text="\n".join(lines) + "\n", html=html, unsubscribe_url=unsubscribe
    )


def send_daily(storage: Any, config: Any, now: datetime | None = None) -> int:
    """Send (or finish sending) today's issue; returns the mails sent now.

    Raises ``mail.MailError`` when the SMTP server cannot be reached; a mail it refuses
    is logged and left for the next run.
    """
    if not mail.mail_enabled(config):
        log.warning("newsletter: smtp_host is not set; nothing sent")
        return 0
    now = now or now_utc()
    day = issue_day(now)
    issue = storage.newsletter_issue(day)
    if issue is not None and issue["finished"] is not None:
        return 0
    if issue is None:
        picked = storage.newsletter_digests(now - WINDOW, now, int(config.newsletter_size))
        picked = [d for d in picked if publish.is_publishable(d)]
        if not picked:
            log.info("newsletter: no digests in the last 24 hours; nothing sent for %s", day)
            return 0
        ids = storage.start_newsletter_issue(day, [d.id for d in picked], now)
    else:
        ids = issue["digest_ids"]
    digests = storage.digests_by_ids(ids)
    recipients = storage.newsletter_recipients(day)
    if not digests or not recipients:
        storage.finish_newsletter_issue(day, now)
        return 0
    key = secret_key(config)
    sent = failed = 0
    with mail.Mailer(config) as mailer:
        for sub in recipients:
            if not storage.claim_delivery(day, sub.id, now):
                continue  # another sender has it
            try:
                mailer.send(build_issue(config, key, sub, digests, day))
            except mail.MailError as exc:
                storage.release_delivery(day, sub.id)
                failed += 1
                log.error("newsletter: subscriber %s: %s", sub.id, exc)
            else:
                sent += 1
    if not failed:
        storage.finish_newsletter_issue(day, now)
    log.info("newsletter: issue %s sent to %d subscriber(s), %d failed", day, sent, failed)
    return sent


def due(storage: Any, config: Any, now: datetime | None = None) -> bool:
    """Mail is on, today's hour has come, and today's issue is not finished."""
    now = publish.as_utc(now or now_utc())
    if not mail.mail_enabled(config) or now.hour < int(config.newsletter_hour):
        return False
    issue = storage.newsletter_issue(issue_day(now))
    return issue is None or issue["finished"] is None


def send_if_due(storage: Any, config: Any, now: datetime | None = None) -> int:
    """For the ``run --every`` loop: send when due; never raises for mail trouble."""
    if not due(storage, config, now):
        return 0
    try:
        return send_daily(storage, config, now)
    except mail.MailError as exc:
        log.error("%s", exc)
        return 0

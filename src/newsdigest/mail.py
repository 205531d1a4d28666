"""Outgoing mail: building messages and handing them to the configured SMTP server.

Every header value is checked for CR/LF (and other control characters) here, whatever
the caller validated: a line break in a header is how one address becomes a spam relay.
``smtp_host`` empty means the site sends no mail (``mail_enabled`` is False).
"""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from collections.abc import Iterable
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any

from itsdangerous import BadData, URLSafeSerializer, URLSafeTimedSerializer

from .errors import NewsdigestError
from .publish import site_base

log = logging.getLogger(__name__)

SMTP_TIMEOUT = 20.0
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Deliberately plain: one @, no spaces, no quotes or angle brackets, a dotted domain.
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")


class MailError(NewsdigestError):
    """Mail could not be built or handed to the SMTP server (belongs in ``errors.py``)."""

    reason = "mail"


def mail_enabled(config: Any) -> bool:
    return bool(str(config.smtp_host or "").strip())


def clean_email(raw: str) -> str | None:
    """A normalised (lower-cased) address, or None when it is not one we will mail.

    CR, LF and every other control character are refused outright, not stripped.
    """
    if not raw or _CONTROL.search(raw):
        return None
    value = raw.strip()
    if len(value) > 254 or not _EMAIL.match(value):
        return None
    return value.lower()


def header_safe(value: str, name: str = "header") -> str:
    if _CONTROL.search(value):
        raise MailError(f"mail: refused a line break or control character in {name}")
    return value


def build_message(
    config: Any,
    *,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    unsubscribe_url: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    """A message from ``mail_from`` with a plain-text part (and an HTML alternative).

    ``unsubscribe_url`` adds RFC 2369 ``List-Unsubscribe`` and RFC 8058 one-click headers.
    """
    address = clean_email(to)
    if address is None:
        raise MailError(f"mail: not a deliverable address: {to!r}")
    msg = EmailMessage()
    msg["From"] = header_safe(str(config.mail_from), "mail_from")
    msg["To"] = address
    msg["Subject"] = header_safe(" ".join(subject.split()), "subject")
    msg["Date"] = format_datetime(datetime.now(UTC))
    domain = parseaddr(str(config.mail_from))[1].rpartition("@")[2] or "localhost"
    msg["Message-ID"] = make_msgid(domain=header_safe(domain, "mail_from"))
    msg["Auto-Submitted"] = "auto-generated"
    if unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{header_safe(unsubscribe_url, 'unsubscribe link')}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        msg["List-Id"] = f"{header_safe(str(config.site_title), 'site_title')} <newsletter.{_list_host(config)}>"
    for name, value in (headers or {}).items():
        msg[header_safe(name, "header name")] = header_safe(value, name)
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg


def _list_host(config: Any) -> str:
    host = site_base(config).split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host or "localhost"


class Mailer:
    """One SMTP connection for a batch of messages (``with Mailer(config) as m: m.send(msg)``)."""

    def __init__(self, config: Any) -> None:
        if not mail_enabled(config):
            raise MailError("mail: smtp_host is not set; this site sends no mail")
        self.config = config
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> "Mailer":
        c = self.config
        try:
            self._smtp = smtplib.SMTP(str(c.smtp_host), int(c.smtp_port), timeout=SMTP_TIMEOUT)
            if c.smtp_starttls:
                self._smtp.starttls(context=ssl.create_default_context())
            if c.smtp_user:
                self._smtp.login(str(c.smtp_user), str(c.smtp_password))
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise MailError(f"mail: cannot connect to SMTP server {c.smtp_host}:{c.smtp_port}: {exc}") from None
        return self

    def send(self, msg: EmailMessage) -> None:
        if self._smtp is None:
            raise MailError("mail: not connected")
        try:
            self._smtp.send_message(msg)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"mail: SMTP server refused the message to {msg['To']}: {exc}") from None

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._smtp = None

    def __exit__(self, *exc: object) -> None:
        self.close()


def send(config: Any, messages: Iterable[EmailMessage]) -> int:
    """Send messages over one connection; returns how many the server accepted."""
    sent = 0
    with Mailer(config) as mailer:
        for msg in messages:
            mailer.send(msg)
            sent += 1
    return sent


def send_quietly(config: Any, msg: EmailMessage) -> bool:
    """For background sends after a web response: a failure is logged, never raised."""
    try:
        send(config, [msg])
    except MailError as exc:
        log.error("%s", exc)
        return False
    return True


__all__ = ["MailError", "Mailer", "build_message", "clean_email", "mail_enabled", "send", "send_quietly"]


# ---------------------------------------------------------------- signed links in mails
#
# itsdangerous tokens signed with the site key; each kind has its own salt so one kind of
# token can never be replayed as another. The payloads are signed, not secret: they carry
# only what the recipient already knows (their own address, a subscriber id).

CONFIRM_MAX_AGE = 3 * 86400
SIGNIN_MAX_AGE = 86400


def _signer(key: str, salt: str, timed: bool = True) -> Any:
    return URLSafeTimedSerializer(key, salt=salt) if timed else URLSafeSerializer(key, salt=salt)


def confirm_token(key: str, email: str, nonce: str, next_path: str = "/") -> str:
    return str(_signer(key, "nd-confirm").dumps({"e": email, "n": nonce, "next": next_path}))


def signin_token(key: str, subscriber_id: int, next_path: str = "/") -> str:
    return str(_signer(key, "nd-signin").dumps({"s": subscriber_id, "next": next_path}))


def unsubscribe_token(key: str, subscriber_id: int, email: str) -> str:
    """Never expires: an unsubscribe link in a year-old newsletter must still work."""
    return str(_signer(key, "nd-unsubscribe", timed=False).dumps({"s": subscriber_id, "e": email}))


def read_token(key: str, kind: str, token: str) -> dict[str, Any] | None:
    """The payload of a valid, unexpired token of ``kind`` (confirm, signin, unsubscribe), else None."""
    ages = {"confirm": CONFIRM_MAX_AGE, "signin": SIGNIN_MAX_AGE, "unsubscribe": None}
    if kind not in ages or len(token) > 1000:
        return None
    try:
        if ages[kind] is None:
            data = _signer(key, "nd-" + kind, timed=False).loads(token)
        else:
            data = _signer(key, "nd-" + kind).loads(token, max_age=ages[kind])
    except BadData:
        return None
    return data if isinstance(data, dict) else None


def unsubscribe_url(config: Any, key: str, subscriber_id: int, email: str) -> str:
    return f"{site_base(config)}/subscribe/unsubscribe/{unsubscribe_token(key, subscriber_id, email)}"

"""Shared by the reader tests: a real SMTP server (aiosmtpd) on 127.0.0.1, and form helpers."""

from __future__ import annotations

import email
import re
import socket
import threading
import time
from email.message import EmailMessage
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps every delivered message; refuses recipients listed in ``refuse``."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse: set[str] = set()
        self._cond = threading.Condition()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd API
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        msg = email.message_from_bytes(envelope.content, policy=default_policy)
        with self._cond:
            self.messages.append(msg)  # type: ignore[arg-type]
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self._cond.notify_all()
        return "250 Message accepted for delivery"

    def wait(self, count: int, timeout: float = 5.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            return list(self.messages)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def clear(self) -> None:
        with self._cond:
            self.messages.clear()
            self.envelopes.clear()


class SMTPServer:
    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "SMTPServer":
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


def text_of(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()


def html_of(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("html",))
    assert part is not None
    return part.get_content()


def link_in(msg: EmailMessage, kind: str) -> str:
    """The site path of the first ``/subscribe/<kind>/<token>`` link in the mail's text."""
    m = re.search(r"https?://[^/\s]+(/subscribe/" + kind + r"/[A-Za-z0-9._-]+)", text_of(msg))
    assert m, f"no {kind} link in:\n{text_of(msg)}"
    return m.group(1)


# What a browser adds to a form post from one of the site's own pages (Fetch Metadata).
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def hidden(html: str, name: str) -> str:
    m = re.search(r'name="' + re.escape(name) + r'" value="([^"]*)"', html)
    assert m, f"no hidden field {name}"
    return m.group(1)

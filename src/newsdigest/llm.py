"""A small client for an OpenAI-compatible chat-completions endpoint (llama.cpp server,
Ollama, vLLM, or a hosted API), used only by the optional LLM writer.

Bounds: ``timeout`` per request; ``retries`` after a timeout, a dropped connection, 429 or
5xx, with exponential backoff and ``Retry-After`` honoured up to ``RETRY_AFTER_CAP``
seconds (a longer one ends the call rather than stall a pass); ``max_tokens`` per answer;
an optional ``budget`` of total tokens for the client's life (one pass), after which it
refuses to call.

The endpoint is chosen by the operator (``llm_url``), not by a feed, so requests to it do
not go through :mod:`newsdigest.gate` — the gate exists to refuse hostile URLs found in
feeds and pages, and a self-hosted model on 127.0.0.1 or a private address is the normal
case here. The API key is sent only in the ``Authorization`` header and never appears in
logs or error messages; user info in the URL is sent as Basic auth and removed from the URL
that is requested and logged. (A key in the URL's query string is not hidden: put keys in
``llm_api_key``.)

Failures raise :class:`LLMError` whose ``reason`` is one word: timeout, http_status,
unreachable, bad_answer, cut_off, budget.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx

from .errors import NewsdigestError
from .fetch import parse_retry_after

log = logging.getLogger(__name__)

__all__ = ["LLMClient", "LLMError", "Usage", "client_from_config", "redact_url"]

RETRY_AFTER_CAP = 30.0
BACKOFF_BASE = 0.5
_RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


class LLMError(NewsdigestError):
    """One chat call failed for good (after retries); ``reason`` is a short word."""

    reason = "llm"

    def __init__(
        self, message: str, *, reason: str = "llm", status: int = 0, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


@dataclass
class Usage:
    """Tokens spent through one client, as the server reported them."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens


def redact_url(url: str) -> str:
    """The URL without user info, so an error message never carries a password."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def completions_url(url: str) -> str:
    """``…/v1`` or ``…/v1/chat/completions`` → the chat-completions endpoint."""
    url = url.rstrip("/")
    return url if url.endswith("/chat/completions") else url + "/chat/completions"


class LLMClient:
    """``chat(messages) -> str``: the assistant's answer text for a list of messages."""

    def __init__(
        self,
        url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 60.0,
        retries: int = 2,
        max_tokens: int = 1500,
        *,
        budget: int | None = None,
        temperature: float = 0.2,
        backoff: float = BACKOFF_BASE,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not url or urlsplit(url).scheme not in {"http", "https"}:
            raise LLMError(f"llm: llm_url must be an http(s) URL: {redact_url(url)!r}", reason="config")
        if not model:
            raise LLMError("llm: llm_model is empty", reason="config")
        parts = urlsplit(url)
        # User info in the URL becomes Basic auth, and the URL we request (and httpx logs)
        # carries none: a password must not reach a log line.
        auth = (
            httpx.BasicAuth(unquote(parts.username), unquote(parts.password or ""))
            if parts.username
            else None
        )
        netloc = parts.netloc.rpartition("@")[2]
        self.url = completions_url(urlunsplit((parts.scheme, netloc, parts.path, parts.query, "")))
        self.model = model
        self.retries = max(0, retries)
        self.max_tokens = max_tokens
        self.budget = budget
        self.temperature = temperature
        self.backoff = backoff
        self.usage = Usage()
        headers = {"Accept": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        # The endpoint is the operator's own, so redirects are not expected: refusing them
        # keeps the key from being sent anywhere else.
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout),
            headers=headers,
            auth=None if api_key else auth,
            follow_redirects=False,
            transport=transport,
        )

    # --- lifecycle --------------------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- the call ---------------------------------------------------------------------

    def chat(self, messages: Sequence[dict[str, str]], json_mode: bool = True) -> str:
        """The answer's text. Retries transient failures; raises :class:`LLMError`."""
        if self.budget is not None and self.usage.total >= self.budget:
            raise LLMError(
                f"llm: token budget of {self.budget} spent ({self.usage.total} used): {self.model}",
                reason="budget",
            )
        body: dict[str, Any] = {
            "model": self.model,
            "messages": list(messages),
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
        }
        if json_mode:
            body["response_format"] = {"type": "json_object"}
        attempt = 0
        while True:
            try:
                return self._once(body)
            except LLMError as exc:
                wait = self._retry_wait(exc, attempt)
                if wait is None:
                    raise
                attempt += 1
                log.info(
                    "llm: retry %d in %.1fs after %s: %s", attempt, wait, exc.reason, redact_url(self.url)
                )
                time.sleep(wait)

    def _retry_wait(self, exc: LLMError, attempt: int) -> float | None:
        """Seconds to wait before the next try, or None when this failure is final."""
        if attempt >= self.retries or exc.reason not in {"timeout", "unreachable", "http_status"}:
            return None
        if exc.reason == "http_status" and exc.status not in _RETRY_STATUS:
            return None
        wait = self.backoff * (2**attempt)
        if exc.retry_after is not None:
            if exc.retry_after > RETRY_AFTER_CAP:
                return None  # the server asks for a long pause: give up on this digest
            wait = max(wait, exc.retry_after)
        return wait

    def _once(self, body: dict[str, Any]) -> str:
        where = redact_url(self.url)
        try:
            resp = self._http.post(self.url, json=body)
        except httpx.TimeoutException:
            raise LLMError(f"llm: timed out: {where}", reason="timeout") from None
        except httpx.TransportError as exc:
            raise LLMError(f"llm: cannot reach {where}: {type(exc).__name__}", reason="unreachable") from None
        except httpx.HTTPError as exc:  # a broken answer stream (bad encoding, protocol error)
            raise LLMError(
                f"llm: bad answer from {where}: {type(exc).__name__}", reason="bad_answer"
            ) from None
        if resp.status_code != 200:
            raise LLMError(
                f"llm: HTTP {resp.status_code} from {where}: {_error_text(resp)}",
                reason="http_status",
                status=resp.status_code,
                retry_after=parse_retry_after(resp.headers.get("retry-after")),
            )
        try:
            payload = resp.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise LLMError(f"llm: answer is not JSON: {where}", reason="bad_answer") from None
        self._count(payload)
        try:
            choice = payload["choices"][0]
            content = choice["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise LLMError(
                f"llm: answer has no choices[0].message.content: {where}", reason="bad_answer"
            ) from None
        if not isinstance(content, str) or not content.strip():
            raise LLMError(f"llm: empty answer: {where}", reason="bad_answer")
        if choice.get("finish_reason") == "length":
            # A cut-off JSON document cannot be parsed; say why rather than "malformed JSON".
            raise LLMError(f"llm: answer cut off at max_tokens={self.max_tokens}: {where}", reason="cut_off")
        return content

    def _count(self, payload: Any) -> None:
        self.usage.calls += 1
        usage = payload.get("usage") if isinstance(payload, dict) else None
        if isinstance(usage, dict):
            self.usage.prompt_tokens += int(usage.get("prompt_tokens") or 0)
            self.usage.completion_tokens += int(usage.get("completion_tokens") or 0)


def _error_text(resp: httpx.Response) -> str:
    """A short, single-line excerpt of an error body (servers put the reason there)."""
    try:
        data = resp.json()
        msg = data.get("error", data) if isinstance(data, dict) else data
        if isinstance(msg, dict):
            msg = msg.get("message", msg)
        text = str(msg)
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        text = resp.text
    return " ".join(text.split())[:200] or resp.reason_phrase


def client_from_config(config: Any) -> LLMClient | None:
    """The configured client, or None when ``llm_url`` or ``llm_model`` is unset (the
    extractive writer alone). Reads the settings by name so it works with any Config."""
    url = getattr(config, "llm_url", "") or ""
    model = getattr(config, "llm_model", "") or ""
    if not url or not model:
        return None
    budget = getattr(config, "llm_token_budget", 0) or None
    return LLMClient(
        url,
        model,
        api_key=getattr(config, "llm_api_key", "") or None,
        timeout=float(getattr(config, "llm_timeout", 60.0)),
        retries=int(getattr(config, "llm_retries", 2)),
        max_tokens=int(getattr(config, "llm_max_tokens", 1500)),
        budget=budget,
    )

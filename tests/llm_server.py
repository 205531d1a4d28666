"""A small real OpenAI-compatible chat-completions server on 127.0.0.1 for the LLM tests.

Each test scripts the answers in order (:class:`Reply`): a completion, an HTTP error with
an optional ``Retry-After``, a raw body, or a delay longer than the client's timeout. The
server records every request (JSON body and headers) so tests can check what was sent.

    with LLMServer() as server:
        server.script(Reply.completion('{"headline": ...}'), Reply.error(429, retry_after="0"))
        client = LLMClient(server.url, "test-model")
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering

    @classmethod
    def completion(
        cls, content: str, *, finish_reason: str = "stop", model: str = "test-model", delay: float = 0.0
    ) -> Reply:
        payload = {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
        }
        return cls(200, json.dumps(payload).encode(), {"Content-Type": "application/json"}, delay)

    @classmethod
    def json_answer(cls, obj: Any, **kw: Any) -> Reply:
        return cls.completion(json.dumps(obj, ensure_ascii=False), **kw)

    @classmethod
    def error(cls, status: int, *, retry_after: str | None = None, message: str = "scripted error") -> Reply:
        headers = {"Content-Type": "application/json"}
        if retry_after is not None:
            headers["Retry-After"] = retry_after
        body = json.dumps({"error": {"message": message, "type": "server_error"}}).encode()
        return cls(status, body, headers)

    @classmethod
    def slow(cls, seconds: float, content: str = "{}") -> Reply:
        return cls.completion(content, delay=seconds)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, str]]:
        return self.body.get("messages", [])

    @property
    def prompt(self) -> str:
        return "\n".join(m.get("content", "") for m in self.messages)


class LLMServer:
    """ThreadingHTTPServer on an ephemeral loopback port, answering scripted replies."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                if self.path.rstrip("/") == "/v1/models":
                    self._send(Reply(200, b'{"object": "list", "data": [{"id": "test-model"}]}'))
                else:
                    self._send(Reply(404, b'{"error": {"message": "not found"}}'))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    body = {"_raw": raw.decode("utf-8", "replace")}
                with server._lock:
                    server.requests.append(
                        Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                    reply = server.replies.popleft() if server.replies else None
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(Reply(404, b'{"error": {"message": "not found"}}'))
                    return
                if reply is None:
                    reply = Reply.error(500, message="no scripted reply left")
                if reply.delay:
                    time.sleep(reply.delay)
                self._send(reply)

            def _send(self, reply: Reply) -> None:
                try:
                    self.send_response(reply.status)
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

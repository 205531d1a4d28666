"""Security headers on every response, chosen by what the response is.

HTML may load only our own files (the CSS); JSON-LD blocks are
``type="application/ld+json"`` data blocks, which the browser never executes, so no
script source needs allowing. Everything else (feeds, JSON, text, CSS) may load nothing.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HTML_CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
OTHER_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",  # for browsers that predate frame-ancestors
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def headers_for(content_type: str, *, hsts: bool = False) -> dict[str, str]:
    """The security headers a response with this content type gets."""
    out = {
        "Content-Security-Policy": HTML_CSP if content_type.startswith("text/html") else OTHER_CSP,
        **COMMON,
    }
    if hsts:
        out["Strict-Transport-Security"] = "max-age=31536000"
    return out


class SecurityHeaders:
    """Pure ASGI middleware (no response buffering, works for streamed files too)."""

    def __init__(self, app: ASGIApp, *, hsts: bool = False) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in headers_for(headers.get("content-type", ""), hsts=self.hsts).items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)

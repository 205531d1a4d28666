"""``/healthz``: is the app up and can it read its database."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

log = logging.getLogger(__name__)


def healthz(request: Request) -> Response:
    try:
        count = request.app.state.storage.count_digests()
    except Exception as exc:  # any failure to read, whatever the driver raises, is "unhealthy"
        log.error("web: health check cannot read storage: %s", exc)
        return JSONResponse(
            {"status": "error", "error": "storage unavailable"},
            status_code=503,
            headers={"Cache-Control": "no-store"},
        )
    return JSONResponse({"status": "ok", "digests": count}, headers={"Cache-Control": "no-store"})


routes = [Route("/healthz", healthz, name="healthz")]

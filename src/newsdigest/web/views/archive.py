"""``/archive/``: every day with published digests, by month; ``/archive/yyyy/mm/dd/``:
that UTC day's digests, with links to the nearest earlier and later days."""

from __future__ import annotations

import math
from datetime import date
from itertools import groupby

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ... import publish
from ..templating import render
from .home import page_number

PAGE_SIZE = 50


def day_path(day: date) -> str:
    return f"/archive/{day:%Y/%m/%d}/"


def archive_index(request: Request) -> Response:
    days = request.app.state.storage.archive_days()
    months = [(month, list(group)) for month, group in groupby(days, key=lambda dc: dc[0].replace(day=1))]
    return render(
        request,
        "archive.html",
        {
            "section": "archive",
            "day": None,
            "months": months,
            "day_path": day_path,
            "canonical": publish.site_base(request.app.state.config) + "/archive/",
        },
    )


def _day(request: Request) -> date:
    y, m, d = (request.path_params[k] for k in ("yyyy", "mm", "dd"))
    if not (len(y) == 4 and len(m) == 2 and len(d) == 2 and (y + m + d).isdigit()):
        raise HTTPException(404)
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise HTTPException(404) from None


def archive_day(request: Request) -> Response:
    day = _day(request)
    storage = request.app.state.storage
    total = storage.count_on(day)
    if total == 0:
        raise HTTPException(404)
    page = page_number(request.query_params.get("page"))
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if page > pages:
        raise HTTPException(404)
    found = [d for d in storage.digests_on(day, PAGE_SIZE, (page - 1) * PAGE_SIZE) if publish.is_publishable(d)]
    before, after = storage.neighbour_days(day)
    path = day_path(day)
    return render(
        request,
        "archive.html",
        {
            "section": "archive",
            "day": day,
            "digests": found,
            "total": total,
            "before": before,
            "after": after,
            "day_path": day_path,
            "page": page,
            "pages": pages,
            "path": path,
            "canonical": publish.site_base(request.app.state.config) + path + (f"?page={page}" if page > 1 else ""),
        },
    )


routes = [
    Route("/archive/", archive_index, name="archive"),
    Route("/archive/{yyyy}/{mm}/{dd}/", archive_day, name="archive_day"),
]

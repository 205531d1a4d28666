"""``/search?q=``: full-text search over published digests, paged, with highlighted
passages. The query is shown back escaped like any text; highlighting arrives as
(text, highlighted) runs, so no HTML is built here."""

from __future__ import annotations

import math
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ... import publish
from ..templating import render
from .api import clean_query
from .home import page_number

PAGE_SIZE = 20
MAX_QUERY = 200


def search_page(request: Request) -> Response:
    raw = request.query_params.get("q", "")
    if len(raw) > MAX_QUERY:
        raise HTTPException(400, f"The search is longer than {MAX_QUERY} characters.")
    q = clean_query(raw)
    page = page_number(request.query_params.get("page"))
    storage = request.app.state.storage
    total = storage.count_search(q) if q else 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if page > pages:
        raise HTTPException(404)
    hits = [
        h for h in (storage.search(q, PAGE_SIZE, (page - 1) * PAGE_SIZE) if q else [])
        if publish.is_publishable(h.digest)
    ]

    def page_href(n: int) -> str:
        return "/search?" + urlencode({"q": q, **({"page": n} if n > 1 else {})})

    return render(
        request,
        "search.html",
        {
            "section": "search",
            "q": q,
            "hits": hits,
            "total": total,
            "page": page,
            "pages": pages,
            "page_href": page_href,
        },
        max_age=60,
    )


routes = [Route("/search", search_page, name="search")]

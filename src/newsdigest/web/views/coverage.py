"""The digest page's "Coverage by country: UK 3 · US 1" line, from the sources' labels."""

from __future__ import annotations

from starlette.requests import Request

from ...diversity import Coverage, coverage
from ...records import Digest

# What the page says when every labelled outlet shares one value of a dimension.
ONE_SIDED = {
    "country": "Covered by outlets from one country only.",
    "language": "Covered by outlets in one language only.",
    "ownership": "Covered by outlets of one kind of ownership only.",
}


def coverage_for(request: Request, digest: Digest) -> Coverage:
    """Template global: ``coverage_for(request, digest)``."""
    labels = request.app.state.storage.story_outlet_labels(
        digest.story_id, [ra.article_id for ra in digest.relevant_articles]
    )
    return coverage(labels)


def one_sided_text(key: str) -> str:
    return ONE_SIDED.get(key, f"Every labelled outlet shares one {key}.")

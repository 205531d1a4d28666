"""The digest page's "Coverage by country: UK 3 · US 1" line, from the labels of the sources
with a report of their own ("+ 2 outlets reprinting" apart)."""

from __future__ import annotations

from starlette.requests import Request

from ...diversity import Coverage, coverage
from ...records import Digest

# What the page says when every labelled outlet with a report of its own shares one value
# of a dimension (reprints elsewhere do not change it: they add no independent report).
ONE_SIDED = {
    "country": "Independently covered by outlets from one country only.",
    "language": "Independently covered by outlets in one language only.",
    "ownership": "Independently covered by outlets of one kind of ownership only.",
}


def coverage_for(request: Request, digest: Digest) -> Coverage:
    """Template global: ``coverage_for(request, digest)``. Outlets that only reprint are
    counted apart; the digest's own reprint marks count too, in case clustering has not
    stored them (as ``timeline_for`` does)."""
    independent, reprinting = request.app.state.storage.story_outlet_labels(
        digest.story_id,
        [ra.article_id for ra in digest.relevant_articles],
        {ra.article_id for ra in digest.relevant_articles if ra.duplicate_of},
    )
    return coverage(independent, reprinting)


def one_sided_text(key: str) -> str:
    return ONE_SIDED.get(key, f"Every labelled outlet with a report of its own shares one {key}.")

"""Stories: what the clusterer keeps of each active story, and the index over them.

A story's centroid is the sum of its articles' unit TF-IDF vectors; its *core* is the sum
of its first reports' vectors (what the story is about, for the drift check); it counts
the articles naming each entity and sums their embeddings. The inverted index maps each
term to the stories whose centroid has it, so a new article is compared only with the
stories that share one of its strongest terms, however many stories exist; the same
index proposes the stories a split story may be merged with (``nearest``, ``members_meet``).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice

import numpy as np

from .documents import _Doc


@dataclass(slots=True)
class _Story:
    id: int
    last: datetime
    first: datetime | None = None  # the story's first article (its core's start)
    vector: dict[str, float] = field(default_factory=dict)
    norm_sq: float = 0.0
    docs: list[_Doc] = field(default_factory=list)
    entity_docs: Counter[str] = field(default_factory=Counter)  # entity key -> docs naming it
    content_docs: int = 0  # docs that add to the centroid (not copies)
    embedding: np.ndarray | None = None  # sum of the content docs' unit embeddings
    embedded: int = 0  # docs summed in ``embedding``
    core: dict[str, float] = field(default_factory=dict)  # sum of the first content docs' vectors
    core_norm_sq: float = 0.0
    core_docs: int = 0

    def add(self, doc: _Doc, when: datetime, core_size: int, drift_after: timedelta) -> None:
        """One more article. Its vector goes into the centroid through ``_Index.add``,
        which keeps the postings in step."""
        self.docs.append(doc)
        self.last = max(self.last, when)
        self.first = when if self.first is None else min(self.first, when)
        if doc.vector:
            self.content_docs += 1
            self.entity_docs.update(doc.entities)
            if self.core_docs < core_size and when - self.first < drift_after:
                self.add_core(doc.vector)
            if doc.embedding is not None:
                prev = self.embedding
                self.embedding = doc.embedding.copy() if prev is None else prev + doc.embedding
                self.embedded += 1

    def recent_vectors(self, n: int) -> list[dict[str, float]]:
        """The vectors of the story's ``n`` newest articles that have one (not copies)."""
        return list(islice((d.vector for d in reversed(self.docs) if d.vector), n))

    def add_core(self, vector: dict[str, float], docs: int = 1) -> None:
        """One of the story's first reports (or ``docs`` of them, summed): part of what the
        story is about."""
        core = self.core
        for term, weight in vector.items():
            core[term] = core.get(term, 0.0) + weight
        self.core_norm_sq = sum(w * w for w in core.values())
        self.core_docs += docs

    def absorb(self, gone: _Story, core_size: int) -> None:
        """Take in a merged story's articles, entities and embeddings; its centroid goes
        through ``_Index.add``."""
        self.docs.extend(gone.docs)
        self.entity_docs.update(gone.entity_docs)
        self.content_docs += gone.content_docs
        if gone.embedding is not None:
            self.embedding = gone.embedding if self.embedding is None else self.embedding + gone.embedding
            self.embedded += gone.embedded
        self.last = max(self.last, gone.last)
        # What the merged story is about: the earlier story's first reports, topped up with
        # the other's while there is room.
        if gone.first is not None and (self.first is None or gone.first < self.first):
            self.core, gone.core = gone.core, self.core
            self.core_norm_sq, gone.core_norm_sq = gone.core_norm_sq, self.core_norm_sq
            self.core_docs, gone.core_docs = gone.core_docs, self.core_docs
            self.first = gone.first
        if gone.core_docs and self.core_docs + gone.core_docs <= core_size:
            self.add_core(gone.core, gone.core_docs)


class _Index:
    """Term -> story id -> that term's weight in the story's centroid."""

    def __init__(self) -> None:
        self.postings: dict[str, dict[int, float]] = {}

    def __len__(self) -> int:
        """Number of postings (story ids over all terms)."""
        return sum(len(p) for p in self.postings.values())

    def add(self, story: _Story, vector: dict[str, float], max_story_terms: int) -> None:
        """Add a vector to the story's centroid, keeping the postings in step; a centroid
        grown past twice ``max_story_terms`` is cut back to its strongest terms."""
        vec = story.vector
        postings = self.postings
        sid = story.id
        norm_sq = story.norm_sq
        for term, weight in vector.items():
            old = vec.get(term, 0.0)
            new = old + weight
            vec[term] = new
            norm_sq += new * new - old * old
            posting = postings.get(term)
            if posting is None:
                postings[term] = {sid: new}
            else:
                posting[sid] = new
        if len(vec) > 2 * max_story_terms:
            keep = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:max_story_terms]
            for term in vec.keys() - {t for t, _ in keep}:
                self._drop(term, sid)
            story.vector = dict(keep)
            # Recomputed, not updated, so rounding errors do not pile up across prunes.
            norm_sq = sum(w * w for w in story.vector.values())
        story.norm_sq = norm_sq

    def remove(self, story: _Story) -> None:
        """Drop a story's postings (evicted, or merged into another)."""
        for term in story.vector:
            self._drop(term, story.id)

    def candidates(
        self, vector: dict[str, float], stories: Mapping[int, _Story], probe_terms: int, max_candidates: int
    ) -> list[int]:
        """The ``max_candidates`` stories nearest a vector by its ``probe_terms`` strongest
        terms (partial cosine with their centroids), best first."""
        probe = heapq.nsmallest(probe_terms, vector.items(), key=lambda kv: (-kv[1], kv[0]))
        partial: dict[int, float] = {}
        get = partial.get
        for term, weight in probe:
            posting = self.postings.get(term)
            if posting:
                for sid, sw in posting.items():
                    partial[sid] = get(sid, 0.0) + weight * sw
        if not partial:
            return []
        return heapq.nsmallest(
            max_candidates, partial, key=lambda s: (-partial[s] / math.sqrt(stories[s].norm_sq), s)
        )

    def nearest(
        self, story: _Story, stories: Mapping[int, _Story], probe_terms: int, max_candidates: int
    ) -> tuple[float, _Story] | None:
        """The story whose centroid is nearest another's (cosine; ties: the lower id), among
        the ``max_candidates`` the index proposes for it."""
        if not story.norm_sq:
            return None
        best: tuple[float, _Story] | None = None
        for sid in self.candidates(story.vector, stories, probe_terms, max_candidates):
            other = stories[sid]
            if sid == story.id or not other.norm_sq:
                continue
            cos = sparse_dot(story.vector, other.vector) / math.sqrt(story.norm_sq * other.norm_sq)
            if best is None or cos > best[0] or (cos == best[0] and sid < best[1].id):
                best = (cos, other)
        return best

    def _drop(self, term: str, sid: int) -> None:
        posting = self.postings.get(term)
        if posting is not None:
            posting.pop(sid, None)
            if not posting:
                del self.postings[term]


def members_meet(a: _Story, b: _Story, recent: int, floor: float) -> bool:
    """Whether one of a story's ``recent`` newest articles has cosine ≥ ``floor`` with one of
    the other's: what keeps two stories of one beat, close only by their shared words, apart."""
    if floor <= 0:
        return True
    theirs = b.recent_vectors(recent)
    return any(sparse_dot(x, y) >= floor for x in a.recent_vectors(recent) for y in theirs)


def sparse_dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two sparse vectors, walking the shorter one."""
    if len(a) > len(b):
        a, b = b, a
    return sum([w * b[t] for t, w in a.items() if t in b])

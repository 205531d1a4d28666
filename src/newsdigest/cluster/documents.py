"""Documents: an article as the clusterer compares it, and the window's frequencies.

An article becomes a unit TF-IDF vector (sublinear tf, smoothed idf) of its strongest
terms. IDF comes from document frequencies counted over the articles in the active window
(added on arrival, removed on eviction), so there is never a global refit and old stories
do not skew today's weights. Entities get the same IDF over the window's entity counts.

``prime`` counts a batch's document frequencies before its articles are placed, so the
first articles of a cold start are weighed as a batch fit would weigh them.

With embeddings on, an article also gets its static embedding (title and lede,
``embed.py``), and the window keeps the sum of its articles' embeddings: their mean is
what all news shares.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from .. import embed
from .text import article_term_counts, entity_key

EMBED_PRIOR_DOCS = 20  # the window's mean embedding counts as if this many more zero vectors were in it


@dataclass(frozen=True)
class ClusterItem:
    article_id: str
    published: datetime
    title: str
    text: str
    entities: tuple[str, ...]
    outlet: str = ""
    duplicate_of: str | None = None


@dataclass(slots=True)
class _Doc:
    article_id: str
    vector: dict[str, float]  # unit length; empty for wire copies and empty texts
    terms: tuple[str, ...]  # distinct terms counted in document frequency
    entities: tuple[str, ...]  # distinct entity keys counted in entity frequency
    counted: bool = False  # whether terms/entities were added to the window's frequencies
    embedding: np.ndarray | None = None  # unit static embedding (only with embeddings on)


class _Documents:
    """The window's documents: their frequencies and embeddings, and how an article becomes
    a ``_Doc``. The base of ``OnlineClusterer``, which uncounts documents as their stories
    leave the window."""

    def __init__(
        self,
        max_doc_terms: int,
        embedding_weight: float,
        embedder: Callable[[Sequence[str]], np.ndarray] | None,
    ) -> None:
        self.max_doc_terms = max_doc_terms
        self.embedding_weight = embedding_weight
        # Only called when the weight is on: the model is loaded on first use.
        self._embedder = embedder or embed.embed_texts
        # Sum of the window's embeddings (float64: added and removed for as long as the
        # stream runs): their mean is what all news shares, taken out before comparing.
        self._emb_sum: np.ndarray | None = None
        self._emb_docs = 0
        self._df: Counter[str] = Counter()
        self._entity_df: Counter[str] = Counter()
        self._n_docs = 0
        self._primed: dict[str, tuple[_Doc, Counter[str]]] = {}

    def _copy_doc(self, item: ClusterItem) -> _Doc:
        return _Doc(item.article_id, {}, (), ())

    def _unprime(self, article_id: str) -> None:
        """A primed article that turned out to be a copy adds no wording: uncount it."""
        primed = self._primed.pop(article_id, None)
        if primed is not None:
            self._uncount(primed[0])

    def _content_doc(self, item: ClusterItem) -> _Doc:
        doc, counts = self._primed.pop(item.article_id, None) or self._count(item)
        doc.vector = self._weigh(counts)
        if doc.embedding is None:
            self._embed_docs([(doc, item)])
        return doc

    def _embed_docs(self, pairs: Sequence[tuple[_Doc, ClusterItem]]) -> None:
        """Give each doc its static embedding (title + lede), when embeddings are on."""
        if self.embedding_weight <= 0 or not pairs:
            return
        rows = self._embedder([embed.embedding_text(item.title, item.text) for _, item in pairs])
        for (doc, _), row in zip(pairs, rows, strict=True):
            doc.embedding = np.asarray(row, dtype=np.float32)
            if doc.counted:
                base = self._emb_sum if self._emb_sum is not None else np.zeros(len(row), dtype=np.float64)
                self._emb_sum = base + doc.embedding
                self._emb_docs += 1

    def _count(self, item: ClusterItem) -> tuple[_Doc, Counter[str]]:
        """Count the article in the window's document frequencies; its vector comes later."""
        counts = article_term_counts(item.title, item.text)
        entities = tuple(dict.fromkeys(k for k in map(entity_key, item.entities) if k))
        # Frequencies include this document, as a batch TF-IDF fit would.
        self._n_docs += 1
        self._df.update(counts.keys())
        self._entity_df.update(entities)
        return _Doc(item.article_id, {}, tuple(counts), entities, counted=True), counts

    def _uncount(self, doc: _Doc) -> None:
        self._n_docs -= 1
        if doc.embedding is not None and self._emb_sum is not None:
            self._emb_sum = self._emb_sum - doc.embedding
            self._emb_docs -= 1
        self._df.subtract(doc.terms)
        self._entity_df.subtract(doc.entities)
        for t in doc.terms:
            if self._df[t] <= 0:
                del self._df[t]
        for e in doc.entities:
            if self._entity_df[e] <= 0:
                del self._entity_df[e]

    def _weigh(self, counts: Counter[str]) -> dict[str, float]:
        """Unit TF-IDF vector (sublinear tf, smoothed idf) of the strongest terms."""
        n = self._n_docs
        df = self._df
        weights = {
            t: (1.0 + math.log(c)) * (math.log((1 + n) / (1 + df[t])) + 1.0) for t, c in counts.items()
        }
        if len(weights) > self.max_doc_terms:
            # The strongest terms carry the topic; the tail only adds cost.
            weights = dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[: self.max_doc_terms])
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    def _idf_entity(self, key: str) -> float:
        return math.log((1 + self._n_docs) / (1 + self._entity_df[key])) + 1.0

    def _window_mean(self) -> np.ndarray | None:
        """The window's mean embedding, shrunk towards 0 while the window holds few documents
        (the mean of two articles is mostly those two articles, not what news shares)."""
        if self._emb_sum is None or self._emb_docs <= 0:
            return None
        return self._emb_sum / (self._emb_docs + EMBED_PRIOR_DOCS)

"""Cluster: group articles that report the same story — online, one pass in time order.

Each story keeps a centroid: the sum of its articles' unit TF-IDF vectors. A new article
is compared with the active stories that share one of its strongest terms (an inverted
index, so the cost does not depend on how many stories exist), and joins the best one
whose similarity (text, shared entities, optionally static embeddings, time) reaches
``threshold``; otherwise it starts a new story. Stories that leave the time window are
evicted, so memory and per-article cost stay flat however long the stream runs.
Everything is deterministic: same input, same output. One module per part:

    text       an article's terms (content words, plurals folded, title words boosted)
               and how entity names are compared; ``grouping`` shows readers the same
    documents  an article as a unit TF-IDF vector, weighed with the document frequencies
               of the active window (counted on arrival, uncounted on eviction), and its
               static embedding when embeddings are on
    stories    what each active story keeps (centroid, first reports, entity counts) and
               the inverted index over the centroids
    online     ``OnlineClusterer``: the similarity, members and drift checks, wire copies,
               editor constraints, merges, eviction
"""

from .documents import ClusterItem
from .online import Assignment, OnlineClusterer, embedding_weight_of
from .text import entity_key, term_counts, terms

__all__ = [
    "Assignment",
    "ClusterItem",
    "OnlineClusterer",
    "embedding_weight_of",
    "entity_key",
    "term_counts",
    "terms",
]

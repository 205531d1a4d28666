"""Content similarity between digests ("More like this")."""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.feature_extraction.text import TfidfVectorizer

from .records import Digest


def _doc(d: Digest) -> str:
    body = " ".join(p.text for p in d.paragraphs[:3])
    names = " ".join(d.entities)
    return f"{d.headline} {d.headline} {names} {body}"


def rank_similar(target: Digest, pool: Sequence[Digest], limit: int) -> list[Digest]:
    """The ``limit`` digests of ``pool`` most similar to ``target`` by TF-IDF cosine."""
    if not pool or limit <= 0:
        return []
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        m = vec.fit_transform([_doc(target)] + [_doc(d) for d in pool])
    except ValueError:  # every document empty after stop words
        return []
    scores = (m[1:] @ m[0].T).toarray().ravel()
    order = sorted(range(len(pool)), key=lambda i: (-scores[i], i))
    return [pool[i] for i in order[:limit] if scores[i] > 0]

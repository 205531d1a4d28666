"""Content similarity between digests ("More like this")."""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.feature_extraction.text import TfidfVectorizer

from .records import Digest

# Least TF-IDF cosine for a digest to be "like" another. Unrelated stories still share a few
# words ("said", a weekday, a town): the demo's floods, rate rise and dock strike score
# 0.01-0.06 against each other, while real stories of one thread score 0.08-0.31 on
# PolNeAR (Super Tuesday / the March 15 primaries 0.31, the Charlotte shooting / Clinton's
# remarks on it 0.19) and loose neighbours of one campaign 0.05-0.07.
MIN_SIMILARITY = 0.08


def _doc(d: Digest) -> str:
    body = " ".join(p.text for p in d.paragraphs[:3])
    names = " ".join(d.entities)
    return f"{d.headline} {d.headline} {names} {body}"


def rank_similar(target: Digest, pool: Sequence[Digest], limit: int) -> list[Digest]:
    """The ``limit`` digests of ``pool`` most similar to ``target`` by TF-IDF cosine, none
    below ``MIN_SIMILARITY``: a story with nothing like it gets no "More like this"."""
    if not pool or limit <= 0:
        return []
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        m = vec.fit_transform([_doc(target)] + [_doc(d) for d in pool])
    except ValueError:  # every document empty after stop words
        return []
    scores = (m[1:] @ m[0].T).toarray().ravel()
    order = sorted(range(len(pool)), key=lambda i: (-scores[i], i))
    return [pool[i] for i in order[:limit] if scores[i] >= MIN_SIMILARITY]

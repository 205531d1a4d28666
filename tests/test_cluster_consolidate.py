"""Split stories merged by the clustering pass (``OnlineClusterer.consolidate``), through the
real pipeline and a real SQLite file: the pass's merges are saved as in-stream merges are
(articles of the absorbed story relabelled, the absorbed story retired into the kept one),
and a later pass changes nothing."""

from __future__ import annotations

from datetime import timedelta

from test_cluster import BYSTANDERS, FERRY, T0, VESSEL

from newsdigest.cluster import ClusterItem
from newsdigest.pipeline import PassReport, cluster_pending
from newsdigest.progress import NullReporter
from newsdigest.records import Analysis, Article
from newsdigest.settings import load_config
from newsdigest.storage import Storage

NOW = T0 + timedelta(hours=6)


def _store(storage: Storage, items: list[ClusterItem]) -> None:
    storage.add_articles([
        Article(id=i.article_id, text=i.text, source=f"outlet-{i.article_id}", title=i.title,
                published=i.published)
        for i in items
    ])
    storage.save_analyses([Analysis(i.article_id, (), (), ()) for i in items])


def _cluster(storage: Storage) -> None:
    cluster_pending(storage, load_config(env={}), NullReporter(), PassReport(), NOW)


def _state(storage: Storage) -> tuple[dict[str, int | None], dict[int, tuple[str, ...]]]:
    """Each article's stored story, and each live story's articles."""
    articles = {a.id: a.story_id for a in storage.iter_articles()}
    live = {s.id: tuple(sorted(s.article_ids)) for s in storage.list_stories(1000) if s.article_ids}
    return articles, live


def test_a_story_split_in_one_batch_is_saved_as_one(sqlite_storage: Storage) -> None:
    _store(sqlite_storage, FERRY + VESSEL + BYSTANDERS)
    _cluster(sqlite_storage)
    articles, live = _state(sqlite_storage)
    one = {articles[i.article_id] for i in FERRY + VESSEL}
    assert len(one) == 1 and None not in one
    (kept,) = one
    assert live[kept] == tuple(sorted(i.article_id for i in FERRY + VESSEL))
    assert len(live) == 1 + len(BYSTANDERS)

    _cluster(sqlite_storage)  # nothing new: nothing changes
    assert _state(sqlite_storage) == (articles, live)


def test_halves_stored_apart_are_merged_when_both_grow(sqlite_storage: Storage) -> None:
    # The first pass stores the two wordings as two stories; the next one brings a report to
    # each, and the pass merges the stored stories: the absorbed one retires into the kept one,
    # and its articles from the earlier pass move too.
    _store(sqlite_storage, FERRY[:2] + VESSEL[:2])
    _cluster(sqlite_storage)
    articles, live = _state(sqlite_storage)
    ferry, vessel = articles["ferry-1"], articles["vessel-1"]
    assert ferry is not None and vessel is not None and ferry != vessel and len(live) == 2

    _store(sqlite_storage, [FERRY[2], VESSEL[2]])
    _cluster(sqlite_storage)
    articles, live = _state(sqlite_storage)
    kept, gone = min(ferry, vessel), max(ferry, vessel)
    assert set(articles.values()) == {kept}
    assert live == {kept: tuple(sorted(articles))}
    story = sqlite_storage.story(gone)
    assert story is not None and story.status == "merged"
    assert sqlite_storage.merged_into(gone) == kept

    _cluster(sqlite_storage)
    assert _state(sqlite_storage) == (articles, live)

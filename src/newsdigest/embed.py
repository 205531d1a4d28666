"""Embed: static sentence embeddings for the story clusterer, offline.

The model is a model2vec table (one vector per WordPiece token, distilled from
all-MiniLM-L6-v2 by ``scripts/distill_model2vec.py``) shipped as package data in
``data/model2vec-minilm/``. Encoding a text is tokenising it and averaging its tokens'
vectors: numpy only, no PyTorch, microseconds per headline. The model is loaded on first
use and cached for the process; a missing model is an error, never a download.

What is embedded is an article's title and the first ``LEDE_WORDS`` words of its body:
the lede says what the story is about; the rest of the body drifts into background that
every article of the beat shares, which would pull all vectors together.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .errors import ConfigError

if TYPE_CHECKING:
    from model2vec import StaticModel

MODEL_DIR = Path(__file__).resolve().parent / "data" / "model2vec-minilm"
LEDE_WORDS = 60
_LOCK = threading.Lock()
_MODELS: dict[Path, StaticModel] = {}


def load_model(path: Path = MODEL_DIR) -> StaticModel:
    """The static model at ``path``, loaded once per process (thread-safe).

    model2vec falls back to the Hugging Face hub when a local path does not exist, so the
    path is checked first and the hub is switched off: nothing is ever fetched.
    """
    path = Path(path)
    with _LOCK:
        model = _MODELS.get(path)
        if model is not None:
            return model
        if not (path / "model.safetensors").is_file() or not (path / "tokenizer.json").is_file():
            raise ConfigError(f"embed: no model2vec model at {path} (model.safetensors and tokenizer.json)")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from model2vec import StaticModel

        model = StaticModel.from_pretrained(path, normalize=True)
        _MODELS[path] = model
        return model


def embedding_text(title: str, text: str, words: int = LEDE_WORDS) -> str:
    """What is embedded for an article: its title, then the first ``words`` words of its body."""
    lede = " ".join(text.split()[:words]) if words > 0 else ""
    return f"{title}\n{lede}".strip()


def embed_texts(texts: Sequence[str], path: Path = MODEL_DIR) -> np.ndarray:
    """Unit-length float32 rows, one per text (a zero row for a text with no known token).

    Deterministic: the same text gives the same row whatever else is in the batch.
    """
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    out = load_model(path).encode(list(texts), show_progress_bar=False, use_multiprocessing=False)
    out = np.asarray(out, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    # model2vec normalises already; a text of unknown tokens only comes back as zeros.
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)

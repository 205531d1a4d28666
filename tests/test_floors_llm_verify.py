"""Quality gate for the LLM writer's verifier: on the bundled demo stories, every corrupted
digest of bench/llm_verify.py is caught, no correct digest is refused and every faithful
rewrite is accepted — at least the floors in ``bench/floors.json`` ("llm_verify" → "demo").

The demo corpus ships with the package, so this runs anywhere in well under a minute;
the full bench (PolNeAR, the Zyte pages) is `bench/llm_verify.py`, its figures are the
other keys of the same entry. The 84 correct digests of the PolNeAR dev texts are checked
too ("polnear_dev", about a minute): a writer change that makes the verifier refuse a
correct digest of real articles had gone unseen while only the demo's five were gated.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import need

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import llm_verify  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(REPO / "bench"))
    return llm_verify


def test_llm_verify_floors_on_demo_stories(bench):
    floor = json.loads((REPO / "bench" / "floors.json").read_text())["llm_verify"]["demo"]
    report = bench.run(["demo"], None, seed=7, errors=5, draws=1)
    assert report["digests"] >= 5
    tried = {m: r["tried"] for m, r in report["mutations"].items()}
    assert all(n > 0 for n in tried.values()), tried  # every kind of corruption was tried
    examples = report["examples"]
    assert report["overall_catch_rate"] >= floor["caught"], examples["missed"]
    assert 1 - report["false_rejection_rate"] >= floor["correct_accepted"], examples["false_rejections"]
    assert report["variant_accept_rate"] >= floor["rewrites_accepted"], examples["variants_rejected"]


def test_no_correct_digest_of_polnear_dev_is_refused(bench):
    floor = json.loads((REPO / "bench" / "floors.json").read_text())["llm_verify"]["polnear_dev"]
    need((bench.SHARED / "quotes" / "polnear" / "dev").is_dir(), "PolNeAR dev texts under the shared data")
    report = bench.run(["polnear"], None, seed=7, errors=10, draws=0)  # no corruptions: the digests as written
    assert report["digests"] >= 80
    assert 1 - report["false_rejection_rate"] >= floor["correct_accepted"], report["examples"]["false_rejections"]

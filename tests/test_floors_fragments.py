"""Quality gate for quote links: on real pages, the ``#:~:text=`` fragment the site builds
for each quote must match the page as a browser renders it (``bench/floors.json``,
"fragments"; floors are only ever raised).

Runs bench/fragments.py on a subset of the 121 real pages (the real extraction and
analysis, links built by ``publish.body.body_pieces``, checked with the WICG text-directive
steps over the page's rendered text), then loads a few of those links in real Chromium
to make sure the browser agrees. Well under a minute.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED_DATA, need, bench_module

REPO = Path(__file__).resolve().parents[1]
PAGES = 30  # the first pages by id: enough quotes to gate, fast enough for every run
WINDOWS = 10  # random text windows per page


@pytest.fixture(scope="module")
def fr():
    return bench_module("fragments")


@pytest.fixture(scope="module")
def checked(fr):
    need((SHARED_DATA / "extraction" / "html").is_dir(), f"shared data at {SHARED_DATA}")
    pages = dict(list(fr.load_pages().items())[:PAGES])
    return pages, fr.run(pages, WINDOWS)


def test_quote_fragments_floor(fr, checked) -> None:
    floor = json.loads((REPO / "bench" / "floors.json").read_text())["fragments"]
    _, got = checked
    assert got.extracted == PAGES
    assert len(got.links) >= 100, "too few quotes to gate on"
    assert len(got.windows) >= 250
    fails = [(x.page, x.reason, x.href) for x in got.links if not x.ok]
    assert fr.verbatim_share(got.links) >= floor["verbatim"], fails
    wfails = [(x.page, x.reason, x.href) for x in got.windows if not x.ok]
    assert fr.verbatim_share(got.windows) >= floor["windows_verbatim"], wfails


@pytest.mark.browser
def test_chromium_agrees_on_a_sample(fr, checked, browser) -> None:
    pages, got = checked
    sample = got.links[:: len(got.links) // 3][:3]
    control = fr.Link(sample[0].page, "", sample[0].href.replace(":~:text=", ":~:text=qqzxv%20"))
    seen = fr.chromium_check(pages, [*sample, control], browser=browser)
    assert [hit for _, hit in seen] == [x.ok for x in sample] + [False], [x.href for x in sample]

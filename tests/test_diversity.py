"""Source diversity: labels on sources (CLI and storage), the coverage lines on a digest
page computed from the story's articles' sources, and the one-country flag."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import web_sample
from newsdigest.diversity import coverage, merge_labels, normalise_label, split_label
from newsdigest.errors import NotFound
from newsdigest.records import Article, Source
from newsdigest.settings import load_config
from newsdigest.web import create_app

FIRE = "/2024/05/22/halbrook-substation-fire-power-outage/"


# ------------------------------------------------------------------ pure functions


def test_labels_split_normalise_and_merge() -> None:
    assert split_label(" Country : UK ") == ("country", "uk")
    assert split_label("wire") is None and split_label("country:") is None
    assert normalise_label("Ownership: Public") == "ownership:public"
    assert merge_labels(["country:us", "wire"], ["Country:UK", "ownership:private", "wire"]) == [
        "wire", "country:uk", "ownership:private"
    ]


def test_coverage_counts_outlets_per_dimension_and_flags_one_side() -> None:
    cov = coverage({
        "Northwire": ["country:uk", "ownership:public"],
        "Clarion": ["country:uk", "ownership:private"],
        "Gazette": ["country:uk"],
        "Valley Post": [],
    })
    assert cov.outlets == 4
    country = cov.dimension("country")
    assert country is not None and country.text == "UK 3" and country.unlabelled == 1
    assert cov.dimension("ownership").text == "Private 1 · Public 1"
    assert cov.one_sided == ("country",)
    mixed = coverage({"a": ["country:uk"], "b": ["country:us"], "c": ["country:uk", "language:en"]})
    assert mixed.dimension("country").text == "UK 2 · US 1" and mixed.one_sided == ()
    assert [d.key for d in mixed.dimensions] == ["country", "language"]  # preferred order
    # One labelled outlet is not "one side": there is nothing to compare yet.
    assert coverage({"a": ["country:uk"], "b": []}).one_sided == ()
    assert coverage({}).dimensions == ()


# ------------------------------------------------------------------ storage and page


def add_outlets(storage, labels: dict[str, list[str]], story_id: int) -> None:
    """One source per outlet with one article in ``story_id`` (what the ingest leaves)."""
    arts = []
    for i, (name, lab) in enumerate(labels.items()):
        src = storage.add_source(Source(name=name, url=f"https://{i}.example/feed.xml", labels=tuple(lab)))
        arts.append(Article(id=f"a{i}", text="Text.", url=f"https://{i}.example/a", source=name, title="t",
                            source_id=src.id))
    storage.add_articles(arts)
    storage.assign_stories({a.id: story_id for a in arts}, {})


@pytest.fixture
def site(sqlite_storage):
    digests = web_sample.fill(sqlite_storage)
    fire = next(d for d in digests if d.slug == "halbrook-substation-fire-power-outage")
    return sqlite_storage, fire


def client_for(storage) -> TestClient:
    config = load_config(env={}).replace(site_url="http://testserver", secret_key="k" * 48)
    return TestClient(create_app(config, storage, cache_seconds=0), follow_redirects=False)


def test_set_source_labels_replaces_and_refuses_unknown(sqlite_storage) -> None:
    sqlite_storage.add_source(Source(name="Northwire", url="https://nw.example/feed.xml", labels=("country:uk",)))
    s = sqlite_storage.set_source_labels("Northwire", ["country:us", "ownership:public", "country:us"])
    assert s.labels == ("country:us", "ownership:public")
    assert sqlite_storage.source("Northwire").labels == ("country:us", "ownership:public")
    with pytest.raises(NotFound):
        sqlite_storage.set_source_labels("Nobody", ["country:uk"])


def test_page_shows_coverage_by_label_and_one_country_flag(site) -> None:
    storage, fire = site
    add_outlets(storage, {
        "Northwire": ["country:uk", "ownership:public"],
        "Clarion": ["country:uk", "ownership:private"],
        "Gazette": ["country:uk"],
    }, fire.story_id)
    independent, reprinting = storage.story_outlet_labels(fire.story_id)
    assert independent == {
        "Northwire": ("country:uk", "ownership:public"), "Clarion": ("country:uk", "ownership:private"),
        "Gazette": ("country:uk",),
    }
    assert reprinting == {}
    with client_for(storage) as c:
        page = c.get(FIRE).text
        assert "Coverage by country: UK 3" in page
        assert "Coverage by ownership: Private 1 · Public 1 <span class=\"coverage-unlabelled\">(1 not labelled)</span>" in page
        assert "Independently covered by outlets from one country only." in page
        # An operator labels one outlet as US: the story is no longer one-sided.
        storage.set_source_labels("Gazette", merge_labels(storage.source("Gazette").labels, ["country:us"]))
        page = c.get(FIRE).text
        assert "Coverage by country: UK 2 · US 1" in page
        assert "one country only" not in page


def test_page_without_labels_shows_no_coverage_section(site) -> None:
    storage, fire = site
    add_outlets(storage, {"Northwire": [], "Clarion": []}, fire.story_id)
    with client_for(storage) as c:
        page = c.get(FIRE)
    assert page.status_code == 200 and "Coverage by" not in page.text and 'class="coverage"' not in page.text


def test_cli_sources_label(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    env = {k: v for k, v in os.environ.items() if k != "NEWSDIGEST_DATABASE_URL"}

    def nd(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "newsdigest", "--db", str(db), *args],
                              capture_output=True, text=True, env=env, timeout=120)

    assert nd("sources", "add", "https://news.example.org/feed.xml", "--name", "Example", "--label", "country:us").returncode == 0
    r = nd("sources", "label", "Example", "country:UK", "ownership:public")
    assert r.returncode == 0, r.stderr
    assert "country:uk, ownership:public" in r.stderr
    [listed] = json.loads(nd("sources", "list", "--json").stdout)
    assert listed["labels"] == ["country:uk", "ownership:public"]
    assert nd("sources", "label", "Example", "--clear", "language:en").returncode == 0
    assert json.loads(nd("sources", "list", "--json").stdout)[0]["labels"] == ["language:en"]
    missing = nd("sources", "label", "Nobody", "country:uk")
    assert missing.returncode != 0 and "no source" in missing.stderr and "Traceback" not in missing.stderr

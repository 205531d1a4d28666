"""OnlineClusterer on short stories written by different outlets in their own words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from newsdigest.cluster import ClusterItem, OnlineClusterer, entity_key, terms
from newsdigest.cluster.stories import _Story

T0 = datetime(2025, 3, 10, 8, 0, tzinfo=UTC)


def item(
    aid: str,
    hours: float,
    title: str,
    text: str,
    entities: tuple[str, ...] = (),
    outlet: str = "",
    duplicate_of: str | None = None,
) -> ClusterItem:
    return ClusterItem(aid, T0 + timedelta(hours=hours), title, text, entities, outlet, duplicate_of)


FLOOD = [
    item(
        "flood-ansa", 0.0, "Reno river bursts its banks near Bologna, thousands evacuated",
        "Rescue teams worked through the night after the Reno river burst its banks near Bologna, forcing "
        "more than 4,000 people from their homes. Helicopters lifted residents from rooftops in Castel "
        "Maggiore as flood water rose two metres. Regional president Irene Priolo said the river had never "
        "risen so quickly.",
        ("Reno", "Bologna", "Castel Maggiore", "Irene Priolo"), "ANSA",
    ),
    item(
        "flood-guardian", 1.5, "Thousands flee homes as floods hit Emilia-Romagna again",
        "Thousands of residents around Bologna spent the night in sports halls after floodwater from the "
        "swollen Reno poured into streets. In Castel Maggiore families carried belongings upstairs while "
        "army helicopters plucked people from roofs. Irene Priolo appealed to people to stay away from "
        "river banks.",
        ("Bologna", "Reno", "Castel Maggiore", "Irene Priolo", "Emilia-Romagna"), "The Guardian",
    ),
    item(
        "flood-dw", 3.0, "Italy: Bologna floods force mass evacuation",
        "Italian authorities evacuated thousands of people near Bologna after the Reno river flooded towns "
        "overnight. Rooftop rescues by helicopter continued in Castel Maggiore. Prime Minister Giorgia "
        "Meloni promised a state of emergency for the flooded region.",
        ("Italy", "Bologna", "Reno", "Castel Maggiore", "Giorgia Meloni"), "DW",
    ),
]

RATES = [
    item(
        "ecb-reuters", 0.5, "ECB cuts interest rates as inflation cools",
        "The European Central Bank cut its deposit rate by a quarter point on Thursday, citing cooling "
        "inflation across the euro zone. President Christine Lagarde said further cuts would depend on "
        "wage growth and energy prices.",
        ("European Central Bank", "Christine Lagarde"), "Reuters",
    ),
    item(
        "ecb-ft", 2.0, "Lagarde signals caution after ECB rate cut",
        "Christine Lagarde said the European Central Bank was not pre-committing to more rate cuts after "
        "lowering borrowing costs for the euro zone. Inflation has cooled but wage growth remains strong, "
        "the ECB president said in Frankfurt.",
        ("Christine Lagarde", "European Central Bank", "ECB", "Frankfurt"), "Financial Times",
    ),
    item(
        "ecb-bbc", 4.0, "Eurozone borrowing costs fall as ECB cuts rates",
        "Borrowing costs in the eurozone are falling after the European Central Bank lowered interest "
        "rates. Inflation cooled faster than expected, but Christine Lagarde warned that wage growth "
        "could keep prices high.",
        ("European Central Bank", "Christine Lagarde"), "BBC",
    ),
]

LAUNCH = [
    item(
        "rocket-ap", 1.0, "SpaceX Starship completes test flight over Gulf of Mexico",
        "SpaceX launched its Starship rocket from Boca Chica in Texas on a test flight that ended with a "
        "controlled splashdown in the Indian Ocean. Elon Musk called the booster catch a milestone for "
        "reusable rockets.",
        ("SpaceX", "Starship", "Boca Chica", "Texas", "Elon Musk"), "AP",
    ),
    item(
        "rocket-verge", 2.5, "Starship booster caught by launch tower on latest test",
        "The Starship booster returned to the launch tower at Boca Chica and was caught by its mechanical "
        "arms, a first for the reusable rocket. SpaceX founder Elon Musk said the next flight could carry "
        "satellites.",
        ("Starship", "Boca Chica", "SpaceX", "Elon Musk"), "The Verge",
    ),
]

CHESS = item(
    "chess-1", 2.0, "Teenager wins Wijk aan Zee chess tournament",
    "A seventeen-year-old grandmaster won the Tata Steel chess tournament in Wijk aan Zee after a "
    "tiebreak against the world champion, playing a sharp Sicilian defence in the final game.",
    ("Wijk aan Zee", "Tata Steel"), "Chess News",
)


def run(items: list[ClusterItem], **kwargs: object) -> tuple[dict[str, int], OnlineClusterer]:
    clusterer = OnlineClusterer(**kwargs)  # type: ignore[arg-type]
    placed = {it.article_id: clusterer.add(it) for it in sorted(items, key=lambda i: (i.published, i.article_id))}
    return {aid: clusterer.resolve(sid) for aid, sid in placed.items()}, clusterer


def groups(placed: dict[str, int]) -> set[frozenset[str]]:
    by: dict[int, set[str]] = {}
    for aid, sid in placed.items():
        by.setdefault(sid, set()).add(aid)
    return {frozenset(v) for v in by.values()}


def test_outlets_reporting_one_story_in_their_own_words_cluster_together() -> None:
    placed, clusterer = run(FLOOD + RATES + LAUNCH + [CHESS])
    assert groups(placed) == {
        frozenset(a.article_id for a in FLOOD),
        frozenset(a.article_id for a in RATES),
        frozenset(a.article_id for a in LAUNCH),
        frozenset({"chess-1"}),
    }
    assert len(clusterer) == 4


def test_without_entities_text_alone_still_groups_the_stories() -> None:
    bare = [ClusterItem(i.article_id, i.published, i.title, i.text, ()) for i in FLOOD + RATES + LAUNCH]
    placed, _ = run(bare)
    assert len(groups(placed)) == 3


def test_new_story_ids_start_at_first_new_id_and_increase() -> None:
    placed, clusterer = run(FLOOD + RATES, first_new_id=100)
    assert sorted(set(placed.values())) == [100, 101]
    assert placed["flood-ansa"] == 100  # first article seen starts the first story
    assert clusterer.next_id == 102


def test_a_story_older_than_the_window_is_not_joined() -> None:
    follow_up = item(
        "flood-late", 24 * 5, "Bologna flood clean-up continues",
        "Residents of Castel Maggiore near Bologna cleaned mud from homes after the Reno river floods.",
        ("Bologna", "Castel Maggiore", "Reno"), "ANSA",
    )
    within = item(
        "flood-next-day", 24 * 2, "Bologna flood clean-up begins",
        "Residents of Castel Maggiore near Bologna began cleaning mud from homes after the Reno river floods.",
        ("Bologna", "Castel Maggiore", "Reno"), "ANSA",
    )
    placed, clusterer = run(FLOOD + [within], window=timedelta(days=4))
    assert placed["flood-next-day"] == placed["flood-ansa"]

    placed, clusterer = run(FLOOD + [follow_up], window=timedelta(days=4))
    assert placed["flood-late"] != placed["flood-ansa"]
    # The old story was evicted: nothing of it stays in memory.
    assert clusterer.story_of("flood-ansa") is None
    assert list(clusterer.active_stories()) == [placed["flood-late"]]


def test_same_input_twice_gives_the_same_output() -> None:
    stream = FLOOD + RATES + LAUNCH + [CHESS]
    first, c1 = run(stream, first_new_id=7)
    second, c2 = run(stream, first_new_id=7)
    assert first == second
    assert c1.active_stories() == c2.active_stories()
    assert c1.merges() == c2.merges()


def test_wire_copy_joins_its_originals_story_whatever_its_text() -> None:
    copy = item("flood-copy", 2.0, "Breaking", "Short rewrite with nothing in common.", (), "Local Paper",
                duplicate_of="flood-ansa")
    placed, clusterer = run(FLOOD + RATES + [copy])
    assert placed["flood-copy"] == placed["flood-ansa"]
    assert clusterer.assign(copy).reason == "already_placed"


def test_wire_copy_of_an_unknown_original_is_clustered_by_its_text() -> None:
    copy = ClusterItem("copy-x", T0 + timedelta(hours=5), FLOOD[0].title, FLOOD[0].text, FLOOD[0].entities,
                       "Other", duplicate_of="not-seen")
    placed, _ = run(FLOOD + [copy])
    assert placed["copy-x"] == placed["flood-ansa"]


def test_seeded_story_is_joined_and_new_ids_do_not_collide() -> None:
    clusterer = OnlineClusterer(first_new_id=5)
    clusterer.seed(41, FLOOD[:2])
    assert clusterer.next_id == 42
    got = clusterer.assign(FLOOD[2])
    assert (got.story_id, got.reason) == (41, "similar")
    assert got.score >= clusterer.threshold
    assert clusterer.add(RATES[0]) == 42
    assert clusterer.active_stories()[41] == ("flood-ansa", "flood-guardian", "flood-dw")



def test_seeded_story_is_weighed_with_the_primed_batch_like_one_pass() -> None:
    """A pipeline batch (stories seeded from storage, then the batch primed) must score a new
    article as one pass over both would: the seeded article weighed with the batch's word
    frequencies too. Weighed before the batch was counted, its words looked rarer than the
    new article's, and the scores drifted (chaining stories that share a city) whenever the
    batch was large next to the window."""
    newcomer, batch = FLOOD[1], [FLOOD[1], *RATES]
    one_pass = OnlineClusterer()
    one_pass.prime([FLOOD[0], *batch])
    one_pass.add(FLOOD[0])
    expected = one_pass.assign(newcomer)

    seeded = OnlineClusterer()
    seeded.seed(1, [FLOOD[0]])
    seeded.prime(batch)
    got = seeded.assign(newcomer)

    assert (got.story_id, got.reason) == (expected.story_id, expected.reason) == (1, "similar")
    assert got.score == pytest.approx(expected.score, abs=1e-12)
    assert got.text_similarity == pytest.approx(expected.text_similarity, abs=1e-12)
    assert got.entity_similarity == pytest.approx(expected.entity_similarity, abs=1e-12)
    # Seeded articles are not counted twice when a caller primes them too.
    again = OnlineClusterer()
    again.seed(1, [FLOOD[0]])
    again.prime([FLOOD[0], *batch])
    assert again.stats()["window_documents"] == len(batch) + 1

def test_cannot_link_keeps_articles_apart() -> None:
    placed, _ = run(FLOOD, cannot_link={frozenset({"flood-ansa", "flood-dw"})})
    assert placed["flood-ansa"] != placed["flood-dw"]


def test_must_link_joins_and_merges_the_linked_stories() -> None:
    editor = item("ecb-rocket-link", 6.0, "Markets and space", "A mixed bag of news.", (), "Blog")
    clusterer = OnlineClusterer(
        must_link={frozenset({"ecb-rocket-link", "ecb-reuters"}), frozenset({"ecb-rocket-link", "rocket-ap"})}
    )
    raw = {it.article_id: clusterer.add(it) for it in sorted(RATES + LAUNCH, key=lambda i: i.published)}
    rates_story, rocket_story = raw["ecb-reuters"], raw["rocket-ap"]
    assert rates_story != rocket_story
    got = clusterer.assign(editor)
    assert (got.story_id, got.reason) == (rates_story, "must_link")
    # The older story (smaller id) is kept.
    assert clusterer.merges() == [(rocket_story, rates_story)]
    assert clusterer.resolve(rocket_story) == rates_story
    assert clusterer.story_of("rocket-verge") == rates_story


def test_bad_constraint_is_refused() -> None:
    with pytest.raises(ValueError, match="cluster: "):
        OnlineClusterer(must_link=[frozenset({"only-one"})])


def test_terms_and_entity_keys() -> None:
    assert terms("The protests spread; Protesters said cities were calm") == ["protest", "spread", "protester", "city", "calm"]
    assert entity_key("the  European Central Bank's") == "european central bank"


def test_state_stays_bounded_by_the_window_on_a_long_stream() -> None:
    # Sixty days of articles, a new pair of topics every day: memory must follow the
    # window (2 days), not the archive.
    clusterer = OnlineClusterer(window=timedelta(days=2))
    sizes = []
    for day in range(60):
        for k in range(10):
            topic = f"topic{day}x{k % 2}"
            words = " ".join(f"{topic}w{j}" for j in range(8))
            clusterer.add(
                ClusterItem(f"d{day}-{k}", T0 + timedelta(days=day, hours=k), f"{topic} headline", words,
                            (f"Person {topic}",))
            )
        sizes.append(clusterer.stats())
    assert sizes[-1]["active_stories"] <= 6
    assert sizes[-1]["window_documents"] <= 30
    assert sizes[-1]["vocabulary"] == sizes[10]["vocabulary"]
    assert sizes[-1]["postings"] == sizes[10]["postings"]


# A flood, its damage assessment, then the insurers' premiums: each report close to the
# one before, the last ones far from what the story first reported.
_FLOOD_CORE = [
    item("c1", 0, "Reno river floods Bologna suburbs",
         "The Reno river burst its banks near Bologna overnight. Helicopters lifted residents from rooftops "
         "in Castel Maggiore as rescue teams evacuated thousands of people."),
    item("c2", 1, "Thousands evacuated as Reno floods near Bologna",
         "Rescue teams evacuated thousands near Bologna after the Reno river flooded Castel Maggiore. "
         "Helicopters plucked residents from rooftops as the water rose."),
    item("c3", 2, "Bologna flood: rooftop rescues in Castel Maggiore",
         "Helicopters kept lifting residents from rooftops in Castel Maggiore after the Reno river burst its "
         "banks near Bologna, and rescue teams evacuated more streets."),
]
_AFTERMATH = [
    item("d1", 30, "Bologna counts flood damage as insurers send assessors",
         "As the Reno river fell back near Bologna, insurers sent assessors to Castel Maggiore to estimate "
         "flood damage and the first claims for repairs to homes and shops."),
    item("d1b", 32, "Flood damage in Bologna estimated as assessors visit homes",
         "Assessors sent by insurers visited homes and shops in Castel Maggiore to estimate the flood damage, "
         "and owners filed the first claims for repairs."),
    item("d1c", 34, "Insurers' assessors estimate damage after Bologna flood",
         "Insurers' assessors estimated the damage to homes and shops near Bologna, where owners have filed "
         "claims for repairs after the flood."),
]
_PREMIUMS = [
    item("d2", 40, "Insurers expect record claims after Emilia-Romagna floods",
         "Insurers expect record claims for repairs to homes and shops after the floods, and assessors "
         "estimate the damage at two billion euros, the industry association said."),
    item("d3", 50, "Insurers to raise premiums as flood claims mount",
         "Insurers plan to raise premiums for homes and shops after record claims, the industry association "
         "said, and the regulator asked them to explain the pricing to policyholders."),
    item("d4", 60, "Regulator warns insurers over premium rises",
         "The insurance regulator warned insurers that premiums rises must be explained to policyholders, "
         "after the industry association said record claims would push pricing up."),
]


def test_a_story_that_drifts_from_its_first_reports_splits_off() -> None:
    stream = _FLOOD_CORE + _AFTERMATH + _PREMIUMS
    drifting = OnlineClusterer(drift_floor=0.0)
    placed = {i.article_id: drifting.add(i) for i in stream}
    # Without the check, the flood story takes the first insurance report: each step was close
    # to the step before.
    assert placed["d2"] == placed["c1"]

    clusterer = OnlineClusterer()  # the default drift floor
    reasons = {i.article_id: clusterer.assign(i) for i in stream}
    flood, premiums = reasons["c1"].story_id, reasons["d2"].story_id
    assert reasons["d2"].reason == "drift_split" and premiums != flood
    assert {reasons[a].story_id for a in ("c2", "c3", "d1", "d1b", "d1c")} == {flood}
    assert {reasons[a].story_id for a in ("d3", "d4")} == {premiums}
    assert clusterer.splits() == [(flood, premiums)]
    assert clusterer.merges() == []  # and the split is not merged back


def test_a_story_that_stays_on_its_subject_for_days_is_not_split() -> None:
    later = [
        item(f"r{k}", 24 * k + 5, "Reno flood: more rooftop rescues near Bologna",
             "Helicopters again lifted residents from rooftops in Castel Maggiore as the Reno river "
             f"rose near Bologna, and rescue teams evacuated {k} more streets of thousands of people.")
        for k in (1, 2, 3)
    ]
    clusterer = OnlineClusterer()
    ids = {clusterer.add(i) for i in _FLOOD_CORE + later}
    assert len(ids) == 1 and clusterer.splits() == []


def test_drift_is_not_judged_within_a_storys_first_day() -> None:
    # The same drifting reports, all within hours of the first: a story's first day varies
    # most in wording, so nothing splits (the premiums report is simply not close enough).
    quick = [ClusterItem(i.article_id, T0 + (i.published - T0) / 10, i.title, i.text, i.entities)
             for i in _FLOOD_CORE + _AFTERMATH + _PREMIUMS]
    clusterer = OnlineClusterer()
    assert all(clusterer.assign(i).reason != "drift_split" for i in quick)
    assert clusterer.splits() == []


def test_drift_options_are_checked() -> None:
    with pytest.raises(ValueError, match="drift_floor"):
        OnlineClusterer(drift_floor=1.5)
    with pytest.raises(ValueError, match="core_size"):
        OnlineClusterer(core_size=0)


def test_a_small_storys_late_reports_do_not_become_its_core() -> None:
    # Two first reports only: the damage reports a day later join, but do not redefine the
    # story, so the insurance report still drifts off.
    clusterer = OnlineClusterer()
    reasons = {i.article_id: clusterer.assign(i) for i in _FLOOD_CORE[:2] + _AFTERMATH + _PREMIUMS}
    assert reasons["d1"].story_id == reasons["c1"].story_id
    assert reasons["d2"].reason == "drift_split"


def test_a_restored_story_keeps_its_first_reports_beyond_the_window() -> None:
    # A later pass restores only the window's articles (here the aftermath); given the
    # story's first reports as its core, it judges drift as one long run does.
    window = timedelta(hours=36)
    later = OnlineClusterer(window=window)
    later.seed(1, _AFTERMATH, core=_FLOOD_CORE)
    got = later.assign(_PREMIUMS[0])
    assert got.reason == "drift_split" and later.splits() == [(1, got.story_id)]

    forgetful = OnlineClusterer(window=window)
    forgetful.seed(1, _AFTERMATH)  # the old behaviour: the aftermath taken for the core
    assert forgetful.assign(_PREMIUMS[0]).story_id == 1


def test_a_merged_story_is_about_the_earlier_storys_first_reports() -> None:
    clusterer = OnlineClusterer(must_link=[frozenset({"d1b", "c3"}), frozenset({"c1", "c3"})])
    clusterer.seed(1, _AFTERMATH[:1])  # restored ids need not follow time order
    clusterer.seed(2, _FLOOD_CORE[:2])
    clusterer.add(_AFTERMATH[1])
    clusterer.add(_FLOOD_CORE[2])  # must-linked to d1b and c1: stories 1 and 2 become one
    assert clusterer.merges() == [(2, 1)]
    assert clusterer.assign(_PREMIUMS[0]).reason == "drift_split"


# -- consolidate: split stories merged ------------------------------------------------------

# One shipwreck in two vocabularies (ferry / sank / Crete, vessel / capsized / Heraklion):
# each wording starts a story of its own, and no article is close enough to both to merge
# them as it arrives.
FERRY = [
    item("ferry-1", 0, "Ferry sinks off Crete, dozens rescued",
         "A passenger ferry sank off the coast of Crete early on Sunday after hitting rocks in heavy seas. "
         "Coast guard boats rescued dozens of passengers from the water."),
    item("ferry-2", 1, "Crete ferry disaster: passengers pulled from the sea",
         "Coast guard crews pulled passengers from the sea after a ferry hit rocks and sank near Crete in a "
         "storm."),
    item("ferry-3", 2.5, "Crete ferry sank near Heraklion, coast guard says",
         "The ferry that sank off Crete went down near Heraklion after hitting rocks, the coast guard said, "
         "as boats rescued more passengers from the sea."),
]
VESSEL = [
    item("vessel-1", 0.5, "Vessel capsizes near Heraklion; rescuers search for missing",
         "Rescuers searched for missing travellers after a vessel capsized near Heraklion harbour in "
         "gale-force winds, the maritime ministry said."),
    item("vessel-2", 2, "Heraklion shipwreck: maritime ministry lists missing travellers",
         "The maritime ministry published a list of missing travellers after the ferry shipwreck near "
         "Heraklion on Crete, where the vessel capsized in gale-force winds."),
    item("vessel-3", 3, "Missing travellers named after Heraklion vessel capsized",
         "Coast guard boats rescued passengers of the ferry from the sea off Crete, and the maritime "
         "ministry named the missing travellers after the vessel capsized near Heraklion."),
]
# Two market reports of one morning: their centroids share the beat's words (shares, index,
# traders, investors, stock market) but no two of their articles are close.
TOKYO = [
    item("tokyo-1", 0, "Tokyo stocks fall as yen strengthens",
         "Japanese shares fell on Monday as a stronger yen hit exporters; the Nikkei index closed down, "
         "traders said, with Toyota and Sony leading losses."),
    item("tokyo-2", 1, "Nikkei slides on strong yen",
         "The Nikkei index slid as the yen strengthened, hurting exporters such as Toyota; traders said "
         "shares could fall further as investors sold stocks."),
    item("tokyo-3", 2, "Exporters drag Tokyo stock market lower",
         "Investors sold shares of exporters in Tokyo as the yen rose, traders said, and the stock market "
         "index closed lower for a third day."),
]
LONDON = [
    item("london-1", 0.5, "London stocks rise on bank earnings",
         "British shares rose on Monday as bank earnings beat forecasts; the FTSE index closed up, traders "
         "said, with Barclays and HSBC leading gains."),
    item("london-2", 1.5, "FTSE climbs as Barclays profit beats forecasts",
         "The FTSE index climbed after Barclays reported profit above forecasts, and traders said shares of "
         "other banks rose too as investors bought stocks."),
    item("london-3", 2.5, "Banks lift London stock market",
         "Shares of HSBC and Lloyds rose in London after strong bank earnings, and investors expect the "
         "stock market to gain more this week."),
]
BYSTANDERS = [RATES[0], CHESS]


def _ids(stories: list[ClusterItem]) -> frozenset[str]:
    return frozenset(i.article_id for i in stories)


def batch(items: list[ClusterItem], **kwargs: object) -> tuple[dict[str, int], OnlineClusterer]:
    """Like ``run``, with the batch primed first, as the pipeline clusters one."""
    clusterer = OnlineClusterer(**kwargs)  # type: ignore[arg-type]
    ordered = sorted(items, key=lambda i: (i.published, i.article_id))
    clusterer.prime(ordered)
    placed = {it.article_id: clusterer.add(it) for it in ordered}
    return {aid: clusterer.resolve(sid) for aid, sid in placed.items()}, clusterer


def test_a_story_split_by_wording_is_merged_by_consolidate() -> None:
    placed, clusterer = batch(FERRY + VESSEL + BYSTANDERS)
    ferry, vessel = placed["ferry-1"], placed["vessel-1"]
    assert ferry != vessel and groups(placed) >= {_ids(FERRY), _ids(VESSEL)}
    assert clusterer.merges() == []

    clusterer.consolidate()
    # The younger story goes into the older one, as an in-stream merge would.
    assert clusterer.merges() == [(vessel, ferry)]
    assert {clusterer.story_of(a) for a in _ids(FERRY + VESSEL)} == {ferry}
    assert groups({a: clusterer.resolve(s) for a, s in placed.items()}) == {
        _ids(FERRY + VESSEL), frozenset({"ecb-reuters"}), frozenset({"chess-1"})
    }


def test_stories_of_one_beat_are_not_merged_without_a_close_pair_of_articles() -> None:
    placed, clusterer = batch(TOKYO + LONDON + BYSTANDERS)
    assert groups(placed) >= {_ids(TOKYO), _ids(LONDON)}
    clusterer.consolidate()
    assert clusterer.merges() == []
    # Their centroids are close enough: without the member check they would be one story.
    _, centroids_only = batch(TOKYO + LONDON + BYSTANDERS, consolidate_member_floor=0.0)
    centroids_only.consolidate()
    assert centroids_only.merges() == [(placed["london-1"], placed["tokyo-1"])]


def test_consolidate_never_merges_across_a_cannot_link_pair() -> None:
    _, clusterer = batch(FERRY + VESSEL, cannot_link=[frozenset({"ferry-1", "vessel-3"})])
    clusterer.consolidate()
    assert clusterer.merges() == []
    assert clusterer.story_of("ferry-1") != clusterer.story_of("vessel-3")


def test_consolidate_gives_the_same_output_for_the_same_input() -> None:
    stream = FERRY + VESSEL + TOKYO + LONDON + BYSTANDERS
    outputs = []
    for _ in range(2):
        _, clusterer = batch(stream, first_new_id=3)
        clusterer.consolidate()
        outputs.append((clusterer.merges(), clusterer.active_stories()))
    assert outputs[0] == outputs[1]
    assert len(outputs[0][0]) == 1


def test_consolidate_looks_only_at_stories_that_took_an_article(monkeypatch: pytest.MonkeyPatch) -> None:
    # Both halves restored from storage: they were looked at when stored, so a pass after an
    # unrelated article leaves them apart, and costs one probe, for that article's story.
    clusterer = OnlineClusterer()
    clusterer.seed(1, FERRY)
    clusterer.seed(2, VESSEL[:2])
    probed: list[int] = []
    nearest = clusterer._index.nearest

    def counted(story: _Story, *args: Any) -> Any:
        probed.append(story.id)
        return nearest(story, *args)

    monkeypatch.setattr(clusterer._index, "nearest", counted)
    chess = clusterer.add(CHESS)
    clusterer.consolidate()
    assert probed == [chess] and clusterer.merges() == []
    # Once a report joins one half, that half is looked at again, and the two become one.
    probed.clear()
    assert clusterer.add(VESSEL[2]) == 2
    clusterer.consolidate()
    assert probed == [2] and clusterer.merges() == [(2, 1)]
    # Nothing arrived since: only the grown story is looked at again, and nothing changes.
    probed.clear()
    clusterer.consolidate()
    assert probed == [1] and clusterer.merges() == [(2, 1)]
    clusterer.consolidate()
    assert probed == [1]


def test_consolidate_options_are_checked() -> None:
    for bad in ({"consolidate_threshold": 0.0}, {"consolidate_member_floor": 1.5},
                {"consolidate_candidates": 0}):
        with pytest.raises(ValueError, match="consolidate_"):
            OnlineClusterer(**bad)  # type: ignore[arg-type]

"""DuplicateIndex on wire copies and on independent reports of the same event."""

from __future__ import annotations

import time

import pytest

from newsdigest.dedupe import DuplicateIndex, shingle_hashes

WIRE = """\
Rescue teams in northern Italy worked through the night on Tuesday after the Reno river burst its banks near Bologna, forcing more than 4,000 people from their homes and cutting power to several villages.

The regional civil protection agency said water had risen almost two metres in some streets of Castel Maggiore within an hour, trapping residents on upper floors. Helicopters lifted at least 37 people from rooftops, while firefighters used inflatable boats to reach elderly residents who had refused to leave.

"We have never seen the river rise this quickly," said Irene Priolo, the president of the Emilia-Romagna region. "Our priority tonight is to get everyone out safely. The damage we will count tomorrow."

Forecasters warned that another band of heavy rain was expected to reach the region on Wednesday afternoon, and authorities closed schools in eleven municipalities as a precaution. Rail traffic between Bologna and Ferrara was suspended after a section of track was undermined by the flood water.

The flooding comes eighteen months after deadly floods in the same region killed 17 people and caused billions of euros in damage, prompting criticism that promised flood defences had not been built. Local mayors said on Tuesday that funds for new embankments had been approved but that work had not yet started.

Prime Minister Giorgia Meloni said the government would declare a state of emergency at its next cabinet meeting and release funds for the worst-hit towns."""

INDEPENDENT = """\
Thousands of residents around Bologna spent Tuesday night in sports halls and schools after floodwater from the swollen Reno poured into their streets, the second disaster of its kind to hit Emilia-Romagna in less than two years.

In Castel Maggiore, where the water reached the first floor of some houses, families described scrambling to carry belongings upstairs as sirens sounded. Army helicopters plucked dozens of people from roofs.

Regional president Irene Priolo told reporters: "We have never seen the river rise this quickly." She appealed to people to stay away from river banks and underpasses.

Critics pointed out that embankment works announced after the 2023 floods had not begun. Giorgia Meloni promised a state of emergency and money for reconstruction, while weather services forecast more rain for Wednesday."""

OTHER = """\
Shares in European carmakers fell sharply on Monday after the European Commission confirmed new tariffs on electric vehicles imported from China, raising fears of retaliation against German exports.

Volkswagen, BMW and Mercedes-Benz all dropped more than three per cent in Frankfurt trading. Analysts said Beijing could respond by targeting luxury cars or agricultural products such as pork and dairy.

The Commission said the duties, of up to 35 per cent, were needed to counter unfair state subsidies. Chinese officials called the decision protectionist and said they would defend the interests of Chinese companies."""


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def test_trimmed_reprint_with_new_lede_and_boilerplate_matches_the_original() -> None:
    index = DuplicateIndex()
    assert index.add("ansa-1", WIRE) is None
    paras = paragraphs(WIRE)
    reprint = "\n\n".join(
        ["BOLOGNA, Italy (AP) — Floods forced thousands from their homes in Italy on Tuesday."]
        + paras[1:4]
        + ["Copyright The Associated Press. All rights reserved. Sign up for our daily newsletter."]
    )
    assert index.add("paper-2", reprint) == "ansa-1"


def test_independent_report_of_the_same_event_is_not_a_copy() -> None:
    # Same event, same quote, same names — but written by another newsroom.
    index = DuplicateIndex()
    index.add("ansa-1", WIRE)
    assert index.add("guardian-1", INDEPENDENT) is None
    assert index.add("reuters-9", OTHER) is None
    assert len(index) == 3


def test_copy_of_a_copy_points_at_the_first_publication() -> None:
    index = DuplicateIndex()
    index.add("orig", WIRE)
    first = "\n\n".join(paragraphs(WIRE)[:5])
    second = "\n\n".join(paragraphs(WIRE)[1:5]) + "\n\nThis story was provided by a wire service."
    assert index.add("copy-1", first) == "orig"
    assert index.add("copy-2", second) == "orig"
    assert index.original_of("copy-2") == "orig"


def test_removed_original_is_no_longer_matched_and_re_add_is_idempotent() -> None:
    index = DuplicateIndex()
    index.add("orig", WIRE)
    assert index.add("copy", WIRE.replace("Tuesday", "Tue")) == "orig"
    assert index.add("copy", "anything at all") == "orig"  # already indexed: same answer
    index.remove("orig")
    index.remove("never-added")  # unknown ids are ignored
    assert "orig" not in index and len(index) == 1
    # The remaining copy now stands for the text.
    assert index.add("third", WIRE) == "copy"


def test_light_word_substitutions_still_match() -> None:
    index = DuplicateIndex()
    index.add("orig", WIRE)
    edited = WIRE.replace("more than", "over").replace("said", "stated").replace("heavy", "intense")
    assert index.add("edited", edited) == "orig"


def test_empty_and_tiny_texts() -> None:
    index = DuplicateIndex()
    assert index.add("empty", "") is None
    assert index.add("empty-2", "   ") is None  # nothing to compare: never a copy
    assert index.add("short", "Floods in Bologna") is None
    assert index.add("short-2", "Floods in Bologna!") == "short"
    assert len(shingle_hashes("one two", shingle=5)) == 1
    assert len(shingle_hashes("")) == 0


def test_same_adds_give_same_answers() -> None:
    texts = [("a", WIRE), ("b", INDEPENDENT), ("c", OTHER), ("d", "\n\n".join(paragraphs(WIRE)[:4]))]

    def run() -> list[str | None]:
        index = DuplicateIndex()
        return [index.add(i, t) for i, t in texts]

    assert run() == run() == [None, None, None, "a"]


def test_rebuilding_an_index_is_fast() -> None:
    # The pipeline rebuilds the index from the recent window every pass.
    words = WIRE.split()
    texts = [" ".join(words[k:] + words[:k]) + f" item {k}" for k in range(0, 400)]
    index = DuplicateIndex()
    start = time.perf_counter()
    for k, text in enumerate(texts):
        index.add(str(k), text)
    rate = len(texts) / (time.perf_counter() - start)
    assert rate > 100, f"{rate:.0f} adds/sec"

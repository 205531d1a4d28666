"""The writer's one table of irregular verb forms, read from the lemmatizer's exceptions
(``write/verbs.py``): pasts and participles with their bases, told apart by their endings."""

from __future__ import annotations

import pytest

from newsdigest.write.verbs import PASTS_AS_BASE, has_irregular_past, irregular_participles, irregular_pasts

# The pasts the writer's hand lists held before the table: each still counts, with its base.
_FORMER_PASTS = {
    "won": "win", "lost": "lose", "took": "take", "made": "make", "led": "lead", "met": "meet",
    "left": "leave", "went": "go", "came": "come", "gave": "give", "fell": "fall", "rose": "rise",
    "told": "tell", "held": "hold", "got": "get", "found": "find", "saw": "see", "ran": "run",
    "began": "begin", "became": "become", "brought": "bring", "bought": "buy", "built": "build",
    "chose": "choose", "drew": "draw", "drove": "drive", "felt": "feel", "fought": "fight", "kept": "keep",
    "knew": "know", "paid": "pay", "sent": "send", "sold": "sell", "spoke": "speak", "stood": "stand",
    "struck": "strike", "thought": "think", "threw": "throw", "wrote": "write", "broke": "break",
    "grew": "grow", "spent": "spend", "sought": "seek", "taught": "teach", "caught": "catch", "said": "say",
    "had": "have", "did": "do", "hid": "hide", "shot": "shoot", "swore": "swear", "wore": "wear",
    "meant": "mean", "hung": "hang", "lay": "lie",
}  # fmt: skip
_FORMER_PARTICIPLES = {
    "chosen": "choose", "won": "win", "lost": "lose", "taken": "take", "made": "make", "led": "lead",
    "met": "meet", "left": "leave", "gone": "go", "given": "give", "fallen": "fall", "risen": "rise",
    "told": "tell", "held": "hold", "gotten": "get", "found": "find", "seen": "see", "begun": "begin",
    "brought": "bring", "bought": "buy", "built": "build", "drawn": "draw", "driven": "drive", "felt": "feel",
    "fought": "fight", "kept": "keep", "known": "know", "paid": "pay", "sent": "send", "sold": "sell",
    "spoken": "speak", "stood": "stand", "struck": "strike", "thought": "think", "thrown": "throw",
    "written": "write", "broken": "break", "grown": "grow", "spent": "spend", "sought": "seek",
    "taught": "teach", "caught": "catch", "said": "say", "done": "do", "hidden": "hide",
}  # fmt: skip


def test_every_former_past_and_participle_still_counts_with_its_base():
    pasts, participles = irregular_pasts(), irregular_participles()
    assert {w: pasts.get(w) for w in _FORMER_PASTS} == _FORMER_PASTS
    assert {w: participles.get(w) for w in _FORMER_PARTICIPLES} == _FORMER_PARTICIPLES


@pytest.mark.parametrize(
    "form,base",
    [("hid", "hide"), ("lost", "lose"), ("won", "win"), ("fought", "fight"), ("went", "go"),
     ("shook", "shake"), ("withdrew", "withdraw"), ("led", "lead"), ("fled", "flee"), ("began", "begin"),
     ("sang", "sing")],
)  # fmt: skip
def test_pasts_with_their_bases(form, base):
    assert irregular_pasts()[form] == base


@pytest.mark.parametrize(
    "form,base",
    [("written", "write"), ("chosen", "choose"), ("sworn", "swear"), ("borne", "bear"), ("slain", "slay"),
     ("done", "do"), ("gone", "go"), ("begun", "begin"), ("sung", "sing"), ("shown", "show"),
     ("sewn", "sew")],
)  # fmt: skip
def test_a_participle_only_is_no_past(form, base):
    assert irregular_participles()[form] == base
    assert form not in irregular_pasts()


def test_a_past_is_a_participle_too_unless_its_verb_has_one_of_its_own():
    participles = irregular_participles()
    assert participles["won"] == "win" and participles["led"] == "lead"  # "has won", "was led"
    assert not {"wrote", "began", "went", "saw", "hid", "got"} & participles.keys()  # "written", … "gotten"


def test_what_the_table_leaves_out():
    pasts = irregular_pasts()
    # "be" and "may" ("am", "were", "might"), -ing and -s forms, regular pasts, the base itself
    assert not {"am", "are", "was", "were", "been", "might", "has", "hiding", "controlled", "feed"} & (
        pasts.keys() | irregular_participles().keys()
    )
    # pasts that news mostly writes as nouns
    assert not {"bit", "ground", "fed"} & pasts.keys()


def test_has_irregular_past_reads_lower_case_words():
    assert has_irregular_past("2. Clinton lost the youth vote to Sanders")
    assert has_irregular_past("Police hit back at the critics") and "hit" in PASTS_AS_BASE
    assert has_irregular_past("The race won't be close")  # "won", as the pattern it replaces read it
    assert not has_irregular_past("1) The race to be the next black president.")
    assert not has_irregular_past("Lost in the shuffle")  # a capital: a title's word, not read
    assert not has_irregular_past("A little bit of ground")

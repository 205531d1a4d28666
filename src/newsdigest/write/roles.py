"""A person's role as a built sentence prints it: the titles written before a name, the roles
that read before it or after it in commas, and the verbs that introduce a quoted sentence.

``units`` asks these when it gives a person their full name at first mention; ``woven``
when it builds a quote's attribution ("Kremlin spokesperson Dmitry Peskov warned, “…”",
"Duncan Moir, chief executive of the federation, said, “…”").
"""

from __future__ import annotations

import re

# Verbs that introduce a quoted sentence ("X warned, “…”"); others ("described") do not.
SPEECH_VERB = re.compile(
    r"^(?:said|says|told|tells|added|adds|warned|warns|noted|notes|insisted|insists|argued|argues|"
    r"stated|explained|declared|announced|wrote|writes|asked|replied|continued|cautioned|stressed|"
    r"remarked|admitted|acknowledged|conceded|claimed|urged|promised|pledged|vowed|recalled|"
    r"predicted|complained|confirmed|emphasi[sz]ed|observed|responded|tweeted|posted)\b"
)
# A role that reads well before a name ("Fire chief Paul Danner"); longer ones, or ones
# with "of"/"at"/a possessive, go after it in commas ("Duncan Moir, chief executive of …,").
ROLE_AFTER = re.compile(r"\b(?:of|at|for|from|in|with)\b|['’]s\b|^(?:the|a|an)\b", re.IGNORECASE)

TITLES = frozenset(
    "minister spokesperson spokesman spokeswoman chief executive director mayor president governor "
    "secretary councillor councilor boss senator chairman chairwoman chair head leader economist forecaster "
    "officer commissioner premier manager analyst adviser advisor professor judge general ambassador "
    "king queen prince chancellor representative congressman congresswoman mp deputy ceo founder "
    "rep sen gov lt atty".split()  # "Rep." and the like, as a title before the name
)


def is_title(word: str) -> bool:
    """A job or courtesy title written before a name ("Gov.", "Senator", "Mr.")."""
    return word.lower().rstrip(".") in TITLES | COURTESY_TITLES


COURTESY_TITLES = frozenset("mr mrs ms miss dr".split())


# A role is a noun phrase; a relative or conjunction opens a clause.
_NOT_ROLE_START = frozenset("who whose whom which that where when while whether if and but or as".split())
_DEICTIC = frozenset("there here then now too also again".split())


# A post in an organisation, written lower case after the name ("…, president of X"): alone,
# it says nothing true before the name.
_ORG_POSTS = frozenset(
    "president chairman chairwoman chair director head leader founder co-founder manager officer executive "
    "chief boss owner partner member".split()
)


# Nouns that say how a person stands to another ("friend", "wife"): a role of them needs the
# other person, or "Longtime friend Lanny Davis" reads as a title and leaves whose friend open.
_RELATIONAL = frozenset(
    "friend wife husband spouse son daughter child brother sister sibling mother father parent cousin "
    "niece nephew uncle aunt grandson granddaughter grandmother grandfather stepson stepdaughter stepfather "
    "stepmother girlfriend boyfriend fiancé fiancée fiance fiancee partner neighbor neighbour classmate "
    "roommate confidant confidante widow widower".split()
)
_PRONOUNS = r"(?:his|her|hers|him|its|their|theirs|them|my|mine|our|ours|your|yours)\b"
# Who the relation is to: a possessive ("Clinton's longtime friend", "the Clintons’ friend"),
# "of"/"to" and someone ("a friend of the Clintons"), or a name before the noun ("longtime
# Clinton friend"); a pronoun ("his wife", "a friend of hers") names no one in a built sentence.
_POSSESSOR = re.compile(
    rf"(?<![\w'’])(?!{_PRONOUNS})\w[\w.\-]*(?:['’]s|s['’])(?!\w)|\b(?:of|to)\s+(?!{_PRONOUNS})\w"
    r"|(?<=\s)[A-Z][\w.'’\-]*\s+(?:[a-z][\w\-]*\s+)*?(?=\S+$)"
)


def _relation_unsaid(words: list[str]) -> bool:
    """A relational role without the one it relates to: "longtime friend", "his wife"."""
    head = [w.lower().strip(",.").split("-")[0] for w in words]
    relational = any(w in _RELATIONAL or (w.endswith("s") and w[:-1] in _RELATIONAL) for w in head)
    return relational and _POSSESSOR.search(" ".join(words)) is None


# Posts written in Title Case before a name that are not titles a name sheds elsewhere
# ("Washington Managing Editor Bill Sammon", "NBC Anchor Lester Holt"): a role, when quoted.
_NEWSROOM_TITLES = frozenset(
    "editor publisher anchor correspondent columnist producer attorney counsel sheriff treasurer "
    "superintendent coach captain justice".split()
)


def plausible_role(role: str) -> str:
    """The role as given when it reads as one ("Transport Minister", "chief executive of X"),
    else "" — a bare proper noun ("Institute") is a parsing slip, not a job, and a relation
    without its other person ("longtime friend") says nothing about the speaker."""
    words = role.split()
    while words and words[-1].lower().strip(",.") in _DEICTIC:
        words = words[:-1]  # "governor there": the reporter's place, not the job's
    role = " ".join(words)
    if not words or words[0].lower() in _NOT_ROLE_START or _relation_unsaid(words):
        return ""  # a clause the parser took for an apposition ("whose war heroism"), a lone relation
    if len(words) == 1 and words[0].strip(",.") in _ORG_POSTS:
        # "Penny Nance, president and chief executive of Concerned Women for America": the post
        # without its organisation would print "President Penny Nance", a head of state.
        return ""
    if {w.lower().strip(",.") for w in words} & (TITLES | _NEWSROOM_TITLES):
        return role
    if len(words) >= 2 and any(w[:1].islower() for w in words):
        return role  # "fisheries scientist", "chief of staff"
    return ""


def lone_noun_role(role: str) -> bool:
    """One lower-case noun ("broker", "pollster"): a role only where the source writes it in
    commas after the name ("Steven M. Ekovich, a broker based in Tampa"), since alone it may be
    a parsing slip ("statement", "crowd"); not a post without its organisation ("president")
    nor a relation without its other person ("friend")."""
    return (re.fullmatch(r"[a-z][a-z\-]*[a-z]", role) is not None and role not in _ORG_POSTS
            and not _relation_unsaid([role]))

"""Irregular English pasts and participles, read from the lemmatizer's tables: the writer has no
part-of-speech tags, so "won", "hid" or "written" is known for a verb's form by the word alone.

The lemmatizer's verb exceptions map each irregular form to its base ("hid" → "hide", "written"
→ "write") without saying which form it is. The participle is told by its ending: one in -en,
-wn, -rn(e) or -ain, or the base with -ne ("written", "known", "sworn", "borne", "slain",
"done"), or the -u- form beside an -a- past ("begun" beside "began", "sung" beside "sang"). Every
other form is a past ("wrote", "began"), and a participle too where its verb has no form of
those kinds ("won", "led", "came"). Pasts the same as their base ("hit", "put") are not among
the exceptions, which list only forms that differ: ``PASTS_AS_BASE`` names the common ones. A
few pasts that news mostly writes as nouns ("bit", "ground", "fed") are left out.

Without the lemmatizer's tables the tables here are empty.
"""

from __future__ import annotations

import functools
import re

from ..quotes.people import irregular_forms_of

# Verbs whose exceptions are not a past or a participle to read: "be" ("am", "are" are present;
# the writer reads "was"/"were" on its own), "may" ("might" is a modal, not a past in a headline).
_NOT_READ = frozenset({"be", "may"})
# Pasts that news mostly writes as a noun ("a bit", "the Fed", "on the ground", "a slew of", "a
# spat"): the lemmatizer's tables know both words but not which one is meant, so they are no past.
_MOSTLY_NOUNS = frozenset("bit bound fed ground rent slew spat stove wound".split())
# Pasts the same as their base, which the exceptions do not list ("Police hit back").
PASTS_AS_BASE = frozenset("beat cut hit put quit set shut split".split())
_LOWER_WORD = re.compile(r"\b[a-z]+\b")


def _regular(form: str, base: str) -> bool:
    """A form the rules for regular verbs make ("controlled", "carried", "panicked"): the
    writer's own "-ed" rules read those."""
    if not form.endswith("ed"):
        return False
    rest = form[len(base) :] if form.startswith(base) else ""
    return rest in ("d", "ed", base[-1:] + "ed", "ked") or (form.endswith("ied") and base == form[:-3] + "y")


def _participle_only(form: str, base: str, others: list[str]) -> bool:
    """Whether ``form`` is only a participle of ``base``, whose other irregular forms are ``others``
    (see the module's docstring)."""
    if form.endswith(("en", "wn", "rn", "rne", "ain")) or form == base + "ne":
        return True
    # "begun" beside "began": the same word but for an -a- that is -u-
    same_length = (o for o in others if len(o) == len(form))
    return any([(a, b) for a, b in zip(o, form) if a != b] == [("a", "u")] for o in same_length)


@functools.cache
def _forms() -> tuple[dict[str, str], dict[str, str]]:
    """(past → base, participle → base) for the lemmatizer's irregular verb forms: one word in
    lower case, not the base itself, not an -ing or an -s form, not one the regular rules make."""
    by_base: dict[str, list[str]] = {}
    for form, bases in irregular_forms_of("verb").items():
        if not form.isalpha() or not form.isascii() or not form.islower() or form in bases:
            continue
        if form.endswith(("ing", "s")) or form in _MOSTLY_NOUNS:
            continue
        if bases[0] in _NOT_READ or _regular(form, bases[0]):
            continue
        by_base.setdefault(bases[0], []).append(form)
    pasts: dict[str, str] = {}
    participles: dict[str, str] = {}
    for base, forms in by_base.items():
        only = {f for f in forms if _participle_only(f, base, [o for o in forms if o != f])}
        for form in forms:
            if form not in only:
                pasts[form] = base
            if form in only or not only:
                participles[form] = base
    return pasts, participles


def irregular_pasts() -> dict[str, str]:
    """Irregular pasts with their base: "won" → "win", "hid" → "hide", "went" → "go"; not a
    participle only ("written")."""
    return _forms()[0]


def irregular_participles() -> dict[str, str]:
    """Irregular past participles with their base: "written" → "write", "chosen" → "choose",
    "won" → "win"; not a past only ("wrote")."""
    return _forms()[1]


def has_irregular_past(text: str) -> bool:
    """Whether a lower-case word of ``text`` is an irregular past: one of the lemmatizer's ("lost",
    "hid") or one the same as its base (``PASTS_AS_BASE``: "hit", "put")."""
    pasts = irregular_pasts()
    return any(w in pasts or w in PASTS_AS_BASE for w in _LOWER_WORD.findall(text))

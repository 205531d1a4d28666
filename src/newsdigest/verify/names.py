"""Names in the draft: every person, organisation and place outside a verified quote is
in the sources, with backstops for capitalised words the tagger does not label."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .evidence import Evidence
from .quotes import _masked, _Quoted
from .speakers import _SPEECH
from .text import _clean_name, _name_form

_CHECKED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})


def _check_names(
    text: str, doc: Any, verified: Sequence[_Quoted], evidence: Evidence, *, headline: bool = False
) -> list[str]:
    from spacy.lang.en.stop_words import STOP_WORDS  # with spaCy, loaded for the check anyway

    inside = [(q.start, q.end) for q in verified]
    reasons = []
    flagged: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ not in _CHECKED_LABELS or any(s <= ent.start_char < e for s, e in inside):
            continue
        raw = re.split(r"[“”\"]", ent.text)[0]  # not "Steven M. “Things"
        if ent.start_char and text[ent.start_char - 1].isalpha():
            # "a federal judge’s Mexican heritage" tagged "’s Mexican": the 's is the word
            # before's possessive, not part of a name (nor is a misprinted "judge‘s").
            raw = re.sub(r"^['’‘]s\b\s*", "", raw)
        name = _clean_name(raw)
        if re.match(r"n['’]t\b", text[ent.end_char :]):
            name += "n't"  # "Sanders Aren’t": the tokenizer split the contraction off
        if not re.search(r"[A-Z]", name):
            continue  # names are capitalised; the tagger sometimes labels "n’t" a place
        opens = headline or _opens_sentence(text, ent.start_char)
        if _name_known(name, evidence.names_text, opens_sentence=opens, title_case=headline):
            continue
        words = name.split()
        if (
            opens
            and len(words) == 1
            and words[0].lower() in evidence.lower_words
            and not _speaks(text, ent.start_char, ent.end_char)
        ):
            continue  # "Commuters faced …": a common word the tagger took for a name
        kind = {"PERSON": "person", "ORG": "organisation"}.get(ent.label_, "place")
        reasons.append(f"{kind} {name!r} is not in the sources")
        flagged.append((ent.start_char, ent.end_char))
    # Backstop for names the tagger misses: a capitalised word in mid-sentence that no
    # source article contains at all.
    masked = _masked(text, verified)
    for m in re.finditer(r"(?<=[\w,;:)\]] )(?:[A-Z](?:\.[A-Z])+\.?|[A-Z]\w*(?:-\w+)*)", masked):
        word = _name_form(m.group(0)) if "." in m.group(0) else m.group(0)  # "U.S." as "US"
        parts = [w for w in word.split("-") if w[:1].isupper()]
        if word in evidence.all_words or all(w in evidence.all_words for w in parts):
            continue  # "Anti-Trump" when the source writes "anti-Trump"
        if headline and all(w.lower() in evidence.lower_words for w in word.split("-")):
            continue  # a headline in title case: "Dockworkers Walk Out"
        if not any(a <= m.start() < b for a, b in flagged):
            reasons.append(f"name {word!r} is not in the sources")
    # At a sentence's start a capital says nothing, so there a word unknown to the sources
    # is a name when it speaks and is a proper noun, has a role in apposition ("Hope, a
    # spokesperson for the committee, said …") or is a lone singular ("Faith said …");
    # "Officials said" and "Police said" are not names.
    for m in re.finditer(r"(?:^|(?<=[.!?:] )|(?<=[.!?:][\"”’')] )|(?<=[.!?:]'' ))[A-Z]\w*(?:-\w+)*", masked):
        word = m.group(0)
        if word in evidence.all_words or any(a <= m.start() < b for a, b in flagged):
            continue
        if re.match(r"\s+[A-Z]", text[m.end() :]):
            continue  # "Prominent New York Democrat Charlie King said": the name is checked as one
        token = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        apposition = re.match(r",\s+(?:a|an|the)\s+[^,.;:!?]{2,80},", text[m.end() :])
        singular = not word.endswith("s") and word.lower() not in COLLECTIVE | STOP_WORDS  # not "He"
        if _speaks(text, m.start(), m.end()) and (
            apposition or singular or (token is not None and token[0].pos_ == "PROPN")
        ):
            reasons.append(f"name {word!r} is not in the sources")
    return list(dict.fromkeys(reasons))


# Nouns that speak as a body without an article: "Police said …".
COLLECTIVE = frozenset(
    "police staff people management leadership crew military public media security government "
    "parliament congress press clergy youth".split()
)


def _speaks(text: str, start: int, end: int) -> bool:
    """The word at ``start:end`` is the speaker itself: "Rose said", "Rose, a spokesperson …,
    said", "said Rose" (not "Law professor Patrick McGinley said": another name speaks)."""
    after = re.match(
        rf"(?:\s*,[^,.;:!?“”\"]{{2,80}},)?\s+(?:has\s+|had\s+|have\s+)?{_SPEECH.pattern}",
        text[end:],
        re.IGNORECASE,
    )
    return bool(after or re.search(rf"{_SPEECH.pattern}\s+$", text[:start], re.IGNORECASE))


def _opens_sentence(text: str, pos: int) -> bool:
    return re.search(r"(?:^|[.!?:][\"'”’)]*\s+)[\"“‘(]?$", text[:pos]) is not None


# A name's edges: not inside a word, nor after "O'" (''Fox News Sunday'' holds Fox News).
_NAME_START = r"(?<!\w)(?<!\w')"
_NAME_END = r"(?!\w)(?!'\w)"


def _name_known(
    name: str, names_text: str, *, opens_sentence: bool = False, title_case: bool = False
) -> bool:
    """Whether ``name`` is in the sources, compared in :func:`_name_form`. A name the tagger
    ran into the next word ("Michelle Obama Sees" in a headline sentence) is known when
    it is a chain of pieces of two or more words, each in the sources, overlapping by a
    word ("Michelle Obama" + "Obama Sees"), so a two-word name must be there whole. At
    the start of a sentence the first letter's case is free ("Kaum Syi'ah" for "kaum Syi'ah")
    only within such a piece, and in a headline (``title_case``) for every word of one."""
    words = _name_form(name).split()
    if not words:
        return True

    def there(ws: Sequence[str], fold_first: bool) -> bool:
        parts = [
            _word_pattern(w, fold=(fold_first and k == 0) or (title_case and len(ws) > 1))
            for k, w in enumerate(ws)
        ]
        return re.search(_NAME_START + " ".join(parts) + _NAME_END, names_text) is not None

    if len(words) == 1:
        return there(words, False)
    # A title before a surname the source gives with first names ("Councillor Hale" for
    # "Councillor Martin Hale"): up to two capitalised words may stand between.
    head = [_word_pattern(w, fold=opens_sentence and k == 0) for k, w in enumerate(words[:-1])]
    gap = r" (?:[A-Z][\w'&]* ){0,2}"
    if re.search(_NAME_START + " ".join(head) + gap + _word_pattern(words[-1]) + _NAME_END, names_text):
        return True
    i = 0
    while True:
        j = next((j for j in range(len(words), i + 1, -1) if there(words[i:j], opens_sentence and i == 0)), 0)
        if not j:
            return False
        if j == len(words):
            return True
        i = j - 1


def _word_pattern(word: str, *, fold: bool = False) -> str:
    """The first letter as written ("Rose" is not "rose"), the rest in any case ("NASA", "Nasa")."""
    first = f"[{re.escape(word[0].lower())}{re.escape(word[0].upper())}]" if fold else re.escape(word[0])
    return first + (f"(?i:{re.escape(word[1:])})" if len(word) > 1 else "")

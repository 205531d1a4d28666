"""Who a draft's sentence gives a quotation to, by the rules a reader uses — where the quote
extractor's reading (:func:`newsdigest.verify.quotes._read_speakers`) names none of the
story's people: the people named outside quotes; a name a speech verb cues ("<name> said",
"said <name>", "according to <name>"), nearest the quote; else the subject of the verb the
quote hangs from; else the nearest name in its clause; else the last person named before."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .text import _clean_name, _unabbreviated

if TYPE_CHECKING:
    from .quotes import _Quoted


# A verb or phrase that has someone say something ("said", "according to", "put it").
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|warned|warns|insisted|insists|noted|notes|argued|argues|"
    r"stated|states|explained|explains|asked|asks|wrote|writes|urged|urges|declared|claimed|claims|"
    r"admitted|acknowledged|replied|responded|continued|remarked|promised|vowed|pledged|predicted|"
    r"cautioned|announced|suggested|repeated|conceded|described|called|recalled|according to|saying|"
    r"speaking|put it)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Mention:
    name: str
    start: int
    end: int


def _mentions(
    text: str,
    spans: Sequence[_Quoted],
    people: Sequence[str],
    persons: Iterable[tuple[str, int, int]],
    modifiers: Collection[int] = (),
) -> list[_Mention]:
    """People named outside quotes: known speakers (full name or surname) and spaCy PERSONs;
    not a name ending where ``modifiers`` say it qualifies a noun ("the Carson campaign")."""
    inside = [(q.start, q.end) for q in spans]
    found: dict[tuple[int, int], str] = {}
    taken: list[tuple[int, int]] = []
    for person in people:
        for form in dict.fromkeys([person, person.split()[-1]]):
            for m in re.finditer(rf"(?<![\w'’-]){re.escape(form)}(?![\w-])", text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                found[(m.start(), m.end())] = form
    for name, s, e in persons:
        if not any(a < e and s < b for a, b in taken):
            found[(s, e)] = _clean_name(name)
    return sorted(
        (
            _Mention(n, s, e)
            for (s, e), n in found.items()
            if e not in modifiers and not any(a <= s < b for a, b in inside)
        ),
        key=lambda m: m.start,
    )


_ROLE_GAP = re.compile(r"^(?:['’]s)?\s+(?:[\w.&'’-]+\s+){0,6}$")


# Verbs whose object is the listener, not the speaker: "Clinton told Harvey, “…”".
_OBJECT_VERB = re.compile(
    r"\b(?:told|tells|asked|asks|urged|urges|warned|warns|called|calls|thanked|reminded)\s+"
    r"(?:[A-Z][\w.]*\s+){0,2}$"  # "told Mr. Obama", "told President Obama"
)
_INVERTED = re.compile(rf"{_SPEECH.pattern}\s+(?!that\b)(?:[a-z][\w'’-]*\s+){{0,3}}$", re.IGNORECASE)


# Between a name and "said", a clause of another subject: "Trump, but admitted …" (the
# admitting is the sentence's subject's), "the Cruz campaign's announcement, which some have
# argued …".
_OTHER_CLAUSE = re.compile(r",\s+(?:but|and|while|whereas|which)\b")
# After "said <name>", what the speaker's name ends on: a mark or the clause's end, not a
# verb of its own ("Flynn said Trump has “…”": Trump is the reported clause's subject).
_INVERTED_END = re.compile(r"^(?:['’]s\b[^.!?“”\"]*?)?\s*(?:[,.;:!?()“”\"—–-]|$)")


def _cued(text: str, m: _Mention, lo: int, hi: int, others: Sequence[_Mention] = ()) -> bool:
    """A name said to speak: "<name>[, role,] said" or "said [role] <name>", "according to
    <name>" — not "said <name>" where a name of ``others`` is the verb's subject ("Clinton said
    Patricia Smith, the mother of …, is “absolutely wrong”": Smith is what Clinton spoke of)."""
    text = _unabbreviated(text)
    after = text[m.end : min(hi, m.end + 70)]
    b0 = max(lo, m.start - 40)
    before = text[b0 : m.start]
    verb = re.match(rf"^[^.!?“”\"]*?{_SPEECH.pattern}", after, re.IGNORECASE)
    inverted = _INVERTED.search(before)
    return bool(
        (verb and not _OTHER_CLAUSE.search(verb.group(0)) and not _PARTICIPLE.match(after))
        or (
            inverted
            and not _OBJECT_VERB.search(before)
            and (_INVERTED_END.match(after) or re.match(r"^according to\s+$", before[-13:], re.IGNORECASE))
            and not any(
                o.end <= b0 + inverted.start() and _SUBJECT_GAP.match(text[o.end : b0 + inverted.start()])
                for o in others
            )
        )
    )


# "<name>, saying": the participle's speaker is its clause's subject, not the name before the
# comma ("Clinton took a swipe at Trump’s stance on Brexit, saying that “…”").
_PARTICIPLE = re.compile(r"^(?:['’]s)?\s*,\s*[a-z]+ing\b")
# Between a subject's name and its verb: nothing, or an adverb ("Clinton flatly said").
_SUBJECT_GAP = re.compile(r"^\s*(?:[a-z]+ly\s+)?$")


def _candidates(text: str, near: Sequence[_Mention]) -> list[_Mention]:
    """Names that can be a quote's speaker: not a possessor ("Clinton’s “…”"), not a name
    inside the role of the next one ("White House press secretary Hogan Gidley"), not a name
    in the apposition after another ("Hogan Gidley, the White House press secretary, said")."""
    text = _unabbreviated(text)
    out = []
    for i, m in enumerate(near):
        if re.match(r"['’]s\b", text[m.end : m.end + 2]):
            continue
        nxt = near[i + 1] if i + 1 < len(near) else None
        gap = text[m.end : nxt.start] if nxt is not None else ""
        if nxt is not None and _ROLE_GAP.match(gap) and not _SPEECH.search(gap):
            continue
        prev = near[i - 1] if i > 0 else None
        if prev is not None and re.match(r"^,\s+[^,.;:!?“”\"]{0,80}$", text[prev.end : m.start]):
            continue
        out.append(m)
    return out


def _subject_of(doc: Any, q: _Quoted, near: Sequence[_Mention]) -> _Mention | None:
    """The name that is the subject of the verb a quotation hangs from, whatever the verb
    ("Trump … referred to President Obama as “the most valuable player”": Trump, not the
    object named nearer the quote); None when the parse gives no such name."""
    toks = doc.char_span(q.start, q.end, alignment_mode="expand") if doc is not None else None
    if not toks:
        return None
    outside = [t for t in toks if not (toks.start <= t.head.i < toks.end)]
    if not outside:
        return None
    verb = outside[0].head
    for _ in range(8):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        subj = next((c for c in subjects if not q.start <= c.idx < q.end), None)
        if subj is not None:
            names = [t for t in subj.subtree if _names_head(t, subj)]
            return next((m for t in names for m in near if m.start <= t.idx < m.end), None)
        # A subject inside the quotation is its own words: the speaker is further up.
        if verb.dep_ not in ("conj", "xcomp", "advcl", "ccomp") or verb.head is verb:
            return None
        verb = verb.head
    return None


def _names_head(tok: Any, head: Any) -> bool:
    """``tok`` is ``head`` or names it ("nominee Trump", "the senator, Ted Cruz"), not a
    word of a clause or phrase inside it ("Christie, who campaigned for Trump")."""
    while tok.i != head.i:
        if tok.dep_ not in ("compound", "appos", "flat") and not (tok.dep_ == "acl" and tok.pos_ == "PROPN"):
            return False
        tok = tok.head
    return True


def _who(
    text: str,
    q: _Quoted,
    near: Sequence[_Mention],
    cued: Sequence[_Mention],
    mentions: Sequence[_Mention],
    last_person: str | None,
    subject: _Mention | None = None,
) -> str:
    """The person a sentence gives a quote to: the speech verb's name nearest the quote, else
    the subject of the verb the quote hangs from, else the last name before it in its clause,
    else the first after, else the last one before."""
    if cued:
        return min(cued, key=lambda m: min(abs(m.end - q.start), abs(m.start - q.end))).name
    if subject is not None:
        return subject.name
    if [m for m in near if m.end <= q.start]:
        return [m for m in near if m.end <= q.start][-1].name
    if near:
        return near[0].name
    earlier = _candidates(text, [m for m in mentions if m.end <= q.start])
    return earlier[-1].name if earlier else (last_person or "")

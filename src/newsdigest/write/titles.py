"""A source title as a report would print it: the outlet's furniture cut, mojibake repaired.

Cut: an outlet suffix such as " - Reuters" or " | BBC News", a label such as "BREAKING:",
"EXCLUSIVE-" or "The Latest:", a print section label before " // " and a deck after "; ".
Compound words ("Live-fire drills") and quotes ("Biden: 'We will fight; we will win'") stay
whole. Words garbled by a wrong decoding are decoded right where they can be, and the title
chosen as headline is lowered when it shouts and loses a closing "!", "?" or ".".
"""

from __future__ import annotations

import re
import unicodedata

from .candidates import garbled

_LABEL_WORDS = (
    r"breaking(?: news)?|just in|developing|(?:the )?latest|live(?: updates)?|watch|exclusive|"
    r"updated?(?: \d+)?|video|photos?|opinion|analysis|commentary|editorial|column|factbox|explainer|"
    r"fact ?check"
)
# "BREAKING: …", "Opinion | …", "Analysis - …", "Exclusive–…"; a bare hyphen only after an ALL-CAPS
# label ("EXCLUSIVE-Apple in talks …", "UPDATE 2-Oil …"): "Live-fire drills", "Video-game makers".
_TITLE_PREFIX = re.compile(rf"^((?:{_LABEL_WORDS}))(\s*[:|]\s*|\s+[-–—]\s+|[-–—]\s*)", re.IGNORECASE)
_TITLE_SUFFIX = re.compile(r"\s+(?:[-|–—:]|::)\s+([^-|–—:]{1,40})$")
# Print titles (USA Today, NYT) carry a section label before " // " and a deck after "; ".
_SECTION_LABEL = re.compile(r"^[^/]{1,60}\s//\s+")
_DECK = re.compile(r";\s+")
# Quoted words, where a "; " or a loaded word is the source's, not the title's.
_QUOTED = re.compile(
    r"(?:^|(?<=[\s(]))[‘“\"'](?=[^\s‘’“”\"'])[^‘’“”\"]{2,80}?[’”\"'](?=$|[\s,.;:!?)])"
)


def _unquoted_split(t: str) -> list[str]:
    """``t`` split at its first "; " outside quote marks ("Biden: 'We will fight; we will win'" is one)."""
    quoted = [m.span() for m in _QUOTED.finditer(t)]
    for m in _DECK.finditer(t):
        if not any(a <= m.start() < b for a, b in quoted):
            return [t[: m.start()], t[m.end() :]]
    return [t]


def _is_kicker(head: str) -> bool:
    """A print kicker before the deck: "GAME ON", "Big Picture" — a short label, not a headline."""
    words = head.split()
    return len(words) <= 3 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def clean_title(title: str, outlet: str = "") -> str:
    """A source title without the outlet's name, section label, print deck or trailing period."""
    t = " ".join(title.split())
    t = _SECTION_LABEL.sub("", t)
    m = _TITLE_PREFIX.match(t)
    sep = m.group(2) if m else ""
    if m and (sep.strip() != "-" or " " in sep or m.group(1).isupper() or m.group(1)[-1].isdigit()):
        t = t[m.end() :]
    head, *deck = _unquoted_split(t)
    if deck and len(head.split()) >= 3:  # "Candidates vie for vets' support; Trump and Clinton …"
        t = head
    elif deck and _is_kicker(head) and deck[0][:1].isupper() and len(deck[0].split()) >= 3:
        t = deck[0]  # "GAME ON; What each candidate needs …": the kicker goes
    for _ in range(2):
        m = _TITLE_SUFFIX.search(t)
        if not m:
            break
        tail = m.group(1).strip()
        looks_like_name = all(w[:1].isupper() or not w[:1].isalpha() for w in tail.split())
        known = outlet and (tail.lower() in outlet.lower() or outlet.lower() in tail.lower())
        if known or (looks_like_name and len(tail.split()) <= 4):
            t = t[: m.start()].rstrip()
    return t.rstrip(" .")


def repair(text: str) -> str:
    """Words garbled by a wrong decoding, decoded right ("PeÃ±a" → "Peña", also when the "Ã"
    is decomposed); others as they are."""
    if not garbled(text):
        return text
    out = []
    for word in text.split(" "):
        composed = unicodedata.normalize("NFC", word)
        if garbled(composed):
            try:
                word = composed.encode("cp1252").decode("utf-8")
            except UnicodeError:
                pass
        out.append(word)
    return " ".join(out)


def _tidy_headline(title: str) -> str:
    words = title.split()
    caps = [w for w in words if sum(c.isalpha() for c in w) >= 4 and w.isupper()]
    if words and len(caps) / len(words) > 0.3:  # only shouting titles were left
        title = title.lower()
        title = title[0].upper() + title[1:]
    return title.rstrip("!?. ").strip() or title

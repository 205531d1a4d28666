"""Whether an article argues rather than reports: an op-ed, a column, a letters page, an essay.

The digest tells the news in its own voice, so it must not tell an outlet's argument as
fact. ``opinion`` names the signal that gave a piece away — its address, a label, the
writer's bio or disclaimer closing the text, the writer's own "I" — and ``candidates``
keeps it in ``Story.opinion``; ``select`` keeps such an article's sentences from leading
and uses only those of them that say whose claim they tell.
"""

from __future__ import annotations

import re

from ..records import Article
from .quoting import unquoted

# The signals: a page's section in its address, a label on its title or alone on the
# text's first line, the writer's bio as its last paragraph ("Rudy Giuliani is the former
# mayor of New York City."), a disclaimer, or the writer's own "I".
_OPINION_PATH = re.compile(
    r"/(?:opinions?|commentary|commentisfree|editorials?|columns?|columnists?|blogs?|op-?eds?)(?:/|$)",
    re.IGNORECASE,
)
_OPINION_WORD = (
    r"(?:opinion|column|commentary|editorial|op-?ed|letters?(?: to the editor)?|(?:our|my) view|viewpoint)"
)
_OPINION_LABEL = re.compile(
    rf"^\s*{_OPINION_WORD}\s*(?:[:|–—]|-\s|\.?\s*$)|\s[|–—-]\s*{_OPINION_WORD}\s*(?:[|–—-]|$)", re.IGNORECASE
)
# "Rudy Giuliani is the former mayor …", "Glenn Harlan Reynolds, a … law professor, is a
# member of …", "Gaudiano is a Washington-based reporter …", "Jane Roe writes about …".
_BIO = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Rep|Sen|Gov|Dr|Prof)\.\s+)?"
    r"(?P<name>(?:[A-Z]\.\s+)?[A-Z][\w'’\-]+"
    r"(?:(?:\s+(?:[A-Z]\.|\([A-Z][a-z]+\)|de|van|von|del|da|la|bin))*\s+[A-Z][\w'’\-]+){0,3})"
    r"(?P<apposition>,\s[^;]{2,200}?,)?"
    r"\s+(?P<verb>is|was|has been|writes|wrote|teaches|taught|chairs|heads|directs|leads|represents|serves)\s"
)
_BIO_ROLE = re.compile(
    r"\b(?:former|author|co-?author|columnist|professor|fellow|contribut\w+|editor|writer|president|director|"
    r"founder|co-?founder|chair\w*|lecturer|economist|scholar|analyst|reporter|correspondent|commentator|"
    r"blogger|researcher|member|executive|retired|host|co-host|attorney|lawyer|governor|senator|mayor|"
    r"playwright|novelist|pastor|historian|consultant|backer|\w{3,}ists?)\b",
    re.IGNORECASE,
)
_BIO_WRITES = re.compile(r"(?:about|for|on|a|the)\b")
_BIO_MAX_WORDS = 60
_NOT_A_NAME = frozenset("the this that these those it he she they we i there a an in on at if as".split())
_DISCLAIMER = re.compile(
    r"\b(?:views|opinions) (?:expressed )?(?:here |in this \w+ )?"
    r"are (?:his|her|their|my|the (?:author|writer)['’]s) own\b",
    re.IGNORECASE,
)
# A title that tells the reader what to do argues: "Don't let the media tell you he 'won'",
# "Stop-Trumpers, here are some reasons to have hope", "Don't be a sucker for …".
_IMPERATIVE_TITLE = re.compile(
    r"^(?:Don['’]t|Do not|Let['’]s(?= [a-z]))\b"
    r"|^[\w'’\-]+(?: [\w'’\-]+)?, here(?: are|['’]s| is) (?:some |the )?(?:reasons?|why)\b"
)
# … unless someone else says it: "Don't panic, says Bank of England governor as pound slides".
_SAYS = re.compile(
    r"\b(?:says|said|warns|warned|urges|urged|tells|told|advises|advised)\b"
    r"|,[^,]*\b(?:say|warn|urge|tell|advise)\b",  # "…, police warn residents"
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(r"^(?:follow|reach|contact|email|e-mail)\b|@\w+|https?://", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|myself)(?![\w'’])|\bI['’](?:m|ve|d|ll)\b")
FIRST_PERSON_SHARE = 0.15  # of an article's sentences with the writer's "I" (outside quotes) …
FIRST_PERSON_MIN = 4  # … and at least this many


def opinion(art: Article) -> str:
    """Why the article is an opinion piece (its author's argument, not a report), or "".

    Signals, as real pages of any outlet give them: the page's address is in an opinion
    section ("/opinion/", "/commentisfree/", "/columns/" …); the title carries a label
    ("Opinion:", "Column:", "… | Commentary") or the text opens with one on a line of its
    own ("LETTERS."); the last paragraph is the writer's bio ("Rudy Giuliani is the former
    mayor of New York City.", naming someone the text does not otherwise mention) or says
    the views are the writer's own; or the writer speaks as "I" (outside quotes; an
    interview's "A: …" lines are quotes) in at least ``FIRST_PERSON_SHARE`` of the
    sentences — a column, an essay, a letter.
    """
    if art.url and _OPINION_PATH.search(art.url.split("?", 1)[0]):
        return "url"
    lines = [line.strip() for line in art.text.splitlines() if line.strip()]
    if _OPINION_LABEL.search(art.title) or (lines and _OPINION_LABEL.fullmatch(lines[0].rstrip("."))):
        return "label"
    if _IMPERATIVE_TITLE.match(art.title) and not _SAYS.search(art.title):
        return "imperative_title"
    if _closing_bio(art.text, lines):
        return "author_line"
    if _first_person_share(art.text) >= FIRST_PERSON_SHARE:
        return "first_person"
    return ""


def _closing_bio(text: str, lines: list[str]) -> bool:
    while lines and _SIGN_OFF.search(lines[-1]) and not _BIO.match(lines[-1]):
        lines = lines[:-1]  # "Follow him on Twitter @…" after the bio
    if not lines or len(lines) < 3:
        return False
    last = lines[-1]
    if _DISCLAIMER.search(last):
        return True
    m = _BIO.match(last)
    if m is None or len(last.split()) > _BIO_MAX_WORDS:
        return False
    name = m.group("name").split()
    if name[0].lower() in _NOT_A_NAME or (m.group("apposition") and len(name) < 2):
        return False  # "Ironically, the Philippines' … president, …, has been called …"
    rest = last[m.end() :]
    if m.group("verb") in {"writes", "wrote"}:
        if not _BIO_WRITES.match(rest):
            return False
    elif m.group("verb") in {"is", "was", "has been"}:
        first_sentence = re.split(r"(?<=[a-z0-9)])\.\s", rest, maxsplit=1)[0]
        if not _BIO_ROLE.search(first_sentence):
            return False
    surname = m.group("name").split()[-1]
    body = text[: text.rfind(last)]
    return re.search(rf"\b{re.escape(surname)}\b", body) is None


def _first_person_share(text: str) -> float:
    """Share of the sentences where the writer says "I" (quotes, running ones too, left out)."""
    blank = unquoted(text, 0, len(text))
    spans = [m.span() for m in re.finditer(r"[^\n.!?]+[.!?]*", text) if len(m.group().split()) >= 4]
    if not spans:
        return 0.0
    hits = sum(1 for a, b in spans if _FIRST_PERSON.search(blank[a:b]))
    return hits / len(spans) if hits >= FIRST_PERSON_MIN else 0.0

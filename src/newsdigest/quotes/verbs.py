"""Speech verbs: the words that introduce what someone said (``said``, ``warned``,
``pointed out``). Attribution looks for them around a quote; the people index takes a
name that speaks for a person's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

SPEECH_LEMMAS = frozenset(
    """say tell add warn ask write tweet state note explain claim argue insist continue reply
    respond announce declare acknowledge admit agree allege assert boast caution comment
    complain concede conclude confirm contend deny emphasize emphasise exclaim joke lament
    maintain mention observe predict promise recall recount remark report retort reveal
    scream shout stress suggest testify urge vow whisper yell quip mutter snap opine proclaim
    counter chant sing post reiterate underline demand pledge threaten wonder plead murmur
    sigh interject charge question tout brag scoff gush rave cry laugh point go read
    describe call label dub quote type text email blast slam criticize criticise accuse
    mock sneer tease thunder grumble rail fume concur posit highlight recommend advise
    inform assure remind pray preach shoot fire hit write react muse recite rant reason
    cast portray paint brand answer bark confess retaliate repeat affirm""".split()
)
# Verbs that say only with "as": "cast the candidate as “divisive, stupid and wrong”", not
# "cast a vote" or "painted the fence".
_AS_VERBS = frozenset({"cast", "portray", "paint", "brand"})
_PARTICLE_VERBS = {"go": "on", "point": "out", "fire": "back", "shoot": "back", "hit": "back"}


def is_speech_verb(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if lemma not in SPEECH_LEMMAS or not tok.tag_.startswith("VB"):
        return False
    particle = _PARTICLE_VERBS.get(lemma)
    if particle is not None:
        return any(c.dep_ in ("prt", "advmod") and c.lower_ == particle for c in tok.children)
    if lemma in _AS_VERBS:
        return any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children)
    if lemma == "call" and any(c.dep_ in ("prep", "prt") and c.lower_ in ("for", "on") for c in tok.children):
        return False  # "those calling for his withdrawal": a demand, not words spoken
    return True

"""Quotes the extractor used to miss or find wrongly (PolNeAR train errors), on hand-written text."""

from __future__ import annotations

from newsdigest.quotes import extract_quotes, find_marked_spans, scan_quotes


def _texts(text: str) -> list[str]:
    return [q.text for q in extract_quotes(text)]


def test_a_short_exclamation_before_its_speech_verb_is_a_quote() -> None:
    # The parser hangs “Mexico!” on nothing; the layout still says the crowd screamed it.
    text = (
        "Tomasz Wielgus asked the crowd who would pay for the new bridge.\n\n"
        "“Mexico!” the audience screamed back.\n\n"
        "“I’m honored!” Maria Lindqvist said after the vote."
    )
    found = _texts(text)
    assert "Mexico!" in found
    assert "I’m honored!" in found
    [q] = [q for q in extract_quotes(text) if q.text == "I’m honored!"]
    assert q.speaker == "Maria Lindqvist"


def test_a_short_term_inside_a_sentence_stays_a_scare_quote() -> None:
    # Not at the start of its sentence: the verb after it does not say it.
    text = "Wielgus, who calls the plan a “disgrace,” said he would vote against it on Friday."
    assert "disgrace," not in _texts(text)


def test_a_short_sentence_of_its_own_after_a_named_speakers_quote_is_kept() -> None:
    text = (
        "“It is taxing on the harbour’s budget,” Margaret Okonjo said. “Big time.” "
        "The authority plans to borrow more next year."
    )
    quotes = {q.text: q.speaker for q in extract_quotes(text)}
    assert quotes.get("Big time.") == "Margaret Okonjo"


def test_a_closing_mark_typed_to_open_an_excerpt_with_an_ellipsis() -> None:
    text = (
        "The paper was blunt about the mayor.\n\n"
        "” … the canal has already left the station,” wrote the Harbour Gazette. "
        "“The mayor has no plan.”"
    )
    spans, dropped = find_marked_spans(text)
    inner = [text[s.start : s.end] for s in spans]
    assert "… the canal has already left the station," in inner
    assert not [d for d in dropped if d.reason == "unclosed"]


def test_a_book_title_with_a_subtitle_is_no_quote() -> None:
    text = (
        "According to “The Long Road: Three Decades of Canal Building in the North,” by Jan Smit, "
        "the first lock was finished in 1961."
    )
    scan = scan_quotes(text)
    assert not scan.quotes
    assert [d.reason for d in scan.dropped] == ["title"]


def test_a_headline_quote_after_a_name_and_a_colon() -> None:
    text = (
        "Okonjo: ‘We Will Not Close The Canal Again.’\n\n"
        "Harbour authority chief Margaret Okonjo said on Tuesday that the canal would stay open "
        "through the winter."
    )
    [q] = extract_quotes(text)
    assert q.text == "We Will Not Close The Canal Again."
    assert q.speaker == "Margaret Okonjo"


def test_a_headline_subject_speaks_even_where_the_headline_names_others() -> None:
    text = (
        "Lindqvist on Okonjo Closing The Canal: ‘I Think She Will.’\n\n"
        "Sen. Maria Lindqvist said on Friday she expected the harbour chief to close the canal."
    )
    [q] = extract_quotes(text)
    assert q.text == "I Think She Will."
    assert q.speaker == "Maria Lindqvist"


def test_a_colon_after_a_clause_whose_subject_is_a_pronoun_gives_that_person() -> None:
    text = (
        "“We will keep the canal open,” Margaret Okonjo said on Tuesday.\n\n"
        "She then turned to the shippers again: “Here is what I regret. "
        "I regret that nobody asked the harbour first.”"
    )
    quotes = {q.text: q.speaker for q in extract_quotes(text)}
    assert quotes.get("Here is what I regret. I regret that nobody asked the harbour first.") == "Margaret Okonjo"


def test_a_headline_label_before_the_colon_is_no_speaker() -> None:
    for label in ("Poll", "Watch", "Exclusive", "Breaking"):
        text = (
            f"{label}: ‘We Will Not Close The Canal Again.’\n\n"
            "The harbour authority said on Tuesday that the canal would stay open through the winter."
        )
        assert not [q for q in extract_quotes(text) if q.speaker == label], label

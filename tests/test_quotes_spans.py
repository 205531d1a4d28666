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


def test_the_first_piece_of_an_interrupted_sentence_is_speech_not_a_title() -> None:
    text = (
        "Maria Lindqvist spoke at the harbour on Monday.\n\n"
        '"As Mayor," she said, "I will keep the canal open all winter."\n\n'
        "On the Harbour Gazette’s “Morning Tide Show,” Lindqvist said the canal would stay open."
    )
    scan = scan_quotes(text)
    quotes = {d.quote.text: d.quote.speaker for d in scan.quotes}
    assert quotes.get("As Mayor,") == "Maria Lindqvist"
    british = "Maria Lindqvist spoke at the harbour.\n\n‘Your Honour’, she said, ‘my client has done nothing wrong.’"
    assert {d.quote.text: d.quote.speaker for d in scan_quotes(british).quotes}.get("Your Honour") == "Maria Lindqvist"
    # A show's name inside a sentence stays a title.
    assert "Morning Tide Show," not in quotes
    assert [text[d.start : d.end] for d in scan.dropped if d.reason == "title"] == ["Morning Tide Show,"]


def test_a_headline_speaks_only_through_a_person() -> None:
    """A topic, a place or a title before the colon is no speaker; a title before a name is
    skipped; a quote the article gives again with its speaker is not the headline's."""
    cases = {
        "Brexit: ‘No deal is better than a bad deal.’": "",
        "Wall Street: ‘Markets are pricing in a rate cut.’": "Wall Street",  # the colon's own reading
        "Apple results: ‘Our best quarter ever for iPhone.’": "",
        "Good Morning Britain: ‘We Have Had Enough of Politicians.’": "",
        "Prime Minister Margaret Okonjo: ‘We will keep the canal open.’": "Margaret Okonjo",
        "In a statement on Tuesday: ‘We are deeply saddened by the news.’": "",
    }
    for head, speaker in cases.items():
        text = head + "\n\nThe harbour authority met on Tuesday and Margaret Okonjo spoke."
        found = {q.speaker for q in extract_quotes(text) if q.start < len(head)}
        assert found == ({speaker} if speaker else set()), head
    text = (
        "Brexit: ‘We will leave on 31 October.’\n\n"
        "“We will leave on 31 October,” Boris Johnson said on Tuesday."
    )
    assert [(q.text, q.speaker) for q in extract_quotes(text)] == [("We will leave on 31 October,", "Boris Johnson")]


def test_a_short_term_after_a_speech_verb_inside_a_clause_stays_a_scare_quote() -> None:
    text = (
        "The minister said Tuesday, “levelling up” remains the priority.\n\n"
        "The minister said Tuesday, “We will level up.”"
    )
    assert [q.text for q in extract_quotes(text)] == ["We will level up."]


def test_what_a_headline_puts_after_on_is_its_topic_not_its_speaker() -> None:
    text = (
        "Harbour Chief On Lindqvist: ‘We Do Not Pay Mayors To Open Canals.’\n\n"
        "Sen. Maria Lindqvist spoke on Tuesday."
    )
    [q] = extract_quotes(text)
    assert (q.speaker, q.role) == ("", "Harbour Chief")

"""Live blogs ("The Latest: …"): timed entries, newest first, told oldest first after the lede.

The blog is shaped like AP's running files in the PolNeAR set (a "The Latest on …" line,
then entries under a time of day, between rules of underscores), with invented events. The
analyses are written by hand so the sentence spans are exactly the ones each case needs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdigest.records import Article
from newsdigest.write import write_digest
from newsdigest.write.candidates import prepare
from newsdigest.write.liveblog import live_blog
from write_helpers import hand_analysis

T0 = datetime(2026, 3, 10, 14, tzinfo=UTC)

BLOG = (
    "KESTREL CITY (AP) — The Latest on the governor's water plan (all times local):\n\n"
    "6:05 p.m.\n\n"
    "Farmers in the Orrin Valley are giving away free bottled water to protest Governor Isabel Carrow's "
    "desalination plant and water rationing for lawns outside the state Capitol.\n\n"
    "The Orrin Valley Growers Association handed out several thousand bottles to commuters on Tuesday.\n\n"
    "___\n\n"
    "3:40 p.m.:\n\n"
    "Republican leaders in the state Senate say the desalination plant would cost far more than "
    "lawmakers can afford.\n\n"
    "Senate Minority Leader Tom Brandt says his caucus will offer a cheaper plan of its own next week.\n\n"
    "___\n\n"
    "11:15 a.m.\n\n"
    "Governor Isabel Carrow has proposed building a desalination plant on the coast and rationing "
    "lawn sprinklers in every county.\n\n"
    "Carrow announced the plan at the state Capitol, calling the water shortage the state's most urgent crisis.\n"
)
BLOG_NAMES = {"Isabel Carrow": "PERSON", "Carrow": "PERSON", "Tom Brandt": "PERSON", "Kestrel City": "GPE",
              "Orrin Valley": "LOC"}
REPORT = (
    "Governor Isabel Carrow on Tuesday proposed a desalination plant on the coast and water rationing "
    "for lawns, calling the water shortage the state's most urgent crisis.\n\n"
    "Republican leaders in the state Senate said the desalination plant would cost too much.\n\n"
    "Farmers in the Orrin Valley protested the rationing outside the state Capitol."
)


def _blog(hours: float = 0) -> Article:
    return Article(id="blog", text=BLOG, url="https://example.org/latest", source="Test Wire",
                   title="The Latest: Farmers give away water to protest plan", published=T0 + timedelta(hours=hours))


def test_stamps_make_entries_newest_first() -> None:
    blog = live_blog(BLOG)
    assert blog is not None and blog.entries == 3
    assert blog.place(BLOG.index("Farmers in")) == 3  # the newest entry, on top
    assert blog.place(BLOG.index("Senate Minority")) == 2
    assert blog.place(BLOG.index("Governor Isabel Carrow has")) == 1
    assert blog.place(0) == 3  # the "The Latest on …" line goes with the first entry
    # Past midnight: "12:10 a.m." above "11:50 p.m." is ten minutes later, not a day earlier.
    assert live_blog("Intro.\n\n12:10 a.m.\n\nC.\n\n11:50 p.m.\n\nB.\n\n11 p.m.\n\nA.\n") is not None


def test_what_is_no_blog() -> None:
    # Times that run forward: a schedule, or a blog oldest first, read in their own order already.
    assert live_blog("Intro line.\n\n9 a.m.\n\nOne.\n\n10:30 a.m. EDT\n\nTwo.\n\n1:05 p.m.:\n\nThree.\n") is None
    # Two times on lines of their own are an article's own times, not a blog's entries; a time
    # inside a sentence is no stamp at all, nor is an hour and its "am" on lines apart.
    assert live_blog("Polls close at\n\n9 p.m.\n\nand results follow at\n\n8 p.m.\n") is None
    assert live_blog("Polls close at 10 p.m. Results at 9 p.m. The count at 8 p.m. ends it.\n") is None
    assert live_blog("x\n10\nam\ny\n9\nam\nz\n8\n am\n") is None


def test_story_reads_a_blog_entry_by_entry() -> None:
    art = _blog()
    story = prepare([art], {"blog": hand_analysis(art, BLOG_NAMES)}, {})
    entries = {s.text[:20]: story.reading("blog", s.index)[0] for s in story.usable}
    assert entries == {"Farmers in the Orrin": 3, "The Orrin Valley Gro": 3, "Republican leaders i": 2,
                       "Senate Minority Lead": 2, "Governor Isabel Carr": 1, "Carrow announced the": 1}
    other = Article(id="r", text=REPORT, title="Governor proposes desalination plant", published=T0)
    plain = prepare([other], {"r": hand_analysis(other, BLOG_NAMES)}, {})
    assert all(plain.reading("r", s.index) == (0, s.index) for s in plain.usable)


def test_lone_blog_leads_on_its_newest_entry_and_tells_the_rest_in_time_order() -> None:
    art = _blog()
    d = write_digest(1, [art], {"blog": hand_analysis(art, BLOG_NAMES)})
    text = " ".join(p.text for p in d.paragraphs)
    assert d.lede.startswith("Farmers in the Orrin Valley are giving away free bottled water")
    # The lede's own entry goes on first; then the day from its start: the plan before the
    # reaction to it, not the file's newest-first order.
    assert text.index("The Orrin Valley Growers") < text.index("has proposed building")
    assert text.index("has proposed building") < text.index("Republican leaders in the state Senate say")
    assert d.headline.startswith("Farmers give away water")  # its title names the entry that leads


def test_a_blog_title_names_its_newest_entry_only() -> None:
    # The report leads; the blog's title tells of its newest entry, the farmers' protest, not of
    # the story. A report's title, even a label, names the story better.
    blog = _blog(hours=2)
    report = Article(id="r", text=REPORT, url="https://example.org/r", source="Other Paper",
                     title="The governor's answer to the drought", published=T0)
    analyses = {a.id: hand_analysis(a, BLOG_NAMES) for a in (blog, report)}
    d = write_digest(1, [blog, report], analyses)
    assert d.lede.startswith("Governor Isabel Carrow on Tuesday proposed a desalination plant")
    assert "Farmers give away water" not in d.headline
    # Its entries are still told, oldest first.
    text = " ".join(p.text for p in d.paragraphs)
    assert "Farmers in the Orrin Valley" in text

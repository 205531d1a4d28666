"""Live blogs: an article made of timed entries ("The Latest: …", AP's running files).

A live blog posts its entries under a time of day on a line of its own ("6:01 p.m.",
"11:45 a.m.:"), newest first as AP writes them (some outlets run the other way). Its title
names only the newest entry ("The Latest: Cruz to give away engraved shotgun" over a day of
Obama's gun actions): it is the story's headline only when that entry leads the digest. Its
newest entry leads as an article's opening does; the rest of the day is told entry by entry,
oldest first (``LiveBlog.place``), so that the announcement comes before the reactions to it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# A time of day alone on its line: "6:01 p.m.", "11:45 a.m.:", "2 p.m.", "9:30 PM EDT".
_STAMP = re.compile(
    r"^[ \t]*(?P<h>1[0-2]|0?[1-9])(?::(?P<m>[0-5]\d))?[ \t]*(?P<ap>[ap])\.?[ \t]*m\b\.?"
    r"(?:[ \t]+(?:[ECMP][SD]?T|GMT|UTC|local(?: time)?))?[ \t]*[:.]?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# Fewer stamps than this are an article's own times ("Polls close at 8 p.m." on a line is none).
MIN_ENTRIES = 3
_DAY, _HALF_DAY = 24 * 60, 12 * 60


@dataclass(frozen=True, slots=True)
class LiveBlog:
    """Where each entry's stamp line starts, in text order (newest first)."""

    starts: tuple[int, ...]

    @property
    def entries(self) -> int:
        return len(self.starts)

    def place(self, offset: int) -> int:
        """The entry holding the character at ``offset``, counted oldest first from 1. What
        comes before the first stamp goes with the first entry: the file's "The Latest on …"
        line, or an entry whose time was mistyped ("9L15 p.m.")."""
        k = max(1, bisect.bisect_right(self.starts, offset))  # entries starting at or before offset
        return self.entries - k + 1


def _minutes(m: re.Match[str]) -> int:
    hour = int(m["h"]) % 12 + (12 if m["ap"].lower() == "p" else 0)
    return hour * 60 + int(m["m"] or 0)


def live_blog(text: str) -> LiveBlog | None:
    """The article's entries, or None when it is no live blog: fewer than ``MIN_ENTRIES``
    stamp lines, or stamps that do not run newest first. A step of more than twelve hours is
    the turn past midnight ("12:10 a.m." above "11:50 p.m." goes back ten minutes). A file whose
    times run forward (a schedule's "7 a.m." … "9 p.m.", an oldest-first blog) reads in its own
    order already."""
    stamps = list(_STAMP.finditer(text))
    if len(stamps) < MIN_ENTRIES:
        return None
    times = [_minutes(m) for m in stamps]
    steps = [(b - a) % _DAY for a, b in zip(times, times[1:])]
    back = sum(step > _HALF_DAY for step in steps)
    forward = sum(0 < step <= _HALF_DAY for step in steps)
    return LiveBlog(tuple(m.start() for m in stamps)) if back > forward else None

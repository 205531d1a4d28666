"""The article JSONL format (DESIGN.md §4): read with line-numbered errors, write back."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import IO, Any

from .errors import ImportLineError
from .records import Article
from .serialize import article_dict

MAX_LINE_CHARS = 5_000_000
_FIELDS = {"id": str, "url": str, "source": str, "title": str, "text": str, "published": str, "lang": str}


def _date(value: str | None, line_no: int) -> tuple[datetime | None, int | None]:
    """The UTC time, and the UTC offset it was written with (None without one: taken as UTC)."""
    if value in (None, ""):
        return None, None
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ImportLineError(f"import: line {line_no}: 'published' is not an ISO-8601 date: {value!r}", line_no=line_no) from None
    offset = dt.utcoffset()
    if offset is None:
        return dt.replace(tzinfo=UTC), None
    try:
        return dt.astimezone(UTC), int(offset.total_seconds() // 60)
    except OverflowError:
        raise ImportLineError(f"import: line {line_no}: 'published' is out of range: {value!r}", line_no=line_no) from None


# What a byte that is not UTF-8 becomes when the file is read with errors="surrogateescape".
_UNDECODABLE = re.compile("[\udc80-\udcff]")


def parse_line(line: str, line_no: int, *, fetched: datetime | None = None) -> Article:
    """One JSONL line → Article, or ImportLineError saying what is wrong and where."""
    if len(line) > MAX_LINE_CHARS:
        raise ImportLineError(f"import: line {line_no}: longer than {MAX_LINE_CHARS} characters", line_no=line_no)
    if bad := _UNDECODABLE.search(line):
        raise ImportLineError(
            f"import: line {line_no}: not UTF-8 (byte 0x{ord(bad.group()) - 0xDC00:02X} at column {bad.start() + 1});"
            " convert the file to UTF-8 first", line_no=line_no)
    try:
        obj: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ImportLineError(f"import: line {line_no}: not JSON ({exc.msg} at column {exc.colno})", line_no=line_no) from None
    except RecursionError:
        raise ImportLineError(f"import: line {line_no}: JSON nested too deeply", line_no=line_no) from None
    if not isinstance(obj, dict):
        raise ImportLineError(f"import: line {line_no}: expected a JSON object, got {type(obj).__name__}", line_no=line_no)
    if isinstance(obj.get("id"), (int,)) and not isinstance(obj.get("id"), bool):
        obj["id"] = str(obj["id"])
    for key, typ in _FIELDS.items():
        if obj.get(key) is not None and not isinstance(obj[key], typ):
            raise ImportLineError(f"import: line {line_no}: '{key}' must be a string", line_no=line_no)
        try:
            (obj.get(key) or "").encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate ("\ud800"): no database can store it
            raise ImportLineError(f"import: line {line_no}: '{key}' holds an invalid \\u escape (lone surrogate)", line_no=line_no) from None
    art_id = (obj.get("id") or "").strip()
    text = obj.get("text") or ""
    if not art_id:
        raise ImportLineError(f"import: line {line_no}: 'id' is required", line_no=line_no)
    if len(art_id) > 200:
        raise ImportLineError(f"import: line {line_no}: 'id' longer than 200 characters", line_no=line_no)
    if not text.strip():
        raise ImportLineError(f"import: line {line_no}: 'text' is required (id {art_id})", line_no=line_no)
    published, offset = _date(obj.get("published"), line_no)
    return Article(
        id=art_id,
        text=text,
        url=(obj.get("url") or "").strip(),
        source=(obj.get("source") or "").strip(),
        title=(obj.get("title") or "").strip(),
        published=published,
        utc_offset_minutes=offset,
        fetched=fetched or datetime.now(UTC),
        language=(obj.get("lang") or "en").strip() or "en",
    )


def read_articles(lines: Iterable[str]) -> Iterator[Article | ImportLineError]:
    """Every good line as an Article, every bad one as its error, in file order. Blank lines are skipped."""
    fetched = datetime.now(UTC)
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield parse_line(line, line_no, fetched=fetched)
        except ImportLineError as err:
            yield err


def write_articles(articles: Iterable[Article], out: IO[str]) -> int:
    n = 0
    for a in articles:
        out.write(json.dumps(article_dict(a), ensure_ascii=False) + "\n")
        n += 1
    return n

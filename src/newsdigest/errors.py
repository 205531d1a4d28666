"""The one error tree. Messages start with the component and name the URL or id.

    NewsdigestError
     ├── ConfigError            bad setting value or settings file
     ├── StorageError           database unreachable, migration failed
     ├── SourceError            a source refused (bad URL, duplicate)
     ├── FetchError             anything that stops one fetch; has ``reason``
     │    ├── BlockedURL         the gate refused the URL (scheme, address)
     │    ├── RobotsDisallowed   robots.txt forbids it
     │    ├── TooLarge           body over the size cap
     │    ├── FetchTimeout       connect/read/total timeout
     │    └── HTTPStatusError    4xx/5xx answer
     ├── FeedError              bytes are not a feed we can read
     ├── ExtractError           page yields no article text
     ├── ImportLineError        one bad JSONL line; has ``line_no``
     └── NotFound               a story, digest or source that is not there
"""

from __future__ import annotations


class NewsdigestError(Exception):
    """Base class; ``str(err)`` is the user-facing message."""

    reason = "error"


class ConfigError(NewsdigestError):
    reason = "config"


class StorageError(NewsdigestError):
    reason = "storage"


class PacingError(StorageError):
    """The database failed while a fetch took its host's turn: the fetch is put off and
    retried whole (a page's own trouble is recorded on the page, this is not the page's)."""


class SourceError(NewsdigestError):
    reason = "source"


class FetchError(NewsdigestError):
    """One fetch failed; ``reason`` is a short machine word counted per run."""

    reason = "fetch_error"

    def __init__(self, message: str, *, url: str = "", reason: str | None = None) -> None:
        super().__init__(message)
        self.url = url
        if reason:
            self.reason = reason


class BlockedURL(FetchError):
    reason = "blocked"


class RobotsDisallowed(FetchError):
    reason = "robots"


class TooLarge(FetchError):
    reason = "too_large"


class FetchTimeout(FetchError):
    reason = "timeout"


class HTTPStatusError(FetchError):
    reason = "http_status"

    def __init__(self, message: str, *, url: str = "", status: int = 0, retry_after: float | None = None) -> None:
        super().__init__(message, url=url)
        self.status = status
        self.retry_after = retry_after


class FeedError(NewsdigestError):
    reason = "not_a_feed"


class ExtractError(NewsdigestError):
    reason = "no_text"


class ImportLineError(NewsdigestError):
    reason = "bad_line"

    def __init__(self, message: str, *, line_no: int) -> None:
        super().__init__(message)
        self.line_no = line_no


class NotFound(NewsdigestError):
    reason = "not_found"
